"""Load quiz banks from YAML and report every defect as ``path:line: question-id: message``.

Validation happens in three passes so one broken question never hides another:
1. YAML syntax; 2. each question (and the bank header) against the model, plus the
model's own cross-field ``problems()``; 3. bank-wide rules (unique ids, declared
objectives, groups that resolve). All problems are collected, sorted by line and
raised together as one ``QuizValidationError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from .model import QUESTION_TYPES, Question, QuizBank

_QUESTION = TypeAdapter(Question)
_HEADER_FIELDS = ("chapter", "title", "objectives", "groups", "questions")


@dataclass(frozen=True, order=True)
class Issue:
    """One defect in a quiz file."""

    path: str
    line: int
    where: str  # question id, or "(bank)" for the file header
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.message}"


class QuizValidationError(Exception):
    """Raised with every defect of one or more quiz files."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


def load_bank(path: str | Path) -> QuizBank:
    """Read and validate one quiz bank; raise ``QuizValidationError`` listing all defects."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizValidationError([Issue(str(path), 1, "(bank)", f"cannot read file: {exc}")]) from None
    return parse_bank(text, str(path))


def parse_bank(text: str, path: str = "<string>") -> QuizBank:
    """Validate quiz-bank YAML text; ``path`` is only used in messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuizValidationError([Issue(path, line, "(bank)", f"not valid YAML: {problem}")]) from None
    except (ValueError, TypeError, RecursionError) as exc:  # odd input PyYAML does not wrap
        raise QuizValidationError([Issue(path, 1, "(bank)", f"not valid YAML: {exc}")]) from None

    if not isinstance(data, dict):
        raise QuizValidationError([Issue(path, 1, "(bank)", "a quiz bank must be a YAML mapping with keys: " + ", ".join(_HEADER_FIELDS))])
    return _Validator(path, root, data).run()


class _Validator:
    def __init__(self, path: str, root: yaml.Node, data: dict[str, Any]):
        self.path, self.root, self.data = path, root, data
        self.issues: list[Issue] = []

    # -- helpers -------------------------------------------------------
    def line_of(self, loc: tuple) -> int:
        """Line (1-based) of the deepest YAML node reachable along ``loc``."""
        node = self.root
        for key in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == str(key):
                        child = v
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                child = node.value[key]
            if child is None:
                continue  # e.g. a union tag in a pydantic loc: not a YAML key
            node = child
        return node.start_mark.line + 1

    def add(self, loc: tuple, where: str, message: str) -> None:
        self.issues.append(Issue(self.path, self.line_of(loc), where, message))

    # -- passes --------------------------------------------------------
    def run(self) -> QuizBank:
        raw_questions = self.data.get("questions")
        header = {k: v for k, v in self.data.items() if k != "questions"}
        self._check_header(header)
        questions = self._check_questions(raw_questions)
        self._check_bank(raw_questions if isinstance(raw_questions, list) else [], questions)
        if self.issues:
            raise QuizValidationError(self.issues)
        return QuizBank.model_validate(self.data)

    def _check_header(self, header: dict) -> None:
        header = dict(header, questions=[])  # questions are checked one by one below
        try:
            QuizBank.model_validate(header)
        except ValidationError as exc:
            for err in exc.errors():
                if err["loc"][:1] == ("questions",):
                    continue
                self.add(err["loc"], "(bank)", _message(err))
        if "questions" not in self.data:
            self.add((), "(bank)", "missing field 'questions'")
        elif not isinstance(self.data["questions"], list) or not self.data["questions"]:
            self.add(("questions",), "(bank)", "'questions' must be a non-empty list")

    def _check_questions(self, raw: Any) -> list:
        if not isinstance(raw, list):
            return []
        valid = []
        for i, item in enumerate(raw):
            qid = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"question #{i + 1}"
            try:
                question = _QUESTION.validate_python(item)
            except ValidationError as exc:
                for err in exc.errors():
                    self.add(("questions", i, *err["loc"]), qid, _message(err))
                continue
            for field, message in question.problems():
                self.add(("questions", i, *field), qid, message)
            valid.append((i, question))
        return valid

    def _check_bank(self, raw: list, questions: list) -> None:
        # Ids are read from the raw data so a question with other defects still counts.
        seen: dict[str, int] = {}
        for i, item in enumerate(raw):
            qid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(qid, str):
                continue
            if qid in seen:
                first = self.line_of(("questions", seen[qid], "id"))
                self.add(("questions", i, "id"), qid, f"duplicate question id (first used at line {first})")
            else:
                seen[qid] = i
        objectives = self.data.get("objectives")
        if isinstance(objectives, dict):
            for i, q in questions:
                for k, obj in enumerate(q.objectives):
                    if obj not in objectives:
                        self.add(("questions", i, "objectives", k), q.id, f"objective '{obj}' is not declared in the bank's 'objectives'")
        groups = self.data.get("groups")
        for name, members in (groups.items() if isinstance(groups, dict) else []):
            if not members:
                self.add(("groups", name), "(bank)", f"group '{name}' is empty")
                continue
            for k, qid in enumerate(members if isinstance(members, list) else []):
                if qid not in seen:
                    self.add(("groups", name, k), "(bank)", f"group '{name}' names missing question '{qid}'")


def _message(err: dict) -> str:
    """Turn a pydantic error into a sentence a course author understands."""
    kind, loc = err["type"], err["loc"]
    field = next((str(p) for p in reversed(loc) if isinstance(p, str) and p not in QUESTION_TYPES), "value")
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "missing":
        return f"missing field '{field}'"
    if kind == "union_tag_invalid":
        return f"unknown type {err.get('ctx', {}).get('tag')!r}; expected one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_not_found":
        return f"missing field 'type' (one of: {', '.join(QUESTION_TYPES)})"
    if kind in ("float_parsing", "float_type"):
        return f"'{field}' must be a number, got {err['input']!r}"
    if kind == "string_pattern_mismatch":
        return f"'{field}' must be lower-case letters, digits and hyphens, got {err['input']!r}"
    if kind == "too_short":
        return f"'{field}' must not be empty"
    return f"'{field}': {err['msg']}"


def load_banks(paths: list[str | Path]) -> dict[str, QuizBank]:
    """Load several banks (files or folders of ``*.yml``/``*.yaml``); report all defects together."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted([*p.glob("*.yml"), *p.glob("*.yaml")]) if p.is_dir() else [p])
    banks, issues = {}, []
    for f in files:
        try:
            bank = load_bank(f)
        except QuizValidationError as exc:
            issues.extend(exc.issues)
            continue
        if bank.chapter != f.stem:
            issues.append(Issue(str(f), 1, "(bank)", f"chapter '{bank.chapter}' does not match the file name '{f.stem}'"))
        banks[bank.chapter] = bank
    if issues:
        raise QuizValidationError(issues)
    return banks
