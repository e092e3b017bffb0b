"""Live quizzes as ipywidgets: keyboard-operable controls, Check and Retry, feedback, score.

Grading comes from ``grading.grade`` (the same rules as the book's JavaScript) and each
check is recorded in the learner's progress file.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as w

from .grading import grade
from .i18n import t
from .markup import Markup, html, join
from .model import Matching, Numeric, Ordering
from .presentation import answer_text, display_order, feedback_text, key_slots, matching_order, md_block, option_order
from .progress import ProgressStore
from .qtypes import dispatch, handler

_WIDE = {"description_width": "initial"}


class QuestionWidget:
    """One question: its controls, Check/Retry buttons and a feedback area."""

    def __init__(self, chapter: str, question, number: int, total: int, on_checked: Callable[[], None], store: ProgressStore,
                 slot: int | None = None):
        self.chapter, self.question, self.store = chapter, question, store
        self.on_checked = on_checked
        self.correct: bool | None = None
        self.attempt = 0
        self.controls, self.read = _controls(question, slot=slot)  # the book's first order
        self.check = w.Button(description=t("check"), button_style="primary", tooltip=t("check"))
        self.retry = w.Button(description=t("retry"), disabled=True, tooltip=t("retry"))
        self.feedback = w.HTML()
        self.check.on_click(lambda _: self.on_check())
        self.retry.on_click(lambda _: self.on_retry())
        self.heading = _heading(question, number, total)
        self.box = _question_box(self._parts())

    def _parts(self) -> list:
        return [self.heading, self.controls, w.HBox([self.check, self.retry]), self.feedback]

    def on_check(self) -> None:
        verdict = grade(self.question, self.read())
        if not verdict.answered or not verdict.valid:
            # As in the book: a hint, no attempt recorded, nothing revealed.
            self.feedback.value = announced(html("<p>{hint}</p>", hint=t("unanswered" if not verdict.answered else "invalid_number")))
            return
        self.correct = verdict.correct
        self.store.record(self.chapter, self.question.id, verdict.correct)
        self.feedback.value = announced(_feedback_html(self.question, verdict))
        self.check.disabled, self.retry.disabled = True, False
        self.on_checked()

    def on_retry(self) -> None:
        # A retry is a new attempt: fresh, empty controls in a new order.
        self.attempt += 1
        self.controls, self.read = _controls(self.question, self.attempt)
        self.box.children = self._parts()
        self.feedback.value = ""
        self.check.disabled, self.retry.disabled = False, True


def announced(content: Markup) -> Markup:
    """Feedback that screen readers announce. A widget's HTML is replaced whole on every
    change, so a polite live region would be new each time and stay silent; an element with
    role="alert" is announced when it appears (the book uses a lasting role="status" region)."""
    return html('<div class="ck-announce" role="alert">{content}</div>', content=content)


def _heading(question, number: int, total: int) -> w.HTML:
    return w.HTML(html("<strong>{number}</strong>{prompt}", number=t("question_n", n=number, total=total), prompt=md_block(question.prompt)))


def _question_box(parts: list) -> w.VBox:
    return w.VBox(parts, layout=w.Layout(border="1px solid #999", padding="0.5em", margin="0 0 1em 0"))


def quiz_widget(chapter: str, questions: list, store: ProgressStore | None = None,
                slots: dict[str, int] | None = None) -> w.VBox:
    """A box with every question of a group and a running score line. ``slots`` places the
    single-choice keys as the book does (``presentation.bank_slots``); by default the group's own."""
    store = store or ProgressStore()
    score = w.HTML()
    items: list[QuestionWidget] = []

    def update_score() -> None:
        right = sum(1 for item in items if item.correct)
        score.value = html("<p><strong>{line}</strong></p>", line=t("score_line", correct=right, total=len(items)))

    slots = key_slots(questions) if slots is None else slots
    items.extend(QuestionWidget(chapter, q, n, len(questions), update_score, store, slot=slots.get(q.id))
                 for n, q in enumerate(questions, 1))
    update_score()
    return w.VBox([item.box for item in items] + [score])


def _feedback_html(question, verdict) -> Markup:
    parts = [html("<p><strong>{verdict}</strong></p>", verdict="✔ " + t("correct") if verdict.correct else "✘ " + t("incorrect"))]
    texts = (feedback_text(question, key) for key in verdict.feedback_for)
    parts += [md_block(text) for text in texts if text]
    if not verdict.correct:
        parts.append(html("<p>{label}: {answer}</p>", label=t("answer"), answer=answer_text(question)))
    parts.append(html("<p><em>{label}:</em></p>{explanation}", label=t("explanation"), explanation=md_block(question.explanation)))
    return join(parts)


def _controls(question, attempt: int = 0, slot: int | None = None) -> tuple[w.Widget, Callable[[], Any]]:
    """Empty input widgets for one question, in the display order of ``attempt`` (the same
    order as the book's first display for attempt 0 with the quiz's ``slot``), and a reader
    of the response."""
    return dispatch("widget", question, attempt, slot)


@handler("widget", "single")
def _single_widget(question, attempt: int, slot: int | None):
    options = option_order(question, attempt, slot)
    radio = w.RadioButtons(options=[(o.text, o.id) for o in options], value=None, layout=w.Layout(width="auto"))
    return radio, lambda: radio.value


@handler("widget", "true-false")
def _true_false_widget(question, attempt: int, slot: int | None):
    radio = w.RadioButtons(options=[(t("true"), True), (t("false"), False)], value=None)
    return radio, lambda: radio.value


@handler("widget", "multiple")
def _multiple_widget(question, attempt: int, slot: int | None):
    boxes = {o.id: w.Checkbox(description=o.text, value=False, indent=False, layout=w.Layout(width="auto"))
             for o in option_order(question, attempt)}
    return w.VBox(list(boxes.values())), lambda: [k for k, b in boxes.items() if b.value]


