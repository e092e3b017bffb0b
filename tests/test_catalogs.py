"""Translation catalogues (issue 14): what becomes a message, and how an English edit shows
up in the French and Spanish catalogues (fuzzy or missing, never silently kept)."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from coursekit import catalogs
from coursekit.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]

PAGE = """# A page

First paragraph, two
lines long.

```{note}
A note with words.
```

```python
# code stays English

print("also English")
```

(a-label)=
## Second heading
"""


def test_markdown_blocks_cover_the_text_and_leave_code_and_markup_alone():
    chunks = catalogs.markdown_chunks(PAGE)
    assert "".join(chunk for _, chunk, _ in chunks) == PAGE
    messages = [chunk for _, chunk, translatable in chunks if translatable]
    assert messages == ["# A page", "First paragraph, two\nlines long.", "```{note}\nA note with words.\n```",
                        "(a-label)=\n## Second heading"]
    assert catalogs.translate_markdown(PAGE, {"First paragraph, two\nlines long.": "Premier paragraphe."}.get) \
        == PAGE.replace("First paragraph, two\nlines long.", "Premier paragraphe.")


def test_a_directive_without_words_is_not_a_message():
    text = "Save it:\n\n```{coursekit-save-offline}\n```\n\nThen read on.\n"
    assert [c for _, c, ok in catalogs.markdown_chunks(text) if ok] == ["Save it:", "Then read on."]


CODE = '''# Load the tools.
# Two lines, one message.
import pandas as pd

total = 3  # a comment after code
print(f"Total: {total:.0f} States")
label = f" {total} "
ax.set_title("Votes in 2018", fontsize=8)
ax.bar(1, 2, label="yes")
'''


def test_code_cells_give_their_comments_and_shown_strings():
    texts = [(t.kind, t.msgid) for t in catalogs.code_texts(CODE)]
    assert texts == [("comment", "Load the tools.\nTwo lines, one message."), ("comment", "a comment after code"),
                     ("string", "Total: {total:.0f} States"), ("string", "Votes in 2018"), ("string", "yes")]
    french = {"Load the tools.\nTwo lines, one message.": "Charger les outils.\nDeux lignes.",
              "a comment after code": "un commentaire", "Total: {total:.0f} States": "Total : {total:.0f} États",
              "Votes in 2018": "Votes en 2018"}
    translated = catalogs.translate_code(CODE, french.get)
    ast.parse(translated)  # still Python
    assert translated.splitlines()[:2] == ["# Charger les outils.", "# Deux lignes."]
    assert 'total = 3  # un commentaire' in translated
    assert 'print(f"Total : {total:.0f} États")' in translated
    assert 'ax.set_title("Votes en 2018", fontsize=8)' in translated
    assert 'label=f" {total} "' not in translated and 'label = f" {total} "' in translated


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_course_cell_comes_back_unchanged_when_translated_word_for_word(notebook):
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            assert catalogs.translate_markdown(source, lambda m: m) == source
        elif cell["cell_type"] == "code":
            assert catalogs.translate_code(source, lambda m: m) == source


def test_yaml_fields_are_named_by_ids_and_structure_is_never_a_message():
    bank = {"title": "T", "objectives": {"obj-a": "Explain A."}, "questions": [
        {"id": "q1", "type": "single", "prompt": "Which?", "answer": "b", "sources": ["key"], "level": "apply",
         "options": [{"id": "a", "text": "One", "feedback": "No."}, {"id": "b", "text": "Two"}]},
        {"id": "q2", "type": "ordering", "items": ["First", "Second"], "prompt": "Order", "explanation": "E"}]}
    fields = {catalogs.field_context(path): text for path, text in catalogs.yaml_texts(bank)}
    assert fields == {"title": "T", "objectives/obj-a": "Explain A.", "q1/prompt": "Which?", "q1/options/a/text": "One",
                      "q1/options/a/feedback": "No.", "q1/options/b/text": "Two", "q2/items/0": "First",
                      "q2/items/1": "Second", "q2/prompt": "Order", "q2/explanation": "E"}


BANK = """chapter: demo
title: Demo
objectives:
  demo-a: Explain A.
groups:
  check-1: [q1]
