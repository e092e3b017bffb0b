"""Presentation helpers shared by the live widgets and the static HTML renderer."""

from __future__ import annotations

import hashlib
import json

from markdown_it import MarkdownIt

from .i18n import t
from .markup import Markup
from .numbers import format_number
from .model import Matching, MultipleChoice, Numeric, Ordering, ShortText, SingleChoice, TrueFalse
from .qtypes import dispatch, handler

# Raw HTML off: quiz text is data, never markup that could run in a learner's browser.
# Images off: a Markdown image would make the page fetch a URL; the book works offline.
_MD = MarkdownIt("commonmark", {"html": False}).disable("image")


def md_block(text: str) -> Markup:
    """Quiz or scenario Markdown as HTML (raw HTML off), marked safe for markup.html()."""
    return Markup(_MD.render(text).strip())


def json_for_script(data: object) -> Markup:
    """JSON that is safe inside <script>: no '<' can form '</script>' or '<!--'."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def md_parse(text: str) -> list:
    return _MD.parse(text)


def md_inline(text: str) -> Markup:
    return Markup(_MD.renderInline(text))


def shuffled(seed: str, items: list) -> list:
    """``items`` in an order fixed by ``seed`` and unrelated to the order written: the same
    on every run and in every renderer, so snapshots and nbval comparisons stay quiet."""
    return sorted(items, key=lambda item: hashlib.sha256(f"{seed}\n{item}".encode()).hexdigest())


def key_slots(questions: list) -> dict[str, int]:
    """Where each single-choice key goes: the k-th single-choice question of ``questions``
    puts its key at position (k + offset) mod n. Left to a random shuffle, one chapter showed
    10 of its 14 keys first; dealt in turn, every position gets its share. The offset comes
    from the first question's id, so the book and the notebook place every key alike."""
    singles = [q for q in questions if isinstance(q, SingleChoice)]
    if not singles:
        return {}
    offset = int(hashlib.sha256(questions[0].id.encode()).hexdigest(), 16) % 4
    return {q.id: offset + k for k, q in enumerate(singles)}


def bank_slots(bank) -> dict[str, int]:
    """``key_slots`` over a whole bank, group after group (chapter quizzes, then the final
    pool): each chapter deals its keys to every position in turn."""
    return key_slots([q for name in bank.groups for q in bank.group(name)])


def option_order(question: SingleChoice | MultipleChoice, attempt: int = 0, slot: int | None = None) -> list:
    """The options as shown. Authors tend to write the key first; the order shown never
    depends on the order written. A single-choice key goes to position ``slot`` mod n when
    the quiz gives one (``key_slots``; first display only: a retry is a new random deal).
    Multiple choice never shows exactly the keys on top, the blind 'tick the first ones'
    strategy (the next seed is tried instead)."""
    ids = [o.id for o in question.options]
    by_id = {o.id: o for o in question.options}
    if isinstance(question, SingleChoice) and slot is not None and attempt == 0:
        others = shuffled(f"{question.id}\n0", [i for i in ids if i != question.correct])
        others.insert(slot % len(ids), question.correct)
        return [by_id[i] for i in others]
    salt = 0
    while True:
        order = shuffled(f"{question.id}\n{attempt}\n{salt}", ids)
        keys = question.answer if isinstance(question, MultipleChoice) else None
        if keys is None or not keys_come_first(order, keys) or len(keys) == len(ids) or salt > 50:
            return [by_id[i] for i in order]
        salt += 1


def keys_come_first(option_ids: list[str], answer: list[str]) -> bool:
    """True when the correct options are exactly the first ones (the blind 'tick the top' strategy)."""
    return set(option_ids[: len(answer)]) == set(answer)


def display_order(question: Ordering, attempt: int = 0) -> list[str]:
    """Items in a stable shuffled order, never the correct one (items are distinct)."""
    order = shuffled(f"{question.id}\n{attempt}", list(question.items))
    if order == list(question.items):  # never start in the correct order: rotate
        order = order[1:] + order[:1]
    return order


def matching_order(question: Matching, attempt: int = 0) -> tuple[list[int], list[str]]:
    """(pair indexes in the order the rows are shown, right-hand choices in the order listed)."""
    rows = shuffled(f"{question.id}\n{attempt}\nrows", list(range(len(question.pairs))))
    return rows, shuffled(f"{question.id}\n{attempt}\nchoices", question.choices)


