"""Content integrity: the course's files agree with each other.

Every toc entry exists, every quiz reference resolves, no bank or notebook is orphaned,
every objective is assessed twice, every chapter has the blueprint's anatomy, every
citation resolves to the bibliography and every data file says where it comes from.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from coursekit.course import Notebook, bib_keys, chapter_slugs, citations, toc_files
from coursekit.loader import load_banks
from coursekit.model import FINAL_GROUP

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_slugs(ROOT)
BANKS = load_banks([ROOT / "quizzes"])
BIB = bib_keys(ROOT / "references.bib")


def notebook(slug: str) -> Notebook:
    return Notebook.read(ROOT / "notebooks" / f"{slug}.ipynb")


def test_there_are_chapters():
    assert CHAPTERS, "no chapter notebooks listed in _toc.yml"


@pytest.mark.parametrize("entry", toc_files(ROOT))
def test_toc_entry_exists(entry):
    matches = [p for p in (ROOT / Path(entry).parent).glob(Path(entry).name + ".*") if p.suffix in (".md", ".ipynb")]
    assert len(matches) == 1, f"_toc.yml names {entry!r}: expected one .md or .ipynb file, found {matches}"


def test_no_orphan_notebook_or_page():
    listed = set(toc_files(ROOT))
    pages = {str(p.relative_to(ROOT).with_suffix("")) for folder in ("notebooks", "book", "assessment")
             for p in (ROOT / folder).glob("*") if p.suffix in (".md", ".ipynb")}
    assert pages - listed == set(), "pages not in _toc.yml"


def test_no_orphan_bank():
    assert set(BANKS) - set(CHAPTERS) == set(), "quiz banks without a chapter of the same slug"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_every_quiz_reference_resolves(slug):
    calls = notebook(slug).quiz_calls()
    for _, chapter, group in calls:
        assert chapter in BANKS, f"{slug}: show_quiz names missing bank {chapter!r}"
        assert group in BANKS[chapter].groups, f"{slug}: bank {chapter!r} has no group {group!r}"
    if slug in BANKS:
        shown = {g for _, c, g in calls if c == slug}
        assert set(BANKS[slug].groups) - shown == {FINAL_GROUP}, f"{slug}: practice groups never shown, or no final pool"
    assert FINAL_GROUP not in {g for _, _, g in calls}, "final-assessment items are never shown as a chapter quiz"


def test_question_ids_unique_across_banks():
    ids = Counter(q.id for bank in BANKS.values() for q in bank.questions)
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("slug", sorted(BANKS))
def test_every_objective_assessed_twice(slug):
    # In the chapter's own quizzes: the final pool comes on top.
    bank = BANKS[slug]
    counts = Counter(o for q in bank.practice_questions for o in q.objectives)
    weak = {o: counts[o] for o in bank.objectives if counts[o] < 2}
    assert weak == {}, f"{slug}: objectives assessed by fewer than 2 practice questions"


def test_banks_pass_every_item_quality_rule():
    """`coursekit check quizzes` with the quality rules on: zero findings on the course."""
    from coursekit.quality import check_quality

    findings = check_quality(BANKS, {slug: str(ROOT / "quizzes" / f"{slug}.yml") for slug in BANKS})
    assert [str(f) for f in findings] == []


# -- model answers ---------------------------------------------------------------------

MODEL_ANSWER = re.compile(r'<details class="ck-model-answer">\s*<summary>(.+?)</summary>(.+?)</details>', re.S)
SUMMARIES = {"### Try it yourself": "Compare with a model answer", "## Discuss": "What a strong answer considers"}


def _numbered_items(cell: str, heading: str) -> list[str]:
    """The numbered list items (with their indented content) that follow ``heading``."""
    section = cell.split(heading, 1)[1]
    section = re.split(r"^#{1,3} ", section, maxsplit=1, flags=re.M)[0]
    return re.split(r"^\d+\. ", section, flags=re.M)[1:]


@pytest.mark.parametrize("slug", CHAPTERS)
def test_every_task_and_prompt_has_a_model_answer(slug):
    """Each "Try it yourself" task and each discussion prompt carries, inside its own list
    item, a closed disclosure with a model answer (open only in the instructor edition)."""
    found = 0
    for cell in notebook(slug).sources("markdown"):
        for heading, summary in SUMMARIES.items():
            if not re.search(rf"^{re.escape(heading)}\s*$", cell, re.M):
                continue
            items = _numbered_items(cell, heading)
            assert items, f"{slug}: {heading} without numbered items"
            for n, item in enumerate(items, 1):
                answers = MODEL_ANSWER.findall(item)
                assert len(answers) == 1, f"{slug}: {heading} item {n} has {len(answers)} model answers"
                assert answers[0][0] == summary, f"{slug}: {heading} item {n}: summary should read {summary!r}"
                assert len(answers[0][1].split()) >= 15, f"{slug}: {heading} item {n}: the model answer is too short"
                found += 1
    assert found >= 5, f"{slug}: only {found} tasks and prompts"



@pytest.mark.parametrize("slug", sorted(BANKS))
def test_question_belongs_to_one_group(slug):
    members = Counter(q for qs in BANKS[slug].groups.values() for q in qs)
    assert [q for q, n in members.items() if n > 1] == []


# -- chapter anatomy (course-blueprint.md, "Every chapter has") -------------------------

@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_front_matter(slug):
    nb = notebook(slug)
    first = nb.sources("markdown")[0]
    assert first.startswith("# "), "the first cell starts with the chapter title"
    objectives = nb.objectives()
    assert 3 <= len(objectives) <= 5, "3-5 learning objectives, as - `id`: text"
    verbs = ("identify", "explain", "compare", "apply", "classify", "distinguish", "describe", "evaluate",
             "analyse", "analyze", "summarise", "summarize", "map", "plan", "assess", "use", "interpret", "outline", "name", "list")
    for oid, text in objectives.items():
        assert text.split()[0].lower() in verbs, f"objective {oid} should start with a measurable verb: {text!r}"
    assert objectives == BANKS[slug].objectives, "objectives in the notebook and in the quiz bank differ"
    assert re.search(r"^\*\*Time:\*\* .*\d+ minutes self-paced; .*\d+ minutes in a workshop", first, re.MULTILINE)
    prereq = re.search(r"^\*\*Prerequisites:\*\* (.+)$", first, re.MULTILINE)
    assert prereq, "a **Prerequisites:** line"
    named = set(re.findall(r"`([a-z0-9-]+)`", prereq.group(1)))
    assert named <= set(CHAPTERS[: CHAPTERS.index(slug)]), "prerequisites must be earlier chapters"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_has_quizzes_inside(slug):
    nb = notebook(slug)
    calls = nb.quiz_calls()
    assert len(calls) >= 2, "at least two quiz points"
    key_points = next(i for i, c in enumerate(nb.cells) if c["cell_type"] == "markdown" and "## Key points" in "".join(c["source"]))
    assert sum(1 for index, _, _ in calls if index < key_points) >= 2, "at least two quiz points inside the chapter"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_has_data_activity(slug):
    code = "\n".join(notebook(slug).sources("code"))
    used = re.findall(r"data_file\(\"([^\"]+)\"\)", code)
    assert used, "a hands-on activity on shipped data (data_file(...))"
    for name in used:
        assert (ROOT / "data" / name).is_file()
    assert "plt." in code or ".plot" in code, "the activity produces a figure"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_closing_sections(slug):
    nb = notebook(slug)
    assert nb.section("Discuss"), "a discussion prompt (## Discuss)"
    points = [line for line in (nb.section("Key points") or "").splitlines() if line.startswith("- ")]
    assert 3 <= len(points) <= 6, "3-6 key points"
    assert citations(nb.section("Sources") or ""), "sources cited with {cite} roles"
    assert nb.section("Further reading"), "further reading"
    assert re.search(r"Facts as of \d{1,2} \w+ \d{4}", nb.markdown), "a 'facts as of' date"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_figures_have_alt_text(slug):
    for cell in notebook(slug).cells:
        if cell["cell_type"] == "code" and "plt." in "".join(cell["source"]) and "show()" in "".join(cell["source"]):
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt.split()) >= 5, "a figure cell needs real alt text in metadata.mystnb.image.alt"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_data_activities_ask_for_a_prediction_first(slug):
    """The question comes before the answer: a prediction right before the code that answers it,
    and the interpretation, a few cells on, starts from that prediction."""
    cells = notebook(slug).cells
    text = ["".join(c["source"]) for c in cells]
    asked = [i for i, c in enumerate(cells[:-1])
             if c["cell_type"] == "markdown" and "Predict first" in text[i] and cells[i + 1]["cell_type"] == "code"]
    assert asked, f"{slug}: no prediction asked right before a code cell"
    for i in asked:
        later = [j for j in range(i + 1, min(i + 8, len(cells))) if cells[j]["cell_type"] == "markdown"]
        assert any("Compare with your prediction" in text[j] for j in later), f"{slug}: cell {i} asks, nothing compares"


FIGURES = ROOT / "book" / "figures"
_SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_has_an_accessible_diagram(slug):
    """Each chapter explains one idea with a diagram: a shipped SVG with alt text, followed
    by the same information in words (a screen reader or a text-only reader loses nothing)."""
    markdown = notebook(slug).markdown
    used = re.findall(r"!\[([^\]]*)\]\(\.\./book/figures/([\w.-]+\.svg)\)\s*\n\s*\n?\*\*The diagram in words:\*\*", markdown)
    assert used, f"{slug}: no diagram followed by '**The diagram in words:**'"
    for alt, name in used:
        assert len(alt.split()) >= 5, f"{name}: the alt text must describe the diagram"
        assert (FIGURES / name).is_file(), name


@pytest.mark.parametrize("svg", sorted(FIGURES.glob("*.svg")), ids=lambda p: p.name)
def test_diagram_is_light_accessible_and_offline(svg):
    from xml.etree import ElementTree as ET

    text = svg.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.get("role") == "img" and root.find(f"{_SVG}title") is not None and root.find(f"{_SVG}desc") is not None
    assert len(text.encode("utf-8")) < 10_000, "a diagram must stay small for mobile links"
    assert not re.search(r"<script|<image|<foreignObject|@import|https?://(?!www\.w3\.org/)", text), "no script, image or remote address"
    used = [s for s in CHAPTERS if f"../book/figures/{svg.name})" in notebook(s).markdown]
    assert used, f"{svg.name} is not used by any chapter"


# -- citations and data provenance ------------------------------------------------------

def test_every_citation_resolves():
    texts = [Notebook.read(p).markdown for p in (ROOT / "notebooks").glob("*.ipynb")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "book").glob("*.md")]
    cited = set().union(*(citations(t) for t in texts))
    cited |= {s for bank in BANKS.values() for q in bank.questions for s in q.sources}
    assert cited - BIB == set(), "cited keys missing from references.bib"


@pytest.mark.parametrize("csv_path", sorted((ROOT / "data").glob("*.csv")), ids=lambda p: p.name)
def test_data_has_provenance(csv_path):
    assert csv_path.with_suffix(".md").is_file(), "each data file has a provenance sidecar (.md)"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for column in ("source", "status"):
        assert column in rows[0], f"column {column!r}"
        assert all(r[column].strip() for r in rows), f"every row has a {column}"
    # VERIFIED values are taught; DISPUTED or MEMORY rows are flagged as such and never quiz answers.
    assert {r["status"] for r in rows} <= {"VERIFIED", "DISPUTED", "MEMORY"}, "status must be VERIFIED, DISPUTED or MEMORY"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_notebook_is_clean(slug):
    nb_json = (ROOT / "notebooks" / f"{slug}.ipynb").read_text(encoding="utf-8")
    assert '"name": "python3"' in nb_json, "kernelspec python3"
    code_cells = [c for c in notebook(slug).cells if c["cell_type"] == "code"]
    assert all(c.get("outputs") is not None for c in code_cells)
    assert any(c.get("outputs") for c in code_cells), "stored outputs (nbval compares them)"


@pytest.mark.parametrize("slug", sorted(BANKS))
def test_bank_meets_the_minimums(slug):
    """At least 10 questions over at least 4 types, including matching or ordering."""
    types = Counter(q.type for q in BANKS[slug].questions)
    assert sum(types.values()) >= 10, types
    assert len(types) >= 4, types
    assert types["matching"] + types["ordering"] >= 1, types


# -- tabletop exercises -------------------------------------------------------------------

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_is_a_real_exercise(path):
    """At least 4 decision points and 3 distinct endings (good, mixed, poor); every choice's
    feedback names the norm, mechanism or body involved; every source resolves."""
    from coursekit.tabletop import load_scenario

    scenario = load_scenario(path)
    assert len(scenario.decision_points) >= 4
    assert {scenario.nodes[e].ending for e in scenario.endings} == {"good", "mixed", "poor"}
    names = re.compile(r"13\([a-k]\)|UNODA|UNODC|CERT|CSIRT|Points of Contact|POC|Convention|Global Mechanism|ITU|police|norm", re.I)
    vague = [f"{n}: {c.label}" for n, node in scenario.nodes.items() for c in node.choices if not names.search(c.feedback)]
    assert vague == [], "feedback must name the norm, mechanism or body involved"
    assert set(scenario.sources) <= BIB


def test_every_tabletop_reference_resolves():
    calls = re.findall(r'show_tabletop\("([^"]+)"\)', "\n".join("\n".join(notebook(s).sources("code")) for s in CHAPTERS))
    assert calls, "the capstone shows a tabletop exercise"
    assert {c for c in calls} <= {p.stem for p in SCENARIOS}
    assert {p.stem for p in SCENARIOS} <= set(calls), "every scenario is used by a chapter"


def test_every_activity_is_rendered_from_its_data_at_build_time():
    """The execution cache is keyed on code only: an activity shown from a cached output would
    keep old markup after a bank or engine change (the final assessment once did). Each
    activity's own output type must outrank the notebook's stored HTML in the book."""
    import yaml

    from coursekit.sphinx_ext import _ACTIVITIES

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    ranked = {mime for builder, mime, priority in config["sphinx"]["config"]["nb_mime_priority_overrides"]
              if builder == "html" and priority is not None}
    assert set(_ACTIVITIES) <= ranked
