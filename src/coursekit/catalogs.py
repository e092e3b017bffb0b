"""Translation catalogues: the English text of the course as gettext messages (issue 14).

English is the source of truth for structure and answers: ids, keys, scores, objectives,
sources and code live only in the English files. A translation supplies text, and nothing
else, in one gettext catalogue per source file:

    locale/<lang>/LC_MESSAGES/notebooks/history.po      the chapter's prose and code comments
    locale/<lang>/LC_MESSAGES/quizzes/history.po        its quiz bank's text fields
    locale/<lang>/LC_MESSAGES/book/intro.po             a book page
    locale/<lang>/LC_MESSAGES/scenarios/<id>.po         a tabletop scenario
    locale/<lang>/LC_MESSAGES/interface.po              the words of the engine and the book

``update`` extracts every message from the English files and merges it into each
language's catalogues with gettext's rules (Babel's ``Catalog.update``, as ``msgmerge`` and
sphinx-intl do): a changed English paragraph becomes *fuzzy* (its old translation kept for
the translator to revise, and not used), a new one is untranslated, a removed one becomes
obsolete. ``status`` counts translated, fuzzy and missing messages per catalogue.

Messages:
- Markdown (notebook cells, book pages): one message per block, a block being lines
  between blank lines; fenced code stays English and is not a message.
- Code cells: comments (a run of comment lines is one message) and the text shown to
  learners: strings passed to ``print`` and to chart labels and titles.
- YAML (quiz banks, scenarios): every text field, with the field's path as the message
  context (``hist-q3/options/b/feedback``), so the same English text in two fields can be
  translated differently, and so a translation can be put back only where it came from.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import yaml

from .terminology import load_terms, terminology_problems

LANGUAGES = {"fr": "Français", "es": "Español"}
LOCALE_DIR = "locale"

# YAML fields whose values learners read; every other field (ids, answers, levels, sources,
# next nodes) is structure, defined once in the English file.
TEXT_FIELDS = frozenset({"title", "intro", "prompt", "explanation", "text", "feedback", "feedback_if_true",
                         "feedback_if_false", "label", "left", "right", "unit"})
TEXT_LISTS = frozenset({"items", "distractors", "accept"})
# Mappings whose values are text, keyed by an id (a bank's learning objectives).
TEXT_MAPPINGS = frozenset({"objectives"})

# Calls (and keyword arguments) whose string arguments a learner reads in a cell's output.
SHOWN_CALLS = frozenset({"print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate", "Markdown"})
SHOWN_KEYWORDS = frozenset({"label", "title", "xlabel", "ylabel"})

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Message:
    """One English text to translate, where it is, and its context (``None`` for prose)."""

    msgid: str
    path: str       # the English source file, relative to the course root
    line: int       # 1-based line (for a notebook: the cell's number)
    context: str | None = None


def catalog_name(path: str) -> str:
    """``notebooks/history.ipynb`` -> ``notebooks/history``: the catalogue's name."""
    return str(Path(path).with_suffix("").as_posix())


def catalog_path(root: Path, language: str, name: str) -> Path:
    return root / LOCALE_DIR / language / "LC_MESSAGES" / f"{name}.po"


# --- Markdown -------------------------------------------------------------------------


