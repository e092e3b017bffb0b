"""The final assessment: selection from the banks, scoring, the self-reported record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coursekit import assessment
from coursekit.course import chapter_slugs
from coursekit.loader import load_banks

ROOT = Path(__file__).resolve().parents[1]
BANKS = load_banks([ROOT / "quizzes"])
ORDER = chapter_slugs(ROOT)


def test_selection_covers_every_objective_of_every_chapter_at_least_30_questions():
    bank, meta = assessment.assessment_bank(BANKS, ORDER)
    assert len(bank.questions) >= assessment.MIN_QUESTIONS
    covered = {o for q in bank.questions for o in q.objectives}
    for slug in ORDER:
        assert set(BANKS[slug].objectives) <= covered, slug
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids)), "no question twice"
    # Drawn from the banks, not copied: each is the very question of its chapter's bank.
    for q in bank.questions:
        assert q in BANKS[meta["question_chapter"][q.id]].questions


def test_score_breaks_down_by_chapter_and_objective():
    bank, meta = assessment.assessment_bank(BANKS, ORDER)
    first_chapter = ORDER[0]
    right = {q.id for q in bank.questions if meta["question_chapter"][q.id] == first_chapter}
    result = assessment.score(meta, right)
    assert result["right"] == len(right) and result["total"] == len(bank.questions)
    r, t = result["by_chapter"][first_chapter]
    assert r == t == len(right)
    assert all(r == 0 for c, (r, t) in result["by_chapter"].items() if c != first_chapter)
    assert result["passed"] is (len(right) / len(bank.questions) >= assessment.PASS_MARK)
    assert assessment.score(meta, {q.id for q in bank.questions})["passed"] is True


def test_record_is_self_reported_and_escaped():
    bank, meta = assessment.assessment_bank(BANKS, ORDER)
    result = assessment.score(meta, {q.id for q in bank.questions})
    data = assessment.record(meta, result, "  Ana <b>Li</b> ", when=date(2026, 11, 26))
    assert data["name"] == "Ana <b>Li</b>" and data["date"] == "2026-11-26"
    assert "self-reported" in data["self_reported"]
    page = assessment.record_html(data)
    assert "<b>Li</b>" not in page and "&lt;b&gt;Li&lt;/b&gt;" in page and "self-reported" in page
    json.dumps(data)  # JSON-able


def test_static_markup_carries_the_scoring_map():
    page = assessment.render_assessment_html(BANKS, ORDER)
    assert 'class="ck-final"' in page and 'class="ck-quiz"' in page
    meta = json.loads(page.split('class="ck-final-data">', 1)[1].split("</script>", 1)[0])
    assert meta["pass_mark"] == assessment.PASS_MARK and len(meta["question_chapter"]) >= 30
