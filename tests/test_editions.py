"""Two editions of the book: the learner book provably holds no answer key, the
instructor edition holds one for every quiz bank and the tabletop, both build strictly."""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from coursekit.agendas import load_plans
from coursekit.course import Notebook
from coursekit.instructor import KEY_CLASS
from coursekit.loader import load_banks
from coursekit.tabletop import load_scenario

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.build


def _text(page: Path) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _instructor_sentences() -> list[str]:
    """Long sentences of the instructor pages that no learner source contains (a chapter
    and its notes may share a phrase): none of these may appear in the learner book."""
    sources = [*(ROOT / "book").glob("*.md"), *(ROOT / "quizzes").glob("*.yml"), *(ROOT / "data").glob("*.*"),
               *(ROOT / "scenarios").glob("*.yml"), ROOT / "references.bib"]
    learner = _flat(" ".join([Notebook.read(p).markdown for p in (ROOT / "notebooks").glob("*.ipynb")]
                             + [p.read_text(encoding="utf-8") for p in sources]))
    found = []
    for page in (ROOT / "instructor").rglob("*.md"):
        for sentence in re.findall(r"(?:^|(?<=\. )|(?<= - ))[A-Z][a-z][^.{}`\[\]]{60,}\.", _flat(page.read_text(encoding="utf-8"))):
            if _flat(sentence) not in learner:
                found.append(_flat(sentence))
    return found


def test_instructor_edition_builds_strictly(built_instructor):
    assert built_instructor["code"] == 0, built_instructor["output"][-4000:]
    warnings = [line for line in built_instructor["output"].splitlines() if "WARNING: " in line or "ERROR: " in line]
    assert warnings == []


def test_learner_book_contains_no_answer_key(built_book, built_instructor):
    html = built_book["html"]
    assert built_book["code"] == 0
    assert not (html / "instructor").exists()
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 10
    everything = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    everything += (html / "searchindex.js").read_text(encoding="utf-8")
    assert KEY_CLASS not in everything
    for marker in ("What good answers mention", "Facilitation notes", "Role cards", "Facilitator guide", "Instructor edition"):
        assert marker not in everything, marker
    sentences = _instructor_sentences()
    assert len(sentences) > 100
    text = _flat(" ".join(_text(p) for p in pages))
    assert [s for s in sentences if s in text] == []
    # Not vacuous: the same sentences are found in the instructor edition's pages.
    instructor_text = _flat(" ".join(_text(p) for p in (built_instructor["html"] / "instructor").rglob("*.html")))
    assert sum(s in instructor_text for s in sentences) > max(100, len(sentences) // 2)  # markup makes the rest differ


def test_instructor_edition_has_every_key(built_instructor):
    html = built_instructor["html"]
    for slug, bank in load_banks([ROOT / "quizzes"]).items():
        page = (html / "instructor" / "chapters" / f"{slug}.html").read_text(encoding="utf-8")
        assert KEY_CLASS in page
        missing = [q.id for q in bank.questions if f'id="key-{q.id}"' not in page]
        assert missing == [], f"{slug}: no key for {missing}"
    scenario = load_scenario(ROOT / "scenarios" / "hospital-ransomware.yml")
    tabletop = (html / "instructor" / "tabletop.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td><code>([a-z0-9-]+)</code></td>", tabletop)
    assert sorted(set(rows)) == sorted(scenario.decision_points)
    assert len(rows) == sum(len(scenario.nodes[n].choices) for n in scenario.decision_points)
    agendas = _text(html / "instructor" / "agendas.html")
    for plan in load_plans(ROOT):
        assert plan.agenda.title in agendas


def test_handouts_print_cleanly_and_hold_no_answers(built_instructor):
    html = built_instructor["html"] / "instructor" / "handouts"
    banks = load_banks([ROOT / "quizzes"])
    for page in html.glob("*.html"):
        assert 'coursekit-print.css' in page.read_text(encoding="utf-8"), page.name
    quizzes = (html / "quizzes.html").read_text(encoding="utf-8")
    assert KEY_CLASS not in quizzes and "ck-data" not in quizzes
    # Practice questions only: the final-assessment pool never goes on paper for learners.
    assert quizzes.count('class="ck-handout-question"') == sum(len(b.practice_questions) for b in banks.values())
    explanations = [q.explanation.strip().split(". ")[0] for b in banks.values() for q in b.practice_questions]
    assert not [e for e in explanations if len(e) > 40 and e in _text(html / "quizzes.html")]
    # Learner pages never load the print stylesheet.
    assert "coursekit-print.css" not in (built_instructor["html"] / "notebooks" / "history.html").read_text(encoding="utf-8")


CONF = """
extensions = ["myst_parser", "coursekit.sphinx_ext"]
html_theme = "sphinx_book_theme"  # the theme the book uses (coursekit sets its code colours)
exclude_patterns = ["_build", "quizzes"]
"""


@pytest.mark.parametrize("edition, ok", [("learner", False), ("instructor", True)])
def test_answer_keys_render_only_in_the_instructor_edition(tmp_path, edition, ok):
    """An answer key placed on a page of the learner book fails its strict build."""
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "history.yml").write_bytes((ROOT / "quizzes" / "history.yml").read_bytes())
    (tmp_path / "index.md").write_text("# Page\n\n```{coursekit-answer-key} history\n```\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-D", f"coursekit_edition={edition}",
                             str(tmp_path), str(tmp_path / "_build")], capture_output=True, text=True)
    built = tmp_path / "_build" / "index.html"
    if ok:
        assert result.returncode == 0, result.stderr
        assert KEY_CLASS in built.read_text(encoding="utf-8")
    else:
        assert result.returncode != 0
        assert "coursekit-answer-key shows answers: it is allowed only in the instructor edition" in result.stderr
        assert not built.exists() or KEY_CLASS not in built.read_text(encoding="utf-8")


def test_model_answers_are_closed_for_learners_and_open_for_instructors(built_book, built_instructor):
    """Every chapter page carries its model answers behind a closed disclosure in the learner
    book; the instructor edition shows the same disclosures open."""
    closed, opened = '<details class="ck-model-answer">', '<details class="ck-model-answer" open>'
    counted = 0
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        expected = Notebook.read(notebook).markdown.count(closed)
        learner = (built_book["html"] / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        instructor = (built_instructor["html"] / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert expected >= 5, notebook.stem
        assert (learner.count(closed), learner.count(opened)) == (expected, 0), notebook.stem
        assert (instructor.count(closed), instructor.count(opened)) == (0, expected), notebook.stem
        counted += expected
    assert counted >= 100
