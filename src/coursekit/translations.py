"""Put translations back into the course's data: a quiz bank in French or Spanish.

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
from pathlib import Path

from .catalogs import catalog_path, field_context, read_catalog, walk_text_fields
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
    entries = catalog_translations(path, language)
    if not entries:
        return bank
    data = bank.model_dump()
    used: dict[str, int] = {}  # question id -> a line of its entries, for the report

    def replace(container, key, english: str, field: tuple) -> None:
        hit = entries.get((english, field_context(field)))
        if hit is None:
            return
        text, line = hit
        used.setdefault(str(field[1]) if field[0] == "questions" else "(bank)", line)
        if field[-2] == "accept":
            container.append(text)  # accepted as well as the English answers
        else:
            container[key] = text

    walk_text_fields(data, replace)
    translated = QuizBank.model_validate(data)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    issues = [Issue(shown, used.get(q.id, 1), q.id, f"in this translation: {message}")
              for q in translated.questions for _, message in q.problems()]
    if issues:
        raise QuizValidationError(issues)
    return translated
