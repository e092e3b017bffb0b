"""The course as single files: for learners without a steady connection (``make offline``),
for learning platforms (``make scorm``), and a release's whole set (``make release``).

``un-cyber-course-offline.zip`` holds the built learner book, which works opened from disk
(``index.html``, file://: quizzes, explorers, the tabletop, the final assessment, search and
progress saved in the browser), and beside it, in ``course/``, what a learner needs to run
the notebooks locally: the notebooks, their data, quiz banks, scenarios, the engine and the
learner lock file. No instructor material is packed (answer keys, facilitation notes).

``un-cyber-course-scorm12.zip`` is the learner book as one SCORM 1.2 package: the platform
opens ``scorm.html``, which holds the session while the learner reads, and reports the final
assessment's score and whether it was passed (``scorm/scorm-bridge.js``). Opened outside a
platform, it is the book.

``release()`` writes everything a tagged release publishes into one folder: the two zips
above, the instructor edition, the handout PDFs, the quiz exports for Moodle, Canvas and
spreadsheets, and ``SHA256SUMS``.

The zips are reproducible: entries sorted, one fixed timestamp, so the same book gives the
same bytes (and the same checksum in a release).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

OFFLINE_NAME = "un-cyber-course-offline.zip"
SCORM_NAME = "un-cyber-course-scorm12.zip"
SCORM_FILES = Path(__file__).parent / "scorm"
COURSE_TITLE = "The UN and Cybersecurity: a capacity-building course"
# What a learner needs to run the notebooks, beside the built book.
COURSE_FILES = ("notebooks", "assessment", "fr", "es", "data", "quizzes", "scenarios", "book/figures", "src", "requirements/learner.lock",
                "pyproject.toml", "README.md", "references.bib")
# Caches, and what running the notebooks writes beside them (as in .gitignore): a learner's own files.
_SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".jupyter_cache",
                  "my-training-plan.csv", "completion-record.json", "completion-record.html"}
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)

README = """The UN and Cybersecurity: a capacity-building course (offline copy)

Open index.html in a web browser. Everything works without a connection: the chapters,
quizzes, explorers, the tabletop exercise, search and the final assessment. Your progress is
kept by this browser, for this copy: open it from the same folder each time.

En français : ouvrez fr/index.html. En español: abra es/index.html. The language menu at the
top of every page leads to the same page in the other languages.

To run the notebooks yourself (optional), the course/ folder holds them with their data.
Install Python 3.11 or newer, then once, while connected:
    python -m pip install -r course/requirements/learner.lock
    python -m pip install -e course
