"""The instructor edition in a real browser: its own pages (keys, notes, agendas,
role-play, handouts) pass axe in both themes and work offline, and the handouts print
to PDF with one role card, worksheet or chapter quiz per sheet."""

from __future__ import annotations

import re
import unicodedata
import subprocess
import sys

import pytest
from conftest import axe_violations
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from coursekit.loader import load_banks

pytestmark = pytest.mark.browser


def _pdf_pages(path) -> list[str]:
    """Text of each sheet; NFKC undoes the typographic ligatures PDF text comes with ("ﬁ")."""
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(path).pages]


def _instructor_pages(built_instructor) -> list[str]:
    html = built_instructor["html"]
    return sorted(str(p.relative_to(html)) for p in (html / "instructor").rglob("*.html"))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_instructor_pages_pass_axe_and_work_offline(page: Page, instructor_url, built_instructor, theme, requests_seen):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    found = {}
    names = _instructor_pages(built_instructor)
    assert len(names) >= 20
    for name in names:
        violations = axe_violations(page, f"{instructor_url}/{name}", theme)
        expect(page.locator("main")).to_be_visible()
        if violations:
            found[name] = violations
    assert found == {}
    assert errors == []


def test_handouts_print_to_pdf_one_item_per_sheet(built_instructor, tmp_path, root):
    pages = built_instructor["html"] / "instructor" / "handouts"
    # The command instructors run (a process of its own: Playwright's sync API cannot
    # start inside the browser tests' event loop).
    result = subprocess.run([sys.executable, "-m", "coursekit", "handouts", "--pages", str(pages), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    written = {p.stem: p for p in tmp_path.glob("*.pdf")}
    assert sorted(written) == ["quizzes", "role-cards", "worksheets"]
    assert all(path.read_bytes().startswith(b"%PDF-") for path in written.values())
    assert not list(tmp_path.glob("*.part"))

    cards = re.findall(r"^## (.+)$", (root / "instructor" / "handouts" / "role-cards.md").read_text(encoding="utf-8"), re.MULTILINE)
    sheets = _pdf_pages(written["role-cards"])
    starts = [text.split("\n", 1)[0].strip() for text in sheets]
    # A cover sheet, then each card starts a sheet of its own (a long card may take two).
    assert "Role cards" in starts[0]
    for card in cards:
        assert card.split(" (")[0][:25] in "\n".join(starts), f"card '{card}' does not start a sheet"
    assert len(sheets) <= 2 * len(cards) + 1
    for text in sheets:  # no theme chrome on paper
        assert "Skip to main content" not in text and "Search" not in text.split("\n", 1)[0]

    quiz_sheets = _pdf_pages(written["quizzes"])
    quiz_text = "\n".join(quiz_sheets)
    chapters = re.findall(r"^## (.+)$", (root / "instructor" / "handouts" / "quizzes.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert len(chapters) == len(load_banks([root / "quizzes"]))
    quiz_starts = [text.split("\n", 1)[0] for text in quiz_sheets]
    for chapter in chapters:
        assert any(start.startswith(chapter[:20]) for start in quiz_starts), f"the quiz of '{chapter}' does not start a sheet"
    assert "Answer:" not in quiz_text and "Explanation" not in quiz_text