questions:
  - id: q1
    type: true-false
    objectives: [demo-a]
    prompt: Is the sky blue?
    answer: true
    explanation: It is, on a clear day.
    sources: [key]
"""


@pytest.fixture
def course(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "demo.yml").write_text(BANK, encoding="utf-8")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text("# Page\n\nOne paragraph.\n\nAnother paragraph.\n", encoding="utf-8")
    return tmp_path


def _translate(path: Path, language: str, translations: dict) -> None:
    catalog = catalogs.read_catalog(path, language)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
    catalogs.write_catalog(path, catalog)


def _row(rows, language, name):
    return next(r for r in rows if r.language == language and r.catalog == name)


def test_an_english_edit_makes_the_translation_fuzzy_and_a_new_text_missing(course):
    catalogs.update(course)
    page = catalogs.catalog_path(course, "fr", "book/page")
    _translate(page, "fr", {"One paragraph.": "Un paragraphe.", "Another paragraph.": "Un autre paragraphe."})
    assert _row(catalogs.status(course), "fr", "book/page").missing == 1  # the heading
    assert _row(catalogs.status(course), "es", "book/page").translated == 0

    (course / "book" / "page.md").write_text("# Page\n\nOne paragraph, edited.\n\nAnother paragraph.\n\nNew text here.\n",
                                             encoding="utf-8")
    before_update = _row(catalogs.status(course), "fr", "book/page")
    assert (before_update.translated, before_update.missing) == (1, 3)  # the edit is not taken as translated

    catalogs.update(course)
    after = _row(catalogs.status(course), "fr", "book/page")
    assert (after.translated, after.fuzzy, after.missing) == (1, 1, 2)
    entry = catalogs.read_catalog(page, "fr").get("One paragraph, edited.")
    assert entry.fuzzy and entry.string == "Un paragraphe." and entry.previous_id == ["One paragraph."]
    text = page.read_text(encoding="utf-8")
    catalogs.update(course)
    assert page.read_text(encoding="utf-8") == text  # a second update changes nothing


def test_a_quiz_field_keeps_its_translation_by_its_id(course):
    catalogs.update(course)
    bank = catalogs.catalog_path(course, "es", "quizzes/demo")
    _translate(bank, "es", {"Is the sky blue?": "¿El cielo es azul?"})
    entry = catalogs.read_catalog(bank, "es").get("Is the sky blue?", context="q1/prompt")
    assert entry.string == "¿El cielo es azul?" and entry.locations == [("quizzes/demo.yml", 11)]
    status = _row(catalogs.status(course, ("es",)), "es", "quizzes/demo")
    assert (status.translated, status.missing) == (1, 3)  # title, objective, explanation


def test_the_command_updates_and_reports(course, capsys):
    assert cli(["translations", "update", "--root", str(course), "--language", "fr"]) == 0
    out = capsys.readouterr().out
    assert "fr: " in out and "quizzes/demo" in out and "(all)" in out
    assert not (course / "locale" / "es").exists()
    assert cli(["translations", "status", "--root", str(course / "book")]) == 2
    assert "not a course folder" in capsys.readouterr().err


def test_the_committed_catalogues_hold_exactly_the_english_text_of_today():
    """After an English edit, `make translations` must run: the edited text then shows in
    every catalogue as fuzzy or missing. This fails if it did not run."""
    for name, messages in catalogs.english_catalogs(ROOT).items():
        wanted = {(m.msgid, m.context) for m in messages}
        for language in catalogs.LANGUAGES:
            path = catalogs.catalog_path(ROOT, language, name)
            assert path.is_file(), f"{path} is missing: run `make translations`"
            held = {(m.id, m.context) for m in catalogs.read_catalog(path, language) if m.id}
            assert held == wanted, (f"{path} is out of date with the English text: run `make translations` "
                                    f"({len(wanted - held)} new, {len(held - wanted)} gone)")


@pytest.mark.parametrize("english, translation, problem", [
    ("Adopted as A/RES/79/243 on 24 December 2024 {cite}`unga-79-243`.",
     "Adoptée le 24 décembre 2024 {cite}`unga-79-243`.", "document symbols differ from the English (missing A/RES/79/243)"),
    ("Adopted as A/RES/79/243 on 24 December 2024 {cite}`unga-79-243`.",
     "Adoptée sous la cote A/RES/79/243 le 24 décembre 2025 {cite}`unga-79-243`.", "numbers differ"),
    ("See {cite}`un-a-70-174` and {term}`consensus`.", "Voir {term}`consensus`.", "citations and references differ"),
    ("See {term}`consensus`.", "Voir le consensus.", "the number of {term} roles differs"),
    ("The `track` column.", "La colonne `piste`.", "code spans differ"),
    ("Score: {correct} of {total}", "Note : {correct} sur {totale}", "placeholders differ"),
    ("## Hands-on", "Pratique", "heading level differs"),
    ("[the zip](https://example.org/a.zip)", "[le zip](https://example.org/b.zip)", "link targets differ"),
    ("```{note}\nA note.\n```", "Une note.", "directive and label lines differ"),
])
def test_a_translation_that_drops_what_it_must_keep_is_reported(english, translation, problem):
    assert any(p.startswith(problem) for p in catalogs.translation_problems(english, translation))


@pytest.mark.parametrize("english, translation", [
    ("6,618 practitioners; a score of 3.5; 157–6–14.", "6 618 praticiens ; une note de 3,5 ; 157–6–14."),
    ("6,618 practitioners; a score of 3.5.", "6.618 profesionales; una nota de 3,5."),
    ("A/RES/53/70 of 4 December 1998 {cite}`a-res-53-70`, **in force**: `VERIFIED`.",
     "A/RES/53/70 du 4 décembre 1998 {cite}`a-res-53-70`, **en vigueur** : `VERIFIED`."),
    ("Score: {correct} of {total}", "Puntuación: {correct} de {total}"),
])
def test_a_faithful_translation_in_its_own_conventions_passes(english, translation):
    assert catalogs.translation_problems(english, translation) == []


def test_check_names_the_catalogue_line_and_field_of_each_problem(course, capsys):
    catalogs.update(course)
    bank = catalogs.catalog_path(course, "fr", "quizzes/demo")
    _translate(bank, "fr", {"It is, on a clear day.": "Oui, par temps clair, le 32 mai."})
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text + '\nmsgctxt "q9/prompt"\nmsgid "Gone?"\nmsgstr "Parti ?"\n', encoding="utf-8")
    problems = [str(p) for p in catalogs.check(course, ("fr",))]
    # Each problem names the line of the entry's msgid.
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l == 'msgid "It is, on a clear day."')
    assert problems == [f"locale/fr/LC_MESSAGES/quizzes/demo.po:{line}: q1/explanation: numbers differ from the "
                        "English (not in the English: 32)",
                        f"locale/fr/LC_MESSAGES/quizzes/demo.po:{len(text.splitlines()) + 3}: q9/prompt: extra: the "
                        "English file has no such text (run `make translations`)"]
    complete = [str(p) for p in catalogs.check(course, ("fr",), complete=True)]
    assert any(p.endswith("q1/prompt: translation missing") for p in complete)
    assert cli(["translations", "check", "--root", str(course), "--language", "fr"]) == 1
    assert "q9/prompt: extra" in capsys.readouterr().err


def test_no_committed_translation_drops_a_citation_number_or_symbol():
    problems = catalogs.check(ROOT)
    assert not problems, "\n".join(map(str, problems[:50]))


def test_a_table_caption_is_translated_but_other_directive_options_are_kept():
    english = "```{coursekit-table} data/glossary.csv\n:caption: Acronyms used in the course\n:columns: term\n```"
    french = "```{coursekit-table} data/glossary.csv\n:caption: Sigles employés dans le cours\n:columns: term\n```"
    assert catalogs.translation_problems(english, french) == []
    assert catalogs.translation_problems(english, french.replace(":columns: term", ":columns: terme"))


def test_the_command_writes_the_translated_notebooks_and_pages(course, capsys):
    catalogs.update(course, ("es",))
    assert cli(["translations", "write", "--root", str(course), "--language", "es"]) == 0
    assert "es/: 2 files written" in capsys.readouterr().out  # _toc.yml and book/page.md
    assert (course / "es" / "book" / "page.md").read_text(encoding="utf-8").startswith("# Page")


def test_a_symbol_in_brackets_is_the_same_symbol():
    assert catalogs.translation_problems("the Chair's draft (A/AC.291/22/Rev.3) was approved",
                                         "le projet (A/AC.291/22/Rev.3 de la présidence) a été approuvé") == []


def test_check_reports_a_term_role_that_links_to_no_glossary_entry_of_the_language(course):
    (course / "locale").mkdir(exist_ok=True)
    shutil.copy(ROOT / "locale" / "glossary-terms.csv", course / "locale" / "glossary-terms.csv")
    (course / "book" / "page.md").write_text("# Page\n\nThe {term}`First Committee` met.\n", encoding="utf-8")
    catalogs.update(course, ("es",))
    page = catalogs.catalog_path(course, "es", "book/page")
    _translate(page, "es", {"The {term}`First Committee` met.": "La {term}`Primera Comisión <First Committee>` se reunió."})
    assert [p.message for p in catalogs.check(course, ("es",))] == [
        "{term} links to 'First Committee', which is not a es glossary term (locale/glossary-terms.csv)"]
    _translate(page, "es", {"The {term}`First Committee` met.": "La {term}`Primera Comisión` se reunió."})
    assert catalogs.check(course, ("es",)) == []


def _french_terms():
    from coursekit.terminology import load_terms
    return load_terms(ROOT, "fr")


@pytest.mark.parametrize("english, french, problem", [
    ("The First Committee adopted it.", "Le Premier Comité l'a adopté.", "'First Committee'"),
    ("The Security Council met.", "Le Conseil a siégé.", "'Security Council'"),
    ("UNODC, the Office on Drugs and Crime, helps.", "L'Office aide.", "'Office on Drugs and Crime'"),
])
def test_a_translation_that_does_not_use_the_terminology_table_is_reported(english, french, problem):
    from coursekit.terminology import terminology_problems
    problems = terminology_problems(english, french, _french_terms())
    assert len(problems) == 1 and problems[0].startswith(problem)
    assert "locale/terminology.csv" in problems[0]


@pytest.mark.parametrize("english, french", [
    ("The First Committee adopted it.", "La Première\nCommission l'a adopté."),  # a catalogue wraps lines
    ("The Office on Drugs and Crime helps.", "L'ONUDC aide."),                  # the acronym is enough
    ("The Cybersecurity Tech Accord is not a UN text.", "Le Cybersecurity Tech Accord n'est pas un texte de l'ONU."),
    ("The AU Peace and Security Council met.", "Le Conseil de paix et de sécurité de l'UA s'est réuni."),
    ("Non-member States may accede.", "Les États non membres peuvent adhérer."),
    ("Change `\"First Committee\"` to `\"General Assembly\"`.", "Remplacez `\"First Committee\"` par `\"General Assembly\"`."),
])
def test_kept_names_longer_terms_and_acronyms_follow_the_terminology_table(english, french):
    from coursekit.terminology import terminology_problems
    assert terminology_problems(english, french, _french_terms()) == []


def _terms(tmp_path, rows: str, language: str):
    from coursekit.terminology import load_terms
    (tmp_path / "locale").mkdir(exist_ok=True)
    (tmp_path / "locale" / "terminology.csv").write_text(
        "id,en,en_short,fr,fr_short,es,es_short,fr_status,es_status,source,note\n" + rows, encoding="utf-8")
    return load_terms(tmp_path, language)


def test_a_name_is_enforced_only_in_the_language_where_it_is_verified(tmp_path):
    from coursekit.terminology import terminology_problems
    row = "third-committee,Third Committee,,Troisième Commission,,Tercera Comisión,,VERIFIED,TO-CHECK,,\n"
    assert terminology_problems("The Third Committee met.", "Le Troisième Comité s'est réuni.",
                                _terms(tmp_path, row, "fr"))
    assert terminology_problems("The Third Committee met.", "El Tercer Comité se reunió.",
                                _terms(tmp_path, row, "es")) == []


@pytest.mark.parametrize("english, spanish, reported", [
    # a capitalised term is a name: the generic phrase is not the UN programme
    ("UNDP is a development programme.", "El PNUD es un programa de desarrollo.", False),
    ("The UN Development Programme helps.", "Un programa de desarrollo ayuda.", True),
    # a quoted title keeps its official wording, which may differ from the table
    ('It adopted "Creation of a global culture of cybersecurity".',
     "Aprobó «Creación de una cultura mundial de seguridad cibernética».", False),
    ("It adopted 'Creation of a global culture of cybersecurity' in 2002.",
     "Aprobó «Creación de una cultura mundial de seguridad cibernética» en 2002.", False),
    ("A global culture of cybersecurity is the aim.", "Una cultura de seguridad cibernética es el objetivo.", True),
    ("The Council of Europe's view of a global culture of cybersecurity differs.",  # an apostrophe opens no quote
     "La opinión del Consejo de Europa sobre una cultura de seguridad cibernética difiere.", True),
])
def test_names_match_as_written_and_quoted_titles_are_left_to_their_official_wording(tmp_path, english, spanish, reported):
    from coursekit.terminology import terminology_problems
    rows = ("undp,Development Programme,UNDP,Programme des Nations Unies pour le développement,PNUD,"
            "Programa de las Naciones Unidas para el Desarrollo,PNUD,VERIFIED,VERIFIED,,\n"
            "global-culture-of-cybersecurity,global culture of cybersecurity,,culture mondiale de la cybersécurité,,"
            "cultura mundial de ciberseguridad,,VERIFIED,VERIFIED,,\n")
    assert bool(terminology_problems(english, spanish, _terms(tmp_path, rows, "es"))) is reported


def test_check_holds_running_text_to_the_table_but_not_the_answers_a_learner_may_type(course):
    (course / "locale").mkdir(exist_ok=True)
    (course / "locale" / "terminology.csv").write_text(
        "id,en,en_short,fr,fr_short,es,es_short,fr_status,es_status,source,note\n"
        "third-committee,Third Committee,,Troisième Commission,,Tercera Comisión,,VERIFIED,VERIFIED,,\n",
        encoding="utf-8")
    bank = BANK + """  - id: q2
    type: short-text
    objectives: [demo-a]
    prompt: Which Committee of the Assembly carries the crime track?
    accept: [Third Committee]
    explanation: The Third Committee does.
    sources: [key]