def markdown_chunks(text: str) -> list[tuple[int, str, bool]]:
    """Split Markdown into (first line, chunk, translatable) covering the text exactly:
    ``"".join(chunk for ...) == text``. A translatable chunk is a block of non-blank lines
    (without its final newline); blank lines and fenced code are kept as they are. A MyST
    directive's fences (```{note} ... ```) are markup inside blocks, not code."""
    lines = text.splitlines(keepends=True)
    chunks: list[tuple[int, str, bool]] = []
    directives: list[str] = []  # markers of the directive fences open here

    def code_fence(line: str) -> str | None:
        """The marker of a code fence opened by ``line``; directive fences are tracked."""
        fence = _FENCE.match(line)
        if not fence:
            return None
        marker, info = fence.group(1), fence.group(2).strip()
        if info.startswith("{"):
            directives.append(marker)
        elif not info and directives and marker == directives[-1]:
            directives.pop()
        else:
            return marker
        return None

    i = 0
    while i < len(lines):
        if not lines[i].strip():
            chunks.append((i + 1, lines[i], False))
            i += 1
            continue
        marker = code_fence(lines[i])
        if marker:  # fenced code stays English, up to its closing fence
            end = i + 1
            while end < len(lines) and lines[end].strip() != marker:
                end += 1
            chunks.append((i + 1, "".join(lines[i:end + 1]), False))
            i = end + 1
            continue
        end = i
        while end + 1 < len(lines) and lines[end + 1].strip():
            fence = _FENCE.match(lines[end + 1])
            if fence and not fence.group(2).strip().startswith("{") and not (
                    not fence.group(2).strip() and directives and fence.group(1) == directives[-1]):
                break  # a code fence starts a chunk of its own
            if fence:
                code_fence(lines[end + 1])
            end += 1
        block = "".join(lines[i:end + 1])
        body = block.rstrip("\n")
        chunks.append((i + 1, body, _has_words(body)))
        if len(block) > len(body):
            chunks.append((end + 1, block[len(body):], False))
        i = end + 1
    return chunks


def _has_words(block: str) -> bool:
    """False for blocks of markup only: a directive's fences, a label ``(name)=``."""
    prose = re.sub(r"^\s*(```+|:::+)\s*(\{[^}]*\})?\s*$", "", block, flags=re.M)
    prose = re.sub(r"^\s*\([\w-]+\)=\s*$", "", prose, flags=re.M)
    return bool(re.search(r"[^\W\d_]{2,}", prose))


def translate_markdown(text: str, lookup) -> str:
    """``text`` with each translatable block replaced by ``lookup(block)`` (or kept)."""
    return "".join(lookup(chunk) or chunk if translatable else chunk
                   for _, chunk, translatable in markdown_chunks(text))


# --- Code -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeText:
    """A piece of a code cell that learners read: a comment block or a shown string."""

    start: tuple[int, int]   # (line, column) of the first character to replace, 1-based line
    end: tuple[int, int]     # (line, column) just after the last one
    msgid: str
    kind: str                # "comment" or "string"
    indent: str = ""


def code_texts(source: str) -> list[CodeText]:
    """The comments (a run of whole-line comments at one indent is one message) and the
    strings passed to ``SHOWN_CALLS`` or ``SHOWN_KEYWORDS``, in source order."""
    found = _comment_texts(source) + _string_texts(source)
    return sorted(found, key=lambda t: t.start)


def _comment_texts(source: str) -> list[CodeText]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    lines = source.splitlines()
    found: list[CodeText] = []
    run: list[tokenize.TokenInfo] = []

    def flush():
        if run:
            text = "\n".join(re.sub(r"^#\s?", "", t.string) for t in run)
            if _has_words(text):
                found.append(CodeText(run[0].start, run[-1].end, text, "comment", " " * run[0].start[1]))
            run.clear()

    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                flush()
            continue
        whole_line = not lines[tok.start[0] - 1][:tok.start[1]].strip()
        follows = run and whole_line and tok.start[0] == run[-1].end[0] + 1 and tok.start[1] == run[-1].start[1]
        if not follows:
            flush()
        run.append(tok)
        if not whole_line:
            flush()  # a comment after code stands alone
    flush()
    return found


def _string_texts(source: str) -> list[CodeText]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found: list[CodeText] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        shown = list(node.args) if name in SHOWN_CALLS else []
        shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        for value in shown:
            text = _literal(source, value)
            if text is not None and _has_words(re.sub(r"\{[^{}]*\}", "", text[2])):  # not placeholders only
                found.append(CodeText(text[0], text[1], text[2], "string"))
    return found


