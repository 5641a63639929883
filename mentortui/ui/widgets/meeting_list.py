"""The list of a relationship's meetings, with the dates the agreed rhythm proposes next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from mentortui.core.cadence import describe_cadence
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.safetext import clean, safe
from mentortui.data.meetings import MeetingRow, meeting_modes, meeting_rows
from mentortui.data.model import Agreement
from mentortui.data.store import Store
from mentortui.domain.meetings import proposed_dates
from mentortui.ui.labels import MEETING_STATUS_LABELS, MODE_LABELS

# A row of the list: a stored meeting, or a date the rhythm proposes with the usual mode.
Shown = MeetingRow | tuple[dt.datetime, str]


def when_label(moment: dt.datetime) -> str:
    """``Tue Dec 1, 2026 17:30`` / ``mar. 1 déc. 2026 17:30``."""
    day = moment.date()
    return format_date(day, "EEE") + " " + format_date(day, "medium") + " " + moment.strftime("%H:%M")


def mode_label(mode: str) -> str:
    return _(MODE_LABELS.get(mode, mode))


class MeetingList(Vertical):
    """A summary line (the rhythm, or the goal the list is about) over the table of meetings."""

    # The table's columns: (key, heading).
    COLUMNS = (("when", N_("When")), ("mode", N_("How")), ("status", N_("Status")), ("agenda", N_("Items")),
               ("actions", N_("To do")))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[MeetingRow] = []
        self.proposals: list[dt.datetime] = []
        self._shown: list[tuple[str, Shown]] = []  # the table's rows: (key, what they show)

    def compose(self) -> ComposeResult:
        yield Static(id="meetings-summary")
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in self.COLUMNS:
            table.add_column(_(label), key=key)

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def show_nothing(self, message: str) -> None:
        self.rows, self.proposals, self._shown = [], [], []
        self.table.clear()
        self.query_one("#meetings-summary", Static).update(safe(message))

    def load(self, store: Store, relationship_id: int, goal: tuple[int, str] | None, lang: str, today: dt.date,
             select: str | None = None) -> None:
        """Show a relationship's meetings (only those about ``goal``: (id, title), if given)
        and, unless filtered, the next dates its rhythm proposes."""
        rows = meeting_rows(store, relationship_id, goal_id=goal[0] if goal else None)
        proposals = [] if goal else proposed_dates(store, relationship_id)
        agreement = store.current_agreement(relationship_id)
        summary = list_summary(agreement, lang, goal_title=goal[1] if goal else None, empty=not rows and not proposals)
        self.show(rows, proposals, meeting_modes(agreement)[0], summary, today, select)

    def show(self, rows: list[MeetingRow], proposals: list[dt.datetime], usual_mode: str, summary: Text,
             today: dt.date, select: str | None = None) -> None:
        """Show these meetings then proposals, keeping the cursor on ``select`` (a row key)
        or where it was, else on the next meeting."""
        self.rows, self.proposals = rows, proposals
        self.query_one("#meetings-summary", Static).update(summary)
        table = self.table
        shown: list[tuple[str, Shown]] = [(f"m{row.meeting.id}", row) for row in rows] + [
            (f"p{index}", (when, usual_mode)) for index, when in enumerate(proposals)
        ]
        keys = [key for key, _data in shown]
        if keys == [key for key, _data in self._shown]:
            # The same rows: redraw only those that changed (years of meetings stay put).
            for (key, data), (_key, before) in zip(shown, self._shown):
                if data != before:
                    for (column, _label), cell in zip(self.COLUMNS, self._cells(data)):
                        table.update_cell(key, column, cell, update_width=True)
            if select in keys:
                table.move_cursor(row=keys.index(select), scroll=True)
        else:
            keep = select or self.selected_key()
            table.clear()
            for key, data in shown:
                table.add_row(*self._cells(data), key=key)
            if keys:
                table.move_cursor(row=keys.index(keep) if keep in keys else self._first_upcoming(today), scroll=True)
        self._shown = shown

    @staticmethod
    def _cells(data: Shown) -> tuple[Text, ...]:
        if isinstance(data, MeetingRow):
            return _meeting_cells(data)
        when, mode = data
        return (
            Text(when_label(when), style="italic"),
            Text(mode_label(mode), style="dim italic"),
            Text(_("proposed"), style="dim italic"),
            Text(""),
            Text(""),
        )

    def _first_upcoming(self, today: dt.date) -> int:
        """Where the cursor starts: the next meeting (or proposal), else the latest one."""
        for index, row in enumerate(self.rows):
            if row.meeting.starts_at.date() >= today and row.meeting.status != "cancelled":
                return index
        return len(self.rows) if self.proposals else max(0, len(self.rows) - 1)

    def _selected(self) -> tuple[str, Shown] | None:
        table = self.table
        row = table.cursor_row
        return self._shown[row] if table.row_count and 0 <= row < len(self._shown) else None

    def selected_key(self) -> str | None:
        selected = self._selected()
        return selected[0] if selected else None

    def selected_row(self) -> MeetingRow | None:
        selected = self._selected()
        return selected[1] if selected and isinstance(selected[1], MeetingRow) else None

    def selected_proposal(self) -> dt.datetime | None:
        selected = self._selected()
        return selected[1][0] if selected and not isinstance(selected[1], MeetingRow) else None


def _meeting_cells(row: MeetingRow) -> tuple[Text, ...]:
    meeting = row.meeting
    style = {"held": "", "planned": "bold", "cancelled": "dim strike"}[meeting.status]
    agenda = str(row.agenda_items) if row.agenda_items else ""
    if meeting.status == "held" and row.agenda_items:
        agenda += " (" + str(row.covered) + "✓)"
    return (
        Text(when_label(meeting.starts_at), style=style),
        Text(mode_label(meeting.mode), style="dim" if meeting.status == "cancelled" else ""),
        Text(_(MEETING_STATUS_LABELS[meeting.status]), style=style),
        Text(agenda),
        Text(str(row.open_actions) if row.open_actions else "", style="bold yellow"),
    )


def list_summary(agreement: Agreement | None, lang: str, *, goal_title: str | None, empty: bool) -> Text:
    """The line over the list: the goal it is filtered on, else the agreed rhythm."""
    if goal_title is not None:
        text = Text(_("Meetings about the goal “{title}”", title=clean(goal_title, single_line=True)), style="bold")
        text.append("  " + _("escape shows them all"), style="dim")
        return text
    if agreement is None or not agreement.cadence:
        text = Text(_("No rhythm agreed yet: set how often you meet in the agreement (7, then m)."), style="dim")
    else:
        text = Text(_("We meet {rhythm}.", rhythm=describe_cadence(agreement.cadence, lang)))
    if empty:
        text.append("\n" + _("No meeting yet: a schedules one."), style="bold")
    return text
