"""A DataTable over a long list that holds only one window of it, read as the cursor moves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.strip import Strip
from textual.widgets import DataTable


class WindowedTable(DataTable):
    """A DataTable over a long list that holds only a window of it.

    ``load(offset, limit)`` returns the rows' cells; the table asks for a new window when
    the cursor would leave the one it holds, keeping the cursor at the same height on
    screen, or when the mouse wheel scrolls past its edge, keeping the rows in view where
    they are; so moving through 100,000 rows feels like one list.
    """

    # Rows held at once: three screens' worth, so a refill is rare and cheap (DataTable
    # measures every cell it is given).
    MIN_WINDOW = 40

    def __init__(self, load: Callable[[int, int], list[tuple[Any, ...]]], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self._load = load
        self.total = 0
        self.start = 0
        # Shown before it is laid out (a first showing), the table can scroll its cursor into
        # view only after its first paint: until then it paints blank lines, so its rows are
        # drawn once, where they belong, instead of at the top and again once scrolled.
        self._placing = False

    @property
    def window_size(self) -> int:
        return max(self.MIN_WINDOW, 3 * self.page_height())

    @property
    def position(self) -> int:
        """The cursor's place in the whole list (0-based)."""
        return self.start + self.cursor_row

    def show(self, total: int, position: int) -> None:
        """Show a (new) list of ``total`` rows with the cursor at ``position``."""
        self.total = total
        self.start = -1  # forces a refill
        self.go_to(position, keep_height=False)

    def go_to(self, position: int, *, keep_height: bool = True) -> None:
        if self.total == 0:
            self.start = 0
            self.clear()
            return
        position = max(0, min(position, self.total - 1))
        if self.start >= 0 and self.start <= position < self.start + self.row_count:
            self.move_cursor(row=position - self.start)
            return
        height_on_screen = self.cursor_row - round(self.scroll_y) if keep_height else None
        self._hold_from(position - self.window_size // 2)
        row = position - self.start
        self.move_cursor(row=row, scroll=height_on_screen is None)
        if height_on_screen is None and not self.size.height:
            self._placing = True
            self.call_after_refresh(self._placed)  # after move_cursor's own scroll
        if height_on_screen is not None:
            self.call_after_refresh(self.scroll_to, y=max(0, row - height_on_screen), animate=False)

    def _placed(self) -> None:
        self._placing = False
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if self._placing:
            return Strip.blank(self.size.width, self.rich_style)
        return super().render_line(y)

    def refill(self, row: int | None = None, top: float | None = None) -> None:
        """Read the window again where it stands (its rows changed, not how many there are):
        the cursor and the rows in view stay where they are (or at ``row`` and ``top``, where
        they were before the table was cleared)."""
        row = self.cursor_row if row is None else row
        top = self.scroll_y if top is None else top
        self._hold_from(self.start)
        self.move_cursor(row=min(row, self.row_count - 1), scroll=False)
        # clear() put the view at the top; the window's height is unchanged, so is its end.
        self.scroll_y = self.scroll_target_y = top

    def _hold_from(self, start: int) -> None:
        """Read the window of rows from ``start`` (a place in the whole list, kept in it)."""
        window = self.window_size
        self.start = max(0, min(start, self.total - window))
        self.clear()
        self.add_rows(self._load(self.start, window))

    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - (self.header_height if self.show_header else 0) - 1)

    def action_cursor_down(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position + 1)

    def action_cursor_up(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position - 1)

    def action_page_down(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position + self.page_height())

    def action_page_up(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position - self.page_height())

    def action_scroll_top(self) -> None:
        self.go_to(0, keep_height=False)

    def action_scroll_bottom(self) -> None:
        self.go_to(self.total - 1, keep_height=False)

    # One column of rows: home/end go to the first and last entry, as in a list.
    action_scroll_home = action_scroll_top
    action_scroll_end = action_scroll_bottom

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if not (event.ctrl or event.shift) and self._wheel(1):
            event.stop()
            event.prevent_default()

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if not (event.ctrl or event.shift) and self._wheel(-1):
            event.stop()
            event.prevent_default()

    def _wheel(self, direction: int) -> bool:
        """A wheel notch: False when the window holds the rows it brings into view (the
        DataTable scrolls as usual); else read the window around them and show them. As in
        any table the wheel leaves the cursor where it is, unless its entry leaves the window:
        it then moves to the window's nearest row."""
        top, page = round(self.scroll_y), self.page_height()
        wanted = top + direction * max(1, round(self.app.scroll_sensitivity_y))
        if 0 <= wanted and wanted + page <= self.row_count:
            return False
        first = max(0, min(self.start + wanted, self.total - page))  # in the whole list
        if first == self.start + top:
            return True  # at the start or the end of the list: nothing more to show
        position = self.position
        self._hold_from(first - (self.window_size - page) // 2)
        position = min(max(position, self.start), self.start + self.row_count - 1)
        self.move_cursor(row=position - self.start, scroll=False)
        self.call_after_refresh(self.scroll_to, y=first - self.start, animate=False)
        return True
