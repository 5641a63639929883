"""Screen 5, Feedback: the log of feedback given and received, gratitude, progress updates.

The guide asks the mentor for honest feedback that names the main things to improve
without shaming (a rubric to tick, as a mirror), and the mentee to try the advice and
say what came of it (advice → tried → result), to report progress, and to say thanks.

The log can hold 100,000 entries: the table holds one window of rows read from SQL and
refills it as the cursor moves (``FeedbackTable``); the status line says where you are.
The screen composes that table, the entry's ``FeedbackDetail`` and the status line; its
dialogs are in ``ui/dialogs/feedback_forms.py``, its actions in ``domain/feedback.py``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Input, Static

from mentortui.core.i18n import N_, NC_, _
from mentortui.core.refs import FeedbackAbout, FeedbackRef, Ref
from mentortui.core.safetext import clean, safe
from mentortui.data import feedback as log
from mentortui.data.feedback import LogFilter
from mentortui.data.model import DIRECTIONS, FEEDBACK_KINDS, Feedback
from mentortui.domain.feedback import delete_feedback, set_shared
from mentortui.core.text import one_line
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.dialogs.feedback_forms import entry_form, goal_filter_form, progress_update_form, result_form
from mentortui.ui.editors import SafeInput
from mentortui.ui.labels import DIRECTION_LABELS, FEEDBACK_KIND_LABELS
from mentortui.ui.widgets.feedback_detail import FeedbackDetail
from mentortui.ui.widgets.feedback_table import FeedbackTable


class FeedbackScreen(BaseScreen):
    # Not the word filter (the first focusable widget), which stays hidden until /.
    AUTO_FOCUS = "#feedback-table"
    HELP = N_(
        "Feedback you gave and received, thanks and progress updates, newest first. For advice you "
        "received, r says what came of it; p composes a progress update to send. Filters: d given or "
        "received, k kind, g goal, w advice awaiting a result, / words; c clears them."
    )
    BINDINGS = [
        Binding("a", "add", "Add", id="feedback.add"),
        Binding("t", "thanks", NC_("verb", "Thanks"), id="feedback.thanks"),
        Binding("e,enter", "edit", "Edit", id="feedback.edit"),
        Binding("r", "result", "Result", id="feedback.result"),
        Binding("s", "toggle_shared", "Share", id="feedback.share"),
        Binding("p", "progress_update", "Progress update", id="feedback.update"),
        Binding("delete", "delete", "Delete", id="feedback.delete", show=False),
        Binding("slash", "find", "Find", id="feedback.find"),
        Binding("w", "toggle_awaiting", "Awaiting a result", id="feedback.awaiting", show=False),
        Binding("d", "cycle_direction", "Given or received", id="feedback.direction", show=False),
        Binding("k", "cycle_kind", "Kind", id="feedback.kind", show=False),
        Binding("g", "choose_goal", "Goal", id="feedback.goal", show=False),
        Binding("c", "clear_filters", "Clear filters", id="feedback.clear", show=False),
        Binding("escape", "close_find", "Close the word filter", id="feedback.close-find", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = LogFilter()
        self._relationship_id: int | None = None
        self._goal_titles: dict[int, str] = {}
        self._select_next: int | None = None  # an entry just saved, to show after the reload

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="feedback-status")
        yield SafeInput(id="feedback-find", placeholder=_("Words to find in the text or the result"), compact=True)
        yield FeedbackTable(self._read_entries, self._goal_title, id="feedback-table")
        yield Static(id="feedback-empty")
        with VerticalScroll(id="feedback-detail"):
            yield FeedbackDetail(id="feedback-detail-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        # The word filter is hidden by the stylesheet until /, so the table takes the focus.
        self.query_one("#feedback-detail").border_title = _("Entry")
        # The first showing draws the log (BaseScreen.on_screen_resume → reload).

    @property
    def table(self) -> FeedbackTable:
        return self.query_one(FeedbackTable)

    # ---- reading ---------------------------------------------------------------------

    def _read_entries(self, offset: int, limit: int) -> list[Feedback]:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return []
        return log.entries_page(self.store, relationship.id, self.filter, offset=offset, limit=limit)

    def selected(self) -> Feedback | None:
        return self.table.selected()

    def reload(self) -> None:
        """After a change anywhere, or on coming back when the data changed (BaseScreen)."""
        self.redraw()

    def redraw(self, select_id: int | None = None, *, otherwise_top: bool = False) -> None:
        """Read the log again, keeping the selected entry (or ``select_id``) in view; if it is
        gone, the cursor stays at the same row (or goes to the top: ``otherwise_top``)."""
        select_id = select_id if select_id is not None else self._select_next
        self._select_next = None
        self._goal_titles.clear()
        relationship = self.mentor_app.relationship
        if relationship is None or relationship.id != self._relationship_id:
            # Another relationship: its goals differ, so its filters start afresh.
            self.filter = LogFilter()
            self._show_find(False)
            self._relationship_id = relationship.id if relationship else None
        table = self.table
        current = self.selected()
        old_position = table.position if table.total and not otherwise_top else 0
        table.lay_out(self.size.width or 80)
        total = log.count_entries(self.store, relationship.id, self.filter) if relationship else 0
        wanted = select_id if select_id is not None else (current.id if current else None)
        position = None
        if wanted is not None and relationship is not None:
            position = log.position_of(self.store, relationship.id, self.filter, wanted)
        table.show(total, position if position is not None else old_position)
        self._show_state()

    def show(self, ref: Ref) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return
        if isinstance(ref, FeedbackAbout):
            self.filter = LogFilter(goal_id=ref.goal_id)
            self._show_find(False)
            self.redraw()
            self.table.go_to(0, keep_height=False)
        elif isinstance(ref, FeedbackRef) and ref.feedback_id is not None:
            wanted = ref.feedback_id
            if log.position_of(self.store, relationship.id, self.filter, wanted) is None:
                self.filter = LogFilter()  # the filter hides it: show the whole log
                self._show_find(False)
            self.redraw(select_id=wanted)
        self.table.focus()

    # ---- drawing ---------------------------------------------------------------------

    def _goal_title(self, goal_id: int | None) -> str:
        if goal_id is None:
            return ""
        if goal_id not in self._goal_titles:
            try:
                self._goal_titles[goal_id] = self.store.goal(goal_id).title
            except LookupError:
                self._goal_titles[goal_id] = ""
        return self._goal_titles[goal_id]

    def on_resize(self) -> None:
        if self.is_mounted and self.mentor_app.relationship is not None:
            table = self.table
            shown = table.layout_shown
            table.lay_out(self.size.width or 80)
            if table.layout_shown != shown:
                self.redraw()  # the new columns need their rows again

    def _filter_words(self) -> list[str]:
        f = self.filter
        words = []
        if f.direction:
            words.append(_(DIRECTION_LABELS[f.direction]))
        if f.kind:
            words.append(_(FEEDBACK_KIND_LABELS[f.kind]))
        if f.goal_id is not None:
            words.append(_("goal “{title}”", title=one_line(self._goal_title(f.goal_id), 40)))
        if f.awaiting:
            words.append(_("awaiting a result"))
        if f.text.strip():
            words.append("“" + clean(f.text, single_line=True) + "”")
        return words

    def _number(self, n: int) -> str:
        if self.mentor_app.lang == "en":
            return f"{n:,}"  # as Babel writes it, without loading Babel (~20 ms)
        from babel.numbers import format_decimal

        return format_decimal(n, locale=self.mentor_app.lang)

    def _show_state(self) -> None:
        """The status line, the empty message and the detail of the selected entry."""
        relationship = self.mentor_app.relationship
        table = self.table
        status = self.query_one("#feedback-status", Static)
        empty = self.query_one("#feedback-empty", Static)
        has_rows = table.total > 0
        table.display = has_rows
        if has_rows and self.focused is None:
            table.focus()  # the log was empty until now
        self.query_one("#feedback-detail").display = has_rows
        empty.display = not has_rows
        words = self._filter_words()
        if has_rows:
            line = Text(_("Row {n} of {total}", n=self._number(table.position + 1), total=self._number(table.total)))
        else:
            line = Text(_("No entries"))
        if words:
            line.append(" · " + _("showing: {filters}", filters=" · ".join(words)), style="bold")
        status.update(line)
        if relationship is None:
            empty.update(safe(_("No relationship yet. Press ctrl+o to choose or add one.")))
        elif not has_rows and self.filter.active:
            empty.update(safe(_("Nothing matches these filters. Press c to clear them.")))
        elif not has_rows:
            empty.update(safe(_("No feedback logged yet. Press a to log some, or t to say thanks.")))
        entry = self.selected()
        self.query_one(FeedbackDetail).show(entry, self._goal_title(entry.goal_id) if entry else "")
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#feedback-table")
    def _row_highlighted(self) -> None:
        self._show_state()

    @on(DataTable.RowSelected, "#feedback-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    # ---- keys ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_find":
            return self.query_one("#feedback-find").display
        if self.mentor_app.relationship is None:
            return action not in (
                "add", "thanks", "edit", "result", "toggle_shared", "progress_update", "delete", "find",
                "toggle_awaiting", "cycle_direction", "cycle_kind", "choose_goal", "clear_filters",
            )
        if action in ("edit", "delete", "result", "toggle_shared"):
            # r stays in the footer for any entry (and says when it doesn't apply): redrawing
            # the footer as the cursor crosses advice and other kinds costs more than a key may.
            return self.selected() is not None
        if action == "clear_filters":
            return self.filter.active
        return True

    def _after_edit(self, result: object) -> None:
        if result is not None:
            self.mentor_app.data_changed()

    def _after_add(self, result: object) -> None:
        """Show the new entry, even if the filters would hide it."""
        if result is None:
            return
        entry_id = result[0] if isinstance(result, tuple) else result
        relationship = self.mentor_app.relationship
        if relationship and log.position_of(self.store, relationship.id, self.filter, entry_id) is None:
            self.filter = LogFilter()
            self._show_find(False)
        self._select_next = entry_id
        self.mentor_app.data_changed()

    def action_add(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship:
            form = entry_form(self.mentor_app, relationship.id, goal_id=self.filter.goal_id)
            self.app.push_screen(form, self._after_add)

    def action_thanks(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship:
            self.app.push_screen(entry_form(self.mentor_app, relationship.id, thanks=True), self._after_add)

    def action_edit(self) -> None:
        entry = self.selected()
        if entry:
            self.app.push_screen(entry_form(self.mentor_app, entry.relationship_id, entry), self._after_edit)

    def action_result(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.kind != "advice":
            self.notify(_("Only advice has a result: choose a piece of advice (k filters by kind)."), markup=False)
            return
        self.app.push_screen(result_form(self.mentor_app, entry), self._after_edit)

    def action_progress_update(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return

        def saved(result: tuple[int, Path] | None) -> None:
            if result is not None:
                self.notify(_("Progress update logged and written to {path}", path=clean(result[1])), markup=False)
            self._after_add(result)

        self.app.push_screen(progress_update_form(self.mentor_app, relationship.id), saved)

    def action_toggle_shared(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        set_shared(self.store, entry.id, not entry.shared)
        if entry.shared:
            message = _("“{text}” is private again: it stays in your workbook.", text=one_line(entry.text, 60))
        else:
            message = _("“{text}” is shared: the next exchange sends it to your partner.", text=one_line(entry.text, 60))
        self.notify(message, markup=False)
        self.mentor_app.data_changed()

    def action_delete(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        delete_feedback(self.store, entry.id)
        self.notify(
            _("Deleted “{text}”. ctrl+z brings it back.", text=one_line(entry.text, 60)), markup=False
        )
        self.mentor_app.data_changed()

    # ---- filters ---------------------------------------------------------------------

    def _refilter(self, **changes: Any) -> None:
        self.filter = dataclasses.replace(self.filter, **changes)
        self.redraw(otherwise_top=True)

    def action_toggle_awaiting(self) -> None:
        self._refilter(awaiting=not self.filter.awaiting)

    def action_cycle_direction(self) -> None:
        order = (None, *DIRECTIONS)
        self._refilter(direction=order[(order.index(self.filter.direction) + 1) % len(order)])

    def action_cycle_kind(self) -> None:
        order = (None, *FEEDBACK_KINDS)
        self._refilter(kind=order[(order.index(self.filter.kind) + 1) % len(order)])

    def action_choose_goal(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return

        def chosen(goal_id: int | None) -> None:
            if goal_id is not None:
                self._refilter(goal_id=goal_id or None)

        self.app.push_screen(goal_filter_form(self.mentor_app, relationship.id, self.filter.goal_id), chosen)

    def action_clear_filters(self) -> None:
        self.filter = LogFilter()
        self._show_find(False)
        self.redraw()

    def _show_find(self, shown: bool) -> None:
        find = self.query_one("#feedback-find", Input)
        find.display = shown
        if not shown and find.value:
            with find.prevent(Input.Changed):
                find.value = ""

    def action_find(self) -> None:
        find = self.query_one("#feedback-find", Input)
        self._show_find(True)
        find.focus()
        self._show_state()

    def action_close_find(self) -> None:
        self._show_find(False)
        self.table.focus()
        self._refilter(text="")

    @on(Input.Changed, "#feedback-find")
    def _words_typed(self, event: Input.Changed) -> None:
        self._refilter(text=event.value)

    @on(Input.Submitted, "#feedback-find")
    def _words_done(self) -> None:
        self.table.focus()
