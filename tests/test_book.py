"""The strict book build is a test, and its output must be offline-clean and fresh."""

from __future__ import annotations

import re
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bookcopy import build_copy, copy_course
from coursekit.course import chapter_slugs

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.build


class _Refs(HTMLParser):
    """Collects URLs the browser would fetch by itself (not plain links)."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        for name in ("src", "data-src", "poster"):
            if a.get(name):
                self.fetched.append(a[name])
        if tag == "link" and a.get("href") and not {"canonical", "alternate"} & set((a.get("rel") or "").split()):
            self.fetched.append(a["href"])


def _pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)


def test_strict_build_passes(built_book):
    assert built_book["code"] == 0, built_book["output"][-4000:]
    # Sphinx warnings read "WARNING: ..." (kernel start-up notices "WARNING |" are not Sphinx's).
    warnings = [line for line in built_book["output"].splitlines() if "WARNING: " in line or "ERROR: " in line]
    assert warnings == []
    assert "serial read" not in built_book["output"], "notebooks must execute in parallel"


def test_no_page_fetches_from_the_internet(built_book):
    remote = re.compile(r"^(https?:)?//", re.IGNORECASE)
    offenders = {}
    for page in _pages(built_book["html"]):
        refs = _Refs()
        refs.feed(page.read_text(encoding="utf-8"))
        bad = [u for u in refs.fetched if remote.match(u)]
        if bad:
            offenders[str(page.relative_to(built_book["html"]))] = bad
    for css in built_book["html"].rglob("*.css"):
        bad = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8", errors="replace"))
        if bad:
            offenders[str(css.relative_to(built_book["html"]))] = bad
    assert offenders == {}


def test_no_cdn_address_anywhere_in_pages(built_book):
    """Stricter than the above: not even an address a script could load later."""
    cdn = re.compile(r"unpkg\.com|cdn\.jsdelivr|cdnjs|googleapis|require\.js", re.IGNORECASE)
    found = {str(p.relative_to(built_book["html"])): cdn.findall(p.read_text(encoding="utf-8"))
             for p in _pages(built_book["html"])}
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("slug", chapter_slugs(ROOT))
def test_chapter_page_shows_static_quizzes(built_book, slug):
    page = (built_book["html"] / "notebooks" / f"{slug}.html").read_text(encoding="utf-8")
    refs = _Refs()
    refs.feed(page)
    # One shared asset per page, not a copy per quiz.
    assert sum(1 for s in refs.scripts if s.split("?")[0].endswith("coursekit.js")) == 1
    assert len(re.findall(r'rel="stylesheet"', page.split("</head>")[0])) == 1  # the book's one stylesheet
    assert page.count('class="ck-quiz"') >= 2
    # The build chose the static path: no widget view, no widget manager.
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert "require.js" not in page and "html-manager" not in page


def test_figures_have_alt_text(built_book):
    missing = []
    for page in _pages(built_book["html"]):
        for tag in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            alt = re.search(r'\balt="([^"]*)"', tag)
            if not alt or len(alt.group(1).split()) < 2 or re.fullmatch(r"[\w.-]+\.(png|svg|jpe?g)", alt.group(1)):
                missing.append(f"{page.name}: {tag[:120]}")
    assert missing == []


def test_every_page_has_its_own_meta_description(built_book):
    """Search results and link previews show it (Lighthouse SEO: "Document has a meta description")."""
    found = {}
    for page in _pages(built_book["html"]):
        if 'http-equiv="Refresh"' in page.read_text(encoding="utf-8"):
            continue  # Jupyter Book's index.html only redirects to the first page
        tags = re.findall(r'<meta name="description" content="([^"]*)"', page.read_text(encoding="utf-8"))
        assert len(tags) == 1, f"{page.name}: {len(tags)} descriptions"
        found[str(page.relative_to(built_book["html"]))] = tags[0]
    assert all(20 <= len(text) <= 160 for text in found.values()), found
    chapters = [text for name, text in found.items() if name.startswith("notebooks/")]
    assert len(chapters) == len(chapter_slugs(ROOT)) and len(set(chapters)) == len(chapters)
    assert all(len(text) >= 60 for text in chapters), chapters


def test_no_page_carries_a_scoped_style(built_book):
    """pandas writes <style scoped> before each table; HTML has no such thing (W3C Nu checker error)."""
    offenders = [p.name for p in _pages(built_book["html"]) if "<style scoped" in p.read_text(encoding="utf-8")]
    assert offenders == []


VNU = ROOT / "tests" / "js" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _nu_errors(html_dir: Path) -> list[str]:
    """The W3C Nu HTML checker's errors (warnings aside) on every page, as 'page:line: message'."""
    import json
    import shutil

    if not VNU.is_file() or shutil.which("java") is None:
        message = "the W3C Nu checker needs Java and tests/js (make test runs npm ci there)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message + " (CI is set: a skipped test counts as a failure)")
        pytest.skip(message)
    pages = [str(p) for p in _pages(html_dir)]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_every_page_is_valid_html(built_book, built_instructor):
    """Zero errors from the W3C Nu checker, in both editions."""
    assert _nu_errors(built_book["html"]) == []
    assert built_instructor["code"] == 0
    assert _nu_errors(built_instructor["html"]) == []


