"""The ``coursekit`` command line: exit codes, report format, no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from coursekit.cli import main, render_schema

FIXTURES = Path(__file__).parent / "fixtures" / "quizzes"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good" / "good-bank.yml"
ISSUE_LINE = re.compile(r"^(?P<path>[^:]+\.ya?ml):(?P<line>\d+): (?P<where>[^:]+): .+$")


def test_check_good_bank(capsys):
    # The engine's fixture banks are checked for structure; quality rules have their own tests.
    assert main(["check", "--structure-only", str(GOOD)]) == 0
    out, err = capsys.readouterr()
    assert out == "OK: 1 bank, 7 questions (structure only)\n"
    assert err == ""


def test_check_good_folder(capsys):
    assert main(["check", "--structure-only", str(GOOD.parent)]) == 0
    assert capsys.readouterr().out == "OK: 1 bank, 7 questions (structure only)\n"


def test_check_bad_file_prints_every_issue_and_a_count(capsys):
    path = BAD / "several-defects.yml"
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == ""
    assert lines[-1] == "6 problems in 1 file"
    issues = [ISSUE_LINE.match(line) for line in lines[:-1]]
    assert all(issues), lines
    assert [m["path"] for m in issues] == [str(path)] * 6
    assert [int(m["line"]) for m in issues] == [4, 8, 17, 25, 28, 33]
    assert lines[2] == f"{path}:17: q-one: unknown field 'feedbak'"


def test_check_bad_folder_reports_each_file(capsys):
    assert main(["check", str(BAD), str(GOOD)]) == 1
    err = capsys.readouterr().err.splitlines()
    files = sorted(BAD.glob("*.yml"))
    assert err[-1] == f"{len(err) - 1} problems in {len(files)} files"
    assert {ISSUE_LINE.match(line)["path"] for line in err[:-1]} == {str(f) for f in files}


def test_missing_path_exits_2_without_traceback(capsys, tmp_path):
    missing = tmp_path / "no-such-folder"
    assert main(["check", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert err == f"coursekit check: no such file or folder: {missing}\n"
    assert "Traceback" not in out + err


def test_default_path_is_quizzes(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2  # no ./quizzes here
    assert "no such file or folder: quizzes" in capsys.readouterr().err
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "good-bank.yml").write_bytes(GOOD.read_bytes())
    assert main(["check", "--structure-only"]) == 0
    assert capsys.readouterr().out == "OK: 1 bank, 7 questions (structure only)\n"


def test_empty_folder_warns_but_passes(capsys, tmp_path):
    assert main(["check", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "OK: 0 banks, 0 questions\n"
    assert "warning: no course files" in err


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["schema", "--nope"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


def test_schema_to_stdout_and_file(capsys, tmp_path):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == render_schema()
    target = tmp_path / "schema.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "Quiz bank"
    assert target.read_bytes() == render_schema().encode("utf-8")


def test_schema_to_unwritable_place_exits_2(capsys, tmp_path):
    assert main(["schema", "--output", str(tmp_path / "no-dir" / "schema.json")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_console_script_and_python_m():
    # The installed entry point and `python -m coursekit` run the same main().
    script = Path(sys.executable).parent / "coursekit"
    for command in ([str(script)], [sys.executable, "-m", "coursekit"]):
        ok = subprocess.run([*command, "check", "--structure-only", str(GOOD)], capture_output=True, text=True, timeout=120)
        assert (ok.returncode, ok.stdout, ok.stderr) == (0, "OK: 1 bank, 7 questions (structure only)\n", "")
        bad = subprocess.run([*command, "check", str(BAD / "missing-prompt.yml")], capture_output=True, text=True, timeout=120)
        assert bad.returncode == 1
        assert bad.stderr.splitlines() == [
            f"{BAD / 'missing-prompt.yml'}:16: q-two: missing field 'prompt'",
            "1 problem in 1 file",
        ]


def test_bundles_refuse_a_missing_book_with_a_clear_message_and_write_nothing(capsys, tmp_path):
    out = tmp_path / "release"
    for command in ("offline", "scorm"):
        assert main([command, "--html", str(tmp_path / "no-book"), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"coursekit {command}: " in err and "no built learner book here (run `make book` first)" in err
        assert "Traceback" not in err
    assert main(["release", "--html", str(tmp_path), "--handouts", str(tmp_path / "none"), "--out", str(out)]) == 2
    assert "missing quizzes.pdf, role-cards.pdf, worksheets.pdf (run `make handouts`)" in capsys.readouterr().err
    assert not out.exists()