def _literal(source: str, node: ast.AST) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """(start, end, text) of the inside of a one-line string or f-string literal."""
    if not isinstance(node, (ast.Constant, ast.JoinedStr)) or node.lineno != node.end_lineno:
        return None
    if isinstance(node, ast.Constant) and not isinstance(node.value, str):
        return None
    line = source.splitlines()[node.lineno - 1].encode("utf-8")
    literal = line[node.col_offset:node.end_col_offset].decode("utf-8")
    match = re.fullmatch(r"([rRfFbBuU]{0,2})('''|\"\"\"|'|\")(.*)\2", literal, flags=re.S)
    if not match or "b" in match.group(1).lower():
        return None
    start_col = len(line[:node.col_offset].decode("utf-8")) + len(match.group(1)) + len(match.group(2))
    return (node.lineno, start_col), (node.lineno, start_col + len(match.group(3))), match.group(3)


def translate_code(source: str, lookup) -> str:
    """``source`` with each comment and shown string replaced by its translation, if any.
    A translated comment keeps the English comment's indent, one ``#`` line per line."""
    lines = source.splitlines(keepends=True)
    for text in sorted(code_texts(source), key=lambda t: t.start, reverse=True):
        translated = lookup(text.msgid)
        if not translated:
            continue
        if text.kind == "comment":
            translated = ("\n" + text.indent).join("# " + part if part else "#" for part in translated.split("\n"))
        (l1, c1), (l2, c2) = text.start, text.end
        first, last = lines[l1 - 1], lines[l2 - 1]
        lines[l1 - 1:l2] = [first[:c1] + translated + last[c2:]]
    return "".join(lines)


# --- YAML -----------------------------------------------------------------------------


def walk_text_fields(data, visit, path: tuple = ()) -> None:
    """Call ``visit(container, key, text, field path)`` for every text field of a bank or
    scenario (as loaded from YAML), so the caller may read or replace it. A list element
    with an ``id`` is named by its id (``options/b/text``), so reordering options moves
    nothing."""
    if isinstance(data, dict):
        for key, value in list(data.items()):
            if key in TEXT_FIELDS and isinstance(value, str):
                visit(data, key, value, path + (key,))
            elif key in TEXT_LISTS and isinstance(value, list):
                for k, item in enumerate(list(value)):
                    if isinstance(item, str):
                        visit(value, k, item, path + (key, k))
            elif key in TEXT_MAPPINGS and isinstance(value, dict):
                for k, item in list(value.items()):
                    if isinstance(item, str):
                        visit(value, k, item, path + (key, k))
            elif isinstance(value, (dict, list)):
                walk_text_fields(value, visit, path + (key,))
    elif isinstance(data, list):
        for k, item in enumerate(data):
            name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else k
            walk_text_fields(item, visit, path + (name,))


def yaml_texts(data) -> list[tuple[tuple, str]]:
    """(field path, text) of every text field in a bank or scenario."""
    found: list[tuple[tuple, str]] = []
    walk_text_fields(data, lambda container, key, text, path: found.append((path, text)))
    return found


def field_context(path: tuple) -> str:
    """The message context of a YAML field: ``questions/hist-q3/prompt`` -> ``hist-q3/prompt``
    (questions, choices and scenario nodes are named by their ids, which are unique)."""
    parts = [str(p) for p in path]
    if len(parts) > 1 and parts[0] in ("questions", "nodes"):
        parts = parts[1:]
    return "/".join(parts)


# --- Extraction -----------------------------------------------------------------------


def source_files(root: Path) -> list[str]:
    """Every English file with learner text, relative to ``root``, in a stable order."""
    patterns = ("notebooks/*.ipynb", "assessment/*.ipynb", "book/*.md", "quizzes/*.yml", "scenarios/*.yml")
    return [p.relative_to(root).as_posix() for pattern in patterns for p in sorted(root.glob(pattern))]


