"""The terminology table, ``locale/terminology.csv``: the UN's own French and Spanish names of
its bodies, processes and documents, and the check that translations use them.

A row gives the English term, its French and Spanish names (and short forms such as OEWG,
GTCNL), a status per language and its sources. A name is enforced only in a language where
it is VERIFIED: a TO-CHECK name is a proposal until someone finds it in a UN document. The rule: a translated message
whose English text names a term must name it the table's way (full name or short form).

An English term that the translation keeps as it is (a proper name such as the
"Cybersecurity Tech Accord", a value in code) needs no translation, and a term inside a
longer term of the table (the Security Council inside the African Union's "Peace and
Security Council") is that longer term's business. A term inside a quoted title ("Creation
of a global culture of cybersecurity") follows the title's official translation, which may
word it otherwise. A capitalised term is a name, so "a development programme" is not the
UN "Development Programme".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

TERMINOLOGY = Path("locale") / "terminology.csv"


@dataclass(frozen=True)
class Term:
    id: str
    english: str
    names: tuple[str, ...]     # in the language checked: the name and its short form, if any
    enforced: bool             # VERIFIED in the table for the language checked

    @property
    def pattern(self) -> re.Pattern:
        # Not inside a hyphenated word: "member States" is not in "non-member States".
        # A name (capitalised) matches only as written; a common term in any case.
        flags = 0 if self.english[:1].isupper() else re.IGNORECASE
        return re.compile(r"(?<![\w-])" + re.escape(self.english) + r"(?![\w-])", flags)


def load_terms(root: Path, language: str) -> list[Term]:
    """The table's rows that have a ``language`` name, longest English term first."""
    path = root / TERMINOLOGY
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    terms = [Term(row["id"], row["en"],
                  tuple(n for n in (row[language], row[f"{language}_short"]) if n.strip()),
                  row[f"{language}_status"] == "VERIFIED")
             for row in rows if row.get(language)]
    return sorted(terms, key=lambda t: -len(t.english))


def _plain(text: str) -> str:
    """Compared without case, with one kind of apostrophe and spaces (a catalogue wraps lines)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("\u2019", "'").split())


def _names(name: str, translated: str, plain: str) -> bool:
    if name.isupper():  # a short form (OEWG, ONUDC): as a word, in capitals
        return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", translated) is not None
    return _plain(name) in plain


# A quoted title: "...", “...” or '...' (an apostrophe inside a word does not open one).
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|(?<!\w)\'[^\']+\'(?!\w)')


def terminology_problems(english: str, translated: str, terms: list[Term]) -> list[str]:
    """What ``translated`` (a translation of ``english``) names otherwise than the table."""
    english, translated = " ".join(english.split()), " ".join(translated.split())
    english = QUOTED.sub(lambda m: "\0" * len(m.group()), english)
    plain = _plain(translated)
    problems = []
    for term in terms:  # longest first; a match is blanked so shorter terms inside it are not seen
        found = len(term.pattern.findall(english))
        kept = len(term.pattern.findall(translated))
        english = term.pattern.sub(lambda m: "\0" * len(m.group()), english)
        translated = term.pattern.sub(lambda m: "\0" * len(m.group()), translated)
        if term.enforced and found > kept and not any(_names(name, translated, plain) for name in term.names):
            problems.append(f"'{term.english}' is not translated as the terminology table says: "
                            f"'{term.names[0]}' ({TERMINOLOGY.as_posix()}, {term.id})")
    return problems
