"""A learner's quiz progress on disk: attempts and results per chapter and question.

The file lives in the user's data folder (override with COURSEKIT_PROGRESS). Every
update is read-modify-write under a file lock, so two kernels recording at once
lose nothing, and the new content is written to a temporary file and swapped in
with ``os.replace``, so a crash mid-write leaves the previous file intact. Only a
file whose *content* is bad (not UTF-8, not JSON, too deeply nested, wrong structure) is
moved aside with a warning; recording then continues. A file that cannot be read for the
moment (another program holds it, as Windows does) is left alone and nothing is written
after the failed read: this save is skipped with a warning, the next one works.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from pathlib import Path

from filelock import FileLock
from platformdirs import user_data_dir

PATH_ENV = "COURSEKIT_PROGRESS"
_VERSION = 1
# os.replace fails on Windows while another process (an antivirus, a backup tool, a second
# kernel reading the file) holds the target open: try again briefly before giving up.
_REPLACE_TRIES, _REPLACE_PAUSE = 5, 0.05


def default_path() -> Path:
    if os.environ.get(PATH_ENV):
        return Path(os.environ[PATH_ENV]).expanduser()
    return Path(user_data_dir("un-cyber-course", appauthor=False)) / "progress.json"


class ProgressStore:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()
        self._lock = FileLock(str(self.path) + ".lock", timeout=10)

    def load(self) -> dict[str, dict[str, dict]]:
        """chapter -> question id -> {"attempts": int, "correct": bool (ever), "last": bool}."""
        return self._load()["chapters"]

    def load_answers(self, name: str) -> dict[str, int]:
        """Saved answers of an activity such as the self-assessment (id -> value)."""
        return dict(self._load()["answers"].get(name, {}))

    def record(self, chapter: str, question_id: str, correct: bool) -> None:
        def update(doc: dict) -> None:
            entry = doc["chapters"].setdefault(chapter, {}).setdefault(
                question_id, {"attempts": 0, "correct": False, "last": False}
            )
            entry["attempts"] += 1
            entry["correct"] = bool(entry["correct"] or correct)
            entry["last"] = bool(correct)

        self._update(update)

    def save_answers(self, name: str, answers: dict[str, int]) -> None:
        self._update(lambda doc: doc["answers"].__setitem__(name, dict(answers)))

    # -- file handling --------------------------------------------------------
    def _load(self) -> dict:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                return self._read()
        except OSError as exc:  # unwritable folder, lock timeout: progress is optional
            warnings.warn(f"progress cannot be read from {self.path}: {exc}", stacklevel=3)
            return _empty()

    def _update(self, change) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                doc = self._read()
                change(doc)
                self._write(doc)
        except OSError as exc:
            # Never break a notebook because progress could not be saved.
            warnings.warn(f"progress could not be saved to {self.path}: {exc}", stacklevel=3)

    def _read(self) -> dict:  # call with the lock held
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty()
        # Any other OSError (a lock held by another program, a network drive gone) is
        # transient: it propagates, so the caller neither discards the file nor overwrites it.
        try:
            data = json.loads(raw.decode("utf-8"))
            doc = {"chapters": data["chapters"], "answers": data.get("answers", {})}
            if data.get("version") != _VERSION or not _well_formed(doc):
                raise ValueError("unexpected structure")
            return doc
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            # UnicodeDecodeError is a ValueError; RecursionError comes from absurd nesting.
            self._move_aside(f"corrupt ({type(exc).__name__})")
            return _empty()

    def _write(self, doc: dict) -> None:  # call with the lock held
        payload = json.dumps({"version": _VERSION, **doc}, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            for attempt in range(_REPLACE_TRIES):
                try:
                    os.replace(tmp, self.path)
                    break
                except PermissionError:
                    if attempt == _REPLACE_TRIES - 1:
                        raise
                    time.sleep(_REPLACE_PAUSE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _move_aside(self, why: str) -> None:
        aside = self.path.with_name(f"{self.path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
            where = f"moved to {aside}"
        except OSError:
            where = "left in place"
        warnings.warn(f"progress file {self.path} was {why}; {where}; starting afresh", stacklevel=3)


def _empty() -> dict:
    return {"chapters": {}, "answers": {}}


def _well_formed(doc: dict) -> bool:
    chapters, answers = doc["chapters"], doc["answers"]
    return (
        isinstance(chapters, dict)
        and all(isinstance(qs, dict) and all(_entry_ok(e) for e in qs.values()) for qs in chapters.values())
        and isinstance(answers, dict)
        and all(isinstance(a, dict) and all(isinstance(v, int) for v in a.values()) for a in answers.values())
    )


def _entry_ok(entry: object) -> bool:
    return (isinstance(entry, dict) and type(entry.get("attempts")) is int and entry["attempts"] >= 0
            and isinstance(entry.get("correct"), bool) and isinstance(entry.get("last", False), bool))