def extract(root: Path, relpath: str) -> list[Message]:
    """The messages of one English file, in reading order."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    if relpath.endswith(".ipynb"):
        return _notebook_messages(relpath, json.loads(text))
    if relpath.endswith(".md"):
        return [Message(chunk, relpath, line) for line, chunk, ok in markdown_chunks(text) if ok]
    if relpath.endswith(".yml"):
        lines = _yaml_lines(text)
        return [Message(value, relpath, lines.get(field, 1), field_context(field))
                for field, value in yaml_texts(yaml.safe_load(text)) if value.strip()]
    raise ValueError(f"{relpath}: no messages are extracted from this kind of file")


def _notebook_messages(relpath: str, notebook: dict) -> list[Message]:
    found: list[Message] = []
    for number, cell in enumerate(notebook["cells"], start=1):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            found += [Message(chunk, relpath, number) for _, chunk, ok in markdown_chunks(source) if ok]
        elif cell["cell_type"] == "code":
            found += [Message(t.msgid, relpath, number) for t in code_texts(source)]
    return found


def _yaml_lines(text: str) -> dict[tuple, int]:
    """Line of every text field, by the same field paths as ``yaml_texts``."""
    lines: dict[tuple, int] = {}

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[path + (key.value,)] = key.start_mark.line + 1
                if isinstance(value, yaml.MappingNode) and key.value in TEXT_MAPPINGS:
                    for k, v in value.value:
                        lines[path + (key.value, k.value)] = k.start_mark.line + 1
                walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for k, item in enumerate(node.value):
                name = k
                if isinstance(item, yaml.MappingNode):
                    name = next((v.value for key, v in item.value if key.value == "id" and isinstance(v, yaml.ScalarNode)), k)
                lines[path + (name,)] = item.start_mark.line + 1
                walk(item, path + (name,))

    walk(yaml.compose(text), ())
    return lines


# --- The interface: the engine's and the book's own words ------------------------------


def interface_words() -> dict[str, str]:
    """Every word table of the engine, flattened: ``quiz/check`` -> ``Check``. The message
    context is the key, so two tables may hold the same English word in different roles."""
    from . import assessment, explorers, i18n, sphinx_offline, tabletop

    tables = {"quiz": i18n.STRINGS, "explorers": explorers.WORDS, "tabletop": tabletop.WORDS,
              "assessment": assessment.WORDS, "offline": sphinx_offline.WORDS}
    words: dict[str, str] = {}

    def flatten(prefix: str, table: dict) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                flatten(f"{prefix}/{key}", value)
            else:
                words[f"{prefix}/{key}"] = value

    for name, table in tables.items():
        flatten(name, table)
    return words


def book_words(root: Path) -> list[Message]:
    """The book's title and footer (_config.yml) and part captions (_toc.yml)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [Message(config["title"], "_config.yml", 1, "book/title"),
             Message(config["html"]["extra_footer"], "_config.yml", 1, "book/footer")]
    found += [Message(part["caption"], "_toc.yml", 1, f"book/caption/{k}") for k, part in enumerate(toc["parts"])]
    return found


def interface_messages(root: Path) -> list[Message]:
    words = [Message(text, "src/coursekit", 1, context) for context, text in interface_words().items()]
    return words + book_words(root)


# --- Catalogues -------------------------------------------------------------------------


def english_catalogs(root: Path) -> dict[str, list[Message]]:
    """Catalogue name -> its English messages, for every file with learner text."""
    catalogs = {catalog_name(path): extract(root, path) for path in source_files(root)}
    catalogs.update(table_messages(root))
    catalogs["interface"] = interface_messages(root)
    return catalogs


# A data table in a page: ```{coursekit-table} data/x.csv followed by its option lines.
_TABLE = re.compile(r"^```\{coursekit-table\}[ \t]+(\S+)[ \t]*\n((?::[\w-]+:.*\n)*)", re.M)


def shown_tables(root: Path) -> dict[str, set[str]]:
    """Data file -> the columns that book pages show as text to translate (their
    ``:translate:`` option): a date, a symbol or a status tag is not listed, and stays."""
    found: dict[str, set[str]] = {}
    for page in sorted((root / "book").glob("*.md")):
        for match in _TABLE.finditer(page.read_text(encoding="utf-8")):
            options = dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", match.group(2), re.M))
            columns = {c.strip() for c in options.get("translate", "").split(",") if c.strip()}
            if columns:
                found.setdefault(match.group(1), set()).update(columns)
    return found


