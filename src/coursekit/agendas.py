"""Workshop agendas computed from the chapters' own time estimates.

``instructor/agendas.yml`` says which chapters and activities each agenda holds, in what
order, and when each day starts and must end; it never says how long a chapter takes.
That comes from each notebook's "**Time:** ... about N minutes in a workshop" line, so an
agenda follows a chapter whose length changes, and fails loudly (file, line, agenda) if a
day no longer fits. ``python -m coursekit agendas`` prints the agendas as Markdown; the
instructor edition renders the same Markdown (directive ``coursekit-agendas``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .course import Notebook, chapter_slugs
from .loader import Issue, QuizValidationError, _explain, duplicate_keys, parse_yaml, yaml_line
from .model import Id

AGENDA_FILE = Path("instructor") / "agendas.yml"
_CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"


class AgendaError(QuizValidationError):
    """Every defect of the agendas file, each as ``path:line: agenda: message``."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    chapter: Id | None = None
    activity: str | None = None
    break_: str | None = Field(None, alias="break")
    minutes: int | None = Field(None, gt=0)
    page: str | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in ("chapter", "activity", "break_") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError("an item is exactly one of 'chapter', 'activity' or 'break'")
        if self.chapter and self.minutes:
            raise ValueError("a chapter's minutes come from its notebook: remove 'minutes'")
        if not self.chapter and not self.minutes:
            raise ValueError("an activity or a break needs 'minutes'")
        return self


class Day(_Strict):
    start: str = Field(pattern=_CLOCK)
    end: str = Field(pattern=_CLOCK)
    items: list[Item] = Field(min_length=1)


class Agenda(_Strict):
    id: Id
    title: str = Field(min_length=1)
    for_: str = Field(alias="for", min_length=1)
    days: list[Day] = Field(min_length=1)
    self_study: list[Id] = []
    covers_all_chapters: bool = False


class AgendaFile(_Strict):
    agendas: list[Agenda] = Field(min_length=1)


@dataclass(frozen=True)
class Row:
    start: int  # minutes after midnight
    minutes: int
    kind: Literal["chapter", "activity", "break"]
    title: str
    link: str | None  # a book page ("notebooks/history"), if any


@dataclass(frozen=True)
class Plan:
    agenda: Agenda
    days: list[list[Row]]
    self_study: list[tuple[str, str, int]]  # (slug, title, self-paced minutes)

    @property
    def teaching_minutes(self) -> int:
        return sum(r.minutes for day in self.days for r in day if r.kind != "break")


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def chapter_times(root: Path) -> dict[str, tuple[str, int, int]]:
    """slug -> (title, self-paced minutes, workshop minutes) for every chapter with a Time line."""
    found = {}
    for slug in chapter_slugs(root):
        path = root / "notebooks" / f"{slug}.ipynb"
        if not path.is_file():  # a toc entry without its notebook: reported by coursekit check
            continue
        notebook = Notebook.read(path)
        minutes = notebook.minutes()
        if minutes:
            found[slug] = (notebook.title, *minutes)
    return found


