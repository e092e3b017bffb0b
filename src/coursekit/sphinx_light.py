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
- **One stylesheet** for every page: the theme's, the extensions' and the course's CSS are
  joined at the end of the build, in the order the pages load them, into one file named by
  its content. A first visit waits for one stylesheet instead of eight (one of them behind an
  ``@import``), and every later page finds it in the cache. Rules for classes that appear in
  no built page and no script (most of Bootstrap's components) are left out of it, as
  PurgeCSS does: a third of the bytes, and less for the browser to match on every element.
- **Scripts are deferred**, so none of them blocks the first paint; only the tiny
  documentation_options.js stays in order, because inline scripts on the page use it (and
  the search page keeps its order: its search scripts run at once and need doctools.js).

``python -m coursekit.weight`` measures the result in a browser; tests/browser/test_page_weight.py
holds the budgets.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from sphinx.application import Sphinx

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
    for page in outdir.rglob("*.html"):
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
    for page in outdir.rglob("*.html"):
        if page.parts[len(outdir.parts)] == "_static":
            continue  # the theme's own template files
        text = page.read_text(encoding="utf-8")
        lazy = _IMG.sub(lambda m: _lazy(m.group(0), page), text)
        if lazy != text:
            page.write_text(lazy, encoding="utf-8")


# -- one stylesheet ----------------------------------------------------------------------------

_STYLES = Path("_static") / "styles"
_LINK = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?')
_HREF = re.compile(r'\bhref="([^"]+)"')
_IMPORT = re.compile(r'@import\s+(?:url\()?["\']?([^"\')]+)["\']?\)?\s*;')
_URL = re.compile(r'url\(\s*(["\']?)(?!data:|[a-z]+:|/|#)([^"\')]+)\1\s*\)')


_BUNDLE = re.compile(r"^course\.[0-9a-f]+\.css$")
_PART = re.compile(r"^/\* part: (\S+) \*/$", re.MULTILINE)


def _local_stylesheets(page: Path, outdir: Path, text: str) -> list[tuple[str, Path]]:
    """(link tag, file) of each stylesheet the page's <head> loads from the book itself."""
    head = text.split("</head>")[0]
    found = []
    for match in _LINK.finditer(head):
        href = _HREF.search(match.group(0))
        # A stylesheet for some media only (the instructor edition's print styles) stays apart.
        if href and ":" not in href.group(1) and not href.group(1).startswith("/") and " media=" not in match.group(0):
            found.append((match.group(0), (page.parent / href.group(1).split("?")[0]).resolve().relative_to(outdir)))
    return found


def _merged_order(sequences: list[list[Path]]) -> list[Path]:
    """Every file once, each after the files a page loads before it (the pages agree on order)."""
    order: list[Path] = []
    for sequence in sequences:
        for i, item in enumerate(sequence):
            if item not in order:
                order.insert(order.index(sequence[i - 1]) + 1 if i else 0, item)
    return order


_WORD = re.compile(r"[A-Za-z0-9_-]+")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_FUNCTIONAL = re.compile(r":[\w-]+\([^()]*\)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")


def class_words(outdir: Path) -> tuple[set[str], tuple[str, ...]]:
    """Every word in the built pages and scripts, and the words ending in "-" that scripts
    complete at run time (``"kind-" + kind``, Bootstrap's ``bs-${name}-auto``)."""
    words: set[str] = set()
    for file in [*outdir.rglob("*.html"), *outdir.rglob("*.js")]:
        words.update(_WORD.findall(file.read_text(encoding="utf-8", errors="replace")))
    return words, tuple(sorted(w for w in words if w.endswith("-") and len(w) >= 3 and not w.startswith("-")))


def _top_level_split(selector_list: str) -> list[str]:
    """Split a selector list at its top-level commas (not those inside :is(...) and the like)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(selector_list):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selector_list[start:i])
            start = i + 1
    return [p.strip() for p in [*parts, selector_list[start:]]]


def unused_rules_removed(css: str, words: set[str], prefixes: tuple[str, ...]) -> str:
    """``css`` without the selectors that name a class no page or script has.

    Classes inside functional pseudo-classes (``:not(.x)``, ``:is(.a, .b)``) are not judged:
    ``:not`` of an absent class still matches. A rule whose selectors are all left out goes.
    """
    import tinycss2

    def kept(selector: str) -> bool:
        while _FUNCTIONAL.search(selector):
            selector = _FUNCTIONAL.sub("", selector)
        selector = _ATTRIBUTE.sub("", selector)  # [href$=".pdf"] names no class
        return all(c in words or c.startswith(prefixes) for c in _CLASS.findall(selector))

    def walk(rules) -> str:
        out = []
        for rule in rules:
            if rule.type == "qualified-rule":
                selectors = [s for s in _top_level_split(tinycss2.serialize(rule.prelude)) if kept(s)]
                if selectors:
                    out.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
                inner = walk(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True))
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
            elif rule.type == "at-rule":
                out.append(tinycss2.serialize([rule]))
        return "".join(out)

    return walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))


class _Bundle:
    """The text of the book's one stylesheet, part by part (one part per stylesheet file)."""

    def __init__(self, outdir: Path, previous: dict[Path, str]):
        self.outdir, self.previous = outdir, previous
        self.words = class_words(outdir)
        self.parts: list[Path] = []

    def part(self, file: Path) -> str:
        """The file's rules in use, its local @imports first, its url()s relative to _static/styles."""
        if file in self.parts:
            return ""
        self.parts.append(file)
        source = self.outdir / file
        if not source.is_file():
            # A build that rewrote no page copies no static file: the last bundle has the part.
            if file not in self.previous:
                raise FileNotFoundError(f"{source}: missing, and in no earlier bundle: make a fresh build (--fresh)")
            return self.previous[file]
        text = source.read_text(encoding="utf-8")
        imported = "".join(self.part((source.parent / m.group(1)).resolve().relative_to(self.outdir))
                           for m in _IMPORT.finditer(text))  # an @import comes first in a stylesheet

        def rebase(match: re.Match) -> str:
            target = os.path.relpath(source.parent / match.group(2), self.outdir / _STYLES).replace(os.sep, "/")
            return f"url({match.group(1)}{target}{match.group(1)})"

        own = _URL.sub(rebase, unused_rules_removed(_IMPORT.sub("", text), *self.words))
        return f"{imported}/* part: {file.as_posix()} */\n{own}\n"


def _sections(bundle: Path) -> dict[Path, str]:
    """A bundle's parts: file -> its section, marker line included."""
    pieces = re.split(r"(?m)^(?=/\* part: )", bundle.read_text(encoding="utf-8"))
    return {Path(_PART.match(piece.splitlines()[0]).group(1)): piece for piece in pieces if _PART.match(piece)}


def bundle_stylesheets(app: Sphinx, exception) -> None:
    """Join the pages' local stylesheets into one file, loaded by every page in their place.

    An incremental build rewrites only changed pages: the others already load the last
    bundle, whose ``/* part: ... */`` lines say what it joined, so it is joined again (from
    the fresh copies Sphinx has just made, or from itself where none was made) and every
    page is pointed at the result.
    """
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir).resolve()
    styles = outdir / _STYLES
    old_bundles = sorted(p for p in styles.glob("course.*.css") if _BUNDLE.match(p.name))
    previous = {file: section for old in old_bundles for file, section in _sections(old).items()}
    pages = {page: page.read_text(encoding="utf-8") for page in outdir.rglob("*.html")
             if page.parts[len(outdir.parts)] != "_static"}
    links = {page: _local_stylesheets(page, outdir, text) for page, text in pages.items()}
    sequences = [list(previous)] + [[file for _, file in found if file.parent != _STYLES or not _BUNDLE.match(file.name)]
                                    for found in links.values()]
    order = _merged_order(sequences)
    if not order:
        return
    bundle = _Bundle(outdir, previous)
    css = "".join(bundle.part(file) for file in order)
    target = styles / f"course.{hashlib.sha256(css.encode('utf-8')).hexdigest()[:12]}.css"
    target.write_text(css, encoding="utf-8")
    for page, text in pages.items():
        if not links[page]:
            continue
        href = os.path.relpath(target, page.parent).replace(os.sep, "/")
        first = links[page][0][0]
        indent = first[: len(first) - len(first.lstrip())]
        bundled = text.replace(first, f'{indent}<link rel="stylesheet" href="{href}" />\n', 1)
        for tag, _ in links[page][1:]:
            bundled = bundled.replace(tag, "", 1)
        if bundled != text:  # an unchanged page keeps its date (incremental builds, caches)
            page.write_text(bundled, encoding="utf-8")
    # What no page loads any more is not shipped (the offline copy carries every file).
    for file in [*bundle.parts, *(old.relative_to(outdir) for old in old_bundles if old != target)]:
        (outdir / file).unlink(missing_ok=True)


# Files Jupyter Book ships whether or not a page loads them.
_SHIPPED_ANYWAY = _NEVER | {"sphinx-thebe.js", "togglebutton.css", "togglebutton.js"}


def drop_unloaded_assets(app: Sphinx, exception) -> None:
    """Leave out of the site the extensions' files that no page loads (saved copies carry every file)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = [p.read_text(encoding="utf-8") for p in outdir.rglob("*.html") if p.parts[len(outdir.parts)] != "_static"]
    for name in sorted(_SHIPPED_ANYWAY):
        if not any(f"_static/{name}" in page for page in pages):
            (outdir / "_static" / name).unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    # Late, so that every extension has added its assets to the page first.
    app.connect("html-page-context", trim_page_assets, priority=900)
    app.connect("build-finished", slim_icons)
    app.connect("build-finished", optimise_images)
    # After slim_icons has cut the theme's stylesheet, before the offline manifest lists files.
    app.connect("build-finished", bundle_stylesheets, priority=600)
    app.connect("build-finished", drop_unloaded_assets, priority=600)