def table_messages(root: Path) -> dict[str, list[Message]]:
    """One catalogue per data file shown in a table (``data/timeline``): a message per
    distinct text of a translated column, the column as its context. The file keeps one
    set of values; each language supplies how its table shows them."""
    import csv

    catalogs: dict[str, list[Message]] = {}
    for relpath, columns in shown_tables(root).items():
        if not (root / relpath).is_file():  # the book build names the page and the missing file
            continue
        with (root / relpath).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            messages = [Message(row[column], relpath, reader.line_num, column)
                        for row in reader for column in sorted(columns) if (row.get(column) or "").strip()]
        catalogs[catalog_name(relpath)] = messages
    return catalogs


def _template(messages: list[Message]):
    from babel.messages.catalog import Catalog

    template = Catalog(project="The UN and Cybersecurity", fuzzy=False)
    for m in messages:
        existing = template.get(m.msgid, context=m.context)
        if existing is not None:  # the same paragraph twice: one message, two places
            existing.locations.append((m.path, m.line))
        else:
            template.add(m.msgid, locations=[(m.path, m.line)], context=m.context)
    return template


def read_catalog(path: Path, language: str):
    """A catalogue as Babel reads it, plus the previous English text of fuzzy entries
    (``#| msgid``), which Babel writes but does not read back."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import PoFileParser, denormalize

    class Parser(PoFileParser):
        previous: list[str] = []

        def _process_comment(self, line) -> None:
            if not line.startswith("#|"):
                return super()._process_comment(line)
            self._finish_current_message()
            rest = line[2:].strip()
            if rest.startswith("msgid "):
                self.previous = [rest[len("msgid "):]]
            elif rest.startswith('"') and self.previous:
                self.previous.append(rest)

        def _add_message(self) -> None:
            msgid = self.messages[0].denormalize()
            context = self.context.denormalize() if self.context else None
            previous, self.previous = self.previous, []
            super()._add_message()
            message = self.catalog.get(msgid, context=context)
            if previous and message is not None:
                message.previous_id = [denormalize("\n".join(previous))]

    catalog = Catalog(locale=language)
    with path.open("rb") as handle:
        Parser(catalog, abort_invalid=True).parse(handle)
    return catalog


def write_catalog(path: Path, catalog) -> None:
    """Write whole or not at all: a half-written catalogue would lose translations."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, sort_output=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".po.tmp")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(path)


def _new_catalog(language: str):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=language, project="The UN and Cybersecurity", version="1", fuzzy=False,
                      copyright_holder="The course authors", msgid_bugs_address="the course's issue tracker",
                      language_team=LANGUAGES[language], last_translator="the course's translators")
    catalog.header_comment = (f"# {LANGUAGES[language]}: translation of the course text (see TRANSLATING.md).\n"
                              "# Course text CC BY 4.0.")
    return catalog


def update(root: Path, languages=tuple(LANGUAGES)) -> dict[str, list[str]]:
    """Merge the English messages into every language's catalogues (creating missing ones).
    Returns language -> the catalogues written."""
    written: dict[str, list[str]] = {}
    for name, messages in english_catalogs(root).items():
        template = _template(messages)
        for language in languages:
            path = catalog_path(root, language, name)
            if path.is_file():
                catalog = read_catalog(path, language)
            else:
                catalog = _new_catalog(language)
            # No dates in the header: they would change every catalogue at every update.
            previous = {(m.id, m.context): m.previous_id for m in catalog if m.previous_id}
            catalog.update(template, update_header_comment=False, update_creation_date=False)
            for message in catalog:  # a message still fuzzy keeps the English it was translated from
                if message.fuzzy and not message.previous_id:
                    message.previous_id = previous.get((message.id, message.context), [])
            catalog.obsolete.clear()  # the old text stays in git; fuzzy entries keep "previous"
            write_catalog(path, catalog)
            written.setdefault(language, []).append(name)
    return written


