"""The partner exchange's dialogs: invite the partner, accept their invite, export changes,
import theirs (what the merge would do is shown before anything is written), and where the
pairing stands. The work is done by ``mentortui.exchange.partner``; files are offered in the
folder of the last file written, as for agendas and progress updates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from mentortui.core.files import export_folder, free_path
from mentortui.core.i18n import N_, NC_, _, format_date, plural
from mentortui.core.safetext import clean, safe
from mentortui.core.text import fold, one_line
from mentortui.data.model import Relationship
from mentortui.data.partner_links import MY_NAME_SETTING
from mentortui.exchange import partner
from mentortui.exchange.partner.envelope import SUFFIX
from mentortui.ui.base import DIALOG_CSS, KeysFooter, Localized
from mentortui.ui.forms import ConfirmScreen, Field, FormError, FormScreen, written_to_path_field
from mentortui.ui.widgets.sharing_panel import sharing_table

if TYPE_CHECKING:
    from mentortui.app import MentorApp

MAX_SUMMARY_LINES = 12  # a merge's summary before Apply; the rest is counted
NAME_WIDTH = 60


def _file_stem(what: str, name: str, day: dt.date) -> str:
    """A file name part from user text: letters and digits only (a name may hold anything)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:40] or "partner"
    return f"{what}-{slug}-{day.isoformat()}"


def _offered_path(app: MentorApp, what: str, name: str) -> str:
    folder = app.preferences.folder(export_folder())
    return str(free_path(folder, _file_stem(what, name, app.clock.today()), SUFFIX))


def _when(moment: dt.datetime | None, lang: str) -> str:
    if moment is None:
        return _("never")
    return format_date(moment.date(), lang=lang) + " " + moment.strftime("%H:%M")


def _path(values: dict[str, Any]) -> Path:
    return Path(values["path"]).expanduser()


# ---- where the pairing stands ------------------------------------------------------------


def status_lines(relationship: Relationship, status: partner.PartnerStatus | None, lang: str) -> list[Text]:
    """Paired or not, since when, last file sent and received, changes not sent yet."""
    name = one_line(relationship.partner, NAME_WIDTH)
    if status is None:
        return [Text(_("Not paired with {partner}: x, then i writes an invite to send them; "
                       "a accepts an invite they sent you.", partner=name))]
    if status.accepted_at is None:
        lines = [Text(_("Invite written on {date}; waiting for {partner}’s first file.",
                        date=_when(status.paired_since, lang), partner=name), style="bold")]
    else:
        lines = [Text(_("Paired with {partner} since {date}", partner=name, date=_when(status.paired_since, lang)),
                      style="bold")]
    lines.append(Text(_("Last sent: {sent} · last received: {received} · pairing code {code}",
                        sent=_when(status.last_sent_at, lang), received=_when(status.last_received_at, lang),
                        code=status.pairing_code)))
    if status.unsent:
        lines.append(Text(plural(status.unsent, N_("{n} local change not sent yet: x, then e exports it."),
                                 N_("{n} local changes not sent yet: x, then e exports them."), lang), style="yellow"))
    elif status.partner_is_behind:
        lines.append(Text(_("Your partner may not have everything yet: x, then e exports it again.")))
    else:
        lines.append(Text(_("Nothing new to send."), style="dim"))
    return lines


# ---- invite, accept, export, import --------------------------------------------------------


class SharingForm(FormScreen):
    """A form that ends with what is shared and what stays private (the invite)."""

    def field_rows(self, fields: list[Field]) -> ComposeResult:
        yield from super().field_rows(fields)
        yield Static(sharing_table(), id="sharing", classes="form-intro")


