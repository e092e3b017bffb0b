"""show_quiz emits the right representations in each place the course runs."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from coursekit import display
from coursekit.i18n import t

GOOD = Path(__file__).parent / "fixtures" / "quizzes" / "good" / "good-bank.yml"


@pytest.fixture
def course(tmp_path, monkeypatch):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(GOOD, tmp_path / "quizzes" / "good-bank.yml")
    monkeypatch.setenv("COURSEKIT_ROOT", str(tmp_path))
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("COURSEKIT_RENDER", raising=False)
    return tmp_path


@pytest.fixture
def shown(monkeypatch):
    bundles = []
    monkeypatch.setattr(display, "display", lambda obj, raw=False: bundles.append(obj))
    return bundles


def test_live_kernel_gets_widget_plus_fallbacks(course, shown):
    display.show_quiz("good-bank", "check-1")
    bundle = shown[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle[display.QUIZ_MIME] == {"chapter": "good-bank", "group": "check-1"}
    assert "<details" in bundle["text/html"]
    assert bundle["text/plain"].startswith(t("question_n", n=1, total=4))


def test_book_build_gets_no_widget(course, shown, monkeypatch):
    monkeypatch.setenv("COURSEKIT_RENDER", "static")
    display.show_quiz("good-bank", "check-2")
    assert "application/vnd.jupyter.widget-view+json" not in shown[0]
    assert shown[0][display.QUIZ_MIME]["group"] == "check-2"


def test_without_ipywidgets_the_html_shows_with_a_notice(course, shown, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails as if not installed
    monkeypatch.delitem(sys.modules, "coursekit.widgets", raising=False)
    display.show_quiz("good-bank", "check-1")
    bundle = shown[0]
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert t("widgets_missing") in bundle["text/html"]


def test_text_plain_never_reveals_answers(course, shown):
    display.show_quiz("good-bank", "check-2")
    bank = display.get_bank("good-bank")
    text = shown[0]["text/plain"]
    for q in bank.group("check-2"):
        if q.type == "short-text":
            assert all(a not in text for a in q.accept)
        if q.type == "numeric":
            assert f"{q.answer:g}" not in text


def test_unknown_group_names_the_choices(course, shown):
    with pytest.raises(KeyError, match="groups: check-1, check-2"):
        display.show_quiz("good-bank", "nope")


def test_edited_bank_is_reread(course, shown):
    display.show_quiz("good-bank", "check-1")
    path = course / "quizzes" / "good-bank.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Edited "), encoding="utf-8")
    import os
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert display.get_bank("good-bank").title.startswith("Edited")


def test_progress_rows(course):
    from coursekit.progress import ProgressStore

    ProgressStore().record("good-bank", "q-single", True)
    ProgressStore().record("good-bank", "q-numeric", False)
    rows = display.progress_rows()
    assert rows == [{"chapter": "good-bank", "title": display.get_bank("good-bank").title,
                     "questions": 7, "answered": 2, "correct": 1}]
