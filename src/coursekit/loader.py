"""Load quiz banks from YAML and report every defect as ``path:line: question-id: message``.

Validation happens in three passes so one broken question never hides another:
1. YAML syntax (and repeated keys, which YAML itself silently drops); 2. each question
(and the bank header) against the model, plus the model's own cross-field
``problems()``; 3. bank-wide rules (unique ids, declared objectives, groups that
resolve). All problems are collected, sorted by line and raised together as one
``QuizValidationError``.

Messages are written for course authors, not programmers: pydantic's own wording
("Input should be a valid string") never reaches them; ``_explain`` translates it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from .model import FINAL_GROUP, QUESTION_TYPES, Question, QuizBank

_QUESTION = TypeAdapter(Question)
_HEADER_FIELDS = ("chapter", "title", "objectives", "groups", "questions")
BANK_SUFFIXES = (".yml", ".yaml")


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
        raw = path.read_bytes()
    except FileNotFoundError:
        raise QuizValidationError([Issue(str(path), 1, "(bank)", "cannot read file: no such file")]) from None
    except IsADirectoryError:
        raise QuizValidationError([Issue(str(path), 1, "(bank)", "cannot read file: it is a folder")]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise QuizValidationError([Issue(str(path), 1, "(bank)", f"cannot read file: {reason}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Point at the line of the first bad byte: usually one pasted character.
        line = raw[: exc.start].count(b"\n") + 1
        message = f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise QuizValidationError([Issue(str(path), line, "(bank)", message)]) from None
    # A copy: the models are frozen, but their lists are not, and a caller that changed a
    # shared bank would change it for every later caller.
    return _parse_bank_cached(text, str(path)).model_copy(deep=True)


# A book build shows each bank at several quiz points and on the progress and assessment
# pages: parse each distinct text once per process (callers get copies); a file that changes
# has new text, hence a new entry.
@functools.lru_cache(maxsize=64)
def _parse_bank_cached(text: str, path: str) -> QuizBank:
    return parse_bank(text, path)


# libyaml's parser (when PyYAML has it) is about ten times faster than the pure-Python one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_and_construct(text: str, loader_class) -> tuple:
    """One pass: the node tree (with line numbers) and the data built from it."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def parse_yaml(text: str, path: str, where: str = "(bank)") -> tuple:
    """(node tree, data) of YAML text; a syntax error becomes a located ``QuizValidationError``.
    Shared by every kind of course data file (quiz banks, tabletop scenarios)."""
    try:
        return _compose_and_construct(text, _FAST_LOADER)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError):
        pass  # explained below by the pure-Python parser, whose messages the tests pin down
    try:
        root, data = _compose_and_construct(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"not valid YAML: {exc.problem or exc.context or 'syntax error'}"
        # The context ("while parsing a flow sequence") often starts on an earlier
        # line, which is where the actual typo (an unclosed bracket...) usually is.
        if exc.context and exc.problem and exc.context_mark:
            message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        raise QuizValidationError([Issue(path, line, where, message)]) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError: a control character in the text
        raise QuizValidationError([Issue(path, 1, where, f"not valid YAML: {exc}")]) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:  # odd input PyYAML does not wrap
        raise QuizValidationError([Issue(path, 1, where, f"not valid YAML: {exc}")]) from None
    return root, data


def duplicate_keys(root) -> list[tuple[tuple, int, str]]:
    """(location of the repeated key, its line, message) for every key written twice in one
    mapping. YAML keeps only the last of two equal keys, so a second "prompt:" (or a second
    scenario node of the same name) would silently replace the first. Shared by every kind
    of course data file. The walk is iterative: the tree may be deep, and aliases may make
    it cyclic."""
    found: list[tuple[tuple, int, str]] = []
    stack: list[tuple[yaml.Node, tuple]] = [(root, ())] if root is not None else []
    seen_nodes: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in first:
                        message = f"key '{k.value}' appears twice (first at line {first[k.value]}); YAML keeps only the last"
                        found.append((loc + (k.value,), k.start_mark.line + 1, message))
                    else:
                        first[k.value] = k.start_mark.line + 1
                    stack.append((v, loc + (k.value,)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
    return found


def yaml_line(root, loc: tuple) -> int:
    """Line (1-based) of the YAML element at ``loc``, or of its nearest existing parent.

    For a mapping entry this is the line of its key: for ``options:`` followed by a
    block list, the author looks for the word ``options``, not the first dash.
    """
    node, line = root, root.start_mark.line + 1
    for key in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                    child, line = v, k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            break  # a missing field: the parent's line is the best we have
        node = child
    return line


def parse_bank(text: str, path: str = "<string>") -> QuizBank:
    """Validate quiz-bank YAML text; ``path`` is only used in messages."""
    root, data = parse_yaml(text, path)

    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        if data is None:
            message = "the file is empty; a quiz bank needs the keys: "
        else:
            message = "the file must be a YAML mapping ('key: value' lines) with the keys: "
        message += ", ".join(_HEADER_FIELDS)
        raise QuizValidationError([Issue(path, line, "(bank)", message)])
    return _Validator(path, root, data).run()


def bank_files(paths: list[str | Path]) -> list[Path]:
    """The quiz-bank files named by ``paths``: files as given, folders' ``*.yml``/``*.yaml``."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.suffix in BANK_SUFFIXES and f.is_file()))
        else:
            files.append(p)
    return files


def load_banks(paths: list[str | Path]) -> dict[str, QuizBank]:
    """Load several banks (files or folders of ``*.yml``/``*.yaml``); report all defects together."""
    banks: dict[str, QuizBank] = {}
    first_file: dict[str, Path] = {}
    issues: list[Issue] = []
    for f in bank_files(paths):
        try:
            bank = load_bank(f)
        except QuizValidationError as exc:
            issues.extend(exc.issues)
            continue
        if bank.chapter != f.stem:
            issues.append(Issue(str(f), 1, "(bank)", f"chapter '{bank.chapter}' does not match the file name '{f.stem}'"))
        if bank.chapter in first_file:
            # Two files for one chapter: the second would silently replace the first.
            issues.append(Issue(str(f), 1, "(bank)", f"chapter '{bank.chapter}' is also defined in {first_file[bank.chapter]}"))
            continue
        first_file[bank.chapter] = f
        banks[bank.chapter] = bank
        issues += _ids_used_elsewhere(bank, f, banks)
    if issues:
        raise QuizValidationError(issues)
    return banks


def _ids_used_elsewhere(bank: QuizBank, path: Path, banks: dict[str, QuizBank]) -> list[Issue]:
    """Question ids are the keys of learners' progress and of the final assessment: one id,
    one question, across the whole course."""
    found = []
    owners = {q.id: slug for slug, other in banks.items() if other is not bank for q in other.questions}
    for q in bank.questions:
        if q.id in owners:
            root, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
            index = [x.id for x in bank.questions].index(q.id)
            found.append(Issue(str(path), yaml_line(root, ("questions", index, "id")), q.id,
                               f"question id is also used in bank '{owners[q.id]}'; ids must be unique across the course"))
    return found


class _Validator:
    def __init__(self, path: str, root: yaml.Node, data: dict[Any, Any]):
        self.path, self.root, self.data = path, root, data
        self.issues: list[Issue] = []

    # -- helpers -------------------------------------------------------
    def line_of(self, loc: tuple) -> int:
        return yaml_line(self.root, loc)

    def add(self, loc: tuple, where: str, message: str) -> None:
        self.issues.append(Issue(self.path, self.line_of(loc), where, message))

    def where_of(self, loc: tuple) -> str:
        """The question id (or position) for a location inside ``questions``, else "(bank)"."""
        raw = self.data.get("questions")
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(raw, list) and isinstance(loc[1], int):
            return _question_label(raw[loc[1]], loc[1]) if loc[1] < len(raw) else "(bank)"
        return "(bank)"

    # -- passes --------------------------------------------------------
    def run(self) -> QuizBank:
        self._check_duplicate_keys()
        raw_questions = self.data.get("questions")
        header = {k: v for k, v in self.data.items() if k != "questions"}
        self._check_header(header)
        questions = self._check_questions(raw_questions)
        self._check_bank(raw_questions if isinstance(raw_questions, list) else [], questions)
        if not self.issues:
            try:
                return QuizBank.model_validate(self.data)
            except ValidationError as exc:
                # Should not happen (the passes above check the same things piece by
                # piece) but an author must still get a located message, not a traceback.
                for loc, message in _explain(exc, self.data):
                    self.add(loc, self.where_of(loc), message)
        raise QuizValidationError(self.issues)

    def _check_duplicate_keys(self) -> None:
        for loc, line, message in duplicate_keys(self.root):
            self.issues.append(Issue(self.path, line, self.where_of(loc), message))

    def _check_header(self, header: dict) -> None:
        header = dict(header, questions=[])  # questions are checked one by one below
        try:
            QuizBank.model_validate(header)
        except ValidationError as exc:
            for loc, message in _explain(exc, header):
                if loc[:1] != ("questions",):
                    self.add(loc, "(bank)", message)
        if "questions" not in self.data:
            self.add((), "(bank)", "missing field 'questions'")
        elif not isinstance(self.data["questions"], list) or not self.data["questions"]:
            self.add(("questions",), "(bank)", "'questions' must be a non-empty list of questions")

    def _check_questions(self, raw: Any) -> list:
        if not isinstance(raw, list):
            return []
        valid = []
        for i, item in enumerate(raw):
            qid = _question_label(item, i)
            try:
                question = _QUESTION.validate_python(item)
            except ValidationError as exc:
                for loc, message in _explain(exc, item, tagged=True):
                    self.add(("questions", i, *loc), qid, message)
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
            # An objective nothing assesses cannot be scored (the final assessment would have
            # nothing to deal for it); reported only when every question is otherwise valid.
            if len(questions) == len(raw):
                assessed = {obj for _, q in questions for obj in q.objectives}
                for obj in objectives:
                    if isinstance(obj, str) and obj not in assessed:
                        self.add(("objectives", obj), "(bank)", f"objective '{obj}' is declared but no question assesses it")
        groups = self.data.get("groups")
        for name, members in (groups.items() if isinstance(groups, dict) else []):
            if isinstance(members, list) and not members:
                self.add(("groups", name), "(bank)", f"group '{name}' is empty")
                continue
            for k, qid in enumerate(members if isinstance(members, list) else []):
                # Non-text members are already reported by the header check.
                if isinstance(qid, str) and qid not in seen:
                    self.add(("groups", name, k), "(bank)", f"group '{name}' names missing question '{qid}'")
        # Final-assessment items must be unseen: a question in the reserved group may not
        # also appear in a chapter quiz.
        final = groups.get(FINAL_GROUP) if isinstance(groups, dict) else None
        if isinstance(final, list):
            for name, members in groups.items():
                if name == FINAL_GROUP or not isinstance(members, list):
                    continue
                for k, qid in enumerate(members):
                    if isinstance(qid, str) and qid in final:
                        self.add(("groups", name, k), "(bank)",
                                 f"question '{qid}' is in the final-assessment pool and in group '{name}'; final items must be unseen")


def _question_label(item: Any, index: int) -> str:
    """How a question is named in messages: its id if it has a usable one, else its position."""
    qid = item.get("id") if isinstance(item, dict) else None
    return qid if isinstance(qid, str) and qid.strip() else f"question #{index + 1}"


# -- turning pydantic errors into messages for authors ----------------------------

# Names of pydantic's union members (they appear in error locations) in plain words.
_KIND_WORDS = {"str": "text", "list[str]": "a list of text", "float": "a number", "bool": "true or false", "none": "empty"}


def _explain(exc: ValidationError, data: Any, tagged: bool = False) -> list[tuple[tuple, str]]:
    """Turn a pydantic error into ``(location in data, message)`` pairs.

    Pydantic's locations contain labels that are not YAML keys: the question type of a
    discriminated union (``('single', 'answer')``) and the member of a plain union
    (``('answer', 'list[str]', 0)``). They are removed by walking ``data`` along the
    location. All errors from the members of one union become one message: "'answer'
    must be text or a list of text", not one complaint per member.
    """
    found: list[tuple[tuple, str]] = []
    unions: dict[tuple, tuple[list[str], Any]] = {}  # location -> (member labels, input)
    for err in exc.errors():
        loc = tuple(err["loc"])
        if tagged and loc and isinstance(data, dict) and loc[0] == data.get("type") and loc[0] not in data:
            loc = loc[1:]
        kind = err["type"]
        if kind == "invalid_key":  # a key that is not text, e.g. "1:" or "null:"
            parent = _walk(loc[:-1], data)[0]
            found.append((parent + (loc[-1],), f"field names must be text, got {_show(err['input'])}"))
            continue
        if loc and loc[-1] == "[key]":  # a mapping key with the wrong form
            parent, key = _walk(loc[:-2], data)[0], loc[-2]
            name = f"key {_show(key)} in {_name(parent)}"
            found.append((parent + (key,), _message(kind, parent + (key,), err, name=name)))
            continue
        kept, label_at, label = _walk(loc, data, missing_ok=kind == "missing")
        if kind == "union_tag_invalid" and not kept and isinstance(data, dict) and "type" in data:
            kept = ("type",)  # point at the 'type:' line, not at the start of the question
        if label is None:
            found.append((kept, _message(kind, kept, err)))
            continue
        labels, value = unions.setdefault(label_at, ([], _value_at(label_at, data)))
        if label not in labels:
            labels.append(label)
    for at, (labels, value) in unions.items():
        words = " or ".join(_KIND_WORDS.get(lab.lower(), lab) for lab in labels)
        found.append((at, f"{_name(at)} must be {words}, got {_show(value)}"))
    return found


def _walk(loc: tuple, data: Any, missing_ok: bool = False) -> tuple[tuple, tuple, str | None]:
    """Follow ``loc`` through ``data``; return (real path, path before first label, label)."""
    kept: list = []
    label_at: tuple = ()
    label: str | None = None
    cur = data
    for i, part in enumerate(loc):
        if isinstance(cur, dict) and _has_key(cur, part):
            cur = cur[part]
            kept.append(part)
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
            kept.append(part)
        elif i == len(loc) - 1 and missing_ok:
            kept.append(part)  # the missing field itself: it is the subject of the message
        elif label is None:
            label_at, label = tuple(kept), str(part)
    return tuple(kept), label_at, label


def _has_key(mapping: dict, key: Any) -> bool:
    try:
        return key in mapping
    except TypeError:  # unhashable: cannot be a key
        return False


def _value_at(loc: tuple, data: Any) -> Any:
    for part in loc:
        data = data[part]
    return data


def _name(loc: tuple) -> str:
    """Name a location for a message: 'prompt', item 2 of 'sources', 'text' of options item 1."""
    if not loc:
        return "the value"
    last = loc[-1]
    if isinstance(last, int):
        parent = loc[:-1]
        return f"item {last + 1} of {_name(parent)}" if parent else f"item {last + 1}"
    return f"'{last}'" + _context(loc)


def _context(loc: tuple) -> str:
    """' in options item 2' for a field inside a list item; '' for a top-level field."""
    for j in range(len(loc) - 2, -1, -1):
        if isinstance(loc[j], int) and j >= 1:
            return f" in {loc[j - 1]} item {loc[j] + 1}"
    return ""


def _show(value: Any) -> str:
    """A short, YAML-looking rendering of an author's value for a message."""
    if value is None:
        text = "an empty value"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        # Written back the way the author would type it in YAML: {gge: true}, [a, b].
        try:
            text = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
            text = text.removesuffix("...").strip()
        except (yaml.YAMLError, RecursionError, TypeError, ValueError):
            text = "..."
        if len(text) > 60:
            text = "a mapping" if isinstance(value, dict) else "a list"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(kind: str, loc: tuple, err: dict, name: str | None = None) -> str:
    """Turn one pydantic error (at a location already cleaned by ``_walk``) into a sentence."""
    value = err.get("input")
    field = str(loc[-1]) if loc else "value"
    name = name or _name(loc)
    if kind == "extra_forbidden":
        return f"unknown field '{field}'" + _context(loc)
    if kind == "missing":
        return f"missing field '{field}'" + _context(loc)
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        return f"unknown type '{tag}'; expected one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_not_found":
        return f"missing field 'type' (one of: {', '.join(QUESTION_TYPES)})"
    if kind in ("model_attributes_type", "model_type", "dict_type"):
        what = "a question" if not loc else name
        if kind == "dict_type":
            return f"{what} must be a mapping of 'key: value' lines, got {_show(value)}"
        return f"{what} must be a mapping of fields ('field: value' lines), got {_show(value)}"
    if kind in ("float_parsing", "float_type"):
        hint = " (remove the quotes)" if isinstance(value, str) and _is_number(value) else ""
        return f"{name} must be a number, got {_show(value)}{hint}"
    if kind == "finite_number":
        return f"{name} must be a finite number, got {_show(value)}"
    if kind in ("bool_parsing", "bool_type"):
        quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
        return f"{name} must be true or false, got {_show(value)}" + (" (remove the quotes)" if quoted else "")
    if kind == "string_type":
        # Unquoted 2015 or 1.5 is a number in YAML; the fix is to quote it.
        hint = " (put it in quotes)" if isinstance(value, (int, float)) else ""
        return f"{name} must be text, got {_show(value)}{hint}"
    if kind == "list_type":
        return f"{name} must be a list, got {_show(value)} (write [a, b] or one '- item' per line)"
    if kind == "string_pattern_mismatch":
        return f"{name} must be lower-case letters, digits and hyphens, got {_show(value)}"
    if kind == "string_too_long":
        return f"{name} is too long (at most {err.get('ctx', {}).get('max_length')} characters)"
    if kind in ("too_short", "string_too_short"):
        return f"{name} must not be empty"
    if kind == "recursion_loop":
        return f"{name} refers to itself (a YAML alias inside its own anchor)"
    # Any other pydantic error: keep its message but say where, without the jargon prefix.
    msg = str(err.get("msg", "invalid value"))
    for jargon in ("Input should be ", "Value error, "):
        msg = msg.removeprefix(jargon)
    return f"{name}: {msg}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
