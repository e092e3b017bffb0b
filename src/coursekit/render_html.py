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

from .i18n import strings, t, uses_decimal_comma
from .markup import Markup, html, join
from .numbers import format_number
from .presentation import display_order, feedback_keys, json_for_script, bank_slots, matching_order, md_block, md_inline, md_parse, option_order
from .model import Matching, MultipleChoice, Numeric, Ordering, QuizBank, ShortText, SingleChoice, TrueFalse
from .qtypes import dispatch, handler

_block, _inline = md_block, md_inline


def _one_paragraph(text: str) -> bool:
    return [tok.type for tok in md_parse(text)] == ["paragraph_open", "inline", "paragraph_close"]


def _legend(number: str, prompt: str, base: str) -> tuple[Markup, Markup]:
    """(attributes of the fieldset, its legend and prompt). A legend may hold only phrasing
    content, so a one-paragraph prompt goes inside it; a prompt of several blocks (lists,
    paragraphs) follows the legend, and the fieldset is named by both (aria-labelledby)."""
    if _one_paragraph(prompt):
        return Markup(""), html('<legend><span class="ck-number">{number}</span> <span class="ck-prompt">{prompt}</span></legend>',
                                number=number, prompt=_inline(prompt))
    return (html(' aria-labelledby="{base}_legend {base}_prompt"', base=base),
            html('<legend id="{base}_legend"><span class="ck-number">{number}</span></legend>'
                 '<div class="ck-prompt" id="{base}_prompt">{prompt}</div>', base=base, number=number, prompt=_block(prompt)))


def _dom_id(*parts: str) -> str:
    # Bank ids only use [a-z0-9-], so "_" cannot occur inside a part and the
    # joined id is unambiguous (chapter "a-b"+group "c" differs from "a"+"b-c").
    return "ck_" + "_".join(parts)


def _sub_id(base: str, *parts: str) -> str:
    """Id of a control inside the question whose id is ``base``."""
    return "_".join((base, *parts))


# -- controls, one function per question type -----------------------------------

_OPTION = ('<div class="ck-option" data-option="{value}"><input type="{kind}" name="{name}" id="{id}" value="{value}">'
           '<label for="{id}">{label}</label></div>')


def _options(rows) -> Markup:
    return html('<div class="ck-options">{rows}</div>', rows=join(rows))


@handler("html_controls", "single", "multiple")
def _choice_controls(question, base: str, slot: int | None) -> Markup:
    kind, slot = ("radio", slot) if question.type == "single" else ("checkbox", None)
    return _options(html(_OPTION, value=option.id, kind=kind, name=base, id=_sub_id(base, "opt", option.id), label=_inline(option.text))
                    for option in option_order(question, slot=slot))


@handler("html_controls", "true-false")
def _true_false_controls(question: TrueFalse, base: str, slot: int | None) -> Markup:
    return _options(html(_OPTION, value=value, kind="radio", name=base, id=_sub_id(base, value), label=t(value))
                    for value in ("true", "false"))


def _select(select_id: str, label: str | Markup, values: list[str], index: int) -> Markup:
    options = [html('<option value="">{choose}</option>', choose=t("choose"))]
    options += [html('<option value="{v}">{v}</option>', v=v) for v in values]
    return html('<div class="ck-row"><label for="{id}">{label}</label>'
                '<select id="{id}" class="ck-select" data-index="{index}">{options}</select></div>',
                id=select_id, label=label, index=index, options=join(options))


def _selects(rows) -> Markup:
    return html('<div class="ck-selects">{rows}</div>', rows=join(rows))


@handler("html_controls", "matching")
def _matching_controls(question: Matching, base: str, slot: int | None) -> Markup:
    # Rows and choices both shuffled; data-index keeps each row's pair number for grading.
    order, choices = matching_order(question)
    return _selects(_select(_sub_id(base, f"m{i}"), _inline(question.pairs[i].left), choices, i) for i in order)


@handler("html_controls", "ordering")
def _ordering_controls(question: Ordering, base: str, slot: int | None) -> Markup:
    items = display_order(question)
    return _selects(_select(_sub_id(base, f"p{i}"), t("position_n", n=i + 1), items, i) for i in range(len(question.items)))