def invite_form(app: MentorApp, relationship: Relationship) -> FormScreen:
    """Pair this relationship: your name as your partner sees it, and where to write the
    invite (the one file to hand over privately: it holds the pairing's key)."""
    fields = [
        Field("my_name", N_("Your name, as your partner sees it"), required=True, max_length=200),
        Field("path", N_("Write the invite to"), required=True,
              help=N_("Relative paths are from the folder you started mentortui in. Hand the file over privately: "
                      "it holds the key that signs your files.")),
    ]
    values = {
        "my_name": app.store.setting(MY_NAME_SETTING, "") or "",
        "path": _offered_path(app, "invite", relationship.partner),
    }

    def save(v: dict[str, Any]) -> Path:
        path = _path(v)
        try:
            # A file not written is the path field's error, and nothing is kept (the invite writes it inside its change).
            written = written_to_path_field(lambda: partner.invite(app.store, relationship.id, path, my_name=v["my_name"]))
        except partner.AlreadyPaired as error:
            raise FormError(clean(str(error))) from None
        app.preferences.remember_folder(written)
        return written

    return SharingForm(
        _("Invite {partner} to share this relationship", partner=one_line(relationship.partner, NAME_WIDTH)),
        fields, values, on_save=save,
        intro=_("Your partner opens the invite in their own mentortui (x, then a). From then on you swap files of "
                "changes, through any channel you both use; each of you keeps your own workbook."),
    )


def accept_form(app: MentorApp) -> FormScreen:
    """Accept a partner's invite: a new relationship, or the current one linked to theirs."""
    current = app.relationship
    links: list[tuple[str, str | Text]] = [("new", N_("A new relationship"))]
    if current is not None:
        links.append(("current", Text(_("This relationship, with {partner}", partner=one_line(current.partner, NAME_WIDTH)))))
    fields = [
        Field("path", N_("The invite file"), required=True),
        Field("link", N_("Pair it with"), "choice", required=True, choices=tuple(links)),
        Field("partner_name", N_("Your partner's name"), max_length=200,
              help=N_("Leave blank to keep the name in the invite (or the relationship's).")),
        Field("my_name", N_("Your name, as your partner sees it"), max_length=200),
    ]
    values = {
        "path": str(app.preferences.folder(export_folder())) + "/",
        "link": "new",
        "my_name": app.store.setting(MY_NAME_SETTING, "") or "",
    }

    def save(v: dict[str, Any]) -> partner.Applied:
        relationship_id = current.id if v["link"] == "current" and current is not None else None
        try:
            return partner.accept(app.store, _path(v), relationship_id=relationship_id,
                                  partner_name=v["partner_name"] or None, my_name=v["my_name"] or None)
        except (partner.PartnerFileRefused, partner.AlreadyPaired) as error:
            raise FormError(_("Not accepted: {reason}", reason=clean(str(error), single_line=True)), "path") from None

    return FormScreen(_("Accept an invite"), fields, values, on_save=save,
                      intro=_("The invite your partner wrote for you. What they share is merged into your workbook."))


def export_form(app: MentorApp, relationship: Relationship) -> FormScreen:
    """Write what the partner does not have yet, to send them."""
    fields = [
        Field("path", N_("Write the changes to"), required=True,
              help=N_("Relative paths are from the folder you started mentortui in.")),
    ]
    values = {"path": _offered_path(app, "changes", relationship.partner)}

    def save(v: dict[str, Any]) -> partner.Exported:
        path = _path(v)
        try:
            exported = written_to_path_field(lambda: partner.export_changes(app.store, relationship.id, path))
        except partner.NotPaired as error:
            raise FormError(clean(str(error))) from None
        app.preferences.remember_folder(exported.path)
        return exported

    return FormScreen(_("Export changes for {partner}", partner=one_line(relationship.partner, NAME_WIDTH)),
                      fields, values, on_save=save)


def import_form(app: MentorApp) -> FormScreen:
    """Read a partner's file of changes; nothing is written: the caller shows the preview."""
    fields = [Field("path", N_("Your partner's file"), required=True)]
    values = {"path": str(app.preferences.folder(export_folder())) + "/"}

    def save(v: dict[str, Any]) -> partner.Incoming:
        try:
            return partner.read_changes(app.store, _path(v))
        except (partner.PartnerFileRefused, partner.NotPaired) as error:
            raise FormError(_("Refused: {reason}", reason=clean(str(error), single_line=True)), "path") from None

    return FormScreen(_("Import changes"), fields, values, on_save=save,
                      intro=_("What the file would change is shown before anything is written."))


def summary_text(lines: list[str]) -> str:
    """A merge's sentences, the first MAX_SUMMARY_LINES of them; the rest counted."""
    shown = lines[:MAX_SUMMARY_LINES]
    if len(lines) > len(shown):
        shown.append(_("… and {n} more", n=len(lines) - len(shown)))
    return "\n".join(clean(line) for line in shown)


# ---- the flows, from the Relationship screen's dialog or the palette ----------------------------


