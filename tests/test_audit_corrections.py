"""Guards for the December 2026 audit's corrections (fact sheet, section 0a): the errors a
text pattern can catch never come back, in any file learners or instructors read.

Each check reads paragraphs (notebook Markdown, Markdown pages, quiz-bank and scenario text)
and data rows, so a correction and the claim it qualifies must sit in the same paragraph.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from coursekit.course import Notebook

ROOT = Path(__file__).resolve().parents[1]


def _paragraphs() -> list[tuple[str, str]]:
    """(where, text) for every paragraph and data row of the course's readable files."""
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "assessment").glob("*.ipynb")):
        notebook = Notebook.read(path)
        found += [(path.name, p) for p in re.split(r"\n\s*\n", notebook.markdown)]
        # Figure captions and alt text live in code cells' metadata; learners read them too.
        for cell in notebook.cells:
            meta = cell.get("metadata", {}).get("mystnb", {})
            found += [(f"{path.name} figure", str(v)) for part in ("figure", "image") for k, v in meta.get(part, {}).items()
                      if k in ("caption", "alt")]
    for folder, pattern in (("book", "*.md"), ("instructor", "**/*.md"), ("quizzes", "*.yml"), ("scenarios", "*.yml"),
                            ("data", "*.md")):
        for path in sorted((ROOT / folder).glob(pattern)):
            text = path.read_text(encoding="utf-8")
            # YAML folded text spans lines; a question or node is the unit that learners read together.
            parts = re.split(r"\n\s*\n|\n\s*- id: ", text) if path.suffix == ".yml" else re.split(r"\n\s*\n", text)
            found += [(str(path.relative_to(ROOT)), p) for p in parts]
    for path in sorted((ROOT / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            found += [(f"{path.relative_to(ROOT)} row {n}", " | ".join(row)) for n, row in enumerate(csv.reader(handle), 1)]
    return found


PARAGRAPHS = _paragraphs()


def offending(claim: str, unless: str = r"(?!)") -> list[str]:
    """Places whose text matches ``claim`` and not ``unless`` (both case-insensitive regexes)."""
    return [f"{where}: {' '.join(text.split())[:160]}" for where, text in PARAGRAPHS
            if re.search(claim, text, re.I | re.S) and not re.search(unless, text, re.I | re.S)]


def test_paragraphs_are_read():
    assert len(PARAGRAPHS) > 1000
    assert offending(r"Brno")  # the checks below look at real text


CHECKS = {
    # 0a #4: Brno was attacked on 13 March 2020.
    "brno-date": (r"Brno.{0,200}\b12\s*(?:–|-|—|to)?\s*(?:13\s+)?March|\b12\s*(?:–|-|—)\s*13 March 2020", r"(?!)"),
    # 0a #2: Düsseldorf was linked to the DoppelPaymer criminal group (2023).
    "duesseldorf-actor": (r"(?:Düsseldorf|Duesseldorf|Dusseldorf).{0,300}(?:not identified|unidentified)", r"DoppelPaymer"),
    # 0a #3: never teach the Düsseldorf case as proof that ransomware killed a patient.
    "duesseldorf-death": (r"(?:Düsseldorf|Duesseldorf|Dusseldorf).{0,400}(?:\bdied\b|death|cost lives|killed)",
                          r"dropped|not decisive|would probably have died|inquiry"),
    # 0a #1: C.N.196.2025 is the notification of the opening for signature.
    "cn-196": (r"C\.N\.196\.2025", r"open(?:ing|ed)? for signature|notification"),
    # 0a #5: the GGE-OEWG split ended in 2021.
    "split-ended-2021": (r"reunited[^.]{0,80}(?:only )?in July 2025|only in July 2025", r"(?!)"),
    # 0a #7: Rev.3 is the Chair's updated draft.
    "rev3-draft": (r"agreed[^.]{0,60}Rev\.3|Rev\.3[^.]{0,60}(?:agreed|final) text", r"updated draft|Chair"),
    # 0a #9: an AI-generated summary is not a source of fact.
    "singapore-resisted": (r"Singapore[^.]{0,120}resist|resist[^.]{0,120}Singapore", r"AI-generated|DiploAI"),
    # 0a #10: the 60/30 threshold proposals rest on an AI-generated report.
    "threshold-60-30": (r"Mexico[^.]{0,80}\b60\b|\b60\b[^.]{0,80}Mexico", r"AI-generated|DiploAI"),
    # 0a #13: on 15 Feb 2018 governments named "the Russian military"; units only from the 2020 indictment.
    "notpetya-units": (r"GRU\s*/\s*Sandworm|Sandworm[^.]{0,60}2018|2018[^.]{0,60}Sandworm", r"(?!)"),
    # 0a #17: the count of NGOs is unconfirmed.
    "ngo-count": (r"18 other (?:NGOs|organi[sz]ations)", r"(?!)"),
    # 0a #19: CT TECH is UNOCT/UNCCT with INTERPOL, funded by the EU.
    "ct-tech": (r"CT TECH[^.]{0,120}(?:with|and) INTERPOL and the (?:EU|European Union)", r"(?!)"),
    # 0a #14: the Geneva Dialogue's convener is known.
    "geneva-dialogue": (r"Geneva Dialogue[^.]{0,160}(?:not stated|unknown|not named)", r"(?!)"),
    # 0a #16: GCI counts and GCSP counts are not one series.
    "strategy-series": (r"\b76\b[^.\n]{0,80}\b127\b[^.\n]{0,80}\b132\b|\b76 in 2018 to 132\b",
                        r"not (?:one|a single) series|different counts?|never chain|do not chain|not the same count"),
}


@pytest.mark.parametrize("name", CHECKS)
def test_audit_correction_holds(name):
    claim, unless = CHECKS[name]
    assert offending(claim, unless) == []


def test_every_duesseldorf_data_row_names_the_group():
    rows = [(where, text) for where, text in PARAGRAPHS if ".csv row" in where and re.search("Düsseldorf|Duesseldorf", text)]
    assert rows
    assert [where for where, text in rows if "DoppelPaymer" not in text] == []
