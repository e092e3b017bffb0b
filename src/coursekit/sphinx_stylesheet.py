"""One stylesheet for every page of the book (issue 13), at the end of the build.

The theme's, Sphinx's, the extensions' and the course's CSS (eight files, one of them behind
an ``@import``) are joined, in the order the pages load them, into
``_static/styles/course.<content hash>.css``, and every page loads that file in their place:
a first visit waits for one stylesheet instead of eight, and every later page finds it in
the cache. Rules for classes that appear in no built page and no script (most of Bootstrap's
components) are left out, as PurgeCSS does: less than half the bytes, and less for the
browser to match on every element. A stylesheet for some media only (the instructor
edition's print styles) stays apart.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from sphinx.application import Sphinx

from .paths import built_files

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
    for file in [*built_files(outdir, "*.html"), *built_files(outdir, "*.js")]:
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
    pages = {page: page.read_text(encoding="utf-8") for page in built_files(outdir, "*.html")
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


def setup(app: Sphinx) -> None:
    # After sphinx_light has cut the theme's icon rules, before the offline manifest lists files.
    app.connect("build-finished", bundle_stylesheets, priority=600)
