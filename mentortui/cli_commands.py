"""The command line's commands on a workbook file: demo, export, import, backup, check,
replicate and restore (mentortui.cli builds the parser and runs them).

Errors are raised as :class:`CliError`, said in one line by ``main``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from mentortui.core.clock import Clock
from mentortui.core.files import TargetExists, UnsafeTarget, check_target, write_private
from mentortui.core.i18n import N_, _, plural
from mentortui.core.safetext import clean
from mentortui.core.text import one_line

_C1 = re.compile("[\x80-\x9f]")
def say(text: str, *, error: bool = False) -> None:
    """One message of the command line. What it names (a path typed with escape sequences,
    a partner's name, an error's words) reaches the terminal as text, never as control
    sequences."""
    print(clean(text), file=sys.stderr if error else sys.stdout)


EXIT_PROBLEM = 1  # argparse uses 2 for usage errors


class CliError(Exception):
    """A problem to report in one line."""


def db_path(args: argparse.Namespace) -> Path:
    from mentortui.data.db import default_db_path, ensure_private_dir

    explicit = getattr(args, "db", None)
    if explicit is not None:
        return explicit.expanduser()
    path = default_db_path()
    ensure_private_dir(path.parent)
    return path


def open_store(args: argparse.Namespace, *, check_in_background: bool = False):
    from mentortui.data.store import Store

    return Store.open(db_path(args), Clock(), check_in_background=check_in_background)


# What the demo wrote, table by table, in words ("3 relationships" / « 3 relations »).
DEMO_TABLE_WORDS = {
    "relationships": (N_("{n} relationship"), N_("{n} relationships")),
    "agreements": (N_("{n} agreement version"), N_("{n} agreement versions")),
    "checklist": (N_("{n} checklist tick"), N_("{n} checklist ticks")),
    "goals": (N_("{n} goal"), N_("{n} goals")),
    "meetings": (N_("{n} meeting"), N_("{n} meetings")),
    "agenda_items": (N_("{n} agenda item"), N_("{n} agenda items")),
    "actions": (N_("{n} action"), N_("{n} actions")),
    "feedback": (N_("{n} feedback entry"), N_("{n} feedback entries")),
    "reviews": (N_("{n} weekly review"), N_("{n} weekly reviews")),
    "candidates": (N_("{n} mentor candidate"), N_("{n} mentor candidates")),
    "learnings": (N_("{n} thing learned from the mentee"), N_("{n} things learned from the mentee")),
}


def run_demo(args: argparse.Namespace) -> int:
    from mentortui.exchange.demo import fill_demo

    store = open_store(args)
    try:
        if not store.is_empty():
            raise CliError(_("{path} already holds a workbook; give a new --db for the demo", path=db_path(args)))
        counts = fill_demo(store, size=args.size, lang=args.lang)
    finally:
        store.close()
    summary = ", ".join(plural(count, *DEMO_TABLE_WORDS[table]) if table in DEMO_TABLE_WORDS else f"{count} {table}"
                        for table, count in counts.items())
    say(_("Demo workbook written to {path}: {summary}", path=db_path(args), summary=summary))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from mentortui.data.db import open_database
    from mentortui.exchange.json_backup import export_json
    from mentortui.exchange.meetings_export import calendar_ics, workbook_markdown
    from mentortui.data.store import Store

    if args.private and args.format != "md":
        # JSON (a backup) holds everything anyway, and a calendar never holds notes.
        raise CliError(_("--private only applies to --format md"))
    store = Store(open_database(db_path(args), read_only=True), Clock())
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


def run_import(args: argparse.Namespace) -> int:
    from mentortui.exchange.json_backup import ImportRefused, import_file

    def refused(reason: object) -> CliError:
        # The reason may quote the file (a field name): one clean, bounded line.
        reason = one_line(reason, 300)
        return CliError(_("{path}: import refused, nothing was written — {reason}", path=args.file, reason=reason))

    try:
        source = args.file.open(encoding="utf-8")
    except OSError as error:
        raise CliError(f"{args.file}: {error.strerror}") from error
    path = db_path(args)
    created = not path.exists()
    # The file is read and written a record at a time, in one transaction: whatever refuses
    # it (a field, a link, broken JSON late in the file) rolls everything back.
    with source:
        store = open_store(args)
        try:
            count = import_file(store, source)
        except BaseException as error:
            store.close()
            if created:  # leave no empty workbook behind a refused import
                for leftover in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
                    leftover.unlink(missing_ok=True)
            if isinstance(error, ImportRefused):
                raise refused(error) from error
            if isinstance(error, (UnicodeDecodeError, json.JSONDecodeError)):
                raise CliError(_("{path}: not a JSON file ({error})", path=args.file, error=error)) from error
            if isinstance(error, (RecursionError, ValueError)):  # nested too deep to read, or a number too long
                raise refused(_("the file is nested too deeply or holds a number too long to read")) from None
            raise
    store.close()
    say(_("Imported {count} records into {path}", count=count, path=path))
    return 0


def run_backup(args: argparse.Namespace) -> int:
    from mentortui.data.db import open_database
    from mentortui.data.store import Store

    store = Store(open_database(db_path(args), read_only=True), Clock())
    try:
        target = _write_output(args.output, args.force, lambda: store.backup(args.output, replace=args.force))
    finally:
        store.close()
    say(_("Backup written to {path}", path=target))
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Integrity (every page and index), broken links between records, and schema version."""
    from mentortui.data.db import inspect, require_existing
    from mentortui.data.schema import SCHEMA_VERSION

    path = db_path(args)
    require_existing(path)
    if path.stat().st_size == 0:
        raise CliError(_("{path}: the file is empty (0 bytes), it holds no workbook — give the path of your mentortui.db", path=path))
    found = inspect(path, thorough=True)
    if found.schema_version == 0:
        raise CliError(_("{path}: an empty SQLite file, not a mentortui workbook — give the path of your mentortui.db", path=path))
    if found.pending:
        say(_("{path}: ok, schema version {version} (this mentortui will upgrade it to {latest})",
                path=path, version=found.schema_version, latest=SCHEMA_VERSION))
    else:
        say(_("{path}: ok, schema version {version}", path=path, version=found.schema_version))
    return 0


def run_replicate(args: argparse.Namespace) -> int:
    from mentortui.core.config import config_dir
    from mentortui.data.db import inspect, require_existing
    from mentortui.exchange.replicate import ReplicationError, prepare_replication, replicate_command, run_replication

    path = db_path(args)
    require_existing(path)
    inspect(path)  # replicate a healthy mentortui workbook only
    try:
        config, url = prepare_replication(path, args.to, config_dir())
        replicate_command(config)  # says how to install Litestream before anything runs
    except ReplicationError as error:
        raise CliError(str(error)) from error
    say(_("Replicating {path} to {url} (settings: {config}); ctrl+c stops.", path=path, url=url, config=config))
    run_replication(config)  # does not return: the process becomes Litestream
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from mentortui.exchange.replicate import ReplicationError, restore

    target = args.output.expanduser() if args.output is not None else db_path(args)
    if not target.parent.is_dir():
        raise CliError(_("{path}: the folder does not exist", path=target))
    try:
        restore(args.source, target)
    except ReplicationError as error:
        raise CliError(str(error)) from error
    say(_("Restored {url} to {path}", url=args.source, path=target))
    return run_check(argparse.Namespace(db=target))
