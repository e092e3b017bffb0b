"""The language switcher: every page of the learner book links to the same page in the
other languages (English at the site's root, French under fr/, Spanish under es/).

The links sit in the article header, beside the theme's buttons, so they are on every page
at every width, reached by Tab like any link. Each link names its language in that language
(``lang`` and ``hreflang`` say which), and the current language is marked ``aria-current``.
The instructor edition, which exists in English only, has no switcher.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .catalogs import LANGUAGES

ENGLISH = "en"
# Each language's own name for itself, and for the list of links (read by screen readers):
# these are not translations of an English text, so they live here, not in the catalogues.
NAMES = {"en": "English", "fr": "Français", "es": "Español"}
LABELS = {"en": "Language", "fr": "Langue", "es": "Idioma"}
TEMPLATE = "language-switcher.html"


def site_languages() -> list[str]:
    return [ENGLISH, *LANGUAGES]


def language_links(pagename: str, current: str) -> list[dict]:
    """The switcher's entries for page ``pagename`` (e.g. "notebooks/history") of the book in
    ``current``: each language's name, code, relative address of the same page, and whether
    it is this one."""
    up = "../" * pagename.count("/") + ("" if current == ENGLISH else "../")  # to the site's root
    return [{"code": code, "name": NAMES[code], "current": code == current,
             "href": up + ("" if code == ENGLISH else code + "/") + pagename + ".html"}
            for code in site_languages()]


def _add_links(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.config.coursekit_edition == "instructor":
        return
    current = app.config.language if app.config.language in LANGUAGES else ENGLISH
    context["course_languages"] = language_links(pagename, current)
    context["course_languages_label"] = LABELS[current]


def _place_switcher(app: Sphinx, config) -> None:
    # Before the theme's buttons (download, full screen, colour mode, search). A theme
    # option set here, not in _config.yml: a html_theme_options there would replace the
    # options Jupyter Book derives from its html: section.
    end = config.html_theme_options.get("article_header_end", "article-header-buttons.html")
    end = [end] if isinstance(end, str) else list(end)
    if TEMPLATE not in end:
        config.html_theme_options["article_header_end"] = [TEMPLATE, *end]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _place_switcher)
    app.connect("html-page-context", _add_links)
