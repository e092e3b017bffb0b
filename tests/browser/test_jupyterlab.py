"""The chapters in a real JupyterLab, as a learner running them locally sees them: MyST
renders (no raw {cite} or {term} roles, no raw directives), and quiz feedback after Check is
in an element screen readers announce."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from coursekit.course import chapter_slugs
from coursekit.i18n import t

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = chapter_slugs(ROOT)
TOKEN = "coursekit-test"
# What a learner would see if MyST did not render: a role, or a directive fence.
RAW_MYST = re.compile(r"\{(?:cite|term|doc|ref|numref)\}`|```\{")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the chapters, with the course's kernel environment."""
    home = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", home / "notebooks")
    shutil.copytree(ROOT / "book" / "figures", home / "book" / "figures")
    quiz = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'from coursekit import show_quiz\nshow_quiz("global-context", "check-1")')])
    quiz.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(quiz, home / "quiz.ipynb")
    # Render every cell (JupyterLab otherwise renders only the cells in view).
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port = _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "COURSEKIT_ROOT": str(ROOT),
           "COURSEKIT_PROGRESS": str(home / "progress.json")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={home}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _open(page: Page, lab: str, path: str) -> None:
    page.goto(f"{lab}/lab/workspaces/{re.sub(r'[^a-z0-9]', '-', path)}/tree/{path}?reset&token={TOKEN}")


def test_no_chapter_shows_raw_myst_markup(page: Page, lab):
    """jupyterlab-myst (in the learner environment) renders roles, admonitions and figures."""
    page.set_viewport_size({"width": 1280, "height": 900})
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    for slug in CHAPTERS:
        _open(page, lab, f"notebooks/{slug}.ipynb")
        page.wait_for_selector(f"{panel} .jp-MarkdownCell .myst", timeout=90_000)
        cells = len(nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4).cells)
        expect(page.locator(f"{panel} .jp-Cell")).to_have_count(cells, timeout=60_000)
        page.wait_for_timeout(1500)  # MyST renders each cell asynchronously
        text = page.evaluate(f"[...document.querySelectorAll('{panel} .jp-MarkdownCell')].map(e => e.innerText).join('\\n')")
        assert "Learning objectives" in text, slug
        raw = [m.group(0) for m in RAW_MYST.finditer(text)]
        assert raw == [], f"{slug}: raw MyST shown to the learner: {raw[:5]}"


def test_quiz_feedback_is_announced_in_jupyterlab(page: Page, lab):
    """After Check, the feedback sits in an element with role="alert", which screen readers
    announce when it appears (a widget's HTML is replaced whole, so a polite region would not be)."""
    _open(page, lab, "quiz.ipynb")
    # Run the cell only once the kernel is idle: a cell run while the kernel was still starting
    # was lost on a loaded machine (seen in CI). JupyterLab may instead ask which kernel to
    # start (also seen in CI): take its proposal, the notebook's python3.
    idle = page.get_by_role("button", name=re.compile(r"\| Idle$"))
    select_kernel = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
    expect(idle.or_(select_kernel)).to_be_visible(timeout=120_000)
    if select_kernel.is_visible():
        select_kernel.click()
    expect(idle).to_be_visible(timeout=120_000)
    page.locator(".jp-CodeCell").first.click()
    page.keyboard.press("Shift+Enter")
    question = page.locator(".jp-OutputArea-output .widget-vbox .widget-vbox").first
    check = question.get_by_role("button", name=t("check"))
    expect(check).to_be_visible(timeout=120_000)
    check.click()  # nothing chosen: a hint, announced
    alert = question.get_by_role("alert")
    expect(alert).to_have_text(t("unanswered"))
    control = question.locator("input[type=radio], input[type=checkbox], select").first
    if control.evaluate("e => e.tagName") == "SELECT":
        control.select_option(index=1)
    else:
        control.check()
    check.click()
    expect(alert).to_contain_text(re.compile(f"{re.escape(t('correct'))}|{re.escape(t('incorrect'))}"))
