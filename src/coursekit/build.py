"""Build the book: ``python -m coursekit.build`` (what ``make book`` runs), or the
instructor edition: ``python -m coursekit.build --edition instructor`` (``make instructor``).

Equivalent to ``jupyter-book build . -W --keep-going`` (strict: any warning or any
failing notebook cell fails the build), plus parallel reading so notebooks execute
on every core: ``jupyter-book build`` has no ``-j`` option.

Like make, it first checks whether anything the book is built from changed since the
last successful build (pages, notebooks, quiz banks, data, bibliography, configuration,
the engine, the pinned dependencies); if nothing did, it stops at once instead of
starting Sphinx, which alone takes seconds. ``--force`` skips that check.

``make book`` builds the whole learner site: the English book, then the French and Spanish
books inside it (``_build/html/fr/``, ``_build/html/es/``). A translated book is published only
whole: its build stops before Sphinx starts if any of its catalogues has a missing or fuzzy
message (``--draft`` builds it anyway, for a translator's preview).

The instructor edition is the learner book plus the instructor/ pages (answer keys,
facilitation notes, agendas, role-play, handouts): its table of contents is
instructor/_toc.yml and its configuration is _config.yml updated by
instructor/_config.yml. Both editions share one execution cache, so after one is built
the other executes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .catalogs import LANGUAGES
from .markup import html

# Everything the built book depends on, relative to the book folder (plus the engine).
INPUTS = ("_config.yml", "_toc.yml", "references.bib", "requirements/dev.lock", "book", "notebooks", "quizzes", "data", "scenarios", "assessment")
CACHE = Path("_build") / ".jupyter_cache"


@dataclass(frozen=True)
class Edition:
    toc: str
    out: str  # the build folder; the HTML goes to <out>/html unless html_dir says otherwise
    config_overlay: str | None = None
    extra_inputs: tuple[str, ...] = ()
    source: str = "."  # Sphinx's source folder: a translated edition's sources are in fr/ or es/
    language: str | None = None  # a translated edition (catalogs.LANGUAGES)
    html_dir: str | None = None

    @property
    def html(self) -> Path:
        return Path(self.html_dir) if self.html_dir else Path(self.out) / "html"

    @property
    def stamp(self) -> Path:
        return Path(self.out) / ".inputs.sha256"


EDITIONS = {
    "learner": Edition(toc="_toc.yml", out="_build"),
    "instructor": Edition(toc="instructor/_toc.yml", out="_build/instructor",
                          config_overlay="instructor/_config.yml", extra_inputs=("instructor",)),
    # The learner book in French and Spanish, under _build/html/fr/ and es/, built from the
    # sources that translations.write_sources makes from the English ones and the catalogues.
    **{language: Edition(toc=f"{language}/_toc.yml", out=f"_build/{language}", extra_inputs=("locale",),
                         source=language, language=language, html_dir=f"_build/html/{language}")
       for language in LANGUAGES},
}


# What `make book` builds, in this order: the English book first, as the others are built
# inside its folder.
SITE = ("learner", *LANGUAGES)


def fingerprint(root: Path, edition: Edition = EDITIONS["learner"]) -> str:
    """A digest of every input file's path and content, and of the engine's own files."""
    engine = Path(__file__).parent
    files = [p for name in INPUTS + edition.extra_inputs
             for p in sorted((root / name).rglob("*") if (root / name).is_dir() else [root / name])]
    files += sorted(engine.rglob("*"))
    digest = hashlib.sha256()
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts:
            digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def up_to_date(root: Path, edition: Edition = EDITIONS["learner"]) -> bool:
    stamp = root / edition.stamp
    return ((root / edition.html / "index.html").is_file() and stamp.is_file()
            and stamp.read_text() == fingerprint(root, edition))


def _merge(base: dict, overlay: dict) -> dict:
    """``base`` updated by ``overlay``: mappings merge key by key, other values replace."""
    merged = dict(base)
    for key, value in overlay.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


def edition_config(root: Path, edition: Edition) -> Path:
    """The configuration file to build ``edition`` with (written for the instructor edition
    and the translated editions)."""
    if edition.config_overlay is None and edition.language is None:
        return root / "_config.yml"
    base = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    if edition.language:
        from .translations import edition_overlay

        overlay = edition_overlay(root, edition.language, base)
    else:
        overlay = yaml.safe_load((root / edition.config_overlay).read_text(encoding="utf-8")) or {}
    target = root / edition.out / "_config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(_merge(base, overlay), allow_unicode=True), encoding="utf-8")
    return target


def _read_one_page_per_task(root: Path) -> None:
    """Sphinx splits the pages to read into one batch per process, in name order, so all
    notebooks (under notebooks/) land in the same batch and execute one after another
    while the other process finishes the short pages. One page per task lets each process
    take the next page as soon as it is free, so notebooks execute side by side; the slow
    pages (notebooks) go first and the quick ones fill the gaps at the end. Writing keeps
    Sphinx's batches: a task per page costs more than it saves there."""
    import sphinx.builders
    from sphinx.util.parallel import make_chunks

    notebooks = {p.relative_to(root).with_suffix("").as_posix() for p in root.glob("*/*.ipynb")}

    def chunks(names, nproc, maxbatch=10):
        if sys._getframe(1).f_code.co_name == "_read_parallel":
            return [[name] for name in sorted(names, key=lambda n: n not in notebooks)]
        return make_chunks(names, nproc, maxbatch)

    sphinx.builders.make_chunks = chunks