def load_plans(root: Path, path: Path | None = None) -> list[Plan]:
    """Read the agendas file and compute every agenda; raise ``AgendaError`` with all defects."""
    path = path or root / AGENDA_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AgendaError([Issue(str(path), 1, "(agendas)", f"cannot read file: {exc}")]) from None
    try:
        tree, data = parse_yaml(text, str(path), "(agendas)")
    except QuizValidationError as exc:
        raise AgendaError(exc.issues) from None

    def issue(loc: tuple, message: str, line: int | None = None) -> Issue:
        where = "(agendas)"
        if len(loc) > 1 and loc[0] == "agendas" and isinstance(loc[1], int) and isinstance(data, dict):
            agendas = data.get("agendas") or []
            if loc[1] < len(agendas) and isinstance(agendas[loc[1]], dict):
                where = str(agendas[loc[1]].get("id", f"agenda {loc[1] + 1}"))
        return Issue(str(path), line or yaml_line(tree, loc), where, message)

    repeated = [issue(loc, message, line) for loc, line, message in duplicate_keys(tree)]
    if repeated:
        raise AgendaError(repeated)
    try:
        parsed = AgendaFile.model_validate(data)
    except ValidationError as exc:
        raise AgendaError([issue(loc, message) for loc, message in _explain(exc, data)]) from None

    times = chapter_times(root)
    problems, plans = [], []
    for a, agenda in enumerate(parsed.agendas):
        here = ("agendas", a)
        seen: set[str] = set()
        days = []
        for d, day in enumerate(agenda.days):
            now, rows = _clock(day.start), []
            for i, item in enumerate(day.items):
                loc = (*here, "days", d, "items", i)
                if item.chapter:
                    if item.chapter not in times:
                        problems.append(issue((*loc, "chapter"), f"unknown chapter '{item.chapter}', or its notebook has no '**Time:**' line"))
                        continue
                    if item.chapter in seen:
                        problems.append(issue((*loc, "chapter"), f"chapter '{item.chapter}' appears twice in this agenda"))
                    seen.add(item.chapter)
                    title, _, minutes = times[item.chapter]
                    rows.append(Row(now, minutes, "chapter", title, f"notebooks/{item.chapter}"))
                else:
                    if item.page and not any((root / f"{item.page}{ext}").is_file() for ext in (".md", ".ipynb")):
                        problems.append(issue((*loc, "page"), f"page '{item.page}' does not exist"))
                    kind = "break" if item.break_ else "activity"
                    rows.append(Row(now, item.minutes, kind, item.break_ or item.activity, item.page))
                now += rows[-1].minutes
            if now > _clock(day.end):
                problems.append(issue((*here, "days", d, "end"),
                                      f"day {d + 1} ends at {clock(now)}, after its end {day.end} "
                                      f"({now - _clock(day.end)} minutes too long)"))
            days.append(rows)
        study = []
        for s, slug in enumerate(agenda.self_study):
            if slug not in times:
                problems.append(issue((*here, "self_study", s), f"unknown chapter '{slug}'"))
            elif slug in seen:
                problems.append(issue((*here, "self_study", s), f"chapter '{slug}' is both taught and self-study"))
            else:
                seen.add(slug)
                study.append((slug, times[slug][0], times[slug][1]))
        missing = [slug for slug in times if slug not in seen]
        if agenda.covers_all_chapters and missing:
            problems.append(issue((*here, "covers_all_chapters"), f"chapters neither taught nor self-study: {', '.join(missing)}"))
        plans.append(Plan(agenda, days, study))
    if problems:
        raise AgendaError(problems)
    return plans


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


# Characters that Markdown (MyST) would read as markup: raw HTML, emphasis, links, roles,
# table cells, headings, maths. Agenda text is plain text, so each is written escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
# Inside a {doc} role a title cannot be escaped; these characters would end or break it.
_ROLE_BREAKERS = re.compile(r"[`<>]")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows exactly that text (no HTML, no emphasis, no roles)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(title: str, target: str) -> str:
    """A {doc} link; a title with characters a role cannot hold is shown as text, then linked."""
    if _ROLE_BREAKERS.search(title):
        return f"{markdown_text(title)} ({{doc}}`{target}`)"
    return f"{{doc}}`{title} <{target}>`"


def to_markdown(plans: list[Plan], *, heading: str = "##", link_root: str = "/") -> str:
    """The agendas as MyST Markdown; links are {doc} roles to the book's pages. Every text
    from agendas.yml or a notebook title is written escaped (markdown_text)."""
    out = []
    for plan in plans:
        out += [f"{heading} {markdown_text(plan.agenda.title)}", "", f"**For:** {markdown_text(plan.agenda.for_)}", "",
                f"Teaching time {_hours(plan.teaching_minutes)} over {len(plan.days)} "
                f"{'day' if len(plan.days) == 1 else 'days'}, breaks not counted.", ""]
        for n, rows in enumerate(plan.days, 1):
            if len(plan.days) > 1:
                out += [f"{heading}# Day {n}", ""]
            out += ["| Time | Minutes | Session |", "|---|---:|---|"]
            for row in rows:
                title = markdown_text(row.title) if not row.link else _link(row.title, f"{link_root}{row.link}")
                if row.kind == "chapter":
                    title = f"Chapter: {title}"
                elif row.kind == "break":
                    title = f"*{title}*"
                out.append(f"| {clock(row.start)}–{clock(row.start + row.minutes)} | {row.minutes} | {title} |")
            out.append("")
        if plan.self_study:
            out += ["**Self-study** (before or after, in the book or a notebook): "
                    + "; ".join(f"{_link(title, f'{link_root}notebooks/{slug}')} (about {m} minutes)" for slug, title, m in plan.self_study), ""]
    return "\n".join(out).rstrip() + "\n"


def to_plain_markdown(plans: list[Plan]) -> str:
    """The same agendas as plain Markdown (no MyST roles), for word processors and e-mail."""
    text = re.sub(r"\{doc\}`([^<`]+?) <[^>]+>`", r"\1", to_markdown(plans, heading="#"))
    return re.sub(r" \(\{doc\}`[^`]+`\)", "", text)