def open_invite(app: MentorApp) -> None:
    relationship = _needs_relationship(app)
    if relationship is not None:
        app.push_screen(invite_form(app, relationship), lambda written: _invited(app, relationship, written))


def _invited(app: MentorApp, relationship: Relationship, written: Path | None) -> None:
    if written is None:
        return
    app.notify(_("Invite written to {path}. Send it to {partner} privately; their changes come back as files.",
                 path=clean(written, single_line=True), partner=one_line(relationship.partner, NAME_WIDTH)),
               markup=False, timeout=10)
    app.data_changed()


def open_accept(app: MentorApp) -> None:
    app.push_screen(accept_form(app), lambda applied: _accepted(app, applied))


ACCEPT_FROM_WELCOME = N_("Accept an invite from my partner…")


def accept_from_welcome(app: MentorApp, welcome: Screen[Any]) -> None:
    """First run, with an invite in hand: the accept dialog; accepted, the welcome gives way
    to the Relationship screen of the relationship the invite made."""

    def accepted(applied: partner.Applied | None) -> None:
        if applied is not None:
            welcome.dismiss(applied.relationship_id)
        _accepted(app, applied)

    app.push_screen(accept_form(app), accepted)


def _accepted(app: MentorApp, applied: partner.Applied | None) -> None:
    if applied is None:
        return
    app.data_changed(applied.relationship_id)
    said = _("Paired with {partner}. Pairing code {code}: read it to each other to be sure the invite is theirs.",
             partner=one_line(applied.partner_name, NAME_WIDTH), code=applied.pairing_code)
    app.notify(said + "\n" + summary_text(applied.summary.lines()), markup=False, timeout=12)


def open_export(app: MentorApp) -> None:
    relationship = _needs_pairing(app)
    if relationship is not None:
        app.push_screen(export_form(app, relationship), lambda exported: _exported(app, relationship, exported))


def _exported(app: MentorApp, relationship: Relationship, exported: partner.Exported | None) -> None:
    if exported is None:
        return
    values = {"path": clean(exported.path, single_line=True), "size": exported.size,
              "partner": one_line(relationship.partner, NAME_WIDTH)}
    if exported.entities:
        said = plural(exported.entities, N_("{n} change written to {path} ({size} bytes). Send it to {partner}."),
                      N_("{n} changes written to {path} ({size} bytes). Send it to {partner}."), **values)
    else:  # nothing edited since the last exchange: the file still carries what the partner lacks (a merge's outcome)
        said = _("Written to {path} ({size} bytes). Send it to {partner}.", **values)
    app.notify(said, markup=False, timeout=10)
    app.data_changed()


def open_import(app: MentorApp) -> None:
    app.push_screen(import_form(app), lambda incoming: _preview(app, incoming))


def _preview(app: MentorApp, incoming: partner.Incoming | None) -> None:
    """What the merge would do, then Apply (one change, ctrl+z takes it back) or Cancel."""
    if incoming is None:
        return
    question = _("From {partner}:", partner=one_line(incoming.partner_name, NAME_WIDTH)) + "\n" + summary_text(
        incoming.summary.lines()) + "\n\n" + _("Apply these changes to your workbook?")

    def answered(apply: bool | None) -> None:
        if not apply:
            app.notify(_("Nothing imported."), markup=False)
            return
        try:
            summary = partner.apply_changes(app.store, incoming)
        except partner.PreviewOutdated as outdated:  # nothing written: the new summary, asked again
            app.notify(str(outdated), severity="warning", markup=False)
            _preview(app, outdated.incoming)
            return
        except (partner.PartnerFileRefused, partner.NotPaired) as error:
            app.notify(_("Refused: {reason}", reason=clean(str(error), single_line=True)), severity="error", markup=False)
            return
        app.data_changed(incoming.relationship_id)
        app.notify(_("Merged. ctrl+z takes it back.") + "\n" + summary_text(summary.lines()), markup=False, timeout=10)

    app.push_screen(ConfirmScreen(question, yes=_("Apply"), no=_("Cancel")), answered)


def open_status(app: MentorApp) -> None:
    if (relationship := _needs_relationship(app)) is not None:
        app.push_screen(PartnerScreen(relationship))


