"""Screen 4, Meetings: when to meet (from the agreed rhythm), the agenda the mentee owns,
notes taken during the meeting, and the action items that carry over to the next one.

Two states on one screen: the list of meetings (``MeetingList``), and one meeting opened
(``MeetingView``: its agenda, its action items and its notes). The notes save themselves
after a pause, when focus leaves them, and when the meeting or the screen is left — each
save is one undoable change. Every write is a call to ``mentortui.domain.meetings``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, OptionList

from mentortui.core.i18n import N_, _
from mentortui.core.refs import MeetingRef, MeetingsAbout, Ref
from mentortui.data.meetings import AgendaEntry, next_planned
from mentortui.data.model import AgendaItem, Meeting, Relationship
from mentortui.data.store import NotFound
from mentortui.domain import meetings
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.dialogs.meeting_forms import confirm_delete_meeting, meeting_form, write_markdown
from mentortui.ui.forms import ConfirmScreen
from mentortui.ui.widgets.meeting_list import MeetingList, when_label
from mentortui.ui.widgets.meeting_view import MeetingView, held_message, prepared_message
from mentortui.ui.widgets.notes_editor import NotesEditor, follow_up_message, note_prompts

# Actions that only make sense in one state, or on one part of an opened meeting.
_LIST_ACTIONS = {"open", "schedule", "delete_meeting"}
_AGENDA_ACTIONS = {"add_item", "toggle_covered", "move"}
_ACTIONS_ACTIONS = {"add_action", "toggle_done"}
_ENTRY_ACTIONS = {"edit", "link_goal", "delete_entry", "follow_up"}  # agenda item or action, whichever has focus
_MEETING_ACTIONS = {"focus_notes", "note_prompts"}
_CURRENT_MEETING_ACTIONS = {"prepare", "mark_held", "reschedule", "cancel_meeting", "write_markdown", "toggle_notes_shared"}
_OWN_ACTIONS = (
    _LIST_ACTIONS | _AGENDA_ACTIONS | _ACTIONS_ACTIONS | _ENTRY_ACTIONS | _MEETING_ACTIONS | _CURRENT_MEETING_ACTIONS
)


class MeetingsScreen(BaseScreen):
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
        Binding("f", "follow_up", "Follow up", id="meetings.follow-up"),
        Binding("delete", "delete_entry", "Delete", id="meetings.delete-entry", show=False),
        Binding("n", "focus_notes", "Notes", id="meetings.notes", show=False),
        Binding("t", "note_prompts", "Note prompts", id="meetings.note-prompts", show=False),
        # The selected meeting, in either state.
        Binding("p", "prepare", "Prepare agenda", id="meetings.prepare"),
        Binding("h", "mark_held", "Mark held", id="meetings.held"),
        Binding("s", "toggle_notes_shared", "Share notes", id="meetings.share-notes"),
        Binding("m", "reschedule", "Move", id="meetings.move", show=False),
        Binding("c", "cancel_meeting", "Cancel meeting", id="meetings.cancel", show=False),
        Binding("w", "write_markdown", "Write Markdown file", id="meetings.write", show=False),
        Binding("W", "write_markdown(True)", "Write Markdown file with my notes", id="meetings.write-private", show=False),
        Binding("delete", "delete_meeting", "Delete meeting", id="meetings.delete", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._goal_filter: tuple[int, str] | None = None  # (goal id, title)
        self._meeting: Meeting | None = None  # the opened meeting
        self._list = MeetingList(id="meetings-list")
        self._view = MeetingView(id="meeting-view")

    def compose(self) -> ComposeResult:
        yield Header()
        yield self._list
        yield self._view
        yield KeysFooter()

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
        self._view.display = False
        self._list.display = True
        relationship = self.relationship
        if relationship is None:
            self._list.show_nothing(_("No relationship yet: add one on the Relationship screen (7)."))
            self.refresh_bindings()
            return
        self._list.load(self.store, relationship.id, self._goal_filter, self.mentor_app.lang,
                        self.mentor_app.clock.today(), select)
        self.set_focus(self._list.table)  # at once, so the footer is redrawn once
        self.refresh_bindings()

    def _current_meeting(self) -> Meeting | None:
        """The opened meeting, or the one selected in the list."""
        if self._meeting is not None:
            return self._meeting
        row = self._list.selected_row()
        return row.meeting if row else None

    def _show_meeting(self, meeting: Meeting) -> None:
        relationship = self.relationship
        assert relationship is not None
        opening = self._meeting is None or self._meeting.id != meeting.id
        self._meeting = meeting
        self._list.display = False
        self._view.display = True
        self._view.show(self.store, meeting, relationship, self.mentor_app.clock.today(), opening=opening,
                        prompts=self._note_prompts())
        self.refresh_bindings()

    def _note_prompts(self) -> list[str]:
        return note_prompts(self.relationship.role if self.relationship else "mentee")

    def _focus_area(self) -> str | None:
        return self._view.focus_area(self.focused)

    # ---- notes: saved after a pause, on leaving them, and on leaving the meeting ----------------

    def on_unmount(self) -> None:
        self._save_notes()

    def _save_notes(self) -> None:
        self._view.notes.save()

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
                return self._list.selected_key() is not None
            return action == "schedule" or self._list.selected_row() is not None
        if action in _AGENDA_ACTIONS | _ACTIONS_ACTIONS | _ENTRY_ACTIONS | _MEETING_ACTIONS and not opened:
            return False
        area = self._focus_area()
        if action in _AGENDA_ACTIONS:
            return area == "agenda" and (action == "add_item" or bool(self._view.entries))
        if action in _ACTIONS_ACTIONS:
            return area == "actions" and (action == "add_action" or bool(self._view.actions))
        if action == "follow_up":  # a question of the agenda becomes an action (the guide's E2)
            entry = self._view.selected_entry(area)
            return isinstance(entry, AgendaEntry) and entry.item.kind == "question"
        if action in _ENTRY_ACTIONS:
            return self._view.selected_entry(area) is not None
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
        row = self._list.selected_row()
        if row is not None:
            self._show_meeting(row.meeting)
        elif (proposal := self._list.selected_proposal()) is not None:
            self._schedule(proposal)

    def action_schedule(self) -> None:
        proposals = self._list.proposals
        self._schedule(self._list.selected_proposal() or (proposals[0] if proposals else None))

    def _schedule(self, proposal: dt.datetime | None, *, and_prepare: bool = False) -> None:
        """The schedule form, filled with ``proposal``; with ``and_prepare``, the new meeting's
        agenda is prepared in the same change."""
        relationship = self.relationship
        if relationship is None:
            return

        def scheduled(result: tuple[Meeting, list[AgendaItem] | None] | None) -> None:
            if result is None:
                return
            meeting, added = result
            self.mentor_app.data_changed()
            self._show_list(select=f"m{meeting.id}")
            if added is not None:
                self._prepared(meeting, added)
            else:
                self.notify(_("Scheduled for {when}. p prepares its agenda.", when=when_label(meeting.starts_at)),
                            markup=False)

        form = meeting_form(self.mentor_app, relationship, proposed=proposal, and_prepare=and_prepare)
        self.app.push_screen(form, scheduled)

    def action_delete_meeting(self) -> None:
        row = self._list.selected_row()
        if row is not None:
            confirm_delete_meeting(self.mentor_app, row.meeting, self._after_write)

    def action_back(self) -> None:
        if self._meeting is not None:
            self._save_notes()
            if self._focus_area() == "notes":
                self.query_one("#agenda", OptionList).focus()
                return
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
            self._prepared(meeting, meetings.prepare_agenda(self.store, meeting.id))
            return
        proposals = meetings.proposed_dates(self.store, relationship.id, count=1)
        self.notify(_("Schedule the next meeting first; its agenda will follow."), markup=False)
        self._schedule(proposals[0] if proposals else None, and_prepare=True)

    def _prepared(self, meeting: Meeting, added: list[AgendaItem]) -> None:
        """Say what preparing the agenda added, and show the meeting."""
        self.notify(prepared_message(added), markup=False)
        self._after_write()
        self._show_meeting(self.store.meeting(meeting.id))

    def action_mark_held(self) -> None:
        meeting = self._current_meeting()
        if meeting is None:
            return
        self._save_notes()
        if not meetings.not_started_yet(meeting, self.mentor_app.clock.now()):
            self._mark_held(meeting)
            return
        question = _("This meeting is on {when}; mark it held anyway?", when=when_label(meeting.starts_at))
        self.app.push_screen(ConfirmScreen(question, yes=_("Mark held"), no=_("Not yet")),
                             lambda yes: self._mark_held(meeting) if yes else None)

    def _mark_held(self, meeting: Meeting) -> None:
        self.notify(held_message(meetings.mark_held(self.store, meeting.id)), markup=False)
        self._after_write()

    def action_toggle_notes_shared(self) -> None:
        meeting = self._current_meeting()
        if meeting is None:
            return
        self._save_notes()
        shared = meetings.set_notes_shared(self.store, meeting.id, not meeting.notes_shared).notes_shared
        if shared:
            message = _("The notes of {when} are shared: the next exchange sends them to your partner.",
                        when=when_label(meeting.starts_at))
        else:
            message = _("The notes of {when} are private again.", when=when_label(meeting.starts_at))
        self.notify(message, markup=False)
        self._after_write()

    def action_reschedule(self) -> None:
        meeting, relationship = self._current_meeting(), self.relationship
        if meeting is None or relationship is None:
            return
        form = meeting_form(self.mentor_app, relationship, meeting=meeting)
        self.app.push_screen(form, lambda result: result is not None and self._after_write())

    def action_cancel_meeting(self) -> None:
        meeting = self._current_meeting()
        if meeting is None:
            return
        meetings.cancel_meeting(self.store, meeting.id)
        self.notify(_("Cancelled. m moves it to another date; ctrl+z brings it back."), markup=False)
        self._after_write()

    def action_write_markdown(self, private: bool = False) -> None:
        """The agenda, or the recap meant for the partner: the notes only with ``private``."""
        meeting, relationship = self._current_meeting(), self.relationship
        if meeting is None or relationship is None:
            return
        self._save_notes()
        write_markdown(self.mentor_app, relationship, meeting.id, private=private)

    # ---- actions: inside a meeting -----------------------------------------------------------------

    def action_add_item(self) -> None:
        self._view.add_entry("agenda")

    def action_add_action(self) -> None:
        self._view.add_entry("actions")

    def action_edit(self) -> None:
        self._view.edit_selected()

    def action_toggle_covered(self) -> None:
        self._view.toggle_selected()

    def action_toggle_done(self) -> None:
        self._view.toggle_selected()

    def action_move(self, steps: int) -> None:
        self._view.move_selected(steps)

    def action_link_goal(self) -> None:
        self._view.link_selected()

    def action_delete_entry(self) -> None:
        self._view.delete_selected()

    def action_follow_up(self) -> None:
        entry = self._view.selected_entry(self._focus_area())
        if not isinstance(entry, AgendaEntry):
            return
        made = meetings.follow_up_item(self.store, entry.item.id)
        if made is not None:
            self.notify(follow_up_message(made), markup=False)
            self._after_write()

    @on(NotesEditor.FollowedUp)
    def _followed_up(self) -> None:
        self._after_write()

    @on(MeetingView.EntryChanged)
    def _entry_changed(self, event: MeetingView.EntryChanged) -> None:
        self._after_write()
        if event.entry_id is not None:
            self._view.highlight(event.area, event.entry_id)

    def action_focus_notes(self) -> None:
        self._view.notes.focus()

    def action_note_prompts(self) -> None:
        """Add the guide's prompts as headings at the end of the notes (those not there yet)."""
        self._view.notes.add_headings(self._note_prompts())

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
            if self._list.rows:
                self._list.go_to(len(self._list.rows) - 1)
            else:
                self.notify(_("No meeting has talked about this goal yet."), markup=False)

    def _follow_relationship(self, relationship_id: int) -> None:
        relationship = self.relationship
        if relationship is None or relationship.id != relationship_id:
            self.mentor_app.data_changed(relationship_id)
