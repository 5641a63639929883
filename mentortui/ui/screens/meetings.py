"""Screen 4, Meetings: when to meet (from the agreed rhythm), the agenda the mentee owns,
notes taken during the meeting, and the action items that carry over to the next one.

Two states on one screen: the list of meetings, and one meeting opened (its agenda, its
action items and its notes). The notes save themselves after a pause, when focus leaves
them, and when the meeting or the screen is left — each save is one undoable change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mentortui.domain.agreements import MODE_LABELS
from mentortui.data.meetings import (
    KIND_LABELS,
    OWNER_LABELS,
    STATUS_LABELS,
    AgendaEntry,
    MeetingRow,
    agenda_entries,
    cancel_meeting,
    linkable_goals,
    mark_held,
    meeting_modes,
    meeting_rows,
    move_agenda_item,
    next_planned,
    prepare_agenda,
    proposed_dates,
    reschedule_meeting,
    save_notes,
    schedule_meeting,
    set_action_done,
    set_covered,
)
from mentortui.exchange.meetings_export import export_file_name, meeting_markdown
from mentortui.core.files import free_path, write_private
from mentortui.data.model import AGENDA_KINDS, Action, AgendaItem, Goal, Meeting, Relationship, ValidationError
from mentortui.data.db import SQLiteError
from mentortui.data.store import NotFound
from mentortui.core.dates import DateParseError, describe_cadence
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.refs import GoalRef, MeetingRef, MeetingsAbout, Ref
from mentortui.core.safetext import clean, safe
from mentortui.ui.base import DIALOG_CSS, BaseScreen, KeysFooter, Localized
from mentortui.ui.editors import SafeTextArea
from mentortui.ui.forms import ConfirmScreen, DateReaders, Field, FormScreen
from mentortui.ui.navigation import Navigate

if TYPE_CHECKING:
    from mentortui.app import MentorApp

# Seconds of quiet typing before the notes are saved (they are also saved on leaving them).
NOTES_SAVE_DELAY = 1.5

# Gentle prompts from the guide for the notes: what a mentor listens for (M3), what a
# mentee keeps from the meeting (E2, E3).
NOTE_PROMPTS = {
    "mentor": (N_("Their difficulties"), N_("Questions I asked"), N_("Encouragement given")),
    "mentee": (N_("Answers"), N_("Advice received"), N_("Follow-up questions")),
}


def export_folder() -> Path:
    """Where written agendas and recaps go: the documents folder, else the current one."""
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.cwd()


def when_label(moment: dt.datetime) -> str:
    """``Tue Dec 1, 2026 17:30`` / ``mar. 1 déc. 2026 17:30``."""
    day = moment.date()
    return format_date(day, "EEE") + " " + format_date(day, "medium") + " " + moment.strftime("%H:%M")


def _mode_label(mode: str) -> str:
    return _(MODE_LABELS.get(mode, mode))


def _owner_label(action: Action, relationship: Relationship) -> str:
    if action.owner == "partner":
        return clean(relationship.partner, single_line=True).split(" ")[0]
    return _(OWNER_LABELS["me"])


def _ticked_row(done: bool, label: str, label_width: int, text: Text, after: Text | None = None) -> Table:
    """One agenda item or action: a tick, a short label, the text (wrapping under itself),
    and maybe a last column (a due date)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=1)
    grid.add_column(width=label_width, no_wrap=True, overflow="ellipsis")
    grid.add_column(ratio=1)
    cells = [Text("✓", style="green") if done else Text("·", style="dim"), Text(label, style="dim"), text]
    if after is not None:
        grid.add_column(no_wrap=True)
        cells.append(after)
    grid.add_row(*cells)
    return grid


# ---- forms -----------------------------------------------------------------------------------


def meeting_form(app: MentorApp, relationship: Relationship, *, meeting: Meeting | None = None,
                 proposed: dt.datetime | None = None, then: Callable[[Meeting], Any] | None = None) -> FormScreen:
    """Schedule a meeting (``meeting`` None) or move one; returns the meeting's id.
    ``then(meeting)`` runs in the same change as the scheduling (one ctrl+z takes both back)."""
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

    def save(v: dict[str, Any]) -> int:
        if meeting is not None:
            return reschedule_meeting(store, meeting.id, v["when"], v["mode"]).id
        with store.change(N_("Schedule a meeting")):
            scheduled = schedule_meeting(store, relationship.id, v["when"], v["mode"])
            if then is not None:
                then(scheduled)
        return scheduled.id

    if meeting is None:
        title = _("Schedule a meeting with {partner}", partner=clean(relationship.partner, single_line=True))
        intro = _("The date the rhythm proposes is filled in; type another if it suits you better.") if proposed else ""
    else:
        title = _("Move the meeting of {when}", when=when_label(meeting.starts_at))
        intro = _("A cancelled meeting moved to a new date is planned again.") if meeting.status == "cancelled" else ""
    return FormScreen(title, fields, values, on_save=save, intro=intro, field_names={"starts_at": "when"})


