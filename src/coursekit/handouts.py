"""PDFs of the printable handouts, made with headless chromium: ``python -m coursekit handouts``.

Prints each page under ``instructor/handouts/`` of the built instructor edition (build it
first: ``make instructor``) to ``_build/handouts/<page>.pdf``, with the page's own print
stylesheet: no theme navigation, each role card, worksheet or chapter quiz on a new sheet.
Needs Playwright (in the dev dependencies) and a Chromium: the Debian package
(/usr/bin/chromium) or one set with COURSEKIT_CHROMIUM. The pages are opened from disk,
so nothing is fetched from a network.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

HANDOUTS = Path("_build") / "instructor" / "html" / "instructor" / "handouts"
OUTPUT = Path("_build") / "handouts"
# Headless on this machine's closed network (shared with the browser tests): without the
# background-networking flags Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


class HandoutError(Exception):
    """Something the user must fix (no built edition, no browser): a message, no traceback."""


def find_chromium() -> str:
    candidates = [os.environ.get("COURSEKIT_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                  shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise HandoutError("no Chromium found: install it (Debian/Ubuntu: apt-get install chromium) "
                       "or set COURSEKIT_CHROMIUM to a Chromium or Chrome executable")


def make_pdfs(pages_dir: Path = HANDOUTS, out_dir: Path = OUTPUT) -> list[Path]:
    pages = sorted(pages_dir.glob("*.html"))
    if not pages:
        raise HandoutError(f"no handout pages in {pages_dir}: build the instructor edition first (make instructor)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise HandoutError("Playwright is not installed: pip install playwright (it is in the dev dependencies)") from None
    executable = find_chromium()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # Only files from the book itself: a handout must print the same with no network.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            for source in pages:
                page.goto(source.resolve().as_uri(), wait_until="load")
                target = out_dir / f"{source.stem}.pdf"
                partial = target.with_suffix(".pdf.part")  # never leave a half-written PDF under the real name
                page.pdf(path=str(partial), format="A4", print_background=True)
                partial.replace(target)
                written.append(target)
        finally:
            browser.close()
    return written
