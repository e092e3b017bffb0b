"""Item-quality rules (coursekit/quality.py): one fixture per rule, each with exactly one
finding at the right line, question and rule; a clean bank and a reviewed exemption pass.

The fixtures (tests/fixtures/quizzes/quality/) are a small clean bank and copies of it with
one defect each; course rules (proportions) get banks large enough for their sample size.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.loader import load_bank, load_banks
from coursekit.presentation import keys_come_first
from coursekit.quality import check_quality, objective_level

HERE = Path(__file__).parent / "fixtures" / "quizzes" / "quality"

# (fixture, line, where, rule); the line is the author's: the question's id, the field, or the objective.
ONE_FINDING = [
    ("missing-level", 98, "count", "level"),
    ("absolute-words", 67, "t01", "absolute-words"),
    ("all-of-the-above", 33, "s01", "all-none-of-above"),
    ("give-away-stem", 27, "s01", "give-away-stem"),
    ("pair-without-feedback", 92, "match", "pair-feedback"),
    ("longest-key", 15, "(bank)", "longest-key"),
    ("objective-level", 6, "(bank)", "objective-level"),
    ("objective-verb", 6, "(bank)", "objective-level"),
    ("give-away-group", 72, "t02", "give-away-group"),
    ("duplicate-prompt", 77, "t02", "duplicate-prompt"),
    ("true-false-balance", 1, "(course)", "true-false-balance"),
    ("key-position-single", 1, "(course)", "key-position"),
    ("key-position-multiple", 1, "(course)", "key-position"),
    ("remember-share", 1, "(course)", "remember-share"),
    ("unsupported-markdown", 103, "count", "unsupported-markdown"),
]


def findings(stem: str) -> list:
    path = HERE / f"{stem}.yml"
    bank = load_bank(path)
    return check_quality({bank.chapter: bank}, {bank.chapter: str(path)})


@pytest.mark.parametrize(("stem", "line", "where", "rule"), ONE_FINDING, ids=[c[0] for c in ONE_FINDING])
def test_each_rule_reports_its_defect_once(stem, line, where, rule):
    found = findings(stem)
    assert len(found) == 1, [str(f) for f in found]
    issue = found[0]
    assert (issue.line, issue.where) == (line, where)
    assert issue.message.endswith(f"[{rule}]")
    path = str(HERE / f"{stem}.yml") if where != "(course)" else str(HERE)
    assert str(issue) == f"{path}:{line}: {where}: {issue.message}"


@pytest.mark.parametrize("stem", ["clean", "reviewed-absolute-word"])
def test_clean_bank_and_reviewed_exemption_pass(stem):
    assert findings(stem) == []


def test_messages_name_the_numbers_an_author_needs():
    assert "2 of 2 single-choice questions (at most 0.8 = 1/n + 15 %): s01, s02" in findings("longest-key")[0].message
    assert "0 of 10 true/false keys are True (0%)" in findings("true-false-balance")[0].message
    assert "shares 'Birch' with the prompt" in findings("give-away-stem")[0].message
    assert "'193', the answer of 'count'" in findings("give-away-group")[0].message
    assert "1 question assesses it" in findings("objective-level")[0].message


def test_objective_verbs_and_keys_first():
    assert objective_level("Apply the norms to a case.") == "apply"
    assert objective_level("Plan a training programme.") == "apply"
    assert objective_level("Evaluate two options.") == "evaluate"
    assert objective_level("Explain why.") == "understand"
    assert objective_level("Appreciate things.") is None
    assert keys_come_first(["a", "b", "c"], ["b", "a"]) and not keys_come_first(["a", "b", "c"], ["a", "c"])


def test_cli_check_reports_findings_and_exit_code(tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "coursekit", "check", *args], capture_output=True, text=True)
    bank = tmp_path / "quality-fixture.yml"  # a bank file is named after its chapter
    bank.write_bytes((HERE / "absolute-words.yml").read_bytes())
    bad = run(str(bank))
    assert bad.returncode == 1
    assert f"{bank}:67: t01: absolute word" in bad.stderr and "1 problem in 1 file" in bad.stderr
    assert run("--structure-only", str(bank)).returncode == 0
    bank.write_bytes((HERE / "clean.yml").read_bytes())
    assert run(str(bank)).returncode == 0
    course = run("quizzes")  # the course's banks, with every rule on
    assert course.returncode == 0, course.stderr[-3000:]
    assert "12 banks" in course.stdout


def test_final_pool_rules_span_every_bank():
    """The final assessment deals items of all chapters together: a final prompt that prints
    another chapter's final answer, or a final item that copies a practice question, is found."""
    folder = Path(__file__).parent / "fixtures" / "quizzes" / "quality-final"
    banks = load_banks([folder])
    found = check_quality(banks, {slug: str(folder / f"{slug}.yml") for slug in banks})
    assert [(f.path.rsplit("/", 1)[-1], f.line, f.where, f.message.rsplit("[", 1)[-1]) for f in found] == [
        ("alpha.yml", 31, "a-final", "final-unseen]"),
        ("gamma.yml", 20, "c-final", "give-away-group]"),
    ]
    assert "near copy of practice question 'a-practice' (alpha)" in found[0].message
    assert "'1975', the answer of final item 'b-final-one' (beta)" in found[1].message
