"""Live quizzes as ipywidgets, tested without a browser: set values, press buttons, read traits."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as w
import pytest

from coursekit.i18n import t
from coursekit.loader import load_bank
from coursekit.presentation import display_order, md_block
from coursekit.progress import ProgressStore
from coursekit.widgets import quiz_widget

BANK = load_bank(Path(__file__).parent / "fixtures" / "quizzes" / "good" / "good-bank.yml")


def _controls(box):
    """All value-carrying widgets inside a question box, in order."""
    found = []

    def walk(widget):
        if isinstance(widget, (w.RadioButtons, w.Checkbox, w.Dropdown, w.Text)):
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(box)
    return found


def _buttons(box):
    check = retry = None

    def walk(widget):
        nonlocal check, retry
        if isinstance(widget, w.Button):
            if widget.description == t("check"):
                check = widget
            elif widget.description == t("retry"):
                retry = widget
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(box)
    return check, retry


def _answer(question, controls, right: bool):
    kind = question.type
    if kind in ("single", "true-false"):
        wanted = (question.correct if kind == "single" else question.answer)
        if not right:
            wanted = next(v for _, v in controls[0].options if v != wanted)
        controls[0].value = wanted
    elif kind == "multiple":
        # Checkboxes are shown shuffled: find each option by its label.
        by_text = {o.text: o for o in question.options}
        for box in controls:
            option = by_text[box.description]
            box.value = (option.id in question.answer) == right or (not right and option.id == question.options[0].id)
    elif kind == "matching":
        # Rows are shown shuffled: each menu is labelled with its left item.
        target = [p.right for p in question.pairs]
        if not right:
            target = target[1:] + target[:1]
        by_left = {p.left: value for p, value in zip(question.pairs, target)}
        for menu in controls:
            menu.value = by_left[menu.description]
    elif kind == "ordering":
        target = list(question.items)
        if not right:
            target = target[1:] + target[:1]
        for menu, value in zip(controls, target):
            menu.value = value
    elif kind == "numeric":
        controls[0].value = f" {question.answer + (0 if right else question.tolerance + 10):g} "
    elif kind == "short-text":
        controls[0].value = ("  " + question.accept[0].upper() + " ") if right else "something else"


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.type)
@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_check_grades_records_and_retry_resets(tmp_path, question, right):
    store = ProgressStore(tmp_path / "p.json")
    quiz = quiz_widget(BANK.chapter, [question], store)
    box, score = quiz.children
    controls = _controls(box)
    check, retry = _buttons(box)
    feedback = box.children[-1]

    check.click()  # unanswered: a prompt, nothing recorded
    assert t("unanswered") in feedback.value and store.load() == {}

    _answer(question, controls, right)
    check.click()
    verdict = t("correct") if right else t("incorrect")
    assert verdict in feedback.value
    assert md_block(question.explanation) in feedback.value  # the whole explanation, rendered
    assert store.load()[BANK.chapter][question.id]["correct"] is right
    assert f"{1 if right else 0} of 1" in score.value
    assert check.disabled and not retry.disabled

    retry.click()
    assert feedback.value == "" and not check.disabled and retry.disabled
    assert all(c.value in (None, "", False) for c in _controls(box))


def test_ordering_never_starts_in_the_correct_order():
    for q in BANK.questions:
        if q.type == "ordering":
            assert display_order(q) != list(q.items)
            assert sorted(display_order(q)) == sorted(q.items)


def _shown(box) -> list:
    """What the learner sees, in order: option labels or menu labels and their choices."""
    return [(c.description, tuple(getattr(c, "options", ()))) for c in _controls(box)]


@pytest.mark.parametrize("kind", ["single", "multiple", "matching", "ordering"])
def test_display_order_matches_the_book_and_changes_on_retry(tmp_path, kind):
    from coursekit.presentation import key_slots, matching_order, option_order

    q = next(q for q in BANK.questions if q.type == kind)
    box = quiz_widget(BANK.chapter, [q], ProgressStore(tmp_path / "p.json")).children[0]
    controls = _controls(box)
    if kind == "single":  # the same first order as the book (render_html uses option_order too)
        assert [v for _, v in controls[0].options] == [o.id for o in option_order(q, slot=key_slots([q])[q.id])]
    elif kind == "multiple":
        assert [c.description for c in controls] == [o.text for o in option_order(q)]
    elif kind == "matching":
        rows, choices = matching_order(q)
        assert [c.description for c in controls] == [q.pairs[i].left for i in rows]
        assert [v for _, v in controls[0].options][1:] == choices
    first, seen = _shown(box), set()
    check, retry = _buttons(box)
    for _ in range(8):  # a retry deals a new order (8 tries: a repeat every time is (1/n!)^8)
        _answer(q, _controls(box), right=False)
        check.click()
        retry.click()
        seen.add(tuple(_shown(box)))
    assert seen - {tuple(first)}


def test_option_feedback_is_shown(tmp_path):
    q = next(q for q in BANK.questions if q.type == "single" and any(o.feedback for o in q.options))
    quiz = quiz_widget(BANK.chapter, [q], ProgressStore(tmp_path / "p.json"))
    box = quiz.children[0]
    option = next(o for o in q.options if o.feedback)
    _controls(box)[0].value = option.id
    _buttons(box)[0].click()
    assert md_block(option.feedback) in box.children[-1].value


def test_score_counts_across_questions(tmp_path):
    questions = BANK.group("check-1")
    quiz = quiz_widget(BANK.chapter, questions, ProgressStore(tmp_path / "p.json"))
    for q, box in zip(questions, quiz.children[:-1]):
        _answer(q, _controls(box), right=True)
        _buttons(box)[0].click()
    assert f"{len(questions)} of {len(questions)}" in quiz.children[-1].value


def test_final_assessment_widget_reveals_nothing_until_submitted_then_locks_and_deals_a_new_form():
    from coursekit import assessment
    from coursekit.widgets import final_assessment_widget

    bank = load_bank(Path(__file__).parent / "browser" / "final_fixture.yml")
    pool, meta = assessment.assessment_meta({bank.chapter: bank}, [bank.chapter])
    widget = final_assessment_widget(pool, meta)
    intro, questions, buttons, results, name, save = widget.children
    submit, retake = buttons.children
    assert not [b for b in _buttons(questions) if b is not None], "no per-question Check or Retry"
    boxes = questions.children
    assert len(boxes) == len(meta["forms"][0])
    shown = [box.children[0].value for box in boxes]
    dealt = [qid for qid in meta["forms"][0] if any(bank.question(qid).prompt[:20] in s for s in shown)]
    assert len(dealt) == len(boxes), "the boxes show the first form's questions"
    assert all(box.children[-1].value == "" for box in boxes) and results.value == ""  # no feedback yet
    def texts(node):  # every text a learner's frontend receives from the widget tree
        own = [str(getattr(node, t, "")) for t in ("value", "description", "options")]
        return own + [x for child in getattr(node, "children", ()) for x in texts(child)]

    assert not [t for t in texts(widget) if "SECRET" in t]
    submit.click()  # nothing answered: one reminder, nothing revealed
    assert f"{len(boxes)} questions are not answered yet" in results.value
    assert not [t for t in texts(widget) if "SECRET" in t]
    submit.click()
    assert [t for t in texts(widget) if "SECRET" in t]  # the same walk sees them once submitted
    assert all("SECRET" in box.children[-1].value for box in boxes), "feedback and explanations after submission"
    assert all(c.disabled for box in boxes for c in _controls(box)), "one attempt per question"
    assert submit.disabled and "You answered 0 of" in results.value and save.disabled
    retake.click()
    second = [box.children[0].value for box in questions.children]
    assert not set(second) & set(shown), "the fixture pool allows a fully different second form"
    assert not submit.disabled and results.value == ""


def test_unreadable_number_is_a_hint_not_an_attempt(tmp_path):
    """As in the book: "1,5" asks for a number again; nothing is recorded or revealed."""
    q = next(q for q in BANK.questions if q.type == "numeric")
    store = ProgressStore(tmp_path / "p.json")
    box = quiz_widget(BANK.chapter, [q], store).children[0]
    _controls(box)[0].value = "1,5"
    check, retry = _buttons(box)
    check.click()
    feedback = box.children[-1].value
    assert t("invalid_number") in feedback and t("answer") not in feedback and t("explanation") not in feedback and md_block(q.explanation) not in feedback
    assert store.load() == {} and not check.disabled and retry.disabled


def test_completion_record_is_saved_in_the_documents_folder_and_says_where(tmp_path, monkeypatch):
    from coursekit import assessment
    from coursekit.widgets import final_assessment_widget

    monkeypatch.chdir(tmp_path)  # the kernel's working folder: the record must not land here
    records = tmp_path / "records"
    monkeypatch.setenv(assessment.RECORDS_ENV, str(records))
    bank = load_bank(Path(__file__).parent / "browser" / "final_fixture.yml")
    widget = final_assessment_widget(*assessment.assessment_meta({bank.chapter: bank}, [bank.chapter]))
    intro, questions, buttons, results, name, save = widget.children
    right = {q.id: q for q in bank.questions}
    for box in questions.children:  # answer every dealt question right, through its controls
        qid = next(i for i, q in right.items() if q.prompt[:20] in box.children[0].value)
        _answer(right[qid], _controls(box), right=True)
    buttons.children[0].click()
    assert "You passed." in results.value and not save.disabled
    name.value = "Ana Li"
    save.click()
    assert (records / "completion-record.json").is_file() and (records / "completion-record.html").is_file()
    assert not list(tmp_path.glob("completion-record.*"))
    assert str(records / "completion-record.html") in results.value
    monkeypatch.delenv(assessment.RECORDS_ENV)
    assert assessment.records_folder().name == "UN cyber course"


def test_hostile_quiz_text_stays_text_in_the_live_widgets(tmp_path):
    """Every HTML string the widgets show is built by the escaping layer: a bank's hostile
    prompt, options, feedback, explanation and answers never become tags."""
    xss = load_bank(Path(__file__).parent / "browser" / "xss_fixture.yml")
    quiz = quiz_widget(xss.chapter, xss.questions, ProgressStore(tmp_path / "p.json"))
    for q, box in zip(xss.questions, quiz.children[:-1]):
        _answer(q, _controls(box), right=False)  # a wrong answer shows feedback and the answer
        _buttons(box)[0].click()

    shown = []

    def walk(widget):
        if isinstance(widget, w.HTML):
            shown.append(widget.value)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(quiz)
    page = "\n".join(shown)
    assert t("incorrect") in page and "&lt;img src=x" in page  # the hostile texts are shown, as text

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    found: list = []
    Tags().feed(page)
    allowed = {"div", "p", "strong", "em", "a", "code", "ul", "ol", "li"}
    assert {tag for tag, _ in found} <= allowed, {tag for tag, _ in found} - allowed
    for tag, attrs in found:
        assert not [a for a in attrs if a.startswith("on")] and "javascript:" not in attrs.get("href", ""), (tag, attrs)
