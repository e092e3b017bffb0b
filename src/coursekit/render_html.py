"""Static HTML for quizzes in the built book: no kernel, no network.

``render_quiz_html`` turns one group of a bank into a self-contained fragment that
``static/coursekit.js`` enhances (Check/Retry buttons, feedback, score, progress).
Without JavaScript (GitHub, nbviewer, a reader with scripts off) the fragment is
still a readable list of questions whose answers sit behind a closed <details>.

Safety: quiz text is Markdown rendered with raw HTML disabled; every other value
from quiz data is escaped. The grading data travels as JSON in a
``<script type="application/json">`` whose ``<``, ``>`` and ``&`` are escaped, so
quiz text can never close that element or start a tag.

Output is byte-stable (ids derive from chapter, group and question id; the ordering
shuffle is seeded by hashes), which keeps snapshots and nbval comparisons quiet.
"""

from __future__ import annotations

from html import escape

from .i18n import STRINGS, t
from .numbers import format_number
from .presentation import display_order, feedback_keys, json_for_script, bank_slots, matching_order, md_block, md_inline, md_parse, option_order
from .model import Matching, MultipleChoice, Numeric, Ordering, QuizBank, ShortText, SingleChoice, TrueFalse

_block, _inline = md_block, md_inline


def _one_paragraph(text: str) -> bool:
    return [tok.type for tok in md_parse(text)] == ["paragraph_open", "inline", "paragraph_close"]


def _legend(number: str, prompt: str, base: str) -> tuple[str, str]:
    """(attributes of the fieldset, its legend and prompt). A legend may hold only phrasing
    content, so a one-paragraph prompt goes inside it; a prompt of several blocks (lists,
    paragraphs) follows the legend, and the fieldset is named by both (aria-labelledby)."""
    if _one_paragraph(prompt):
        return "", f'<legend><span class="ck-number">{number}</span> <span class="ck-prompt">{_inline(prompt)}</span></legend>'
    return (f' aria-labelledby="{base}_legend {base}_prompt"',
            f'<legend id="{base}_legend"><span class="ck-number">{number}</span></legend>'
            f'<div class="ck-prompt" id="{base}_prompt">{_block(prompt)}</div>')


def _dom_id(*parts: str) -> str:
    # Bank ids only use [a-z0-9-], so "_" cannot occur inside a part and the
    # joined id is unambiguous (chapter "a-b"+group "c" differs from "a"+"b-c").
    return "ck_" + "_".join(parts)


def _sub_id(base: str, *parts: str) -> str:
    """Id of a control inside the question whose id is ``base``."""
    return "_".join((base, *parts))


# -- controls, one function per question type -----------------------------------


def _choice_controls(question, base: str, kind: str, slot: int | None) -> str:
    rows = []
    for option in option_order(question, slot=slot):
        input_id = _sub_id(base, "opt", option.id)
        rows.append(
            f'<div class="ck-option" data-option="{escape(option.id)}">'
            f'<input type="{kind}" name="{base}" id="{input_id}" value="{escape(option.id)}">'
            f'<label for="{input_id}">{_inline(option.text)}</label></div>'
        )
    return '<div class="ck-options">' + "".join(rows) + "</div>"


def _true_false_controls(base: str) -> str:
    rows = []
    for value in ("true", "false"):
        input_id = _sub_id(base, value)
        rows.append(
            f'<div class="ck-option" data-option="{value}">'
            f'<input type="radio" name="{base}" id="{input_id}" value="{value}">'
            f'<label for="{input_id}">{escape(t(value))}</label></div>'
        )
    return '<div class="ck-options">' + "".join(rows) + "</div>"


def _select(select_id: str, label_html: str, values: list[str], index: int) -> str:
    options = [f'<option value="">{escape(t("choose"))}</option>']
    options += [f'<option value="{escape(v)}">{escape(v)}</option>' for v in values]
    return (
        f'<div class="ck-row"><label for="{select_id}">{label_html}</label>'
        f'<select id="{select_id}" class="ck-select" data-index="{index}">{"".join(options)}</select></div>'
    )


def _matching_controls(question: Matching, base: str) -> str:
    # Rows and choices both shuffled; data-index keeps each row's pair number for grading.
    order, choices = matching_order(question)
    rows = [_select(_sub_id(base, f"m{i}"), _inline(question.pairs[i].left), choices, i) for i in order]
    return '<div class="ck-selects">' + "".join(rows) + "</div>"


