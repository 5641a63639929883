"""Search across everything from the command palette (ctrl+p), and jump to the hit.

The palette asks every provider as the user types; this one reads the full-text index
(mentortui.data.search) and offers each hit with its snippet, its kind and where it
lives. Choosing a hit switches to its relationship if needed, then to its screen.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import Hit, Hits, Provider

from mentortui.data import search as index
from mentortui.core.i18n import _, format_date
from mentortui.core.safetext import clean
from mentortui.ui.labels import SEARCH_KIND_LABELS
from mentortui.ui.navigation import Navigate

if TYPE_CHECKING:
    from mentortui.app import MentorApp

# Fewer characters than this would match nearly everything; the palette's commands answer them.
MIN_QUERY = 2
# Below a command whose name matches well, above one that barely does.
TOP_SCORE = 0.6
PALETTE_MARGIN = 8


def hit_display(hit: index.Hit, lang: str, width: int = 200) -> Text:
    """Two lines, each cut to ``width``: the kind and the snippet (matching words
    highlighted), then where it is. User text is made literal: no markup, no control
    characters."""
    line = Text(_(SEARCH_KIND_LABELS[hit.kind]) + "  ", style="bold")
    for text, matched in hit.parts:
        line.append(clean(text, single_line=True), style="reverse" if matched else "")
    # A review is the person's, not one relationship's: its hit names no partner.
    place = " · ".join(part for part in (clean(hit.partner, single_line=True),
                                         format_date(hit.when, lang=lang) if hit.when else "") if part)
    line.truncate(width, overflow="ellipsis")
    return Text("\n").join([line, Text(place[:width], style="dim")])


class SearchProvider(Provider):
    """Full-text hits from every relationship, the active one's first."""

    @property
    def mentor_app(self) -> MentorApp:
        return self.app  # type: ignore[return-value]

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < MIN_QUERY:
            return
        app = self.mentor_app
        active = app.relationship.id if app.relationship else None
        # One line each, inside the palette's frame and padding.
        width = max(20, app.size.width - PALETTE_MARGIN)
        for rank, hit in enumerate(index.search(app.store, query, relationship_id=active)):
            yield Hit(
                score=max(0.01, TOP_SCORE - rank * 0.01),
                match_display=hit_display(hit, app.lang, width),
                command=partial(self.jump, hit),
                text=clean(hit.snippet, single_line=True),
            )

    def jump(self, hit: index.Hit) -> None:
        self.app.post_message(Navigate(hit.ref, hit.relationship_id))
