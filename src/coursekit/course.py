"""The course's structure as files: the table of contents, chapter notebooks, quiz references.

Used by the content-integrity tests (and later by exports and agendas) so that the rules
about how a course is laid out are written once.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
_OBJECTIVE = re.compile(r"^- `([a-z0-9-]+)`: (.+)$", re.MULTILINE)
# The chapter anatomy's time line, e.g. "**Time:** about 55 minutes self-paced; about 100 minutes in a workshop."
_TIME = re.compile(r"\*\*Time:\*\* about (\d+) minutes self-paced; about (\d+) minutes in a workshop")


def toc_files(root: Path) -> list[str]:
    """Every file named in _toc.yml (without extension), in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("chapters"))
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return found


def chapter_slugs(root: Path) -> list[str]:
    """Chapter slugs in toc order (the notebooks under notebooks/)."""
    return [f.split("/", 1)[1] for f in toc_files(root) if f.startswith("notebooks/")]


@dataclass
class Notebook:
    path: Path
    cells: list[dict]

    @classmethod
    def read(cls, path: Path) -> "Notebook":
        return cls(path, json.loads(path.read_text(encoding="utf-8"))["cells"])

    def sources(self, cell_type: str) -> list[str]:
        return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in self.cells if c["cell_type"] == cell_type]

    @property
    def markdown(self) -> str:
        return "\n\n".join(self.sources("markdown"))

    def quiz_calls(self) -> list[tuple[int, str, str]]:
        """(cell index, chapter, group) for every ``show_quiz("chapter", "group")`` call."""
        calls = []
        for index, cell in enumerate(self.cells):
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for node in ast.walk(ast.parse(source)):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "show_quiz"
                        and len(node.args) == 2 and all(isinstance(a, ast.Constant) for a in node.args)):
                    calls.append((index, node.args[0].value, node.args[1].value))
        return calls

    @property
    def title(self) -> str:
        match = re.search(r"^# (.+)$", self.markdown, re.MULTILINE)
        return match.group(1).strip() if match else self.path.stem

    def minutes(self) -> tuple[int, int] | None:
        """(self-paced, workshop) minutes from the chapter's **Time:** line, or None."""
        match = _TIME.search(self.markdown)
        return (int(match.group(1)), int(match.group(2))) if match else None

    def objectives(self) -> dict[str, str]:
        return dict(_OBJECTIVE.findall(self.markdown))

    def section(self, heading: str) -> str | None:
        """Text under a level-2 heading, up to the next level-2 heading."""
        match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", self.markdown, re.MULTILINE | re.DOTALL)
        return match.group(1).strip() if match else None


def citations(text: str) -> set[str]:
    """Bibliography keys cited with {cite}`a,b` roles."""
    return {key.strip() for group in _CITE.findall(text) for key in group.split(",")}


def bib_keys(path: Path) -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), re.MULTILINE))
