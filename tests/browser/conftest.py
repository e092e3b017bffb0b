"""Fixtures for the browser tests: Debian chromium through Playwright, and a local
site with quiz pages rendered by coursekit.render_html.

`playwright install` cannot download browsers here, so the tests drive the apt
package /usr/bin/chromium. Without it they skip locally, but fail in CI: a CI run
that silently skipped the browser tests would look green while testing nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coursekit import handouts, weight
from coursekit.assessment import render_assessment_html
from coursekit.explorers import render_explorer_html
from coursekit.loader import load_bank
from coursekit.tabletop import load_scenario, render_tabletop_html
from coursekit.render_html import render_progress_html, render_quiz_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", *handouts.CHROMIUM_ARGS]
HERE = Path(__file__).parent
STATIC = HERE.parent.parent / "src" / "coursekit" / "static"
DATA = HERE.parent / "fixtures" / "data"
# axe-core, pinned by tests/js/package-lock.json (make test runs npm ci there); not the
# older copy that a Python wrapper would bundle.
AXE_PACKAGE = HERE.parent / "js" / "node_modules" / "axe-core"

# A stand-in for the book page: the theme's light/dark backgrounds (for the contrast
# checks), a <main> landmark, and the shared asset pair loaded once per page.
PAGE = """<!DOCTYPE html>
<html lang="en" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="coursekit.css">
<style>
body {{ background: #ffffff; color: #222832; font-family: sans-serif; max-width: 50rem; margin: 0 auto; padding: 1rem; }}
html[data-theme="dark"] body {{ background: #14181e; color: #ced6dd; }}
html[data-theme="dark"] a {{ color: #8ab4f8; }}
</style>
<script src="coursekit.js" defer></script>
<script src="coursekit-explorers.js" defer></script>
<script src="coursekit-tabletop.js" defer></script>
<script src="coursekit-final.js" defer></script>
</head>
<body><main><h1>{title}</h1>
{body}
</main></body>
</html>
"""


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        message = "chromium not installed: apt-get install chromium"
        if _ci():
            pytest.fail(message + " (CI is set: a skipped browser test counts as a failure)")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def banks():
    return {
        "quiz-fixture": load_bank(HERE / "quiz_fixture.yml"),
        "xss-fixture": load_bank(HERE / "xss_fixture.yml"),
    }


@pytest.fixture(scope="session")
def site(tmp_path_factory, banks):
    """Base URL of a local HTTP server over a folder of rendered test pages."""
    root = tmp_path_factory.mktemp("site")
    for name in ("coursekit.js", "coursekit.css", "coursekit-explorers.js", "coursekit-tabletop.js", "coursekit-final.js"):
        shutil.copy(STATIC / name, root / name)
    quiz, xss = banks["quiz-fixture"], banks["xss-fixture"]
    final = load_bank(HERE / "final_fixture.yml")
    pages = {
        # Two quizzes on one page: they must not interfere (ids, radio names, scores).
        "quiz.html": (quiz.title, render_quiz_html(quiz, "all") + "\n" + render_quiz_html(quiz, "short")),
        "xss.html": ("XSS fixture", render_quiz_html(xss, "all")),
        "progress.html": ("Progress", render_progress_html(banks)),
        "explorers.html": ("Explorers", render_explorer_html("norms", DATA) + render_explorer_html("self-assessment", DATA)),
        "final.html": ("Final", render_assessment_html({"final-fixture": final}, ["final-fixture"])),
        "tabletop.html": ("Tabletop", render_tabletop_html(load_scenario(HERE.parent / "fixtures" / "scenarios" / "good-scenario.yml"))),
    }
    for name, (title, body) in pages.items():
        # str.format does not re-read the body, so braces in quiz text are harmless.
        (root / name).write_text(PAGE.format(title=title.replace("<", "&lt;"), body=body), encoding="utf-8")
    with serve(root) as url:
        yield url


@pytest.fixture(scope="session")
def book_url(built_book):
    """Base URL of the strictly built book (tests/conftest.py), served on 127.0.0.1."""
    assert built_book["code"] == 0, "the book did not build:\n" + built_book["output"][-3000:]
    with serve(built_book["html"]) as url:
        yield url


@contextlib.contextmanager
def serve(folder: Path):
    """A local HTTP server over ``folder`` for the duration of the block (no trailing slash)."""
    with weight.serve(folder) as url:
        yield url.rstrip("/")


@pytest.fixture
def requests_seen(context):
    """Every URL the test's browser context requests; anything not on 127.0.0.1 is
    blocked (the book must work offline) and still recorded, so a test can assert."""
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    context.route(
        lambda url: urlsplit(url).hostname not in ("127.0.0.1", None),
        lambda route: route.abort(),
    )
    return seen


@pytest.fixture(autouse=True)
def _no_external_requests(request):
    """Every browser test also checks that nothing left localhost."""
    if "page" not in request.fixturenames:
        yield
        return
    seen = request.getfixturevalue("requests_seen")
    yield
    # file:// is the offline copy opened from disk (test_offline_bundle.py).
    outside = [url for url in seen if urlsplit(url).hostname not in ("127.0.0.1",) and not url.startswith(("data:", "file:"))]
    assert not outside, f"requests left localhost: {outside}"


@pytest.fixture(scope="session")
def instructor_url(built_instructor):
    """Base URL of the instructor edition (tests/conftest.py), served on 127.0.0.1."""
    assert built_instructor["code"] == 0, "the instructor edition did not build:\n" + built_instructor["output"][-3000:]
    with serve(built_instructor["html"]) as url:
        yield url


def axe_pinned_version() -> str:
    """The axe-core version that tests/js pins, or a skip (a failure in CI) when npm has not installed it."""
    manifest = AXE_PACKAGE / "package.json"
    if not manifest.is_file():
        message = "axe-core not installed: run make test (it runs npm ci in tests/js; needs Node.js and npm)"
        if _ci():
            pytest.fail(message + " (CI is set: a skipped accessibility test counts as a failure)")
        pytest.skip(message)
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def axe_run(page) -> list[dict]:
    """axe-core's violations on the page as it is now, with every rule axe-core enables by default."""
    version = axe_pinned_version()
    # A book page draws its sections in short tasks after loading (coursekit.js); axe reads
    # colours from what is drawn, so it waits until the page is complete.
    page.wait_for_function("!window.coursekit || 'ckDrawn' in document.documentElement.dataset")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PACKAGE / "axe.min.js"))
    assert page.evaluate("window.axe.version") == version
    return page.evaluate("async () => (await window.axe.run(document)).violations")


def axe_violations(page, url: str, theme: str) -> list:
    """axe-core's violations on ``url`` in the theme's light or dark mode, as
    (rule, impact, first targets); colours are checked as users end up seeing them."""
    page.goto(url)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")  # the theme animates colours
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in axe_run(page)]