@dataclass(frozen=True)
class Status:
    language: str
    catalog: str
    translated: int
    fuzzy: int
    missing: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def status(root: Path, languages=tuple(LANGUAGES)) -> list[Status]:
    """Translated, fuzzy and missing messages of every catalogue, against the English files
    as they are now (a catalogue not updated since an English edit counts the new text as
    missing, never as translated)."""
    found: list[Status] = []
    for name, messages in english_catalogs(root).items():
        wanted = {(m.msgid, m.context) for m in messages}
        for language in languages:
            path = catalog_path(root, language, name)
            entries = {}
            if path.is_file():
                entries = {(m.id, m.context): m for m in read_catalog(path, language) if m.id}
            translated = fuzzy = 0
            for key in wanted:
                entry = entries.get(key)
                if entry is not None and entry.string and entry.fuzzy:
                    fuzzy += 1
                elif entry is not None and entry.string:
                    translated += 1
            found.append(Status(language, name, translated, fuzzy, len(wanted) - translated - fuzzy))
    return found


def report(rows: list[Status]) -> str:
    lines = [f"{'language':8} {'catalogue':40} {'translated':>10} {'fuzzy':>6} {'missing':>8} {'done':>6}"]
    for r in rows:
        lines.append(f"{r.language:8} {r.catalog:40} {r.translated:10} {r.fuzzy:6} {r.missing:8} {r.percent:5.1f}%")
    for language in sorted({r.language for r in rows}):
        mine = [r for r in rows if r.language == language]
        total = sum(r.total for r in mine)
        done = sum(r.translated for r in mine)
        lines.append(f"{language:8} {'(all)':40} {done:10} {sum(r.fuzzy for r in mine):6} "
                     f"{sum(r.missing for r in mine):8} {100.0 * done / total if total else 100.0:5.1f}%")
    return "\n".join(lines)


# --- Checking translations ------------------------------------------------------------

_ROLE = re.compile(r"\{(cite|cite:[a-z]+|term|ref|doc|numref)\}`([^`]*)`")
_CODE_SPAN = re.compile(r"(?<![`{])`([^`\n]+)`(?!`)")
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][\w.]*(?:![rsa])?(?::[^{}]*)?)\}(?!\})")
_SYMBOL = re.compile(r"\b(?:A|S|E|ST|CTOC|UNODC|E/CN\.15)/[A-Za-z0-9./-]*[A-Za-z0-9]|\bC\.N\.[\w.-]+\w")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_MARKUP_LINE = re.compile(r"^\s*((?:```+|:::+)\s*(?:\{[^}]*\})?|\([\w-]+\)=|:[\w-]+:.*)\s*$", re.M)
# A directive option that is text for the reader (a table's caption and column headers, an
# image's alt text): the option stays, its value is translated.
_TEXT_OPTION = re.compile(r"^(:(?:caption|headers|alt):).*$")
_NUMBER = re.compile(r"\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d+)?")


def _numbers(text: str) -> set[str]:
    """The numbers of a text without their separators: "6,618", "6 618" and "6.618" are one
    number in English, French and Spanish; "3.5" and "3,5" too."""
    without_roles = _ROLE.sub("", _CODE_SPAN.sub("", text))
    return {re.sub(r"\D", "", n) for n in _NUMBER.findall(without_roles)}


def translation_problems(msgid: str, msgstr: str) -> list[str]:
    """What a translation must keep from its English: citations, code, placeholders,
    document symbols, link targets, directive lines, numbers, the heading level."""
    problems: list[str] = []

    def keep(what: str, english: list[str], translated: list[str], as_set: bool = False) -> None:
        a, b = (set(english), set(translated)) if as_set else (sorted(english), sorted(translated))
        if a != b:
            lost = sorted(set(english) - set(translated))
            added = sorted(set(translated) - set(english))
            detail = "; ".join(part for part in (f"missing {', '.join(lost)}" if lost else "",
                                                 f"not in the English: {', '.join(added)}" if added else "") if part)
            problems.append(f"{what} differ from the English ({detail or 'not the same number of them'})")

    cites = lambda text: [f"{{{r}}}`{t}`" for r, t in _ROLE.findall(text) if r != "term"]
    keep("citations and references", cites(msgid), cites(msgstr))
    if len(re.findall(r"\{term\}`", msgid)) != len(re.findall(r"\{term\}`", msgstr)):
        problems.append("the number of {term} roles differs from the English")
    keep("code spans", _CODE_SPAN.findall(_ROLE.sub("", msgid)), _CODE_SPAN.findall(_ROLE.sub("", msgstr)), as_set=True)
    keep("placeholders", _PLACEHOLDER.findall(msgid), _PLACEHOLDER.findall(msgstr), as_set=True)
    keep("document symbols", _SYMBOL.findall(msgid), _SYMBOL.findall(msgstr), as_set=True)
    keep("link targets", _LINK_TARGET.findall(msgid), _LINK_TARGET.findall(msgstr))
    markup = lambda text: [_TEXT_OPTION.sub(r"\1 …", m.strip()) for m in _MARKUP_LINE.findall(text)]
    keep("directive and label lines", markup(msgid), markup(msgstr))
    keep("numbers", sorted(_numbers(msgid)), sorted(_numbers(msgstr)), as_set=True)
    heading = lambda text: re.match(r"#*", text).group(0)
    if heading(msgid) != heading(msgstr):
        problems.append(f"heading level differs from the English ({heading(msgid) or 'no heading'})")
    return problems


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.message}"


