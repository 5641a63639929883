"""The list of a relationship's meetings, with the dates the agreed rhythm proposes next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from mentortui.core.cadence import describe_cadence
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.safetext import clean, safe
from mentortui.data.meetings import MeetingRow, meeting_modes, meeting_rows
from mentortui.data.model import Agreement
from mentortui.data.store import Store
from mentortui.domain.meetings import proposed_dates
from mentortui.ui.labels import MEETING_STATUS_LABELS, MODE_LABELS
from mentortui.ui.widgets.windowed_table import WindowedTable

# A row of the list: a stored meeting, or a date the rhythm proposes with the usual mode.
Shown = MeetingRow | tuple[dt.datetime, str]


def when_label(moment: dt.datetime) -> str:
    """``Tue Dec 1, 2026 17:30`` / ``mar. 1 déc. 2026 17:30``."""
    day = moment.date()
    return format_date(day, "EEE") + " " + format_date(day, "medium") + " " + moment.strftime("%H:%M")


def widest_when_label() -> int:
    """The widest ``when_label`` of any day of a year (two-digit days, the longest weekday and
    month names): the list's first column keeps that width whichever rows are read."""
    weekday = max(len(format_date(dt.date(2026, 1, day), "EEE")) for day in range(1, 8))
    date = max(len(format_date(dt.date(2026, month, 28), "medium")) for month in range(1, 13))
    return weekday + 1 + date + 1 + len("00:00")


def mode_label(mode: str) -> str:
    return _(MODE_LABELS.get(mode, mode))


class MeetingList(Vertical):
    """A summary line (the rhythm, or the goal the list is about) over the table of meetings.

    The table holds only a window of the rows (years of meetings are hundreds): a row's
    cells, its date written out among them, are made when it is read into the window."""

    # The table's columns: (key, heading).
    COLUMNS = (("when", N_("When")), ("mode", N_("How")), ("status", N_("Status")), ("agenda", N_("Items")),
               ("actions", N_("To do")))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[MeetingRow] = []
        self.proposals: list[dt.datetime] = []
        self._shown: list[tuple[str, Shown]] = []  # every row of the list: (key, what it shows)
        self._widths: tuple[int, ...] = ()  # the columns' widths as shown
        self._when: dict[dt.datetime, str] = {}  # when_label of the moments already written out
        self._when_width = 0  # widest_when_label(), once

    def compose(self) -> ComposeResult:
        yield Static(id="meetings-summary")
        yield WindowedTable(self._window, id="meetings", zebra_stripes=True)

    def on_mount(self) -> None:
        self._lay_out([])

    @property
    def table(self) -> WindowedTable:
        return self.query_one(WindowedTable)

    def show_nothing(self, message: str) -> None:
        self.rows, self.proposals, self._shown = [], [], []
        self._lay_out([])
        self.table.show(0, 0)
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
        same_rows = keys == [key for key, _data in self._shown] and table.total == len(shown)
        keep = select or self.selected_key()
        row, top = table.cursor_row, table.scroll_y  # a wider column clears the table
        self._shown = shown
        self._lay_out(shown)
        if same_rows:
            # The same rows: read the window again where it is (years of meetings stay put).
            table.refill(row, top)
            if select in keys:
                table.go_to(keys.index(select))
            return
        table.show(len(shown), keys.index(keep) if keep in keys else self._first_upcoming(today))

    def go_to(self, index: int) -> None:
        """Put the cursor on the row at ``index`` of the list."""
        self.table.go_to(index, keep_height=False)

    def _window(self, offset: int, limit: int) -> list[tuple[Text, ...]]:
        return [self._cells(data) for _key, data in self._shown[offset:offset + limit]]

    def _lay_out(self, shown: list[tuple[str, Shown]]) -> None:
        """Size the columns for every row of the list, not only the window's (so they stay put
        as the window moves): the widest date any day can take, the widest of the other
        cells. New widths clear the table."""
        headings = [_(label) for _key, label in self.COLUMNS]
        cells = [_plain_cells(data) for _key, data in shown]
        widths = tuple(
            max([cell_len(heading)] + [cell_len(row[index]) for row in cells])
            for index, heading in enumerate(headings)
        )
        if shown and not self._when_width:
            self._when_width = widest_when_label()
        widths = (max(widths[0], self._when_width if shown else 0), *widths[1:])
        table = self.table
        if widths == self._widths and table.columns:
            return
        self._widths = widths
        table.clear(columns=True)
        for (key, _label), heading, width in zip(self.COLUMNS, headings, widths):
            table.add_column(heading, width=width, key=key)

    def _cells(self, data: Shown) -> tuple[Text, ...]:
        if isinstance(data, MeetingRow):
            return _meeting_cells(data, self._when_label(data.meeting.starts_at))
        when, mode = data
        return (
            Text(self._when_label(when), style="italic"),
            Text(mode_label(mode), style="dim italic"),
            Text(_("proposed"), style="dim italic"),
            Text(""),
            Text(""),
        )

    def _when_label(self, moment: dt.datetime) -> str:
        if moment not in self._when:
            self._when[moment] = when_label(moment)
        return self._when[moment]

    def _first_upcoming(self, today: dt.date) -> int:
        """Where the cursor starts: the next meeting (or proposal), else the latest one."""
        for index, row in enumerate(self.rows):
            if row.meeting.starts_at.date() >= today and row.meeting.status != "cancelled":
                return index
        return len(self.rows) if self.proposals else max(0, len(self.rows) - 1)

    def _selected(self) -> tuple[str, Shown] | None:
        table = self.table
        row = table.position
        return self._shown[row] if table.total and 0 <= row < len(self._shown) else None

    def selected_key(self) -> str | None:
        selected = self._selected()
        return selected[0] if selected else None

    def selected_row(self) -> MeetingRow | None:
        selected = self._selected()
        return selected[1] if selected and isinstance(selected[1], MeetingRow) else None

    def selected_proposal(self) -> dt.datetime | None:
        selected = self._selected()
        return selected[1][0] if selected and not isinstance(selected[1], MeetingRow) else None


def _plain_cells(data: Shown) -> tuple[str, ...]:
    """A row's cells but its date, as plain text (to size the columns); the date is sized
    apart, by ``widest_when_label``."""
    if isinstance(data, MeetingRow):
        return ("", *(cell.plain for cell in _meeting_cells(data, "")[1:]))
    _when, mode = data
    return ("", mode_label(mode), _("proposed"), "", "")


def _meeting_cells(row: MeetingRow, when: str) -> tuple[Text, ...]:
    meeting = row.meeting
    style = {"held": "", "planned": "bold", "cancelled": "dim strike"}[meeting.status]
    agenda = str(row.agenda_items) if row.agenda_items else ""
    if meeting.status == "held" and row.agenda_items:
        agenda += " (" + str(row.covered) + "✓)"
    return (
        Text(when, style=style),
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
