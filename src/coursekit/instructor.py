"""What only the instructor edition shows, rendered from the course data at build time:
answer keys for the quiz banks and the tabletop scenario, and printable quizzes with
no answers. The learner edition cannot render any of it (sphinx_instructor.py refuses).

Every key carries the class ``ck-answer-key``: the test that proves the learner book
holds no answer key looks for it, and for the instructor pages' own text.
"""

from __future__ import annotations

from .markup import Markup, html, join
from .model import FINAL_GROUP, Matching, Ordering, QuizBank
from .qtypes import TYPES, dispatch, handler
from .presentation import answer_text, bank_slots, display_order, matching_order, md_block, md_inline, option_order
from .tabletop import WORDS, Scenario

KEY_CLASS = "ck-answer-key"


def _groups(bank: QuizBank):
    """(group name, its questions) in the bank's order; a question in no group comes last."""
    grouped = {qid for ids in bank.groups.values() for qid in ids}
    yield from ((name, bank.group(name)) for name in bank.groups)
    rest = [q for q in bank.questions if q.id not in grouped]
    if rest:
        yield "not shown in the chapter", rest


def render_answer_key_html(bank: QuizBank) -> Markup:
    """Every question of a bank with its answer, explanation and sources, by quiz point."""
    sections = []
    for name, questions in _groups(bank):
        title = (f"Final-assessment pool ({len(questions)} questions, never shown in the chapter)" if name == FINAL_GROUP
                 else f"Quiz point “{name}” ({len(questions)} questions)")
        items = join(html(
            '<li id="key-{id}"><div class="ck-key-prompt">{prompt}</div>'
            '<p class="ck-key-meta"><code>{id}</code>, {type}{level}</p>'
            '<p><strong>Answer:</strong> {answer}</p>'
            '<div class="ck-key-explanation">{explanation}</div>'
            '<p class="ck-sources">Sources: {sources}</p></li>',
            id=q.id, prompt=md_block(q.prompt), type=TYPES[q.type].label, level=f", level: {q.level}" if q.level else "",
            answer=answer_text(q), explanation=md_block(q.explanation), sources=", ".join(q.sources)) for q in questions)
        sections.append(html('<h3>{title}</h3><ol class="ck-key-list">{items}</ol>', title=title, items=items))
    return html('<div class="{key}" data-chapter="{chapter}">{sections}</div>', key=KEY_CLASS, chapter=bank.chapter,
                sections=join(sections))


def render_tabletop_key_html(s: Scenario) -> Markup:
    """The whole scenario graph: each decision point's choices, where they lead, why."""
    rows = []
    for name, node in s.nodes.items():
        if node.ending:
            continue
        for choice in node.choices:
            target = s.nodes[choice.next]
            leads = (html("ending <code>{next}</code> ({outcome})", next=choice.next, outcome=WORDS["outcomes"][target.ending])
                     if target.ending else html("<code>{next}</code>", next=choice.next))
            rows.append(html("<tr><td><code>{name}</code></td><td>{label}</td><td>{leads}</td><td>{feedback}</td></tr>",
                             name=name, label=choice.label, leads=leads, feedback=md_block(choice.feedback)))
    endings = join(html("<li><code>{name}</code>: {outcome}</li>", name=n, outcome=WORDS["outcomes"][s.nodes[n].ending])
                   for n in s.endings)
    return html(
        '<div class="{key}" data-scenario="{id}">'
        "<p>Start: <code>{start}</code>. {points} decision points, {n_endings} endings.</p>"
        '<div class="pst-scrollable-table-container"><table class="table">'
        "<caption>Every choice in “{title}”, where it leads and the feedback learners see</caption>"
        '<thead><tr><th scope="col">Decision point</th><th scope="col">Choice</th>'
        '<th scope="col">Leads to</th><th scope="col">Feedback</th></tr></thead>'
        "<tbody>{rows}</tbody></table></div>"
        "<p>Endings:</p><ul>{endings}</ul></div>",
        key=KEY_CLASS, id=s.id, start=s.start, points=len(s.decision_points), n_endings=len(s.endings), title=s.title,
        rows=join(rows), endings=endings)


def _blank(label: str) -> Markup:
    return html('<p class="ck-blank">{label} ______________________________________</p>', label=label)


def _choices(lines) -> Markup:
    return html('<ul class="ck-handout-choices">{lines}</ul>', lines=join(html("<li>{line}</li>", line=line) for line in lines))


@handler("handout", "single", "multiple")
def _handout_options(q, slot: int | None) -> Markup:
    box = "☐" if q.type == "multiple" else "○"
    return _choices(html("{box} {text}", box=box, text=md_inline(o.text)) for o in option_order(q, slot=slot))


@handler("handout", "true-false")
def _handout_true_false(q, slot: int | None) -> Markup:
    return _choices(["○ True", "○ False"])


@handler("handout", "matching")
def _handout_matching(q: Matching, slot: int | None) -> Markup:
    lefts, choices = matching_order(q)
    return _choices(html("{left} → ____", left=md_inline(q.pairs[i].left)) for i in lefts) + html(
        "<p>Choose from: {choices}</p>", choices=join((md_inline(c) for c in choices), "; "))


@handler("handout", "ordering")
def _handout_ordering(q: Ordering, slot: int | None) -> Markup:
    return html("<p>Number these from 1 (first) to {n}:</p>", n=len(q.items)) + _choices(
        html("____ {item}", item=md_inline(item)) for item in display_order(q))


@handler("handout", "numeric", "short-text")
def _handout_blank(q, slot: int | None) -> Markup:
    unit = getattr(q, "unit", None)
    return _blank("Your answer" + (f" ({unit}):" if unit else ":"))


def render_quiz_handout_html(bank: QuizBank) -> Markup:
    """A bank's questions for paper: choices to tick and lines to write on, no answers."""
    items = []
    slots = bank_slots(bank)  # the same places as in the book
    for q in bank.practice_questions:  # the final-assessment pool stays off paper handouts
        body = dispatch("handout", q, slots.get(q.id))
        items.append(html('<li class="ck-handout-question">{prompt}{body}</li>', prompt=md_block(q.prompt), body=body))
    return html('<div class="ck-handout" data-chapter="{chapter}">{name}<ol>{items}</ol></div>',
                chapter=bank.chapter, name=_blank("Name:"), items=join(items))
