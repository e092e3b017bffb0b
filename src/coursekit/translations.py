"""Put translations back into the course: quiz banks, notebooks and pages in French or Spanish.

The English bank is loaded and validated first, so ids, answers, scores, objectives and
sources come from it alone. Its text fields are then replaced by the catalogue's
translations (``locale/<lang>/LC_MESSAGES/quizzes/<chapter>.po``; see catalogs.py), field by
field, where a translation exists and is not fuzzy: an untranslated field stays English.
A translation therefore cannot change which answer is correct. Typed answers are the one
place where a language adds something: its accepted answers are accepted as well as the
English ones, so an English answer is never marked wrong.

The translated bank is checked again with the same rules (two matching items or ordering
items that a translation made identical would make the question ungradable); a problem is
reported at the catalogue's line: ``path:line: question-id: message``.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from pathlib import Path

import yaml

from .catalogs import (catalog_name, catalog_path, field_context, read_catalog, source_files, translate_code,
                       translate_markdown, walk_text_fields)
from .i18n import ENGLISH
from .loader import Issue, QuizValidationError, load_bank
from .model import QuizBank

# A field path -> (translation, line of the catalogue entry).
Translations = dict[tuple[str, str | None], tuple[str, int]]


def catalog_translations(path: Path, language: str) -> Translations:
    """The usable translations of one catalogue: translated and not fuzzy. Cached by the
    file's modification time, so an edited catalogue is read again."""
    if not path.is_file():
        return {}
    return _read(path, language, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=128)
def _read(path: Path, language: str, mtime: int) -> Translations:
    return {(m.id, m.context): (m.string, m.lineno) for m in read_catalog(path, language)
            if m.id and m.string and not m.fuzzy}


def interface_translations(language: str, root: Path | None = None) -> dict[str, str]:
    """Context (``quiz/check``) -> translated word, from the interface catalogue; empty if
    the course folder or the catalogue cannot be found (the engine then speaks English)."""
    from .paths import CourseNotFoundError, course_root

    try:
        root = root or course_root()
    except CourseNotFoundError:
        return {}
    entries = catalog_translations(catalog_path(root, language, "interface"), language)
    return {context: text for (_, context), (text, _) in entries.items() if context}


def load_translated_bank(path: Path, language: str, root: Path) -> QuizBank:
    """The bank at ``path`` in ``language`` (English as is)."""
    bank = load_bank(path)
    return bank if language == ENGLISH else translate_bank(bank, language, root)


def translate_bank(bank: QuizBank, language: str, root: Path) -> QuizBank:
    """``bank`` with its text in ``language`` where translated (see the module's doc)."""
    path = catalog_path(root, language, f"quizzes/{bank.chapter}")
    data, lines = _translated_data(bank, path, language)
    if data is None:
        return bank
    translated = QuizBank.model_validate(data)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    issues = [Issue(shown, lines.get(q.id, 1), q.id, f"in this translation: {message}")
              for q in translated.questions for _, message in q.problems()]
    if issues:
        raise QuizValidationError(issues)
    return translated


def load_translated_scenario(path: Path, language: str, root: Path):
    """The tabletop scenario at ``path`` in ``language`` (English as is): its narrative,
    choices and feedback from ``scenarios/<id>.po``; its graph from the English file."""
    from .tabletop import Scenario, load_scenario

    scenario = load_scenario(path)
    if language == ENGLISH:
        return scenario
    data, _ = _translated_data(scenario, catalog_path(root, language, f"scenarios/{scenario.id}"), language)
    return scenario if data is None else Scenario.model_validate(data)


def _translated_data(model, path: Path, language: str) -> tuple[dict | None, dict[str, int]]:
    """The model's data with every translated text field replaced (typed answers added to),
    and a catalogue line per question or node that was translated; ``None`` if nothing is."""
    entries = catalog_translations(path, language)
    if not entries:
        return None, {}
    data = model.model_dump()
    lines: dict[str, int] = {}

    def replace(container, key, english: str, field: tuple) -> None:
        hit = entries.get((english, field_context(field)))
        if hit is None:
            return
        text, line = hit
        lines.setdefault(str(field[1]) if field[0] in ("questions", "nodes") else "(file)", line)
        if isinstance(container, list) and field[-2] == "accept":  # a typed answer, not an option named "accept"
            container.append(text)  # accepted as well as the English answers
        else:
            container[key] = text

    walk_text_fields(data, replace)
    return data, lines


# --- Translated notebooks and pages --------------------------------------------------------

# The cell after a translated notebook's title: the engine follows the notebook's language.
_LANGUAGE_CELL = {
    "fr": "# Ce carnet est en français : les quiz et les activités aussi.\n"
          "from coursekit import use_language\nuse_language(\"fr\")",
    "es": "# Este cuaderno está en español: los cuestionarios y las actividades también.\n"
          "from coursekit import use_language\nuse_language(\"es\")",
}


def prose_translations(root: Path, language: str, relpath: str) -> dict[str, str]:
    """English block -> its translation, for one notebook or page (translated, not fuzzy)."""
    path = catalog_path(root, language, catalog_name(relpath))
    return {msgid: text for (msgid, context), (text, _) in catalog_translations(path, language).items() if not context}


