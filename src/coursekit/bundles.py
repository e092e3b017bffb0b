"""The course as one file for learners without a steady connection (``make offline``).

``un-cyber-course-offline.zip`` holds the built learner book, which works opened from disk
(``index.html``, file://: quizzes, explorers, the tabletop, the final assessment, search and
progress saved in the browser), and beside it, in ``course/``, what a learner needs to run
the notebooks locally: the notebooks, their data, quiz banks, scenarios, the engine and the
learner lock file. No instructor material is packed (answer keys, facilitation notes).

The zip is reproducible: entries sorted, one fixed timestamp, so the same book gives the
same bytes (and the same checksum in a release).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

OFFLINE_NAME = "un-cyber-course-offline.zip"
# What a learner needs to run the notebooks, beside the built book.
COURSE_FILES = ("notebooks", "assessment", "data", "quizzes", "scenarios", "book/figures", "src", "requirements/learner.lock",
                "pyproject.toml", "README.md", "references.bib")
_SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".jupyter_cache"}
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)

README = """The UN and Cybersecurity: a capacity-building course (offline copy)

Open index.html in a web browser. Everything works without a connection: the chapters,
quizzes, explorers, the tabletop exercise, search and the final assessment. Your progress is
kept by this browser, for this copy: open it from the same folder each time.

To run the notebooks yourself (optional), the course/ folder holds them with their data.
Install Python 3.11 or newer, then once, while connected:
    python -m pip install -r course/requirements/learner.lock
    python -m pip install -e course
and open course/notebooks in JupyterLab. See course/README.md.
"""


class BundleError(Exception):
    """A bundle cannot be made (for example, the book is not built)."""


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not _SKIPPED_PARTS & set(path.parts) and not any(p.endswith(".egg-info") for p in path.parts):
            yield path


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=9)


def _for_disk(name: str, data: bytes) -> bytes:
    """A file of the built book as it must be to work from disk. Search results normally show
    a snippet of each page, fetched from the page itself; a browser refuses to read another
    file from disk, so the offline copy lists the pages without snippets."""
    if name == "_static/documentation_options.js":
        fixed = data.replace(b"SHOW_SEARCH_SUMMARY: true", b"SHOW_SEARCH_SUMMARY: false")
        if fixed == data:
            raise BundleError("_static/documentation_options.js: SHOW_SEARCH_SUMMARY not found (has Sphinx changed?)")
        return fixed
    return data


def offline_zip(html: Path, root: Path, out: Path) -> Path:
    """Write the offline zip of the built learner book ``html`` and the course ``root`` to
    the folder ``out``; the file appears whole or not at all."""
    if not (html / "index.html").is_file() or not (html / "book" / "intro.html").is_file():
        raise BundleError(f"{html}: no built learner book here (run `make book` first)")
    if any("ck-answer-key" in p.read_text(encoding="utf-8", errors="replace") for p in html.rglob("*.html")):
        raise BundleError(f"{html}: this is the instructor edition; the offline copy is the learner book")
    out.mkdir(parents=True, exist_ok=True)
    target, partial = out / OFFLINE_NAME, out / (OFFLINE_NAME + ".part")
    top = "un-cyber-course"
    with zipfile.ZipFile(partial, "w") as archive:
        _add(archive, f"{top}/README.txt", README.encode("utf-8"))
        for path in _files(html):
            name = path.relative_to(html).as_posix()
            _add(archive, f"{top}/{name}", _for_disk(name, path.read_bytes()))
        for entry in COURSE_FILES:
            source = root / entry
            for path in ([source] if source.is_file() else _files(source)):
                _add(archive, f"{top}/course/{path.relative_to(root).as_posix()}", path.read_bytes())
    partial.replace(target)
    return target
