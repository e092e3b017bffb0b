"""Shared fixtures: the course layout, and one strict book build shared by all tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]


OFFLINE = Path(__file__).parent / "offline"


def pytest_configure(config):
    # Notebook kernels started by nbval inherit this: tests never touch a learner's progress.
    os.environ.setdefault("COURSEKIT_PROGRESS", str(ROOT / "_build" / "test-progress.json"))
    # Every Python process the tests start (nbval kernels, the book build and its kernels)
    # runs with non-loopback connections refused: see offline/sitecustomize.py.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> dict:
    """Build the book once per test run (strict), shared across xdist workers.

    The first worker to take the lock builds and saves the outcome; the other worker
    reads that outcome, so both see the same (first, complete) build's warnings.
    """
    shared = tmp_path_factory.getbasetemp().parent
    outcome = shared / "book-build.json"
    with FileLock(str(shared / "book-build.lock")):
        if not outcome.exists():
            result = subprocess.run(
                [sys.executable, "-m", "coursekit.build", str(ROOT)],
                capture_output=True, text=True, cwd=ROOT, timeout=1500,
            )
            outcome.write_text(json.dumps({"code": result.returncode, "output": result.stdout + result.stderr}))
        saved = json.loads(outcome.read_text())
    return {**saved, "html": ROOT / "_build" / "html"}


@pytest.fixture(scope="session")
def built_instructor(built_book, tmp_path_factory) -> dict:
    """The instructor edition, built once per test run after the learner book (the two
    share the execution cache, so this build executes no notebook)."""
    shared = tmp_path_factory.getbasetemp().parent
    outcome = shared / "instructor-build.json"
    with FileLock(str(shared / "instructor-build.lock")):
        if not outcome.exists():
            result = subprocess.run(
                [sys.executable, "-m", "coursekit.build", str(ROOT), "--edition", "instructor"],
                capture_output=True, text=True, cwd=ROOT, timeout=1500,
            )
            outcome.write_text(json.dumps({"code": result.returncode, "output": result.stdout + result.stderr}))
        saved = json.loads(outcome.read_text())
    return {**saved, "html": ROOT / "_build" / "instructor" / "html"}
