"""The meetings' forms and dialogs: schedule or move a meeting, an agenda item, an action item;
delete a meeting; write its agenda or recap as Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentortui.core.files import export_folder
from mentortui.core.i18n import N_, _
from mentortui.core.safetext import clean
from mentortui.data.meetings import meeting_modes
from mentortui.data.model import AGENDA_KINDS, Action, AgendaItem, Meeting, Relationship
from mentortui.data.store import NotFound
from mentortui.domain import meetings
from mentortui.exchange.meetings_export import ExportFailed, write_meeting_markdown
from mentortui.ui.date_readers import DateReaders
from mentortui.ui.forms import ConfirmScreen, Field, FormScreen
from mentortui.ui.labels import AGENDA_KIND_LABELS, MODE_LABELS, OWNER_LABELS
from mentortui.ui.widgets.meeting_list import when_label

if TYPE_CHECKING:
    from mentortui.app import MentorApp


def meeting_form(app: MentorApp, relationship: Relationship, *, meeting: Meeting | None = None,
                 proposed: dt.datetime | None = None, and_prepare: bool = False) -> FormScreen:
    """Schedule a meeting (``meeting`` None) or move one. Returns the meeting and, with
    ``and_prepare``, the items its agenda was prepared with in the same change (else None)."""
    store = app.store
    agreement = store.current_agreement(relationship.id)
    modes = meeting_modes(agreement, meeting.mode if meeting else None)
    starts = meeting.starts_at if meeting else proposed
    dates = DateReaders(app)
    fields = [
        Field("when", N_("When"), required=True, parse=dates.datetime, preview=dates.show_datetime,
              placeholder=N_("next tuesday 18:00"), help=N_("friday 14:00 · tomorrow 2pm · 2026-12-03 18:30")),
        Field("mode", N_("How"), "choice", required=True, choices=tuple((mode, MODE_LABELS[mode]) for mode in modes)),
    ]
    values = {"when": starts.strftime("%Y-%m-%d %H:%M") if starts else "", "mode": meeting.mode if meeting else modes[0]}

    def save(v: dict[str, Any]) -> tuple[Meeting, list[AgendaItem] | None]:
        if meeting is not None:
            return meetings.reschedule_meeting(store, meeting.id, v["when"], v["mode"]), None
        if and_prepare:
            return meetings.schedule_and_prepare(store, relationship.id, v["when"], v["mode"])
        return meetings.schedule_meeting(store, relationship.id, v["when"], v["mode"]), None

    def slot_taken(v: dict[str, Any]) -> str | None:
        other = meetings.meeting_in_the_slot(store, relationship.id, v["when"], moving=meeting.id if meeting else None)
        if other is None:
            return None
        return _("Another meeting with {partner} is planned on {when}. Book this one anyway?",
                 partner=clean(relationship.partner, single_line=True), when=when_label(other.starts_at))

    if meeting is None:
        title = _("Schedule a meeting with {partner}", partner=clean(relationship.partner, single_line=True))
        intro = _("The date the rhythm proposes is filled in; type another if it suits you better.") if proposed else ""
    else:
        title = _("Move the meeting of {when}", when=when_label(meeting.starts_at))
        intro = _("A cancelled meeting moved to a new date is planned again.") if meeting.status == "cancelled" else ""
    return FormScreen(title, fields, values, on_save=save, intro=intro, field_names={"starts_at": "when"},
                      ask_first=slot_taken)


def agenda_item_form(app: MentorApp, meeting: Meeting, item: AgendaItem | None = None) -> FormScreen:
    """Add a topic or question to the agenda, or edit one; returns the item's id."""
    store = app.store
    fields = [
        Field("text", N_("Topic or question"), required=True, max_length=500,
              help=N_("One line; the agenda is yours to set and to send ahead.")),
        Field("kind", N_("Kind"), "choice", required=True, choices=tuple((kind, AGENDA_KIND_LABELS[kind]) for kind in AGENDA_KINDS)),
    ]
    values = {"text": item.text, "kind": item.kind} if item else {"kind": "topic"}

    def save(v: dict[str, Any]) -> int:
        if item is None:
            return meetings.add_agenda_item(store, meeting.id, v["text"], v["kind"]).id
        return meetings.edit_agenda_item(store, item.id, v["text"], v["kind"]).id

    title = _("Edit the agenda item") if item else _("Add to the agenda of {when}", when=when_label(meeting.starts_at))
    return FormScreen(title, fields, values, on_save=save)


def action_form(app: MentorApp, meeting: Meeting, relationship: Relationship, action: Action | None = None) -> FormScreen:
    """Add an action item (who does what by when), or edit one; returns its id."""
    store = app.store
    dates = DateReaders(app)
    fields = [
        Field("text", N_("What"), required=True, max_length=500),
        Field("owner", N_("Who"), "choice", required=True, choices=tuple(OWNER_LABELS.items())),
        Field("due_on", N_("By when"), parse=dates.date, preview=dates.show_due_date, placeholder=N_("+1w")),
    ]
    # Filled in here: a help line is otherwise a message id without parameters.
    fields[1].help = _("“my partner” is {partner}", partner=clean(relationship.partner, single_line=True))
    values: dict[str, Any] = {"owner": "me"}
    if action:
        values = {"text": action.text, "owner": action.owner, "due_on": action.due_on.isoformat() if action.due_on else ""}

    def save(v: dict[str, Any]) -> int:
        if action is None:
            return meetings.add_action(store, meeting.id, v["text"], v["owner"], v["due_on"]).id
        return meetings.edit_action(store, action.id, v["text"], v["owner"], v["due_on"]).id

    due_before = action.due_on if action else None
    return FormScreen(_("Edit the action") if action else _("A new action item"), fields, values, on_save=save,
                      ask_first=lambda typed: dates.past_due_question(typed["due_on"], due_before))


def confirm_delete_meeting(app: MentorApp, meeting: Meeting, deleted: Callable[[], None]) -> None:
    """Ask, then delete the meeting with its agenda, notes and actions; ``deleted()`` runs once it is done."""

    def answered(yes: bool | None) -> None:
        if yes:
            meetings.delete_meeting(app.store, meeting.id)
            app.notify(_("Deleted. ctrl+z brings it back."), markup=False)
            deleted()

    question = _("Delete the meeting of {when}, with its agenda, notes and actions?", when=when_label(meeting.starts_at))
    app.push_screen(ConfirmScreen(question, yes=_("Delete"), no=_("Keep")), answered)


def write_markdown(app: MentorApp, relationship: Relationship, meeting_id: int, *, private: bool) -> None:
    """Write the meeting's agenda, or its recap (the notes only with ``private``), to the export
    folder, and say where it went or why it could not."""
    try:
        meeting = app.store.meeting(meeting_id)
        folder = app.preferences.folder(export_folder())
        path = write_meeting_markdown(app.store, relationship, meeting, app.lang, folder, private=private)
    except NotFound:
        return
    except ExportFailed as failed:
        app.notify(clean(_("Could not write {path}: {error}", path=failed.path, error=failed.reason)),
                   severity="error", markup=False)
        return
    app.preferences.remember_folder(path)
    app.notify(clean(written_message(meeting, path, private=private)), markup=False, timeout=8)


def written_message(meeting: Meeting, path: Path, *, private: bool) -> str:
    """Where the agenda or recap went, and whether the notes are in it."""
    if meeting.status == "held" and not private and clean(meeting.notes).strip():
        return _("Recap written to {path}, without your notes (W adds them)", path=path)
    return _("{what} written to {path}", what=_("Recap") if meeting.status == "held" else _("Agenda"), path=path)
