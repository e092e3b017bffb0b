"""Whatever text an author (or a bad merge) produces, parse_bank either returns a
QuizBank or raises QuizValidationError: never another exception, which would reach
the author as a traceback."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coursekit.loader import QuizValidationError, parse_bank
from coursekit.model import QuizBank

GOOD_TEXT = (Path(__file__).parent / "fixtures" / "quizzes" / "good" / "good-bank.yml").read_text(encoding="utf-8")
GOOD_LINES = GOOD_TEXT.splitlines()

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    try:
        result = parse_bank(text, "prop.yml")
    except QuizValidationError as exc:
        assert exc.issues, "an error must carry at least one issue"
        for issue in exc.issues:
            assert issue.path == "prop.yml" and issue.line >= 1 and issue.message
    else:
        assert isinstance(result, QuizBank)


@FAST
@given(st.text())
@example("")
@example("\x00")
@example("- a\n- b")
@example("&a [*a]")
@example("a: &a [*a]\nquestions: *a")
@example("? [a]\n: b")
@example("1: x\nnull: y\nquestions: [1]")
@example("questions:\n- {type: single, 1: 2}")
@example("groups: {g: [[x], {y: 1}]}\nquestions: [{id: a}]")
def test_any_text(text):
    check(text)


# YAML-ish documents: nested mappings and lists of the scalars YAML can produce,
# with keys that are sometimes the bank's real field names so validation goes deep.
KEYS = st.sampled_from(
    ["chapter", "title", "objectives", "groups", "questions", "id", "type", "prompt", "explanation",
     "sources", "options", "answer", "text", "pairs", "left", "right", "items", "accept", "tolerance",
     "single", "multiple", "true-false", "matching", "ordering", "numeric", "short-text", "q-one", "obj-a"]
) | st.text(max_size=8)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | KEYS
TREES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.integers(), inner, max_size=5),
    max_leaves=25,
)


@FAST
@given(TREES)
def test_yaml_structures(tree):
    check(yaml.safe_dump(tree, allow_unicode=True))


@FAST
@given(st.dictionaries(st.sampled_from(["chapter", "title", "objectives", "groups", "questions"]), TREES, max_size=5))
def test_bank_shaped_structures(header):
    check(yaml.safe_dump(header, allow_unicode=True))


def _scalar_lines() -> list[int]:
    return [i for i, line in enumerate(GOOD_LINES) if ": " in line and not line.lstrip().startswith("#")]


@FAST
@given(st.data())
def test_mutations_of_the_good_bank(data):
    lines = list(GOOD_LINES)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        kind = data.draw(st.sampled_from(["delete", "duplicate", "scalar"]), label="kind")
        if kind == "delete" and lines:
            del lines[data.draw(st.integers(0, len(lines) - 1), label="delete line")]
        elif kind == "duplicate" and lines:
            i = data.draw(st.integers(0, len(lines) - 1), label="duplicate line")
            lines.insert(i, lines[i])
        else:
            candidates = [i for i in _scalar_lines() if i < len(lines) and ": " in lines[i]]
            if not candidates:
                continue
            i = data.draw(st.sampled_from(candidates), label="scalar line")
            key = lines[i].split(": ", 1)[0]
            value = data.draw(
                st.sampled_from(["", "~", "-1", "1e999", ".nan", "true", "[]", "{}", "[a, b]", "'2015'", "x: y", "&a *a"])
                | st.text(max_size=10),
                label="new value",
            )
            lines[i] = f"{key}: {value}"
    check("\n".join(lines) + "\n")


def test_unmutated_good_bank_is_valid():
    assert isinstance(parse_bank(GOOD_TEXT), QuizBank)