@handler("html_controls", "numeric", "short-text")
def _text_controls(question, base: str, slot: int | None) -> Markup:
    input_id, unit_id, unit = _sub_id(base, "input"), _sub_id(base, "unit"), getattr(question, "unit", None)
    numeric = Markup(' inputmode="decimal"') if question.type == "numeric" else ""
    described = html(' aria-describedby="{id}"', id=unit_id) if unit else ""
    unit_html = html(' <span class="ck-unit" id="{id}">{unit}</span>', id=unit_id, unit=unit) if unit else ""
    return html('<div class="ck-row"><label for="{id}">{label}</label> '
                '<input type="text" class="ck-input" id="{id}"{numeric}{described} autocomplete="off" spellcheck="false">'
                "{unit_html}</div>", id=input_id, label=t("your_answer"), numeric=numeric, described=described, unit_html=unit_html)


# -- feedback templates and the answer disclosure --------------------------------


def _feedback_templates(question) -> Markup:
    """Pre-rendered feedback for every key a verdict can name (presentation.feedback_keys);
    the JS copies the ones named by ``feedback_for`` into the live region (it never builds
    HTML from quiz text)."""
    texts = feedback_keys(question)
    if not texts:
        return Markup("")
    items = join(html('<div class="ck-option-feedback" data-for="{key}">{text}</div>', key=key, text=_block(text)) for key, text in texts)
    # Hidden: feedback names right and wrong choices, so it must not show up front.
    return html('<div class="ck-feedback-templates" hidden>{items}</div>', items=items)


def _list(tag: str, items) -> Markup:
    return html("<{tag}>{items}</{tag}>", tag=Markup(tag), items=join(html("<li>{item}</li>", item=item) for item in items))


@handler("html_answer", "single")
def _single_answer(question: SingleChoice) -> Markup:
    return html("<p>{text}</p>", text=_inline(next(o.text for o in question.options if o.id == question.correct)))


@handler("html_answer", "multiple")
def _multiple_answer(question: MultipleChoice) -> Markup:
    return _list("ul", (_inline(o.text) for o in question.options if o.id in question.answer))


@handler("html_answer", "true-false")
def _true_false_answer(question: TrueFalse) -> Markup:
    return html("<p>{text}</p>", text=t("true" if question.answer else "false"))


@handler("html_answer", "matching")
def _matching_answer(question: Matching) -> Markup:
    return _list("ul", (html("{left} → {right}", left=_inline(p.left), right=p.right) for p in question.pairs))


@handler("html_answer", "ordering")
def _ordering_answer(question: Ordering) -> Markup:
    return _list("ol", question.items)


@handler("html_answer", "numeric")
def _numeric_answer(question: Numeric) -> Markup:
    text = format_number(question.answer)
    if question.unit:
        text += f" {question.unit}"
    if question.tolerance:
        text += f" ({t('tolerance', tolerance=format_number(question.tolerance))})"
    return html("<p>{text}</p>", text=text)


@handler("html_answer", "short-text")
def _short_text_answer(question: ShortText) -> Markup:
    accepted = [a for a in question.accept if a.strip()]
    return html("<p>{label}: {accepted}</p>", label=t("accepted_answers"), accepted=join(accepted, ", "))


def _details(question) -> Markup:
    # Plain paragraphs, not <h4>: the quiz sits at unknown heading depth in a page.
    return html(
        '<details class="ck-details"><summary>{show}</summary>'
        '<div class="ck-answer"><p class="ck-heading">{answer_label}</p>{answer}</div>'
        '<div class="ck-explanation"><p class="ck-heading">{explanation_label}</p>{explanation}</div>'
        '<p class="ck-sources">{source_label}: {sources}</p>'
        "</details>",
        show=t("show_answer"), answer_label=t("answer"), answer=dispatch("html_answer", question),
        explanation_label=t("explanation"), explanation=_block(question.explanation),
        source_label=t("source"), sources=", ".join(question.sources))