def test_unchanged_book_is_not_rebuilt_but_an_edit_is(tmp_path):
    copy_course(tmp_path)
    build_copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path / "src"), os.environ.get("PYTHONPATH")]))}
    again = subprocess.run([sys.executable, "-m", "coursekit.build", str(tmp_path), "--edition", "learner"], capture_output=True, text=True, env=env)
    assert again.returncode == 0 and "up to date" in again.stdout
    data = next((tmp_path / "data").glob("*.md"))
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "up to date" not in build_copy(tmp_path)


def test_bank_and_engine_edits_show_in_next_build(tmp_path):
    """Execution is cached on code only; quizzes must still never be stale."""
    copy_course(tmp_path)
    slug = chapter_slugs(ROOT)[0]
    page = tmp_path / "_build" / "html" / "notebooks" / f"{slug}.html"
    other = tmp_path / "_build" / "html" / "book" / "setup.html"
    build_copy(tmp_path)
    assert "Zanzibar-bank-marker" not in page.read_text(encoding="utf-8")
    other_before = other.stat().st_mtime_ns

    bank = tmp_path / "quizzes" / f"{slug}.yml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(re.sub(r"(\n\s+prompt: [|>]-?\n\s+)", r"\1Zanzibar-bank-marker ", text, count=1)
                    if re.search(r"\n\s+prompt: [|>]", text) else re.sub(r"(\n\s+prompt: )", r"\1Zanzibar-bank-marker ", text, count=1),
                    encoding="utf-8")
    build_copy(tmp_path)
    assert "Zanzibar-bank-marker" in page.read_text(encoding="utf-8"), "edited bank not shown after rebuild"
    assert other.stat().st_mtime_ns == other_before, "a page without quizzes was rewritten"

    i18n = tmp_path / "src" / "coursekit" / "i18n.py"
    i18n.write_text(i18n.read_text(encoding="utf-8").replace('"Check"', '"Zanzibar-engine-marker"'), encoding="utf-8")
    css = tmp_path / "src" / "coursekit" / "static" / "coursekit.css"
    # On a class the pages use: the book's one stylesheet leaves out rules for absent classes.
    css.write_text(css.read_text(encoding="utf-8") + "\n.ck-quiz { --zanzibar-css-marker: 1; }\n", encoding="utf-8")
    build_copy(tmp_path)
    assert "Zanzibar-engine-marker" in page.read_text(encoding="utf-8"), "engine change not shown after rebuild"
    # Every page, rewritten or not, now loads the one stylesheet that has the change.
    for html in (page, other):
        served = re.search(r'href="([^"]*_static/styles/course\.[0-9a-f]+\.css)"', html.read_text(encoding="utf-8"))
        assert served, f"{html.name}: no bundled stylesheet"
        assert "--zanzibar-css-marker" in (html.parent / served.group(1)).read_text(encoding="utf-8"), \
            f"{html.name}: stylesheet change not served after rebuild"


