"""A realistic demo workbook, in English or French, to try the app and to benchmark it.

``fill_demo`` fills an empty store with three relationships shaped by the guide's ten
practices: one where I am the mentee, one where I am the mentor, and one that has ended.
Everything comes from ``random.Random(seed)`` and the store's clock, so the same seed and
clock always give the same rows (ids included).

The words come from mentortui/content/demo.<lang>.toml (content.py), the shape of each size
from plans.py; one generator per area (relationships, goals, meetings, feedback, reviews)
makes every row through the adapter named after the user's action (writes.py). Values only
ever reach SQL as parameters.
"""

from __future__ import annotations

import random

from mentortui.data.store import Store
from mentortui.exchange.demo.content import CHECKLIST_ITEMS, CONTENT, RUBRIC_KEYS
from mentortui.exchange.demo.feedback import _Feedback
from mentortui.exchange.demo.goals import _Goals
from mentortui.exchange.demo.meetings import _Meetings
from mentortui.exchange.demo.plans import PLANS
from mentortui.exchange.demo.relationships import _Relationships
from mentortui.exchange.demo.reviews import _Reviews
from mentortui.exchange.demo.writes import DemoClock, Fill


def fill_demo(store: Store, *, size: str = "small", lang: str = "en", seed: int = 2026) -> dict[str, int]:
    """Fill an empty store with a demo workbook; return how many rows went into each table."""
    if size not in PLANS:
        raise ValueError(f"unknown demo size {size!r}: choose one of {', '.join(PLANS)}")
    if lang not in CONTENT:
        raise ValueError(f"unknown demo language {lang!r}: choose one of {', '.join(CONTENT)}")
    with store.bulk():
        if not store.is_empty():
            raise ValueError("the database already holds a workbook; the demo only fills an empty one")
        now, real_clock = store.clock.now(), store.clock
        store.clock = DemoClock(now)
        try:
            fill = Fill(store, store.clock)
            _Workbook(PLANS[size], lang, random.Random(seed), now, fill).build()
            return fill.counts()
        finally:
            store.clock = real_clock


class _Workbook(_Relationships, _Goals, _Meetings, _Feedback, _Reviews):
    """The whole workbook, area by area, in the order the random draws have always come."""

    def build(self) -> None:
        rels = [self.relationship(story) for story in self.plan.stories]
        for rel in rels:
            self.agreements(rel)
            self.goals(rel)
            self.meetings(rel)
            self.agenda(rel)
            self.actions(rel)
            self.feedback(rel)
            self.checklist(rel)
            self.reviews(rel)
            self.close(rel)
        self.candidates(rels)


__all__ = ["CHECKLIST_ITEMS", "CONTENT", "PLANS", "RUBRIC_KEYS", "fill_demo"]