and open course/notebooks in JupyterLab (course/fr/notebooks in French, course/es/notebooks
in Spanish). See course/README.md.
"""


class BundleError(Exception):
    """A bundle cannot be made (for example, the book is not built)."""


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if (path.is_file() and not _SKIPPED_PARTS & set(path.parts) and not path.name.startswith(".")
                and not any(p.endswith(".egg-info") for p in path.parts)):
            yield path


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=9)


def _for_disk(name: str, data: bytes) -> bytes:
    """A file of the built book as it must be to work from disk. Search results normally show
    a snippet of each page, fetched from the page itself; a browser refuses to read another
    file from disk, so the offline copy lists the pages without snippets (in each language's
    book: ``_static/``, ``fr/_static/``, ``es/_static/``)."""
    if name == "_static/documentation_options.js" or name.endswith("/_static/documentation_options.js"):
        fixed = data.replace(b"SHOW_SEARCH_SUMMARY: true", b"SHOW_SEARCH_SUMMARY: false")
        if fixed == data:
            raise BundleError(f"{name}: SHOW_SEARCH_SUMMARY not found (has Sphinx changed?)")
        return fixed
    return data


def _learner_book(html: Path) -> None:
    if not (html / "index.html").is_file() or not (html / "book" / "intro.html").is_file():
        raise BundleError(f"{html}: no built learner book here (run `make book` first)")
    if any("ck-answer-key" in p.read_text(encoding="utf-8", errors="replace") for p in html.rglob("*.html")):
        raise BundleError(f"{html}: this is the instructor edition; a learner's copy is made of the learner book")


def _write_zip(out: Path, name: str, fill) -> Path:
    """``fill(archive)`` writes the entries; the zip appears whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    target, partial = out / name, out / (name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            fill(archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def offline_zip(html: Path, root: Path, out: Path) -> Path:
    """Write the offline zip of the built learner book ``html`` and the course ``root`` to
    the folder ``out``."""
    _learner_book(html)
    top = "un-cyber-course"

    def fill(archive: zipfile.ZipFile) -> None:
        _add(archive, f"{top}/README.txt", README.encode("utf-8"))
        for path in _files(html):
            name = path.relative_to(html).as_posix()
            _add(archive, f"{top}/{name}", _for_disk(name, path.read_bytes()))
        for entry in COURSE_FILES:
            source = root / entry
            for path in ([source] if source.is_file() else _files(source)):
                _add(archive, f"{top}/course/{path.relative_to(root).as_posix()}", path.read_bytes())

    return _write_zip(out, OFFLINE_NAME, fill)


_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def scorm_manifest(files: list[str], pass_mark: float) -> bytes:
    """imsmanifest.xml of a SCORM 1.2 package with one SCO (the course), launched at scorm.html."""
    ET.register_namespace("", _CP)
    ET.register_namespace("adlcp", _ADLCP)
    ET.register_namespace("xsi", _XSI)
    manifest = ET.Element(f"{{{_CP}}}manifest", {
        "identifier": "un-cyber-course", "version": "1.0",
        f"{{{_XSI}}}schemaLocation": f"{_CP} imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 "
                                     f"imsmd_rootv1p2p1.xsd {_ADLCP} adlcp_rootv1p2.xsd"})
    metadata = ET.SubElement(manifest, f"{{{_CP}}}metadata")
    ET.SubElement(metadata, f"{{{_CP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{_CP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(manifest, f"{{{_CP}}}organizations", {"default": "course"})
    organization = ET.SubElement(organizations, f"{{{_CP}}}organization", {"identifier": "course"})
    ET.SubElement(organization, f"{{{_CP}}}title").text = COURSE_TITLE
    item = ET.SubElement(organization, f"{{{_CP}}}item", {"identifier": "course-item", "identifierref": "course-sco", "isvisible": "true"})
    ET.SubElement(item, f"{{{_CP}}}title").text = COURSE_TITLE
    # The final assessment's pass mark, as a percentage: the LMS may judge "passed" by it.
    ET.SubElement(item, f"{{{_ADLCP}}}masteryscore").text = str(round(100 * pass_mark))
    resources = ET.SubElement(manifest, f"{{{_CP}}}resources")
    resource = ET.SubElement(resources, f"{{{_CP}}}resource", {
        "identifier": "course-sco", "type": "webcontent", f"{{{_ADLCP}}}scormtype": "sco", "href": "scorm.html"})
    for name in files:
        ET.SubElement(resource, f"{{{_CP}}}file", {"href": name})
    ET.indent(manifest)
    return ET.tostring(manifest, encoding="utf-8", xml_declaration=True)


def scorm_zip(html: Path, out: Path) -> Path:
    """Write the SCORM 1.2 package of the built learner book ``html`` to the folder ``out``."""
    from .assessment import PASS_MARK

    _learner_book(html)
    book = [(path.relative_to(html).as_posix(), path.read_bytes()) for path in _files(html)]
    own = [(path.name, path.read_bytes()) for path in sorted(SCORM_FILES.iterdir()) if path.suffix in (".html", ".js")]
    files = sorted(own + book)

    def fill(archive: zipfile.ZipFile) -> None:
        _add(archive, "imsmanifest.xml", scorm_manifest([name for name, _ in files], PASS_MARK))
        for name, data in files:
            _add(archive, name, data)

    return _write_zip(out, SCORM_NAME, fill)


INSTRUCTOR_NAME = "un-cyber-course-instructor.zip"
HANDOUT_NAMES = ("quizzes.pdf", "role-cards.pdf", "worksheets.pdf")
CHECKSUMS = "SHA256SUMS"


def instructor_zip(html: Path, out: Path) -> Path:
    """The built instructor edition (answer keys, facilitation notes, agendas) as one zip."""
    if not any("ck-answer-key" in p.read_text(encoding="utf-8", errors="replace") for p in html.rglob("*.html")):
        raise BundleError(f"{html}: no answer keys here: not the instructor edition (run `make instructor`)")

    def fill(archive: zipfile.ZipFile) -> None:
        for path in _files(html):
            _add(archive, f"un-cyber-course-instructor/{path.relative_to(html).as_posix()}", path.read_bytes())

    return _write_zip(out, INSTRUCTOR_NAME, fill)


def release(root: Path, html: Path, instructor_html: Path, handouts: Path, out: Path) -> list[Path]:
    """Every file of a release in ``out``, with their checksums; returns them, sorted."""
    import hashlib

    from .export import all_exports
    from .loader import load_banks

    missing = [name for name in HANDOUT_NAMES if not (handouts / name).is_file()]
    if missing:
        raise BundleError(f"{handouts}: missing {', '.join(missing)} (run `make handouts`)")
    banks = load_banks(sorted((root / "quizzes").glob("*.yml")))
    written = [offline_zip(html, root, out), scorm_zip(html, out), instructor_zip(instructor_html, out)]
    for name in HANDOUT_NAMES:
        written.append(out / name)
        written[-1].write_bytes((handouts / name).read_bytes())
    for name, data in all_exports(banks).items():
        written.append(out / name)
        written[-1].write_bytes(data)
    written.sort()
    sums = "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n" for path in written)
    (out / CHECKSUMS).write_text(sums, encoding="utf-8")
    return [*written, out / CHECKSUMS]