def _ordering_controls(question: Ordering, base: str) -> str:
    items = display_order(question)
    rows = [
        _select(_sub_id(base, f"p{i}"), escape(t("position_n", n=i + 1)), items, i) for i in range(len(question.items))
    ]
    return '<div class="ck-selects">' + "".join(rows) + "</div>"


def _text_controls(base: str, numeric: bool, unit: str | None = None) -> str:
    input_id = _sub_id(base, "input")
    extra = ' inputmode="decimal"' if numeric else ""
    unit_html = ""
    if unit:
        unit_id = _sub_id(base, "unit")
        extra += f' aria-describedby="{unit_id}"'
        unit_html = f' <span class="ck-unit" id="{unit_id}">{escape(unit)}</span>'
    return (
        f'<div class="ck-row"><label for="{input_id}">{escape(t("your_answer"))}</label> '
        f'<input type="text" class="ck-input" id="{input_id}"{extra} autocomplete="off" spellcheck="false">'
        f"{unit_html}</div>"
    )


def _controls(question, base: str, slot: int | None = None) -> str:
    if isinstance(question, SingleChoice):
        return _choice_controls(question, base, "radio", slot)
    if isinstance(question, MultipleChoice):
        return _choice_controls(question, base, "checkbox", None)
    if isinstance(question, TrueFalse):
        return _true_false_controls(base)
    if isinstance(question, Matching):
        return _matching_controls(question, base)
    if isinstance(question, Ordering):
        return _ordering_controls(question, base)
    if isinstance(question, Numeric):
        return _text_controls(base, numeric=True, unit=question.unit)
    if isinstance(question, ShortText):
        return _text_controls(base, numeric=False)
    raise TypeError(f"not a question: {type(question).__name__}")


# -- feedback templates and the answer disclosure --------------------------------


def _feedback_templates(question) -> str:
    """Pre-rendered feedback for every key a verdict can name (presentation.feedback_keys);
    the JS copies the ones named by ``feedback_for`` into the live region (it never builds
    HTML from quiz text)."""
    texts = feedback_keys(question)
    if not texts:
        return ""
    items = "".join(f'<div class="ck-option-feedback" data-for="{escape(key)}">{_block(text)}</div>' for key, text in texts)
    # Hidden: feedback names right and wrong choices, so it must not show up front.
    return f'<div class="ck-feedback-templates" hidden>{items}</div>'


def _answer_html(question) -> str:
    if isinstance(question, SingleChoice):
        option = next(o for o in question.options if o.id == question.correct)
        return f"<p>{_inline(option.text)}</p>"
    if isinstance(question, MultipleChoice):
        chosen = [o for o in question.options if o.id in question.answer]
        return "<ul>" + "".join(f"<li>{_inline(o.text)}</li>" for o in chosen) + "</ul>"
    if isinstance(question, TrueFalse):
        return f"<p>{escape(t('true' if question.answer else 'false'))}</p>"
    if isinstance(question, Matching):
        rows = "".join(f"<li>{_inline(p.left)} → {escape(p.right)}</li>" for p in question.pairs)
        return f"<ul>{rows}</ul>"
    if isinstance(question, Ordering):
        return "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in question.items) + "</ol>"
    if isinstance(question, Numeric):
        text = format_number(question.answer)
        if question.unit:
            text += f" {question.unit}"
        if question.tolerance:
            text += f" ({t('tolerance', tolerance=format_number(question.tolerance))})"
        return f"<p>{escape(text)}</p>"
    if isinstance(question, ShortText):
        accepted = [a for a in question.accept if a.strip()]
        return f"<p>{escape(t('accepted_answers'))}: " + ", ".join(escape(a) for a in accepted) + "</p>"
    raise TypeError(f"not a question: {type(question).__name__}")


def _details(question) -> str:
    # Plain paragraphs, not <h4>: the quiz sits at unknown heading depth in a page.
    sources = ", ".join(escape(key) for key in question.sources)
    return (
        f'<details class="ck-details"><summary>{escape(t("show_answer"))}</summary>'
        f'<div class="ck-answer"><p class="ck-heading">{escape(t("answer"))}</p>{_answer_html(question)}</div>'
        f'<div class="ck-explanation"><p class="ck-heading">{escape(t("explanation"))}</p>{_block(question.explanation)}</div>'
        f'<p class="ck-sources">{escape(t("source"))}: {sources}</p>'
        "</details>"
    )


