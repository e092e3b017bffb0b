"""Quiz export for learning platforms: GIFT read back by an independent parser
(gift-pegjs, on Node.js), the Canvas QTI package well-formed and true to the banks, CSV
round-tripped, special characters escaped as each format requires."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest

from coursekit import export
from coursekit.cli import hub_link
from coursekit.i18n import t
from coursekit.presentation import md_block
from coursekit.loader import load_banks, parse_bank
from coursekit.model import Matching, MultipleChoice, Numeric, Ordering, ShortText, SingleChoice, TrueFalse

ROOT = Path(__file__).resolve().parents[1]
PARSER = ROOT / "tests" / "js" / "parse.js"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"

# Every character GIFT treats specially, in every place text can go.
SPECIAL = "Braces {x}, tilde ~, equals = a, hash #1, colon: b, backslash \\ and -> arrow"
HOSTILE_BANK = f"""
chapter: special
title: "Special: {{characters}}"
objectives:
  special-obj: Survive export.
groups:
  all: [sp-single, sp-multiple, sp-tf, sp-match, sp-order, sp-number, sp-text]
questions:
  - id: sp-single
    type: single
    objectives: [special-obj]
    prompt: |
      {SPECIAL}?
      Second line.
    options:
      - {{id: a, text: '{SPECIAL}', feedback: 'Right: {SPECIAL}'}}
      - {{id: b, text: "=not a ~marker", feedback: "No #2"}}
    answer: a
    explanation: '{SPECIAL}'
    sources: [src]
  - id: sp-multiple
    type: multiple
    objectives: [special-obj]
    prompt: "Pick {{two}}:"
    options:
      - {{id: a, text: "a ~ b", feedback: "yes: a"}}
      - {{id: b, text: "c = d", feedback: "yes: c"}}
      - {{id: c, text: "e # f", feedback: "no: e"}}
    answer: [a, b]
    explanation: "Two: {{a, b}}"
    sources: [src]
  - id: sp-tf
    type: true-false
    objectives: [special-obj]
    prompt: "True: {{maybe}}?"
    answer: false
    feedback_if_true: "Wrong: it is # false"
    explanation: "False {{really}}"
    sources: [src]
  - id: sp-match
    type: matching
    objectives: [special-obj]
    prompt: "Match: {{these}}"
    pairs:
      - {{left: "x = 1", right: "one ~"}}
      - {{left: "y: 2", right: "two #"}}
      - {{left: 'z {{3}} \\', right: 'three \\ ->'}}
    distractors: ["four"]
    explanation: "Pairs: ok"
    sources: [src]
  - id: sp-order
    type: ordering
    objectives: [special-obj]
    prompt: "Order: {{first}} to last"
    items: ["a = 1", "b: 2", "c # 3"]
    explanation: "Order: a, b, c"
    sources: [src]
  - id: sp-number
    type: numeric
    objectives: [special-obj]
    prompt: "How many {{things}}: ?"
    answer: 193.5
    tolerance: 0.5
    explanation: "193.5 {{units}}"
    sources: [src]
  - id: sp-text
    type: short-text
    objectives: [special-obj]
    prompt: "Name it: {{x}}"
    accept: ["A=B", "C:D"]
    explanation: "Either {{A=B}} or C:D"
    sources: [src]
"""


@pytest.fixture(scope="module")
def banks():
    return load_banks([ROOT / "quizzes"])


@pytest.fixture(scope="module")
def hostile():
    return {"special": parse_bank(HOSTILE_BANK, "special.yml")}


def _gift_parse(text: str, tmp_path: Path) -> list[dict]:
    if shutil.which("node") is None or not (PARSER.parent / "node_modules" / "gift-pegjs").is_dir():
        message = "gift-pegjs not installed: run make test (it runs npm ci in tests/js)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message + " (CI is set: a skipped test counts as a failure)")
        pytest.skip(message)
    path = tmp_path / "quizzes.gift"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(["node", str(PARSER), str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return [q for q in json.loads(result.stdout) if q["type"] != "Category"]


def _text(value) -> str:
    return value["text"] if isinstance(value, dict) else value


def _markdown(*values) -> bool:
    """Every value parsed with GIFT's [markdown] format marker (what Moodle then renders)."""
    return all(isinstance(v, dict) and v.get("format") == "markdown" for v in values)


