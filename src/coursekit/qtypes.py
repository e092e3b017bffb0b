"""The registry of question types: each type's model, its name for people, and the one
function every part of the engine uses for it.

A module that does something per type registers one function per type::

    @handler("grade", "numeric")
    def _grade_numeric(question, response): ...

and calls it with ``dispatch("grade", question, response)``. Adding an eighth type
therefore means adding its model to ``TYPES`` and one handler per operation in
``OPERATIONS``; ``missing()`` names every handler still to write (a test asserts there is
none, and another runs every operation on one question of every type).

The browser's twin of the grader (``static/coursekit.js``) is checked by the shared grading
vectors, which cover every type.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple

from .model import Matching, MultipleChoice, Numeric, Ordering, ShortText, SingleChoice, TrueFalse


class QuestionType(NamedTuple):
    model: type
    label: str  # how the answer keys name the type


TYPES: dict[str, QuestionType] = {
    "single": QuestionType(SingleChoice, "one answer"),
    "multiple": QuestionType(MultipleChoice, "several answers"),
    "true-false": QuestionType(TrueFalse, "true or false"),
    "matching": QuestionType(Matching, "matching"),
    "ordering": QuestionType(Ordering, "ordering"),
    "numeric": QuestionType(Numeric, "number"),
    "short-text": QuestionType(ShortText, "short text"),
}

# Every operation done per type -> the module that implements it (imported by ``missing``).
OPERATIONS: dict[str, str] = {
    "grade": "grading",                 # a response -> Verdict
    "feedback_keys": "presentation",    # every feedback a verdict can name, with its text
    "answer_text": "presentation",      # the correct answer in words
    "choice_lines": "presentation",     # what a text-only reader is offered to choose from
    "html_controls": "render_html",     # the book's input controls
    "html_answer": "render_html",       # the book's answer disclosure
    "widget": "widgets",                # the live notebook's input widget
    "gift": "export",                   # Moodle GIFT answer lines
    "qti": "export",                    # Canvas QTI response and scoring
    "csv_choices": "export",            # the CSV export's "choices" column
    "handout": "instructor",            # the paper handout's answer area
}

_HANDLERS: dict[str, dict[str, Callable]] = {operation: {} for operation in OPERATIONS}


def handler(operation: str, *type_names: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as ``operation`` for each of ``type_names``."""
    if operation not in OPERATIONS:
        raise ValueError(f"unknown operation '{operation}' (known: {', '.join(OPERATIONS)})")
    unknown = [name for name in type_names if name not in TYPES]
    if unknown or not type_names:
        raise ValueError(f"unknown question type(s) {unknown} for '{operation}' (known: {', '.join(TYPES)})")

    def register(function: Callable) -> Callable:
        for name in type_names:
            if name in _HANDLERS[operation]:
                raise ValueError(f"two '{operation}' handlers for question type '{name}'")
            _HANDLERS[operation][name] = function
        return function

    return register


def dispatch(operation: str, question, *args, **kwargs):
    """Call the ``operation`` handler registered for ``question``'s type."""
    function = _HANDLERS[operation].get(getattr(question, "type", None))
    if function is None:
        raise TypeError(f"no '{operation}' handler for {type(question).__name__} (type {getattr(question, 'type', None)!r})")
    return function(question, *args, **kwargs)


def missing() -> list[tuple[str, str]]:
    """(operation, type) pairs with no handler, after importing every implementing module."""
    for module in sorted(set(OPERATIONS.values())):
        importlib.import_module(f"{__package__}.{module}")
    return [(operation, name) for operation in OPERATIONS for name in TYPES if name not in _HANDLERS[operation]]