def test_no_page_shows_escaped_markup_in_its_head(built_book):
    """Plain HTML added to Markup is escaped: the meta description once turned the theme's
    viewport tag into visible text at the top of every page."""
    for page in _pages(built_book["html"]):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert "&lt;" not in head, f"{page.name}: escaped markup in <head>"


def test_icons_are_cut_down_to_the_glyphs_the_pages_use(built_book):
    """The theme's icon stylesheet keeps the rules of the icons in use, and the cut-down font
    has a glyph for each of them (and for the theme's own --pst-icon-* icons)."""
    from fontTools.ttLib import TTFont

    from coursekit.sphinx_light import _ICON_RULE, _codepoints, used_icons

    html = built_book["html"]
    css = next((html / "_static" / "styles").glob("course.*.css")).read_text(encoding="utf-8")  # the theme's CSS is in it
    rules = {name.split(":")[0].lstrip("."): _codepoints(m.group(3))
             for m in _ICON_RULE.finditer(css) for name in m.group(1).rstrip(",").split(",")}
    used = used_icons(html) - {"fa-lg", "fa-solid", "fa-brands", "fa-regular"}
    assert len(rules) < 80, f"{len(rules)} icon rules kept: unused ones were not removed"
    fonts = sorted((html / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.course.woff"))
    assert [f.name for f in fonts] == ["fa-brands-400.course.woff", "fa-regular-400.course.woff", "fa-solid-900.course.woff"]
    glyphs = set().union(*(TTFont(f).getBestCmap().keys() for f in fonts))
    for icon in sorted(used & set(rules)):
        assert rules[icon] <= glyphs, f"{icon}: no glyph in the cut-down fonts"
    for value in re.findall(r'--pst-icon-[a-z-]+:"([^"]*)"', css):
        assert _codepoints(value) <= glyphs
    assert {"fa-magnifying-glass", "fa-bars", "fa-download", "fa-rocket", "fa-github"} <= used & set(rules)
    # What no page loads is not shipped.
    assert not list(html.rglob("fontawesome.js")) and not list(html.rglob("*.woff2"))


def test_images_are_lazy_sized_and_charts_are_palette_pngs(built_book):
    from PIL import Image

    html = built_book["html"]
    charts = 0
    for page in _pages(html):
        for tag in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            assert 'loading="lazy"' in tag, f"{page.name}: {tag[:120]}"
            if "_images/" in tag:
                assert re.search(r' width="\d+" height="\d+"', tag), f"{page.name}: {tag[:120]}"
    for png in (html / "_images").glob("*.png"):
        with Image.open(png) as image:
            assert image.mode == "P", png.name
        charts += 1
    assert charts >= 10


def test_a_fresh_build_starts_from_an_empty_site(tmp_path, monkeypatch):
    """Files an earlier build left (a renamed page, an old stylesheet) must not stay in the
    site: "Save for offline" and the offline zip carry every file in it."""
    import jupyter_book.sphinx

    from coursekit import build

    copy_course(tmp_path)
    site = tmp_path / "_build" / "html"
    site.mkdir(parents=True, exist_ok=True)
    (site / "left-over.html").write_text("old", encoding="utf-8")
    monkeypatch.setattr(jupyter_book.sphinx, "build_sphinx", lambda *args, **kwargs: 0)  # the rest of a build
    assert build.build(tmp_path, fresh=False, quiet=True) == 0
    assert (site / "left-over.html").is_file()  # an incremental build keeps what it does not rewrite
    assert build.build(tmp_path, fresh=True, quiet=True) == 0
    assert not (site / "left-over.html").exists()
