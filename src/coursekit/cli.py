"""The ``coursekit`` command line (also ``python -m coursekit``):

- ``check``: validate the whole course, or the files given, each by its kind (validate.py); ``schema``: write the banks' JSON Schema;
- ``export``: quiz banks to Moodle GIFT, a Canvas QTI 1.2 package and CSV;
- ``agendas``: the workshop agendas as Markdown, timed from the chapters;
- ``handouts``: PDFs of the instructor edition's printable handouts;
- ``hub-link``: an nbgitpuller link that opens the course on a JupyterHub;
- ``translations``: merge the English text into the French and Spanish catalogues
  (``update``), count what is translated, fuzzy and missing (``status``), list what a
  translation drops (``check``) and write the translated notebooks and pages (``write``).

Each subcommand is a function ``cmd_<name>(args) -> int`` registered in
``_build_parser``; adding one (``export``...) means one function and one
``add_parser`` block. Exit codes: 0 success, 1 the quiz files have problems,
2 the command itself was used wrongly (bad option, missing path). A mistake by the
user never ends in a traceback: it is a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from urllib.parse import quote, urlencode

from . import agendas, export, handouts, i18n, validate
from .catalogs import LANGUAGES
from .loader import QuizValidationError, bank_files, load_banks
from .model import json_schema

# Where the committed schema lives; `coursekit schema --output` writes it there.
SCHEMA_PATH = Path("quizzes") / "quiz-bank.schema.json"


def render_schema() -> str:
    """The schema file's exact text: the test compares the committed file with it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def cmd_check(args: argparse.Namespace) -> int:
    """With no path, in a course folder: the whole course (validate.check_course). With paths:
    each file by its kind (quiz bank, scenario, agendas, data file). ``--structure-only``
    checks quiz banks without the item-quality rules (the engine's small test banks)."""
    if not args.paths and Path("_toc.yml").is_file() and not args.structure_only:
        report = validate.check_course(Path("."))
    else:
        paths = args.paths or ["quizzes"]
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            for p in missing:
                print(f"coursekit check: no such file or folder: {p}", file=sys.stderr)
            return 2
        if args.structure_only:
            return _check_structure(paths)
        report = validate.check_paths([Path(p) for p in paths])
        if not any(report.counts.values()) and not report.issues:
            print(f"coursekit check: warning: no course files in {', '.join(paths)}", file=sys.stderr)
    if report.issues:
        return _report(QuizValidationError(report.issues))
    counts = ", ".join(_plural(n, kind) for kind, n in report.counts.items()) or "0 banks, 0 questions"
    print(f"OK: {counts}")
    return 0


def _check_structure(paths: list[str]) -> int:
    files = bank_files(paths)
    if not files:
        print(f"coursekit check: warning: no *.yml quiz banks in {', '.join(paths)}", file=sys.stderr)
    try:
        banks = load_banks(files)
    except QuizValidationError as exc:
        return _report(exc)
    n_questions = sum(len(bank.questions) for bank in banks.values())
    print(f"OK: {_plural(len(banks), 'bank')}, {_plural(n_questions, 'question')} (structure only)")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    text = render_schema()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        # newline="\n": the same bytes on every OS, so the committed file never churns.
        Path(args.output).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        print(f"coursekit schema: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}")
    return 0


def _report(error: QuizValidationError) -> int:
    """Every problem on its own line (path:line: where: message), then a count: exit 1."""
    for issue in error.issues:
        print(issue, file=sys.stderr)
    n_files = len({issue.path for issue in error.issues})
    print(f"{_plural(len(error.issues), 'problem')} in {_plural(n_files, 'file')}", file=sys.stderr)
    return 1