def translate_notebook(root: Path, relpath: str, language: str, previous: dict | None = None) -> dict:
    """The notebook at ``relpath`` in ``language``: its Markdown, code comments and shown
    strings translated where the catalogue has them, and a code cell after the title that
    switches the engine to the language. Code is otherwise the English code. A cell whose source is the
    same as in ``previous`` (the translated notebook as it was) keeps its outputs."""
    notebook = json.loads((root / relpath).read_text(encoding="utf-8"))
    lookup = prose_translations(root, language, relpath).get
    old = {"".join(c["source"]): c for c in (previous or {}).get("cells", [])}
    # After the title cell; the book hides it (remove-cell), JupyterLab shows it.
    ran = old.get(_LANGUAGE_CELL[language], {})  # it shows nothing, but keeps its execution count
    language_cell = {"cell_type": "code", "execution_count": ran.get("execution_count"), "id": "language",
                     "metadata": {"tags": ["remove-cell"]}, "outputs": [], "source": _LANGUAGE_CELL[language]}
    cells = []
    for number, cell in enumerate(notebook["cells"]):
        if number == 1:
            cells.append(language_cell)
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            cell = {**cell, "source": _outside_links(root, relpath, translate_markdown(source, lookup))}
        elif cell["cell_type"] == "code":
            translated = translate_code(source, lookup)
            kept = old.get(translated)
            cell = {**cell, "source": translated, "outputs": kept["outputs"] if kept else [],
                    "execution_count": kept.get("execution_count") if kept else None}
        cells.append(cell)
    for cell in cells:  # stored as nbformat does: a list of lines
        cell["source"] = cell["source"].splitlines(keepends=True)
    metadata = {**notebook["metadata"], "coursekit": {"language": language, "translated_from": relpath}}
    return {**notebook, "cells": cells, "metadata": metadata}


def translate_page(root: Path, relpath: str, language: str) -> str:
    text = (root / relpath).read_text(encoding="utf-8")
    return _outside_links(root, relpath, translate_markdown(text, prose_translations(root, language, relpath).get))


_RELATIVE_TARGET = re.compile(r"(\]\()(\.\./[^)\s#]+)")


def _outside_links(root: Path, relpath: str, text: str) -> str:
    """A translated file sits one folder deeper (fr/notebooks/): a relative link to a file
    that has no translated copy (a figure, a data file) gets one more ``../``; links to
    translated pages and notebooks stay as they are, and lead to the translated copy."""
    translated = {p for p in source_files(root) if p.endswith((".ipynb", ".md"))}
    folder = posixpath.dirname(relpath)

    def relink(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(2)))
        return match.group(0) if target in translated else match.group(1) + "../" + match.group(2)

    return _RELATIVE_TARGET.sub(relink, text)


def write_sources(root: Path, language: str) -> list[Path]:
    """Write the ``language`` edition's notebooks and pages under ``root/<language>/``,
    mirroring the English folders. Returns the files that changed. A file is written
    whole or not at all."""
    changed: list[Path] = []
    for target, text in translated_sources(root, language).items():
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + ".tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(target)
            changed.append(target)
    return changed


def translated_sources(root: Path, language: str) -> dict[Path, str]:
    """What ``write_sources`` writes: each file under ``root/<language>/`` and its text (a
    notebook keeps the stored outputs of the cells that did not change)."""
    texts = {}
    for relpath in ["_toc.yml"] + [p for p in source_files(root) if p.endswith((".ipynb", ".md"))]:
        target = root / language / relpath
        if relpath == "_toc.yml":
            texts[target] = translated_toc(root, language)
        elif relpath.endswith(".ipynb"):
            previous = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else None
            texts[target] = json.dumps(translate_notebook(root, relpath, language, previous), indent=1, sort_keys=True,
                                      ensure_ascii=False) + "\n"  # as nbformat writes it
        else:
            texts[target] = translate_page(root, relpath, language)
    return texts


def translated_toc(root: Path, language: str) -> str:
    """_toc.yml with the part captions in ``language`` (the files are the same)."""
    words = interface_translations(language, root)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for k, part in enumerate(toc["parts"]):
        part["caption"] = words.get(f"book/caption/{k}", part["caption"])
    return ("# Written by `coursekit translations` from _toc.yml and the interface catalogue: do not edit.\n"
            + yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))


def edition_overlay(root: Path, language: str, base: dict) -> dict:
    """What the ``language`` edition's configuration changes in _config.yml."""
    words = interface_translations(language, root)
    html = {"extra_footer": words.get("book/footer", base["html"]["extra_footer"])}
    if base["html"].get("favicon"):  # a path in the English source folder, one level up
        html["favicon"] = f"../{base['html']['favicon']}"
    return {"title": words.get("book/title", base["title"]), "html": html,
            "bibtex_bibfiles": [f"../{name}" for name in base.get("bibtex_bibfiles", [])],
            "sphinx": {"config": {"language": language}}}
