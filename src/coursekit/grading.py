"""Grade one response to one question.

This module has a twin in ``static/coursekit.js`` (function ``grade``). Both are run
against ``tests/grading_vectors.json`` so a question grades the same way in a live
notebook and in the built book. Change them together.

Response shapes (the same in Python and JavaScript):
- single: option id (str) or None
- multiple: list of option ids
- true-false: bool or None
- matching: list of chosen right-hand texts, one per pair in bank order (None = unanswered)
- ordering: list of item texts in the learner's order
- numeric: number, or the text typed (decimal point, optional sign, surrounding spaces allowed)
- short-text: text
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .model import Matching, MultipleChoice, Numeric, Ordering, ShortText, SingleChoice, TrueFalse
from .i18n import uses_decimal_comma
from .qtypes import dispatch, handler

# Accepted spellings of a number typed by a learner. Deliberately strict and identical
# to the JavaScript pattern: no thousands separators, no decimal comma.
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# Absorbs binary rounding (0.1 + 0.2) without loosening an author's tolerance.
_EPSILON = 1e-9
# A wrong number this close earns a "close" hint: within 10 % of the answer, three times the
# tolerance, or one unit, whichever is widest.
NEAR_SHARE, NEAR_TOLERANCES = 0.1, 3
# A wrong text this close to an accepted answer earns a "check the spelling" hint: at most
# two edits and one per six letters: short names and acronyms get none (UNODC is not UNODA).
NEAR_EDITS = 2


@dataclass(frozen=True)
class Verdict:
    correct: bool
    answered: bool = True
    # Keys of the feedback to show (presentation.feedback_text turns each into words):
    # option ids (single/multiple); "true"/"false"; "pair-<i>" for each pair matched wrongly;
    # "item-<i>" for each item placed out of order (i = its index in the bank); "near-miss"
    # for a number close to the answer; "spelling" for a text close to an accepted answer.
    feedback_for: tuple[str, ...] = field(default_factory=tuple)
    # False when the response cannot be read at all (a number typed as "1,5"): both the book
    # and the notebook then ask again; it is not an attempt and reveals nothing.
    valid: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "answered": self.answered, "feedback_for": list(self.feedback_for),
                "valid": self.valid}


def normalise_text(text: str) -> str:
    """Fold case and white space: 'Global  Mechanism ' == 'global mechanism'."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), by code point as in JS."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# In French and Spanish a decimal is written with a comma: 3,5. Only one comma between
# digits; thousands separators are refused in every language, as above.
_DECIMAL_COMMA = re.compile(r"^([+-]?[0-9]*),([0-9]+)$")


def parse_number(value: Any, decimal_comma: bool = False) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if decimal_comma:
        text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    return float(text) if _NUMBER.match(text) else None


def grade(question, response: Any) -> Verdict:
    """Return the verdict for ``response`` (see the module docstring for shapes)."""
    return dispatch("grade", question, response)


@handler("grade", "single")
def _grade_single(question: SingleChoice, response: Any) -> Verdict:
    if not isinstance(response, str) or response == "":
        return Verdict(False, answered=False)
    return Verdict(response == question.correct, feedback_for=(response,))


@handler("grade", "multiple")
def _grade_multiple(question: MultipleChoice, response: Any) -> Verdict:
    chosen = [r for r in response or [] if isinstance(r, str)]
    if not chosen:
        return Verdict(False, answered=False)
    return Verdict(set(chosen) == set(question.answer), feedback_for=tuple(o.id for o in question.options if o.id in chosen))


@handler("grade", "true-false")
def _grade_true_false(question: TrueFalse, response: Any) -> Verdict:
    if not isinstance(response, bool):
        return Verdict(False, answered=False)
    return Verdict(response == question.answer, feedback_for=("true" if response else "false",))


@handler("grade", "matching")
def _grade_matching(question: Matching, response: Any) -> Verdict:
    chosen = list(response or [])
    if not any(chosen):
        return Verdict(False, answered=False)
    expected = [p.right for p in question.pairs]
    wrong = tuple(f"pair-{i}" for i, right in enumerate(expected) if i >= len(chosen) or chosen[i] != right)
    return Verdict(chosen == expected, feedback_for=wrong)


@handler("grade", "ordering")
def _grade_ordering(question: Ordering, response: Any) -> Verdict:
    chosen = list(response or [])
    if not any(chosen):
        return Verdict(False, answered=False)
    items = list(question.items)
    # Each item the learner placed where it does not belong, once, in the learner's order.
    misplaced = dict.fromkeys(f"item-{items.index(c)}" for p, c in enumerate(chosen)
                              if c in items and (p >= len(items) or items[p] != c))
    return Verdict(chosen == items, feedback_for=tuple(misplaced))


@handler("grade", "numeric")
def _grade_numeric(question: Numeric, response: Any) -> Verdict:
    if response is None or (isinstance(response, str) and not response.strip()):
        return Verdict(False, answered=False)
    number = parse_number(response, decimal_comma=uses_decimal_comma())
    if number is None:
        return Verdict(False, valid=False)
    off = abs(number - question.answer)
    if off <= question.tolerance + _EPSILON:
        return Verdict(True)
    near = off <= max(NEAR_SHARE * abs(question.answer), NEAR_TOLERANCES * question.tolerance, 1) + _EPSILON
    return Verdict(False, feedback_for=("near-miss",) if near else ())


@handler("grade", "short-text")
def _grade_short_text(question: ShortText, response: Any) -> Verdict:
    if not isinstance(response, str) or not response.strip():
        return Verdict(False, answered=False)
    given, accepted = normalise_text(response), [normalise_text(a) for a in question.accept]
    if given in accepted:
        return Verdict(True)
    near = any(edit_distance(given, a) <= min(NEAR_EDITS, len(a) // 6) for a in accepted if a)
    return Verdict(False, feedback_for=("spelling",) if near else ())