def cmd_export(args: argparse.Namespace) -> int:
    try:
        banks = load_banks(bank_files(args.paths))
    except QuizValidationError as exc:
        return _report(exc)
    if not banks:
        print(f"coursekit export: no quiz banks in {', '.join(args.paths)}", file=sys.stderr)
        return 2
    if args.language != i18n.ENGLISH:  # the same questions and answers, the language's text
        from .translations import translate_bank

        try:
            banks = {slug: translate_bank(bank, args.language, Path(args.root)) for slug, bank in banks.items()}
        except QuizValidationError as exc:
            return _report(exc)
    # Everything is made in memory first: a bad bank never leaves half the files written.
    with i18n.speaking(args.language):
        files = export.all_exports(banks)
    wanted = {"gift": ["quizzes.gift"], "qti": ["quizzes-canvas-qti.zip"], "csv": ["quizzes.csv"], "all": list(files)}[args.format]
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in wanted:
            partial = out / f"{name}.part"
            partial.write_bytes(files[name])
            partial.replace(out / name)
    except OSError as exc:
        print(f"coursekit export: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    n = sum(len(b.questions) for b in banks.values())
    print(f"exported {_plural(n, 'question')} from {_plural(len(banks), 'bank')} to {', '.join(str(out / w) for w in wanted)}")
    return 0


def cmd_agendas(args: argparse.Namespace) -> int:
    try:
        sys.stdout.write(agendas.to_plain_markdown(agendas.load_plans(Path(args.root))))
    except QuizValidationError as exc:
        return _report(exc)
    return 0


def cmd_handouts(args: argparse.Namespace) -> int:
    try:
        written = handouts.make_pdfs(Path(args.pages), Path(args.out))
    except handouts.HandoutError as exc:
        print(f"coursekit handouts: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def _write_bundle(command: str, make, out: str) -> int:
    """Run ``make()`` (which writes one zip) and report it the way every bundle command does."""
    from . import bundles

    try:
        target = make()
    except bundles.BundleError as exc:
        print(f"coursekit {command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"coursekit {command}: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


def cmd_offline(args: argparse.Namespace) -> int:
    from . import bundles

    return _write_bundle("offline", lambda: bundles.offline_zip(Path(args.html), Path(args.root), Path(args.out)), args.out)


def cmd_scorm(args: argparse.Namespace) -> int:
    from . import bundles

    return _write_bundle("scorm", lambda: bundles.scorm_zip(Path(args.html), Path(args.out)), args.out)


def cmd_release(args: argparse.Namespace) -> int:
    from . import bundles

    try:
        written = bundles.release(Path(args.root), Path(args.html), Path(args.instructor), Path(args.handouts), Path(args.out))
    except QuizValidationError as exc:
        return _report(exc)
    except bundles.BundleError as exc:
        print(f"coursekit release: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"coursekit release: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"{path.stat().st_size / 1e6:8.2f} MB  {path}")
    return 0


def hub_link(hub: str, repo: str, branch: str, path: str) -> str:
    """The nbgitpuller link: the hub clones (or updates) the repository, then opens ``path``."""
    folder = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode({"repo": repo, "urlpath": f"lab/tree/{folder}/{path}", "branch": branch}, quote_via=quote)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def cmd_hub_link(args: argparse.Namespace) -> int:
    if not args.hub.startswith(("https://", "http://")):
        print(f"coursekit hub-link: the hub address must start with https:// (got {args.hub!r})", file=sys.stderr)
        return 2
    print(hub_link(args.hub, args.repo, args.branch, args.path))
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    from . import catalogs

    root = Path(args.root)
    if not (root / "quizzes").is_dir():
        print(f"coursekit translations: {root} is not a course folder (no quizzes/)", file=sys.stderr)
        return 2
    languages = tuple(args.language or catalogs.LANGUAGES)
    if args.action == "check":
        problems = catalogs.check(root, languages, complete=args.complete)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{_plural(len(problems), 'problem')} in the {'/'.join(languages)} catalogues")
        return 1 if problems else 0
    if args.action == "write":
        from .translations import write_sources

        for language in languages:
            changed = write_sources(root, language)
            print(f"{language}/: {_plural(len(changed), 'file')} written (notebooks and pages in {catalogs.LANGUAGES[language]})")
        return 0
    if args.action == "update":
        written = catalogs.update(root, languages)
        for language, names in written.items():
            print(f"{language}: {len(names)} catalogues updated in {catalogs.LOCALE_DIR}/{language}/LC_MESSAGES")
    print(catalogs.report(catalogs.status(root, languages)))
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description="Tools for the course: quiz banks, exports, agendas, handouts.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Without a subcommand argparse would leave `func` unset: print help instead.
    parser.set_defaults(func=lambda args: _usage(parser))

    check = sub.add_parser("check", help="validate the course (or the files given) and report every problem")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to check, each by its kind: quiz banks, scenarios, agendas.yml, "
                            "data *.csv (default: the whole course, in a course folder; else quizzes)")
    check.add_argument("--structure-only", action="store_true",
                       help="skip the item-quality rules (for engine test banks; see AUTHORING.md)")
    check.set_defaults(func=cmd_check)

    schema = sub.add_parser("schema", help="write the JSON Schema of a quiz bank")
    schema.add_argument("--output", "-o", metavar="PATH",
                        help=f"file to write (default: standard output); the committed copy is {SCHEMA_PATH}")
    schema.set_defaults(func=cmd_schema)

    exporter = sub.add_parser("export", help="export quiz banks to Moodle GIFT, Canvas QTI 1.2 and CSV")
    exporter.add_argument("paths", nargs="*", default=["quizzes"], metavar="PATH", help="quiz banks (default: quizzes)")
    exporter.add_argument("--out", "-o", default="_build/export", help="folder to write to (default: _build/export)")
    exporter.add_argument("--format", "-f", choices=["all", "gift", "qti", "csv"], default="all")
    exporter.add_argument("--language", "-l", choices=[i18n.ENGLISH, *LANGUAGES], default=i18n.ENGLISH,
                          help="the language of the questions' text (default: en); ids and answers are the same")
    exporter.add_argument("--root", default=".", help="the course folder, for --language's catalogues (default: .)")
    exporter.set_defaults(func=cmd_export)

    agenda = sub.add_parser("agendas", help="print the workshop agendas (Markdown), timed from the chapters")
    agenda.add_argument("--root", default=".", help="the course folder (default: .)")
    agenda.set_defaults(func=cmd_agendas)

    handout = sub.add_parser("handouts", help="print the instructor edition's handouts to PDF (headless Chromium)")
    handout.add_argument("--pages", default=str(handouts.HANDOUTS), help=f"built handout pages (default: {handouts.HANDOUTS})")
    handout.add_argument("--out", "-o", default=str(handouts.OUTPUT), help=f"folder for the PDFs (default: {handouts.OUTPUT})")
    handout.set_defaults(func=cmd_handouts)

    offline = sub.add_parser("offline", help="pack the built learner book and the notebooks into one zip for offline use")
    offline.add_argument("--html", default="_build/html", help="the built learner book (default: _build/html)")
    offline.add_argument("--root", default=".", help="the course folder (default: .)")
    offline.add_argument("--out", "-o", default="_build/release", help="folder to write to (default: _build/release)")
    offline.set_defaults(func=cmd_offline)

    scorm = sub.add_parser("scorm", help="pack the built learner book as a SCORM 1.2 package for learning platforms")
    scorm.add_argument("--html", default="_build/html", help="the built learner book (default: _build/html)")
    scorm.add_argument("--out", "-o", default="_build/release", help="folder to write to (default: _build/release)")
    scorm.set_defaults(func=cmd_scorm)

    rel = sub.add_parser("release", help="write every file a release publishes, with checksums")
    rel.add_argument("--root", default=".", help="the course folder (default: .)")
    rel.add_argument("--html", default="_build/html", help="the built learner book (default: _build/html)")
    rel.add_argument("--instructor", default="_build/instructor/html", help="the built instructor edition")
    rel.add_argument("--handouts", default=str(handouts.OUTPUT), help=f"the handout PDFs (default: {handouts.OUTPUT})")
    rel.add_argument("--out", "-o", default="_build/release", help="folder to write to (default: _build/release)")
    rel.set_defaults(func=cmd_release)

    hub = sub.add_parser("hub-link", help="print an nbgitpuller link that opens the course on a JupyterHub")
    hub.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    hub.add_argument("--repo", default="https://github.com/un-cyber-course/un-cyber-course", help="the course's git repository")
    hub.add_argument("--branch", default="main")
    hub.add_argument("--path", default="notebooks/global-context.ipynb", help="the file to open (default: chapter 1)")
    hub.set_defaults(func=cmd_hub_link)

    trans = sub.add_parser("translations", help="update the French and Spanish catalogues from the English text, "
                                                 "and report what is translated, fuzzy and missing")
    trans.add_argument("action", choices=["update", "status", "check", "write"],
                       help="update: merge the English text into the catalogues, then report; status: report only; "
                            "check: list every translation that drops a citation, code, number or symbol of its English; "
                            "write: write the translated notebooks and pages into fr/ and es/")
    trans.add_argument("--complete", action="store_true", help="with check: also list every missing or fuzzy translation")
    trans.add_argument("--language", "-l", action="append", choices=tuple(LANGUAGES),
                       help="only this language (repeatable; default: all)")
    trans.add_argument("--root", default=".", help="the course folder (default: .)")
    trans.set_defaults(func=cmd_translations)
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
