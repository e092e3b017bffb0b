"""Interactive explorers built from the course's data files: the norms explorer and the
national capacity self-assessment. Like quizzes, each has one source and three places:

- live kernel: ipywidgets (``explorer_widget``);
- the built book: the static HTML below, enhanced by ``static/coursekit-explorers.js``;
- no JavaScript (GitHub, nbviewer): the same HTML, which is complete and readable as is.

The HTML is built from ``data/`` at build time (see sphinx_ext), so an edited data file
shows in the next build.
"""

from __future__ import annotations

import re

import csv
from html import escape
from pathlib import Path

from .presentation import json_for_script

EXPLORERS = ("norms", "self-assessment")
# Files each explorer reads, relative to the course's data/ folder.
DATA_FILES = {
    "norms": ("norms.csv", "incidents.csv"),
    "self-assessment": ("cmm-dimensions.csv", "cmm-stages.csv"),
}

# Interface words of the explorers (translate here, like i18n.STRINGS for quizzes).
WORDS = {
    "show": "Show",
    "all_norms": "All 11 norms",
    "do_norms": "Norms that ask States to do something",
    "dont_norms": "Norms that ask States not to do something",
    "search": "Search the norms",
    "shown": "{n} of {total} norms shown",
    "norm": "Norm 13({letter})",
    "do": "a \"do\" norm",
    "dont": "a \"don't\" norm",
    "related": "Related incidents in this course",
    "none_related": "none in this course's incident table",
    "source": "Source",
    "rate": "Rate your country on each dimension",
    "not_rated": "Not rated yet",
    "profile": "Your profile",
    "dimension": "Dimension",
    "stage": "Stage",
    "rated": "{n} of {total} dimensions rated",
    "chart_label": "Radar chart of your ratings: {summary}",
    "needs_js": "The chart and saving need JavaScript; the rating scale is shown below.",
    "saved_here": "Your ratings are kept in this browser.",
    "not_saved": "This browser does not allow saving, so your ratings are not kept.",
}


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ExplorerDataError(ValueError):
    """A data file an explorer needs is missing or malformed (names file and row)."""