@handler("widget", "matching", "ordering")
def _menus_widget(question: Matching | Ordering, attempt: int, slot: int | None):
    if isinstance(question, Matching):
        rows, choices = matching_order(question, attempt)
        labels = [p.left for p in question.pairs]
    else:
        choices = display_order(question, attempt)
        rows, labels = list(range(len(choices))), [t("position_n", n=n) for n in range(1, len(choices) + 1)]
    # Menus are kept by pair (or position) number for grading; they are shown in ``rows`` order.
    menus = [w.Dropdown(options=[(t("choose"), None)] + [(c, c) for c in choices], value=None, description=label, style=_WIDE)
             for label in labels]
    return w.VBox([menus[i] for i in rows]), lambda: [m.value for m in menus]


@handler("widget", "numeric", "short-text")
def _text_widget(question, attempt: int, slot: int | None):
    unit = f" ({question.unit})" if isinstance(question, Numeric) and question.unit else ""
    box = w.Text(value="", description=t("your_answer") + unit, style=_WIDE)
    return box, lambda: box.value


def final_assessment_widget(pool: list, meta: dict) -> w.VBox:
    """The final assessment live, as in the book: one form of unseen questions, shuffled,
    with no feedback until the whole assessment is submitted; then each question's verdict,
    feedback and explanation, results per chapter and objective, and (after a pass) a
    self-reported completion record. A retake deals the next form."""
    import json
    import random

    from . import assessment

    words = assessment.words()
    questions = {q.id: q for _, q in pool}
    results, questions_box = w.HTML(), w.VBox()
    name = w.Text(description=words["name"], style=_WIDE, layout=w.Layout(width="auto"))
    save = w.Button(description=words["save_record"], disabled=True)
    submit = w.Button(description=words["finish"], button_style="primary")
    retake = w.Button(description=words["retake"])
    state: dict = {"form": 0, "items": [], "outcome": None, "warned": False}

    def deal() -> None:
        ids = list(meta["forms"][state["form"] % len(meta["forms"])])
        random.shuffle(ids)
        items = []
        for n, qid in enumerate(ids, 1):
            controls, read = _controls(questions[qid], attempt=random.randrange(1_000_000))
            feedback = w.HTML()
            box = _question_box([_heading(questions[qid], n, len(ids)), controls, feedback])
            items.append({"id": qid, "controls": controls, "read": read, "feedback": feedback, "box": box})
        state["items"], state["warned"] = items, False
        questions_box.children = [item["box"] for item in items]
        results.value, save.disabled, submit.disabled = "", True, False
        submit.description = words["finish"]

    def finish(_=None) -> None:
        # As in the book: one reminder about unanswered questions, then a second press submits.
        open_items = [i for i in state["items"] if not grade(questions[i["id"]], i["read"]()).answered]
        if open_items and not state["warned"]:
            state["warned"] = True
            results.value = announced(html("<p>{note}</p>", note=words["unanswered_note"].format(n=len(open_items))))
            submit.description = words["submit_anyway"]
            return
        right = set()
        for item in state["items"]:
            q = questions[item["id"]]
            verdict = grade(q, item["read"]())
            if verdict.correct:
                right.add(q.id)
            for control in [item["controls"], *getattr(item["controls"], "children", ())]:
                control.disabled = True
            item["feedback"].value = _feedback_html(q, verdict)
        asked = [item["id"] for item in state["items"]]
        outcome = assessment.score(meta, asked, right)
        percent = round(100 * outcome["right"] / outcome["total"])

        def table(caption: str, data: dict, labels: dict) -> Markup:
            rows = join(html("<tr><th scope='row'>{label}</th><td>{r} / {n}</td></tr>", label=labels[k], r=r, n=n)
                        for k, (r, n) in data.items())
            return html("<table><caption>{caption}</caption>{rows}</table>", caption=caption, rows=rows)

        results.value = announced(html(
            "<p>{result}</p><p><strong>{verdict}</strong></p>{chapters}{objectives}{note}",
            result=words["result"].format(right=outcome["right"], total=outcome["total"], percent=percent,
                                          pass_mark=round(100 * meta["pass_mark"])),
            verdict=words["passed"] if outcome["passed"] else words["failed"],
            chapters=table(words["by_chapter"], outcome["by_chapter"], meta["chapters"]),
            objectives=table(words["by_objective"], outcome["by_objective"], meta["objectives"]),
            note=html("<p><em>{note}</em></p>", note=words["self_reported"]) if outcome["passed"] else ""))
        submit.disabled, save.disabled = True, not outcome["passed"]
        state["outcome"] = outcome

    def save_record(_=None) -> None:
        data = assessment.record(meta, state["outcome"], name.value)
        folder = assessment.records_folder()
        as_json, as_html = folder / "completion-record.json", folder / "completion-record.html"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            as_json.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
            as_html.write_text(assessment.record_html(data), encoding="utf-8")
        except OSError as exc:  # a full disk or a read-only folder: say so, never a traceback
            results.value += html("<p>The record could not be saved in {folder}: {reason}</p>", folder=folder, reason=exc.strerror or exc)
            return
        results.value += html("<p>{saved}</p>", saved=words["saved"].format(html=as_html, json=as_json))

    def next_form(_=None) -> None:
        state["form"] += 1
        deal()

    submit.on_click(finish)
    retake.on_click(next_form)
    save.on_click(save_record)
    deal()
    intro = w.HTML(html("<p>{intro}</p>", intro=words["intro"]))
    return w.VBox([intro, questions_box, w.HBox([submit, retake]), results, name, save])
