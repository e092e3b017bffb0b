"""coursekit: quiz engine and book tooling for the UN and Cybersecurity course.

Public API (everything else is private):
- ``show_quiz(chapter, group)``: display one group of a chapter's questions.
- ``show_explorer(kind)``: the norms explorer or the capacity self-assessment.
- ``show_tabletop(scenario_id)``: a branching tabletop exercise.
- ``show_final_assessment()``: the course's final assessment.
- ``show_progress()``: a table of the learner's progress per chapter.
- ``data_file(name)``: path of a data file shipped with the course.
- ``load_bank(path)`` / ``QuizValidationError``: read and validate a quiz bank.
- ``grade(question, response)``: grade one response (same rules as the book's JavaScript).
- ``use_language(code)``: show quizzes and the engine's words in French ("fr") or Spanish ("es").
"""

from .grading import grade
from .i18n import long_date, use_language
from .loader import QuizValidationError, load_bank
from .paths import data_file

__all__ = ["show_quiz", "show_explorer", "show_tabletop", "show_final_assessment", "show_progress", "data_file", "load_bank", "QuizValidationError", "grade", "use_language", "long_date"]


def __getattr__(name):  # imported lazily: the display layer pulls in IPython
    if name in ("show_quiz", "show_explorer", "show_tabletop", "show_final_assessment", "show_progress"):
        from . import display

        return getattr(display, name)
    raise AttributeError(name)