def question_html(question, chapter: str, group: str, n: int, total: int, answers: bool = True,
                  slot: int | None = None) -> str:
    """One question. ``answers=False`` (the final assessment) leaves out everything that
    would tell the answer before submission: feedback, the answer disclosure, buttons."""
    base = _dom_id(chapter, group, question.id)
    after = (
        f"{_feedback_templates(question)}"
        # The JS puts the Check/Retry buttons here; empty without JS so no dead buttons.
        f'<div class="ck-actions"></div>'
        f'<div class="ck-feedback" id="{base}_feedback" role="status" aria-live="polite"></div>'
        f"{_details(question)}"
    ) if answers else f'<div class="ck-feedback" id="{base}_feedback"></div>'
    labelled_by, legend = _legend(escape(t("question_n", n=n, total=total)), question.prompt, base)
    return (
        f'<fieldset class="ck-question" id="{base}" data-qid="{escape(question.id)}" data-type="{escape(question.type)}"{labelled_by}>'
        f"{legend}{_controls(question, base, slot)}{after}"
        "</fieldset>"
    )


# What the JavaScript grader reads of a question; the texts travel as rendered HTML instead.
_GRADING_FIELDS = {"id": True, "type": True, "answer": True, "tolerance": True, "accept": True, "items": True,
                   "options": {"__all__": {"id"}}, "pairs": {"__all__": {"right"}}}


def sealed_parts(question) -> dict:
    """What the final assessment reveals only after submission: the grading data, the
    feedback templates and the answer with its explanation (opened)."""
    spec = question.model_dump(mode="json", include={k: v for k, v in _GRADING_FIELDS.items() if k in type(question).model_fields})
    return {"spec": spec, "feedback": _feedback_templates(question),
            "details": _details(question).replace('<details class="ck-details">', '<details class="ck-details" open>', 1)}


def render_quiz_html(bank: QuizBank, group: str) -> str:
    """One group of ``bank`` as a self-contained HTML fragment (see module docstring)."""
    questions = bank.group(group)
    data = {
        "chapter": bank.chapter,
        "group": group,
        # The same structure the Python grader reads, so the JS twin grades it alike.
        "questions": [q.model_dump(mode="json") for q in questions],
        "strings": STRINGS,
    }
    slots = bank_slots(bank)
    body = "".join(question_html(q, bank.chapter, group, i + 1, len(questions), slot=slots.get(q.id))
                   for i, q in enumerate(questions))
    return (
        f'<div class="ck-quiz" id="{_dom_id(bank.chapter, group)}" data-chapter="{escape(bank.chapter)}" data-group="{escape(group)}">'
        f'<script type="application/json" class="ck-data">{json_for_script(data)}</script>'
        # Removed by the JS; where scripts are stripped it explains the plain view.
        f'<p class="ck-nojs">{escape(t("widgets_missing"))}</p>'
        f"{body}"
        f'<p class="ck-score" role="status" aria-live="polite"></p>'
        "</div>"
    )


def render_progress_html(banks: dict[str, QuizBank]) -> str:
    """The progress page: one row per chapter (in the order of ``banks``, so the caller
    decides the course order), filled by the JS from browser storage."""
    rows = []
    for bank in banks.values():
        # Practice questions only: the final-assessment pool is not a chapter quiz.
        qids = " ".join(q.id for q in bank.practice_questions)
        total = len(bank.practice_questions)
        rows.append(
            f'<tr data-chapter="{escape(bank.chapter)}" data-total="{total}" data-questions="{escape(qids)}">'
            f'<th scope="row">{escape(bank.title)}</th><td>{total}</td>'
            '<td class="ck-answered">–</td><td class="ck-correct">–</td></tr>'
        )
    head = "".join(
        f'<th scope="col">{escape(t(key))}</th>'
        for key in ("progress_chapter", "progress_questions", "progress_answered", "progress_correct")
    )
    return (
        '<div class="ck-progress">'
        f'<script type="application/json" class="ck-data">{json_for_script({"strings": STRINGS})}</script>'
        f'<p class="ck-nojs">{escape(t("progress_needs_js"))}</p>'
        f'<table class="ck-progress-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<p class="ck-progress-status" role="status" aria-live="polite"></p>'
        "</div>"
    )
