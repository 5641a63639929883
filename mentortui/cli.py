"""The command line (DESIGN.md, "Command line contract").

Errors are one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mentortui import __version__
from mentortui.core.clock import Clock
from mentortui.core.files import TargetExists, UnsafeTarget, check_target, write_private
from mentortui.core.i18n import LANGUAGES, _, detect_date_locale, detect_language, set_date_locale, set_language
from mentortui.core.safetext import clean

_C1 = re.compile("[\x80-\x9f]")
EXIT_PROBLEM = 1  # argparse uses 2 for usage errors


class CliError(Exception):
    """A problem to report in one line."""


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in the app's language too (usage, options, -h), so that
    --help is all French under --lang fr. Subcommands are built with the same class."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.pop("add_help", None)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=_("show this help and exit"))

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {problem}", prog=self.prog, problem=message) + "\n")


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: an option given before the command is not reset by the command's own default.
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=_("database file (default: $MENTORTUI_DB, else the user data dir)"))
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_("language of the app and of generated text"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mentortui",
        description=_("A keyboard-driven workbook for mentors and mentees, with a weekly review."),
    )
    parser.add_argument("--version", action="version", version=f"mentortui {__version__}", help=_("show the version and exit"))
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

    replicate = commands.add_parser(
        "replicate", help=_("copy every change to a replica as it is made, until ctrl+c (needs mentortui[replicate])")
    )
    _common(replicate)
    replicate.add_argument(
        "--to", metavar="URL", help=_("a folder, or a file://, sftp:// or s3:// URL (default: the last one given)")
    )

    recover = commands.add_parser("restore", help=_("restore the workbook from a replica into a new file, then check it"))
    _common(recover)
    recover.add_argument("--from", dest="source", metavar="URL", required=True, help=_("the replica given to replicate --to"))
    recover.add_argument("-o", "--output", type=Path, help=_("file to write (default: --db, which must not exist)"))
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
        app = make_app(store=store, lang=args.lang, keymap_path=default_keymap_path(), start_mode=start)
        app.run()
    finally:
        store.close()
    from mentortui.data.db import SQLiteError

    if isinstance(app.crash, SQLiteError):
        raise app.crash  # the disk or the file (full, locked): said in one line by main()
    if app.crash is not None:
        return _report_crash(app.crash)
    return app.return_code or 0


def _report_crash(error: BaseException) -> int:
    try:
        report = write_crash_report(error)
    except OSError:
        print(_("mentortui stopped on an unexpected error ({error})", error=type(error).__name__), file=sys.stderr)
    else:
        print(_("mentortui stopped on an unexpected error; the report is in {path}", path=report), file=sys.stderr)
    return EXIT_PROBLEM


def write_crash_report(error: BaseException) -> Path:
    """The traceback of ``error`` (no local variables: they would hold the user's notes) in
    a new file only the user can read, in the user's state dir; returns its path."""
    import datetime as dt
    import os
    import platform
    import traceback

    import platformdirs

    from mentortui.data.db import FILE_MODE, ensure_private_dir

    folder = platformdirs.user_state_path("mentortui", appauthor=False)
    ensure_private_dir(folder)
    path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    text = (
        f"mentortui {__version__}, Python {platform.python_version()}, {platform.platform()}\n\n"
        + "".join(traceback.format_exception(error))
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as report:
        report.write(text)
    return path


def _run_demo(args: argparse.Namespace) -> int:
    from mentortui.exchange.demo import fill_demo

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
    from mentortui.exchange.json_backup import export_json
    from mentortui.exchange.meetings_export import calendar_ics, workbook_markdown
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
    """Run ``write`` (which writes ``path`` the careful way, mentortui.core.files) and turn its
    refusals and failures (a full disk included) into one line naming the file."""
    from mentortui.data.db import SQLiteError

    try:
        check_target(path.expanduser(), replace=force)
        return write()
    except TargetExists:
        raise CliError(_("{path} exists; add --force to replace it", path=path)) from None
    except UnsafeTarget as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{path}: {error.strerror or error}") from error
    except SQLiteError as error:  # VACUUM INTO: "database or disk is full"
        raise CliError(f"{path}: {error}") from error


def _run_import(args: argparse.Namespace) -> int:
    from mentortui.exchange.json_backup import ImportRefused, check_import, write_import
    from mentortui.core.safetext import clean

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
        target = _write_output(args.output, args.force, lambda: store.backup(args.output, replace=args.force))
    finally:
        store.close()
    print(_("Backup written to {path}", path=target))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    """Integrity (every page and index), broken links between records, and schema version."""
    from mentortui.data.db import inspect, require_existing
    from mentortui.data.schema import SCHEMA_VERSION

    path = _db_path(args)
    require_existing(path)
    if path.stat().st_size == 0:
        raise CliError(_("{path}: the file is empty (0 bytes), it holds no workbook — give the path of your mentortui.db", path=path))
    found = inspect(path, thorough=True)
    if found.schema_version == 0:
        raise CliError(_("{path}: an empty SQLite file, not a mentortui workbook — give the path of your mentortui.db", path=path))
    if found.pending:
        print(_("{path}: ok, schema version {version} (this mentortui will upgrade it to {latest})",
                path=path, version=found.schema_version, latest=SCHEMA_VERSION))
    else:
        print(_("{path}: ok, schema version {version}", path=path, version=found.schema_version))
    return 0


def _run_app(args: argparse.Namespace) -> int:
    from mentortui.core.config import config_dir
    from mentortui.exchange.replicate import warn_if_in_sync_folder

    warn_if_in_sync_folder(_db_path(args), config_dir())
    return _run_tui(args)


def _run_replicate(args: argparse.Namespace) -> int:
    from mentortui.core.config import config_dir
    from mentortui.data.db import inspect, require_existing
    from mentortui.exchange.replicate import ReplicationError, prepare_replication, replicate_command, run_replication

    path = _db_path(args)
    require_existing(path)
    inspect(path)  # replicate a healthy mentortui workbook only
    try:
        config, url = prepare_replication(path, args.to, config_dir())
        replicate_command(config)  # says how to install Litestream before anything runs
    except ReplicationError as error:
        raise CliError(str(error)) from error
    print(_("Replicating {path} to {url} (settings: {config}); ctrl+c stops.", path=path, url=url, config=config))
    run_replication(config)  # does not return: the process becomes Litestream
    return 0


def _run_restore(args: argparse.Namespace) -> int:
    from mentortui.exchange.replicate import ReplicationError, restore

    target = args.output.expanduser() if args.output is not None else _db_path(args)
    if not target.parent.is_dir():
        raise CliError(_("{path}: the folder does not exist", path=target))
    try:
        restore(args.source, target)
    except ReplicationError as error:
        raise CliError(str(error)) from error
    print(_("Restored {url} to {path}", url=args.source, path=target))
    return _run_check(argparse.Namespace(db=target))


COMMANDS = {
    None: _run_app,
    "review": _run_app,
    "demo": _run_demo,
    "export": _run_export,
    "import": _run_import,
    "backup": _run_backup,
    "check": _run_check,
    "replicate": _run_replicate,
    "restore": _run_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    # The language is needed before --help is built, so peek at it first.
    peek = argparse.ArgumentParser(add_help=False)
    peek.add_argument("--lang", choices=LANGUAGES)
    known, _rest = peek.parse_known_args(argv)
    lang = detect_language(known.lang)
    set_language(lang)
    set_date_locale(detect_date_locale(lang))
    args = build_parser().parse_args(argv)
    args.lang = lang
    from mentortui.data.db import SQLiteError, StorageError, explain
    from mentortui.data.model import ValidationError

    try:
        return COMMANDS[args.command](args)
    except SQLiteError as error:
        # A write or read that failed after the file was opened (full disk, lock, I/O):
        # said like the problems found on opening, never as a bare SQLite message.
        print(f"mentortui: {explain(_db_path(args), error)}", file=sys.stderr)
        return EXIT_PROBLEM
    except (CliError, StorageError, ValidationError, ValueError, OSError) as error:
        print(f"mentortui: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: a short line here, the details in a private file
        return _report_crash(error)


if __name__ == "__main__":
    raise SystemExit(main())
