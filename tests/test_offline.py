"""Notebooks run with no network, from any folder a learner might start Jupyter in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from coursekit.course import chapter_slugs

ROOT = Path(__file__).resolve().parents[1]


def test_the_network_guard_is_active_in_child_processes():
    """The guard must really block, or the tests below would prove nothing."""
    code = "import socket\ntry:\n socket.create_connection(('192.0.2.1', 80), timeout=2)\nexcept OSError as e: print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert "network disabled by the course tests" in out.stdout
    code = "import socket; print(len(socket.getaddrinfo('127.0.0.1', 80)) > 0)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "True"


# nbval already runs every notebook from its own folder (notebooks/); these run them from
# the repository root and from a folder outside the course, with COURSEKIT_ROOT set.
@pytest.mark.parametrize("start", ["root", "elsewhere"])
@pytest.mark.parametrize("slug", chapter_slugs(ROOT))
def test_notebook_runs_offline_from_another_folder(slug, start, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress.json"))
    if start == "elsewhere":
        monkeypatch.setenv("COURSEKIT_ROOT", str(ROOT))
    cwd = ROOT if start == "root" else tmp_path
    nb = nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
