"""The instructor edition's directives (set up by ``coursekit.sphinx_ext``).

- ``{coursekit-answer-key} <chapter>``: a quiz bank's answers, explanations and sources;
- ``{coursekit-tabletop-key} <scenario>``: every choice of a tabletop scenario and where it leads;
- ``{coursekit-quiz-handout} <chapter>``: a bank's questions for paper, no answers;
- ``{coursekit-agendas}``: the workshop agendas, timed from the chapters' own estimates.

The two key directives refuse to render unless ``coursekit_edition`` is "instructor"
(set by ``python -m coursekit.build --edition instructor``): an answer key placed on a
learner page by mistake fails the strict learner build instead of being published.
Each directive records its data files as dependencies, so the keys follow the banks.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import agendas
from .instructor import render_answer_key_html, render_quiz_handout_html, render_tabletop_key_html
from .loader import QuizValidationError, load_bank
from .tabletop import load_scenario

# Handout pages get a print stylesheet (each "##" section on a new sheet, no theme chrome).
HANDOUT_PAGES = "instructor/handouts/"


class _DataDirective(SphinxDirective):
    required_arguments = 1
    instructor_only = True

    def source_path(self) -> Path:
        raise NotImplementedError

    def render(self, path: Path) -> str:
        raise NotImplementedError

    def run(self):
        if self.instructor_only and self.config.coursekit_edition != "instructor":
            raise self.error(f"{self.name} shows answers: it is allowed only in the instructor edition "
                             "(python -m coursekit.build --edition instructor)")
        path = self.source_path()
        for dependency in (path, Path(__file__).with_name("instructor.py")):
            self.env.note_dependency(str(dependency))
        try:
            markup = self.render(path)
        except QuizValidationError as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", markup, format="html")]


class AnswerKeyDirective(_DataDirective):
    def source_path(self):
        return Path(self.env.srcdir) / "quizzes" / f"{self.arguments[0]}.yml"

    def render(self, path):
        return render_answer_key_html(load_bank(path))


class TabletopKeyDirective(_DataDirective):
    def source_path(self):
        return Path(self.env.srcdir) / "scenarios" / f"{self.arguments[0]}.yml"

    def render(self, path):
        return render_tabletop_key_html(load_scenario(path))


class QuizHandoutDirective(AnswerKeyDirective):
    instructor_only = False  # no answers in it

    def render(self, path):
        return render_quiz_handout_html(load_bank(path))


class AgendasDirective(SphinxDirective):
    def run(self):
        root = Path(self.env.srcdir)
        for path in [Path(agendas.__file__), root / agendas.AGENDA_FILE, root / "_toc.yml", *sorted((root / "notebooks").glob("*.ipynb"))]:
            self.env.note_dependency(str(path))
        try:
            text = agendas.to_markdown(agendas.load_plans(root))
        except QuizValidationError as exc:
            raise self.error(str(exc)) from None
        return self.parse_text_to_nodes(text, allow_section_headings=True)


def _print_stylesheet(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if pagename.startswith(HANDOUT_PAGES):
        app.add_css_file("coursekit-print.css", media="print")


MODEL_ANSWER = '<details class="ck-model-answer">'


def _open_model_answers(app: Sphinx, doctree) -> None:
    """Learners open a task's model answer themselves; instructors see it open. The
    disclosure is plain HTML in the notebook (it reads the same in JupyterLab and on
    GitHub), so the instructor edition opens it here, in its own doctrees."""
    if app.config.coursekit_edition != "instructor":
        return
    for node in list(doctree.findall(nodes.raw)):
        if MODEL_ANSWER in node.astext():
            node.replace_self(nodes.raw("", node.astext().replace(MODEL_ANSWER, MODEL_ANSWER[:-1] + " open>"), format="html"))


def setup(app: Sphinx) -> None:
    app.add_config_value("coursekit_edition", "learner", "env", types=[str])
    app.add_directive("coursekit-answer-key", AnswerKeyDirective)
    app.add_directive("coursekit-tabletop-key", TabletopKeyDirective)
    app.add_directive("coursekit-quiz-handout", QuizHandoutDirective)
    app.add_directive("coursekit-agendas", AgendasDirective)
    app.connect("html-page-context", _print_stylesheet)
    app.connect("doctree-read", _open_model_answers)
