"""Translated quiz banks and interface words (issue 14): English defines the structure and
the answers; a translation changes text only, and never which answer is correct."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coursekit import catalogs, i18n
from coursekit.grading import grade
from coursekit.quality import longest_keys
from coursekit.loader import QuizValidationError, load_bank
from coursekit.translations import (edition_overlay, load_translated_bank, load_translated_scenario, translate_bank,
                                   translate_notebook, write_sources)

ROOT = Path(__file__).resolve().parents[1]

BANK = """chapter: demo
title: Demo
objectives:
  demo-a: Explain A.
groups:
  check-1: [q-single, q-match, q-text]
questions:
  - id: q-single
    type: single
    objectives: [demo-a]
    prompt: Which body negotiated the Convention?
    options:
      - {id: ahc, text: The Ad Hoc Committee, feedback: Right.}
      - {id: oewg, text: The Open-ended Working Group, feedback: It works on State behaviour.}
      - {id: accept, text: The Security Council, feedback: It did not negotiate it.}
    answer: ahc
    explanation: The General Assembly set up the Ad Hoc Committee.
    sources: [key]
  - id: q-match
    type: matching
    objectives: [demo-a]
    prompt: Match each body to its track.
    pairs:
      - {left: OEWG, right: security}
      - {left: AHC, right: crime}
    explanation: Two tracks.
    sources: [key]
  - id: q-text
    type: short-text
    objectives: [demo-a]
    prompt: Which working group is open to every Member State?
    accept: [OEWG]
    explanation: The OEWG.
    sources: [key]
