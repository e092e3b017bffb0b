"""Build the book: ``python -m coursekit.build`` (what ``make book`` runs).

Equivalent to ``jupyter-book build . -W --keep-going`` (strict: any warning or any
failing notebook cell fails the build), plus parallel reading so notebooks execute
on every core: ``jupyter-book build`` has no ``-j`` option.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def build(root: Path, *, jobs: int | None = None, fresh: bool = False, quiet: bool = False) -> int:
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        str(root),
        str(root / "_build" / "html"),
        noconfig=True,
        path_config=str(root / "_config.yml"),
        # What `jupyter-book build` passes for a book with a _toc.yml.
        confoverrides={"external_toc_path": str(root / "_toc.yml"), "latex_individualpages": False},
        warningiserror=True,
        keep_going=True,
        freshenv=fresh,
        jobs=jobs or os.cpu_count() or 1,
        quiet=quiet,
    )
    return 0 if result == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.build", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="book folder (with _config.yml)")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="parallel processes (default: all cores)")
    parser.add_argument("--fresh", action="store_true", help="ignore the saved environment (re-read every page)")
    parser.add_argument("--quiet", "-q", action="store_true")
    args = parser.parse_args(argv)
    code = build(args.root.resolve(), jobs=args.jobs, fresh=args.fresh, quiet=args.quiet)
    if code == 0:
        print(f"Book built: {args.root.resolve() / '_build' / 'html' / 'index.html'}")
    else:
        print("Book build FAILED: see the warnings and errors above.", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
