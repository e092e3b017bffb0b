"""The built book in a real browser: offline-clean pages, accessible quizzes, progress page.

Uses the strict build from tests/conftest.py (``built_book``) served on 127.0.0.1.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from pathlib import Path

from coursekit import i18n
from coursekit.catalogs import LANGUAGES
from coursekit.course import chapter_slugs
from conftest import axe_violations


pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = chapter_slugs(ROOT)
# The site holds the English book and, inside it, the French and Spanish ones: each root
# index.html is a redirect to its book's first page.
BOOK_ROOTS = {"index.html", *(f"{language}/index.html" for language in LANGUAGES)}
# The path of each book in the site: "" for English, "fr/" and "es/".
BOOKS = ["", *(f"{language}/" for language in LANGUAGES)]


def _language(book: str) -> str:
    return book.strip("/") or i18n.ENGLISH


def _book_pages(built_book) -> list[str]:
    html = built_book["html"]
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts)


def test_every_page_renders_offline(page: Page, book_url, built_book, requests_seen):
    """Every page, with non-localhost requests blocked: it loads, shows its figures and
    quizzes, and raises no JavaScript error. (The autouse fixture in conftest.py then
    asserts that no request left 127.0.0.1.)"""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    # No page logs an error (the theme's "invalid theme mode" did, on every first visit) or
    # asks for something that is not there (a favicon was a 404 on every page).
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"{page.url}: console: {msg.text}"))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{page.url}: HTTP {r.status} for {r.url}"))
    pages = _book_pages(built_book)
    assert len(pages) >= 5
    for name in pages:
        response = page.goto(f"{book_url}/{name}")
        assert response and response.status < 400, f"{name}: HTTP {response and response.status}"  # 304 is fine
        if name in BOOK_ROOTS:  # a redirect to the book's first page: let it finish, or it cuts into the next goto
            page.wait_for_url(f"{book_url}/{name.removesuffix('index.html')}book/intro.html")
            continue
        expect(page.locator("main")).to_be_visible()
        # Images load lazily (issue 13): ask for every one now, then check that each rendered.
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
        page.wait_for_function("[...document.images].every(i => i.complete)")
        broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == [], f"{name}: images that did not render: {broken}"
        for widget in page.locator(".ck-quiz, .ck-explorer, .ck-tabletop, .ck-final").all():
            expect(widget).to_have_attribute("data-ck-ready", "")  # enhanced by the JS
    assert errors == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_page_passes_axe(page: Page, book_url, built_book, theme):
    """WCAG 2.1 AA: axe-core finds nothing, of any impact, on any page, theme included."""
    found = {}
    for name in _book_pages(built_book):
        if name in BOOK_ROOTS:
            continue
        violations = axe_violations(page, f"{book_url}/{name}", theme)
        if violations:
            found[name] = violations
    assert found == {}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("book,slug", [("", slug) for slug in CHAPTERS]
                         + [(book, slug) for book in BOOKS[1:] for slug in ("history", "norms-and-law")])
def test_keyboard_focus_is_visible_in_a_sensible_order(page: Page, book_url, book, slug, theme):
    """Every chapter of the English book; in the French and Spanish books, whose pages have
    the same controls in the same order, the two chapters with the most questions."""
    page.goto(f"{book_url}/{book}notebooks/{slug}.html")
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    assert page.evaluate("document.querySelectorAll('[tabindex]:not([tabindex=\"0\"]):not([tabindex=\"-1\"])').length") == 0
    stops = []
    for _ in range(600):
        page.keyboard.press("Tab")
        stop = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            const s = getComputedStyle(e);
            const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
            const q = e.closest(".ck-question");
            // Marked when first focused: focus coming back to a marked element means Tab has
            // gone round the page (two links may look alike, so their description would not tell).
            const again = e.dataset.ckVisited === "1";
            e.dataset.ckVisited = "1";
            return {ring, label: e.tagName + "." + e.className, question: q ? q.id : null, again};
        }""")
        if stop is None or stop.pop("again"):
            break
        stops.append(stop)
    assert [s["label"] for s in stops if not s["ring"]] == [], "focus without a visible ring"
    # Quiz questions are visited in reading order, each one's controls together.
    questions = [s["question"] for s in stops if s["question"]]
    order = list(dict.fromkeys(questions))
    assert order == page.evaluate("[...document.querySelectorAll('.ck-question')].map(q => q.id)")
    assert questions == sorted(questions, key=order.index), "a question's controls are not visited together"


