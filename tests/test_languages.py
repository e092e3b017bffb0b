"""The site in three languages: the switcher's links, each page's language, and the rule that
a translated book is built only when it is complete."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coursekit import build
from coursekit.catalogs import LANGUAGES, catalog_path, read_catalog
from coursekit.sphinx_languages import language_links

ROOT = Path(__file__).resolve().parents[1]
BOOKS = {"en": "", **{language: f"{language}/" for language in LANGUAGES}}
_SWITCHER = re.compile(r'<nav class="ck-languages" aria-label="([^"]+)">(.*?)</nav>', re.S)


def test_links_lead_to_the_same_page_in_each_language():
    assert language_links("notebooks/history", "en") == [
        {"code": "en", "name": "English", "current": True, "href": "../notebooks/history.html"},
        {"code": "fr", "name": "Français", "current": False, "href": "../fr/notebooks/history.html"},
        {"code": "es", "name": "Español", "current": False, "href": "../es/notebooks/history.html"},
    ]
    assert [link["href"] for link in language_links("search", "fr")] == ["../search.html", "../fr/search.html", "../es/search.html"]
    assert [link["current"] for link in language_links("book/intro", "es")] == [False, False, True]


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


@pytest.mark.build
@pytest.mark.parametrize("language", list(BOOKS))
def test_every_page_names_its_language_and_links_to_itself_in_the_others(built_book, language):
    """Each book's pages say their language (<html lang>) and carry the switcher, whose links
    all open a page that exists; the book of each language has the same pages."""
    site = built_book["html"]
    book = site / BOOKS[language]
    pages = [p for p in _pages(book) if language != "en" or p.relative_to(site).parts[0] not in LANGUAGES]
    names = {p.relative_to(book).as_posix() for p in pages}
    assert len(names) > 20 and "notebooks/history.html" in names
    for other, prefix in BOOKS.items():  # the same pages in every book
        assert names == {p.relative_to(site / prefix).as_posix() for p in _pages(site / prefix)
                         if other != "en" or p.relative_to(site).parts[0] not in LANGUAGES}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(site).as_posix()
        assert re.search(r'<html lang="([^"]+)"', text).group(1) == language, name
        if 'http-equiv="Refresh"' in text:
            continue  # the book's index.html only redirects to its first page
        switcher = _SWITCHER.search(text)
        assert switcher, f"{name}: no language switcher"
        current = re.findall(r'<span lang="(\w+)" aria-current="true">', switcher.group(2))
        assert current == [language], name
        links = dict(re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\2">', switcher.group(2)))
        assert sorted(links.values()) == sorted(set(BOOKS) - {language}), name
        for href, code in links.items():
            target = (page.parent / href).resolve()
            assert target == (site / BOOKS[code] / page.relative_to(book)).resolve() and target.is_file(), f"{name}: {href}"


@pytest.mark.build
@pytest.mark.parametrize("language, headers", [("en", "Date Event Symbol Body Status"),
                                               ("fr", "Date Événement Cote Organe Vérification"),
                                               ("es", "Fecha Acontecimiento Signatura Órgano Verificación")])
def test_data_tables_are_in_the_book_s_language(built_book, language, headers):
    """Headers, and the cells of the columns the page translates (events, who acted); the
    data file's own values (date, symbol, status tag) stay as they are."""
    import csv
    import html

    from coursekit.translations import catalog_translations

    page = (built_book["html"] / BOOKS[language] / "book" / "timeline.html").read_text(encoding="utf-8")
    assert re.findall(r'<th scope="col">([^<]*)</th>', page) == headers.split()
    first = next(csv.DictReader((ROOT / "data" / "timeline.csv").open(encoding="utf-8", newline="")))
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", re.search(r"<tbody><tr>(.*?)</tr>", page).group(1))]
    if language == "en":
        assert cells == [first[c] for c in ("date", "event", "symbol", "body", "status")]
    else:
        texts = catalog_translations(catalog_path(ROOT, language, "data/timeline"), language)
        assert cells == [first["date"], texts[first["event"], "event"][0], first["symbol"],
                         texts[first["body"], "body"][0], first["status"]]
        assert cells[1] != first["event"]


@pytest.mark.build
def test_the_instructor_edition_has_no_switcher(built_instructor):
    """It exists in English only: a link to a French instructor page would lead nowhere."""
    page = (built_instructor["html"] / "notebooks" / "history.html").read_text(encoding="utf-8")
    assert 'class="ck-languages"' not in page


def test_a_translated_book_with_a_missing_message_is_not_built(tmp_path, capsys):
    """Published only whole: one untranslated message stops the French build before Sphinx
    starts, naming the catalogue; --draft builds it anyway (here: reaches Sphinx)."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for folder in ("book", "notebooks", "quizzes", "scenarios", "assessment", "locale"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = catalog_path(tmp_path, "fr", "notebooks/history")
    first = next(m for m in read_catalog(path, "fr") if m.id)
    text = path.read_text(encoding="utf-8")
    msgstr = f'msgstr "{first.string}"'
    assert msgstr in text  # the first entry is one line long
    path.write_text(text.replace(msgstr, 'msgstr ""', 1), encoding="utf-8")
    assert build.incomplete_catalogs(tmp_path, "fr") == ["locale/fr/LC_MESSAGES/notebooks/history.po: 1 missing, 0 fuzzy"]
    assert build.incomplete_catalogs(tmp_path, "es") == []
    assert build.main([str(tmp_path), "--edition", "fr"]) == 1
    error = capsys.readouterr().err
    assert "fr book (Français) is not built" in error and "locale/fr/LC_MESSAGES/notebooks/history.po: 1 missing" in error
    assert not (tmp_path / "fr").exists()  # nothing written


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_committed_french_and_spanish_notebooks_are_written_from_the_catalogues_of_today(language):
    """fr/ and es/ are what a learner opens in JupyterLab: they must say what the English
    files and the catalogues say now (run `make notebooks` after a translation changes)."""
    from coursekit.translations import translated_sources

    stale = [target.relative_to(ROOT).as_posix() for target, text in translated_sources(ROOT, language).items()
             if not target.is_file() or target.read_text(encoding="utf-8") != text]
    assert stale == [], "run `make notebooks` and commit fr/ and es/"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_each_translated_notebook_switches_the_engine_to_its_language_and_shows_it(language):
    """The language cell comes before any quiz, and the stored quiz outputs are in the language."""
    import json

    from coursekit import i18n

    with i18n.speaking(language):
        first = i18n.t("question_n", n=1, total=0).rsplit(" ", 1)[0]  # "Question 1 sur", "Pregunta 1 de"
    for path in sorted((ROOT / language / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert cells[1]["id"] == "language" and f'"{language}"' in "".join(cells[1]["source"]), path
        quizzes = [c for c in cells if c["cell_type"] == "code" and "show_quiz(" in "".join(c["source"])]
        assert quizzes and all(c["outputs"] for c in quizzes), f"{path}: a quiz cell has no stored output"
        shown = ["".join(c["outputs"][0]["data"]["text/plain"]) for c in quizzes]
        assert all(text.startswith(first) for text in shown), f"{path}: a quiz is not in {language}: {shown[0][:60]}"


@pytest.mark.build
@pytest.mark.parametrize("language, label", [("en", "Sources: "), ("fr", "Sources\u00a0: "), ("es", "Fuentes: ")])
def test_the_tabletop_names_its_sources_in_the_book_s_language(built_book, language, label):
    page = (built_book["html"] / BOOKS[language] / "notebooks" / "capstone.html").read_text(encoding="utf-8")
    assert f'<p class="ck-sources">{label}un-a-70-174' in page