"""
    (course / "quizzes" / "demo.yml").write_text(bank.replace("check-1: [q1]", "check-1: [q1, q2]"), encoding="utf-8")
    catalogs.update(course, ("fr",))
    _translate(catalogs.catalog_path(course, "fr", "quizzes/demo"), "fr",
               {"Third Committee": "Troisième Comité", "The Third Committee does.": "Le Troisième Comité."})
    assert [(p.where, "Third Committee" in p.message) for p in catalogs.check(course, ("fr",))] == [
        ("q2/explanation", True)]


TABLE_PAGE = """# Timeline

```{coursekit-table} data/events.csv
:columns: date, event, status
:translate: event
:caption: Events
```
"""


def test_the_text_columns_of_a_data_table_are_messages_and_an_edited_cell_becomes_fuzzy(course):
    (course / "data").mkdir()
    events = course / "data" / "events.csv"
    events.write_text("date,event,status\n1998-12-04,The GA adopts a resolution.,VERIFIED\n"
                      "2004-01-01,A group meets.,VERIFIED\n2005-01-01,A group meets.,REPORTED\n", encoding="utf-8")
    (course / "book" / "timeline.md").write_text(TABLE_PAGE, encoding="utf-8")
    messages = catalogs.table_messages(course)["data/events"]
    # One message per distinct text of the listed column, the column as context; the date and
    # the status tag are not text to translate.
    assert sorted({(m.msgid, m.context) for m in messages}) == [("A group meets.", "event"),
                                                                 ("The GA adopts a resolution.", "event")]
    catalogs.update(course, ("fr",))
    table = catalogs.catalog_path(course, "fr", "data/events")
    _translate(table, "fr", {"A group meets.": "Un groupe se réunit."})
    events.write_text(events.read_text(encoding="utf-8").replace("A group meets.", "A group meets again."), encoding="utf-8")
    catalogs.update(course, ("fr",))
    entry = catalogs.read_catalog(table, "fr").get("A group meets again.", context="event")
    assert entry.fuzzy and entry.string == "Un groupe se réunit."