def _check_gift(parsed: list[dict], banks) -> None:
    questions = [q for bank in banks.values() for q in bank.questions]
    A = export.gift_answer_form  # answers and feedback: "->" written as "→" (see export.py)
    assert [p["title"] for p in parsed] == [q.id for q in questions]
    for p, q in zip(parsed, questions):
        assert _markdown(p["stem"], p["globalFeedback"]), q.id
        if isinstance(q, (SingleChoice, MultipleChoice)):
            for choice in p["choices"]:
                assert _markdown(choice["text"], *([choice["feedback"]] if choice["feedback"] else [])), q.id
        if isinstance(q, TrueFalse):
            assert _markdown(p["trueFeedback"], p["falseFeedback"]), q.id
        if isinstance(q, Matching):
            assert _markdown(*(m["subquestion"] for m in p["matchPairs"])), q.id
        assert _text(p["stem"]) == q.prompt.strip(), q.id
        assert _text(p["globalFeedback"]) == q.explanation.strip(), q.id
        if isinstance(q, SingleChoice):
            assert p["type"] == "MC"
            assert [(_text(c["text"]), c["isCorrect"]) for c in p["choices"]] == [(A(o.text), o.id == q.correct) for o in q.options]
            assert [_text(c["feedback"]) if c["feedback"] else None for c in p["choices"]] == [o.feedback and A(o.feedback) for o in q.options]
        elif isinstance(q, MultipleChoice):
            assert p["type"] == "MC"
            assert [_text(c["text"]) for c in p["choices"]] == [A(o.text) for o in q.options]
            right = [c["weight"] > 0 for c in p["choices"]]
            assert right == [o.id in q.answer for o in q.options], q.id
            assert sum(c["weight"] for c in p["choices"] if c["weight"] > 0) == pytest.approx(100, abs=0.01)
            assert [_text(c["feedback"]) if c["feedback"] else None for c in p["choices"]] == [o.feedback and A(o.feedback) for o in q.options]
        elif isinstance(q, TrueFalse):
            assert p["type"] == "TF" and p["isTrue"] is q.answer
            # gift-pegjs reads the two feedbacks in file order: wrong answer first (Moodle's order).
            wrong = (q.feedback_if_false if q.answer else q.feedback_if_true) or t("incorrect")
            right = (q.feedback_if_true if q.answer else q.feedback_if_false) or t("correct")
            assert (_text(p["trueFeedback"]), _text(p["falseFeedback"])) == (A(wrong), A(right)), q.id
        elif isinstance(q, (Matching, Ordering)):
            assert p["type"] == "Matching"
            pairs = [(x.left, x.right) for x in q.pairs] if isinstance(q, Matching) else export.ordering_pairs(q)
            assert [(_text(m["subquestion"]), m["subanswer"]) for m in p["matchPairs"]] == [(A(l), A(r)) for l, r in pairs], q.id
        elif isinstance(q, Numeric):
            assert p["type"] == "Numerical"
            (choice,) = p["choices"]
            assert choice["text"]["number"] == q.answer and choice["text"]["range"] == q.tolerance
        elif isinstance(q, ShortText):
            assert p["type"] == "Short"
            assert [_text(c["text"]) for c in p["choices"]] == [A(a) for a in q.accept if a.strip()]
            assert all(c["isCorrect"] for c in p["choices"])


def test_gift_round_trips_every_bank_through_an_independent_parser(banks, tmp_path):
    _check_gift(_gift_parse(export.to_gift(banks), tmp_path), banks)


def test_gift_escapes_every_special_character(hostile, tmp_path):
    text = export.to_gift(hostile)
    assert "→" in text  # "->" in an answer
    assert "\\{x\\}" in text and "\\~" in text and "\\=" in text and "\\#" in text and "\\:" in text and "\\\\" in text
    _check_gift(_gift_parse(text, tmp_path), hostile)


def test_matching_questions_meet_moodle_minimums(banks):
    """Moodle's matching needs at least two items and three answers (instructor/lms-export.md says all meet it)."""
    for bank in banks.values():
        for q in bank.questions:
            if isinstance(q, Matching):  # as exported to GIFT: distractors dropped
                assert len(q.pairs) >= 2 and len({p.right for p in q.pairs}) >= 3, q.id
            if isinstance(q, Ordering):
                assert len(q.items) >= 3, q.id


