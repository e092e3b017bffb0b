"""Explorers: data validation with file:line errors, escaped HTML, live widgets."""

from __future__ import annotations

import shutil
from pathlib import Path

import ipywidgets as w
import pytest

from coursekit import explorers
from coursekit.explorer_widgets import assessment_widget, norms_widget
from coursekit.progress import ProgressStore

DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture
def data_dir(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def test_norms_html_lists_every_norm_escaped_with_incidents():
    page = explorers.render_explorer_html("norms", DATA)
    assert page.count('class="ck-norm"') == 3
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Estonia 2007, WannaCry 2017" in page
    assert page.count('data-kind="don&#39;t"') == 1  # markupsafe writes ' as &#39;
    assert explorers.render_explorer_html("norms", DATA) == page  # deterministic


def test_assessment_html_has_labelled_controls_and_a_text_alternative():
    page = explorers.render_explorer_html("self-assessment", DATA)
    assert page.count("<select id=") == 3 and page.count("<label for=") == 3
    assert '<table class="ck-assessment-table">' in page and 'aria-live="polite"' in page
    assert "<script type=\"application/json\" class=\"ck-data\">" in page


@pytest.mark.parametrize("edit, message", [
    (lambda d: (d / "norms.csv").write_text("norm,short_name\na,x\n"), "norms.csv:1: missing column(s): paraphrase"),
    (lambda d: (d / "norms.csv").write_text((DATA / "norms.csv").read_text().replace(",don't,", ",never,")), "norms.csv:4: kind must be do or don't"),
    (lambda d: (d / "norms.csv").write_text((DATA / "norms.csv").read_text().replace("WannaCry 2017,", "WannaCry 2018,")), "norms.csv:3: not in incidents.csv: WannaCry 2018"),
    (lambda d: (d / "cmm-stages.csv").unlink(), "cmm-stages.csv: cannot read"),
    (lambda d: (d / "cmm-dimensions.csv").write_text("dimension_id,dimension,source\nd1,,x\n"), "cmm-dimensions.csv:2: empty dimension"),
    # An id reaches element ids and attributes in the page: markup in it is refused on load.
    (lambda d: (d / "cmm-dimensions.csv").write_text('dimension_id,dimension,source\nd1,A,x\n"x""><img src=x onerror=alert(1)>",B,x\n'),
     "cmm-dimensions.csv:3: dimension_id must be lower-case letters, digits and hyphens"),
])
def test_bad_data_names_file_and_line(data_dir, edit, message):
    edit(data_dir)
    kind = "norms" if "norms" in message else "self-assessment"
    with pytest.raises(explorers.ExplorerDataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        explorers.load(kind, data_dir)


def test_unknown_explorer_is_named():
    with pytest.raises(KeyError, match="explorers: norms, self-assessment"):
        explorers.load("atlas", DATA)


def test_norms_widget_filters_by_kind_and_word():
    box = norms_widget(explorers.load("norms", DATA))
    (kind, query), status, listing = box.children[0].children, box.children[1], box.children[2]
    assert "3 of 3" in status.value
    kind.value = "don't"
    assert "1 of 3" in status.value and "No safe havens" in listing.value
    kind.value, query.value = "", "wannacry"
    assert "1 of 3" in status.value and "Consider all information" in listing.value


def test_assessment_widget_saves_and_restores_answers(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    data = explorers.load("self-assessment", DATA)
    box = assessment_widget(data, store)
    menus = [c for c in box.children if isinstance(c, w.Dropdown)]
    assert len(menus) == 3
    menus[0].value, menus[2].value = 2, 3
    chart = box.children[-1]
    assert "Policy and strategy 2: Formative" in chart.value and "data:image/png;base64," in chart.value
    assert store.load_answers("self-assessment") == {"d1": 2, "d3": 3}
    again = [c for c in assessment_widget(data, store).children if isinstance(c, w.Dropdown)]
    assert [m.value for m in again] == [2, None, 3]
