"""The command line (DESIGN.md, "Command line contract").

Errors are one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from mentortui import __version__
from mentortui.cli_commands import (
    EXIT_PROBLEM,
    CliError,
    db_path,
    open_store,
    run_backup,
    run_check,
    run_demo,
    run_export,
    run_import,
    run_replicate,
    run_restore,
    say,
)
from mentortui.cli_partner import add_partner_parser, run_partner
from mentortui.core.safetext import clean
from mentortui.core.i18n import LANGUAGES, _, detect_date_locale, detect_language, set_date_locale, set_language


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def start_section(self, heading):  # type: ignore[override]
        # argparse adds the colon after a section's heading; French puts a space before it.
        super().start_section(_("{heading}:", heading=heading).removesuffix(":") if heading else heading)


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
        self.exit(2, clean(_("{prog}: error: {problem}", prog=self.prog, problem=message)) + "\n")


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
    add_partner_parser(commands, _common)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    # The file's pages are checked in a thread while the app's modules are imported; the
    # app starts once the check has passed (a damaged file: one line, nothing shown).
    store = open_store(args, check_in_background=True)
    # No garbage collection while the app starts: its imports and first screen make little
    # garbage, and Python's collections there cost ~30 ms of CPU. The app turns it back on
    # once its first frame is drawn (MentorApp.on_ready), freezing what start-up built.
    gc.disable()
    try:
        from mentortui.app import make_app
        from mentortui.ui.keymap import default_keymap_path

        problem = store.check_pages()
        if problem is not None:
            raise problem
        start = "review" if args.command == "review" else "dashboard"
        app = make_app(store=store, lang=args.lang, keymap_path=default_keymap_path(), start_mode=start)
        app.run()
    finally:
        gc.enable()
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
        say(_("mentortui stopped on an unexpected error ({error})", error=type(error).__name__), error=True)
    else:
        say(_("mentortui stopped on an unexpected error; the report is in {path}", path=report), error=True)
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


def _run_app(args: argparse.Namespace) -> int:
    from mentortui.core.config import config_dir
    from mentortui.exchange.replicate import warn_if_in_sync_folder

    warn_if_in_sync_folder(db_path(args), config_dir())
    return _run_tui(args)


COMMANDS = {
    None: _run_app,
    "review": _run_app,
    "demo": run_demo,
    "export": run_export,
    "import": run_import,
    "backup": run_backup,
    "check": run_check,
    "replicate": run_replicate,
    "restore": run_restore,
    "partner": run_partner,
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
        say(f"mentortui: {explain(db_path(args), error)}", error=True)
        return EXIT_PROBLEM
    except (CliError, StorageError, ValidationError, ValueError, OSError) as error:
        say(f"mentortui: {error}", error=True)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: a short line here, the details in a private file
        return _report_crash(error)


if __name__ == "__main__":
    raise SystemExit(main())
