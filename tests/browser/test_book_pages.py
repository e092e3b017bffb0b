"""The built book in a real browser: offline-clean pages, accessible quizzes, progress page.

Uses the strict build from tests/conftest.py (``built_book``) served on 127.0.0.1.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from pathlib import Path

from coursekit.course import chapter_slugs


pytestmark = pytest.mark.browser
CHAPTERS = chapter_slugs(Path(__file__).resolve().parents[2])


def _book_pages(built_book) -> list[str]:
    html = built_book["html"]
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts)


def test_every_page_stays_on_localhost_and_renders(page: Page, book_url, built_book, requests_seen):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    pages = _book_pages(built_book)
    assert len(pages) >= 5
    for name in pages:
        response = page.goto(f"{book_url}/{name}")
        assert response and response.ok, name
        expect(page.locator("main")).to_be_visible()
    assert errors == [], f"JavaScript errors: {errors}"
    # the autouse fixture in conftest.py asserts that no request left 127.0.0.1


@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_quizzes_are_enhanced_and_accessible(page: Page, book_url, slug):
    page.goto(f"{book_url}/notebooks/{slug}.html")
    quizzes = page.locator(".ck-quiz")
    assert quizzes.count() >= 2
    expect(quizzes.first).to_have_attribute("data-ck-ready", "")  # set by the JS
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        results = Axe().run(page, context={"include": [[".ck-quiz"]]})
        assert results.response["violations"] == [], f"{theme}: {results.generate_report()}"


def test_keyboard_answer_in_chapter_updates_progress_page(page: Page, book_url):
    slug = CHAPTERS[0]
    page.goto(f"{book_url}/notebooks/{slug}.html")
    first = page.locator(".ck-question").first
    first.locator("input, select").first.focus()
    # Keyboard only: choose with the arrow keys, Tab to Check, press Enter.
    page.keyboard.press("Space")
    for _ in range(10):
        if page.evaluate("document.activeElement.classList.contains('ck-check')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    feedback = first.locator(".ck-feedback")
    expect(feedback).to_have_attribute("aria-live", "polite")
    expect(feedback).not_to_be_empty()
    page.goto(f"{book_url}/book/progress.html")
    row = page.locator(f"tr[data-chapter='{slug}'] td.ck-answered")
    expect(row).to_contain_text("1")


def test_hostile_quiz_text_never_runs_in_the_built_book(page: Page, tmp_path):
    """Put <script> and <img onerror> payloads in a chapter's bank, build the book, open it."""
    import yaml

    from bookcopy import build_copy, copy_course
    from conftest import serve

    copy_course(tmp_path)
    slug = CHAPTERS[0]
    bank_path = tmp_path / "quizzes" / f"{slug}.yml"
    bank = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    hostile = yaml.safe_load((Path(__file__).parent / "xss_fixture.yml").read_text(encoding="utf-8"))
    for question in hostile["questions"]:
        question["objectives"] = [next(iter(bank["objectives"]))]
        question["sources"] = bank["questions"][0]["sources"]
    first_group = next(iter(bank["groups"]))
    bank["questions"] += hostile["questions"]
    bank["groups"][first_group] += [q["id"] for q in hostile["questions"]]
    bank_path.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    html = build_copy(tmp_path)

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(html) as url:
        page.goto(f"{url}/notebooks/{slug}.html")
        quiz = page.locator(".ck-quiz").first
        expect(quiz).to_contain_text("<script>window.__pwned")  # shown as text
        for question in quiz.locator(".ck-question").all():
            question.locator("input, select").first.focus()
            page.keyboard.press("Space")
            question.locator(".ck-check").click()
            details = question.locator("details")
            if details.is_visible():
                details.locator("summary").click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
    assert dialogs == []
