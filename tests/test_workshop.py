"""The workshop kit's content and agendas: timings add up, every chapter has notes and a
key, the role-play has enough grounded roles, and the instructor edition lists the whole
learner book."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coursekit import agendas
from coursekit.agendas import AgendaError, clock, load_plans
from coursekit.course import Notebook, bib_keys, chapter_slugs, citations, toc_files
from coursekit.tabletop import load_scenario

ROOT = Path(__file__).resolve().parents[1]
INSTRUCTOR = ROOT / "instructor"
CHAPTERS = chapter_slugs(ROOT)
NOTES_SECTIONS = ["Timing", "Before the session", "Common misconceptions", "Discussion prompts", "Answer key"]
# Notes for predict-first questions and worked examples, where a chapter has them, sit just before the key.
OPTIONAL_SECTION = "Answer notes"


def _section(text: str, heading: str, level: int = 2) -> str:
    marks = "#" * level
    match = re.search(rf"^{marks} {re.escape(heading)}\s*$(.*?)(?=^#{{1,{level}}} |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no '{marks} {heading}' section"
    return match.group(1)


def _minutes(table: str) -> list[int]:
    """The first column of a Markdown table whose first cell is a number."""
    return [int(m) for m in re.findall(r"^\|\s*(\d+)\s*\|", table, re.MULTILINE)]


def _workshop_minutes(slug: str) -> int:
    return Notebook.read(ROOT / "notebooks" / f"{slug}.ipynb").minutes()[1]


# -- agendas --------------------------------------------------------------------------------

def test_every_chapter_states_its_time():
    for slug in CHAPTERS:
        assert Notebook.read(ROOT / "notebooks" / f"{slug}.ipynb").minutes(), f"{slug}: no '**Time:**' line"


def test_four_agendas_whose_sums_match_the_chapters():
    plans = {p.agenda.id: p for p in load_plans(ROOT)}
    assert set(plans) == {"session-90", "half-day", "full-day", "three-days"}
    for plan in plans.values():
        for n, (rows, day) in enumerate(zip(plan.days, plan.agenda.days), 1):
            assert clock(rows[0].start) == day.start
            for before, after in zip(rows, rows[1:]):  # back to back: no gap, no overlap
                assert after.start == before.start + before.minutes
            for row in rows:
                if row.kind == "chapter":
                    assert row.minutes == _workshop_minutes(row.link.split("/")[1]), f"{plan.agenda.id} day {n}: {row.title}"
            end = rows[-1].start + rows[-1].minutes
            assert end <= agendas._clock(day.end), f"{plan.agenda.id} day {n} ends at {clock(end)}"
        assert plan.teaching_minutes == sum(r.minutes for d in plan.days for r in d if r.kind != "break")
    assert plans["session-90"].teaching_minutes == 90 and len(plans["session-90"].days) == 1
    half = plans["half-day"].days[0]
    assert half[-1].start + half[-1].minutes - half[0].start <= 4 * 60
    assert len(plans["full-day"].days) == 1 and len(plans["three-days"].days) == 3
    taught = {r.link.split("/")[1] for d in plans["three-days"].days for r in d if r.kind == "chapter"}
    assert taught | {s for s, _, _ in plans["three-days"].self_study} == set(CHAPTERS)


def test_agendas_follow_a_chapter_that_grows(tmp_path):
    """Make chapter 1 ten minutes longer: every agenda that teaches it moves, and the
    90-minute session no longer fits (an error naming file, line and agenda)."""
    for name in ("_toc.yml", "instructor", "notebooks"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, tmp_path / name)
    (tmp_path / "book").mkdir()
    chapter = tmp_path / "notebooks" / "global-context.ipynb"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace(f"about {_workshop_minutes('global-context')} minutes in a workshop",
                                    f"about {_workshop_minutes('global-context') + 10} minutes in a workshop"), encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_plans(tmp_path)
    messages = [str(i) for i in caught.value.issues]
    assert any(re.search(r"instructor/agendas\.yml:\d+: session-90: day 1 ends at 15:40, after its end 15:30 \(10 minutes too long\)", m)
               for m in messages), messages


@pytest.mark.parametrize("edit, expected", [
    ("          - chapter: global-context\n", "          - chapter: no-such-chapter\n", ),
    ("          - chapter: global-context\n", "          - chapter: global-context\n            minutes: 5\n"),
    ('        end: "15:30"', '        end: "25:30"'),
    ('        end: "15:30"\n', '        end: "15:30"\n        end: "16:30"\n'),
], ids=["unknown-chapter", "minutes-on-a-chapter", "bad-clock", "duplicate-key"])
def test_agenda_file_mistakes_name_file_line_and_agenda(tmp_path, edit, expected):
    source = (INSTRUCTOR / "agendas.yml").read_text(encoding="utf-8")
    assert edit in source
    broken = tmp_path / "agendas.yml"
    broken.write_text(source.replace(edit, expected, 1), encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_plans(ROOT, broken)
    issue = caught.value.issues[0]
    assert issue.path == str(broken) and issue.where == "session-90"
    assert source.replace(edit, expected, 1).splitlines()[issue.line - 1].strip().split(":")[0] in (
        "- chapter", "minutes", "end", "chapter"), issue
    if "16:30" in expected:  # the one YAML loader's duplicate-key check, as in quiz banks and scenarios
        assert issue.message == f"key 'end' appears twice (first at line {issue.line - 1}); YAML keeps only the last"


HOSTILE = "<img src=x onerror=alert(1)> *bold* [link](javascript:alert(1)) {doc}`intro` | cell"


def test_agenda_text_reaches_the_page_as_text_not_markup(tmp_path):
    """agendas.yml text went into MyST raw: an <img onerror> in a title would have run in the
    instructor edition. Rendered by MyST itself, every hostile string shows as typed."""
    from docutils.core import publish_string
    from myst_parser.parsers.docutils_ import Parser

    source = (INSTRUCTOR / "agendas.yml").read_text(encoding="utf-8")
    hostile = tmp_path / "agendas.yml"
    text = source.replace('title: "A 90-minute session: the UN and cybersecurity at a glance"', f"title: '{HOSTILE}'", 1)
    text = text.replace('activity: "Closing: key points, evaluation"', f"activity: '{HOSTILE}'", 1)
    text = text.replace('break: "Coffee break"', f"break: '{HOSTILE}'", 1)
    hostile.write_text(text, encoding="utf-8")
    markdown = agendas.to_markdown(load_plans(ROOT, hostile))
    html = publish_string(markdown.replace("{doc}`", "`"), parser=Parser(), writer_name="html5",
                          settings_overrides={"report_level": 5, "output_encoding": "unicode"})
    body = html[html.index("<body"):]
    assert "<img" not in body and "<a " not in body and "<strong>bold" not in body and "<em>bold" not in body
    shown = "&lt;img src=x onerror=alert(1)&gt; *bold* [link](javascript:alert(1)) {doc}`intro` | cell"
    assert body.count(shown) == 3  # the title, the activity and the break, each as typed


def test_agendas_command_prints_plain_markdown():
    result = subprocess.run([sys.executable, "-m", "coursekit", "agendas", "--root", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "{doc}" not in result.stdout
    for plan in load_plans(ROOT):
        assert f"# {plan.agenda.title}" in result.stdout
    assert "| 14:00–15:30 | 90 | Chapter: Cybersecurity in the global context |" in result.stdout


# -- the instructor edition's pages ---------------------------------------------------------

def test_instructor_edition_lists_the_whole_learner_book_in_order():
    learner = toc_files(ROOT)
    instructor = yaml.safe_load((INSTRUCTOR / "_toc.yml").read_text(encoding="utf-8"))
    files = []

    def walk(entries):
        for entry in entries or []:
            files.append(entry["file"])
            walk(entry.get("sections"))

    for part in instructor["parts"]:
        walk(part["chapters"])
    assert [f for f in files if not f.startswith("instructor/")] == learner
    notes = [f.split("/")[-1] for f in files if f.startswith("instructor/chapters/")]
    assert notes == CHAPTERS
    assert not any(f.startswith("instructor/") for f in learner), "the learner book must not list instructor pages"


@pytest.mark.parametrize("slug", CHAPTERS)
def test_facilitation_notes(slug):
    text = (INSTRUCTOR / "chapters" / f"{slug}.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    if OPTIONAL_SECTION in headings:
        assert headings.index(OPTIONAL_SECTION) == len(headings) - 2, "Answer notes come just before the answer key"
        headings.remove(OPTIONAL_SECTION)
    assert headings == NOTES_SECTIONS
    assert text.startswith(f"# Facilitation notes: {Notebook.read(ROOT / 'notebooks' / f'{slug}.ipynb').title}\n")
    assert f"{{doc}}`/notebooks/{slug}`" in text
    assert sum(_minutes(_section(text, "Timing"))) == _workshop_minutes(slug)
    assert len(re.findall(r"^- \*\*", _section(text, "Common misconceptions"), re.MULTILINE)) >= 3
    prompts = _section(text, "Discussion prompts")
    assert len(re.findall(r"^### ", prompts, re.MULTILINE)) >= 2
    assert prompts.count("**What good answers mention:**") == len(re.findall(r"^### ", prompts, re.MULTILINE))
    assert _section(text, "Answer key").strip() == f"```{{coursekit-answer-key}} {slug}\n```"


def test_role_play_has_grounded_role_cards():
    text = (INSTRUCTOR / "handouts" / "role-cards.md").read_text(encoding="utf-8")
    cards = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    kinds = {}
    for card in cards:
        name = card.splitlines()[0]
        kind = re.search(r"^\*\*Type:\*\* (\w+)", card, re.MULTILINE).group(1)
        group = re.search(r"^\*\*Region or group:\*\* (.+)$", card, re.MULTILINE).group(1)
        kinds[name] = (kind, group)
        if kind == "Chair":
            continue
        record = _section("## " + card, "What the record shows", level=3)
        assert citations(record), f"{name}: the record must be cited"
        _section("## " + card, "Your brief for this exercise", level=3)
    states = {n: g for n, (k, g) in kinds.items() if k == "State"}
    stakeholders = [n for n, (k, _) in kinds.items() if k == "Stakeholder"]
    assert len(states) + len(stakeholders) >= 8
    regions = {g.split(" (")[0] for g in states.values()}
    assert len(regions) >= 4, regions
    assert len(stakeholders) >= 2


def test_role_play_and_tabletop_guides_add_up():
    role_play = (INSTRUCTOR / "role-play.md").read_text(encoding="utf-8")
    assert sum(_minutes(_section(role_play, "Timing"))) == 90
    assert len(re.findall(r"^### ", _section(role_play, "Debrief"), re.MULTILINE)) >= 5
    tabletop = (INSTRUCTOR / "tabletop.md").read_text(encoding="utf-8")
    assert sum(_minutes(_section(tabletop, "Timing"))) == 60
    scenario = load_scenario(ROOT / "scenarios" / "hospital-ransomware.yml")
    injects = re.split(r"^### Inject \d+", _section(tabletop, "Injects"), flags=re.MULTILINE)[1:]
    assert len(injects) >= 6
    for inject in injects:
        named = set(re.findall(r"`([a-z0-9-]+)`", inject))
        assert named & set(scenario.nodes), f"an inject must name the scenario node it follows: {inject[:80]}"
    assert "```{coursekit-tabletop-key} hospital-ransomware\n```" in tabletop


def test_instructor_pages_cite_only_known_sources():
    keys = bib_keys(ROOT / "references.bib")
    for page in INSTRUCTOR.rglob("*.md"):
        unknown = citations(page.read_text(encoding="utf-8")) - keys
        assert not unknown, f"{page.relative_to(ROOT)}: unknown citation keys {sorted(unknown)}"
