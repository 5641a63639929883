"""One meeting opened: its title, its agenda, its action items and its notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mentortui.core.refs import GoalRef
from mentortui.ui.navigation import Navigate
from mentortui.core.dates import due_in_the_past
from mentortui.core.i18n import _, format_date
from mentortui.core.safetext import clean, safe
from mentortui.core.sharing import SHARED_MARK
from mentortui.data.meetings import AgendaEntry, agenda_entries, linkable_goals
from mentortui.data.model import AGENDA_KINDS, Action, AgendaItem, Meeting, Relationship
from mentortui.data.store import Store
from mentortui.domain import meetings
from mentortui.domain.meetings import Held
from mentortui.ui.dialogs.goal_picker import GoalPicker
from mentortui.ui.dialogs.meeting_forms import action_form, agenda_item_form
from mentortui.ui.labels import AGENDA_KIND_LABELS, MEETING_STATUS_LABELS, OWNER_LABELS
from mentortui.ui.widgets.meeting_list import mode_label, when_label
from mentortui.ui.widgets.notes_editor import NotesEditor

# The parts of an opened meeting that take focus (their widget ids).
AREAS = ("agenda", "actions", "notes")


def owner_label(action: Action, relationship: Relationship) -> str:
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


def _refill(options: OptionList, new: list[Option]) -> None:
    """Replace the options, keeping the highlight on the same item (or at the same place)."""
    highlighted = options.highlighted
    kept = options.get_option_at_index(highlighted).id if highlighted is not None and options.option_count else None
    options.clear_options()
    options.add_options(new)
    ids = [option.id for option in new]
    if new and not new[0].disabled:
        options.highlighted = ids.index(kept) if kept in ids else min(highlighted or 0, len(new) - 1)


def notes_title(shared: bool) -> str:
    """The notes' title says who reads them: the user alone, or their partner too."""
    who = SHARED_MARK + " " + _("shared with my partner") if shared else _("private")
    return _("Notes (Markdown)") + " · " + who


