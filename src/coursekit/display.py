"""Show a quiz in whatever place the notebook runs: live kernel, book build, or plain viewers.

One display output carries several representations of the same quiz:
- the ipywidgets view (live kernels only),
- ``text/html``: readable questions with answers behind a disclosure (nbviewer, GitHub),
- ``text/plain``: readable questions, no answers,
- ``application/vnd.coursekit.quiz+json``: a reference (chapter, group) that the book
  build turns into interactive HTML from the quiz bank at build time (see sphinx_ext).

The book build says explicitly that it wants the static path by setting
``COURSEKIT_RENDER=static`` (sphinx_ext does it); we never guess from the environment.
"""

from __future__ import annotations

import os

from IPython.display import HTML, display

from .i18n import language, t
from .loader import QuizBank
from .markup import html, join
from .paths import bank_file, course_root
from .presentation import bank_slots, plain_text
from .progress import ProgressStore
from .render_html import render_quiz_html
from .translations import load_translated_bank, load_translated_scenario

QUIZ_MIME = "application/vnd.coursekit.quiz+json"
EXPLORER_MIME = "application/vnd.coursekit.explorer+json"
TABLETOP_MIME = "application/vnd.coursekit.tabletop+json"
ASSESSMENT_MIME = "application/vnd.coursekit.assessment+json"
RENDER_ENV = "COURSEKIT_RENDER"


def static_mode() -> bool:
    return os.environ.get(RENDER_ENV) == "static"


def get_bank(chapter: str) -> QuizBank:
    """The chapter's bank in the current language (``use_language``).
    load_bank parses each distinct text once per process and hands out copies, so an
    edited bank is re-read and no caller can change another caller's bank."""
    root = course_root()
    return load_translated_bank(bank_file(chapter, root), language(), root)


def _show(bundle: dict, make_widget) -> None:
    """Display ``bundle`` (text/plain, text/html and the book's reference type), plus the
    live widget that ``make_widget()`` builds unless the book build asked for static output
    or ipywidgets is not installed (then the HTML version is what the frontend shows)."""
    if not static_mode():
        try:
            widget = make_widget()
        except ImportError:
            pass
        else:
            # The widget's own bundle first: our readable text/plain replaces its repr.
            bundle = {**widget._repr_mimebundle_(), **bundle}
    display(bundle, raw=True)


def show_quiz(chapter: str, group: str) -> None:
    """Display one named group of questions from a chapter's quiz bank."""
    bank = get_bank(chapter)
    if group not in bank.groups:
        raise KeyError(f"quiz bank '{chapter}' has no group '{group}' (groups: {', '.join(bank.groups)})")
    questions = bank.group(group)

    def make_widget():
        from .widgets import quiz_widget

        return quiz_widget(chapter, questions, slots=bank_slots(bank))

    # text/html is only shown where the widgets are not (no ipywidgets, nbviewer, GitHub);
    # its markup carries the one-line "widgets not available" notice itself.
    _show({"text/plain": plain_text(questions), "text/html": render_quiz_html(bank, group),
           QUIZ_MIME: {"chapter": chapter, "group": group}}, make_widget)


def show_explorer(kind: str) -> None:
    """Display an explorer built from the course's data: "norms" or "self-assessment"."""
    from . import explorers

    data_dir = course_root() / "data"

    def make_widget():
        from . import explorer_widgets

        data = explorers.load(kind, data_dir)
        return explorer_widgets.norms_widget(data) if kind == "norms" else explorer_widgets.assessment_widget(data)

    _show({"text/plain": explorers.plain_text(kind, data_dir), "text/html": explorers.render_explorer_html(kind, data_dir),
           EXPLORER_MIME: {"kind": kind}}, make_widget)


def show_tabletop(scenario_id: str) -> None:
    """Play a branching tabletop exercise from ``scenarios/<scenario_id>.yml``."""
    from . import tabletop

    root = course_root()
    scenario = load_translated_scenario(root / "scenarios" / f"{scenario_id}.yml", language(), root)

    def make_widget():
        from .explorer_widgets import tabletop_widget

        return tabletop_widget(scenario)

    _show({"text/plain": tabletop.plain_text(scenario), "text/html": tabletop.render_tabletop_html(scenario),
           TABLETOP_MIME: {"scenario": scenario_id}}, make_widget)


def show_final_assessment() -> None:
    """The final assessment, drawn from every chapter's quiz bank."""
    from . import assessment
    from .course import chapter_slugs
    from .loader import load_banks

    root = course_root()
    order = chapter_slugs(root)
    banks = load_banks([root / "quizzes"])

    def make_widget():
        from .widgets import final_assessment_widget

        return final_assessment_widget(*assessment.assessment_meta(banks, order))

    _show({"text/plain": "Final assessment: questions from every chapter.\n",
           "text/html": assessment.render_assessment_html(banks, order), ASSESSMENT_MIME: {}}, make_widget)


def progress_rows(store: ProgressStore | None = None) -> list[dict]:
    """One row per chapter bank: questions, answered, answered correctly at least once."""
    saved = (store or ProgressStore()).load()
    rows = []
    for path in sorted((course_root() / "quizzes").glob("*.yml")):
        bank = get_bank(path.stem)
        done = saved.get(bank.chapter, {})
        ids = {q.id for q in bank.practice_questions}
        rows.append({
            "chapter": bank.chapter,
            "title": bank.title,
            "questions": len(ids),
            "answered": sum(1 for q in ids if q in done),
            "correct": sum(1 for q in ids if done.get(q, {}).get("correct")),
        })
    return rows


def show_progress(store: ProgressStore | None = None) -> None:
    """Show a table of the learner's progress per chapter (from the progress file)."""
    rows = progress_rows(store)
    head = join(html("<th scope='col'>{label}</th>", label=t(k)) for k in ("progress_chapter", "progress_answered", "progress_correct"))
    body = join(html("<tr><th scope='row'>{title}</th><td>{answered} / {questions}</td><td>{correct} / {questions}</td></tr>", **r)
                for r in rows)
    display(HTML(html("<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>", head=head, body=body)))
