"""Jupyter Book (Sphinx) integration: the course's activities become static, accessible HTML.

Listed in ``_config.yml`` under ``sphinx.extra_extensions``. It:
- sets COURSEKIT_RENDER=static so kernels started by the build emit no widgets (explicit,
  never guessed: see display.py);
- renders each activity output (quiz, explorer, tabletop exercise, final assessment) from
  its source data *at build time*, recording that data and the engine files as dependencies
  of the page, so an edit shows in the next build even when execution is cached;
- serves ``coursekit.js``/``coursekit.css`` on every page (compacted), and an activity's
  own script only on the pages that show it;
- provides the ``coursekit-progress`` and ``coursekit-table`` directives, and (from
  sphinx_instructor.py) the instructor edition's answer keys, handouts and agendas;
- fixes the theme where axe finds accessibility problems, and unhooks sphinx-thebe;
- lets notebooks be read (executed) in parallel, and caches pybtex plugin look-ups.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import (assessment, display, i18n, explorers, sphinx_instructor, sphinx_languages, sphinx_light, sphinx_offline,
               sphinx_stylesheet, tabletop)
from .catalogs import catalog_path
from .course import chapter_slugs
from .loader import QuizValidationError, load_bank, load_banks
from .markup import html, join
from .render_html import render_progress_html, render_quiz_html
from .translations import catalog_translations, load_translated_bank, load_translated_scenario

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
# The engine files whose change must re-render every page that shows a quiz. The JS and
# CSS are listed too: Sphinx copies static files only when some page is rebuilt.
ENGINE_FILES = [Path(__file__).parent / n for n in ("render_html.py", "presentation.py", "model.py", "i18n.py", "grading.py",
                                                   "explorers.py", "tabletop.py", "assessment.py", "translations.py",
                                                   "sphinx_ext.py")]
ENGINE_FILES += sorted(STATIC_DIR.iterdir())
logger = logging.getLogger(__name__)


def _note_dependencies(env, paths) -> None:
    for path in [*paths, *_catalogs_of(_course_root(env), paths), *ENGINE_FILES]:
        env.note_dependency(str(path))


def _catalogs_of(root: Path, paths) -> list[Path]:
    """In a French or Spanish book, the catalogues that translate ``paths`` (and the
    interface's words): editing a translation re-renders the pages that show it."""
    language = i18n.language()
    if language == i18n.ENGLISH:
        return []
    names = ["interface"] + [Path(p).relative_to(root).with_suffix("").as_posix() for p in paths
                             if Path(p).suffix in (".yml", ".yaml") and Path(p).is_relative_to(root)]
    return [path for path in (catalog_path(root, language, name) for name in names) if path.is_file()]


def _translated_banks(root: Path) -> dict:
    """Every chapter's bank, in the book's language."""
    return {path.stem: load_translated_bank(path, i18n.language(), root)
            for path in sorted((root / "quizzes").glob("*.yml"))}


class QuizMimeRenderer:
    """myst-nb mime-render plugin (entry point ``myst_nb.mime_renderers``)."""

    mime_priority_overrides = ()  # the priority is set explicitly in _config.yml

    @staticmethod
    def handle_mime(renderer, data, inline):
        activity = _ACTIVITIES.get(data.mime_type)
        if inline or activity is None:
            return None
        env = renderer.renderer.sphinx_env
        root, ref = _course_root(env), data.content
        depends_on, render = activity(root, ref)
        _note_dependencies(env, depends_on)
        try:
            markup = render()
        except (QuizValidationError, explorers.ExplorerDataError, KeyError, OSError) as exc:
            logger.warning("%s cannot be shown: %s", ref or "the final assessment", exc, location=(env.docname, data.line))
            return [nodes.paragraph(text=f"[{ref or 'the final assessment'} is unavailable]")]
        return [nodes.raw("", markup, format="html")]


def _course_root(env) -> Path:
    """The course folder (quizzes/, data/): the book's source folder, or for a French or
    Spanish book (source folder fr/ or es/) the folder above it."""
    source = Path(env.srcdir)
    return source if (source / "quizzes").is_dir() else source.parent


# For each activity's output type: (root, reference) -> (files it is built from, renderer).
def _quiz(root: Path, ref: dict):
    path = root / "quizzes" / f"{ref['chapter']}.yml"
    return [path], lambda: render_quiz_html(load_translated_bank(path, i18n.language(), root), ref["group"])


def _explorer(root: Path, ref: dict):
    data_dir = root / "data"
    return ([data_dir / name for name in explorers.DATA_FILES.get(ref.get("kind"), ())],
            lambda: explorers.render_explorer_html(ref.get("kind"), data_dir))


def _tabletop(root: Path, ref: dict):
    path = root / "scenarios" / f"{ref.get('scenario')}.yml"
    return [path], lambda: tabletop.render_tabletop_html(load_translated_scenario(path, i18n.language(), root))


def _assessment(root: Path, ref: dict):
    folder = root / "quizzes"
    return ([*sorted(folder.glob("*.yml")), root / "_toc.yml"],
            lambda: assessment.render_assessment_html(_translated_banks(root), chapter_slugs(root)))


_ACTIVITIES = {display.QUIZ_MIME: _quiz, display.EXPLORER_MIME: _explorer,
               display.TABLETOP_MIME: _tabletop, display.ASSESSMENT_MIME: _assessment}


class ProgressDirective(SphinxDirective):
    """``{coursekit-progress}``: the learner's progress from browser storage, per chapter."""

    def run(self):
        folder = _course_root(self.env) / "quizzes"
        _note_dependencies(self.env, sorted(folder.glob("*.yml")))
        try:
            load_banks([folder])  # every defect of every bank at once, in the English files
            banks = _translated_banks(_course_root(self.env))
            # Chapters in reading order (_toc.yml), not file-name order.
            order = chapter_slugs(_course_root(self.env))
            banks = dict(sorted(banks.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
            markup = render_progress_html(banks)
        except QuizValidationError as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", markup, format="html")]


def compact(text: str) -> str:
    """Drop comment-only lines and indentation from our JS/CSS (a page's course assets must
    stay small). Safe for our own files only: they have no multi-line strings, and no
    line that starts with a comment marker is inside a string."""
    text = re.sub(r"(?m)^[ \t]*/\*(?:(?!\*/)[\s\S])*\*/[ \t]*\n", "", text)
    return "".join(line.lstrip() for line in text.splitlines(keepends=True) if not line.lstrip().startswith("//"))


class DataTableDirective(SphinxDirective):
    """``{coursekit-table} data/file.csv`` with ``:columns: a, b`` (and optional
    ``:sort:`` column): a data file shown as an accessible table, rebuilt when the file
    changes. Used for the timeline and glossary pages, so they never drift from the data.
    ``:headers: A, B`` names the columns for the reader (translated with the page, like the
    caption); without it a column is headed by its name in the file. ``:translate: b``: in
    a French or Spanish book, the texts of these columns come from the file's catalogue
    (``locale/<lang>/LC_MESSAGES/data/<file>.po``); the file itself stays English."""

    required_arguments = 1
    option_spec = {"columns": directives.unchanged_required, "sort": directives.unchanged,
                   "caption": directives.unchanged, "headers": directives.unchanged,
                   "translate": directives.unchanged}

    def run(self):
        path = _course_root(self.env) / self.arguments[0]
        self.env.note_dependency(str(path))
        columns = [c.strip() for c in self.options["columns"].split(",")]
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as exc:
            raise self.error(f"{path}: cannot read: {exc}") from None
        missing = [c for c in columns if rows and c not in rows[0]]
        if not rows or missing:
            raise self.error(f"{path}: no rows, or missing column(s): {', '.join(missing)}")
        translated = [c.strip() for c in self.options.get("translate", "").split(",") if c.strip()]
        if translated and i18n.language() != i18n.ENGLISH:
            catalogue = catalog_path(_course_root(self.env), i18n.language(), Path(self.arguments[0]).with_suffix("").as_posix())
            self.env.note_dependency(str(catalogue))
            texts = catalog_translations(catalogue, i18n.language())
            rows = [{**r, **{c: texts.get((r[c], c), (r[c],))[0] for c in translated if c in r}} for r in rows]
        if self.options.get("sort"):
            rows.sort(key=lambda r: r[self.options["sort"]].casefold())
        headers = ([h.strip() for h in self.options["headers"].split(",")] if self.options.get("headers")
                   else [c.replace("_", " ").capitalize() for c in columns])
        if len(headers) != len(columns):
            raise self.error(f":headers: names {len(headers)} columns, :columns: {len(columns)}")
        head = join(html('<th scope="col">{name}</th>', name=name) for name in headers)
        body = join(html("<tr>{cells}</tr>", cells=join(html("<td>{value}</td>", value=r[c]) for c in columns)) for r in rows)
        caption = html("<caption>{caption}</caption>", caption=self.options["caption"]) if self.options.get("caption") else ""
        markup = html('<div class="pst-scrollable-table-container"><table class="table">{caption}'
                      "<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>", caption=caption, head=head, body=body)
        return [nodes.raw("", str(markup), format="html")]


def _serve_assets(app: Sphinx) -> None:
    # Served from the build folder, compacted; not from the book's _static, where
    # jupyter-book adds a <script> for every .js file it finds.
    served = Path(app.doctreedir).parent / "coursekit-static"  # per edition, outside its HTML folder
    served.mkdir(parents=True, exist_ok=True)
    for source in STATIC_DIR.iterdir():
        target, text = served / source.name, compact(source.read_text(encoding="utf-8"))
        if not target.is_file() or target.read_text(encoding="utf-8") != text:  # keep mtimes of unchanged files
            target.write_text(text, encoding="utf-8")
    app.config.html_static_path.append(str(served))


# An activity's own script, loaded only by the pages whose body holds that activity.
_PAGE_SCRIPTS = {'class="ck-explorer': "coursekit-explorers.js", 'class="ck-tabletop': "coursekit-tabletop.js",
                 'class="ck-final': "coursekit-final.js", 'class="ck-save-offline': "coursekit-offline.js"}


def _add_page_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body") or ""
    for marker, script in _PAGE_SCRIPTS.items():
        if marker in body:
            app.add_js_file(script, loading_method="defer")


def _theme_accessibility_settings(app: Sphinx, config) -> None:
    # Our theme component overrides (templates/), found before the theme's own.
    config.templates_path.insert(0, str(TEMPLATES_DIR))
    # Code colours that meet AA contrast in light and dark mode. Set here, not in
    # _config.yml, because a html_theme_options there would replace the options
    # Jupyter Book derives from its html: and launch_buttons: sections.
    config.html_theme_options.setdefault("pygments_light_style", "a11y-high-contrast-light")
    config.html_theme_options.setdefault("pygments_dark_style", "a11y-high-contrast-dark")
    # The theme reads the colour mode from storage, falling back to this; left empty, every
    # first visit logged "Got invalid theme mode" as a console error.
    config.html_context.setdefault("default_mode", "auto")


# pandas writes a <style scoped> block before every table it renders; HTML has no scoped
# styles (the W3C Nu checker reports each one as an error). coursekit.css styles the tables.
_PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>\s*", re.DOTALL)


def _fix_theme_markup(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Markup fixes that axe and the W3C Nu checker ask for, made on the page body as it is written:
    - docutils marks a bibliography as role=list holding role=doc-biblioentry items, but a
      list may only hold list items ("aria-required-children"): say listitem;
    - pandas leaves the corner cell of a table with a row index empty
      ("empty-table-header"): give it a name only screen readers announce;
    - pandas' <style scoped> blocks go (see _PANDAS_STYLE)."""
    body = context.get("body")
    if body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"').replace(
            "<th></th>", '<th><span class="visually-hidden">Row</span></th>')
        context["body"] = _PANDAS_STYLE.sub("", body)


DESCRIPTION_LENGTH = 155  # what search engines show of a description


def page_description(doctree) -> str:
    """A page's meta description: its first paragraph of real prose (60 characters or more,
    outside lists, admonitions and tables, so a chapter is described by its introduction,
    not by its objectives or time estimate), cut at a word boundary."""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(a, (nodes.Admonition, nodes.table, nodes.field_list, nodes.list_item)) for a in _ancestors(paragraph)):
            continue
        first = next((child for child in paragraph.children if child.astext().strip()), None)
        if isinstance(first, nodes.strong) and first.astext().endswith(":"):
            continue  # a labelled line ("**Time:** ...", "**Prerequisites:** ..."), not prose
        text = " ".join(paragraph.astext().split())
        if len(text) >= 60:
            if len(text) > DESCRIPTION_LENGTH:
                text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            return text
    return ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _add_description(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """<meta name="description"> for every page (search results and link previews show it)."""
    text = page_description(doctree) if doctree is not None else ""
    text = text or f"{context.get('title', '')}: {app.config.html_title}".strip(": ")
    # str(): other extensions append plain HTML to the metatags, and adding plain text to
    # Markup (from either side) escapes the plain text.
    context["metatags"] = context.get("metatags", "") + "\n" + str(html('<meta name="description" content="{text}">', text=text))


def setup(app: Sphinx) -> dict:
    os.environ[display.RENDER_ENV] = "static"
    _cache_pybtex_plugin_lookups()
    app.connect("builder-inited", _serve_assets)
    app.connect("html-page-context", _fix_theme_markup)
    app.connect("html-page-context", _add_description)
    app.connect("html-page-context", _add_page_scripts)
    app.connect("config-inited", _theme_accessibility_settings)
    app.connect("config-inited", _use_book_language)
    app.add_js_file("coursekit.js", loading_method="defer")
    app.add_css_file("coursekit.css")
    app.add_directive("coursekit-progress", ProgressDirective)
    app.add_directive("coursekit-table", DataTableDirective)
    sphinx_instructor.setup(app)  # the instructor edition's keys, handouts and agendas
    sphinx_light.setup(app)  # light pages: only the assets a page needs, icons cut down
    sphinx_stylesheet.setup(app)  # one stylesheet for every page
    sphinx_offline.setup(app)  # "Save this course for offline use"
    sphinx_languages.setup(app)  # links to the same page in the other languages
    # At builder-inited every extension is loaded, and parallel reading is not yet decided.
    app.connect("builder-inited", _mark_bundled_extensions_parallel_safe)
    app.connect("builder-inited", _disable_thebe)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _use_book_language(app: Sphinx, config) -> None:
    """A French or Spanish book shows its activities and the engine's words in its language."""
    from .catalogs import LANGUAGES

    i18n.use_language(config.language if config.language in LANGUAGES else i18n.ENGLISH)


def _disable_thebe(app: Sphinx) -> None:
    """Jupyter Book always loads sphinx-thebe (live code through a remote kernel). The course
    does not use it (launch_buttons.thebe is false), yet sphinx-thebe writes its CDN address
    into every page, twice, which also raises a JavaScript error. Unhook its page scripts."""
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "") == "sphinx_thebe":
                if listener.handler.__name__ in ("init_thebe_core", "update_thebe_context"):
                    listeners.remove(listener)


def _cache_pybtex_plugin_lookups() -> None:
    """sphinxcontrib-bibtex asks pybtex for a plugin for every citation it resolves, and
    pybtex answers by scanning every installed package's entry points: several seconds of
    every build, spent while pages are written one by one. The answer cannot change during
    a build, so remember it (pybtex calls this module-level function by name)."""
    import functools

    import pybtex.plugin

    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(pybtex.plugin._load_entry_point)


def _mark_bundled_extensions_parallel_safe(app: Sphinx) -> None:
    """Two extensions that Jupyter Book always loads declare no parallel safety, which makes
    Sphinx read (and so execute) notebooks one at a time. Both only add config values and
    a numbering tweak with no per-document state, so they are safe to read in parallel."""
    for name in ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex"):
        extension = app.extensions.get(name)
        if extension is not None:
            extension.parallel_read_safe = True
            extension.parallel_write_safe = True