@pytest.mark.parametrize("book", BOOKS)
def test_keyboard_answer_in_chapter_updates_progress_page(page: Page, book_url, book):
    slug = CHAPTERS[0]
    page.goto(f"{book_url}/{book}notebooks/{slug}.html")
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
    with i18n.speaking(_language(book)):  # the verdict, in the book's language
        verdicts = (i18n.t("correct"), i18n.t("incorrect"))
    expect(feedback).to_contain_text(re.compile("|".join(map(re.escape, verdicts))))
    page.goto(f"{book_url}/{book}book/progress.html")
    row = page.locator(f"tr[data-chapter='{slug}'] td.ck-answered")
    expect(row).to_have_text("1")  # exactly one answered: "1" alone, not 10 or 21


PAYLOAD = "<img src=x onerror=\"window.__pwned = 'data'\"><script>window.__pwned = 'script'</script>"


def _poison_data_and_scenario(root: Path) -> None:
    """The same payload in the data files the explorers read and in the tabletop scenario."""
    import csv

    import yaml

    for name, fields in (("norms.csv", ("short_name", "paraphrase", "source")), ("cmm-dimensions.csv", ("dimension", "source"))):
        path = root / "data" / name
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for field in fields:
            rows[0][field] = PAYLOAD + " " + rows[0][field]
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    path = root / "scenarios" / "hospital-ransomware.yml"
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenario["intro"] = PAYLOAD + "\n\n" + scenario["intro"]
    first = scenario["nodes"][scenario["start"]]
    first["text"] = PAYLOAD + "\n\n" + first["text"]
    for choice in first["choices"]:
        choice["label"] = PAYLOAD + " " + choice["label"]
        choice["feedback"] = PAYLOAD + "\n\n" + choice["feedback"]
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_hostile_text_never_runs_in_the_built_book(page: Page, tmp_path):
    """Put <script> and <img onerror> payloads in a chapter's bank, in the explorers' data files
    and in the tabletop scenario; build the book, open every page that shows them, use them."""
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
    _poison_data_and_scenario(tmp_path)
    build_copy(tmp_path)
    html = tmp_path / "_build" / "html"

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

        page.goto(f"{url}/notebooks/norms-and-law.html")  # the norms explorer, filtered by a search
        expect(page.locator(".ck-norms")).to_contain_text(PAYLOAD)
        page.locator(".ck-norm-search").fill("img")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None

        page.goto(f"{url}/notebooks/capacity-building.html")  # the self-assessment, rated
        assessment = page.locator(".ck-assessment")
        expect(assessment).to_contain_text(PAYLOAD)
        assessment.locator("select").first.select_option("2")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None

        page.goto(f"{url}/notebooks/capstone.html")  # the tabletop: a first choice, its feedback, the review
        stage = page.locator(".ck-tabletop .ck-tt-stage")
        expect(page.locator(".ck-tabletop")).to_contain_text(PAYLOAD)
        stage.locator(".ck-tt-option").first.click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
    assert dialogs == []


@pytest.mark.parametrize("book", BOOKS)
def test_capstone_tabletop_plays_to_an_ending_in_the_book(page: Page, book_url, book):
    page.goto(f"{book_url}/{book}notebooks/capstone.html")
    stage = page.locator(".ck-tabletop .ck-tt-stage")
    for _ in range(30):  # always take the first choice; every path must reach an ending
        if stage.locator(".ck-tt-outcome").count():
            break
        stage.locator(".ck-tt-option").first.click()
        stage.locator(".ck-tt-continue").click()
    expect(stage.locator(".ck-tt-outcome")).to_be_visible()
    assert stage.locator(".ck-tt-review li").count() >= 2
    stage.locator(".ck-tt-restart").click()
    expect(stage.locator(".ck-tt-outcome")).to_have_count(0)