def agenda_item_form(app: MentorApp, meeting: Meeting, item: AgendaItem | None = None) -> FormScreen:
    """Add a topic or question to the agenda, or edit one; returns the item's id."""
    store = app.store
    fields = [
        Field("text", N_("Topic or question"), required=True, max_length=500,
              help=N_("One line; the agenda is yours to set and to send ahead.")),
        Field("kind", N_("Kind"), "choice", required=True, choices=tuple((kind, KIND_LABELS[kind]) for kind in AGENDA_KINDS)),
    ]
    values = {"text": item.text, "kind": item.kind} if item else {"kind": "topic"}

    def save(v: dict[str, Any]) -> int:
        if item is None:
            return store.add_agenda_item(meeting.id, v["text"], kind=v["kind"]).id
        return store.update_agenda_item(item.id, text=v["text"], kind=v["kind"]).id

    title = _("Edit the agenda item") if item else _("Add to the agenda of {when}", when=when_label(meeting.starts_at))
    return FormScreen(title, fields, values, on_save=save)


def action_form(app: MentorApp, meeting: Meeting, relationship: Relationship, action: Action | None = None) -> FormScreen:
    """Add an action item (who does what by when), or edit one; returns its id."""
    store = app.store
    dates = DateReaders(app)
    fields = [
        Field("text", N_("What"), required=True, max_length=500),
        Field("owner", N_("Who"), "choice", required=True, choices=tuple(OWNER_LABELS.items())),
        Field("due_on", N_("By when"), parse=dates.date, preview=dates.show_date, placeholder=N_("+1w")),
    ]
    # Filled in here: a help line is otherwise a message id without parameters.
    fields[1].help = _("“my partner” is {partner}", partner=clean(relationship.partner, single_line=True))
    values: dict[str, Any] = {"owner": "me"}
    if action:
        values = {"text": action.text, "owner": action.owner, "due_on": action.due_on.isoformat() if action.due_on else ""}

    def save(v: dict[str, Any]) -> int:
        if action is None:
            return store.add_action(meeting.id, v["text"], owner=v["owner"], due_on=v["due_on"]).id
        return store.update_action(action.id, text=v["text"], owner=v["owner"], due_on=v["due_on"]).id

    return FormScreen(_("Edit the action") if action else _("A new action item"), fields, values, on_save=save)


class GoalPicker(Localized, ModalScreen[int | None]):
    """Pick the goal an agenda item or action is about: its id, 0 for none, None to cancel."""

    CSS_PATH = DIALOG_CSS
    BINDINGS = [Binding("escape", "dismiss", "Close", id="meetings.goal-picker.close")]

    def __init__(self, goals: list[tuple[Goal, int]], current: int | None) -> None:
        super().__init__()
        self.goals = goals
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text(_("No goal"), style="italic"), id="0")]
        for goal, depth in self.goals:
            options.append(Option(Text("  " * depth) + safe(goal.title, single_line=True), id=str(goal.id)))
        with Vertical(classes="dialog switcher"):
            yield Label(safe(_("Link to a goal")), classes="form-title")
            yield OptionList(*options, id="goal-choices")
        yield KeysFooter()

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        ids = [0] + [goal.id for goal, _depth in self.goals]
        choices.highlighted = ids.index(self.current) if self.current in ids else 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


# ---- the screen --------------------------------------------------------------------------------

# Actions that only make sense in one state, or on one part of an opened meeting.
_LIST_ACTIONS = {"open", "schedule", "delete_meeting"}
_AGENDA_ACTIONS = {"add_item", "toggle_covered", "move"}
_ACTIONS_ACTIONS = {"add_action", "toggle_done"}
_ENTRY_ACTIONS = {"edit", "link_goal", "delete_entry"}  # agenda item or action, whichever has focus
_MEETING_ACTIONS = {"focus_notes", "note_prompts"}
_CURRENT_MEETING_ACTIONS = {"prepare", "mark_held", "reschedule", "cancel_meeting", "write_markdown"}
_OWN_ACTIONS = (
    _LIST_ACTIONS | _AGENDA_ACTIONS | _ACTIONS_ACTIONS | _ENTRY_ACTIONS | _MEETING_ACTIONS | _CURRENT_MEETING_ACTIONS
)


