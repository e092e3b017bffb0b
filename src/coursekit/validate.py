"""Validate everything a course is made of, each file by its own rules, in one pass.

``coursekit check`` (no arguments, in the course folder) runs ``check_course``; with paths it
checks each file by its kind (``check_paths``). Every problem is an ``Issue``
(``path:line: where: message``), whatever the file:

- quiz banks: structure (loader) and item quality (quality);
- tabletop scenarios (tabletop) and the workshop agendas (agendas);
- data files: a provenance sidecar, ``source`` and ``status`` on every row, and the
  explorers' own rules for the files they read;
- cross-references: every ``_toc.yml`` entry exists, every ``show_quiz`` and
  ``show_tabletop`` call in a notebook names a bank group or scenario that exists (never a
  bank's final-assessment pool).

Fast enough to run before every commit (about a second and a half for the whole course).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import agendas, explorers, quality
from .course import Notebook, toc_files
from .loader import Issue, QuizValidationError, bank_files, load_banks
from .model import FINAL_GROUP
from .tabletop import ScenarioError, load_scenario

STATUSES = ("VERIFIED", "DISPUTED", "MEMORY")
_TABLETOP_CALL = re.compile(r"""show_tabletop\(\s*["']([^"']+)["']\s*\)""")


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n


def check_course(root: Path) -> Report:
    """Every file of the course at ``root``, and the references between them."""
    report = Report()
    banks = _banks(sorted(bank_files([root / "quizzes"])), report)
    for path in sorted((root / "scenarios").glob("*.yml")):
        _scenario(path, report)
    if (root / agendas.AGENDA_FILE).is_file():
        _agendas(root, report)
    for path in sorted((root / "data").glob("*.csv")):
        _data_file(path, report)
    _explorer_data(root / "data", report)
    _references(root, banks, report)
    return report


def check_paths(paths: list[Path]) -> Report:
    """The files named (folders: their files), each by its kind: a scenario lives in a
    ``scenarios`` folder, ``agendas.yml`` is the agendas, ``*.csv`` is a data file, any
    other YAML is a quiz bank."""
    report = Report()
    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml", ".csv")) if path.is_dir() else [path]
    bank_paths = []
    for path in files:
        if path.suffix == ".csv":
            _data_file(path, report)
        elif path.name == Path(agendas.AGENDA_FILE).name:
            _agendas(path.parent.parent, report, path)
        elif path.parent.name == "scenarios":
            _scenario(path, report)
        else:
            bank_paths.append(path)
    if bank_paths or not files:
        _banks(bank_paths, report)
    return report


def _banks(paths: list[Path], report: Report) -> dict:
    try:
        banks = load_banks(paths)
    except QuizValidationError as exc:
        report.issues += exc.issues
        return {}
    report.issues += quality.check_quality(banks, {p.stem: str(p) for p in paths})
    report.add("bank", len(banks))
    report.add("question", sum(len(b.questions) for b in banks.values()))
    return banks


def _scenario(path: Path, report: Report) -> None:
    try:
        load_scenario(path)
    except ScenarioError as exc:
        report.issues += exc.issues
    report.add("scenario")


def _agendas(root: Path, report: Report, path: Path | None = None) -> None:
    try:
        plans = agendas.load_plans(root, path)
    except QuizValidationError as exc:  # AgendaError is one
        report.issues += exc.issues
        return
    report.add("agenda", len(plans))


def _data_file(path: Path, report: Report) -> None:
    """Where each row comes from: a sidecar, and a source and a status on every row."""
    report.add("data file")
    where = "(data)"
    if not path.with_suffix(".md").is_file():
        report.issues.append(Issue(str(path), 1, where, f"no provenance sidecar: add {path.with_suffix('.md').name}"))
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        report.issues.append(Issue(str(path), 1, where, f"cannot read: {exc}"))
        return
    if len(rows) < 2:
        report.issues.append(Issue(str(path), 1, where, "no rows"))
        return
    header = rows[0]
    missing = [c for c in ("source", "status") if c not in header]
    if missing:
        report.issues.append(Issue(str(path), 1, where, f"missing column(s): {', '.join(missing)}"))
        return
    source, status = header.index("source"), header.index("status")
    for line, row in enumerate(rows[1:], start=2):
        label = row[0] if row and row[0].strip() else f"row {line - 1}"
        if len(row) != len(header):
            report.issues.append(Issue(str(path), line, label, f"{len(row)} cells, but the header has {len(header)}"))
            continue
        if not row[source].strip():
            report.issues.append(Issue(str(path), line, label, "empty 'source'"))
        if row[status] not in STATUSES:
            report.issues.append(Issue(str(path), line, label, f"'status' must be one of {', '.join(STATUSES)}, got {row[status]!r}"))


def _explorer_data(data_dir: Path, report: Report) -> None:
    for kind in explorers.DATA_FILES:
        try:
            explorers.load(kind, data_dir)
        except explorers.ExplorerDataError as exc:
            report.issues.append(_issue_from_text(str(exc), "(explorer)"))


def _issue_from_text(text: str, where: str) -> Issue:
    """An ``Issue`` from a ``path:line: message`` text (the explorers' error format)."""
    match = re.match(r"^(.*?):(\d+): (.*)$", text, re.S)
    if match:
        return Issue(match[1], int(match[2]), where, match[3])
    path, _, message = text.partition(": ")
    return Issue(path, 1, where, message or text)


def _references(root: Path, banks: dict, report: Report) -> None:
    toc = root / "_toc.yml"
    if not toc.is_file():
        return
    toc_text = toc.read_text(encoding="utf-8").splitlines()
    entries = toc_files(root)
    report.add("page", len(entries))
    for entry in entries:
        found = [p for p in (root / Path(entry).parent).glob(Path(entry).name + ".*") if p.suffix in (".md", ".ipynb")]
        if len(found) != 1:
            line = next((n for n, text in enumerate(toc_text, 1) if entry in text), 1)
            report.issues.append(Issue(str(toc), line, entry, f"expected one .md or .ipynb file for this entry, found {len(found)}"))
    scenarios = {p.stem for p in (root / "scenarios").glob("*.yml")}
    for entry in entries:
        path = root / f"{entry}.ipynb"
        if not path.is_file():
            continue
        notebook, lines = Notebook.read(path), path.read_text(encoding="utf-8").splitlines()

        def line_of(text: str) -> int:
            return next((n for n, line in enumerate(lines, 1) if text in line), 1)

        for _, chapter, group in notebook.quiz_calls():
            report.add("reference")
            call = f'{chapter}\\", \\"{group}'
            if chapter not in banks:
                report.issues.append(Issue(str(path), line_of(chapter), entry, f"show_quiz names bank '{chapter}', which does not exist"))
            elif group == FINAL_GROUP or group not in banks[chapter].groups:
                why = "the final-assessment pool is never shown as a chapter quiz" if group == FINAL_GROUP else "no such group"
                report.issues.append(Issue(str(path), line_of(call), entry, f"show_quiz('{chapter}', '{group}'): {why}"))
        for scenario in _TABLETOP_CALL.findall("\n".join(notebook.sources("code"))):
            report.add("reference")
            if scenario not in scenarios:
                report.issues.append(Issue(str(path), line_of(scenario), entry, f"show_tabletop names scenario '{scenario}', which does not exist"))
