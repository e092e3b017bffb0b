"""Lighthouse scores of the built book's pages, served compressed as GitHub Pages serves them.

``python -m coursekit.lighthouse [BUILD_HTML_FOLDER] [PAGE ...]`` (``make lighthouse``) runs
Lighthouse (npm, pinned in tests/js/package.json) with its default mobile profile (a
mid-range phone on slow 4G, simulated) against each page and prints the four category
scores, the performance metrics and the machine's benchmark index. Without pages it
audits every chapter page and the final assessment.

Lighthouse's own guidance on variability is to run a page several times and take the
median: ``--runs N`` does that (the run with the median performance score is reported).
tests/browser/test_lighthouse.py holds the thresholds of issue 13.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .handouts import CHROMIUM_ARGS
from .weight import CHROMIUM, serve

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tests" / "js" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "speed-index": "SI", "cumulative-layout-shift": "CLS"}


class LighthouseError(RuntimeError):
    pass


@dataclass(frozen=True)
class Audit:
    page: str
    scores: dict[str, int]  # category -> 0..100
    metrics: dict[str, float]  # FCP, LCP, TBT, SI in ms; CLS unitless
    benchmark_index: float  # Lighthouse's measure of this machine's speed (higher is faster)
    failed: tuple[str, ...]  # titles of the audits that cost points outside performance

    @property
    def performance(self) -> int:
        return self.scores["performance"]


def available() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if not shutil.which("node"):
        return "node not found (install Node.js)"
    if not LIGHTHOUSE.is_file():
        return f"{LIGHTHOUSE.relative_to(ROOT)} not found (run `make setup`: npm installs tests/js)"
    if not Path(CHROMIUM).is_file():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    return None


def run(url: str, page: str = "") -> Audit:
    """One Lighthouse run of ``url`` with the default mobile profile."""
    command = ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS])]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "CHROME_PATH": CHROMIUM})
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise LighthouseError(f"{page or url}: Lighthouse gave no report (exit {result.returncode}): "
                              f"{result.stderr.strip()[-1500:]}") from None
    if report.get("runtimeError"):
        raise LighthouseError(f"{page or url}: {report['runtimeError'].get('message')}")
    audits = report["audits"]
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failed = tuple(sorted({audits[ref["id"]]["title"] for c in CATEGORIES[1:] for ref in report["categories"][c]["auditRefs"]
                           if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1}))
    metrics = {short: audits[name]["numericValue"] for name, short in METRICS.items()}
    return Audit(page or url, scores, metrics, report["environment"]["benchmarkIndex"], failed)


def median(audits: list[Audit]) -> Audit:
    """The run with the median performance score (Lighthouse's advice on variance)."""
    return sorted(audits, key=lambda a: a.performance)[len(audits) // 2]


def default_pages(site: Path) -> list[str]:
    chapters = sorted(p.relative_to(site).as_posix() for p in (site / "notebooks").glob("*.html"))
    return chapters + ["assessment/final-assessment.html"]


def report(audits: list[Audit]) -> str:
    lines = [f"{'page':42} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>7} {'SI s':>5} "
             f"{'CLS':>5} {'bench':>6}"]
    for a in audits:
        m = a.metrics
        lines.append(f"{a.page:42} {a.scores['performance']:4} {a.scores['accessibility']:4} {a.scores['best-practices']:4} "
                     f"{a.scores['seo']:4} {m['FCP'] / 1000:6.2f} {m['LCP'] / 1000:6.2f} {m['TBT']:7.0f} {m['SI'] / 1000:5.2f} "
                     f"{m['CLS']:5.3f} {a.benchmark_index:6.0f}")
        lines += [f"    ! {title}" for title in a.failed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_build/html", type=Path, help="built book (default: _build/html)")
    parser.add_argument("pages", nargs="*", help="pages to audit (default: every chapter and the final assessment)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is reported (default: 1)")
    args = parser.parse_args(argv)
    missing = available()
    if missing:
        print(f"coursekit.lighthouse: {missing}", file=sys.stderr)
        return 2
    if not (args.site / "book" / "intro.html").is_file():
        print(f"{args.site}: no built book here (run `make book` first)", file=sys.stderr)
        return 2
    audits = []
    with serve(args.site.resolve(), like_pages=True) as base:
        for page in args.pages or default_pages(args.site):
            try:
                audits.append(median([run(base + page, page) for _ in range(args.runs)]))
            except LighthouseError as exc:
                print(f"coursekit.lighthouse: {exc}", file=sys.stderr)
                return 1
    print(report(audits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
