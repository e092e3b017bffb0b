"""Branching tabletop exercises: a scenario is data (``scenarios/<id>.yml``), validated
like a quiz bank, played as ipywidgets in a live kernel and as HTML + JS in the book.

A scenario is a graph: each node is either a decision point (text and 2-4 choices, each
with a ``next`` node and feedback) or an ending (text and an outcome: good, mixed or
poor). Validation reports every defect with file and line: unknown ``next``, a node that
cannot be reached, a dead end (no choices and no ending), a choice without feedback, and
a cycle without exit (a node from which no ending can be reached).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import i18n
from .loader import Issue, QuizValidationError, _explain, duplicate_keys, parse_yaml, yaml_line
from .model import Id
from .markup import Markup, html, join
from .presentation import md_block

WORDS = {
    "choose": "What do you do?",
    "feedback": "What this choice involves",
    "continue": "Continue",
    "restart": "Start again",
    "ending": "Outcome: {outcome}",
    "outcomes": {"good": "a good outcome", "mixed": "a mixed outcome", "poor": "a poor outcome"},
    "review": "Your path",
    "step": "Decision {n}",
    "nojs": "Without JavaScript, follow the links to play: each choice jumps to what happens next.",
    "go_to": "go to",
    "sources": "Sources: {sources}",
}


def words() -> dict:
    """``WORDS`` in the current language (i18n.use_language; table "tabletop" of the interface catalogue)."""
    return i18n.words("tabletop", WORDS)


MIN_CHOICES, MAX_CHOICES = 2, 4  # a decision with one choice is no decision; more than 4 overwhelm


class ScenarioError(QuizValidationError):
    """Every defect of a scenario file, each as ``path:line: node: message``."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    label: str = Field(min_length=1)
    next: Id
    feedback: str = Field(min_length=1)


class Node(_Strict):
    text: str = Field(min_length=1)
    choices: list[Choice] = []
    ending: Literal["good", "mixed", "poor"] | None = None


class Scenario(_Strict):
    id: Id
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    start: Id
    sources: list[str] = Field(min_length=1)
    nodes: dict[Id, Node] = Field(min_length=1)

    @property
    def decision_points(self) -> list[str]:
        return [name for name, node in self.nodes.items() if node.choices]

    @property
    def endings(self) -> list[str]:
        return [name for name, node in self.nodes.items() if node.ending]


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Issue(str(path), 1, "(scenario)", f"cannot read file: {exc}")]) from None
    return parse_scenario(text, str(path))


def parse_scenario(text: str, path: str = "<string>") -> Scenario:
    try:
        root, data = parse_yaml(text, path, "(scenario)")
    except QuizValidationError as exc:
        raise ScenarioError(exc.issues) from None
    if not isinstance(data, dict):
        raise ScenarioError([Issue(path, 1, "(scenario)", "a scenario must be a YAML mapping with id, title, intro, start, sources, nodes")])

    def issue(loc: tuple, message: str, line: int | None = None) -> Issue:
        where = str(loc[1]) if len(loc) > 1 and loc[0] == "nodes" else "(scenario)"
        return Issue(path, line or yaml_line(root, loc), where, message)

    repeated = [issue(loc, message, line) for loc, line, message in duplicate_keys(root)]
    if repeated:  # two nodes of one name: the second silently replaced the first
        raise ScenarioError(repeated)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError([issue(loc, message) for loc, message in _explain(exc, data)]) from None
    problems = [issue(loc, message) for loc, message in _graph_problems(scenario)]
    if Path(path).suffix and Path(path).stem != scenario.id:
        problems.append(issue(("id",), f"id '{scenario.id}' does not match the file name '{Path(path).stem}'"))
    if problems:
        raise ScenarioError(problems)
    return scenario


def _graph_problems(s: Scenario) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    if s.start not in s.nodes:
        return [(("start",), f"start node '{s.start}' does not exist")]
    for name, node in s.nodes.items():
        if node.ending and node.choices:
            found.append((("nodes", name, "choices"), "an ending has no choices"))
        if not node.ending and not node.choices:
            found.append((("nodes", name), "dead end: a node without choices must be an ending (good, mixed or poor)"))
        if node.choices and not MIN_CHOICES <= len(node.choices) <= MAX_CHOICES:
            found.append((("nodes", name, "choices"),
                          f"a decision point needs {MIN_CHOICES} to {MAX_CHOICES} choices, found {len(node.choices)}"))
        for i, choice in enumerate(node.choices):
            if choice.next not in s.nodes:
                found.append((("nodes", name, "choices", i, "next"), f"next node '{choice.next}' does not exist"))
    edges = {name: [c.next for c in node.choices if c.next in s.nodes] for name, node in s.nodes.items()}
    reachable = _reach(s.start, edges)
    for name in s.nodes:
        if name not in reachable:
            found.append((("nodes", name), f"node '{name}' cannot be reached from the start"))
    backwards: dict[str, list[str]] = {name: [] for name in s.nodes}
    for name, targets in edges.items():
        for target in targets:
            backwards[target].append(name)
    can_end = set().union(*(_reach(e, backwards) for e in s.endings)) if s.endings else set()
    for name in s.nodes:
        if name in reachable and name not in can_end and s.nodes[name].choices:
            found.append((("nodes", name), "cycle without exit: no ending can be reached from this node"))
    return found


def _reach(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


# -- static HTML: a readable, linked version that the JS turns into a player ------------

def render_tabletop_html(s: Scenario) -> Markup:
    uid = f"ck-tt-{s.id}"
    sections = []
    for name, node in s.nodes.items():
        if node.ending:
            body = html('<p class="ck-tt-outcome" data-outcome="{ending}"><strong>{text}</strong></p>', ending=node.ending,
                        text=words()["ending"].format(outcome=words()["outcomes"][node.ending]))
        else:
            items = join(html('<li class="ck-tt-choice" data-next="{next}"><span class="ck-tt-label">{label}</span> '
                              '(<a href="#{uid}-{next}">{go_to}</a>)<div class="ck-tt-feedback">{feedback}</div></li>',
                              next=c.next, label=c.label, uid=uid, go_to=words()["go_to"], feedback=md_block(c.feedback))
                         for c in node.choices)
            body = html('<p class="ck-tt-question">{choose}</p><ul>{items}</ul>', choose=words()["choose"], items=items)
        sections.append(html('<section class="ck-tt-node" id="{uid}-{name}" data-node="{name}" aria-label="{name}">'
                             '<div class="ck-tt-text">{text}</div>{body}</section>',
                             uid=uid, name=name, text=md_block(node.text), body=body))
    flat = {k: v for k, v in words().items() if isinstance(v, str) and k != "sources"}  # the script needs the rest
    data_attrs = join((html('data-w-{key}="{value}"', key=k.replace("_", "-"), value=v) for k, v in flat.items()), " ")
    return html(
        '<div class="ck-tabletop" id="{uid}" data-start="{start}" {data_attrs}>'
        '<div class="ck-tt-intro">{intro}</div>'
        '<p class="ck-nojs">{nojs}</p>'
        '<div class="ck-tt-nodes">{sections}</div>'
        '<p class="ck-sources">{sources}</p></div>',
        uid=uid, start=s.start, data_attrs=data_attrs, intro=md_block(s.intro), nojs=words()["nojs"],
        sections=join(sections), sources=words()["sources"].format(sources=", ".join(s.sources)))


def plain_text(s: Scenario) -> str:
    return f"{s.title}\n\n{s.intro.strip()}\n\n({len(s.decision_points)} decision points, {len(s.endings)} endings)\n"
