"""The command line (DESIGN.md, "Command line contract").

Errors are one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from mentortui import __version__
from mentortui.clock import Clock
from mentortui.files import write_private
from mentortui.i18n import LANGUAGES, _, detect_language, set_language

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
    export.add_argument("-o", "--output", type=Path, help=_("file to write (default: standard output)"))

    restore = commands.add_parser("import", help=_("restore a JSON export into an empty database"))
    _common(restore)
    restore.add_argument("file", type=Path)

    backup = commands.add_parser("backup", help=_("write a consistent copy of the database, even while the app runs"))
    _common(backup)
    backup.add_argument("-o", "--output", type=Path, required=True)

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

    store = Store(open_database(_db_path(args), read_only=True), Clock())
    try:
        if args.format == "md":
            text = workbook_markdown(store, args.lang)
        elif args.format == "ics":
            text = calendar_ics(store, args.lang).decode("utf-8")
        else:
            text = export_json(store)
    finally:
        store.close()
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            write_private(args.output, text)
        except OSError as error:
            raise CliError(f"{args.output}: {error.strerror}") from error
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from mentortui.data.exchange import ImportRefused, check_import, write_import
    from mentortui.safetext import clean

    def refused(reason: object) -> CliError:
        # The reason may quote the file (a field name): one clean, bounded line.
        reason = clean(reason, single_line=True)
        reason = reason if len(reason) <= 300 else reason[:299] + "…"
        return CliError(_("{path}: import refused, nothing was written — {reason}", path=args.file, reason=reason))

    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except OSError as error:
        raise CliError(f"{args.file}: {error.strerror}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CliError(_("{path}: not a JSON file ({error})", path=args.file, error=error)) from error
    except (RecursionError, ValueError):  # nested too deep to read, or a number too long
        raise refused(_("the file is nested too deeply or holds a number too long to read")) from None
    try:
        rows = check_import(data)  # before the database is opened: a refused file creates nothing
    except ImportRefused as error:
        raise refused(error) from error
    path = _db_path(args)
    created = not path.exists()
    store = _open_store(args)
    try:
        count = write_import(store, rows)
    except BaseException as error:
        store.close()
        if created:  # leave no empty workbook behind a refused import
            for leftover in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
        if isinstance(error, ImportRefused):
            raise refused(error) from error
        raise
    store.close()
    print(_("Imported {count} records into {path}", count=count, path=path))
    return 0


def _run_backup(args: argparse.Namespace) -> int:
    from mentortui.data.db import open_database
    from mentortui.data.store import Store

    store = Store(open_database(_db_path(args), read_only=True), Clock())
    try:
        target = store.backup(args.output)
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
