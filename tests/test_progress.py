"""The progress file: atomic, shared safely between kernels, tolerant of corruption."""

from __future__ import annotations

import json
import multiprocessing
import os
import warnings

import pytest

from coursekit.progress import ProgressStore, default_path


def test_records_attempts_and_best_result(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    store.record("history", "q1", False)
    store.record("history", "q1", True)
    store.record("history", "q1", False)
    entry = store.load()["history"]["q1"]
    assert entry == {"attempts": 3, "correct": True, "last": False}


def test_progress_survives_a_new_store(tmp_path):
    ProgressStore(tmp_path / "p.json").record("a", "q", True)
    assert ProgressStore(tmp_path / "p.json").load() == {"a": {"q": {"attempts": 1, "correct": True, "last": True}}}


def test_environment_variable_overrides_location(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "x" / "mine.json"))
    assert default_path() == tmp_path / "x" / "mine.json"
    ProgressStore().record("c", "q", True)
    assert (tmp_path / "x" / "mine.json").is_file()


@pytest.mark.parametrize("garbage", ["{not json", '{"version": 1, "chapters": []}', '["a"]', "\udcff"[:0] + "\x00\x01"])
def test_corrupt_file_is_moved_aside_and_recording_continues(tmp_path, garbage):
    path = tmp_path / "p.json"
    path.write_text(garbage, encoding="utf-8")
    store = ProgressStore(path)
    with pytest.warns(UserWarning, match="moved to"):
        store.record("a", "q", True)
    assert store.load()["a"]["q"]["attempts"] == 1
    aside = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == garbage


def test_unwritable_location_warns_but_does_not_raise(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = ProgressStore(blocker / "sub" / "p.json")  # a folder under a file cannot exist
    with pytest.warns(UserWarning, match="could not be saved"):
        store.record("a", "q", True)


def _record_many(path: str, worker: int, count: int) -> None:
    store = ProgressStore(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any lost update or lock problem fails loudly
        for i in range(count):
            store.record("shared", f"w{worker}-q{i % 5}", i % 2 == 0)


def test_two_processes_recording_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "p.json")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_record_many, args=(path, n, 40)) for n in range(2)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    chapters = ProgressStore(path).load()
    assert sum(e["attempts"] for e in chapters["shared"].values()) == 80


def _write_then_die(path: str) -> None:
    # Die inside the write, after the temporary file is written but before the swap.
    import coursekit.progress as progress

    def crash(*_args):
        os._exit(3)

    progress.os.replace = crash
    ProgressStore(path).record("a", "new", True)


def test_killed_mid_write_leaves_previous_file_intact(tmp_path):
    path = tmp_path / "p.json"
    ProgressStore(path).record("a", "old", True)
    before = path.read_text(encoding="utf-8")
    proc = multiprocessing.get_context("spawn").Process(target=_write_then_die, args=(str(path),))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 3
    assert path.read_text(encoding="utf-8") == before
    assert json.loads(before)["chapters"]["a"] == {"old": {"attempts": 1, "correct": True, "last": True}}


def test_a_transient_read_error_keeps_the_file_and_writes_nothing(tmp_path, monkeypatch):
    """A file another program holds open (as Windows does) is not corruption: it stays where
    it is, untouched, and the save after the failed read is skipped with a warning."""
    from pathlib import Path

    path = tmp_path / "p.json"
    store = ProgressStore(path)
    store.record("a", "q", True)
    before = path.read_bytes()
    real = Path.read_bytes

    def locked(self):
        if self == path:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    with pytest.warns(UserWarning, match="could not be saved"):
        store.record("b", "q", True)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("p.json.broken-*"))
    store.record("b", "q", True)  # the lock is gone: recording works again, nothing was lost
    assert set(store.load()) == {"a", "b"}


def test_a_deeply_nested_file_is_corruption_not_a_crash(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    store = ProgressStore(path)
    with pytest.warns(UserWarning, match="corrupt"):
        store.record("a", "q", True)  # no RecursionError through a Check button
    assert store.load() == {"a": {"q": {"attempts": 1, "correct": True, "last": True}}}
    assert len(list(tmp_path.glob("p.json.broken-*"))) == 1


@pytest.mark.parametrize("entry", [{"attempts": -1, "correct": True}, {"attempts": 1, "correct": "yes"},
                                   {"attempts": True, "correct": True}, {"attempts": 1.5, "correct": False}])
def test_entries_with_impossible_values_are_rejected(tmp_path, entry):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"version": 1, "chapters": {"a": {"q": entry}}, "answers": {}}), encoding="utf-8")
    with pytest.warns(UserWarning, match="corrupt"):
        assert ProgressStore(path).load() == {}


def test_the_swap_is_retried_while_windows_holds_the_file(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    real, calls = os.replace, []

    def busy_twice(src, dst):
        calls.append(dst)
        if len(calls) <= 2:
            raise PermissionError(13, "Access is denied")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", busy_twice)
    ProgressStore(path).record("a", "q", True)
    assert len(calls) == 3 and json.loads(path.read_text(encoding="utf-8"))["chapters"]["a"]["q"]["attempts"] == 1
    assert not list(tmp_path.glob("*.tmp"))


def test_a_saved_rating_outside_the_scale_does_not_break_the_explorer(tmp_path):
    from coursekit import explorers
    from coursekit.explorer_widgets import assessment_widget
    from coursekit.paths import course_root

    store = ProgressStore(tmp_path / "p.json")
    data = explorers.load("self-assessment", course_root() / "data")
    first, second = (d["id"] for d in data["dimensions"][:2])
    store.save_answers("self-assessment", {first: 99, second: 2})
    widget = assessment_widget(data, store)  # raised a TraitError before
    values = [c.value for c in widget.children if hasattr(c, "options")]
    assert values[0] is None and values[1] == 2
