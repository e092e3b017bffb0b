"""What only the instructor edition shows, rendered from the course data at build time:
answer keys for the quiz banks and the tabletop scenario, and printable quizzes with
no answers. The learner edition cannot render any of it (sphinx_instructor.py refuses).

Every key carries the class ``ck-answer-key``: the test that proves the learner book
holds no answer key looks for it, and for the instructor pages' own text.
"""

from __future__ import annotations

from html import escape

from .model import FINAL_GROUP, Matching, MultipleChoice, Numeric, Ordering, QuizBank, ShortText, SingleChoice, TrueFalse
from .presentation import answer_text, bank_slots, display_order, matching_order, md_block, md_inline, option_order
from .tabletop import WORDS, Scenario

KEY_CLASS = "ck-answer-key"
_TYPE_NAMES = {"single": "one answer", "multiple": "several answers", "true-false": "true or false",
               "matching": "matching", "ordering": "ordering", "numeric": "number", "short-text": "short text"}


def _groups(bank: QuizBank):
    """(group name, its questions) in the bank's order; a question in no group comes last."""
    grouped = {qid for ids in bank.groups.values() for qid in ids}
    yield from ((name, bank.group(name)) for name in bank.groups)
    rest = [q for q in bank.questions if q.id not in grouped]
    if rest:
        yield "not shown in the chapter", rest


def render_answer_key_html(bank: QuizBank) -> str:
    """Every question of a bank with its answer, explanation and sources, by quiz point."""
    parts = [f'<div class="{KEY_CLASS}" data-chapter="{escape(bank.chapter)}">']
    for name, questions in _groups(bank):
        title = (f"Final-assessment pool ({len(questions)} questions, never shown in the chapter)" if name == FINAL_GROUP
                 else f"Quiz point “{name}” ({len(questions)} questions)")
        parts.append(f'<h3>{escape(title)}</h3><ol class="ck-key-list">')
        for q in questions:
            parts.append(
                f'<li id="key-{escape(q.id)}"><div class="ck-key-prompt">{md_block(q.prompt)}</div>'
                f'<p class="ck-key-meta"><code>{escape(q.id)}</code>, {escape(_TYPE_NAMES[q.type])}'
                f'{", level: " + escape(q.level) if q.level else ""}</p>'
                f'<p><strong>Answer:</strong> {escape(answer_text(q))}</p>'
                f'<div class="ck-key-explanation">{md_block(q.explanation)}</div>'
                f'<p class="ck-sources">Sources: {escape(", ".join(q.sources))}</p></li>')
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def render_tabletop_key_html(s: Scenario) -> str:
    """The whole scenario graph: each decision point's choices, where they lead, why."""
    rows = []
    for name, node in s.nodes.items():
        if node.ending:
            continue
        for choice in node.choices:
            target = s.nodes[choice.next]
            leads = (f"ending <code>{escape(choice.next)}</code> ({escape(WORDS['outcomes'][target.ending])})"
                     if target.ending else f"<code>{escape(choice.next)}</code>")
            rows.append(f"<tr><td><code>{escape(name)}</code></td><td>{escape(choice.label)}</td>"
                        f"<td>{leads}</td><td>{md_block(choice.feedback)}</td></tr>")
    endings = "".join(f"<li><code>{escape(n)}</code>: {escape(WORDS['outcomes'][s.nodes[n].ending])}</li>" for n in s.endings)
    return (f'<div class="{KEY_CLASS}" data-scenario="{escape(s.id)}">'
            f"<p>Start: <code>{escape(s.start)}</code>. {len(s.decision_points)} decision points, "
            f"{len(s.endings)} endings.</p>"
            '<div class="pst-scrollable-table-container"><table class="table">'
            f"<caption>Every choice in “{escape(s.title)}”, where it leads and the feedback learners see</caption>"
            '<thead><tr><th scope="col">Decision point</th><th scope="col">Choice</th>'
            '<th scope="col">Leads to</th><th scope="col">Feedback</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            f"<p>Endings:</p><ul>{endings}</ul></div>")


def _blank(label: str) -> str:
    return f'<p class="ck-blank">{escape(label)} ______________________________________</p>'


def render_quiz_handout_html(bank: QuizBank) -> str:
    """A bank's questions for paper: choices to tick and lines to write on, no answers."""
    items = []
    slots = bank_slots(bank)  # the same places as in the book
    for q in bank.practice_questions:  # the final-assessment pool stays off paper handouts
        body = ""
        if isinstance(q, (SingleChoice, MultipleChoice)):
            box = "☐" if isinstance(q, MultipleChoice) else "○"
            body = "<ul class=\"ck-handout-choices\">" + "".join(f"<li>{box} {md_inline(o.text)}</li>" for o in option_order(q, slot=slots.get(q.id))) + "</ul>"
        elif isinstance(q, TrueFalse):
            body = '<ul class="ck-handout-choices"><li>○ True</li><li>○ False</li></ul>'
        elif isinstance(q, Matching):
            body = ("<ul class=\"ck-handout-choices\">" + "".join(f"<li>{md_inline(q.pairs[i].left)} → ____</li>" for i in matching_order(q)[0])
                    + "</ul><p>Choose from: " + "; ".join(md_inline(c) for c in matching_order(q)[1]) + "</p>")
        elif isinstance(q, Ordering):
            body = ("<p>Number these from 1 (first) to " + str(len(q.items)) + ":</p><ul class=\"ck-handout-choices\">"
                    + "".join(f"<li>____ {md_inline(item)}</li>" for item in display_order(q)) + "</ul>")
        elif isinstance(q, Numeric):
            body = _blank("Your answer" + (f" ({q.unit}):" if q.unit else ":"))
        elif isinstance(q, ShortText):
            body = _blank("Your answer:")
        items.append(f'<li class="ck-handout-question">{md_block(q.prompt)}{body}</li>')
    return (f'<div class="ck-handout" data-chapter="{escape(bank.chapter)}">'
            + _blank("Name:") + f"<ol>{''.join(items)}</ol></div>")
