"""A release's files (``make release``, coursekit.bundles.release): all present, checksums
right, answer keys only in the instructor edition."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coursekit import bundles

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def test_release_has_every_file_with_checksums_and_keys_only_for_instructors(built_book, built_instructor, tmp_path):
    assert built_book["code"] == 0 and built_instructor["code"] == 0
    pdfs = tmp_path / "handouts"
    # The command instructors run, in a process of its own: Playwright's sync API cannot
    # start inside the browser tests' event loop.
    result = subprocess.run([sys.executable, "-m", "coursekit", "handouts", "--pages",
                             str(built_instructor["html"] / "instructor" / "handouts"), "--out", str(pdfs)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "release"
    written = bundles.release(ROOT, built_book["html"], built_instructor["html"], pdfs, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in written) == sorted([
        "SHA256SUMS", "quizzes-canvas-qti.zip", "quizzes.csv", "quizzes.gift", "quizzes.pdf", "role-cards.pdf",
        "un-cyber-course-instructor.zip", "un-cyber-course-offline.zip", "un-cyber-course-scorm12.zip", "worksheets.pdf"])
    sums = dict(reversed(line.split("  ")) for line in (out / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == set(names) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    for name in ("quizzes.pdf", "role-cards.pdf", "worksheets.pdf"):
        assert (out / name).read_bytes().startswith(b"%PDF-")
    assert "::" in (out / "quizzes.gift").read_text(encoding="utf-8")

    def keys(zip_name: str) -> int:
        with zipfile.ZipFile(out / zip_name) as archive:
            return sum(b"ck-answer-key" in archive.read(n) for n in archive.namelist() if n.endswith(".html"))

    assert keys("un-cyber-course-offline.zip") == 0 and keys("un-cyber-course-scorm12.zip") == 0
    assert keys("un-cyber-course-instructor.zip") >= 12  # one answer key per chapter at least
    with zipfile.ZipFile(out / "un-cyber-course-offline.zip") as archive:
        assert not [n for n in archive.namelist() if "/instructor/" in n]


def test_release_refuses_missing_handouts_and_writes_nothing(built_book, built_instructor, tmp_path):
    out = tmp_path / "release"
    with pytest.raises(bundles.BundleError, match="missing quizzes.pdf"):
        bundles.release(ROOT, built_book["html"], built_instructor["html"], tmp_path / "nothing", out)
    assert not out.exists()
