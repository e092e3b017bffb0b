"""Light pages: every byte a page loads must earn its place (issue 13).

Learners often read the book on slow, metered mobile links. The theme as shipped made a
chapter's first visit download about 1 MB (gzip), most of it icons: a 1.4 MB Font Awesome
script and two icon web fonts, for about twenty icons. Here, with every feature kept:

- **Icons** come from the theme's own web fonts, cut down at the end of the build to the
  glyphs the built pages use (``build-finished``), and the theme's stylesheet keeps only the
  icon rules of those glyphs. The Font Awesome script is not loaded (its template is
  overridden in templates/static/webpack-macros.html) and not shipped.
- **Search:** the index and its scripts load on the search page only, where the search
  field leads (templates/layout.html); the theme loaded them on every page.
- **Per page:** a stylesheet or script is kept only where the page has what it serves
  (code-copy buttons where there is code, highlighting colours where there is highlighted
  code, notebook styles on notebook pages, toggles where something toggles). sphinx-design
  and sphinx-thebe, which Jupyter Book always loads, serve nothing in this course.
- **Images** are lazy-loaded with their size written on the tag (no layout shift), so a
  chart far down a page costs nothing until the learner scrolls to it; notebook charts are
  stored with a 256-colour palette (a quarter of the bytes, the same picture).
- **One stylesheet** for every page: see sphinx_stylesheet.py.
- **Scripts are deferred**, so none of them blocks the first paint; only the tiny
  documentation_options.js stays in order, because inline scripts on the page use it (and
  the search page keeps its order: its search scripts run at once and need doctools.js).
- **One layout, not one per block:** the theme makes scrollable code blocks and tables
  focusable by measuring and marking each in turn at page load, which lays out the whole
  chapter again for every block (and again after every quiz answer). coursekit.js does the
  same check with all measurements first; the theme's call is taken out of its script.

``python -m coursekit.weight`` measures the result in a browser; tests/browser/test_page_weight.py
holds the budgets.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .paths import built_files

# Assets that serve nothing in this course: no sphinx-design component is used, and thebe is off.
_NEVER = {"sphinx-design.min.css", "design-tabs.js", "sphinx-thebe.css"}
# asset -> markers in the page body that show the page needs it.
_NEEDS = {
    "copybutton.css": ("<pre",), "copybutton.js": ("<pre",), "clipboard.min.js": ("<pre",),
    "pygments.css": ('class="highlight',),
    "togglebutton.css": ('class="toggle', "dropdown", "toggle-hidden"),
    "togglebutton.js": ('class="toggle', "dropdown", "toggle-hidden"),
}
_MYSTNB_CSS = re.compile(r"^mystnb\.[0-9a-f]+\.css$")
_TOGGLE_VARIABLES = ("toggleHint", "toggleOpenOnPrint", "togglebuttonSelector")
# Loaded in order: inline scripts on every page read DOCUMENTATION_OPTIONS at once.
_IN_ORDER = {"documentation_options.js"}


def _name(asset) -> str:
    return Path(str(asset.filename)).name if getattr(asset, "filename", None) else ""


def _needed(name: str, body: str) -> bool:
    if name in _NEVER:
        return False
    if _MYSTNB_CSS.match(name):
        return "cell_output" in body or "cell_input" in body
    markers = _NEEDS.get(name)
    return markers is None or any(marker in body for marker in markers)  # an asset not listed is kept


def trim_page_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Keep the stylesheets and scripts this page needs, and defer every script file."""
    from sphinx.builders.html._assets import _JavaScript

    body = context.get("body") or ""
    css = context.get("css_files")
    if isinstance(css, list):
        css[:] = [asset for asset in css if _needed(_name(asset), body)]
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    toggles = _needed("togglebutton.js", body)
    kept = []
    for asset in scripts:
        name, attributes = _name(asset), dict(getattr(asset, "attributes", {}))
        inline = attributes.get("body", "")
        if (name and not _needed(name, body)) or (not toggles and any(v in inline for v in _TOGGLE_VARIABLES)):
            continue
        # Not on the search page, whose own scripts (searchtools.js) run at once and use doctools.js.
        if name and name not in _IN_ORDER and pagename != "search" and "async" not in attributes and "defer" not in attributes:
            asset = _JavaScript(asset.filename, priority=asset.priority, **{**attributes, "defer": "defer"})
        kept.append(asset)
    scripts[:] = kept


