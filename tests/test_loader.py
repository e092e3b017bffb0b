"""Every defect an author can make is reported clearly, at the right line and question.

One fixture file per defect in tests/fixtures/quizzes/bad/ (otherwise valid, named
after its defect); the expected report is the full ``path:line: where: message``
line, so a change of wording or of line is a deliberate, reviewed change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coursekit.loader import Issue, QuizValidationError, load_bank, load_banks, parse_bank
from coursekit.model import QUESTION_TYPES, QuizBank

FIXTURES = Path(__file__).parent / "fixtures" / "quizzes"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good" / "good-bank.yml"
TYPES = ", ".join(QUESTION_TYPES)

# (fixture stem, line, question id or "(bank)", message): exactly one issue per file.
ONE_DEFECT = [
    ("not-yaml", 19, "(bank)", "not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence that starts at line 18)"),
    ("not-utf8", 5, "(bank)", "file is not UTF-8 text (byte 0xf4); save it as UTF-8"),
    ("empty-file", 1, "(bank)", "the file is empty; a quiz bank needs the keys: chapter, title, objectives, groups, questions"),
    ("not-a-mapping", 2, "(bank)", "the file must be a YAML mapping ('key: value' lines) with the keys: chapter, title, objectives, groups, questions"),
    ("duplicate-key", 21, "q-two", "key 'prompt' appears twice (first at line 19); YAML keeps only the last"),
    ("unknown-field", 25, "q-two", "unknown field 'feedbak' in options item 1"),
    ("unknown-type", 17, "q-two", f"unknown type 'essay'; expected one of: {TYPES}"),
    ("missing-type", 16, "q-two", f"missing field 'type' (one of: {TYPES})"),
    ("missing-prompt", 16, "q-two", "missing field 'prompt'"),
    ("bad-id", 16, "Q Two", "'id' must be lower-case letters, digits and hyphens, got 'Q Two'"),
    ("duplicate-id", 16, "q-one", "duplicate question id (first used at line 9)"),
    ("no-correct-option", 27, "q-two", "no correct option: 'answer' must name at least one option id"),
    ("several-correct-single", 27, "q-two", "several correct options in single choice (gge, oewg); use type 'multiple'"),
    ("single-answer-wrong-form", 27, "q-two", "'answer' must be text or a list of text, got {gge: true}"),
    ("too-few-options", 22, "q-two", "a choice question needs at least 2 options, found 1"),
    ("duplicate-option-id", 25, "q-two", "option id 'gge' is used twice"),
    ("answer-not-an-option", 27, "q-two", "answer 'itu' is not an option id (options: gge, oewg)"),
    ("true-false-not-bool", 22, "q-two", "'answer' must be true or false, got 'true' (remove the quotes)"),
    ("matching-duplicate-pairs", 25, "q-two", "duplicate left item 'GGE report with eleven norms' in pairs (pair 2)"),
    ("matching-missing-right", 25, "q-two", "missing field 'right' in pairs item 2"),
    ("unquoted-number", 24, "q-two", "'right' in pairs item 1 must be text, got 2015 (put it in quotes)"),
    ("ordering-too-few-items", 22, "q-two", "ordering needs at least 3 items, found 2"),
    ("numeric-answer-not-number", 22, "q-two", "'answer' must be a number, got 'eleven'"),
    ("negative-tolerance", 23, "q-two", "'tolerance' must not be negative, got -0.5"),
    ("short-text-no-accept", 22, "q-two", "short-text needs at least one accepted answer"),
    ("undeclared-objective", 18, "q-two", "objective 'obj-norms' is not declared in the bank's 'objectives'"),
    ("objective-not-assessed", 6, "(bank)", "objective 'obj-b' is declared but no question assesses it"),
    ("empty-group", 8, "(bank)", "group 'later' is empty"),
    ("group-missing-question", 7, "(bank)", "group 'main' names missing question 'q-three'"),
]

# Words that would mean a pydantic or Python message leaked through untranslated.
JARGON = re.compile(r"Input should|Field required|validation error|pydantic|Traceback|\[key\]|list\[str\]|dict\[|NoneType")


@pytest.mark.parametrize(("stem", "line", "where", "message"), ONE_DEFECT, ids=[c[0] for c in ONE_DEFECT])
def test_each_defect_is_reported_once_at_its_line(stem, line, where, message):
    path = BAD / f"{stem}.yml"
    with pytest.raises(QuizValidationError, match=re.escape(message)) as caught:
        load_bank(path)
    assert [str(i) for i in caught.value.issues] == [f"{path}:{line}: {where}: {message}"]
    issue = caught.value.issues[0]
    assert (issue.line, issue.where, issue.message) == (line, where, message)
    assert not JARGON.search(message)


def test_every_bad_fixture_has_a_case():
    # A new fixture without an expected message would silently test nothing.
    covered = {c[0] for c in ONE_DEFECT} | {"several-defects"}
    assert {p.stem for p in BAD.glob("*.yml")} == covered


@pytest.mark.parametrize("stem", [c[0] for c in ONE_DEFECT if c[0] not in ("not-utf8", "not-yaml", "empty-file", "not-a-mapping")])
def test_bad_fixtures_name_their_chapter_after_the_file(stem):
    # "Otherwise valid" includes the chapter rule that load_banks adds.
    text = (BAD / f"{stem}.yml").read_text(encoding="utf-8")
    assert f"\nchapter: {stem}\n" in text


def test_several_defects_are_all_reported_sorted_by_line():
    path = BAD / "several-defects.yml"
    with pytest.raises(QuizValidationError) as caught:
        load_bank(path)
    issues = caught.value.issues
    assert [(i.line, i.where, i.message) for i in issues] == [
        (4, "(bank)", "'title' must not be empty"),
        (8, "(bank)", "group 'main' names missing question 'q-five'"),
        (17, "q-one", "unknown field 'feedbak'"),
        (25, "q-two", "'tolerance' must not be negative, got -1"),
        (28, "q-three", "objective 'obj-law' is not declared in the bank's 'objectives'"),
        (33, "q-four", "missing field 'explanation'"),
    ]
    # The exception text is the same report, one issue per line, in the same order.
    assert str(caught.value).splitlines() == [str(i) for i in issues]
    assert all(str(i).startswith(f"{path}:{i.line}: ") for i in issues)


def test_good_bank_loads_with_all_seven_types():
    bank = load_bank(GOOD)
    assert isinstance(bank, QuizBank)
    assert bank.chapter == "good-bank"
    assert sorted(q.type for q in bank.questions) == sorted(QUESTION_TYPES)
    assert [q.id for q in bank.group("check-1")] == ["q-single", "q-multiple", "q-true-false", "q-matching"]


def test_good_bank_starts_with_the_schema_hint_comment():
    # Editors with the YAML language server read it; the loader must ignore it.
    first = GOOD.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../../quizzes/quiz-bank.schema.json"
    assert (GOOD.parent / "../../../../quizzes/quiz-bank.schema.json").resolve().is_file()


def test_missing_file_is_an_issue_not_a_crash(tmp_path):
    path = tmp_path / "nowhere.yml"
    with pytest.raises(QuizValidationError) as caught:
        load_bank(path)
    assert [str(i) for i in caught.value.issues] == [f"{path}:1: (bank): cannot read file: no such file"]


def test_folder_given_as_file_is_an_issue(tmp_path):
    with pytest.raises(QuizValidationError, match="cannot read file: it is a folder"):
        load_bank(tmp_path)


def test_latin1_bytes_report_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes("chapter: latin\ntitle: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(QuizValidationError) as caught:
        load_bank(path)
    assert caught.value.issues == [Issue(str(path), 2, "(bank)", "file is not UTF-8 text (byte 0xe9); save it as UTF-8")]


def test_parse_bank_uses_the_given_path_in_messages():
    with pytest.raises(QuizValidationError) as caught:
        parse_bank("chapter: [", "somewhere/ch.yml")
    assert str(caught.value.issues[0]).startswith("somewhere/ch.yml:")


def test_load_banks_reads_a_folder_and_checks_chapter_names(tmp_path):
    shutil.copy(GOOD, tmp_path / "good-bank.yml")
    assert list(load_banks([tmp_path])) == ["good-bank"]
    shutil.copy(GOOD, tmp_path / "renamed.yaml")
    with pytest.raises(QuizValidationError) as caught:
        load_banks([tmp_path])
    assert [str(i) for i in caught.value.issues] == [
        f"{tmp_path / 'renamed.yaml'}:1: (bank): chapter 'good-bank' does not match the file name 'renamed'",
        f"{tmp_path / 'renamed.yaml'}:1: (bank): chapter 'good-bank' is also defined in {tmp_path / 'good-bank.yml'}",
    ]


def test_load_banks_reports_all_files_together():
    with pytest.raises(QuizValidationError) as caught:
        load_banks([BAD / "missing-prompt.yml", BAD / "empty-group.yml", GOOD])
    assert {Path(i.path).stem for i in caught.value.issues} == {"missing-prompt", "empty-group"}


def test_question_ids_are_unique_across_banks(tmp_path):
    """Ids key learners' progress and the final assessment: the loader refuses an id that a
    second bank uses again, at that bank's line."""
    good = GOOD.read_text(encoding="utf-8")
    (tmp_path / "good-bank.yml").write_text(good, encoding="utf-8")
    (tmp_path / "other-bank.yml").write_text(good.replace("chapter: good-bank", "chapter: other-bank"), encoding="utf-8")
    with pytest.raises(QuizValidationError) as caught:
        load_banks([tmp_path])
    issues = caught.value.issues
    assert len(issues) == len(load_bank(GOOD).questions)
    first = issues[0]
    assert first.path == str(tmp_path / "other-bank.yml") and first.where == "q-single"
    assert first.message == "question id is also used in bank 'good-bank'; ids must be unique across the course"
    assert "id: q-single" in (tmp_path / "other-bank.yml").read_text(encoding="utf-8").splitlines()[first.line - 1]


def test_a_loaded_bank_cannot_change_the_next_callers_bank():
    bank = load_bank(GOOD)
    bank.questions.clear()
    bank.groups["check-1"].append("q-gone")
    again = load_bank(GOOD)
    assert again.questions and "q-gone" not in again.groups["check-1"]
