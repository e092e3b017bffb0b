"""Find the course's folders (quizzes/, data/) from wherever Jupyter was started.

Learners open notebooks from the repository root, from ``notebooks/`` or from an
unpacked download, so paths are never written relative to the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

# Set this to the course folder to override the search (e.g. on a JupyterHub).
ROOT_ENV = "COURSEKIT_ROOT"


class CourseNotFoundError(FileNotFoundError):
    """The course folder (with quizzes/ and data/) could not be found."""


def course_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) that holds ``quizzes/``."""
    if os.environ.get(ROOT_ENV):
        root = Path(os.environ[ROOT_ENV]).expanduser()
        if (root / "quizzes").is_dir():
            return root
        raise CourseNotFoundError(f"{ROOT_ENV}={root} has no 'quizzes' folder")
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "quizzes").is_dir() and (folder / "data").is_dir():
            return folder
    raise CourseNotFoundError(
        f"cannot find the course folder (with 'quizzes' and 'data') at or above {here}; "
        f"start Jupyter inside the course folder or set {ROOT_ENV}"
    )


def bank_file(chapter: str, root: Path | None = None) -> Path:
    return (root or course_root()) / "quizzes" / f"{chapter}.yml"


def data_file(name: str) -> Path:
    """Path of a data file shipped with the course, e.g. ``data_file("incidents.csv")``."""
    path = course_root() / "data" / name
    if not path.is_file():
        raise FileNotFoundError(f"no data file '{name}' in {path.parent}")
    return path


def built_files(outdir: Path, pattern: str = "*") -> list[Path]:
    """The files of one built book that match ``pattern``, sorted. The English book's folder
    holds the French and Spanish books (fr/, es/): they are not its files, so the steps that
    finish a build (the stylesheet bundle, light pages, the offline list) leave them alone."""
    from .catalogs import LANGUAGES

    outdir = Path(outdir)
    return sorted(p for p in outdir.rglob(pattern)
                  if p.is_file() and p.relative_to(outdir).parts[0] not in LANGUAGES)