# -- icons ------------------------------------------------------------------------------

_THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
_FONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"
# Icons the theme's scripts add after the page loads (banner close buttons).
_ADDED_BY_SCRIPTS = {"fa-xmark"}
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*\b")
# One icon rule of the theme's stylesheet: ".fa-bars:before{content:"\f0c9"}" (several selectors possible).
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+(?::before|::before)?,?)+)\{(content|--fa):"((?:\\[0-9a-f]+ ?|[^"\\])+)"\}')
_FONT_FACE = re.compile(r"@font-face\{[^}]*fontawesome/webfonts/(fa-[a-z]+-\d+)\.woff2[^}]*\}")


def _codepoints(css_value: str) -> set[int]:
    """Code points of a CSS string value such as \\f0c9 or a literal character."""
    points, text = set(), css_value
    for escape in re.findall(r"\\([0-9a-f]+) ?", text):
        points.add(int(escape, 16))
    text = re.sub(r"\\[0-9a-f]+ ?", "", text)
    points.update(ord(c) for c in text)
    return points


def used_icons(outdir: Path) -> set[str]:
    """Every Font Awesome class named in a built page, plus the ones scripts add."""
    found = set(_ADDED_BY_SCRIPTS)
    for page in built_files(outdir, "*.html"):
        for classes in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8", errors="replace")):
            found.update(_ICON_CLASS.findall(classes))
    return found


def slim_icons(app: Sphinx, exception) -> None:
    """Cut the theme's icon stylesheet rules and fonts down to the icons the book uses."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    css_path = outdir / _THEME_CSS
    if not css_path.is_file():
        return
    css = css_path.read_text(encoding="utf-8")
    icons = used_icons(outdir)
    glyphs: set[int] = set()

    def keep_rule(match: re.Match) -> str:
        names = {n.split(":")[0].lstrip(".") for n in match.group(1).rstrip(",").split(",")}
        if names & icons:
            glyphs.update(_codepoints(match.group(3)))
            return match.group(0)
        return ""

    css = _ICON_RULE.sub(keep_rule, css)
    # The theme's own icons (admonitions, external links...) are set as --pst-icon-* values.
    for value in re.findall(r'--pst-icon-[a-z-]+:"([^"]*)"', css):
        glyphs.update(_codepoints(value))
    fonts = outdir / _FONTS

    def subset_face(match: re.Match) -> str:
        name = match.group(1)
        # From the TrueType copy: reading WOFF2 would need brotli, which nothing else needs.
        _subset(fonts / f"{name}.ttf", fonts / f"{name}.course.woff", glyphs)
        return re.sub(r"src:[^;}]*", f'src:url(../vendor/fontawesome/webfonts/{name}.course.woff) format("woff")', match.group(0))

    css = _FONT_FACE.sub(subset_face, css)
    css_path.write_text(css, encoding="utf-8")
    # What no page loads any more is not shipped either (the offline copy carries every file).
    # Source maps serve only a developer's debugger.
    scripts = outdir / "_static" / "scripts"
    for unused in [*fonts.glob("fa-*.woff2"), *fonts.glob("fa-*.ttf"), scripts / "fontawesome.js",
                   scripts / "fontawesome.js.LICENSE.txt", *scripts.glob("*.js.map"), *(outdir / "_static" / "styles").glob("*.css.map")]:
        unused.unlink(missing_ok=True)


def _subset(source: Path, target: Path, glyphs: set[int]) -> None:
    """``source`` reduced to ``glyphs`` as WOFF (zlib: no brotli needed to build it)."""
    from fontTools import subset

    if not source.is_file():
        if target.is_file():  # an incremental build: the theme's font was removed after the last one
            return
        raise FileNotFoundError(source)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = []  # no names: the font is used by CSS only
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(glyphs))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


# -- images ---------------------------------------------------------------------------------

_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]+)"')
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\sviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')


def image_size(file: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG or GIF, or of an SVG from its viewBox; None if unknown."""
    if file.suffix == ".svg":
        match = _SVG_SIZE.search(file.read_text(encoding="utf-8", errors="replace")[:2000])
        return (round(float(match.group(1))), round(float(match.group(2)))) if match else None
    try:
        from PIL import Image

        with Image.open(file) as image:
            return image.size
    except (OSError, ValueError):
        return None


def _lazy(tag: str, page: Path) -> str:
    if " loading=" in tag:
        return tag
    extra = ' loading="lazy" decoding="async"'
    source = _SRC.search(tag)
    # Sized: the book's own figures and charts (the theme sizes its logos in CSS).
    if source and "_images/" in source.group(1) and " width=" not in tag:
        size = image_size((page.parent / source.group(1).split("?")[0]).resolve())
        if size:
            extra += f' width="{size[0]}" height="{size[1]}"'
    return tag[:4] + extra + tag[4:]


def _palette_png(file: Path) -> None:
    """A chart as a 256-colour PNG, if that is smaller (charts have few colours; no dithering)."""
    from PIL import Image

    with Image.open(file) as image:
        if image.mode == "P":
            return
        image.load()
    quantized = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    target = file.with_suffix(".palette.png")
    quantized.save(target, "PNG", optimize=True)
    if target.stat().st_size < file.stat().st_size:
        target.replace(file)
    else:
        target.unlink()


def optimise_images(app: Sphinx, exception) -> None:
    """Palette PNGs for the notebooks' charts; lazy loading and sizes on every <img>."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for chart in (outdir / "_images").glob("*.png"):
        _palette_png(chart)
    for page in built_files(outdir, "*.html"):
        if page.parts[len(outdir.parts)] == "_static":
            continue  # the theme's own template files
        text = page.read_text(encoding="utf-8")
        lazy = _IMG.sub(lambda m: _lazy(m.group(0), page), text)
        if lazy != text:
            page.write_text(lazy, encoding="utf-8")


# Files Jupyter Book ships whether or not a page loads them.
_SHIPPED_ANYWAY = _NEVER | {"sphinx-thebe.js", "togglebutton.css", "togglebutton.js"}


def drop_unloaded_assets(app: Sphinx, exception) -> None:
    """Leave out of the site the extensions' files that no page loads (saved copies carry every file)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = [p.read_text(encoding="utf-8") for p in built_files(outdir, "*.html") if p.parts[len(outdir.parts)] != "_static"]
    for name in sorted(_SHIPPED_ANYWAY):
        if not any(f"_static/{name}" in page for page in pages):
            (outdir / "_static" / name).unlink(missing_ok=True)


# pydata-sphinx-theme 0.17.1 (minified): "complete"===document.readyState?I():window.addEventListener("load",I),
# where I is addTabStopsToScrollableElements. Its check reads a block's size, then sets its
# tabIndex, then reads the next: each write makes the next read lay the page out again.
_THEME_JS = Path("_static") / "scripts" / "pydata-sphinx-theme.js"
_TAB_STOPS_CALL = re.compile(r'"complete"===document\.readyState\?(\w+)\(\):window\.addEventListener\("load",\1\)')
TAB_STOPS_HANDED_OVER = "/* coursekit.js marks scrollable blocks focusable (coursekit/sphinx_light.py) */"


def hand_tab_stops_to_coursekit(app: Sphinx, exception) -> None:
    """Take the theme's tab-stop check out of its script: coursekit.js does it with one layout."""
    if exception is not None or app.builder.format != "html":
        return
    script = Path(app.outdir) / _THEME_JS
    text = script.read_text(encoding="utf-8")
    if TAB_STOPS_HANDED_OVER in text:
        return  # an incremental build where Sphinx did not copy the theme's script again
    call = _TAB_STOPS_CALL.search(text)
    body = text.find(f"function {call.group(1)}(){{") if call else -1
    if body < 0 or "tabIndex=" not in text[body:body + 400]:
        raise ExtensionError(f"{script}: the theme's tab-stop check (addTabStopsToScrollableElements) was not "
                             "found; pydata-sphinx-theme changed: update coursekit/sphinx_light.py and coursekit.js")
    script.write_text(text[:call.start()] + "void 0" + TAB_STOPS_HANDED_OVER + text[call.end():], encoding="utf-8")


def setup(app: Sphinx) -> None:
    # Late, so that every extension has added its assets to the page first.
    app.connect("html-page-context", trim_page_assets, priority=900)
    app.connect("build-finished", slim_icons)
    app.connect("build-finished", optimise_images)
    app.connect("build-finished", hand_tab_stops_to_coursekit)
    # Before the offline manifest lists the site's files.
    app.connect("build-finished", drop_unloaded_assets, priority=600)
