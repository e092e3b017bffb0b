"""Build a throw-away copy of the course, for tests that edit banks or the engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_course(dest: Path) -> Path:
    """Copy what the build reads (and the engine, so a test may edit it) into ``dest``."""
    for name in ("_config.yml", "_toc.yml", "references.bib", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("book", "notebooks", "quizzes", "data", "scenarios", "assessment"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder)
    shutil.copytree(ROOT / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__"))
    cache = ROOT / "_build" / ".jupyter_cache"
    if cache.is_dir():  # reuse executed notebooks: these tests are about rendering, not execution
        shutil.copytree(cache, dest / "_build" / ".jupyter_cache")
    return dest


def build_copy(dest: Path, edition: str = "learner") -> str:
    """Strictly build one edition of the copy (by default the English book: these tests are
    about rendering, which the translated books share) with its own engine; return the output."""
    # PYTHONPATH puts the copied engine first, so editing it is like editing ours.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(dest / "src"), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "coursekit.build", str(dest), "--edition", edition, "-q"],
                            capture_output=True, text=True, env=env, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr
