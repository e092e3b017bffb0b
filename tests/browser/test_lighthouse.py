"""Lighthouse, default mobile profile, on every chapter page and the final assessment (issue 13),
and in the French and Spanish books on their heaviest chapter and the final assessment.

The book is served as GitHub Pages serves it (gzip, cache headers: weight.serve with
like_pages). Accessibility, best practices and SEO must be 100 on every page.

Performance is a simulation fed by what this machine measured, and a loaded machine makes
the same page score lower: beside a second test worker, pages scored 10-20 points below
their quiet-machine score. So ``make test`` runs this file last, alone (``-m lighthouse``).
Issue 13 asks for 90 on every page, and this test holds that floor. Measured alone on a
2-core machine (``make lighthouse``, 3 December 2026): two runs of every page with the
median of three each, 98-100; one run with a second core kept busy (``yes``), 94-100.
Lighthouse's guidance on variance is to take the median of several runs: a page below the
floor on its first run is run twice more and judged on the median of the three.

The French and Spanish books share the English book's pages and assets, with 14-24 % more
text; running every page of all three would add ten minutes to ``make test`` (budget: 25),
so the translated books are checked on the two pages that weigh most: the norms chapter
(the heaviest next page) and the final assessment (the heaviest page).
"""

from __future__ import annotations

import pytest

from coursekit import lighthouse, weight
from conftest import _ci

pytestmark = [pytest.mark.browser, pytest.mark.lighthouse]
PERFORMANCE_FLOOR = 90


@pytest.fixture(scope="module")
def site(built_book):
    missing = lighthouse.available()
    if missing:
        if _ci():
            pytest.fail(f"{missing} (CI is set: a skipped Lighthouse test counts as a failure)")
        pytest.skip(missing)
    assert built_book["code"] == 0
    with weight.serve(built_book["html"], like_pages=True) as base:
        yield base, lighthouse.default_pages(built_book["html"])


def test_every_chapter_and_the_final_assessment_pass_lighthouse_on_mobile(site):
    base, pages = site
    assert len(pages) == 13  # twelve chapters and the final assessment
    _judge(base, pages)


def test_the_french_and_spanish_books_pass_lighthouse_on_their_heaviest_pages(site):
    base, _ = site
    _judge(base, [f"{language}/{page}" for language in ("fr", "es")
                  for page in ("notebooks/norms-and-law.html", "assessment/final-assessment.html")])


def _judge(base: str, pages: list[str]) -> None:
    results = {}
    for page in pages:
        audits = [lighthouse.run(base + page, page)]
        if audits[0].performance < PERFORMANCE_FLOOR:
            audits += [lighthouse.run(base + page, page) for _ in range(2)]
        results[page] = lighthouse.median(audits)
    print("\n" + lighthouse.report(list(results.values())))
    below = {page: a.performance for page, a in results.items() if a.performance < PERFORMANCE_FLOOR}
    assert below == {}, f"performance below {PERFORMANCE_FLOOR}:\n{lighthouse.report(list(results.values()))}"
    not_full = {page: (a.scores, a.failed) for page, a in results.items()
                if any(a.scores[c] < 100 for c in ("accessibility", "best-practices", "seo"))}
    assert not_full == {}