def question_html(question, chapter: str, group: str, n: int, total: int, answers: bool = True,
                  slot: int | None = None) -> Markup:
    """One question. ``answers=False`` (the final assessment) leaves out everything that
    would tell the answer before submission: feedback, the answer disclosure, buttons."""
    base = _dom_id(chapter, group, question.id)
    after = html(
        "{templates}"
        # The JS puts the Check/Retry buttons here; empty without JS so no dead buttons.
        '<div class="ck-actions"></div>'
        '<div class="ck-feedback" id="{base}_feedback" role="status" aria-live="polite"></div>'
        "{details}", templates=_feedback_templates(question), base=base, details=_details(question),
    ) if answers else html('<div class="ck-feedback" id="{base}_feedback"></div>', base=base)
    labelled_by, legend = _legend(t("question_n", n=n, total=total), question.prompt, base)
    return html(
        '<fieldset class="ck-question" id="{base}" data-qid="{qid}" data-type="{type}"{labelled_by}>'
        "{legend}{controls}{after}</fieldset>",
        base=base, qid=question.id, type=question.type, labelled_by=labelled_by, legend=legend,
        controls=dispatch("html_controls", question, base, slot), after=after)


# What the JavaScript grader reads of a question; the texts travel as rendered HTML instead.
_GRADING_FIELDS = {"id": True, "type": True, "answer": True, "tolerance": True, "accept": True, "items": True,
                   "options": {"__all__": {"id"}}, "pairs": {"__all__": {"right"}}}


def grading_spec(question) -> dict:
    """The fields the JavaScript grader reads (grading.py's twin); the texts travel as
    rendered HTML in the page, so repeating them here would only add bytes."""
    spec = question.model_dump(mode="json", include={k: v for k, v in _GRADING_FIELDS.items() if k in type(question).model_fields})
    if question.type == "numeric" and uses_decimal_comma():
        spec["decimal_comma"] = True  # the French or Spanish book reads 3,5 as 3.5
    return spec


def sealed_parts(question) -> dict:
    """What the final assessment reveals only after submission: the grading data, the
    feedback templates and the answer with its explanation (opened)."""
    spec = grading_spec(question)
    return {"spec": spec, "feedback": str(_feedback_templates(question)),
            "details": str(_details(question)).replace('<details class="ck-details">', '<details class="ck-details" open>', 1)}


def render_quiz_html(bank: QuizBank, group: str) -> Markup:
    """One group of ``bank`` as a self-contained HTML fragment (see module docstring)."""
    questions = bank.group(group)
    data = {
        "chapter": bank.chapter,
        "group": group,
        # What the JS twin of the Python grader reads, and nothing more.
        "questions": [grading_spec(q) for q in questions],
        "strings": strings(),
    }
    slots = bank_slots(bank)
    body = join(question_html(q, bank.chapter, group, i + 1, len(questions), slot=slots.get(q.id))
                for i, q in enumerate(questions))
    return html(
        '<div class="ck-quiz" id="{id}" data-chapter="{chapter}" data-group="{group}">'
        '<script type="application/json" class="ck-data">{data}</script>'
        # Removed by the JS; where scripts are stripped it explains the plain view.
        '<p class="ck-nojs">{nojs}</p>'
        "{body}"
        '<p class="ck-score" role="status" aria-live="polite"></p>'
        "</div>",
        id=_dom_id(bank.chapter, group), chapter=bank.chapter, group=group, data=json_for_script(data),
        nojs=t("widgets_missing"), body=body)


def render_progress_html(banks: dict[str, QuizBank]) -> Markup:
    """The progress page: one row per chapter (in the order of ``banks``, so the caller
    decides the course order), filled by the JS from browser storage."""
    rows = []
    for bank in banks.values():
        # Practice questions only: the final-assessment pool is not a chapter quiz.
        questions = bank.practice_questions
        rows.append(html(
            '<tr data-chapter="{chapter}" data-total="{total}" data-questions="{qids}">'
            '<th scope="row">{title}</th><td>{total}</td>'
            '<td class="ck-answered">–</td><td class="ck-correct">–</td></tr>',
            chapter=bank.chapter, total=len(questions), qids=" ".join(q.id for q in questions), title=bank.title))
    head = join(html('<th scope="col">{label}</th>', label=t(key))
                for key in ("progress_chapter", "progress_questions", "progress_answered", "progress_correct"))
    return html(
        '<div class="ck-progress">'
        '<script type="application/json" class="ck-data">{data}</script>'
        '<p class="ck-nojs">{nojs}</p>'
        '<table class="ck-progress-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        '<p class="ck-progress-status" role="status" aria-live="polite"></p>'
        "</div>",
        data=json_for_script({"strings": strings()}), nojs=t("progress_needs_js"), head=head, rows=join(rows))
