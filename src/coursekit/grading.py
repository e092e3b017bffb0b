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

# Accepted spellings of a number typed by a learner. Deliberately strict and identical
# to the JavaScript pattern: no thousands separators, no decimal comma.
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# Absorbs binary rounding (0.1 + 0.2) without loosening an author's tolerance.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Verdict:
    correct: bool
    answered: bool = True
    # Option ids (single/multiple) or "true"/"false" whose feedback should be shown.
    feedback_for: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "answered": self.answered, "feedback_for": list(self.feedback_for)}


def normalise_text(text: str) -> str:
    """Fold case and white space: 'Global  Mechanism ' == 'global mechanism'."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def parse_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value.strip())
    return None


def grade(question, response: Any) -> Verdict:
    """Return the verdict for ``response`` (see the module docstring for shapes)."""
    if isinstance(question, SingleChoice):
        if not isinstance(response, str) or response == "":
            return Verdict(False, answered=False)
        return Verdict(response == question.correct, feedback_for=(response,))
    if isinstance(question, MultipleChoice):
        chosen = [r for r in response or [] if isinstance(r, str)]
        if not chosen:
            return Verdict(False, answered=False)
        return Verdict(set(chosen) == set(question.answer), feedback_for=tuple(o.id for o in question.options if o.id in chosen))
    if isinstance(question, TrueFalse):
        if not isinstance(response, bool):
            return Verdict(False, answered=False)
        return Verdict(response == question.answer, feedback_for=("true" if response else "false",))
    if isinstance(question, Matching):
        chosen = list(response or [])
        if not any(chosen):
            return Verdict(False, answered=False)
        expected = [p.right for p in question.pairs]
        return Verdict(chosen == expected)
    if isinstance(question, Ordering):
        chosen = list(response or [])
        if not any(chosen):
            return Verdict(False, answered=False)
        return Verdict(chosen == list(question.items))
    if isinstance(question, Numeric):
        if response is None or (isinstance(response, str) and not response.strip()):
            return Verdict(False, answered=False)
        number = parse_number(response)
        if number is None:
            return Verdict(False)
        return Verdict(abs(number - question.answer) <= question.tolerance + _EPSILON)
    if isinstance(question, ShortText):
        if not isinstance(response, str) or not response.strip():
            return Verdict(False, answered=False)
        accepted = {normalise_text(a) for a in question.accept}
        return Verdict(normalise_text(response) in accepted)
    raise TypeError(f"not a question: {type(question).__name__}")