class MeetingsScreen(BaseScreen):
    CSS_PATH = "meetings.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    HELP = N_(
        "Meetings come from the rhythm you agreed: the next dates are proposed, a schedules one. "
        "Open a meeting to set its agenda (p fills it from what is still open), take notes "
        "and note who does what next. Uncovered items carry over to the next meeting. "
        "In the list, Items counts the agenda (✓ covered) and To do the open actions. "
        "In a meeting, tab moves between the agenda, the actions and the notes."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="meetings.back"),
        # The list of meetings.
        Binding("enter,e", "open", "Open", id="meetings.open"),
        Binding("a", "schedule", "Schedule", id="meetings.schedule"),
        # An opened meeting: its agenda, its actions, its notes.
        Binding("a", "add_item", "Add topic", id="meetings.add-item"),
        Binding("a", "add_action", "Add action", id="meetings.add-action"),
        Binding("e", "edit", "Edit", id="meetings.edit", show=False),
        Binding("space", "toggle_covered", "Covered", id="meetings.covered"),
        Binding("space", "toggle_done", "Done", id="meetings.done"),
        Binding("alt+up", "move(-1)", "Move up", id="meetings.move-up", show=False),
        Binding("alt+down", "move(1)", "Move down", id="meetings.move-down", show=False),
        Binding("g", "link_goal", "Link to goal", id="meetings.link-goal", show=False),
        Binding("delete", "delete_entry", "Delete", id="meetings.delete-entry", show=False),
        Binding("n", "focus_notes", "Notes", id="meetings.notes", show=False),
        Binding("t", "note_prompts", "Note prompts", id="meetings.note-prompts", show=False),
        # The selected meeting, in either state.
        Binding("p", "prepare", "Prepare agenda", id="meetings.prepare"),
        Binding("h", "mark_held", "Mark held", id="meetings.held"),
        Binding("m", "reschedule", "Move", id="meetings.move", show=False),
        Binding("c", "cancel_meeting", "Cancel meeting", id="meetings.cancel", show=False),
        Binding("w", "write_markdown", "Write Markdown file", id="meetings.write", show=False),
        Binding("W", "write_markdown(True)", "Write Markdown file with my notes", id="meetings.write-private", show=False),
        Binding("delete", "delete_meeting", "Delete meeting", id="meetings.delete", show=False),
    ]
    # The list's columns: (key, heading).
    _COLUMNS = (("when", N_("When")), ("mode", N_("How")), ("status", N_("Status")), ("agenda", N_("Items")),
                ("actions", N_("To do")))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rows: list[MeetingRow] = []
        self._proposals: list[dt.datetime] = []
        self._shown: list[tuple[str, Any]] = []  # the table's rows: (key, what they show)
        self._goal_filter: tuple[int, str] | None = None  # (goal id, title)
        self._meeting: Meeting | None = None  # the opened meeting
        self._entries: list[AgendaEntry] = []
        self._actions: list[Action] = []
        # The notes as last stored, and as typed (kept here too: when the app closes, the
        # screen is told after its widgets are gone).
        self._saved_notes = ""
        self._typed_notes = ""
        self._notes_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="meetings-list"):
            yield Static(id="meetings-summary")
            yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        with Vertical(id="meeting-view"):
            yield Static(id="meeting-title")
            with Vertical(id="meeting-body"):
                with Vertical(id="meeting-left"):
                    yield OptionList(id="agenda")
                    yield OptionList(id="actions")
                yield SafeTextArea(id="notes", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#meetings", DataTable)
        for key, label in self._COLUMNS:
            table.add_column(_(label), key=key)
        self.query_one("#notes", TextArea).border_title = _("Notes (Markdown)")

    # ---- reading --------------------------------------------------------------------------

    @property
    def relationship(self) -> Relationship | None:
        return self.mentor_app.relationship

    def on_screen_suspend(self) -> None:
        self._save_notes()

    def reload(self) -> None:
        relationship = self.relationship
        if self._meeting is not None:
            self._save_notes()
            try:
                meeting = self.store.meeting(self._meeting.id)
            except NotFound:  # undone, or deleted by another instance
                meeting = None
            if meeting is not None and relationship is not None and meeting.relationship_id == relationship.id:
                self._show_meeting(meeting)
                return
            self._meeting = None
        self._show_list()

    def _show_list(self, select: str | None = None) -> None:
        self.query_one("#meeting-view").display = False
        self.query_one("#meetings-list").display = True
        table = self.query_one("#meetings", DataTable)
        relationship = self.relationship
        summary = self.query_one("#meetings-summary", Static)
        if relationship is None:
            self._rows, self._proposals, self._shown = [], [], []
            table.clear()
            summary.update(safe(_("No relationship yet: add one on the Relationship screen (7).")))
            self.refresh_bindings()
            return
        goal_id = self._goal_filter[0] if self._goal_filter else None
        self._rows = meeting_rows(self.store, relationship.id, goal_id=goal_id)
        self._proposals = [] if goal_id else proposed_dates(self.store, relationship.id)
        summary.update(self._summary(relationship))
        usual_mode = meeting_modes(self.store.current_agreement(relationship.id))[0]
        shown: list[tuple[str, MeetingRow | tuple[dt.datetime, str]]] = [
            (f"m{row.meeting.id}", row) for row in self._rows
        ] + [(f"p{index}", (when, usual_mode)) for index, when in enumerate(self._proposals)]
        keys = [key for key, _data in shown]
        if keys == [key for key, _data in self._shown]:
            # The same rows: redraw only those that changed (years of meetings stay put).
            for (key, data), (_key, before) in zip(shown, self._shown):
                if data != before:
                    for (column, _label), cell in zip(self._COLUMNS, self._cells(data)):
                        table.update_cell(key, column, cell, update_width=True)
            if select in keys:
                table.move_cursor(row=keys.index(select), scroll=True)
        else:
            keep = select or self._selected_key()
            table.clear()
            for key, data in shown:
                table.add_row(*self._cells(data), key=key)
            if keys:
                table.move_cursor(row=keys.index(keep) if keep in keys else self._first_upcoming(), scroll=True)
        self._shown = shown
        self.set_focus(table)  # at once, so the footer is redrawn once
        self.refresh_bindings()

    def _cells(self, data: MeetingRow | tuple[dt.datetime, str]) -> tuple[Text, ...]:
        """The cells of a stored meeting, or of a date the rhythm proposes (with the usual mode)."""
        if isinstance(data, MeetingRow):
            return self._meeting_cells(data)
        when, mode = data
        return (
            Text(when_label(when), style="italic"),
            Text(_mode_label(mode), style="dim italic"),
            Text(_("proposed"), style="dim italic"),
            Text(""),
            Text(""),
        )

    def _summary(self, relationship: Relationship) -> Text:
        if self._goal_filter:
            text = Text(_("Meetings about the goal “{title}”", title=clean(self._goal_filter[1], single_line=True)), style="bold")
            text.append("  " + _("escape shows them all"), style="dim")
            return text
        agreement = self.store.current_agreement(relationship.id)
        if agreement is None or not agreement.cadence:
            text = Text(_("No rhythm agreed yet: set how often you meet in the agreement (7, then m)."), style="dim")
        else:
            try:
                rhythm = describe_cadence(agreement.cadence, self.mentor_app.lang)
            except DateParseError:
                rhythm = clean(agreement.cadence, single_line=True)
            text = Text(_("We meet {rhythm}.", rhythm=rhythm))
        if not self._rows and not self._proposals:
            text.append("\n" + _("No meeting yet: a schedules one."), style="bold")
        return text

    def _meeting_cells(self, row: MeetingRow) -> tuple[Text, ...]:
        meeting = row.meeting
        style = {"held": "", "planned": "bold", "cancelled": "dim strike"}[meeting.status]
        agenda = str(row.agenda_items) if row.agenda_items else ""
        if meeting.status == "held" and row.agenda_items:
            agenda += " (" + str(row.covered) + "✓)"
        return (
            Text(when_label(meeting.starts_at), style=style),
            Text(_mode_label(meeting.mode), style="dim" if meeting.status == "cancelled" else ""),
            Text(_(STATUS_LABELS[meeting.status]), style=style),
            Text(agenda),
            Text(str(row.open_actions) if row.open_actions else "", style="bold yellow"),
        )

    def _first_upcoming(self) -> int:
        """Where the cursor starts: the next meeting (or proposal), else the latest one."""
        today = self.mentor_app.clock.today()
        for index, row in enumerate(self._rows):
            if row.meeting.starts_at.date() >= today and row.meeting.status != "cancelled":
                return index
        return len(self._rows) if self._proposals else max(0, len(self._rows) - 1)

    def _selected(self) -> tuple[str, Any] | None:
        """The list's row under the cursor: (key, meeting row or proposal)."""
        table = self.query_one("#meetings", DataTable)
        row = table.cursor_row
        return self._shown[row] if table.row_count and 0 <= row < len(self._shown) else None

    def _selected_key(self) -> str | None:
        selected = self._selected()
        return selected[0] if selected else None

    def _selected_row(self) -> MeetingRow | None:
        selected = self._selected()
        return selected[1] if selected and isinstance(selected[1], MeetingRow) else None

    def _selected_proposal(self) -> dt.datetime | None:
        selected = self._selected()
        return selected[1][0] if selected and not isinstance(selected[1], MeetingRow) else None

    def _current_meeting(self) -> Meeting | None:
        """The opened meeting, or the one selected in the list."""
        if self._meeting is not None:
            return self._meeting
        row = self._selected_row()
        return row.meeting if row else None

    # ---- one meeting --------------------------------------------------------------------------

    def _show_meeting(self, meeting: Meeting) -> None:
        opening = self._meeting is None or self._meeting.id != meeting.id
        self._meeting = meeting
        self.query_one("#meetings-list").display = False
        self.query_one("#meeting-view").display = True
        title = Text(when_label(meeting.starts_at), style="bold")
        title.append(" · " + _mode_label(meeting.mode) + " · ")
        title.append(_(STATUS_LABELS[meeting.status]), style="bold" if meeting.status == "planned" else "")
        self.query_one("#meeting-title", Static).update(title)
        self._entries = agenda_entries(self.store, meeting.id)
        self._actions = self.store.actions(meeting.id)
        self._fill_agenda()
        self._fill_actions()
        notes = self.query_one("#notes", TextArea)
        # The editor holds the notes as shown (cleaned): compare like with like, so merely
        # opening a meeting never counts as an edit to save.
        shown_notes = clean(meeting.notes)
        if opening or notes.text != shown_notes:
            # Only reached with nothing unsaved (reload saves first): safe to replace.
            self._saved_notes = self._typed_notes = shown_notes
            notes.load_text(shown_notes)
        notes.placeholder = "\n\n".join("## " + _(prompt) for prompt in self._note_prompts())
        self._show_notes_state()
        if opening:
            self.set_focus(self.query_one("#agenda", OptionList))
        self.refresh_bindings()

    def _fill_agenda(self) -> None:
        agenda = self.query_one("#agenda", OptionList)
        covered = sum(entry.item.done for entry in self._entries)
        agenda.border_title = (
            _("Agenda · {covered}/{total} covered", covered=covered, total=len(self._entries))
            if self._entries
            else _("Agenda")
        )
        options = [Option(self._agenda_prompt(entry), id=str(entry.item.id)) for entry in self._entries]
        if not options:
            hint = _("Nothing yet. a adds a topic or a question; p fills the agenda from what is still open.")
            options = [Option(Text(hint, style="dim"), disabled=True)]
        self._refill(agenda, options)

    def _agenda_prompt(self, entry: AgendaEntry) -> Table:
        item = entry.item
        text = safe(item.text, single_line=True, style="dim" if item.done else "")
        if entry.goal_title and entry.goal_title not in item.text:
            text.append("  → " + clean(entry.goal_title, single_line=True), style="cyan")
        if entry.carried_from_date:
            text.append("  ↻ " + format_date(entry.carried_from_date.date(), "medium"), style="dim italic")
        return _ticked_row(item.done, _(KIND_LABELS[item.kind]), 9, text)

    def _fill_actions(self) -> None:
        actions = self.query_one("#actions", OptionList)
        still_open = sum(action.done_at is None for action in self._actions)
        actions.border_title = _("Actions · {open} to do", open=still_open) if self._actions else _("Actions")
        options = [Option(self._action_prompt(action), id=str(action.id)) for action in self._actions]
        if not options:
            options = [Option(Text(_("No action yet. tab here, then a adds one: who does what, by when."), style="dim"),
                              disabled=True)]
        self._refill(actions, options)

    def _action_prompt(self, action: Action) -> Table:
        relationship = self.relationship
        assert relationship is not None
        done = action.done_at is not None
        overdue = not done and action.due_on is not None and action.due_on < self.mentor_app.clock.today()
        due = Text(format_date(action.due_on, "medium") if action.due_on else "", style="red" if overdue else "dim")
        text = safe(action.text, single_line=True, style="dim" if done else "")
        return _ticked_row(done, _owner_label(action, relationship), 10, text, due)

    @staticmethod
    def _refill(options: OptionList, new: list[Option]) -> None:
        """Replace the options, keeping the highlight on the same item (or at the same place)."""
        highlighted = options.highlighted
        kept = options.get_option_at_index(highlighted).id if highlighted is not None and options.option_count else None
        options.clear_options()
        options.add_options(new)
        ids = [option.id for option in new]
        if new and not new[0].disabled:
            options.highlighted = ids.index(kept) if kept in ids else min(highlighted or 0, len(new) - 1)

    def _note_prompts(self) -> tuple[str, ...]:
        relationship = self.relationship
        return NOTE_PROMPTS[relationship.role if relationship else "mentee"]

    def _focus_area(self) -> str | None:
        focused = self.focused
        return focused.id if focused is not None and focused.id in ("agenda", "actions", "notes") else None

    def _selected_entry(self) -> AgendaEntry | Action | None:
        """The agenda item or action highlighted in the part that has focus."""
        area = self._focus_area()
        if area not in ("agenda", "actions"):
            return None
        widget = self.query_one(f"#{area}", OptionList)
        entries: list = self._entries if area == "agenda" else self._actions
        index = widget.highlighted
        return entries[index] if entries and index is not None and index < len(entries) else None

    # ---- notes: saved after a pause, on leaving them, and on leaving the meeting ----------------

    def _show_notes_state(self) -> None:
        saved = self._typed_notes == self._saved_notes
        self.query_one("#notes", TextArea).border_subtitle = _("saved") if saved else _("not saved yet…")

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        if self._notes_timer is not None:
            self._notes_timer.stop()
        self._typed_notes = event.text_area.text
        self._show_notes_state()
        if self._meeting is not None and self._typed_notes != self._saved_notes:
            self._notes_timer = self.set_timer(NOTES_SAVE_DELAY, self._save_notes)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id == "notes":
            self._save_notes()

    def on_unmount(self) -> None:
        self._save_notes()

    def _save_notes(self) -> None:
        """Store the notes if they changed; on failure keep them here and say so."""
        if self._notes_timer is not None:
            self._notes_timer.stop()
            self._notes_timer = None
        meeting = self._meeting
        text = self._typed_notes
        if meeting is None or text == self._saved_notes:
            return
        try:
            save_notes(self.store, meeting.id, text)
        except NotFound:  # deleted by another instance while the notes were being written
            self._saved_notes = text
            self.app.copy_to_clipboard(text)
            self.notify(_("This meeting was deleted elsewhere; your notes were copied to the clipboard."),
                        severity="error", markup=False, timeout=15)
            return
        except ValidationError as error:  # e.g. over the length limit: saving again won't help
            self.notify(clean(_("The notes were not saved: the text {problem}. Shorten them; they are still here.",
                                problem=error.message)), severity="error", markup=False, timeout=15)
            return
        except SQLiteError as error:
            self.notify(clean(_("Could not save the notes ({error}); they are still here and will be saved at the next "
                                "pause.", error=error)), severity="error", markup=False, timeout=10)
            return
        self._saved_notes = text
        if self.is_mounted and self.query("#notes"):
            self._show_notes_state()

    # ---- actions: checks ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self._meeting is not None or self._goal_filter is not None
        if action not in _OWN_ACTIONS:
            return True
        if self.relationship is None:
            return False
        opened = self._meeting is not None
        if action in _LIST_ACTIONS:
            if opened:
                return False
            if action == "open":
                return self._selected_key() is not None
            return action == "schedule" or self._selected_row() is not None
        if action in _AGENDA_ACTIONS | _ACTIONS_ACTIONS | _ENTRY_ACTIONS | _MEETING_ACTIONS and not opened:
            return False
        area = self._focus_area()
        if action in _AGENDA_ACTIONS:
            if area != "agenda":
                return False
            return action == "add_item" or bool(self._entries)
        if action in _ACTIONS_ACTIONS:
            if area != "actions":
                return False
            return action == "add_action" or bool(self._actions)
        if action in _ENTRY_ACTIONS:
            return self._selected_entry() is not None
        if action in _MEETING_ACTIONS:
            return area != "notes"
        # The rest apply to the current meeting (opened, or selected in the list).
        meeting = self._current_meeting()
        if action == "prepare":
            return not opened or (meeting is not None and meeting.status == "planned")
        if meeting is None:
            return False
        if action in ("mark_held", "cancel_meeting"):
            return meeting.status == "planned"
        return True

    @on(DataTable.RowHighlighted, "#meetings")
    @on(OptionList.OptionHighlighted)
    def _selection_moved(self) -> None:
        self.refresh_bindings()

    def _after_write(self) -> None:
        self.mentor_app.data_changed()

    # ---- actions: the list ------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#meetings")
    def _row_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._show_meeting(row.meeting)
        elif (proposal := self._selected_proposal()) is not None:
            self._schedule(proposal)

    def action_schedule(self) -> None:
        proposal = self._selected_proposal() or (self._proposals[0] if self._proposals else None)
        self._schedule(proposal)

    def _schedule(self, proposal: dt.datetime | None, *, and_prepare: bool = False) -> None:
        """The schedule form, filled with ``proposal``; with ``and_prepare``, the new meeting's
        agenda is prepared in the same change."""
        relationship = self.relationship
        if relationship is None:
            return
        added: list[AgendaItem] = []

        def prepare(meeting: Meeting) -> None:
            added.extend(prepare_agenda(self.store, meeting.id))

        def scheduled(meeting_id: int | None) -> None:
            if meeting_id is None:
                return
            meeting = self.store.meeting(meeting_id)
            self.mentor_app.data_changed()
            self._show_list(select=f"m{meeting_id}")
            if and_prepare:
                self._prepared(meeting, added)
            else:
                self.notify(_("Scheduled for {when}. p prepares its agenda.", when=when_label(meeting.starts_at)),
                            markup=False)

        form = meeting_form(self.mentor_app, relationship, proposed=proposal, then=prepare if and_prepare else None)
        self.app.push_screen(form, scheduled)

    def action_delete_meeting(self) -> None:
        row = self._selected_row()
        if row is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.store.delete_meeting(row.meeting.id)
                self.notify(_("Deleted. ctrl+z brings it back."), markup=False)
                self._after_write()

        question = _("Delete the meeting of {when}, with its agenda, notes and actions?", when=when_label(row.meeting.starts_at))
        self.app.push_screen(ConfirmScreen(question, yes=_("Delete"), no=_("Keep")), answered)

    def action_back(self) -> None:
        if self._meeting is not None:
            if self._focus_area() == "notes":
                self._save_notes()
                self.query_one("#agenda", OptionList).focus()
                return
            self._save_notes()
            selected = f"m{self._meeting.id}"
            self._meeting = None
            self._show_list(select=selected)
        elif self._goal_filter is not None:
            self._goal_filter = None
            self._show_list()

    # ---- actions: the current meeting ----------------------------------------------------------------

    def action_prepare(self) -> None:
        relationship = self.relationship
        if relationship is None:
            return
        meeting = self._current_meeting()
        if meeting is None or meeting.status != "planned":
            meeting = next_planned(self.store, relationship.id)
        if meeting is not None:
            self._prepare(meeting)
            return
        proposals = proposed_dates(self.store, relationship.id, count=1)
        self.notify(_("Schedule the next meeting first; its agenda will follow."), markup=False)
        self._schedule(proposals[0] if proposals else None, and_prepare=True)

    def _prepare(self, meeting: Meeting) -> None:
        self._prepared(meeting, prepare_agenda(self.store, meeting.id))

    def _prepared(self, meeting: Meeting, added: list[AgendaItem]) -> None:
        """Say what preparing the agenda added, and show the meeting."""
        if added:
            fresh = [item for item in added if item.carried_from is None]
            parts = [_("Carried over") + " ×" + str(len(added) - len(fresh))] if len(fresh) < len(added) else []
            for kind in AGENDA_KINDS:
                count = sum(item.kind == kind for item in fresh)
                if count:
                    parts.append(_(KIND_LABELS[kind]) + " ×" + str(count))
            details = ", ".join(parts)
            self.notify(
                _("Added to the agenda: {details}.", details=details)
                if len(added) == 1
                else _("Added {n} items to the agenda: {details}.", n=len(added), details=details),
                markup=False,
            )
        else:
            self.notify(_("The agenda already holds everything still open."), markup=False)
        self._after_write()
        self._show_meeting(self.store.meeting(meeting.id))

    def action_mark_held(self) -> None:
        meeting = self._current_meeting()
        if meeting is None:
            return
        self._save_notes()
        held = mark_held(self.store, meeting.id)
        if held.carried_to is not None:
            message = _("Marked held. What was not covered ({n}) goes to the meeting of {when}.", n=held.uncovered,
                        when=when_label(held.carried_to.starts_at))
        elif held.uncovered:
            message = _("Marked held. What was not covered ({n}) waits for the next agenda (p prepares it).", n=held.uncovered)
        else:
            message = _("Marked held. Everything on the agenda was covered.")
        self.notify(message, markup=False)
        self._after_write()

    def action_reschedule(self) -> None:
        meeting, relationship = self._current_meeting(), self.relationship
        if meeting is None or relationship is None:
            return

        def moved(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self._after_write()

        self.app.push_screen(meeting_form(self.mentor_app, relationship, meeting=meeting), moved)

    def action_cancel_meeting(self) -> None:
        meeting = self._current_meeting()
        if meeting is None:
            return
        cancel_meeting(self.store, meeting.id)
        self.notify(_("Cancelled. m moves it to another date; ctrl+z brings it back."), markup=False)
        self._after_write()

    def action_write_markdown(self, private: bool = False) -> None:
        """The agenda, or the recap meant for the partner: the notes only with ``private``."""
        meeting, relationship = self._current_meeting(), self.relationship
        if meeting is None or relationship is None:
            return
        self._save_notes()
        try:
            meeting = self.store.meeting(meeting.id)  # with the notes just saved
        except NotFound:
            return
        lang = self.mentor_app.lang
        # Never over a file already there (an earlier export the user may have edited).
        path = free_path(export_folder(), export_file_name(relationship, meeting, lang).removesuffix(".md"))
        try:
            path = write_private(path, meeting_markdown(self.store, meeting, lang, private=private))
        except OSError as error:
            self.notify(clean(_("Could not write {path}: {error}", path=path, error=error.strerror or error)),
                        severity="error", markup=False)
            return
        if meeting.status == "held" and not private and clean(meeting.notes).strip():
            written = _("Recap written to {path}, without your notes (W adds them)", path=path)
        else:
            written = _("{what} written to {path}", what=_("Recap") if meeting.status == "held" else _("Agenda"), path=path)
        self.notify(clean(written), markup=False, timeout=8)

    # ---- actions: inside a meeting -----------------------------------------------------------------

    def action_add_item(self) -> None:
        if self._meeting is not None:
            self.app.push_screen(agenda_item_form(self.mentor_app, self._meeting), self._entry_saved("agenda"))

    def action_add_action(self) -> None:
        if self._meeting is not None and self.relationship is not None:
            form = action_form(self.mentor_app, self._meeting, self.relationship)
            self.app.push_screen(form, self._entry_saved("actions"))

    def _entry_saved(self, area: str) -> Callable[[int | None], None]:
        def saved(entry_id: int | None) -> None:
            if entry_id is None:
                return
            self._after_write()
            self._highlight(area, entry_id)

        return saved

    def _highlight(self, area: str, entry_id: int) -> None:
        options = self.query_one(f"#{area}", OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == str(entry_id):
                options.highlighted = index
        options.focus()

    def action_edit(self) -> None:
        entry = self._selected_entry()
        meeting, relationship = self._meeting, self.relationship
        if entry is None or meeting is None or relationship is None:
            return
        if isinstance(entry, AgendaEntry):
            self.app.push_screen(agenda_item_form(self.mentor_app, meeting, entry.item), self._entry_saved("agenda"))
        else:
            self.app.push_screen(action_form(self.mentor_app, meeting, relationship, entry), self._entry_saved("actions"))

    @on(OptionList.OptionSelected, "#agenda")
    def _agenda_item_chosen(self) -> None:
        """enter on an item about a goal opens the goal; on any other item, edits it."""
        entry = self._selected_entry()
        if isinstance(entry, AgendaEntry) and entry.item.goal_id is not None:
            self.post_message(Navigate(GoalRef(entry.item.goal_id)))
        else:
            self.action_edit()

    @on(OptionList.OptionSelected, "#actions")
    def _action_chosen(self) -> None:
        self.action_edit()

    def action_toggle_covered(self) -> None:
        entry = self._selected_entry()
        if isinstance(entry, AgendaEntry):
            set_covered(self.store, entry.item.id, not entry.item.done)
            self._after_write()

    def action_toggle_done(self) -> None:
        entry = self._selected_entry()
        if isinstance(entry, Action):
            set_action_done(self.store, entry.id, entry.done_at is None)
            self._after_write()

    def action_move(self, steps: int) -> None:
        entry = self._selected_entry()
        if isinstance(entry, AgendaEntry) and move_agenda_item(self.store, entry.item.id, steps):
            self._after_write()
            self._highlight("agenda", entry.item.id)

    def action_link_goal(self) -> None:
        entry = self._selected_entry()
        relationship = self.relationship
        if entry is None or relationship is None:
            return
        current = entry.item.goal_id if isinstance(entry, AgendaEntry) else entry.goal_id
        goals = linkable_goals(self.store, relationship.id, keep=[current])
        if not goals:
            self.notify(_("No open goal to link yet: add goals on the Goals screen (3)."), markup=False)
            return

        def picked(goal_id: int | None) -> None:
            if goal_id is None:
                return
            linked = goal_id or None
            if isinstance(entry, AgendaEntry):
                self.store.update_agenda_item(entry.item.id, goal_id=linked)
            else:
                self.store.update_action(entry.id, goal_id=linked)
            self._after_write()

        self.app.push_screen(GoalPicker(goals, current), picked)

    def action_delete_entry(self) -> None:
        entry = self._selected_entry()
        if isinstance(entry, AgendaEntry):
            self.store.delete_agenda_item(entry.item.id)
        elif isinstance(entry, Action):
            self.store.delete_action(entry.id)
        else:
            return
        self.notify(_("Deleted. ctrl+z brings it back."), markup=False)
        self._after_write()

    def action_focus_notes(self) -> None:
        self.query_one("#notes", TextArea).focus()

    def action_note_prompts(self) -> None:
        """Add the guide's prompts as headings at the end of the notes (those not there yet)."""
        notes = self.query_one("#notes", TextArea)
        present = {line.strip().lstrip("#").strip().casefold() for line in notes.text.splitlines()}
        missing = [_(prompt) for prompt in self._note_prompts() if _(prompt).casefold() not in present]
        if missing:
            kept = notes.text.rstrip("\n")
            # An edit (not a reload), so ctrl+z in the notes takes it back.
            notes.replace(
                (kept + "\n\n" if kept else "") + "\n\n".join("## " + prompt + "\n" for prompt in missing),
                (0, 0),
                notes.document.end,
            )
            # The cursor goes on the line under the first new heading, ready to write.
            first_heading = len(kept.split("\n")) + 1 if kept else 0
            notes.move_cursor((first_heading + 1, 0))
        notes.focus()

    # ---- jumps from other screens ---------------------------------------------------------------

    def show(self, ref: Ref) -> None:
        """A meeting: open it; the meetings about a goal: list those whose agenda or
        actions are about that goal."""
        if isinstance(ref, MeetingRef) and ref.meeting_id is not None:
            try:
                meeting = self.store.meeting(ref.meeting_id)
            except NotFound:
                self.notify(_("That meeting no longer exists."), severity="warning", markup=False)
                return
            self._follow_relationship(meeting.relationship_id)
            self._goal_filter = None
            self._show_meeting(meeting)
        elif isinstance(ref, MeetingsAbout):
            try:
                goal = self.store.goal(ref.goal_id)
            except NotFound:
                self.notify(_("That goal no longer exists."), severity="warning", markup=False)
                return
            self._follow_relationship(goal.relationship_id)
            self._save_notes()
            self._meeting = None
            self._goal_filter = (goal.id, goal.title)
            self._show_list()
            if self._rows:
                self.query_one("#meetings", DataTable).move_cursor(row=len(self._rows) - 1, scroll=True)
            else:
                self.notify(_("No meeting has talked about this goal yet."), markup=False)

    def _follow_relationship(self, relationship_id: int) -> None:
        relationship = self.relationship
        if relationship is None or relationship.id != relationship_id:
            self.mentor_app.data_changed(relationship_id)
