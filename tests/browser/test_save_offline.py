"""Save the course for offline use (issue 13, coursekit/sphinx_offline.py): nothing downloads
until the learner chooses; after saving, every page works with the network off, progress
included; a new version of the book replaces the saved one whole, on the next online visit."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import serve
from coursekit import i18n, sphinx_offline
from coursekit.catalogs import LANGUAGES
from coursekit.sphinx_offline import MANIFEST, write_manifest
from coursekit.weight import reading_order

pytestmark = pytest.mark.browser


@pytest.fixture
def site(built_book, tmp_path):
    """A copy of the built book, so that the test can publish a new version of it."""
    assert built_book["code"] == 0, built_book["output"][-3000:]
    copy = tmp_path / "site"
    shutil.copytree(built_book["html"], copy)
    return copy


def _wait_saved(page: Page, words: dict) -> None:
    expect(page.locator(".ck-save-status")).to_have_text(words["saved"], timeout=120_000)


@pytest.mark.parametrize("book", ["", *(f"{language}/" for language in LANGUAGES)])
def test_saved_course_works_offline_and_updates_whole(page: Page, context: BrowserContext, site: Path, book: str):
    """The English book (the site's root) and the French and Spanish books inside it are
    each saved on their own: a book's copy holds its files only."""
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    site, words = site / book, (i18n.speaking(book.strip("/")) if book else contextlib.nullcontext())
    with words:
        words = sphinx_offline.words()
    manifest = json.loads((site / MANIFEST).read_text())
    assert manifest["files"] and not [f for f in manifest["files"] if f["path"].split("/")[0] in LANGUAGES]
    with serve(site.parent if book else site) as root_url:
        url = root_url + "/" + book.rstrip("/") if book else root_url
        page.goto(f"{url}/book/how-to-use.html")
        box = page.locator(".ck-save-offline")
        expect(box).to_have_attribute("data-ck-ready", "")
        expect(box.locator(".ck-save-size")).to_have_text(f"{manifest['bytes'] / 1e6:.1f} MB")
        # Nothing is stored or registered before the learner chooses.
        assert not [u for u in requested if u.endswith(("sw.js", MANIFEST))]
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        box.get_by_role("button", name=words["button"]).click()
        _wait_saved(page, words)
        stored = page.evaluate("caches.keys().then(async names => (await (await caches.open(names[0])).keys()).length)")
        assert stored == len(manifest["files"]) + 1  # and the mark of a complete version

        # Network off: every page of the book, its activities, and progress across pages.
        context.set_offline(True)
        pages = reading_order(site) + ["search.html", "book/progress.html"]
        for name in pages:
            page.goto(f"{url}/{name}")
            expect(page.locator("main")).to_be_visible()
            for widget in page.locator(".ck-quiz, .ck-explorer, .ck-tabletop, .ck-final").all():
                expect(widget).to_have_attribute("data-ck-ready", "")
        page.goto(f"{url}/notebooks/global-context.html")
        first = page.locator(".ck-question").first
        first.locator("input").first.check()
        first.locator(".ck-check").click()
        page.goto(f"{url}/book/progress.html")
        expect(page.locator("tr[data-chapter='global-context'] td.ck-answered")).to_have_text("1")

        # A new version is published: back online, it is stored whole, then served.
        intro = site / "book" / "intro.html"
        intro.write_text(intro.read_text(encoding="utf-8").replace("<h1>", "<h1>New edition: "), encoding="utf-8")

        class App:  # what write_manifest reads of a Sphinx application
            outdir = str(site)
            builder = type("B", (), {"format": "html"})()

        write_manifest(App(), None)
        context.set_offline(False)
        page.goto(f"{url}/book/how-to-use.html")  # an online visit: the worker looks for a new version
        old = f"coursekit-offline-/{book}@{manifest['version']}"
        for _ in range(240):
            names = page.evaluate("caches.keys()")
            if len(names) == 1 and names != [old]:
                break
            page.wait_for_timeout(500)
        assert len(names) == 1 and names != [old], names
        context.set_offline(True)
        page.goto(f"{url}/book/intro.html")
        expect(page.get_by_role("heading", level=1)).to_contain_text("New edition")
        page.goto(f"{url}/notebooks/cybercrime.html")
        expect(page.locator(".ck-quiz").first).to_have_attribute("data-ck-ready", "")
