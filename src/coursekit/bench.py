"""Benchmark the book build: ``make bench`` (prints numbers; it is not a test).

Measured in one run, on a fresh copy of the course in a temporary folder:
- cold build (no cache, no saved environment) and warm rebuild (nothing changed);
- the instructor edition built after the learner book (they share the execution cache);
- Sphinx's own work (a fresh build with every notebook cached, one core), and with it the
  lowest cold build the machine allows: (summed execution + Sphinx's work) / N;
- each notebook executed on its own, summed: the execution floor on N cores is
  max(sum / N, longest notebook);
- after editing one quiz bank: the rebuild time and how many HTML pages changed;
- the bytes of course JavaScript + CSS a chapter page loads;
- the wall time of the full test command (skip with --no-tests).
Ratios matter more than seconds: the machines are noisy.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COPIED = ("_config.yml", "_toc.yml", "references.bib", "book", "notebooks", "quizzes", "data", "scenarios", "assessment", "instructor")


def _run_build(root: Path, jobs: int, *extra: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "coursekit.build", str(root), "-q", "-j", str(jobs), *extra],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def _execute_time(notebook: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
    return time.perf_counter() - start


def _course_asset_bytes(page: Path, html: Path) -> int:
    """Bytes of the course's own JS and CSS that one page loads."""
    names = set(re.findall(r'_static/(coursekit[\w.-]*\.(?:js|css))', page.read_text(encoding="utf-8")))
    return sum((html / "_static" / n).stat().st_size for n in names)


def _digests(html: Path) -> dict[str, str]:
    return {str(p.relative_to(html)): hashlib.sha256(p.read_bytes()).hexdigest() for p in html.rglob("*.html")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.bench", description="Benchmark the book build.")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-tests", action="store_true", help="skip timing the full test command (make test)")
    args = parser.parse_args(argv)
    root = args.root.resolve()

    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        work = Path(tmp)
        for name in COPIED:
            src = root / name
            if not src.exists():
                continue
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / name)
        os.environ.setdefault("COURSEKIT_PROGRESS", str(work / "progress.json"))

        cold = _run_build(work, args.jobs)
        warm = _run_build(work, args.jobs)
        instructor = _run_build(work, args.jobs, "--edition", "instructor")  # shares the execution cache
        # Sphinx's own work: every page re-read and re-written, every notebook from the
        # cache, on one core. With it, a cold build can take no less than (sum + this) / N.
        sphinx_only = _run_build(work, 1, "--fresh")

        bank = sorted((work / "quizzes").glob("*.yml"))[0]

        def edit_bank() -> None:
            bank.write_text(bank.read_text(encoding="utf-8").replace("prompt: ", "prompt: (edited) ", 1), encoding="utf-8")

        # The first incremental build after a cold one also adds cache-busting ?v= digests
        # to every page (assets written late in the cold build); measure the second edit.
        edit_bank()
        _run_build(work, args.jobs)
        before = _digests(work / "_build" / "html")
        edit_bank()
        edited = _run_build(work, args.jobs)
        after = _digests(work / "_build" / "html")
        changed = sorted(k for k in after if before.get(k) != after[k])

        os.environ["COURSEKIT_RENDER"] = "static"  # execute as the build does
        times = {nb.stem: _execute_time(nb) for folder in ("notebooks", "assessment") for nb in sorted((work / folder).glob("*.ipynb"))}
        floor = max(sum(times.values()) / args.jobs, max(times.values(), default=0.0))

        html = work / "_build" / "html"
        asset_bytes = max(_course_asset_bytes(page, html) for page in (html / "notebooks").glob("*.html"))

    print(f"notebooks executed            : {len(times)} ({', '.join(f'{k} {v:.1f}s' for k, v in times.items())})")
    print(f"summed notebook execution     : {sum(times.values()):.1f} s")
    print(f"execution floor on {args.jobs} cores    : {floor:.1f} s")
    print(f"cold build                    : {cold:.1f} s   (ratio to floor {cold / floor:.2f}; target <= 1.3)")
    bound = max((sum(times.values()) + sphinx_only) / args.jobs, floor)
    print(f"Sphinx alone (notebooks cached, 1 core): {sphinx_only:.1f} s; so a cold build takes at least "
          f"{bound:.1f} s (ratio {bound / floor:.2f}) with no scheduling loss at all")
    print(f"warm rebuild, nothing changed : {warm:.2f} s   ({warm / cold:.1%} of cold; target <= 10%)")
    print(f"instructor edition, after it : {instructor:.1f} s   (executes nothing: the cache is shared)")
    print(f"rebuild after editing {bank.name}: {edited:.1f} s; HTML pages changed: {len(changed)} ({', '.join(changed)})")
    print(f"course JS + CSS, heaviest chapter page: {asset_bytes} bytes ({asset_bytes / 1024:.1f} KiB; target <= 20 KB)")

    if not args.no_tests:
        start = time.perf_counter()
        result = subprocess.run(["make", "test"], cwd=root, capture_output=True, text=True)
        print(f"full test command (make test) : {time.perf_counter() - start:.1f} s, exit {result.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
