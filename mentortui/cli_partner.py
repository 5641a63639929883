"""``mentortui partner invite|accept|export|import|status|unpair``: working with the partner's
own workbook through files (mentortui.exchange.partner). mentortui.cli adds the parser and
runs ``run_partner``; errors are one line (CliError), as for every command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from mentortui.cli_commands import CliError, _write_output, db_path, open_store, say
from mentortui.core.i18n import N_, _, format_date, plural
from mentortui.core.safetext import clean
from mentortui.core.text import fold, one_line


def add_partner_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    partner = commands.add_parser("partner", help=_("share goals, meetings, agenda and actions with your partner's own workbook, through files"))
    common(partner)
    actions = partner.add_subparsers(dest="partner_command", metavar="ACTION", required=True)

    def relationship_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "-r", "--relationship", metavar="PARTNER",
            help=_("the relationship: the partner's name (or the start of it) or its number; needed when there are several"),
        )

    invite = actions.add_parser("invite", help=_("pair a relationship and write the invite to send your partner privately"))
    common(invite)
    relationship_option(invite)
    invite.add_argument("--my-name", required=True, help=_("your name, as your partner's workbook will show it"))
    invite.add_argument("-o", "--output", type=Path, required=True, help=_("file to write"))
    invite.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))

    accept = actions.add_parser("accept", help=_("accept your partner's invite: pair and merge what they share"))
    common(accept)
    accept.add_argument("file", type=Path)
    relationship_option(accept)
    accept.add_argument("--name", help=_("what to call your partner (default: the name in the invite)"))
    accept.add_argument("--my-name", help=_("your name, as your partner's workbook will show it"))

    export = actions.add_parser("export", help=_("write the changes your partner does not have yet"))
    common(export)
    relationship_option(export)
    export.add_argument("-o", "--output", type=Path, required=True, help=_("file to write"))
    export.add_argument("--full", action="store_true", help=_("everything shared, for a partner who missed a file"))
    export.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))

    load = actions.add_parser("import", help=_("show what your partner's file changes, then merge it (one change: ctrl+z in the app takes it back)"))
    common(load)
    load.add_argument("file", type=Path)
    load.add_argument("--yes", action="store_true", help=_("merge without asking (needed when the input is not a terminal)"))

    status = actions.add_parser("status", help=_("when you last sent and received, and what is not sent yet"))
    common(status)
    relationship_option(status)

    unpair = actions.add_parser("unpair", help=_("forget the pairing; the rows stay, files from your partner are refused from then on"))
    common(unpair)
    relationship_option(unpair)
    unpair.add_argument("--yes", action="store_true", help=_("unpair without asking (needed when the input is not a terminal)"))


def run_partner(args: argparse.Namespace) -> int:
    from mentortui.data.db import require_existing
    from mentortui.exchange import partner

    if args.partner_command != "accept":  # accepting may start a new workbook; the rest need one
        require_existing(db_path(args))
    store = open_store(args)
    try:
        return _ACTIONS[args.partner_command](store, args)
    except (partner.PartnerFileRefused, partner.AlreadyPaired, partner.NotPaired) as error:
        file = getattr(args, "file", None)
        reason = one_line(str(error), 300)
        raise CliError(_("{label}: {value}", label=file, value=reason) if file else reason) from None
    finally:
        store.close()


def _invite(store, args: argparse.Namespace) -> int:
    from mentortui.exchange.partner import invite, pairing_code

    relationship = _relationship(store, args.relationship)
    written = _write_output(args.output, args.force, lambda: invite(store, relationship.id, args.output, my_name=args.my_name, replace=args.force))
    say(_("Invite for {partner} written to {path}.", partner=relationship.partner, path=written))
    say(_("Send it privately: it holds the pairing key. Pairing code: {code} (read it to each other to check)",
            code=pairing_code(store, relationship.id)))
    return 0


def _accept(store, args: argparse.Namespace) -> int:
    from mentortui.exchange.partner import accept

    relationship_id = _relationship(store, args.relationship).id if args.relationship else None
    applied = accept(store, args.file, relationship_id=relationship_id, partner_name=args.name, my_name=args.my_name)
    say(_("Paired with {partner}. Pairing code: {code} (check it with them)", partner=applied.partner_name, code=applied.pairing_code))
    _print_summary(applied.summary)
    return 0


def _export(store, args: argparse.Namespace) -> int:
    from mentortui.exchange.partner import export_changes

    relationship = _relationship(store, args.relationship)
    exported = _write_output(args.output, args.force, lambda: export_changes(store, relationship.id, args.output, full=args.full, replace=args.force))
    say(_("Changes for {partner} written to {path} ({size} bytes)", partner=relationship.partner, path=exported.path, size=exported.size))
    return 0


def _import(store, args: argparse.Namespace) -> int:
    from mentortui.exchange.partner import PreviewOutdated, apply_changes, read_changes

    incoming = read_changes(store, args.file)
    while True:
        say(_("From {partner}:", partner=incoming.partner_name))
        _print_summary(incoming.summary)
        if not incoming.summary.is_empty and not args.yes and not _confirmed(_("Merge these changes? [y/N] ")):
            say(_("Nothing was merged."))
            return 0
        try:
            apply_changes(store, incoming)  # an empty summary: writes nothing, or what the partner is known to hold
        except PreviewOutdated as outdated:  # nothing written: the new summary, asked again
            say(outdated)
            incoming = outdated.incoming
            continue
        if not incoming.summary.is_empty:
            say(_("Merged. In the app, ctrl+z takes the merge back."))
        return 0


def _status(store, args: argparse.Namespace) -> int:
    from mentortui.exchange.partner import partner_status

    relationship = _relationship(store, args.relationship)
    status = partner_status(store, relationship.id)
    if status is None:
        say(_("{partner}: not paired", partner=relationship.partner))
        return 0

    def when(value) -> str:
        return format_date(value.date()) if value is not None else _("never")

    say(_("{partner}: paired since {date}, pairing code {code}", partner=status.partner_name, date=when(status.paired_since), code=status.pairing_code))
    if status.accepted_at is None:
        say(_("No file from {partner} yet: the invite is waiting to be accepted.", partner=status.partner_name))
    say(_("Last sent: {date}; last received: {received}", date=when(status.last_sent_at), received=when(status.last_received_at)))
    if status.unsent:
        say(plural(status.unsent, N_("{n} change not sent yet"), N_("{n} changes not sent yet")))
    elif status.partner_is_behind:
        say(_("Your partner may not have your latest file yet."))
    else:
        say(_("Up to date: your partner has everything you share."))
    return 0


def _unpair(store, args: argparse.Namespace) -> int:
    from mentortui.exchange.partner import unpair

    relationship = _relationship(store, args.relationship)
    if not args.yes and not _confirmed(_("Unpair from {partner}? Files from them will be refused. [y/N] ", partner=clean(relationship.partner))):
        say(_("Still paired."))
        return 0
    unpair(store, relationship.id)
    say(_("Unpaired from {partner}.", partner=relationship.partner))
    return 0


_ACTIONS = {"invite": _invite, "accept": _accept, "export": _export, "import": _import, "status": _status, "unpair": _unpair}


def _print_summary(summary) -> None:
    for line in summary.lines():
        say(line)


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        raise CliError(_("the input is not a terminal: add --yes to go ahead without being asked"))
    try:
        return input(question).strip().lower() in (_("y"), _("yes"), "y", "yes")
    except EOFError:
        return False


def _relationship(store, wanted: str | None):
    """The relationship named on the command line (a number, or a name or its start: accents
    and case aside), or the only active one."""
    relationships = store.relationships()
    if wanted is None:
        candidates = [r for r in relationships if r.status == "active"] or relationships
    elif wanted.isdigit() and any(r.id == int(wanted) for r in relationships):
        candidates = [r for r in relationships if r.id == int(wanted)]
    else:
        exact = [r for r in relationships if fold(r.partner) == fold(wanted)]
        candidates = exact or [r for r in relationships if fold(r.partner).startswith(fold(wanted))]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise CliError(_("no relationship matches {wanted}", wanted=one_line(wanted, 60)) if wanted else _("the workbook has no relationship yet"))
    names = ", ".join(f"{r.id} {one_line(clean(r.partner), 40)}" for r in candidates[:10])
    raise CliError(_("several relationships match; choose one with --relationship: {names}", names=names))
