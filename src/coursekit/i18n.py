"""Every interface word of the quiz engine, in one table, and the language it is shown in.

The live widgets read this table directly; the static book receives it as JSON
inside each quiz's markup, so the JavaScript has no strings of its own.

English is the table below. French and Spanish come from the interface catalogue
(``locale/<lang>/LC_MESSAGES/interface.po``, context ``quiz/<key>``; see catalogs.py): a
word not translated yet stays English. ``use_language("fr")`` switches the engine (a
French notebook's cell after its title does it; the French book build does it from Sphinx's
``language``).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

STRINGS: dict[str, str] = {
    "check": "Check",
    "retry": "Retry",
    "correct": "Correct.",
    "incorrect": "Not quite.",
    "unanswered": "Please answer the question first.",
    "invalid_number": "Please type a number, for example 42 or 3.5.",
    "score": "Score",
    "score_line": "Score: {correct} of {total} correct",
    "question_n": "Question {n} of {total}",
    "show_answer": "Show the answer and explanation",
    "answer": "Answer",
    "explanation": "Explanation",
    "source": "Source",
    "true": "True",
    "false": "False",
    "choose": "Choose…",
    "position_n": "Position {n}",
    "your_answer": "Your answer",
    "accepted_answers": "Accepted answers",
    "tolerance": "within {tolerance}",
    "progress_chapter": "Chapter",
    "progress_answered": "Answered",
    "progress_correct": "Correct",
    "progress_none": "No progress recorded yet.",
    "progress_questions": "Questions",
    "progress_needs_js": "Your progress is saved in this browser and needs JavaScript to be shown.",
    "widgets_missing": "Interactive widgets are not available here; the questions are shown as text.",
    "pair_wrong": "Look again at “{left}”.",
    "item_misplaced": "“{item}” is not in its right place.",
    "near_miss": "Close, but outside the accepted range: check the figure in the chapter.",
    "spelling": "Almost: check the spelling.",
    "compare_model_answer": "Compare with a model answer",
    "strong_answer": "What a strong answer considers",
    "storage_unavailable": "Your browser does not allow saving progress; answers still work.",
}


ENGLISH = "en"
_language = ENGLISH


def use_language(code: str) -> None:
    """Show quizzes and the engine's words in this language ("en", "fr" or "es")."""
    from .catalogs import LANGUAGES

    if code != ENGLISH and code not in LANGUAGES:
        known = ", ".join([ENGLISH, *LANGUAGES])
        raise ValueError(f"unknown language {code!r}: the course is available in {known}")
    global _language
    _language = code


@contextmanager
def speaking(code: str):
    """``use_language(code)`` for a ``with`` block, then back to the language before."""
    before = _language
    use_language(code)
    try:
        yield
    finally:
        use_language(before)


def language() -> str:
    return _language


def uses_decimal_comma() -> bool:
    """Whether learners in the current language write 3,5 for three and a half."""
    return _language in ("fr", "es")


# How each language writes a date in full. Fixed by the language, not by the computer's
# locale settings (which differ between Windows, macOS and Linux, and are often English).
_MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
}
_LONG_DATE = {"en": "{day} {month} {year}", "fr": "{day} {month} {year}", "es": "{day} de {month} de {year}"}


def long_date(value) -> str:
    """A date as the current language writes it in full: '1 July 2004', '1er juillet 2004',
    '1 de julio de 2004'. ``value``: a date, a pandas Timestamp or an ISO text ('2004-07-01')."""
    day = date.fromisoformat(str(value)[:10])
    shown_day = "1er" if _language == "fr" and day.day == 1 else str(day.day)
    return _LONG_DATE[_language].format(day=shown_day, month=_MONTHS[_language][day.month - 1], year=day.year)


def words(table: str, english: dict) -> dict:
    """``english`` (one of the engine's word tables, named ``table`` in the interface
    catalogue) in the current language; a word not translated yet stays English."""
    if _language == ENGLISH:
        return english
    from .translations import interface_translations

    translated = interface_translations(_language)

    def walk(prefix: str, table_: dict) -> dict:
        return {key: walk(f"{prefix}/{key}", value) if isinstance(value, dict)
                else translated.get(f"{prefix}/{key}", value) for key, value in table_.items()}

    return walk(table, english)


def strings() -> dict[str, str]:
    """The quiz engine's words in the current language (what the book's script receives)."""
    return words("quiz", STRINGS)


def t(key: str, **values: object) -> str:
    """Look up an interface string and fill in its placeholders."""
    return strings()[key].format(**values)
