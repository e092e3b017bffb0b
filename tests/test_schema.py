"""The committed JSON Schema (quizzes/quiz-bank.schema.json) matches the models.

Editors validate quiz banks against the committed file (see the
``# yaml-language-server: $schema=...`` comment), so it must never lag behind
``coursekit.model``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from coursekit.cli import SCHEMA_PATH, render_schema
from coursekit.loader import load_bank
from coursekit.model import SCHEMA_DIALECT, QuizBank, json_schema

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / SCHEMA_PATH
FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"
GOOD = FIXTURES / "good" / "good-bank.yml"
REGENERATE = f"the schema is out of date: regenerate it with `coursekit schema --output {SCHEMA_PATH}` (from {ROOT})"


def test_committed_schema_is_up_to_date():
    assert COMMITTED.is_file(), REGENERATE
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(), REGENERATE


def test_schema_has_dialect_title_and_description():
    schema = json_schema()
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["title"] == "Quiz bank"
    assert "coursekit check" in schema["description"]
    # Everything else is pydantic's own output, unchanged.
    body = QuizBank.model_json_schema()
    assert {k: v for k, v in schema.items() if k not in ("$schema", "title", "description")} == {
        k: v for k, v in body.items() if k not in ("title", "description")
    }


def _validator():
    import jsonschema  # a declared dev dependency: never a silent skip
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)  # the file is itself a valid 2020-12 schema
    return cls(schema)


def test_good_fixture_validates_against_the_schema():
    data = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("stem", ["unknown-field", "unknown-type", "missing-prompt", "unquoted-number", "true-false-not-bool"])
def test_structural_defects_are_caught_by_the_schema_too(stem):
    # Editors flag these while typing; cross-field rules are left to `coursekit check`.
    data = yaml.safe_load((FIXTURES / "bad" / f"{stem}.yml").read_text(encoding="utf-8"))
    assert list(_validator().iter_errors(data)), f"{stem} should not validate"


def test_every_bank_the_loader_accepts_validates_against_the_schema():
    # The loader is at least as strict as the schema: a bank it accepts is schema-valid.
    assert load_bank(GOOD)
    data = QuizBank.model_validate(yaml.safe_load(GOOD.read_text(encoding="utf-8"))).model_dump(mode="json")
    assert list(_validator().iter_errors(data)) == []