@pytest.mark.parametrize("book", BOOKS)
def test_final_assessment_in_the_book_covers_every_chapter(page: Page, book_url, book):
    """The built book deals one form of unseen items covering every chapter, shows no answer
    before submission, and reports per chapter after it, in the book's language."""
    from coursekit import assessment
    from coursekit.translations import load_translated_bank

    language = _language(book)
    with i18n.speaking(language):
        WORDS = assessment.words()
    banks = {path.stem: load_translated_bank(path, language, ROOT) for path in sorted((ROOT / "quizzes").glob("*.yml"))}
    response = page.goto(f"{book_url}/{book}assessment/final-assessment.html")
    shown = page.locator(".ck-final .ck-question:visible")
    assert shown.count() >= len(CHAPTERS)
    final_ids = {q.id for b in banks.values() for q in b.final_questions}
    ids = shown.evaluate_all("els => els.map(e => e.dataset.qid)")
    assert set(ids) <= final_ids
    # No explanation of any pool item is in the page before submission (its first words, as text).
    flat = lambda text: " ".join(re.sub(r"[^\w%.,-]+", " ", text).split())
    openings = {q.id: " ".join(flat(q.explanation).split()[:8]) for b in banks.values() for q in b.final_questions}
    before = flat(response.text()) + " " + flat(page.content())
    assert [qid for qid, opening in openings.items() if opening in before] == []
    page.get_by_role("button", name=WORDS["finish"]).click()
    page.get_by_role("button", name=WORDS["submit_anyway"]).click()
    answered = WORDS["result"].split("{right}")[0]  # "You answered " in the book's language
    expect(page.locator(".ck-final-results")).to_contain_text(answered + "0")  # submission is asynchronous
    # Not vacuous: after submission the explanations of the items dealt are there.
    after = flat(page.locator(".ck-final").inner_text())
    assert [qid for qid in ids if openings[qid] not in after] == []
    chapter_rows = page.locator(".ck-final-results table").first.locator("tbody tr")
    expect(chapter_rows).to_have_count(len(CHAPTERS))

@pytest.mark.parametrize("book", BOOKS)
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_choice_control_sits_beside_its_label(page: Page, book_url, width, theme, book):
    """A radio button or checkbox whose label wrapped used to sit alone on a line above its
    text. At a phone's and a laptop's width, each control is left of its label and level
    with the label's first line (chapter 2 has long options; the final assessment has all)."""
    page.set_viewport_size({"width": width, "height": 900})
    for name in ("notebooks/history.html", "assessment/final-assessment.html"):
        page.goto(f"{book_url}/{book}{name}")
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        boxes = page.evaluate("""() => [...document.querySelectorAll('.ck-option')]
            .filter(o => o.offsetParent !== null)
            .map(o => {
              const input = o.querySelector('input').getBoundingClientRect();
              const label = o.querySelector('label');
              const box = label.getBoundingClientRect();
              const line = parseFloat(getComputedStyle(label).lineHeight) || 24;
              return {id: o.dataset.option, input: [input.left, input.right, input.top, input.bottom],
                      label: [box.left, box.top, box.height], line};
            })""")
        assert len(boxes) > 10, f"{name}: options not found"
        wrapped = 0
        for b in boxes:
            left, right, top, bottom = b["input"]
            label_left, label_top, label_height = b["label"]
            assert right <= label_left, f"{name} {width}px: control not left of its label: {b}"
            assert label_top - 6 <= top and bottom <= label_top + b["line"] + 6, f"{name} {width}px: control not on the label's first line: {b}"
            wrapped += label_height > 1.5 * b["line"]
        if width == 390:
            assert wrapped, f"{name}: no option wrapped at 390 px, so this test checked nothing"


# Every block the theme would consider: code, notebook outputs, tables.
_REGIONS = "pre, .cell_output > .output, .pst-scrollable-table-container"
_MARKS = f"""() => [...document.querySelectorAll('{_REGIONS}')].map(e => ({{
    scrolls: e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight, tabindex: e.getAttribute('tabindex')}}))"""


def test_scrollable_blocks_take_focus_and_others_do_not_at_any_width(page: Page, book_url, built_book):
    """Keyboard users scroll a wide code block or table only if it takes focus (axe:
    scrollable-region-focusable). coursekit.js marks them (tabindex 0, others -1) after
    load and again after a resize; the theme's own check is out of its script."""
    theme_js = (built_book["html"] / "_static" / "scripts" / "pydata-sphinx-theme.js").read_text(encoding="utf-8")
    assert "coursekit.js marks scrollable blocks focusable" in theme_js
    assert 'window.addEventListener("load",' not in theme_js
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto(f"{book_url}/notebooks/norms-and-law.html")
    page.wait_for_function(f"[...document.querySelectorAll('{_REGIONS}')].every(e => e.hasAttribute('tabindex'))")
    narrow = page.evaluate(_MARKS)
    assert {m["tabindex"] for m in narrow if m["scrolls"]} == {"0"}
    assert {m["tabindex"] for m in narrow if not m["scrolls"]} == {"-1"}
    page.set_viewport_size({"width": 1400, "height": 900})
    # Wider, fewer blocks scroll: the marks follow (after the 300 ms pause that groups resize events).
    page.wait_for_function(f"""[...document.querySelectorAll('{_REGIONS}')].every(e =>
        (e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight) === (e.tabIndex === 0))""")
    wide = page.evaluate(_MARKS)
    assert 0 < sum(m["scrolls"] for m in wide) < sum(m["scrolls"] for m in narrow)


