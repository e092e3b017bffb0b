"""Light pages (issue 13): what a learner's browser downloads, measured in Chromium on the
strictly built book, and the header features that must survive the diet.

The measurement is coursekit.weight's (also ``make weight``, which prints the table).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coursekit.weight import FIRST_VISIT_BUDGET, NEXT_PAGE_BUDGET, TRANSLATED_TEXT_ALLOWANCE, measure, reading_order

pytestmark = pytest.mark.browser


# The English book, then the French and Spanish ones inside it: each is measured on its own,
# as a learner who opens it sees it (its pages, its stylesheet, its search index).
@pytest.fixture(scope="module", params=["", "fr", "es"], ids=["en", "fr", "es"])
def weights(built_book, browser, request):
    assert built_book["code"] == 0, built_book["output"][-3000:]
    html = built_book["html"] / request.param
    pages = reading_order(html)
    assert len([p for p in pages if p.startswith("notebooks/")]) == 12, pages
    allowance = TRANSLATED_TEXT_ALLOWANCE if request.param else 1  # longer text, see coursekit.weight
    return html, measure(html, pages + ["search.html"], browser=browser), allowance


def test_every_chapter_page_stays_within_the_byte_budgets(weights):
    _, measured, allowance = weights
    previous, checked = None, 0
    for w in measured:
        assert w.errors == [], f"{w.page}: {w.errors}"
        if w.page.startswith("notebooks/"):
            assert w.gzip <= FIRST_VISIT_BUDGET * allowance, f"{w.page}: first visit {w.gzip} bytes (gzip)"
            assert w.after(previous) <= NEXT_PAGE_BUDGET * allowance, f"{w.page}: after {previous.page}, {w.after(previous)} bytes"
            checked += 1
        previous = w
    assert checked == 12


def test_no_page_loads_the_icon_script_the_full_icon_fonts_or_the_search_index(weights):
    _, measured, _ = weights
    for w in measured:
        names = {Path(a.path).name for a in w.assets}
        assert not {n for n in names if n.startswith("fontawesome") or n.endswith((".woff2", ".ttf"))}, (w.page, names)
        assert ("searchindex.js" in names) == (w.page == "search.html"), w.page
        assert not names & {"sphinx-design.min.css", "design-tabs.js", "sphinx-thebe.css"}, w.page


def test_charts_load_lazily_with_their_size_known(page: Page, book_url, built_book):
    """The charts far down a chapter are not fetched on arrival; scrolled to, they load and
    keep the room reserved for them (width and height on the tag)."""
    fetched: list[str] = []
    page.on("request", lambda r: "/_images/" in r.url and r.url.endswith(".png") and fetched.append(r.url))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{book_url}/notebooks/un-system.html", wait_until="networkidle")
    charts = page.locator("main img[src*='_images/'][src$='.png']")
    assert charts.count() >= 1 and fetched == []
    first = charts.first
    assert first.get_attribute("loading") == "lazy" and int(first.get_attribute("width")) > 100
    box_before = first.bounding_box()
    first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
    assert fetched and abs(first.bounding_box()["height"] - box_before["height"]) < 1


def test_header_features_still_work(page: Page, book_url):
    """Search, colour mode, launch and download menus, and the small-screen sidebar: the
    theme's features, with its icon script and search index gone from the page."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{book_url}/notebooks/cybercrime.html")
    # Icons are drawn by the cut-down font: the search button's glyph has a width.
    glyph = page.locator("#pst-header .search-button-field i.fa-magnifying-glass").first
    expect(glyph).to_be_visible()
    assert glyph.bounding_box()["width"] > 5
    # Colour mode: the switch cycles the mode.
    before = page.evaluate("document.documentElement.dataset.mode")
    page.locator(".theme-switch-button").first.click()
    assert page.evaluate("document.documentElement.dataset.mode") != before
    # Launch and download menus open (Bootstrap still loads).
    page.locator(".dropdown-launch-buttons .dropdown-toggle").click()
    expect(page.locator(".dropdown-launch-buttons .dropdown-menu a").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator(".dropdown-download-buttons .dropdown-toggle").click()
    expect(page.locator(".dropdown-download-buttons .dropdown-menu a[href$='.ipynb']")).to_be_visible()
    page.keyboard.press("Escape")
    # Search: the dialog's field leads to the search page, which loads the index and finds the chapter.
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_focused()
    field.fill("Budapest Convention")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    expect(page.locator("#search-results a[href*='cybercrime']").first).to_be_visible(timeout=15000)
    # Small screens: the navigation opens as a dialog.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{book_url}/notebooks/history.html")
    link = page.locator("nav.bd-docs-nav").get_by_role("link", name="3. Who does what in the UN system", exact=True)
    expect(link).not_to_be_visible()
    page.locator(".primary-toggle:visible").first.click()
    expect(link).to_be_visible()
