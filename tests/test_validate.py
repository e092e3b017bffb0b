"""`coursekit check`: the whole course in one command, each file by its own rules, every
problem as path:line: where: message, on a throw-away copy of the course."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.validate import check_course, check_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    for name in ("_toc.yml", "references.bib"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for folder in ("book", "notebooks", "quizzes", "data", "scenarios", "assessment", "instructor"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coursekit", "check", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_whole_course_passes_and_says_what_it_checked(course):
    done = run_check(course)
    assert done.returncode == 0, done.stderr[-3000:]
    for kind in ("12 banks", "1 scenario", "4 agendas", "data files", "pages", "references"):
        assert kind in done.stdout


def test_each_file_is_checked_by_its_own_rules(course):
    # A scenario is not read as a quiz bank (that gave nine "unknown field" errors).
    assert check_paths([course / "scenarios" / "hospital-ransomware.yml"]).issues == []
    assert check_paths([course / "instructor" / "agendas.yml"]).counts == {"agenda": 4}
    assert check_paths([course / "data"]).issues == []


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_mistake_is_located(course):
    _edit(course / "notebooks" / "history.ipynb", 'show_quiz(\\"history\\", \\"check-2\\")', 'show_quiz(\\"history\\", \\"final\\")')
    _edit(course / "notebooks" / "un-system.ipynb", 'show_quiz(\\"un-system\\", \\"check-1\\")', 'show_quiz(\\"un-system\\", \\"check-9\\")')
    _edit(course / "_toc.yml", "book/setup", "book/set-up")
    (course / "data" / "norms.md").unlink()
    csv_text = (course / "data" / "schedule.csv").read_text(encoding="utf-8").splitlines()
    csv_text[2] = csv_text[2].replace("VERIFIED", "MAYBE")
    (course / "data" / "schedule.csv").write_text("\n".join(csv_text) + "\n", encoding="utf-8")
    scenario = course / "scenarios" / "hospital-ransomware.yml"
    _edit(scenario, "nodes:\n", "nodes:\n  spare:\n    text: A node.\n    ending: good\n  spare:\n    text: Again.\n    ending: good\n")
    issues = check_course(course).issues
    text = "\n".join(str(i) for i in issues)
    assert f"{course / 'notebooks' / 'history.ipynb'}:" in text and "the final-assessment pool is never shown as a chapter quiz" in text
    assert "show_quiz('un-system', 'check-9'): no such group" in text
    assert f"{course / '_toc.yml'}:8: book/set-up: expected one .md or .ipynb file for this entry, found 0" in text
    assert f"{course / 'data' / 'norms.csv'}:1: (data): no provenance sidecar: add norms.md" in text
    assert f"{course / 'data' / 'schedule.csv'}:3: " in text and "got 'MAYBE'" in text
    assert "key 'spare' appears twice" in text
    assert all(i.line >= 1 for i in issues)
    done = run_check(course)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().endswith(f"{len(issues)} problems in 6 files")