def feedback_keys(question) -> list[tuple[str, str]]:
    """Every feedback a check can call for (``Verdict.feedback_for`` keys) with its Markdown.
    The book pre-renders them all; the live widget looks up the ones a verdict names."""
    return dispatch("feedback_keys", question)


@handler("feedback_keys", "single", "multiple")
def _option_feedback(question) -> list[tuple[str, str]]:
    return [(o.id, o.feedback) for o in question.options if o.feedback]


@handler("feedback_keys", "true-false")
def _true_false_feedback(question: TrueFalse) -> list[tuple[str, str]]:
    return [(k, v) for k, v in (("true", question.feedback_if_true), ("false", question.feedback_if_false)) if v]


@handler("feedback_keys", "matching")
def _pair_feedback(question: Matching) -> list[tuple[str, str]]:
    return [(f"pair-{i}", " ".join(filter(None, [t("pair_wrong", left=p.left), p.feedback])))
            for i, p in enumerate(question.pairs)]


@handler("feedback_keys", "ordering")
def _item_feedback(question: Ordering) -> list[tuple[str, str]]:
    return [(f"item-{i}", t("item_misplaced", item=item)) for i, item in enumerate(question.items)]


@handler("feedback_keys", "numeric")
def _near_miss_feedback(question: Numeric) -> list[tuple[str, str]]:
    return [("near-miss", t("near_miss"))]


@handler("feedback_keys", "short-text")
def _spelling_feedback(question: ShortText) -> list[tuple[str, str]]:
    return [("spelling", t("spelling"))]


def feedback_text(question, key: str) -> str | None:
    return dict(feedback_keys(question)).get(key)


def answer_text(question) -> str:
    """The correct answer in words, for the disclosure and the explanation."""
    return dispatch("answer_text", question)


@handler("answer_text", "single")
def _single_answer(question: SingleChoice) -> str:
    return next(o.text for o in question.options if o.id == question.correct)


@handler("answer_text", "multiple")
def _multiple_answer(question: MultipleChoice) -> str:
    return "; ".join(o.text for o in question.options if o.id in question.answer)


@handler("answer_text", "true-false")
def _true_false_answer(question: TrueFalse) -> str:
    return t("true") if question.answer else t("false")


@handler("answer_text", "matching")
def _matching_answer(question: Matching) -> str:
    return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)


@handler("answer_text", "ordering")
def _ordering_answer(question: Ordering) -> str:
    return " → ".join(question.items)


@handler("answer_text", "numeric")
def _numeric_answer(question: Numeric) -> str:
    unit = f" {question.unit}" if question.unit else ""
    tol = f" ({t('tolerance', tolerance=format_number(question.tolerance))})" if question.tolerance else ""
    return f"{format_number(question.answer)}{unit}{tol}"


@handler("answer_text", "short-text")
def _short_text_answer(question: ShortText) -> str:
    return " / ".join(question.accept)


def plain_text(questions: list) -> str:
    """Readable questions without answers, for frontends that show only text."""
    lines = []
    for n, q in enumerate(questions, 1):
        lines.append(f"{t('question_n', n=n, total=len(questions))}: {q.prompt.strip()}")
        lines += dispatch("choice_lines", q)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@handler("choice_lines", "single", "multiple")
def _option_lines(q) -> list[str]:
    return [f"  - {o.text}" for o in q.options]


@handler("choice_lines", "true-false")
def _true_false_lines(q: TrueFalse) -> list[str]:
    return [f"  - {t('true')} / {t('false')}"]


@handler("choice_lines", "matching")
def _matching_lines(q: Matching) -> list[str]:
    return [f"  - {p.left} → ?" for p in q.pairs] + ["    " + t("choose") + " " + " | ".join(q.choices)]


@handler("choice_lines", "ordering")
def _ordering_lines(q: Ordering) -> list[str]:
    return [f"  - {item}" for item in display_order(q)]


@handler("choice_lines", "numeric", "short-text")
def _no_lines(q) -> list[str]:
    return []  # the learner types the answer