def incomplete_catalogs(root: Path, language: str) -> list[str]:
    """One line for each catalogue of ``language`` with a missing or fuzzy message."""
    from .catalogs import catalog_path, status

    return [f"{catalog_path(root, language, row.catalog).relative_to(root)}: {row.missing} missing, {row.fuzzy} fuzzy"
            for row in status(root, (language,)) if row.missing or row.fuzzy]


def _keep_executed_notebooks_out_of(html: Path, folder: Path) -> None:
    """myst-nb writes executed notebooks to jupyter_execute/ beside the HTML folder. For the
    French and Spanish books that is inside the English one (_build/html/jupyter_execute):
    a folder no page needs, which the offline copies would carry. It names the folder in a
    module constant relative to the HTML folder's parent, so point it at ``folder``."""
    import myst_nb.sphinx_ext

    if not isinstance(getattr(myst_nb.sphinx_ext, "OUTPUT_FOLDER", None), str):
        raise RuntimeError("myst_nb.sphinx_ext.OUTPUT_FOLDER not found: update coursekit.build for this myst-nb")
    myst_nb.sphinx_ext.OUTPUT_FOLDER = os.path.relpath(folder, html.parent)


def build(root: Path, *, jobs: int | None = None, fresh: bool = False, quiet: bool = False,
          edition: Edition = EDITIONS["learner"], draft: bool = False) -> int:
    # jsonschema (used by Jupyter Book to check _config.yml) imports rfc3987_syntax when it
    # is installed, which compiles a grammar for IRI formats at import time: about a second
    # of every build, for a format no course file uses. Without it jsonschema simply skips
    # that format check (it treats the module as optional).
    sys.modules.setdefault("rfc3987_syntax", None)
    from jupyter_book.sphinx import build_sphinx  # slow to import: only when needed

    if edition.language:
        from .translations import write_sources

        gaps = incomplete_catalogs(root, edition.language)
        if gaps and not draft:
            print(f"The {edition.language} book ({LANGUAGES[edition.language]}) is not built: a language is published only when every "
                  f"message is translated, and these catalogues are not complete:", *gaps,
                  "Translate them (see TRANSLATING.md; `coursekit translations status` counts what is left), "
                  "or add --draft to build a preview anyway.", sep="\n  ", file=sys.stderr)
            return 1

        write_sources(root, edition.language)
    _read_one_page_per_task(root / edition.source)
    _keep_executed_notebooks_out_of(root / edition.html, root / edition.out / "jupyter_execute")
    # Create the execution cache's database now: two processes reading notebooks at once
    # would otherwise both try to create it on a fresh build.
    from jupyter_cache import get_cache

    get_cache(str(root / CACHE)).list_cache_records()

    (root / edition.stamp).unlink(missing_ok=True)
    if fresh:  # an empty site: files of earlier builds would otherwise stay, and be saved offline
        _empty(root / edition.html, keep=() if edition.language else tuple(LANGUAGES))
    inputs = fingerprint(root, edition)  # taken before building: an edit made meanwhile is seen next time

    result = build_sphinx(
        str(root / edition.source),
        str(root / edition.html),
        noconfig=True,
        path_config=str(edition_config(root, edition)),
        # Beside the edition's configuration: by default it would be the HTML folder's parent,
        # which the French and Spanish books share (each would undo the other's cache).
        doctreedir=str(root / edition.out / ".doctrees"),
        # What `jupyter-book build` passes for a book with a _toc.yml, and one execution
        # cache for both editions.
        confoverrides={"external_toc_path": str(root / edition.toc), "latex_individualpages": False,
                       "nb_execution_cache_path": str(root / CACHE)},
        warningiserror=True,
        keep_going=True,
        freshenv=fresh,
        jobs=jobs or os.cpu_count() or 1,
        quiet=quiet,
    )
    if result != 0:
        return 1
    config = yaml.safe_load(edition_config(root, edition).read_text(encoding="utf-8"))
    _write_redirect_page(root / edition.html / "index.html", config["title"], edition.language or "en")
    (root / edition.stamp).write_text(inputs)
    return 0


