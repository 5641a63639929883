"""An OptionList that keeps the lines it rendered when a resize leaves its width unchanged."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class SteadyOptionList(OptionList):
    """Textual's OptionList empties its caches on every Resize, and a list shown the first time
    gets its first Resize only after its first paint: the dashboard's list drew every option of
    the first frame twice. Its lines depend only on the width they were drawn at, so a resize to
    the same width keeps them."""

    _drawn_width: int | None = None  # the width of what the caches hold (None: they are empty)

    def _clear_caches(self) -> None:
        self._drawn_width = None
        super()._clear_caches()

    def _filling(self) -> None:
        if self._drawn_width is None and self.scrollable_content_region:  # not before its layout
            self._drawn_width = self.scrollable_content_region.width

    def _update_lines(self) -> None:
        self._filling()
        super()._update_lines()

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        self._filling()
        return super()._get_option_render(option, style)

    def _on_resize(self, event: events.Resize) -> None:
        # Textual calls the handler of each class up the MRO: stop OptionList's clearing them.
        if self.scrollable_content_region.width == self._drawn_width:
            event.prevent_default()