"""

FRENCH = {
    "Which body negotiated the Convention?": "Quel organe a négocié la Convention ?",
    "The Ad Hoc Committee": "Le Comité spécial",
    "The Open-ended Working Group": "Le Groupe de travail à composition non limitée",
    "security": "sécurité",
    "crime": "criminalité",
    "Demo": "Démo",
    "OEWG": "GTCNL",
    "The Security Council": "Le Conseil de sécurité",
}


@pytest.fixture
def course(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "quizzes" / "demo.yml").write_text(BANK, encoding="utf-8")
    catalogs.update(tmp_path, ("fr",))
    return tmp_path


def _translate(root: Path, name: str, translations: dict, fuzzy: tuple = ()) -> Path:
    path = catalogs.catalog_path(root, "fr", name)
    catalog = catalogs.read_catalog(path, "fr")
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            if message.id in fuzzy:
                message.flags.add("fuzzy")
    catalogs.write_catalog(path, catalog)
    return path


def test_a_translated_bank_has_the_translated_text_and_the_english_answers(course):
    _translate(course, "quizzes/demo", FRENCH, fuzzy=("The Open-ended Working Group",))
    english = load_bank(course / "quizzes" / "demo.yml")
    french = load_translated_bank(course / "quizzes" / "demo.yml", "fr", course)
    single = french.question("q-single")
    assert single.prompt == "Quel organe a négocié la Convention ?"
    assert [o.text for o in single.options] == ["Le Comité spécial", "The Open-ended Working Group",  # fuzzy: English
                                                "Le Conseil de sécurité"]  # an option whose id is "accept"
    assert single.answer == "ahc" and single.options[1].feedback == "It works on State behaviour."
    assert [(p.left, p.right) for p in french.question("q-match").pairs] == [("GTCNL", "sécurité"), ("AHC", "criminalité")]
    assert french.title == "Démo" and french.groups == english.groups and french.objectives == english.objectives
    # Typed answers: the French one is accepted as well as the English one.
    assert grade(french.question("q-text"), "gtcnl").correct and grade(french.question("q-text"), "OEWG").correct
    assert not grade(english.question("q-text"), "GTCNL").correct


def test_a_translation_that_makes_two_items_identical_is_reported_at_its_line(course):
    path = _translate(course, "quizzes/demo", {"security": "crime", "crime": "crime"})
    with pytest.raises(QuizValidationError) as error:
        translate_bank(load_bank(course / "quizzes" / "demo.yml"), "fr", course)
    (issue,) = error.value.issues
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text == 'msgid "security"')
    assert str(issue) == (f"locale/fr/LC_MESSAGES/quizzes/demo.po:{line}: q-match: in this translation: "
                          "duplicate right item 'crime' in pairs (pair 2)")


def test_without_a_catalogue_the_bank_stays_english(course):
    english = load_bank(course / "quizzes" / "demo.yml")
    assert translate_bank(english, "es", course) == english


@pytest.fixture
def french_engine(course, monkeypatch):
    monkeypatch.setenv("COURSEKIT_ROOT", str(course))
    catalogs.update(course, ("fr",))
    yield course
    i18n.use_language(i18n.ENGLISH)


def test_the_engine_speaks_the_language_chosen(french_engine):
    _translate(french_engine, "interface", {"Check": "Vérifier", "Question {n} of {total}": "Question {n} sur {total}"})
    assert i18n.t("check") == "Check"
    i18n.use_language("fr")
    assert i18n.t("check") == "Vérifier"
    assert i18n.t("question_n", n=2, total=5) == "Question 2 sur 5"
    assert i18n.t("retry") == "Retry"  # not translated yet: English
    assert i18n.strings()["check"] == "Vérifier" and i18n.STRINGS["check"] == "Check"
    with pytest.raises(ValueError, match="unknown language 'de': the course is available in en, fr, es"):
        i18n.use_language("de")
    i18n.use_language("en")
    assert i18n.t("check") == "Check"


@pytest.mark.parametrize("language", sorted(catalogs.LANGUAGES))
def test_every_course_question_keeps_its_key_in_every_language(language):
    """Grading in each language: for every question of every bank, the English key is
    still right and a wrong answer still wrong once the bank is translated."""
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        english = load_bank(path)
        translated = load_translated_bank(path, language, ROOT)
        for before, after in zip(english.questions, translated.questions):
            assert (before.id, before.type) == (after.id, after.type)
            for response, right in _responses(before, after):
                assert grade(after, response).correct is right, (path.name, after.id, response)


def _responses(english, translated):
    """(response in the translated bank's terms, whether it must be right)."""
    kind = english.type
    if kind == "single":
        wrong = next(o.id for o in english.options if o.id != english.correct)
        return [(english.correct, True), (wrong, False)]
    if kind == "multiple":
        return [(list(english.answer), True), ([english.answer[0]] if len(english.answer) > 1 else [], False)]
    if kind == "true-false":
        return [(english.answer, True), (not english.answer, False)]
    if kind == "matching":
        rights = [p.right for p in translated.pairs]
        return [(rights, True), (rights[1:] + rights[:1], False)]
    if kind == "ordering":
        items = list(translated.items)
        return [(items, True), (items[::-1], False)]
    if kind == "numeric":
        return [(english.answer, True), (english.answer + 10 * (english.tolerance + 1) + 100, False)]
    return [(english.accept[0], True), ("certainly not the answer", False)]


NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "t", "metadata": {}, "source": ["# A chapter\n", "\n", "See the figure."]},
        {"cell_type": "markdown", "id": "f", "metadata": {},
         "source": ["![A map.](../book/figures/map.svg) and [the intro](../book/intro.md)."]},
        {"cell_type": "code", "id": "c", "metadata": {}, "execution_count": 3, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["x\n"]}],
         "source": ["# Count the events.\n", "print(\"Events: 3\")"]},
    ],
    "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5,
}

SPANISH = {"# A chapter": "# Un capítulo", "See the figure.": "Vea la figura.", "Count the events.": "Contar los eventos.",
           "Events: 3": "Eventos: 3", "Getting started": "Primeros pasos"}