def _empty(folder: Path, keep: tuple[str, ...]) -> None:
    """Delete what ``folder`` holds but the entries named in ``keep`` (the translated books
    inside the English one: they are built on their own)."""
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.name not in keep:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


_REDIRECT = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="description" content="{title}">
<meta http-equiv="Refresh" content="0; url={url}">
</head>
<body><p><a href="{url}">{title}</a></p></body>
</html>
"""


def _write_redirect_page(index: Path, title: str, language: str) -> None:
    """Jupyter Book's index.html is one bare <meta> redirect (no doctype, no title: two W3C
    validator errors, and an empty page without a link if redirects are off). Write it whole,
    in the book's language, its link named by the book's title."""
    match = re.search(r'url=([^"]+)"', index.read_text(encoding="utf-8")) if index.is_file() else None
    if match:
        index.write_text(html(_REDIRECT, url=match.group(1).strip(), title=title, language=language), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.build", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="book folder (with _config.yml)")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="parallel processes (default: all cores)")
    parser.add_argument("--fresh", action="store_true", help="start from an empty site and re-read every page")
    parser.add_argument("--force", action="store_true", help="run Sphinx even if no input changed")
    parser.add_argument("--edition", choices=sorted(EDITIONS),
                        help="one edition only: learner (the English book), "
                             f"{', '.join(LANGUAGES)} (a translated book), or instructor (adds answer keys, "
                             "facilitation notes, agendas, handouts); default: the learner site in every language")
    parser.add_argument("--draft", action="store_true",
                        help="build a translated book even if some of its messages are not translated yet")
    parser.add_argument("--quiet", "-q", action="store_true")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    for name in [args.edition] if args.edition else SITE:
        edition = EDITIONS[name]
        index = root / edition.html / "index.html"
        if not (args.force or args.fresh) and up_to_date(root, edition):
            print(f"Book up to date (no input changed): {index}")
            continue
        code = build(root, jobs=args.jobs, fresh=args.fresh, quiet=args.quiet, edition=edition, draft=args.draft)
        if code != 0:
            print(f"Book build FAILED ({name} edition): see the warnings and errors above.", file=sys.stderr)
            return code
        print(f"Book built ({name} edition): {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
