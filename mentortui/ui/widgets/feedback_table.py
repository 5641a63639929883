"""The feedback log as a windowed table: one row an entry, the columns chosen for the width."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.text import Text

from mentortui.core.i18n import _, format_date
from mentortui.core.safetext import safe
from mentortui.core.sharing import SHARED_MARK
from mentortui.data.feedback import awaits_result
from mentortui.data.model import Feedback
from mentortui.ui.labels import DIRECTION_LABELS, FEEDBACK_KIND_SHORT
from mentortui.ui.widgets.windowed_table import WindowedTable

GOAL_COLUMN_WIDTH = 20


def one_line(text: str, width: int) -> Text:
    """User text on one line, cut to ``width`` cells with an ellipsis."""
    line = safe(text, single_line=True)
    line.truncate(max(1, width), overflow="ellipsis")
    return line


class FeedbackTable(WindowedTable):
    """``read(offset, limit)`` gives the entries of the log as filtered; ``goal_title(id)``
    the title of an entry's goal. The entry under the cursor is ``selected()``."""

    def __init__(
        self, read: Callable[[int, int], list[Feedback]], goal_title: Callable[[int | None], str], **kwargs: Any
    ) -> None:
        super().__init__(self._rows, **kwargs)
        self._read = read
        self._goal_title = goal_title
        self._entries: dict[int, Feedback] = {}  # the window's entries, by place in the log
        self._dates: dict[dt.date, str] = {}  # formatted dates, in self._date_style
        self._date_style = "medium"
        self.layout_shown: tuple[tuple[str, int], ...] = ()  # (column, width) as shown
        self._columns: tuple[str, ...] = ()
        self._text_width = 20

    def _rows(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        entries = self._read(offset, limit)
        self._entries = {offset + index: entry for index, entry in enumerate(entries)}
        return [self._cells(entry) for entry in entries]

    def selected(self) -> Feedback | None:
        return self._entries.get(self.position) if self.total else None

    def _day(self, value: dt.date) -> str:
        if value not in self._dates:
            self._dates[value] = format_date(value, self._date_style, self.app.lang)
        return self._dates[value]

    @staticmethod
    def _outcome(entry: Feedback) -> Text:
        if awaits_result(entry):
            return Text(_("awaiting"), style="bold yellow")
        if entry.kind != "advice" or (entry.tried is None and not entry.result):
            return Text("")
        return Text(_("tried") if entry.tried else _("not tried"), style="green" if entry.tried else "")

    def _text(self, entry: Feedback) -> Text:
        """What was said, after the shared mark when the partner gets it too."""
        if not entry.shared:
            return one_line(entry.text, self._text_width)
        mark = SHARED_MARK + " "
        return Text(mark, style="bold cyan") + one_line(entry.text, self._text_width - len(mark))

    def _cells(self, entry: Feedback) -> tuple[Any, ...]:
        cells: dict[str, Any] = {
            "date": Text(self._day(entry.date)),
            "direction": Text(_(DIRECTION_LABELS[entry.direction]), style="dim" if entry.direction == "given" else ""),
            # Narrow screens have no result column: the kind says "awaiting" by its colour.
            "kind": Text(_(FEEDBACK_KIND_SHORT[entry.kind]), style="yellow" if awaits_result(entry) else ""),
            "text": self._text(entry),
            "goal": one_line(self._goal_title(entry.goal_id), GOAL_COLUMN_WIDTH),
            "outcome": self._outcome(entry),
        }
        return tuple(cells[name] for name in self._columns)

    def lay_out(self, width: int) -> None:
        """Choose the columns for the screen's ``width``; the text takes what is left."""
        date_style = "medium" if width >= 70 else "short"
        if date_style != self._date_style:
            self._date_style = date_style
            self._dates.clear()
        columns = ["date", "direction", "kind", "text"]
        if width >= 100:
            columns.append("goal")
        if width >= 70:
            columns.append("outcome")
        widths = {
            "date": max(len(self._day(dt.date(2026, month, 28))) for month in range(1, 13)),
            "direction": max(len(_(label)) for label in DIRECTION_LABELS.values()),
            "kind": max(len(_(label)) for label in FEEDBACK_KIND_SHORT.values()),
            "goal": GOAL_COLUMN_WIDTH,
            "outcome": max(len(_("awaiting")), len(_("tried")), len(_("not tried"))),
        }
        headers = {"date": _("Date"), "direction": _("Way"), "kind": _("Kind"), "text": _("What was said"),
                   "goal": _("Goal"), "outcome": _("Result")}
        for name in widths:
            widths[name] = max(widths[name], len(headers[name]))
        fixed = sum(widths[name] for name in columns if name != "text")
        padding = 2 * len(columns)  # one cell each side of every column
        scrollbar = 2
        widths["text"] = self._text_width = max(12, width - fixed - padding - scrollbar)
        layout = tuple((name, widths[name]) for name in columns)
        if layout == self.layout_shown and self.columns:
            return
        self.layout_shown = layout
        self._columns = tuple(columns)
        self.clear(columns=True)
        for name, size in layout:
            self.add_column(headers[name], width=size, key=name)