def check(root: Path, languages=tuple(LANGUAGES), complete: bool = False) -> list[Problem]:
    """Every problem of the catalogues, as ``path:line: context: message``: a translation
    that drops what it must keep or names a UN body otherwise than the terminology table,
    an entry for a text the English file does not have
    (extra), and with ``complete`` every English text with no usable translation (missing
    or fuzzy)."""
    found: list[Problem] = []
    for name, messages in english_catalogs(root).items():
        wanted = {(m.msgid, m.context): m for m in messages}
        for language in languages:
            path = catalog_path(root, language, name)
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            if not path.is_file():
                if complete:
                    found.append(Problem(shown, 1, name, "no catalogue: run `make translations`"))
                continue
            catalog = read_catalog(path, language)
            terms = glossary_terms(root, language)
            names = load_terms(root, language)
            for entry in catalog:
                if not entry.id:
                    continue
                where = entry.context or _first_words(entry.id)
                if (entry.id, entry.context) not in wanted:
                    found.append(Problem(shown, entry.lineno, where, "extra: the English file has no such text "
                                                                     "(run `make translations`)"))
                elif entry.string and not entry.fuzzy:
                    found += [Problem(shown, entry.lineno, where, p) for p in translation_problems(entry.id, entry.string)]
                    if "/accept/" not in where:  # a typed answer may be any spelling a learner uses
                        found += [Problem(shown, entry.lineno, where, p)
                                  for p in terminology_problems(entry.id, entry.string, names)]
                    found += [Problem(shown, entry.lineno, where, f"{{term}} links to '{target}', which is not a "
                                                                  f"{language} glossary term (locale/glossary-terms.csv)")
                              for target in _term_targets(entry.string) if terms and target.casefold() not in terms]
            if complete:
                held = {(m.id, m.context): m for m in catalog if m.id}
                for key, message in wanted.items():
                    entry = held.get(key)
                    if entry is None or not entry.string or entry.fuzzy:
                        state = "fuzzy (revise it)" if entry is not None and entry.fuzzy and entry.string else "missing"
                        found.append(Problem(shown, entry.lineno if entry else 1, message.context or _first_words(message.msgid),
                                             f"translation {state}"))
    return found


def glossary_terms(root: Path, language: str) -> set[str]:
    """The glossary's term names in ``language`` (casefolded), which {term} roles link to."""
    import csv

    path = root / LOCALE_DIR / "glossary-terms.csv"
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[language].casefold() for row in csv.DictReader(handle) if row.get(language)}


def _term_targets(text: str) -> list[str]:
    """The glossary entry each {term} role links to: ``{term}`text <entry>``` or ``{term}`entry```."""
    return [(explicit or plain).strip() for explicit, plain in
            re.findall(r"\{term\}`(?:[^`<]*<([^>`]+)>|([^`<]+))`", text)]


def _first_words(text: str) -> str:
    words = " ".join(text.split()[:6])
    return f'"{words}…"' if len(text.split()) > 6 else f'"{words}"'