def _qti_items(package: bytes) -> dict[str, list[ET.Element]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        hrefs = [r.get("href") for r in manifest.iter() if r.tag.endswith("resource")]
        assert hrefs and all(h in archive.namelist() for h in hrefs)
        found = {}
        for href in hrefs:
            root = ET.fromstring(archive.read(href))  # well-formed, or this raises
            assessment = root.find(f"{QTI}assessment")
            found[assessment.get("ident")] = list(root.iter(f"{QTI}item"))
        return found


def _field(item: ET.Element, label: str) -> str:
    for field in item.iter(f"{QTI}qtimetadatafield"):
        if field.findtext(f"{QTI}fieldlabel") == label:
            return field.findtext(f"{QTI}fieldentry")
    raise KeyError(label)


def _check_qti(package: bytes, banks) -> None:
    items = _qti_items(package)
    assert list(items) == list(banks)
    for slug, bank in banks.items():
        assert [i.get("ident") for i in items[slug]] == [q.id for q in bank.questions]
        for item, q in zip(items[slug], bank.questions):
            assert _field(item, "question_type") == export.qti_type(q)
            labels = {l.get("ident"): l.findtext(f".//{QTI}mattext") for l in item.iter(f"{QTI}response_label")}
            conditions = list(item.iter(f"{QTI}respcondition"))
            if isinstance(q, (SingleChoice, TrueFalse)):
                correct = [v.text for v in conditions[0].iter(f"{QTI}varequal")]
                assert correct == [q.correct if isinstance(q, SingleChoice) else ("true" if q.answer else "false")]
                if isinstance(q, SingleChoice):
                    assert labels == {o.id: o.text for o in q.options}
            elif isinstance(q, MultipleChoice):
                (condition,) = conditions
                wanted = {v.text for v in condition.iter(f"{QTI}varequal") if v not in set(condition.iter(f"{QTI}not"))}
                negated = {v.text for n in condition.iter(f"{QTI}not") for v in n.iter(f"{QTI}varequal")}
                assert wanted - negated == set(q.answer) and negated == {o.id for o in q.options} - set(q.answer)
            elif isinstance(q, (Matching, Ordering)):
                pairs = [(x.left, x.right) for x in q.pairs] if isinstance(q, Matching) else export.ordering_pairs(q)
                lids = list(item.iter(f"{QTI}response_lid"))
                assert [lid.find(f"{QTI}material").findtext(f"{QTI}mattext") for lid in lids] == [left for left, _ in pairs]
                for lid, condition, (_, right) in zip(lids, conditions, pairs):
                    var = condition.find(f".//{QTI}varequal")
                    assert var.get("respident") == lid.get("ident") and labels[var.text] == right
                if isinstance(q, Matching):
                    assert set(q.distractors) <= set(labels.values())
            elif isinstance(q, Numeric):
                low, high = conditions[0].find(f".//{QTI}vargte").text, conditions[0].find(f".//{QTI}varlte").text
                assert (float(low), float(high)) == pytest.approx((q.answer - q.tolerance, q.answer + q.tolerance), abs=1e-9)
            elif isinstance(q, ShortText):
                assert [v.text for v in conditions[0].iter(f"{QTI}varequal")] == q.accept
            feedback = item.find(f"{QTI}itemfeedback").findtext(f".//{QTI}mattext")
            assert feedback == md_block(q.explanation)


def test_qti_package_is_well_formed_and_matches_the_banks(banks):
    _check_qti(export.to_qti_zip(banks), banks)


def test_qti_keeps_special_characters(hostile):
    _check_qti(export.to_qti_zip(hostile), hostile)


def test_csv_round_trips(banks, hostile):
    for source in (banks, hostile):
        rows = list(csv.DictReader(io.StringIO(export.to_csv(source))))
        questions = [(slug, q) for slug, bank in source.items() for q in bank.questions]
        assert len(rows) == len(questions)
        for row, (slug, q) in zip(rows, questions):
            assert (row["chapter"], row["id"], row["type"], row["prompt"], row["explanation"]) == (
                slug, q.id, q.type, q.prompt.strip(), q.explanation.strip())
            assert row["sources"].split(" | ") == q.sources


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coursekit", *args], capture_output=True, text=True, cwd=ROOT)


def test_export_command_writes_all_three_files(tmp_path, banks):
    result = _cli("export", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["quizzes-canvas-qti.zip", "quizzes.csv", "quizzes.gift"]
    assert (tmp_path / "out" / "quizzes.gift").read_text(encoding="utf-8") == export.to_gift(banks)
    n = sum(len(b.questions) for b in banks.values())
    assert f"exported {n} questions from {len(banks)} banks" in result.stdout


def test_export_of_a_bad_bank_names_the_problem_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(HOSTILE_BANK.replace("    answer: a\n", "    answer: zz\n"), encoding="utf-8")
    result = _cli("export", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "sp-single" in result.stderr and "zz" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_hub_link_opens_the_chapter_after_nbgitpuller_clones_the_course():
    link = hub_link("https://hub.example.org/", "https://github.com/org/un-cyber-course.git", "main", "notebooks/history.ipynb")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    assert parse_qs(parts.query) == {"repo": ["https://github.com/org/un-cyber-course.git"],
                                     "urlpath": ["lab/tree/un-cyber-course/notebooks/history.ipynb"], "branch": ["main"]}
    bad = _cli("hub-link", "--hub", "hub.example.org")
    assert bad.returncode == 2 and "https://" in bad.stderr


def test_answers_keep_every_digit_in_every_export():
    """A numeric answer of 7 or more significant digits was printed as 1.23457e+06, which an
    LMS would then grade as the right answer. Literal expected texts, not the exporter's code."""
    from coursekit.model import QuizBank
    from coursekit.presentation import answer_text

    bank = QuizBank.model_validate({
        "chapter": "numbers", "title": "Numbers", "objectives": {"o": "Name a number."}, "groups": {"g": ["big"]},
        "questions": [{"id": "big", "type": "numeric", "objectives": ["o"], "prompt": "How many?", "answer": 1234567,
                       "tolerance": 0.5, "explanation": "Exactly that many.", "sources": ["s"]}]})
    assert "{#=1234567:0.5####[markdown]Exactly that many.}" in export.to_gift({"numbers": bank}).replace("\n", "")
    qti = zipfile.ZipFile(io.BytesIO(export.to_qti_zip({"numbers": bank})))
    items = "".join(qti.read(n).decode("utf-8") for n in qti.namelist() if n.endswith(".xml"))
    assert ">1234566.5</vargte>" in items and ">1234567.5</varlte>" in items
    assert answer_text(bank.questions[0]).startswith("1234567 ")
    assert "e+06" not in export.to_csv({"numbers": bank})


# A small made-up bank, so that a content edit cannot break the exact expectations below.
MINI_BANK = """
chapter: mini
title: Mini
objectives:
  mini-obj: Name things.
groups:
  all: [m-single, m-tf, m-match, m-order, m-number, m-text]
questions:
  - id: m-single
    type: single
    level: apply
    objectives: [mini-obj]
    prompt: "Which body is **first**?"
    options:
      - {id: a, text: "The *General Assembly*", feedback: "Yes: it is."}
      - {id: b, text: "The Council", feedback: "No: a -> b."}
    answer: a
    explanation: "Because *first*."
    sources: [s]
  - id: m-tf
    type: true-false
    level: understand
    objectives: [mini-obj]
    prompt: "Norms bind States."
    answer: false
    feedback_if_true: "They are *voluntary*."
    explanation: "Voluntary."
    sources: [s]
  - id: m-match
    type: matching
    level: understand
    objectives: [mini-obj]
    prompt: "Match them."
    pairs:
      - {left: "*ITU*", right: "telecoms", feedback: "ITU works on telecoms."}
      - {left: "UNODC", right: "crime", feedback: "UNODC works on crime."}
    distractors: ["weather"]
    explanation: "Two bodies."
    sources: [s]
  - id: m-order
    type: ordering
    level: remember
    objectives: [mini-obj]
    prompt: "Order them."
    items: ["one", "two", "three"]
    explanation: "Counting."
    sources: [s]
  - id: m-number
    type: numeric
    level: remember
    objectives: [mini-obj]
    prompt: "How many?"
    answer: 23.8
    tolerance: 0.15
    explanation: "About 23.8."
    sources: [s]
  - id: m-text
    type: short-text
    level: remember
    objectives: [mini-obj]
    prompt: "Which office?"
    accept: ["UNODC", "UN Office on Drugs and Crime"]
    explanation: "UNODC."
    sources: [s]
"""

MINI_GIFT = """\
$CATEGORY: un-cyber-course/mini

::m-single::[markdown]Which body is **first**? {
=[markdown]The *General Assembly*#[markdown]Yes\\: it is.
~[markdown]The Council#[markdown]No\\: a → b.
####[markdown]Because *first*.
}

::m-tf::[markdown]Norms bind States. {FALSE#[markdown]They are *voluntary*.#[markdown]Correct.####[markdown]Voluntary.}

::m-match::[markdown]Match them. {
=[markdown]*ITU* -> telecoms
=[markdown]UNODC -> crime
####[markdown]Two bodies.
}

::m-order::[markdown]Order them. {
=one -> Position 1
=two -> Position 2
=three -> Position 3
####[markdown]Counting.
}

::m-number::[markdown]How many? {#
=23.8:0.15
####[markdown]About 23.8.
}

::m-text::[markdown]Which office? {
=UNODC
=UN Office on Drugs and Crime
####[markdown]UNODC.
}
"""


@pytest.fixture(scope="module")
def mini():
    return {"mini": parse_bank(MINI_BANK, "mini.yml")}


def test_gift_of_a_small_bank_is_exactly_the_expected_text(mini):
    """Written out by hand, not computed with the exporter's own helpers."""
    text = export.to_gift(mini)
    assert text.split("$CATEGORY", 1)[1] == MINI_GIFT.split("$CATEGORY", 1)[1].rstrip("\n") + "\n"


def test_gift_of_a_small_bank_parses_as_markdown(mini, tmp_path):
    parsed = {p["title"]: p for p in _gift_parse(export.to_gift(mini), tmp_path)}
    single = parsed["m-single"]
    assert single["stem"] == {"format": "markdown", "text": "Which body is **first**?"}
    assert [(c["text"], c["isCorrect"], c["feedback"]) for c in single["choices"]] == [
        ({"format": "markdown", "text": "The *General Assembly*"}, True, {"format": "markdown", "text": "Yes: it is."}),
        ({"format": "markdown", "text": "The Council"}, False, {"format": "markdown", "text": "No: a → b."})]
    assert parsed["m-tf"]["trueFeedback"] == {"format": "markdown", "text": "They are *voluntary*."}
    assert [(m["subquestion"], m["subanswer"]) for m in parsed["m-match"]["matchPairs"]] == [
        ({"format": "markdown", "text": "*ITU*"}, "telecoms"), ({"format": "markdown", "text": "UNODC"}, "crime")]
    assert parsed["m-number"]["choices"][0]["text"] == {"type": "range", "number": 23.8, "range": 0.15}


# (item ident, question type, the correct response idents or bounds) for the small bank.
MINI_QTI = [
    ("m-single", "multiple_choice_question", ["a"]),
    ("m-tf", "true_false_question", ["false"]),
    ("m-match", "matching_question", ["answer_2", "answer_1"]),  # answers in alphabetical order
    ("m-order", "matching_question", ["answer_1", "answer_2", "answer_3"]),
    ("m-number", "numerical_question", ["23.65", "23.95"]),
    ("m-text", "short_answer_question", ["UNODC", "UN Office on Drugs and Crime"]),
]


def test_qti_of_a_small_bank_matches_a_literal_table(mini):
    (items,) = _qti_items(export.to_qti_zip(mini)).values()
    found = []
    for item in items:
        values = [v.text for c in item.iter(f"{QTI}respcondition")
                  for v in c.find(f"{QTI}conditionvar").iter() if v.tag in (f"{QTI}varequal", f"{QTI}vargte", f"{QTI}varlte")]
        found.append((item.get("ident"), _field(item, "question_type"), values))
    assert found == MINI_QTI
    match = items[2]
    labels = {l.get("ident"): l.findtext(f".//{QTI}mattext") for l in match.iter(f"{QTI}response_label")}
    assert labels == {"answer_1": "crime", "answer_2": "telecoms", "answer_3": "weather"}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_export_in_french_or_spanish_has_the_same_questions_and_answers(banks, language, tmp_path):
    """`coursekit export --language fr`: the text of the language, the ids, types and correct
    answers of the English banks; GIFT still parses with the independent parser."""
    from coursekit import i18n
    from coursekit.cli import main as cli
    from coursekit.translations import translate_bank

    translated = {slug: translate_bank(bank, language, ROOT) for slug, bank in banks.items()}
    with i18n.speaking(language):
        _check_gift(_gift_parse(export.to_gift(translated), tmp_path), translated)
        _check_qti(export.to_qti_zip(translated), translated)
    rows = {}
    for code in ("en", language):
        assert cli(["export", "--language", code, "--root", str(ROOT), "-f", "csv", "-o", str(tmp_path / code),
                    str(ROOT / "quizzes")]) == 0
        rows[code] = list(csv.DictReader((tmp_path / code / "quizzes.csv").open(encoding="utf-8", newline="")))
    same = ("chapter", "group", "id", "type", "objectives", "sources")
    assert [[r[k] for k in same] for r in rows["en"]] == [[r[k] for k in same] for r in rows[language]]
    assert all(en["prompt"] != other["prompt"] for en, other in zip(rows["en"], rows[language]))
