"""The ``coursekit`` command line: ``coursekit check`` and ``coursekit schema``.

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

from .loader import QuizValidationError, bank_files, load_banks
from .model import json_schema

# Where the committed schema lives; `coursekit schema --output` writes it there.
SCHEMA_PATH = Path("quizzes") / "quiz-bank.schema.json"


def render_schema() -> str:
    """The schema file's exact text: the test compares the committed file with it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def cmd_check(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for p in missing:
            print(f"coursekit check: no such file or folder: {p}", file=sys.stderr)
        return 2
    files = bank_files(args.paths)
    if not files:
        # Not an error (a new course has no banks yet) but worth saying: a wrong folder
        # would otherwise pass silently.
        print(f"coursekit check: warning: no *.yml quiz banks in {', '.join(args.paths)}", file=sys.stderr)
    try:
        banks = load_banks(files)
    except QuizValidationError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        n_files = len({issue.path for issue in exc.issues})
        print(f"{_plural(len(exc.issues), 'problem')} in {_plural(n_files, 'file')}", file=sys.stderr)
        return 1
    n_questions = sum(len(bank.questions) for bank in banks.values())
    print(f"OK: {_plural(len(banks), 'bank')}, {_plural(n_questions, 'question')}")
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description="Tools for the course's quiz banks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Without a subcommand argparse would leave `func` unset: print help instead.
    parser.set_defaults(func=lambda args: _usage(parser))

    check = sub.add_parser("check", help="validate quiz banks and report every problem")
    check.add_argument("paths", nargs="*", default=["quizzes"], metavar="PATH",
                       help="quiz-bank files or folders of *.yml files (default: quizzes)")
    check.set_defaults(func=cmd_check)

    schema = sub.add_parser("schema", help="write the JSON Schema of a quiz bank")
    schema.add_argument("--output", "-o", metavar="PATH",
                        help=f"file to write (default: standard output); the committed copy is {SCHEMA_PATH}")
    schema.set_defaults(func=cmd_schema)
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
