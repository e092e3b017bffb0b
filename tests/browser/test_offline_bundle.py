"""The offline copy (``make offline``, coursekit.bundles): one zip that works opened from
disk, in a browser with no server and no network, quizzes and progress included."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coursekit.bundles import offline_zip
from coursekit.course import chapter_slugs

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def unpacked(built_book, tmp_path_factory):
    assert built_book["code"] == 0, built_book["output"][-3000:]
    out = tmp_path_factory.mktemp("release")
    target = offline_zip(built_book["html"], ROOT, out)
    again = offline_zip(built_book["html"], ROOT, tmp_path_factory.mktemp("again"))
    assert target.read_bytes() == again.read_bytes(), "the same book must give the same zip"
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        archive.extractall(folder)
    return folder / "un-cyber-course", names


def test_the_zip_holds_the_book_and_the_notebooks_but_no_answer_keys(unpacked):
    top, names = unpacked
    assert all(n.startswith("un-cyber-course/") for n in names)
    for slug in chapter_slugs(ROOT):
        assert f"un-cyber-course/notebooks/{slug}.html" in names
        assert f"un-cyber-course/course/notebooks/{slug}.ipynb" in names
    assert "un-cyber-course/course/requirements/learner.lock" in names
    assert "un-cyber-course/course/src/coursekit/widgets.py" in names
    for language in ("fr", "es"):
        assert f"un-cyber-course/{language}/notebooks/{chapter_slugs(ROOT)[0]}.html" in names
        assert f"un-cyber-course/course/{language}/notebooks/{chapter_slugs(ROOT)[0]}.ipynb" in names
        options = (top / language / "_static" / "documentation_options.js").read_text(encoding="utf-8")
        assert "SHOW_SEARCH_SUMMARY: false" in options  # as in the English book: no fetches from disk
    assert not [n for n in names if "/instructor/" in n or "__pycache__" in n or n.endswith(".part")
                or "my-training-plan" in n]  # a file the notebooks write when run
    assert not [p for p in top.rglob("*.html") if "ck-answer-key" in p.read_text(encoding="utf-8")]


def test_the_book_works_from_disk_with_quizzes_and_progress(page: Page, unpacked):
    top, _ = unpacked
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"{page.url}: console: {msg.text}"))
    # A request the browser itself cancels when the next page.goto starts (for example the
    # favicon) fails with net::ERR_ABORTED; a file missing from the zip fails differently.
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and errors.append(f"failed: {r.url} ({r.failure})"))
    page.goto((top / "index.html").as_uri())
    page.wait_for_url("**/book/intro.html")
    for slug in chapter_slugs(ROOT):
        page.goto((top / "notebooks" / f"{slug}.html").as_uri())
        for widget in page.locator(".ck-quiz, .ck-explorer, .ck-tabletop").all():
            expect(widget).to_have_attribute("data-ck-ready", "")
    page.goto((top / "assessment" / "final-assessment.html").as_uri())
    expect(page.locator(".ck-final")).to_have_attribute("data-ck-ready", "")
    # Answer one question, then the progress page (another file) shows it.
    slug = chapter_slugs(ROOT)[0]
    page.goto((top / "notebooks" / f"{slug}.html").as_uri())
    first = page.locator(".ck-question").first
    first.locator("input, select").first.check() if first.locator("input").count() else first.locator("select").first.select_option(index=1)
    first.locator(".ck-check").click()
    expect(first.locator(".ck-feedback")).not_to_be_empty()
    page.goto((top / "book" / "progress.html").as_uri())
    expect(page.locator(f"tr[data-chapter='{slug}'] td.ck-answered")).to_have_text("1")
    # Search, from disk.
    page.goto((top / "search.html").as_uri() + "?q=Budapest")
    expect(page.locator("#search-results a[href*='cybercrime']").first).to_be_visible(timeout=15000)
    assert errors == []


@pytest.mark.parametrize("language, name, other, word", [("fr", "Français", "Español", "Budapest"),
                                                         ("es", "Español", "English", "Budapest")])
def test_the_french_and_spanish_books_work_from_disk_too(page: Page, unpacked, language, name, other, word):
    """The zip holds the three books: each opens from its own index.html, its activities and
    search work from disk, and the language switcher leads to the same page on disk."""
    top, _ = unpacked
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and errors.append(f"failed: {r.url} ({r.failure})"))
    page.goto((top / language / "index.html").as_uri())
    page.wait_for_url(f"**/{language}/book/intro.html")
    expect(page.locator("html")).to_have_attribute("lang", language)
    for slug in chapter_slugs(ROOT):
        page.goto((top / language / "notebooks" / f"{slug}.html").as_uri())
        for widget in page.locator(".ck-quiz, .ck-explorer, .ck-tabletop").all():
            expect(widget).to_have_attribute("data-ck-ready", "")
    page.goto((top / language / "assessment" / "final-assessment.html").as_uri())
    expect(page.locator(".ck-final")).to_have_attribute("data-ck-ready", "")
    page.goto((top / language / "search.html").as_uri() + f"?q={word}")
    expect(page.locator("#search-results a[href*='cybercrime']").first).to_be_visible(timeout=15000)
    # The switcher, from disk: the same chapter in the other language.
    page.goto((top / language / "notebooks" / "history.html").as_uri())
    expect(page.locator(".ck-languages [aria-current]")).to_have_text(name)
    page.locator(".ck-languages").get_by_role("link", name=other).click()
    expected = (top if other == "English" else top / "es") / "notebooks" / "history.html"
    page.wait_for_url(expected.as_uri())
    assert errors == []
