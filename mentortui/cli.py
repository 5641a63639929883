"""The command line (DESIGN.md, "Command line contract").

Errors are one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mentortui import __version__
from mentortui.clock import Clock
from mentortui.files import TargetExists, UnsafeTarget, check_target, write_private
from mentortui.i18n import LANGUAGES, _, detect_language, set_language
from mentortui.safetext import clean

_C1 = re.compile("[\x80-\x9f]")
EXIT_PROBLEM = 1  # argparse uses 2 for usage errors


class CliError(Exception):
    """A problem to report in one line."""


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: an option given before the command is not reset by the command's own default.
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=_("database file (default: $MENTORTUI_DB, else the user data dir)"))
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_("language of the app and of generated text"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentortui",
        description=_("A keyboard-driven workbook for mentors and mentees, with a weekly review."),
    )
    parser.add_argument("--version", action="version", version=f"mentortui {__version__}")
    _common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help=_("fill a database with a realistic sample workbook"))
    _common(demo)
    demo.add_argument("--size", choices=("small", "large"), default="small", help=_("large: three relationships over five years"))

    export = commands.add_parser("export", help=_("export the workbook as JSON, Markdown or a calendar (ICS)"))
    _common(export)
    export.add_argument(
        "--format",
        choices=("json", "md", "ics"),
        required=True,
        help="json: " + _("write the workbook as JSON (a lossless backup)")
        + "; md: " + _("for each relationship, the next meeting's agenda, then the recaps of held meetings, newest first")
        + "; ics: " + _("every meeting as a calendar event, plus each active relationship's rhythm as a recurring event"),
    )
    export.add_argument(
        "--private", action="store_true",
        help=_("md: also write your meeting notes (left out by default: the recaps are meant for your partner)"),
    )
    export.add_argument("-o", "--output", type=Path, help=_("file to write (default: standard output)"))
    export.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))

    restore = commands.add_parser("import", help=_("restore a JSON export into an empty database"))
    _common(restore)
    restore.add_argument("file", type=Path)

    backup = commands.add_parser("backup", help=_("write a consistent copy of the database, even while the app runs"))
    _common(backup)
    backup.add_argument("-o", "--output", type=Path, required=True)
    backup.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))

    review = commands.add_parser("review", help=_("open the app straight in this week's review"))
    _common(review)

    check = commands.add_parser("check", help=_("check the database's integrity and schema version"))
    _common(check)
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    from mentortui.data.db import default_db_path, ensure_private_dir

    explicit = getattr(args, "db", None)
    if explicit is not None:
        return explicit.expanduser()
    path = default_db_path()
    ensure_private_dir(path.parent)
    return path


def _open_store(args: argparse.Namespace):
    from mentortui.data.store import Store

    return Store.open(_db_path(args), Clock())


def _run_tui(args: argparse.Namespace) -> int:
    from mentortui.app import make_app
    from mentortui.ui.keymap import default_keymap_path

    store = _open_store(args)
    try:
        start = "review" if args.command == "review" else "dashboard"
        make_app(store=store, lang=args.lang, keymap_path=default_keymap_path(), start_mode=start).run()
    finally:
        store.close()
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    from mentortui.data.demo import fill_demo

    store = _open_store(args)
    try:
        if not store.is_empty():
            raise CliError(_("{path} already holds a workbook; give a new --db for the demo", path=_db_path(args)))
        counts = fill_demo(store, size=args.size, lang=args.lang)
    finally:
        store.close()
    summary = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(_("Demo workbook written to {path}: {summary}", path=_db_path(args), summary=summary))
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from mentortui.data.db import open_database
    from mentortui.data.exchange import export_json
    from mentortui.data.meetings_export import calendar_ics, workbook_markdown
    from mentortui.data.store import Store

    if args.private and args.format != "md":
        # JSON (a backup) holds everything anyway, and a calendar never holds notes.
        raise CliError(_("--private only applies to --format md"))
    store = Store(open_database(_db_path(args), read_only=True), Clock())
    try:
        if args.format == "md":
            text = workbook_markdown(store, args.lang, private=args.private)
        elif args.format == "ics":
            text = calendar_ics(store, args.lang).decode("utf-8")
        else:
            text = export_json(store)
    finally:
        store.close()
    if args.output is None:
        sys.stdout.write(_terminal_safe(text, args.format))
    else:
        _write_output(args.output, args.force, lambda: write_private(args.output, text, replace=args.force))
    return 0


def _terminal_safe(text: str, format: str) -> str:
    """Defence in depth (stored text is cleaned on the way in): an export printed to a
    terminal never carries escape sequences or control characters. JSON stays lossless (its
    C1 controls, which json leaves raw, become \\u escapes); ICS keeps its CRLF line ends."""
    if format == "json":
        return _C1.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
    if format == "ics":
        return "\r\n".join(clean(line) for line in text.split("\r\n"))
    return clean(text)


def _write_output(path: Path, force: bool, write: Callable[[], Path]) -> Path:
    """Run ``write`` (which writes ``path`` the careful way, mentortui.files) and turn its
    refusals and failures (a full disk included) into one line naming the file."""
    try:
        check_target(path.expanduser(), replace=force)
        return write()
    except TargetExists:
        raise CliError(_("{path} exists; add --force to replace it", path=path)) from None
    except UnsafeTarget as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{path}: {error.strerror or error}") from error
    except sqlite3.Error as error:  # VACUUM INTO: "database or disk is full"
        raise CliError(f"{path}: {error}") from error


def _run_import(args: argparse.Namespace) -> int:
    from mentortui.data.exchange import ImportRefused, import_workbook

    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except OSError as error:
        raise CliError(f"{args.file}: {error.strerror}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CliError(_("{path}: not a JSON file ({error})", path=args.file, error=error)) from error
    store = _open_store(args)
    try:
        count = import_workbook(store, data)
    except ImportRefused as error:
        raise CliError(_("{path}: import refused, nothing was written — {reason}", path=args.file, reason=error)) from error
    finally:
        store.close()
    print(_("Imported {count} records into {path}", count=count, path=_db_path(args)))
    return 0


def _run_backup(args: argparse.Namespace) -> int:
    from mentortui.data.db import open_database
    from mentortui.data.store import Store

    store = Store(open_database(_db_path(args), read_only=True), Clock())
    try:
        target = _write_output(args.output, args.force, lambda: store.backup(args.output, replace=args.force))
    finally:
        store.close()
    print(_("Backup written to {path}", path=target))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from mentortui.data.db import inspect, require_existing
    from mentortui.data.schema import SCHEMA_VERSION

    path = _db_path(args)
    require_existing(path)
    found = inspect(path, thorough=True)
    if found.pending:
        print(_("{path}: ok, schema version {version} (this mentortui will upgrade it to {latest})",
                path=path, version=found.schema_version, latest=SCHEMA_VERSION))
    else:
        print(_("{path}: ok, schema version {version}", path=path, version=found.schema_version))
    return 0


COMMANDS = {
    None: _run_tui,
    "review": _run_tui,
    "demo": _run_demo,
    "export": _run_export,
    "import": _run_import,
    "backup": _run_backup,
    "check": _run_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    # The language is needed before --help is built, so peek at it first.
    peek = argparse.ArgumentParser(add_help=False)
    peek.add_argument("--lang", choices=LANGUAGES)
    known, _rest = peek.parse_known_args(argv)
    lang = detect_language(known.lang)
    set_language(lang)
    args = build_parser().parse_args(argv)
    args.lang = lang
    from mentortui.data.db import StorageError
    from mentortui.data.model import ValidationError

    try:
        return COMMANDS[args.command](args)
    except (CliError, StorageError, ValidationError, ValueError, OSError, sqlite3.Error) as error:
        print(f"mentortui: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
