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
from pathlib import Path

from . import i18n
from .markup import Markup, html, join
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


def words() -> dict:
    """``WORDS`` in the current language (i18n.use_language; table "explorers" of the interface catalogue)."""
    return i18n.words("explorers", WORDS)


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

def norm_items_html(norms: list[dict]) -> Markup:
    """The list of norms; also what the live widget shows after filtering."""
    items = []
    for row in norms:
        incidents = join(row["incidents"], ", ") or words()["none_related"]
        searchable = " ".join([row["norm"], row["short_name"], row["paraphrase"], *row["incidents"]]).lower()
        items.append(html(
            '<li class="ck-norm" data-kind="{kind}" data-text="{searchable}">'
            '<p><strong>{norm}: {short_name}</strong> <span class="ck-norm-kind">({kind_word})</span></p>'
            '<p>{paraphrase}</p>'
            '<p class="ck-norm-related">{related}: {incidents}</p>'
            '<p class="ck-sources">{source_word}: {source}</p></li>',
            kind=row["kind"], searchable=searchable, norm=words()["norm"].format(letter=row["norm"]),
            short_name=row["short_name"], kind_word=words()["do"] if row["kind"] == "do" else words()["dont"],
            paraphrase=row["paraphrase"], related=words()["related"], incidents=incidents,
            source_word=words()["source"], source=row["source"]))
    return html('<ul class="ck-norm-list">{items}</ul>', items=join(items))


def _norms_html(data: dict, uid: str) -> Markup:
    options = join(html('<option value="{value}">{label}</option>', value=value, label=words()[key])
                   for value, key in (("", "all_norms"), ("do", "do_norms"), ("don't", "dont_norms")))
    return html(
        '<div class="ck-explorer ck-norms" id="{uid}" data-explorer="norms">'
        '<div class="ck-explorer-controls" hidden>'
        '<label for="{uid}-kind">{show}</label> <select id="{uid}-kind" class="ck-norm-kind-filter">{options}</select> '
        '<label for="{uid}-q">{search}</label> <input type="search" id="{uid}-q" class="ck-norm-search">'
        '<p class="ck-explorer-status" role="status" aria-live="polite" data-template="{shown}"></p>'
        '</div>{items}</div>',
        uid=uid, show=words()["show"], options=options, search=words()["search"], shown=words()["shown"],
        items=norm_items_html(data["norms"]))


def _assessment_html(data: dict, uid: str) -> Markup:
    stages = data["stages"]
    options = html('<option value="">{not_rated}</option>', not_rated=words()["not_rated"]) + join(
        html('<option value="{stage}">{stage}: {name}</option>', stage=s["stage"], name=s["name"]) for s in stages)
    rows = join(html('<p class="ck-row"><label for="{sid}">{name}</label> <select id="{sid}" data-dim="{dim}">{options}</select></p>',
                     sid=f"{uid}-{d['id']}", name=d["name"], dim=d["id"], options=options) for d in data["dimensions"])
    table_rows = join(html('<tr data-dim="{dim}"><th scope="row">{name}</th><td>{not_rated}</td></tr>',
                           dim=d["id"], name=d["name"], not_rated=words()["not_rated"]) for d in data["dimensions"])
    scale = join(html("<li>{stage}: {name}</li>", stage=s["stage"], name=s["name"]) for s in stages)
    return html(
        '<div class="ck-explorer ck-assessment" id="{uid}" data-explorer="self-assessment">'
        '<script type="application/json" class="ck-data">{config}</script>'
        '<p class="ck-nojs">{needs_js}</p><ol class="ck-scale">{scale}</ol>'
        '<fieldset><legend>{rate}</legend>{rows}</fieldset>'
        '<div class="ck-radar"></div>'
        '<table class="ck-assessment-table"><caption>{profile}</caption>'
        '<thead><tr><th scope="col">{dimension}</th><th scope="col">{stage}</th></tr></thead>'
        '<tbody>{table_rows}</tbody></table>'
        '<p class="ck-explorer-status" role="status" aria-live="polite"></p>'
        '<p class="ck-sources">{source_word}: {sources}</p></div>',
        uid=uid, config=json_for_script({"dimensions": data["dimensions"], "stages": stages, "words": words()}),
        needs_js=words()["needs_js"], scale=scale, rate=words()["rate"], rows=rows, profile=words()["profile"],
        dimension=words()["dimension"], stage=words()["stage"], table_rows=table_rows, source_word=words()["source"],
        sources="; ".join(data["sources"]))


def render_explorer_html(kind: str, data_dir: Path) -> str:
    data = load(kind, data_dir)
    uid = f"ck-explorer-{kind}"
    return _norms_html(data, uid) if kind == "norms" else _assessment_html(data, uid)


def plain_text(kind: str, data_dir: Path) -> str:
    data = load(kind, data_dir)
    if kind == "norms":
        return "\n".join(f"13({r['norm']}) {r['short_name']}: {r['paraphrase']}" for r in data["norms"]) + "\n"
    return "\n".join(f"{d['name']}: rate 1-5 ({', '.join(s['name'] for s in data['stages'])})" for d in data["dimensions"]) + "\n"