def _rows(data_dir: Path, name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = data_dir / name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise ExplorerDataError(f"{path}: cannot read: {exc}") from None
    if not rows:
        raise ExplorerDataError(f"{path}: no rows")
    missing = [c for c in columns if c not in rows[0]]
    if missing:
        raise ExplorerDataError(f"{path}:1: missing column(s): {', '.join(missing)}")
    for n, row in enumerate(rows, start=2):
        empty = [c for c in columns if not (row.get(c) or "").strip() and c != "related_incidents"]
        if empty:
            raise ExplorerDataError(f"{path}:{n}: empty {', '.join(empty)}")
    return rows


def load(kind: str, data_dir: Path) -> dict:
    """The explorer's data, validated, as plain JSON-able values."""
    if kind == "norms":
        norms = _rows(data_dir, "norms.csv", ("norm", "short_name", "paraphrase", "kind", "related_incidents", "source"))
        known = {r["incident"] for r in _rows(data_dir, "incidents.csv", ("incident",))}
        for n, row in enumerate(norms, start=2):
            if row["kind"] not in ("do", "don't"):
                raise ExplorerDataError(f"{data_dir / 'norms.csv'}:{n}: kind must be do or don't, got {row['kind']!r}")
            row["incidents"] = [i.strip() for i in row["related_incidents"].split(";") if i.strip()]
            unknown = [i for i in row["incidents"] if i not in known]
            if unknown:
                raise ExplorerDataError(f"{data_dir / 'norms.csv'}:{n}: not in incidents.csv: {', '.join(unknown)}")
        return {"norms": norms}
    if kind == "self-assessment":
        dims = _rows(data_dir, "cmm-dimensions.csv", ("dimension_id", "dimension", "source"))
        for n, row in enumerate(dims, start=2):
            # The id becomes part of element ids and attributes in the page: plain ids only.
            if not _ID.match(row["dimension_id"]):
                raise ExplorerDataError(f"{data_dir / 'cmm-dimensions.csv'}:{n}: dimension_id must be lower-case letters, "
                                        f"digits and hyphens, got {row['dimension_id']!r}")
        stages = _rows(data_dir, "cmm-stages.csv", ("stage", "name", "source"))
        return {"dimensions": [{"id": d["dimension_id"], "name": d["dimension"]} for d in dims],
                "stages": [{"stage": int(s["stage"]), "name": s["name"]} for s in stages],
                "sources": sorted({r["source"] for r in dims + stages})}
    raise KeyError(f"unknown explorer {kind!r} (explorers: {', '.join(EXPLORERS)})")


# -- static HTML ----------------------------------------------------------------------

def norm_items_html(norms: list[dict]) -> str:
    """The list of norms; also what the live widget shows after filtering."""
    items = []
    for row in norms:
        incidents = ", ".join(escape(i) for i in row["incidents"]) or escape(WORDS["none_related"])
        kind = WORDS["do"] if row["kind"] == "do" else WORDS["dont"]
        searchable = " ".join([row["norm"], row["short_name"], row["paraphrase"], *row["incidents"]]).lower()
        items.append(
            f'<li class="ck-norm" data-kind="{escape(row["kind"])}" data-text="{escape(searchable)}">'
            f'<p><strong>{escape(WORDS["norm"].format(letter=row["norm"]))}: {escape(row["short_name"])}</strong>'
            f' <span class="ck-norm-kind">({escape(kind)})</span></p>'
            f'<p>{escape(row["paraphrase"])}</p>'
            f'<p class="ck-norm-related">{escape(WORDS["related"])}: {incidents}</p>'
            f'<p class="ck-sources">{escape(WORDS["source"])}: {escape(row["source"])}</p></li>'
        )
    return f'<ul class="ck-norm-list">{"".join(items)}</ul>'


def _norms_html(data: dict, uid: str) -> str:
    norms = data["norms"]
    options = "".join(f'<option value="{v}">{escape(WORDS[k])}</option>'
                      for v, k in (("", "all_norms"), ("do", "do_norms"), ("don't", "dont_norms")))
    return (
        f'<div class="ck-explorer ck-norms" id="{uid}" data-explorer="norms">'
        f'<div class="ck-explorer-controls" hidden>'
        f'<label for="{uid}-kind">{escape(WORDS["show"])}</label> <select id="{uid}-kind" class="ck-norm-kind-filter">{options}</select> '
        f'<label for="{uid}-q">{escape(WORDS["search"])}</label> <input type="search" id="{uid}-q" class="ck-norm-search">'
        f'<p class="ck-explorer-status" role="status" aria-live="polite" data-template="{escape(WORDS["shown"])}"></p>'
        f"</div>{norm_items_html(norms)}</div>"
    )


def _assessment_html(data: dict, uid: str) -> str:
    stages = data["stages"]
    rows = []
    for dim in data["dimensions"]:
        sid = escape(f"{uid}-{dim['id']}")  # ids are validated on load; escaped here all the same
        options = f'<option value="">{escape(WORDS["not_rated"])}</option>' + "".join(
            f'<option value="{s["stage"]}">{s["stage"]}: {escape(s["name"])}</option>' for s in stages)
        rows.append(f'<p class="ck-row"><label for="{sid}">{escape(dim["name"])}</label> '
                    f'<select id="{sid}" data-dim="{escape(dim["id"])}">{options}</select></p>')
    table_rows = "".join(f'<tr data-dim="{escape(d["id"])}"><th scope="row">{escape(d["name"])}</th>'
                         f'<td>{escape(WORDS["not_rated"])}</td></tr>' for d in data["dimensions"])
    scale = "".join(f"<li>{s['stage']}: {escape(s['name'])}</li>" for s in stages)
    config = json_for_script({"dimensions": data["dimensions"], "stages": stages, "words": WORDS})
    return (
        f'<div class="ck-explorer ck-assessment" id="{uid}" data-explorer="self-assessment">'
        f'<script type="application/json" class="ck-data">{config}</script>'
        f'<p class="ck-nojs">{escape(WORDS["needs_js"])}</p><ol class="ck-scale">{scale}</ol>'
        f'<fieldset><legend>{escape(WORDS["rate"])}</legend>{"".join(rows)}</fieldset>'
        f'<div class="ck-radar"></div>'
        f'<table class="ck-assessment-table"><caption>{escape(WORDS["profile"])}</caption>'
        f'<thead><tr><th scope="col">{escape(WORDS["dimension"])}</th><th scope="col">{escape(WORDS["stage"])}</th></tr></thead>'
        f"<tbody>{table_rows}</tbody></table>"
        f'<p class="ck-explorer-status" role="status" aria-live="polite"></p>'
        f'<p class="ck-sources">{escape(WORDS["source"])}: {escape("; ".join(data["sources"]))}</p></div>'
    )


def render_explorer_html(kind: str, data_dir: Path) -> str:
    data = load(kind, data_dir)
    uid = f"ck-explorer-{kind}"
    return _norms_html(data, uid) if kind == "norms" else _assessment_html(data, uid)


def plain_text(kind: str, data_dir: Path) -> str:
    data = load(kind, data_dir)
    if kind == "norms":
        return "\n".join(f"13({r['norm']}) {r['short_name']}: {r['paraphrase']}" for r in data["norms"]) + "\n"
    return "\n".join(f"{d['name']}: rate 1-5 ({', '.join(s['name'] for s in data['stages'])})" for d in data["dimensions"]) + "\n"