def test_a_long_page_loads_in_slices_and_is_complete_soon_after(page: Page, book_url):
    """Sections off screen may be skipped while the page loads (content-visibility: auto);
    after load coursekit.js draws them one by one and marks the page complete. Printing
    never skips anything."""
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto(f"{book_url}/notebooks/norms-and-law.html")
    page.wait_for_function("'ckDrawn' in document.documentElement.dataset")
    sections = page.locator("article.bd-article > section > section")
    assert sections.count() >= 10
    assert page.evaluate("""() => [...document.querySelectorAll('article.bd-article > section > section')]
        .every(s => s.classList.contains('ck-drawn') && getComputedStyle(s).contentVisibility === 'visible')""")
    # A section not yet drawn may be skipped on screen, never in print.
    last = "document.querySelector('article.bd-article > section > section:last-of-type')"
    page.evaluate(f"{last}.classList.remove('ck-drawn')")
    assert page.evaluate(f"getComputedStyle({last}).contentVisibility") == "auto"
    page.emulate_media(media="print")
    assert page.evaluate(f"getComputedStyle({last}).contentVisibility") == "visible"
    # Skipped or not, the text is in the page: a learner who searches it finds it.
    page.emulate_media(media="screen")
    assert page.evaluate(f"{last}.textContent.trim().length") > 0


def _tab_to_link(page: Page, name: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName === 'A' && document.activeElement.textContent.trim()") == name:
            return
    pytest.fail(f"Tab never reached the link {name!r} on {page.url}")


def test_language_switcher_leads_to_the_same_page_by_keyboard(page: Page, book_url):
    """From a French chapter, Tab reaches "Español" and Enter opens the same chapter in
    Spanish, which says so (lang) and marks its own language; from there "English" leads to
    the English chapter. A mouse click does the same."""
    page.goto(f"{book_url}/fr/notebooks/history.html")
    expect(page.get_by_role("navigation", name="Langue").locator("[aria-current]")).to_have_text("Français")
    _tab_to_link(page, "Español")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{book_url}/es/notebooks/history.html")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("navigation", name="Idioma").locator("[aria-current]")).to_have_text("Español")
    _tab_to_link(page, "English")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{book_url}/notebooks/history.html")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url(f"{book_url}/fr/notebooks/history.html")
    expect(page.get_by_role("heading", level=1)).to_contain_text("De 1998 au Mécanisme mondial")


@pytest.mark.parametrize("book, word", [("", "cybercrime"), ("fr/", "cybercriminalité"), ("es/", "ciberdelincuencia")])
def test_search_works_within_each_language(page: Page, book_url, book, word):
    """Each book has its own search index: a word of its language finds its chapters, and
    every result stays in that book."""
    page.goto(f"{book_url}/{book}search.html?q={word}")
    results = page.locator("#search-results li a")
    expect(results.first).to_be_visible(timeout=15000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(h.split("#")[0].endswith(f"/{book}notebooks/cybercrime.html") for h in hrefs), hrefs
    other_books = [b for b in BOOKS if b and b != book]
    assert all(h.startswith(f"{book_url}/{book}") and not any(f"/{b}" in h[len(book_url):] for b in other_books)
               for h in hrefs), hrefs


@pytest.mark.parametrize("book", BOOKS)
@pytest.mark.parametrize("width", [412, 600])
def test_the_page_does_not_jump_when_the_header_icons_arrive(browser, book_url, book, width):
    """On a phone screen, the header (with the language switcher) keeps its layout when the
    icon font loads late: no layout shift, where there was a jump of 0.18 (Lighthouse CLS)."""
    context = browser.new_context(viewport={"width": width, "height": 823}, is_mobile=True)
    try:
        page = context.new_page()
        page.add_init_script("window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
                             " window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});")
        for path in ("assessment/final-assessment.html", "notebooks/history.html", "book/intro.html"):
            page.goto(f"{book_url}/{book}{path}", wait_until="networkidle")
            page.wait_for_function("document.fonts.status === 'loaded'")
            assert page.evaluate("window.__shift") < 0.02, f"{book}{path} at {width} px"
    finally:
        context.close()
