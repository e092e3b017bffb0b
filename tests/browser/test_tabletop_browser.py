"""The tabletop player in a real browser: keyboard only, announced feedback, review, restart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import axe_run

pytestmark = pytest.mark.browser
TT = "#ck-tt-good-scenario"


def _press_button(page: Page, name: str) -> None:
    """Tab to the button with this label and press Enter (no mouse)."""
    for _ in range(40):
        if page.evaluate("n => document.activeElement && document.activeElement.textContent === n", name):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"button {name!r} not reachable by Tab")
    page.keyboard.press("Enter")


def test_play_by_keyboard_review_and_restart(page: Page, site):
    page.goto(f"{site}/tabletop.html")
    expect(page.locator(f"{TT} .ck-tt-nodes")).to_be_hidden()
    _press_button(page, "Call the national CERT")
    live = page.locator(f"{TT} .ck-tt-live")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("13(g)")
    page.keyboard.press("Enter")  # focus is on Continue
    expect(page.locator(f"{TT} .ck-tt-stage")).to_contain_text("traces servers abroad")
    _press_button(page, "Accuse the neighbour publicly")
    page.keyboard.press("Enter")
    stage = page.locator(f"{TT} .ck-tt-stage")
    expect(stage).to_contain_text("a mixed outcome")
    expect(stage.locator(".ck-tt-review li")).to_have_count(2)
    expect(stage.locator(".ck-tt-review")).to_contain_text("13(b)")
    _press_button(page, "Start again")
    expect(stage).to_contain_text("A hospital reports ransomware")
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tabletop_passes_axe(page: Page, site, theme):
    page.goto(f"{site}/tabletop.html")
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    page.get_by_role("button", name="Do nothing").click()
    assert axe_run(page) == []


def test_without_javascript_choices_are_links(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/tabletop.html")
    page.get_by_role("link", name="go to").first.click()
    assert page.url.endswith("#ck-tt-good-scenario-cert")
    expect(page.locator("#ck-tt-good-scenario-cert")).to_contain_text("traces servers abroad")
    context.close()