@pytest.fixture
def course_with_pages(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("quizzes", "data", "notebooks", "book"):
        (tmp_path / folder).mkdir()
    (tmp_path / "notebooks" / "demo.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    (tmp_path / "book" / "intro.md").write_text("# A chapter\n\n![A map.](figures/map.svg)\n", encoding="utf-8")
    catalogs.update(tmp_path, ("es",))
    for name in ("notebooks/demo", "book/intro", "interface"):
        path = catalogs.catalog_path(tmp_path, "es", name)
        catalog = catalogs.read_catalog(path, "es")
        for message in catalog:
            message.string = SPANISH.get(message.id, message.string)
        catalogs.write_catalog(path, catalog)
    return tmp_path


def test_a_translated_notebook_speaks_its_language_and_keeps_the_english_code(course_with_pages):
    root = course_with_pages
    notebook = translate_notebook(root, "notebooks/demo.ipynb", "es")
    sources = ["".join(cell["source"]) for cell in notebook["cells"]]
    assert sources[0] == "# Un capítulo\n\nVea la figura."
    assert 'use_language("es")' in sources[1] and notebook["cells"][1]["metadata"]["tags"] == ["remove-cell"]
    # One folder deeper: the figure gets one more ../, the translated page keeps its link.
    assert sources[2] == "![A map.](../../book/figures/map.svg) and [the intro](../book/intro.md)."
    assert sources[3] == '# Contar los eventos.\nprint("Eventos: 3")'
    assert notebook["cells"][3]["outputs"] == [] and notebook["metadata"]["coursekit"]["language"] == "es"
    # Outputs are kept for a cell whose translated source did not change.
    kept = translate_notebook(root, "notebooks/demo.ipynb", "es", previous={"cells": [
        {**NOTEBOOK["cells"][2], "source": ['# Contar los eventos.\n', 'print("Eventos: 3")']}]})
    assert kept["cells"][3]["outputs"] == NOTEBOOK["cells"][2]["outputs"] and kept["cells"][3]["execution_count"] == 3


def test_write_sources_mirrors_the_english_folders_and_writes_only_what_changed(course_with_pages):
    root = course_with_pages
    changed = write_sources(root, "es")
    assert sorted(p.relative_to(root).as_posix() for p in changed) == ["es/_toc.yml", "es/book/intro.md", "es/notebooks/demo.ipynb"]
    assert (root / "es" / "book" / "intro.md").read_text(encoding="utf-8") == "# Un capítulo\n\n![A map.](figures/map.svg)\n"
    toc = (root / "es" / "_toc.yml").read_text(encoding="utf-8")
    assert "caption: Primeros pasos" in toc and "file: notebooks/global-context" in toc
    assert write_sources(root, "es") == []
    overlay = edition_overlay(root, "es", {"title": "T", "html": {"extra_footer": "F", "favicon": "book/favicon.svg"},
                                           "bibtex_bibfiles": ["references.bib"]})
    assert overlay["sphinx"]["config"]["language"] == "es" and overlay["bibtex_bibfiles"] == ["../references.bib"]
    assert overlay["html"] == {"extra_footer": "F", "favicon": "../book/favicon.svg"}


def test_a_translated_scenario_keeps_its_graph(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("quizzes", "data", "scenarios"):
        (tmp_path / folder).mkdir()
    shutil.copy(ROOT / "scenarios" / "hospital-ransomware.yml", tmp_path / "scenarios")
    english = load_translated_scenario(tmp_path / "scenarios" / "hospital-ransomware.yml", "fr", tmp_path)
    catalogs.update(tmp_path, ("fr",))
    first_choice = english.nodes[english.start].choices[0]
    _translate(tmp_path, "scenarios/hospital-ransomware",
               {english.title: "Rançongiciel dans un hôpital régional", first_choice.label: "Appeler le CERT-A"})
    french = load_translated_scenario(tmp_path / "scenarios" / "hospital-ransomware.yml", "fr", tmp_path)
    assert french.title == "Rançongiciel dans un hôpital régional"
    assert french.nodes[french.start].choices[0].label == "Appeler le CERT-A"
    assert french.nodes[french.start].choices[0].next == first_choice.next
    assert french.intro == english.intro  # not translated yet: English
    assert [(n, [c.next for c in node.choices], node.ending) for n, node in french.nodes.items()] == \
        [(n, [c.next for c in node.choices], node.ending) for n, node in english.nodes.items()]


@pytest.mark.parametrize("language", sorted(catalogs.LANGUAGES))
def test_a_translation_does_not_make_the_key_stand_out_by_length(language):
    """The longest-option rule of the English banks (the key is the uniquely longest option
    no more often than chance allows, plus a margin) holds for every translated bank."""
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        english, translated = load_bank(path), load_translated_bank(path, language, ROOT)
        longest, allowed = longest_keys(translated)
        assert len(longest) <= max(allowed, len(longest_keys(english)[0])), (path.name, longest)


@pytest.mark.parametrize("language, first, other", [("en", "1 July 2004", "28 September 2027"),
                                                    ("fr", "1er juillet 2004", "28 septembre 2027"),
                                                    ("es", "1 de julio de 2004", "28 de septiembre de 2027")])
def test_a_date_in_full_is_written_as_the_notebook_s_language_writes_it(language, first, other):
    """Whatever the computer's locale: strftime's %B would say 'September' in every language."""
    import datetime

    import pandas as pd

    from coursekit import i18n, long_date

    with i18n.speaking(language):
        assert long_date("2004-07-01") == first
        assert long_date(pd.Timestamp("2027-06-30") + pd.Timedelta(days=90)) == other
        assert long_date(datetime.date(2027, 9, 28)) == other
