"""One stylesheet per book (coursekit.sphinx_stylesheet): what it keeps and
leaves out, on small stylesheets and on the built book."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursekit.sphinx_stylesheet import _merged_order, _top_level_split, class_words, unused_rules_removed


def test_rules_for_absent_classes_go_and_the_rest_stay():
    css = (".used{color:red}.absent{color:blue}.used .absent,.used>p{margin:0}"
           "p:not(.absent){padding:0}:is(html,body)[data-theme=dark]{--x:1}a[href$=\".pdf\"]{color:green}"
           ".kind-title{font-weight:bold}@media (min-width:40em){.absent{top:0}.used{top:1px}}"
           "@font-face{font-family:X;src:url(x.woff)}")
    out = unused_rules_removed(css, {"used"}, ("kind-",))
    assert ".used{color:red}" in out
    assert ".absent{color:blue}" not in out
    assert ".used .absent" not in out and ".used>p{margin:0}" in out  # one selector of a list goes
    assert "p:not(.absent){padding:0}" in out  # :not of an absent class still matches
    assert ":is(html,body)[data-theme=dark]{--x:1}" in out  # commas inside :is() do not split
    assert 'a[href$=".pdf"]{color:green}' in out  # an attribute value is not a class
    assert ".kind-title{font-weight:bold}" in out  # a class that a script completes at run time
    assert "@media (min-width:40em){.used{top:1px}}" in out
    assert "@font-face{font-family:X;src:url(x.woff)}" in out
    assert unused_rules_removed("@media print{.absent{top:0}}", {"used"}, ()) == ""


def test_selector_lists_split_at_top_level_commas_only():
    assert _top_level_split("a, :is(b, c) d,e[x=','] ") == ["a", ":is(b, c) d", "e[x=',']"]


def test_files_keep_the_order_every_page_loads_them_in():
    a, b, c, d = (Path(n) for n in "abcd")
    assert _merged_order([[a, c], [a, b, c, d], [b, d]]) == [a, b, c, d]
    assert _merged_order([]) == []


def test_words_include_what_scripts_complete_at_run_time(tmp_path):
    (tmp_path / "page.html").write_text('<p class="lead x-y">', encoding="utf-8")
    (tmp_path / "s.js").write_text('el.className = "kind-" + kind; const t = `bs-${name}-auto`; "-";', encoding="utf-8")
    words, prefixes = class_words(tmp_path)
    assert {"lead", "x-y", "className"} <= words
    assert prefixes == ("bs-", "kind-")


def _stylesheets(page: Path) -> list[str]:
    head = page.read_text(encoding="utf-8").split("</head>")[0]
    return re.findall(r'<link\b(?=[^>]*rel="stylesheet")[^>]*href="([^"]+)"', head)


# Each book of the site has its own stylesheet: English at the top, French and Spanish inside.
BOOKS = ["", "fr", "es"]


def _book_pages(site: Path, book: str) -> list[Path]:
    html = site / book
    return [p for p in html.rglob("*.html")
            if p.parts[len(html.parts)] not in ("_static", *BOOKS) and p.name != "index.html"]


@pytest.mark.parametrize("book", BOOKS)
def test_every_page_loads_one_stylesheet_that_holds_every_part(built_book, book):
    html = built_book["html"] / book
    bundles = sorted((html / "_static" / "styles").glob("course.*.css"))
    assert len(bundles) == 1, bundles
    css = bundles[0].read_text(encoding="utf-8")
    parts = re.findall(r"^/\* part: (\S+) \*/$", css, re.MULTILINE)
    for part in ("_static/basic.css", "_static/styles/pydata-sphinx-theme.css", "_static/styles/sphinx-book-theme.css",
                 "_static/pygments.css", "_static/coursekit.css"):
        assert part in parts
        assert not (html / part).exists(), f"{part} is shipped although no page loads it"
    assert "@import" not in css
    # Relative addresses still lead to files: the subset icon fonts, for example.
    for url in re.findall(r"url\(([^)\"':]+)\)", css):
        assert (bundles[0].parent / url).resolve().is_file(), url
    # Rules the course's own pages and scripts need are kept (quiz feedback, dark mode, icons).
    assert ".ck-feedback" in css and 'html[data-theme="dark"]' in css and ".fa-bars" in css
    pages = _book_pages(built_book["html"], book)
    assert len(pages) > 20
    for page in pages:
        assert [Path(h).name for h in _stylesheets(page)] == [bundles[0].name], page.relative_to(html)


@pytest.mark.parametrize("book", BOOKS)
def test_files_no_page_loads_are_not_shipped(built_book, book):
    """Jupyter Book ships sphinx-design, thebe and toggle files whether or not a page uses them;
    a learner who saves the course would download them for nothing."""
    static = built_book["html"] / book / "_static"
    for name in ("sphinx-design.min.css", "design-tabs.js", "sphinx-thebe.css", "sphinx-thebe.js",
                 "togglebutton.css", "togglebutton.js"):
        assert not (static / name).exists(), name
