"""Unit tests of the static quiz renderer (coursekit.render_html)."""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coursekit.i18n import STRINGS, t
from coursekit.loader import load_bank
from coursekit.presentation import bank_slots, display_order, option_order
from coursekit.render_html import grading_spec, render_progress_html, render_quiz_html

HERE = Path(__file__).parent
BANK = load_bank(HERE / "browser" / "quiz_fixture.yml")
XSS = load_bank(HERE / "browser" / "xss_fixture.yml")

# Every tag the renderer may emit (Markdown output included); anything else is an injection.
ALLOWED_TAGS = {
    "div", "p", "span", "fieldset", "legend", "input", "label", "select", "option", "details", "summary",
    "ul", "ol", "li", "strong", "em", "code", "a", "script", "br", "pre", "blockquote",
}


class Elements(HTMLParser):
    """Collects (tag, attrs) of every start tag and the text of <script> elements."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def all(self, tag):
        return [attrs for t_, attrs in self.elements if t_ == tag]


def test_hostile_text_is_escaped():
    html = render_quiz_html(XSS, "all")
    parsed = Elements(html)
    assert {tag for tag, _ in parsed.elements} <= ALLOWED_TAGS
    for tag, attrs in parsed.elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "javascript:" not in attrs.get("href", "")
    # One script element per quiz, and it is data, never code.
    assert parsed.all("script") == [{"type": "application/json", "class": "ck-data"}]
    for raw in ("<script>window", "<img", "<iframe", "<svg", "</select><script>"):
        assert raw not in html
    assert "&lt;script&gt;window.__pwned = &#39;source&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html  # shown as text


@pytest.mark.parametrize("field", ["prompt", "option", "feedback", "explanation"])
def test_each_text_field_escapes_script_and_img(field):
    payload = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    question = {
        "id": "q", "type": "single", "objectives": ["o"], "sources": ["s"],
        "prompt": "Prompt", "explanation": "Explanation",
        "options": [{"id": "a", "text": "A", "feedback": "Fine"}, {"id": "b", "text": "B"}], "answer": "a",
    }
    if field == "option":
        question["options"][0]["text"] = payload
    elif field == "feedback":
        question["options"][0]["feedback"] = payload
    else:
        question[field] = payload
    from coursekit.model import QuizBank

    bank = QuizBank.model_validate({"chapter": "c", "title": "T", "objectives": {"o": "O"}, "groups": {"g": ["q"]}, "questions": [question]})
    html = render_quiz_html(bank, "g")
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_markdown_is_rendered_without_images_or_unsafe_links():
    html = render_quiz_html(BANK, "all")
    assert "<strong>eleven</strong>" in html  # prompt
    assert "<em>GGE</em>" in html  # option feedback
    assert "<em>eleven</em>" in html  # explanation
    xss = render_quiz_html(XSS, "all")
    # A Markdown image would fetch a URL: images are off, the link stays a plain link.
    assert "<img" not in xss and '<a href="http://example.invalid/pic.png">pic</a>' in xss
    assert "[link](javascript:" in xss  # not turned into a link


def test_output_is_deterministic_across_processes():
    first = render_quiz_html(BANK, "all")
    assert first == render_quiz_html(BANK, "all")
    code = (
        "import sys; from coursekit.loader import load_bank; from coursekit.render_html import render_quiz_html;"
        "sys.stdout.write(render_quiz_html(load_bank(sys.argv[1]), 'all'))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    other = subprocess.run([sys.executable, "-c", code, str(HERE / "browser" / "quiz_fixture.yml")],
                           capture_output=True, text=True, encoding="utf-8", env=env, check=True).stdout
    assert other == first


def test_root_and_ids():
    html = render_quiz_html(BANK, "all")
    assert html.startswith('<div class="ck-quiz" id="ck_quiz-fixture_all" data-chapter="quiz-fixture" data-group="all">')
    ids = [attrs["id"] for _, attrs in Elements(html).elements if "id" in attrs]
    assert len(ids) == len(set(ids)), "ids must be unique"
    # Two groups of one bank on one page never share an id.
    other = [attrs["id"] for _, attrs in Elements(render_quiz_html(BANK, "short")).elements if "id" in attrs]
    assert not set(ids) & set(other)


def test_every_control_has_a_label_and_every_question_a_numbered_legend():
    html = render_quiz_html(BANK, "all")
    parsed = Elements(html)
    labelled = {attrs["for"] for attrs in parsed.all("label")}
    controls = parsed.all("input") + parsed.all("select")
    assert controls
    for attrs in controls:
        assert attrs["id"] in labelled, attrs
    fieldsets = parsed.all("fieldset")
    assert [f["data-type"] for f in fieldsets] == ["single", "multiple", "true-false", "matching", "ordering", "numeric", "short-text"]
    assert len(parsed.all("legend")) == 7
    for n in range(1, 8):
        assert t("question_n", n=n, total=7) in html


def test_controls_per_type():
    parsed = Elements(render_quiz_html(BANK, "all"))
    inputs = parsed.all("input")
    # Options in their display order (the widgets use the same), True above False.
    single, multiple = BANK.question("body"), BANK.question("norms")
    slot = bank_slots(BANK)[single.id]
    assert [i["value"] for i in inputs if i["type"] == "radio"] == [o.id for o in option_order(single, slot=slot)] + ["true", "false"]
    assert [o.id for o in option_order(single, slot=slot)].index(single.correct) == slot % len(single.options)
    assert [i["value"] for i in inputs if i["type"] == "checkbox"] == [o.id for o in option_order(multiple)]
    assert sorted(o.id for o in option_order(multiple)) == sorted(o.id for o in multiple.options)
    texts = [i for i in inputs if i["type"] == "text"]
    assert [i.get("inputmode") for i in texts] == ["decimal", None]
    assert len(parsed.all("select")) == 2 + 3  # matching pairs + ordering positions
    html = render_quiz_html(BANK, "all")
    assert f'<option value="">{STRINGS["choose"]}</option>' in html
    assert '<option value="Security Council">Security Council</option>' in html  # distractor offered
    assert t("position_n", n=3) in html
    assert 'class="ck-unit"' in html and ">norms</span>" in html


def test_ordering_shuffle_is_stable_and_never_the_answer():
    question = BANK.question("order-steps")
    assert display_order(question) != question.items
    assert sorted(display_order(question)) == sorted(question.items)
    # Whatever the hash order, the correct order is rotated away.
    for n in range(40):
        variant = question.model_copy(update={"id": f"q{n}"})
        assert display_order(variant) != variant.items


def test_answers_sit_in_a_closed_disclosure():
    html = render_quiz_html(BANK, "all")
    parsed = Elements(html)
    details = parsed.all("details")
    assert len(details) == 7 and all("open" not in d for d in details)
    assert html.count(f"<summary>{STRINGS['show_answer']}</summary>") == 7
    # The explanation and the per-option feedback are not shown up front.
    shown = re.sub(r"<script.*?</script>|<details.*?</details>", "", html)
    for phrase in ("Paragraph 13 lists", "Open-ended Working Group", "Norms 13(f)", "welcomed the 2015 GGE"):
        assert phrase in html and phrase not in shown
    assert '<div class="ck-feedback-templates" hidden>' in html
    # No buttons in the markup: the JS adds them, so no dead buttons without scripts.
    assert "<button" not in html
    assert html.count('role="status" aria-live="polite"') == 7 + 1


def test_json_block_is_safe_and_complete():
    html = render_quiz_html(XSS, "all")
    (raw,) = Elements(html).scripts
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["questions"] == [grading_spec(q) for q in XSS.group("all")]
    assert "prompt" not in data["questions"][0] and "explanation" not in data["questions"][0]  # texts travel once, as HTML
    assert data["strings"] == STRINGS
    assert data["chapter"] == "xss-fixture" and data["group"] == "all"


def test_progress_page():
    html = render_progress_html({"xss-fixture": XSS, "quiz-fixture": BANK})
    parsed = Elements(html)
    rows = [attrs for tag, attrs in parsed.elements if tag == "tr" and "data-chapter" in attrs]
    assert [r["data-chapter"] for r in rows] == ["xss-fixture", "quiz-fixture"]  # the caller's order
    rows = rows[::-1]
    assert rows[0]["data-total"] == "7" and rows[0]["data-questions"].split() == [q.id for q in BANK.questions]
    assert STRINGS["progress_needs_js"] in html
    assert "<script>window" not in html and "XSS &lt;script&gt;" in html
    assert re.search(r'<th scope="row">Quiz fixture</th><td>7</td>', html)


def test_every_html_builder_goes_through_the_one_escaping_layer():
    """Only markup.py escapes: a module that imports html.escape or markupsafe itself builds
    HTML by hand, where one forgotten escape is an injection (issue 12)."""
    import ast

    src = Path(__file__).parents[1] / "src" / "coursekit"
    offenders = []
    for path in sorted(src.glob("*.py")):
        if path.name == "markup.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            offenders += [f"{path.name}:{node.lineno}: {n}" for n in names if n.split(".")[0] in ("html", "markupsafe")]
    assert offenders == []
