"""The registry of question types (coursekit.qtypes): every operation of the engine has a
handler for every type, and each handler does its type's own job (one question of every
type from a made-up bank goes through the grader, both renderers, the live widget, the
three exports and the paper handout)."""

from __future__ import annotations

import typing
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from coursekit import export, qtypes
from coursekit.grading import grade
from coursekit.instructor import render_answer_key_html, render_quiz_handout_html
from coursekit.loader import load_bank
from coursekit.model import QUESTION_TYPES, Question
from coursekit.presentation import answer_text, feedback_keys, plain_text
from coursekit.render_html import question_html
from coursekit.widgets import _controls

BANK = load_bank(Path(__file__).parent / "browser" / "quiz_fixture.yml")
BY_TYPE = {q.type: q for q in BANK.questions}

# A right response of each type, in the shape the grader reads (grading.py's docstring).
RIGHT = {
    "single": "ga", "multiple": ["ci", "cert"], "true-false": False,
    "matching": ["General Assembly", "ITU"], "ordering": ["GGE 2010", "GGE 2013", "GGE 2015"],
    "numeric": "11", "short-text": "open ended",
}
# The book's input controls for each type: (tag, type attribute) -> how many.
CONTROLS = {
    "single": {("input", "radio"): 3}, "multiple": {("input", "checkbox"): 3}, "true-false": {("input", "radio"): 2},
    "matching": {("select", None): 2}, "ordering": {("select", None): 3},
    "numeric": {("input", "text"): 1}, "short-text": {("input", "text"): 1},
}


class _Controls(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.found: dict[tuple[str, str | None], int] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "select"):
            key = (tag, dict(attrs).get("type"))
            self.found[key] = self.found.get(key, 0) + 1


def test_every_operation_has_a_handler_for_every_type():
    assert qtypes.missing() == []


def test_a_missing_handler_is_named(monkeypatch):
    monkeypatch.delitem(qtypes._HANDLERS["gift"], "ordering")
    assert qtypes.missing() == [("gift", "ordering")]
    with pytest.raises(TypeError, match="no 'gift' handler .*'ordering'"):
        qtypes.dispatch("gift", BY_TYPE["ordering"])


def test_a_second_handler_for_a_type_is_refused():
    with pytest.raises(ValueError, match="two 'grade' handlers for question type 'single'"):
        qtypes.handler("grade", "single")(lambda q, r: None)
    with pytest.raises(ValueError, match="unknown question type"):
        qtypes.handler("grade", "essay")
    with pytest.raises(ValueError, match="unknown operation"):
        qtypes.handler("mark", "single")


def test_the_registry_lists_exactly_the_models_of_the_bank_format():
    models = typing.get_args(typing.get_args(Question)[0])
    assert {m.model_fields["type"].annotation.__args__[0]: m for m in models} == {n: t.model for n, t in qtypes.TYPES.items()}
    assert tuple(qtypes.TYPES) == QUESTION_TYPES
    assert set(export.QTI_TYPES) == set(qtypes.TYPES)
    assert set(BY_TYPE) == set(qtypes.TYPES), "the fixture bank has one question of every type"


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_every_renderer_and_exporter_handles_the_type(kind):
    q = BY_TYPE[kind]
    # Grader: the right response is right, no response is unanswered.
    assert grade(q, RIGHT[kind]).correct
    assert not grade(q, None).answered
    # Answer in words, and the feedback a verdict can name.
    assert answer_text(q).strip()
    assert all(key and text for key, text in feedback_keys(q))
    assert plain_text([q]).startswith("Question 1 of 1: " + q.prompt.strip())
    # Book: the type's own controls, and the answer behind the disclosure.
    page = question_html(q, "c", "g", 1, 1)
    assert _Controls(page).found == CONTROLS[kind]
    assert 'class="ck-answer"' in page and f'data-type="{kind}"' in page
    # Live widget: its reader returns nothing gradable before the learner answers.
    widget, read = _controls(q)
    assert widget is not None and not grade(q, read()).answered
    # Exports: GIFT answer lines, a QTI response with scoring, the CSV choices column.
    assert export._gift_answers(q)
    item = ET.fromstring(export.qti_assessment(BANK.model_copy(update={"questions": [q]})))
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    assert item.findall(".//q:response_lid", ns) or item.findall(".//q:response_str", ns)
    assert item.findall(".//q:respcondition", ns)
    choices = qtypes.dispatch("csv_choices", q)
    assert isinstance(choices, list) and (bool(choices) == (kind in ("single", "multiple", "matching", "ordering")))
    # Answer key and paper handout.
    one = BANK.model_copy(update={"questions": [q], "groups": {"g": [q.id]}})
    assert qtypes.TYPES[kind].label in render_answer_key_html(one)
    handout = render_quiz_handout_html(one)
    assert "ck-handout-question" in handout and ("______" in handout or "○" in handout or "☐" in handout)
