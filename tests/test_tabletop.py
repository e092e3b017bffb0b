"""Tabletop scenarios: validation with file:line errors, escaped HTML, a live play-through."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest

from coursekit.explorer_widgets import tabletop_widget
from coursekit.tabletop import ScenarioError, load_scenario, render_tabletop_html

HERE = Path(__file__).parent / "fixtures" / "scenarios"
GOOD = HERE / "good-scenario.yml"

BAD = {
    "unknown-next": (11, "alert", "next node 'certs' does not exist"),
    "unreachable": (34, "orphan", "node 'orphan' cannot be reached from the start"),
    "dead-end": (28, "mixed-end", "dead end: a node without choices must be an ending"),
    "missing-feedback": (13, "alert", "missing field 'feedback' in choices item 2"),
    "cycle-without-exit": (34, "loop", "cycle without exit: no ending can be reached from this node"),
    "ending-with-choices": (33, "bad-end", "an ending has no choices"),
    "duplicate-node": (26, "cert", "key 'cert' appears twice (first at line 17); YAML keeps only the last"),
    "one-choice": (19, "cert", "a decision point needs 2 to 4 choices, found 1"),
}


@pytest.mark.parametrize("name", BAD)
def test_each_defect_is_named_with_file_line_and_node(name):
    line, node, message = BAD[name]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(HERE / "bad" / f"{name}.yml")
    assert any(i.line == line and i.where == node and message in i.message for i in caught.value.issues), caught.value


def test_every_bad_fixture_has_a_case():
    assert {p.stem for p in (HERE / "bad").glob("*.yml")} == set(BAD)


def test_good_scenario_loads():
    scenario = load_scenario(GOOD)
    assert scenario.decision_points == ["alert", "cert"]
    assert sorted(scenario.endings) == ["bad-end", "good-end", "mixed-end"]


def test_html_is_escaped_linked_and_deterministic():
    page = render_tabletop_html(load_scenario(GOOD))
    assert "<script>window" not in page and "&lt;script&gt;" in page
    assert 'href="#ck-tt-good-scenario-cert"' in page  # no-JS: choices are links
    assert page.count('class="ck-tt-node"') == 5
    assert render_tabletop_html(load_scenario(GOOD)) == page


def _buttons(box):
    return [b for b in box.children[3].children if isinstance(b, w.Button)]


def test_live_play_through_review_and_restart():
    box = tabletop_widget(load_scenario(GOOD))
    _buttons(box)[0].click()  # Call the national CERT
    assert "13(g)" in box.children[4].value
    _buttons(box)[-1].click()  # Continue
    assert "traces servers abroad" in box.children[1].value
    _buttons(box)[0].click()  # ask for help
    _buttons(box)[-1].click()  # Continue
    review = box.children[5].value
    assert "a good outcome" in review and "Call the national CERT" in review and "13(h)" in review
    _buttons(box)[0].click()  # Start again
    assert "ransomware" in box.children[1].value and box.children[5].value == ""
