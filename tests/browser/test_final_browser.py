"""The final assessment in a real browser: nothing of the answers before submission, one
attempt per item, results and explanations after, record download, a retake with new items."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from conftest import axe_run
from coursekit import assessment

pytestmark = pytest.mark.browser
W = assessment.WORDS
# Every answer-only text of tests/browser/final_fixture.yml carries SECRET; the numeric and
# short-text keys are unique words; "Plenipotentiary Conference" is the right side of a pair.
ANSWER_TEXTS = ("SECRET", "4711", "Zanzibarwort")


def shown_ids(page: Page) -> list[str]:
    return page.locator(".ck-final .ck-question:visible").evaluate_all("els => els.map(e => e.dataset.qid)")


def everything_readable(page: Page) -> str:
    """What a curious learner can reach without running code: the DOM as HTML (scripts
    included, hidden parts too) and the text of every script element."""
    dom = page.content()
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.textContent).join('\\n')")
    return dom + scripts


def test_no_answer_is_reachable_before_submission(page: Page, site):
    response = page.goto(f"{site}/final.html")
    source = response.text()
    expect(page.locator(".ck-final .ck-check")).to_be_visible()
    readable = everything_readable(page)
    for text in ANSWER_TEXTS:
        assert text not in source and text not in readable, text
    assert page.locator(".ck-final details").count() == 0
    assert page.locator(".ck-final .ck-question:visible .ck-check").count() == 0  # no per-question Check


def test_submit_reveals_verdicts_feedback_and_explanations_then_locks(page: Page, site):
    page.goto(f"{site}/final.html")
    ids = shown_ids(page)
    assert ids and "seen" not in ids, "only final-pool items"
    numbers = page.locator(".ck-final .ck-question:visible .ck-number").all_inner_texts()
    assert numbers[0] == f"Question 1 of {len(ids)}" and numbers[-1] == f"Question {len(ids)} of {len(ids)}"
    submit = page.get_by_role("button", name=W["finish"])
    submit.click()  # nothing answered: one reminder, nothing revealed
    expect(page.locator(".ck-final-results")).to_contain_text(f"{len(ids)} questions are not answered yet")
    assert "SECRET" not in everything_readable(page)
    page.get_by_role("button", name=W["submit_anyway"]).click()
    results = page.locator(".ck-final-results")
    expect(results).to_have_attribute("aria-live", "polite")
    expect(results).to_contain_text(f"You answered 0 of {len(ids)}")
    expect(results).to_contain_text("Not passed yet")
    expect(results.locator("table")).to_have_count(2)
    first = page.locator(f'.ck-final .ck-question[data-qid="{ids[0]}"]')
    expect(first.locator(".ck-feedback")).to_contain_text(W["your_result_wrong"])
    expect(first.locator(".ck-feedback details[open]")).to_contain_text("SECRET")  # the explanation, now
    assert first.locator("input, select").evaluate_all("els => els.every(e => e.disabled)")  # one attempt
    expect(page.get_by_role("button", name=W["finish"])).to_be_disabled()


def answer_right(page: Page, qid: str) -> None:
    q = page.locator(f'.ck-final .ck-question[data-qid="{qid}"]')
    right = {
        "f-single": lambda: q.locator("input[value=ga]").check(),
        "f-multiple": lambda: (q.locator("input[value=ci]").check(), q.locator("input[value=cert]").check()),
        "f-true-false": lambda: q.locator("input[value=true]").check(),
        "f-matching": lambda: (q.locator("select[data-index='0']").select_option("General Assembly"),
                               q.locator("select[data-index='1']").select_option("Plenipotentiary Conference")),
        "f-ordering": lambda: [q.locator(f"select[data-index='{i}']").select_option(v) for i, v in enumerate(["GGE 2010", "GGE 2013", "GGE 2015"])],
        "f-numeric": lambda: q.locator("input.ck-input").fill("4711"),
        "f-short": lambda: q.locator("input.ck-input").fill(" zanzibarWORT "),
    }
    right[qid]()


def test_pass_record_and_retake_with_new_items(page: Page, site):
    page.goto(f"{site}/final.html")
    ids = shown_ids(page)
    for qid in ids:
        answer_right(page, qid)
    page.get_by_role("button", name=W["finish"]).click()
    results = page.locator(".ck-final-results")
    expect(results).to_contain_text(f"You answered {len(ids)} of {len(ids)}")
    expect(results).to_contain_text("You passed.")
    expect(results).to_contain_text("self-reported")
    expect(results).to_contain_text(f"Assessed: {len(ids)} questions on 2 learning objectives")
    page.get_by_label(W["name"]).fill("Ana Li")
    with page.expect_download() as download:
        page.get_by_role("button", name=W["download_json"]).click()
    record = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert record["name"] == "Ana Li" and record["score"] == {"right": len(ids), "total": len(ids)}
    assert record["assessed"]["questions"] == len(ids) and record["assessed"]["unseen_items"] is True
    with page.expect_download() as download:
        page.get_by_role("button", name=W["download_html"]).click()
    assert "Ana Li" in open(download.value.path(), encoding="utf-8").read()
    page.get_by_role("button", name=W["retake"]).click()
    expect(results).to_be_empty()
    retaken = shown_ids(page)
    assert not set(retaken) & set(ids), "the fixture pool allows a fully different retake"
    assert all(page.locator(f'.ck-final .ck-question[data-qid="{q}"] .ck-feedback').inner_text() == "" for q in retaken)
    # The form is remembered: a reload continues with the retake's questions.
    page.reload()
    assert set(shown_ids(page)) == set(retaken)


def test_final_assessment_passes_axe(page: Page, site):
    page.goto(f"{site}/final.html")
    assert axe_run(page) == []
    page.get_by_role("button", name=W["finish"]).click()
    page.get_by_role("button", name=W["submit_anyway"]).click()
    assert axe_run(page) == []
