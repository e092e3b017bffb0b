"""The final assessment: forms of unseen items, sealing, scoring, the self-reported record.

Engine behaviour is tested on a small made-up bank (tests/browser/final_fixture.yml) so a
content edit cannot break it; the course's own pool is tested for coverage and unseen items.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from coursekit import assessment
from coursekit.course import chapter_slugs
from coursekit.loader import load_bank, load_banks
from coursekit.model import FINAL_GROUP

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = load_bank(Path(__file__).parent / "browser" / "final_fixture.yml")
SMALL = {FIXTURE.chapter: FIXTURE}


def test_forms_cover_every_objective_with_final_items_only_and_differ():
    pool, meta = assessment.assessment_meta(SMALL, [FIXTURE.chapter])
    final_ids = set(FIXTURE.groups[FINAL_GROUP])
    assert len(meta["forms"]) == assessment.FORMS
    for form in meta["forms"]:
        assert set(form) <= final_ids, "only final-pool items, never a practice item"
        assert "seen" not in form
        covered = {o for qid in form for o in FIXTURE.question(qid).objectives}
        assert covered == set(FIXTURE.objectives)
    # A retake draws different items where the pool allows: the first two forms share none.
    assert not set(meta["forms"][0]) & set(meta["forms"][1])


def test_an_objective_without_final_items_does_not_hang_and_is_left_out():
    bank = FIXTURE.model_copy(update={"groups": {**FIXTURE.groups, FINAL_GROUP: ["f-single"]}})
    forms = assessment.make_forms({bank.chapter: bank}, [bank.chapter])
    assert [[q.id for _, q in f] for f in forms] == [["f-single"]]


def test_seal_round_trips_and_hides_the_text():
    data = {"q": {"answer": "SECRET ÄÖ", "n": 4711}}
    sealed = assessment.seal(data)
    assert "SECRET" not in sealed and "4711" not in sealed
    assert assessment.unseal(sealed) == data
    assert assessment.seal(data) == sealed  # byte-stable builds


def test_page_holds_no_answer_before_submission():
    page = assessment.render_assessment_html(SMALL, [FIXTURE.chapter])
    # Every answer-only text in the fixture carries SECRET; the numeric and text keys are unique words.
    for hidden in ("SECRET", "4711", "Zanzibarwort", "Plenipotentiary Conference</label>"):
        assert hidden not in page, hidden
    # The public JSON is the scoring map and interface words: no question data at all.
    public = json.loads(re.search(r'class="ck-final-data">([^<]*)<', page).group(1))
    assert set(public) == {"chapters", "forms", "question_chapter", "question_objectives", "objectives", "pass_mark", "words", "strings"}
    # Ordering items are offered shuffled, never in the answer's order, in every menu.
    menus = re.findall(r'<select id="ck_final_pool_f-ordering_p\d"[^>]*>(.*?)</select>', page)
    assert menus and all(re.findall(r'value="([^"]+)"', m) != ["GGE 2010", "GGE 2013", "GGE 2015"] for m in menus)
    sealed = re.search(r'class="ck-final-sealed">([^<]*)<', page).group(1)
    opened = assessment.unseal(sealed)
    assert opened["f-numeric"]["spec"]["answer"] == 4711
    assert "SECRET" in opened["f-single"]["details"] and "SECRET feedback for ga" in opened["f-single"]["feedback"]


def test_score_breaks_down_by_chapter_and_objective():
    pool, meta = assessment.assessment_meta(SMALL, [FIXTURE.chapter])
    asked = meta["forms"][0]
    result = assessment.score(meta, asked, {asked[0]})
    assert (result["right"], result["total"]) == (1, len(asked))
    assert result["by_chapter"][FIXTURE.chapter] == [1, len(asked)]
    assert sum(t for _, t in result["by_objective"].values()) == sum(len(FIXTURE.question(q).objectives) for q in asked)
    assert result["passed"] is (1 / len(asked) >= assessment.PASS_MARK)
    assert assessment.score(meta, asked, set(asked))["passed"] is True
    assert assessment.score(meta, [], set())["passed"] is False


def test_record_says_what_was_assessed_is_self_reported_and_escaped():
    pool, meta = assessment.assessment_meta(SMALL, [FIXTURE.chapter])
    asked = meta["forms"][0]
    result = assessment.score(meta, asked, set(asked))
    data = assessment.record(meta, result, "  Ana <b>Li</b> ", when=date(2026, 11, 26))
    assert data["name"] == "Ana <b>Li</b>" and data["date"] == "2026-11-26"
    assert data["assessed"] == {"questions": len(asked), "objectives": sorted(FIXTURE.objectives), "chapters": 1, "unseen_items": True}
    assert data["pass_mark"] == assessment.PASS_MARK and "self-reported" in data["self_reported"]
    page = assessment.record_html(data)
    assert "<b>Li</b>" not in page and "&lt;b&gt;Li&lt;/b&gt;" in page and "self-reported" in page
    assert f"Assessed: {len(asked)} questions on 2 learning objectives from 1 chapters" in page
    json.dumps(data)


# -- the course's own pool --------------------------------------------------------------

BANKS = load_banks([ROOT / "quizzes"])
ORDER = chapter_slugs(ROOT)


@pytest.mark.parametrize("slug", ORDER)
def test_course_pool_covers_every_objective_with_unseen_items(slug):
    bank = BANKS[slug]
    final = bank.final_questions
    assert len(final) >= 5, f"{slug}: the final pool needs items"
    assert {o for q in final for o in q.objectives} == set(bank.objectives)
    practice_prompts = {q.prompt.strip() for q in bank.practice_questions}
    assert not practice_prompts & {q.prompt.strip() for q in final}


def test_course_pool_size_and_levels():
    final = [q for b in BANKS.values() for q in b.final_questions]
    assert len(final) >= 60
    higher = [q for q in final if q.level in ("apply", "analyse", "evaluate")]
    assert len(higher) * 2 >= len(final), f"{len(higher)} of {len(final)} final items at apply level or above"
    pool, meta = assessment.assessment_meta(BANKS, ORDER)
    every_objective = {o for b in BANKS.values() for o in b.objectives}
    for form in meta["forms"]:
        assert {o for qid in form for o in meta["question_objectives"][qid]} == every_objective
