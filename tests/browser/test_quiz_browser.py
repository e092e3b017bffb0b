"""The built-book quiz in a real browser (Debian chromium via Playwright).

Pages come from the `site` fixture (conftest.py): quiz_fixture.yml rendered by
render_quiz_html, plus the shared coursekit.js/css. Every test also asserts that
the page requested nothing outside localhost (conftest `_no_external_requests`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pydantic import TypeAdapter

from conftest import axe_run
from coursekit.grading import grade
from coursekit.i18n import STRINGS, speaking, t
from coursekit.model import Question
from coursekit.render_html import grading_spec

pytestmark = pytest.mark.browser

VECTORS = json.loads((Path(__file__).parent.parent / "grading_vectors.json").read_text(encoding="utf-8"))
STORE_KEY = "coursekit-progress-v1"
QUIZ = "#ck_quiz-fixture_all"

# For each fixture question: its type, a right answer and a wrong one (in the
# learner's terms: option ids, select values in row order, or typed text), and
# a phrase of the feedback the wrong answer must show (None: no option feedback).
ANSWERS = {
    "body": ("single", "ga", "sc", "has not adopted"),
    "norms": ("multiple", ["ci", "cert"], ["ci", "ban"], "No norm bans"),
    "binding": ("true-false", "false", "true", "voluntary and non-binding"),
    "match-bodies": ("matching", ["General Assembly", "ITU"], ["ITU", "General Assembly"], "set up both OEWGs"),
    "order-steps": ("ordering", ["GGE 2010", "GGE 2013", "GGE 2015"], ["GGE 2013", "GGE 2010", "GGE 2015"], "is not in its right place"),
    "gge-count": ("numeric", " 11 ", "12", "Close, but outside"),
    "oewg-name": ("short-text", "OPEN   ended", "open", None),
}


def question(page: Page, qid: str, quiz: str = QUIZ):
    return page.locator(f"{quiz}_{qid}")


def stored_progress(page: Page):
    raw = page.evaluate("key => localStorage.getItem(key)", STORE_KEY)
    return json.loads(raw) if raw else None


def open_quiz(page: Page, site: str, name: str = "quiz.html") -> None:
    page.goto(f"{site}/{name}")
    expect(page.locator(".ck-quiz .ck-check").first).to_be_visible()  # enhanced


# -- answering by mouse and by keyboard ---------------------------------------


def answer_by_mouse(page: Page, qid: str, value) -> None:
    q = question(page, qid)
    kind = ANSWERS[qid][0]
    if kind in ("single", "true-false", "multiple"):
        for v in [value] if isinstance(value, str) else value:
            q.locator(f'label[for="{q.locator(f"input[value={v!r}]").get_attribute("id")}"]').click()
    elif kind in ("matching", "ordering"):
        for i, v in enumerate(value):  # rows may be shown in any order: find each by its number
            q.locator(f"select[data-index='{i}']").select_option(value=v)
    else:
        q.locator("input.ck-input").click()
        q.locator("input.ck-input").fill(value)
    q.get_by_role("button", name=STRINGS["check"]).click()


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector`` (real tab order)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer_by_keyboard(page: Page, qid: str, value) -> None:
    base = f"{QUIZ}_{qid}"
    kind = ANSWERS[qid][0]
    if kind in ("single", "true-false"):
        values = page.eval_on_selector_all(f"{base} input[type=radio]", "els => els.map(e => e.value)")
        tab_to(page, f"{base} input[type=radio]")  # lands on the first radio, none checked
        steps = values.index(value)
        if steps == 0:
            page.keyboard.press("Space")
        for _ in range(steps):
            page.keyboard.press("ArrowDown")  # moves and checks
    elif kind == "multiple":
        for v in value:
            tab_to(page, f'{base} input[value="{v}"]')
            page.keyboard.press("Space")
    elif kind in ("matching", "ordering"):
        for i, v in enumerate(value):
            select = f"{base} select[data-index='{i}']"
            options = page.eval_on_selector(select, "s => Array.from(s.options, o => o.value)")
            tab_to(page, select)
            for _ in range(options.index(v)):
                page.keyboard.press("ArrowDown")  # a closed select changes value on arrows
    else:
        tab_to(page, f"{base} input.ck-input")
        page.keyboard.type(value)
        page.keyboard.press("Enter")  # Enter in the text field checks
        return
    tab_to(page, f"{base} .ck-check")
    page.keyboard.press("Enter")


def assert_verdict(page: Page, qid: str, right: bool) -> None:
    q = question(page, qid)
    live = q.locator(".ck-feedback")
    expect(live).to_have_attribute("role", "status")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live.locator(".ck-verdict")).to_have_text(STRINGS["correct"] if right else STRINGS["incorrect"])
    expect(q).to_have_class("ck-question ck-is-right" if right else "ck-question ck-is-wrong")
    # State by icon too, not colour alone: the verdict has a ✓/✗ before it.
    icon = live.locator(".ck-verdict").evaluate("e => getComputedStyle(e, '::before').content")
    assert ("\u2713" if right else "\u2717") in icon
    details = q.locator("details.ck-details")
    expect(details).to_be_visible()
    assert details.evaluate("d => d.open") is right  # explanation opens after a right answer


def assert_reset(page: Page, qid: str) -> None:
    q = question(page, qid)
    expect(q.locator(".ck-feedback")).to_be_empty()
    expect(q.locator("details.ck-details")).to_be_hidden()
    expect(q).to_have_class("ck-question")
    assert q.locator("input:checked").count() == 0
    assert all(v == "" for v in q.locator("select, input.ck-input").evaluate_all("els => els.map(e => e.value)"))


@pytest.mark.parametrize("via", ["mouse", "keyboard"])
@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
@pytest.mark.parametrize("qid", list(ANSWERS))
def test_answer_check_and_retry(page: Page, site, qid, right, via):
    """Every type, right and wrong, by mouse and by keyboard only (no clicks at all)."""
    open_quiz(page, site)
    kind, good, bad, phrase = ANSWERS[qid]
    answer = answer_by_mouse if via == "mouse" else answer_by_keyboard
    answer(page, qid, good if right else bad)
    assert_verdict(page, qid, right)
    if not right and phrase:
        expect(question(page, qid).locator(".ck-feedback")).to_contain_text(phrase)
    expect(page.locator(f"{QUIZ} .ck-score")).to_have_text(t("score_line", correct=int(right), total=7))
    if via == "mouse":
        question(page, qid).get_by_role("button", name=STRINGS["retry"]).click()
    else:
        tab_to(page, f"{QUIZ}_{qid} .ck-retry")
        page.keyboard.press("Space")
    assert_reset(page, qid)
    expect(page.locator(f"{QUIZ} .ck-score")).to_have_text(t("score_line", correct=0, total=7))
    if via == "keyboard":  # Retry brings focus back to the first control of the question.
        assert page.evaluate("s => document.activeElement.matches(s)", f"{QUIZ}_{qid} input, {QUIZ}_{qid} select")


def test_choice_marks_and_hints(page: Page, site):
    open_quiz(page, site)
    q = question(page, "norms")
    q.get_by_role("button", name=STRINGS["check"]).click()
    expect(q.locator(".ck-feedback")).to_have_text(STRINGS["unanswered"])
    expect(q.locator("details")).to_be_hidden()
    answer_by_mouse(page, "norms", ["ci", "ban"])
    expect(q.locator(".ck-option.ck-chosen-right")).to_have_attribute("data-option", "ci")
    expect(q.locator(".ck-option.ck-chosen-wrong")).to_have_attribute("data-option", "ban")
    expect(q.locator(".ck-feedback")).to_contain_text("One of the norms.")
    n = question(page, "gge-count")
    n.locator("input").fill("1,5")
    n.get_by_role("button", name=STRINGS["check"]).click()
    expect(n.locator(".ck-feedback")).to_have_text(STRINGS["invalid_number"])
    # The second quiz on the page keeps its own score.
    page.locator("#ck_quiz-fixture_short_binding input[value=false]").check()
    page.locator("#ck_quiz-fixture_short_binding .ck-check").click()
    expect(page.locator("#ck_quiz-fixture_short .ck-score")).to_have_text(t("score_line", correct=1, total=1))
    expect(page.locator(f"{QUIZ} .ck-score")).to_have_text(t("score_line", correct=0, total=7))


@pytest.mark.parametrize("qid", ["body", "norms", "match-bodies", "order-steps"])
def test_retry_shows_a_new_order(page: Page, site, qid):
    """The first order is the seeded one (the same as the live widgets); every Retry deals a new
    one, so a position remembered from the last try says nothing."""
    open_quiz(page, site)
    q = question(page, qid)
    shown = lambda: q.locator(".ck-option input, .ck-row select, .ck-row select option").evaluate_all(
        "els => els.map(e => e.value || e.id)")
    first, orders = shown(), set()
    for _ in range(8):  # all 8 retries repeating one order of 3 items: (1/6)^8
        q.get_by_role("button", name=STRINGS["check"]).click()
        q.get_by_role("button", name=STRINGS["retry"]).click()
        orders.add(tuple(shown()))
    assert orders - {tuple(first)}
    answer_by_mouse(page, qid, ANSWERS[qid][1])  # still graded by id and pair number, whatever the order
    assert_verdict(page, qid, True)


# -- grading parity -------------------------------------------------------------


def test_js_grader_matches_python_on_every_vector(page: Page, site):
    open_quiz(page, site)
    adapter = TypeAdapter(Question)
    cases = []
    for v in VECTORS:
        q = adapter.validate_python(v["question"])
        # The page grades grading_spec(q), so the JS twin is fed the same, in the vector's language.
        with speaking(v.get("language", "en")):
            cases.append({"name": v["name"], "spec": grading_spec(q), "response": v["response"],
                          "python": grade(q, v["response"]).as_dict()})
    results = page.evaluate("cases => cases.map(c => window.coursekit.grade(c.spec, c.response))", cases)
    assert len(results) == len(VECTORS) >= 45
    mismatches = []
    for case, vector, js in zip(cases, VECTORS, results):
        if js != case["python"] or {k: js[k] for k in vector["expected"]} != vector["expected"]:
            mismatches.append((case["name"], vector["response"], js, case["python"]))
    assert not mismatches


# -- accessibility --------------------------------------------------------------


def _axe_violations(page: Page) -> list:
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in axe_run(page)]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_has_no_violations(page: Page, site, theme):
    open_quiz(page, site)
    page.evaluate("theme => document.documentElement.setAttribute('data-theme', theme)", theme)
    assert _axe_violations(page) == []
    # Again with every state on screen: right, wrong, hints, open explanations.
    for qid, (kind, good, bad, _) in ANSWERS.items():
        answer_by_mouse(page, qid, good if qid in ("body", "binding", "gge-count") else bad)
    question(page, "norms").locator("details summary").click()
    page.locator("#ck_quiz-fixture_short_binding .ck-check").click()  # unanswered hint
    page.keyboard.press("Tab")  # a visible focus ring on screen as well
    assert _axe_violations(page) == []


def test_axe_progress_page(page: Page, site):
    page.goto(f"{site}/progress.html")
    expect(page.locator(".ck-progress-status")).to_have_text(STRINGS["progress_none"])
    assert _axe_violations(page) == []


# -- hostile quiz text ----------------------------------------------------------


def test_xss_payloads_never_run(page: Page, site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_quiz(page, site, "xss.html")
    # Exercise every path that copies quiz text into the page.
    for qid in ("xss-single", "xss-tf", "xss-match", "xss-numeric"):
        q = page.locator(f"#ck_xss-fixture_all_{qid}")
        if qid == "xss-single":
            q.locator("input[value=b]").check()
        elif qid == "xss-tf":
            q.locator("input[value=false]").check()
        elif qid == "xss-match":
            for i, select in enumerate(q.locator("select").all()):
                select.select_option(index=2 - i)
        else:
            q.locator("input").fill("1")
        q.locator(".ck-check").click()
        q.locator("details summary").click()
        q.locator("details").evaluate("d => d.open = true")
    page.locator("#ck_xss-fixture_all_xss-single input[value=a]").check()
    page.locator("#ck_xss-fixture_all_xss-single .ck-check").click()
    page.mouse.move(10, 10)
    page.locator(".ck-feedback").last.hover()
    page.wait_for_timeout(200)  # give any onerror a chance to fire
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.locator("img, iframe, svg").count() == 0
    # The only scripts: the shared assets and the JSON data block.
    assert page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('type') || e.getAttribute('src'))") == [
        "coursekit.js", "coursekit-explorers.js", "coursekit-tabletop.js", "coursekit-final.js", "application/json"]
    expect(page.locator("#ck_xss-fixture_all_xss-single label[for$='_opt_a']")).to_contain_text("<img src=x onerror=")


# -- progress in localStorage ---------------------------------------------------


def test_progress_persists_across_reload(page: Page, site):
    open_quiz(page, site)
    answer_by_mouse(page, "body", "ga")
    answer_by_mouse(page, "binding", "true")
    question(page, "binding").locator(".ck-retry").click()
    answer_by_mouse(page, "binding", "false")
    page.reload()
    assert stored_progress(page) == {
        "quiz-fixture": {"body": {"attempts": 1, "correct": True}, "binding": {"attempts": 2, "correct": True}}
    }
    answer_by_mouse(page, "gge-count", "10")
    assert stored_progress(page)["quiz-fixture"]["gge-count"] == {"attempts": 1, "correct": False}
    page.goto(f"{site}/progress.html")
    row = page.locator('tr[data-chapter="quiz-fixture"]')
    expect(row.locator(".ck-answered")).to_have_text("3")
    expect(row.locator(".ck-correct")).to_have_text("2")
    expect(page.locator('tr[data-chapter="xss-fixture"] .ck-answered')).to_have_text("0")
    expect(page.locator(".ck-progress-status")).to_be_empty()
    expect(page.locator(".ck-progress .ck-nojs")).to_be_hidden()


GARBAGE = [
    "{not json",
    "[1, 2, 3]",
    "null",
    '"a string"',
    '{"quiz-fixture": "oops", "other": {"q": {"attempts": "many", "correct": "yes"}}}',
    '{"__proto__": {"polluted": true}, "quiz-fixture": {"body": {"attempts": -1, "correct": true}}}',
]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_in_storage_is_replaced(page: Page, site, garbage):
    page.goto(f"{site}/quiz.html")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, garbage])
    page.goto(f"{site}/progress.html")
    expect(page.locator(".ck-progress-status")).to_have_text(STRINGS["progress_none"])
    open_quiz(page, site)
    answer_by_mouse(page, "body", "ga")
    assert_verdict(page, "body", True)
    assert stored_progress(page) == {"quiz-fixture": {"body": {"attempts": 1, "correct": True}}}
    assert page.evaluate("({}).polluted") is None
    expect(page.locator(".ck-storage-note")).to_have_count(0)


# name -> (init script that breaks storage, what the progress page then says)
THROWING_STORAGE = {
    "get-and-set-throw": (
        """Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };
           Storage.prototype.setItem = function () { throw new DOMException('denied', 'SecurityError'); };""",
        "storage_unavailable",
    ),
    "storage-full": (
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
        "progress_none",
    ),
    "localStorage-getter-throws": (
        "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });",
        "storage_unavailable",
    ),
}


@pytest.mark.parametrize("script, progress_says", THROWING_STORAGE.values(), ids=THROWING_STORAGE.keys())
def test_throwing_storage_never_breaks_the_page(page: Page, site, script, progress_says):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(script)
    open_quiz(page, site)
    answer_by_mouse(page, "body", "sc")
    assert_verdict(page, "body", False)
    answer_by_mouse(page, "gge-count", "11")
    assert_verdict(page, "gge-count", True)
    # One quiet note per quiz, and the score still works.
    expect(page.locator(f"{QUIZ} .ck-storage-note")).to_have_text(STRINGS["storage_unavailable"])
    expect(page.locator(f"{QUIZ} .ck-score")).to_have_text(t("score_line", correct=1, total=7))
    page.goto(f"{site}/progress.html")
    expect(page.locator(".ck-progress-status")).to_have_text(STRINGS[progress_says])
    assert errors == []


# -- network and no-JS view ------------------------------------------------------


def test_no_request_leaves_localhost(page: Page, site, requests_seen):
    for name in ("quiz.html", "xss.html", "progress.html"):
        page.goto(f"{site}/{name}")
        page.wait_for_load_state("networkidle")
    open_quiz(page, site, "xss.html")
    page.locator("#ck_xss-fixture_all_xss-single details").evaluate("d => { d.hidden = false; d.open = true; }")
    page.wait_for_load_state("networkidle")
    assert requests_seen, "the request recorder saw nothing"
    assert all(url.startswith(site) for url in requests_seen), requests_seen


def test_without_javascript_questions_read_and_answers_stay_closed(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}/quiz.html")
        q = question(page, "body")
        expect(q.locator("legend")).to_contain_text(t("question_n", n=1, total=7))
        expect(q.locator("legend")).to_contain_text("Which UN body adopted the eleven voluntary norms")
        expect(q.get_by_label("The General Assembly")).to_be_visible()
        expect(page.locator(".ck-nojs").first).to_have_text(STRINGS["widgets_missing"])
        assert page.locator("button").count() == 0  # no dead buttons
        for details in page.locator("details.ck-details").all():
            assert details.evaluate("d => d.open") is False
        expect(q.get_by_text("welcomed the 2015 GGE report")).to_be_hidden()
        expect(q.get_by_text("has not adopted the norms")).to_be_hidden()
        q.locator("summary").click()  # <details> opens without any script
        expect(q.get_by_text("welcomed the 2015 GGE report")).to_be_visible()
        page.goto(f"{site}/progress.html")
        expect(page.get_by_text(STRINGS["progress_needs_js"])).to_be_visible()
    finally:
        context.close()
