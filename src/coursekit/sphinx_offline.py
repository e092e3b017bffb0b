"""Save the course for offline use, in the browser (issue 13).

``{coursekit-save-offline}`` renders a box with a button, the size of the course and a status
line (static/coursekit-offline.js). Nothing downloads until the learner presses it; then the
service worker (offline/sw.js, copied to the site's root so that it may serve every page)
stores every file of the book, and the book works with the network off in that browser,
progress included (it lives in browser storage).

At the end of the build (``build-finished``) this module lists the files in
``offline-manifest.json`` with a version (a hash of their content), and writes the size into
the box. A new build has a new version: the worker stores it whole before serving it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import i18n
from .markup import html
from .presentation import json_for_script
from .paths import built_files

MANIFEST = "offline-manifest.json"
WORKER = Path(__file__).parent / "offline" / "sw.js"
# Not part of what a learner reads: downloads of the sources, theme translations, debugger
# maps, Sphinx's own bookkeeping and the theme's template files.
_LEFT_OUT = re.compile(r"^(_sources/|_static/locales/|_static/[^/]+\.html$|objects\.inv$|sw\.js$|"
                       + re.escape(MANIFEST) + r"$)|\.map$|(^|/)\.")
_SIZE = re.compile(r'(<span class="ck-save-size">)[^<]*(</span>)')

WORDS = {
    "title": "Save this course for offline use",
    "intro": "Store the whole book in this browser, so that every chapter, quiz and activity works "
             "without a connection. Your progress is kept as before.",
    "button": "Save this course for offline use",
    "size": "Size to download:",
    "nojs": "Saving the course needs JavaScript. You can also download the offline copy (a zip file).",
    "on_disk": "This copy is already on your computer: it works without a connection.",
    "unsupported": "This browser cannot store the course. Download the offline copy (a zip file) instead.",
    "already": "This course is saved in this browser. Press the button to check for a newer version.",
    "starting": "Preparing…",
    "progress": "Saving: {stored} of {files} files…",
    "saved": "Saved. The course now works without a connection in this browser, and it is updated "
             "the next time you open it online.",
    "failed": "Saving did not finish: {message}. Nothing was changed; try again when the connection is better.",
}


def words() -> dict:
    """``WORDS`` in the current language (i18n.use_language; table "offline" of the interface catalogue)."""
    return i18n.words("offline", WORDS)


class SaveOfflineDirective(SphinxDirective):
    """``{coursekit-save-offline}``: the box that saves the course for offline use."""

    def run(self):
        markup = html(
            '<div class="ck-save-offline">'
            '<script type="application/json" class="ck-data">{words}</script>'
            "<p><strong>{title}</strong></p><p>{intro}</p>"
            '<p>{size_label} <span class="ck-save-size">…</span></p>'
            '<p class="ck-nojs">{nojs}</p>'
            '<button type="button" class="ck-button ck-check ck-save-button" hidden>{button}</button>'
            '<p class="ck-save-status" role="status" aria-live="polite"></p></div>',
            words=json_for_script(words()), title=words()["title"], intro=words()["intro"], size_label=words()["size"],
            nojs=words()["nojs"], button=words()["button"])
        return [nodes.raw("", str(markup), format="html")]


def offline_files(outdir: Path) -> list[dict]:
    """Every file a learner's browser may ask for, with its size, sorted by path."""
    files = []
    for path in built_files(outdir):
        name = path.relative_to(outdir).as_posix()
        if path.is_file() and not _LEFT_OUT.search(name):
            files.append({"path": name, "bytes": path.stat().st_size})
    return files


def write_manifest(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    files = offline_files(outdir)
    digest = hashlib.sha256()
    for entry in files:
        digest.update(entry["path"].encode() + b"\0" + hashlib.sha256((outdir / entry["path"]).read_bytes()).digest())
    total = sum(entry["bytes"] for entry in files)
    manifest = {"version": digest.hexdigest()[:16], "bytes": total, "files": files}
    (outdir / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    shutil.copyfile(WORKER, outdir / "sw.js")
    size = f"{total / 1e6:.1f} MB"
    for page in built_files(outdir, "*.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="ck-save-size"' in text:
            page.write_text(_SIZE.sub(lambda m: m.group(1) + size + m.group(2), text), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_directive("coursekit-save-offline", SaveOfflineDirective)
    # After the light-pages step (sphinx_light), which changes files the manifest lists.
    app.connect("build-finished", write_manifest, priority=900)