def _needs_relationship(app: MentorApp) -> Relationship | None:
    if app.relationship is None:
        app.notify(_("Choose a relationship first (ctrl+o)."), severity="warning", markup=False)
    return app.relationship


def open_unpair(app: MentorApp) -> None:
    """Unpair, asking first (ctrl+z takes it back)."""
    relationship = _needs_pairing(app)
    if relationship is None:
        return
    name = one_line(relationship.partner, NAME_WIDTH)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            partner.unpair(app.store, relationship.id)
        except partner.NotPaired as error:  # unpaired meanwhile, in another window
            app.notify(clean(str(error), single_line=True), severity="warning", markup=False)
            return
        app.data_changed(relationship.id)
        app.notify(_("Unpaired from {partner}. ctrl+z takes it back.", partner=name), markup=False)

    question = _("Unpair from {partner}? Your rows stay as they are; files from {partner} will be refused, "
                 "and pairing again takes a new invite.", partner=name)
    app.push_screen(ConfirmScreen(question, yes=_("Unpair"), no=_("Cancel")), answered)


def _needs_pairing(app: MentorApp) -> Relationship | None:
    relationship = _needs_relationship(app)
    if relationship is not None and partner.partner_status(app.store, relationship.id) is None:
        app.notify(_("{partner} is not paired yet: invite them first (x, then i).",
                     partner=one_line(relationship.partner, NAME_WIDTH)), severity="warning", markup=False)
        return None
    return relationship


class PartnerScreen(Localized, ModalScreen[None]):
    """The "Partner…" dialog: where the pairing stands, what is shared, and a key for each
    step of the exchange."""

    CSS_PATH = DIALOG_CSS
    BINDINGS = [
        # Short words in context ("partner key"): the French ones fit in the footer at 80 columns.
        Binding("i", "invite", NC_("partner key", "Invite"), id="partner.invite"),
        Binding("a", "accept", NC_("partner key", "Accept an invite"), id="partner.accept"),
        Binding("e", "export", NC_("partner key", "Export changes"), id="partner.export"),
        Binding("m", "import", NC_("partner key", "Import changes"), id="partner.import"),
        Binding("u", "unpair", NC_("partner key", "Unpair"), id="partner.unpair"),
        Binding("escape", "dismiss", NC_("dialog", "Close"), id="partner.close"),
    ]

    def __init__(self, relationship: Relationship) -> None:
        super().__init__()
        self.relationship = relationship
        self.status: partner.PartnerStatus | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(safe(_("Your partner: {partner}", partner=one_line(self.relationship.partner, NAME_WIDTH))),
                        classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield Static(id="partner-status")
                yield Static(sharing_table(), id="sharing")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        app: MentorApp = self.app  # type: ignore[assignment]
        self.status = partner.partner_status(app.store, self.relationship.id)
        self.query_one("#partner-status", Static).update(Group(*status_lines(self.relationship, self.status, app.lang),
                                                                Text("")))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "invite":  # again while the invite is not answered (a lost file), not once paired
            return self.status is None or self.status.accepted_at is None
        if action in ("export", "unpair"):
            return self.status is not None
        return True

    def _then(self, step: Callable[[MentorApp], None]) -> None:
        app = self.app
        self.dismiss(None)
        step(app)  # type: ignore[arg-type]

    def action_invite(self) -> None:
        self._then(open_invite)

    def action_accept(self) -> None:
        self._then(open_accept)

    def action_export(self) -> None:
        self._then(open_export)

    def action_import(self) -> None:
        self._then(open_import)

    def action_unpair(self) -> None:
        self._then(open_unpair)


def palette_commands(app: MentorApp) -> Iterable[tuple[str, str, Callable[[], None]]]:
    """(name, help, run) of the palette's partner commands."""
    yield _("Partner: invite"), _("Pair this relationship with your partner's workbook"), lambda: open_invite(app)
    yield _("Partner: accept an invite"), _("Open the invite your partner sent you"), lambda: open_accept(app)
    yield _("Partner: export changes"), _("Write a file of your changes for your partner"), lambda: open_export(app)
    yield _("Partner: import changes"), _("Merge your partner's file, after a summary"), lambda: open_import(app)
    yield _("Partner: status"), _("Where the pairing stands, and what is shared"), lambda: open_status(app)
    yield _("Partner: unpair"), _("Forget the pairing; your rows stay, asked first"), lambda: open_unpair(app)
