"""Presentation helpers shared by the live widgets and the static HTML renderer."""

from __future__ import annotations

import hashlib
import json

from markdown_it import MarkdownIt

from .i18n import t
from .model import Matching, MultipleChoice, Numeric, Ordering, ShortText, SingleChoice, TrueFalse

# Raw HTML off: quiz text is data, never markup that could run in a learner's browser.
# Images off: a Markdown image would make the page fetch a URL; the book works offline.
_MD = MarkdownIt("commonmark", {"html": False}).disable("image")


def md_block(text: str) -> str:
    return _MD.render(text).strip()


def json_for_script(data: object) -> str:
    """JSON that is safe inside <script>: no '<' can form '</script>' or '<!--'."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def md_parse(text: str) -> list:
    return _MD.parse(text)


def md_inline(text: str) -> str:
    return _MD.renderInline(text)


def display_order(question: Ordering) -> list[str]:
    """Items in a stable shuffled order (same on every run, in widgets and in HTML)."""
    shuffled = sorted(question.items, key=lambda item: hashlib.sha256(f"{question.id}\n{item}".encode()).hexdigest())
    if shuffled == list(question.items):  # never start in the correct order: rotate (items are distinct)
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def answer_text(question) -> str:
    """The correct answer in words, for the disclosure and the explanation."""
    if isinstance(question, SingleChoice):
        return next(o.text for o in question.options if o.id == question.correct)
    if isinstance(question, MultipleChoice):
        return "; ".join(o.text for o in question.options if o.id in question.answer)
    if isinstance(question, TrueFalse):
        return t("true") if question.answer else t("false")
    if isinstance(question, Matching):
        return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)
    if isinstance(question, Ordering):
        return " → ".join(question.items)
    if isinstance(question, Numeric):
        unit = f" {question.unit}" if question.unit else ""
        tol = f" ({t('tolerance', tolerance=f'{question.tolerance:g}')})" if question.tolerance else ""
        return f"{question.answer:g}{unit}{tol}"
    if isinstance(question, ShortText):
        return " / ".join(question.accept)
    raise TypeError(type(question).__name__)


def plain_text(questions: list) -> str:
    """Readable questions without answers, for frontends that show only text."""
    lines = []
    for n, q in enumerate(questions, 1):
        lines.append(f"{t('question_n', n=n, total=len(questions))}: {q.prompt.strip()}")
        if isinstance(q, (SingleChoice, MultipleChoice)):
            lines += [f"  - {o.text}" for o in q.options]
        elif isinstance(q, TrueFalse):
            lines.append(f"  - {t('true')} / {t('false')}")
        elif isinstance(q, Matching):
            lines += [f"  - {p.left} → ?" for p in q.pairs]
            lines.append("    " + t("choose") + " " + " | ".join(q.choices))
        elif isinstance(q, Ordering):
            lines += [f"  - {item}" for item in display_order(q)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