class MeetingView(Vertical):
    """The meeting's agenda and actions (left, or on top when narrow) and its notes.

    Adding, editing, ticking, moving, linking and deleting an agenda item or action happen
    here (through ``mentortui.domain.meetings``); ``EntryChanged`` tells the screen.
    """

    class EntryChanged(Message):
        """An agenda item or action was written (``entry_id`` None: deleted)."""

        def __init__(self, area: str, entry_id: int | None) -> None:
            super().__init__()
            self.area = area
            self.entry_id = entry_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[AgendaEntry] = []
        self.actions: list[Action] = []
        self.notes = NotesEditor(id="notes")
        self._shown: tuple[Store, Meeting, Relationship] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="meeting-title")
        with Vertical(id="meeting-body"):
            with Vertical(id="meeting-left"):
                yield OptionList(id="agenda")
                yield OptionList(id="actions")
            yield self.notes


    def show(self, store: Store, meeting: Meeting, relationship: Relationship, today: dt.date, *, opening: bool,
             prompts: list[str]) -> None:
        """Show the meeting as stored (``opening``: a meeting not shown before)."""
        self._shown = (store, meeting, relationship)
        entries, actions = agenda_entries(store, meeting.id), store.actions(meeting.id)
        self.entries, self.actions = entries, actions
        title = Text(when_label(meeting.starts_at), style="bold")
        title.append(" · " + mode_label(meeting.mode) + " · ")
        title.append(_(MEETING_STATUS_LABELS[meeting.status]), style="bold" if meeting.status == "planned" else "")
        self.query_one("#meeting-title", Static).update(title)
        self._fill_agenda()
        self._fill_actions(relationship, today)
        # The editor holds the notes as shown (cleaned): compare like with like, so merely
        # opening a meeting never counts as an edit to save.
        self.notes.border_title = notes_title(meeting.notes_shared)
        shown_notes = clean(meeting.notes)
        if opening or self.notes.text != shown_notes:
            self.notes.show_stored(store, meeting.id, shown_notes)
        self.notes.placeholder = "\n\n".join("## " + prompt for prompt in prompts)
        if opening:
            self.screen.set_focus(self.query_one("#agenda", OptionList))

    def _fill_agenda(self) -> None:
        agenda = self.query_one("#agenda", OptionList)
        covered = sum(entry.item.done for entry in self.entries)
        agenda.border_title = (
            _("Agenda · {covered}/{total} covered", covered=covered, total=len(self.entries))
            if self.entries
            else _("Agenda")
        )
        options = [Option(_agenda_prompt(entry), id=str(entry.item.id)) for entry in self.entries]
        if not options:
            hint = _("Nothing yet. a adds a topic or a question; p fills the agenda from what is still open.")
            options = [Option(Text(hint, style="dim"), disabled=True)]
        _refill(agenda, options)

    def _fill_actions(self, relationship: Relationship, today: dt.date) -> None:
        actions = self.query_one("#actions", OptionList)
        still_open = sum(action.done_at is None for action in self.actions)
        actions.border_title = _("Actions · {open} to do", open=still_open) if self.actions else _("Actions")
        options = [Option(_action_prompt(action, relationship, today), id=str(action.id)) for action in self.actions]
        if not options:
            options = [Option(Text(_("No action yet. tab here, then a adds one: who does what, by when."), style="dim"),
                              disabled=True)]
        _refill(actions, options)

    def focus_area(self, focused: Widget | None) -> str | None:
        """Which part has focus: "agenda", "actions", "notes" or None."""
        return focused.id if focused is not None and focused.id in AREAS else None

    def selected_entry(self, area: str | None) -> AgendaEntry | Action | None:
        """The agenda item or action highlighted in ``area``."""
        if area not in ("agenda", "actions"):
            return None
        entries: list = self.entries if area == "agenda" else self.actions
        index = self.query_one(f"#{area}", OptionList).highlighted
        return entries[index] if entries and index is not None and index < len(entries) else None

    def highlight(self, area: str, entry_id: int) -> None:
        options = self.query_one(f"#{area}", OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == str(entry_id):
                options.highlighted = index
        options.focus()


    # ---- what the keys do to the highlighted agenda item or action -------------------------------

    def _selected(self) -> AgendaEntry | Action | None:
        return self.selected_entry(self.focus_area(self.screen.focused))

    def _written(self, area: str) -> Callable[[int | None], None]:
        return lambda entry_id: entry_id is not None and self.post_message(self.EntryChanged(area, entry_id))

    def add_entry(self, area: str) -> None:
        """The form for a new agenda item (``area`` "agenda") or action ("actions")."""
        if self._shown is not None:
            _store, meeting, relationship = self._shown
            form = agenda_item_form(self.app, meeting) if area == "agenda" else action_form(self.app, meeting, relationship)
            self.app.push_screen(form, self._written(area))

    def edit_selected(self) -> None:
        entry = self._selected()
        if entry is None or self._shown is None:
            return
        _store, meeting, relationship = self._shown
        if isinstance(entry, AgendaEntry):
            self.app.push_screen(agenda_item_form(self.app, meeting, entry.item), self._written("agenda"))
        else:
            self.app.push_screen(action_form(self.app, meeting, relationship, entry), self._written("actions"))

    @on(OptionList.OptionSelected, "#agenda")
    def _agenda_item_chosen(self) -> None:
        """enter on an item about a goal opens the goal; on any other item, edits it."""
        entry = self._selected()
        if isinstance(entry, AgendaEntry) and entry.item.goal_id is not None:
            self.post_message(Navigate(GoalRef(entry.item.goal_id)))
        else:
            self.edit_selected()

    @on(OptionList.OptionSelected, "#actions")
    def _action_chosen(self) -> None:
        self.edit_selected()

    def toggle_selected(self) -> None:
        """Tick or untick the agenda item as covered, or the action as done."""
        entry = self._selected()
        if entry is None or self._shown is None:
            return
        store = self._shown[0]
        if isinstance(entry, AgendaEntry):
            meetings.set_covered(store, entry.item.id, not entry.item.done)
        else:
            meetings.set_action_done(store, entry.id, entry.done_at is None)
        self.post_message(self.EntryChanged("", None))

    def move_selected(self, steps: int) -> None:
        entry = self._selected()
        if isinstance(entry, AgendaEntry) and self._shown is not None:
            if meetings.move_agenda_item(self._shown[0], entry.item.id, steps):
                self.post_message(self.EntryChanged("agenda", entry.item.id))

    def link_selected(self) -> None:
        """Pick the goal the highlighted agenda item or action is about."""
        entry = self._selected()
        if entry is None or self._shown is None:
            return
        store, _meeting, relationship = self._shown
        current = entry.item.goal_id if isinstance(entry, AgendaEntry) else entry.goal_id
        goals = linkable_goals(store, relationship.id, keep=[current])
        if not goals:
            self.notify(_("No open goal to link yet: add goals on the Goals screen (3)."), markup=False)
            return

        def picked(goal_id: int | None) -> None:
            if goal_id is None:
                return
            if isinstance(entry, AgendaEntry):  # goal_id 0: no goal
                meetings.link_agenda_item(store, entry.item.id, goal_id or None)
            else:
                meetings.link_action(store, entry.id, goal_id or None)
            self.post_message(self.EntryChanged("", None))

        self.app.push_screen(GoalPicker(goals, current), picked)

    def delete_selected(self) -> None:
        entry = self._selected()
        if entry is None or self._shown is None:
            return
        if isinstance(entry, AgendaEntry):
            meetings.delete_agenda_item(self._shown[0], entry.item.id)
        else:
            meetings.delete_action(self._shown[0], entry.id)
        self.notify(_("Deleted. ctrl+z brings it back."), markup=False)
        self.post_message(self.EntryChanged("", None))

def _agenda_prompt(entry: AgendaEntry) -> Table:
    item = entry.item
    text = safe(item.text, single_line=True, style="dim" if item.done else "")
    if entry.goal_title and entry.goal_title not in item.text:
        text.append("  → " + clean(entry.goal_title, single_line=True), style="cyan")
    if entry.carried_from_date:
        text.append("  ↻ " + format_date(entry.carried_from_date.date(), "medium"), style="dim italic")
    return _ticked_row(item.done, _(AGENDA_KIND_LABELS[item.kind]), 9, text)


def _action_prompt(action: Action, relationship: Relationship, today: dt.date) -> Table:
    done = action.done_at is not None
    overdue = not done and due_in_the_past(action.due_on, today)
    due = Text(format_date(action.due_on, "medium") if action.due_on else "", style="red" if overdue else "dim")
    text = safe(action.text, single_line=True, style="dim" if done else "")
    return _ticked_row(done, owner_label(action, relationship), 10, text, due)


def prepared_message(added: list[AgendaItem]) -> str:
    """What preparing an agenda added, in a sentence."""
    if not added:
        return _("The agenda already holds everything still open.")
    fresh = [item for item in added if item.carried_from is None]
    parts = [_("Carried over") + " ×" + str(len(added) - len(fresh))] if len(fresh) < len(added) else []
    for kind in AGENDA_KINDS:
        count = sum(item.kind == kind for item in fresh)
        if count:
            parts.append(_(AGENDA_KIND_LABELS[kind]) + " ×" + str(count))
    details = ", ".join(parts)
    if len(added) == 1:
        return _("Added to the agenda: {details}.", details=details)
    return _("Added {n} items to the agenda: {details}.", n=len(added), details=details)


def held_message(held: Held) -> str:
    """What marking a meeting held did with what it left uncovered, in a sentence."""
    if held.carried_to is not None:
        return _("Marked held. What was not covered ({n}) goes to the meeting of {when}.", n=held.uncovered,
                 when=when_label(held.carried_to.starts_at))
    if held.uncovered:
        return _("Marked held. What was not covered ({n}) waits for the next agenda (p prepares it).", n=held.uncovered)
    return _("Marked held. Everything on the agenda was covered.")
