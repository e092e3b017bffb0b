"""The final assessment in a real browser: shuffled numbering, results, record download, retake."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_results_record_and_retake(page: Page, site):
    page.goto(f"{site}/final.html")
    numbers = page.locator(".ck-final .ck-question .ck-number").all_inner_texts()
    assert numbers[0].startswith("Question 1 of") and numbers[-1].startswith(f"Question {len(numbers)} of")
    page.get_by_role("button", name="Finish and see my results").click()
    results = page.locator(".ck-final-results")
    expect(results).to_have_attribute("aria-live", "polite")
    expect(results).to_contain_text("You answered 0 of")
    expect(results).to_contain_text("Not passed yet")
    expect(results.locator("table")).to_have_count(2)
    # Mark every question right, as coursekit.js does after a correct Check.
    page.evaluate("document.querySelectorAll('.ck-final .ck-question').forEach(q => q.classList.add('ck-is-right'))")
    page.get_by_role("button", name="Finish and see my results").click()
    expect(results).to_contain_text("You passed.")
    expect(results).to_contain_text("self-reported")
    page.get_by_label("Your name, as it should appear on the record").fill("Ana Li")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the record (JSON)").click()
    record = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert record["name"] == "Ana Li" and record["score"]["right"] == record["score"]["total"]
    assert "self-reported" in record["self_reported"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the record (HTML)").click()
    assert "Ana Li" in open(download.value.path(), encoding="utf-8").read()
    page.get_by_role("button", name="Retake the assessment").click()
    expect(results).to_be_empty()


def test_final_assessment_passes_axe(page: Page, site):
    page.goto(f"{site}/final.html")
    page.get_by_role("button", name="Finish and see my results").click()
    assert Axe().run(page).response["violations"] == []
