"""The explorers in a real browser: keyboard use, live announcements, kept answers, axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import axe_run

pytestmark = pytest.mark.browser
NORMS, ASSESS = "#ck-explorer-norms", "#ck-explorer-self-assessment"


def test_norms_filter_by_keyboard(page: Page, site):
    page.goto(f"{site}/explorers.html")
    status = page.locator(f"{NORMS} .ck-explorer-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("3 of 3 norms shown")
    page.locator(f"{NORMS} .ck-norm-kind-filter").focus()
    page.keyboard.press("ArrowDown")  # keyboard only: "do" norms
    page.keyboard.press("ArrowDown")  # then "don't" norms
    expect(status).to_have_text("1 of 3 norms shown")
    expect(page.locator(f"{NORMS} .ck-norm:visible")).to_contain_text("No safe havens")
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    page.keyboard.type("wannacry")
    expect(status).to_have_text("1 of 3 norms shown")
    expect(page.locator(f"{NORMS} .ck-norm:visible")).to_contain_text("Consider all information")
    assert page.evaluate("window.__pwned") is None


def test_assessment_by_keyboard_is_kept_across_reload(page: Page, site):
    page.goto(f"{site}/explorers.html")
    first = page.locator(f"{ASSESS} select").first
    first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # stage 2
    row = page.locator(f"{ASSESS} tr[data-dim='d1'] td")
    expect(row).to_have_text("2: Formative")
    expect(page.locator(f"{ASSESS} .ck-explorer-status")).to_contain_text("1 of 3 dimensions rated")
    label = page.locator(f"{ASSESS} svg[role='img']").get_attribute("aria-label")
    assert "Policy and strategy 2: Formative" in label
    page.reload()
    expect(page.locator(f"{ASSESS} select").first).to_have_value("2")
    expect(row).to_have_text("2: Formative")


@pytest.mark.parametrize("script", [
    "localStorage.setItem('coursekit-assessment-v1', '{broken')",
    "localStorage.setItem('coursekit-assessment-v1', '[1,2]')",
    "Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }",
    "Storage.prototype.getItem = () => { throw new DOMException('no', 'SecurityError'); }",
])
def test_bad_storage_never_breaks_the_assessment(page: Page, site, script):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(script)
    page.goto(f"{site}/explorers.html")
    page.locator(f"{ASSESS} select").nth(1).select_option("3")
    expect(page.locator(f"{ASSESS} tr[data-dim='d2'] td")).to_have_text("3: Established")
    assert errors == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_explorers_pass_axe(page: Page, site, theme):
    page.goto(f"{site}/explorers.html")
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    page.locator(f"{ASSESS} select").first.select_option("2")
    assert axe_run(page) == []


def test_without_javascript_every_norm_is_listed(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/explorers.html")
    assert page.locator(f"{NORMS} .ck-norm:visible").count() == 3
    expect(page.locator(f"{ASSESS} .ck-nojs")).to_be_visible()
    context.close()
