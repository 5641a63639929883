"""The demo's goal trees: long-term goals, short-term goals and small steps, settled as time went by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from mentortui.data.model import Goal
from mentortui.exchange.demo import writes
from mentortui.exchange.demo.base import _at, _days, _Generator, _Rel, _Round


class _Goals(_Generator):
    """A new goal tree every few weeks, each from one of the content's themes."""

    def goals(self, rel: _Rel) -> None:
        themes = self.text["themes"]
        for index, (offset, length) in enumerate(rel.story.rounds):
            begins = rel.started + _days(offset)
            ends = begins + _days(length)
            if not rel.active:
                ends = min(ends, rel.last_day)  # an ended relationship leaves nothing open
            theme = themes[(rel.story.first_theme + index) % len(themes)]
            title = theme["title"]
            if len(rel.story.rounds) > len(themes):  # themes come back: say which year this one is
                title = f"{title} ({begins.year})"
            round_ = _Round(begins, ends)
            rel.rounds.append(round_)
            shorts = theme["shorts"][: self.plan.shorts_per_long]
            self._goal_tree(rel, round_, None, index, 0, title, theme["why"], shorts, begins, ends)
        self._mark_overdue_and_next(rel)

    def _goal_tree(
        self, rel: _Rel, round_: _Round, parent: Goal | None, position: int, level: int,
        title: str, notes: str, children: Sequence[Any], begins: dt.date, ends: dt.date,
    ) -> Goal:
        """One goal and its subtree; a parent's due date is its last child's."""
        rng = self.rng
        created = _at(round_.begins, 9, level * 5)  # the whole tree is planned when the round starts
        goal = writes.add_goal(
            self.fill,
            rel.record,
            parent,
            position=position,
            title=title,
            notes=notes,
            horizon=("long", "short", "step")[min(level, 2)],
            owner="both" if level == 1 and rng.random() < 0.15 else "mentee",
            due_on=ends,
            created_at=created,
        )
        rel.goals.append(goal)
        if level in (1, 2):
            round_.goals.append(goal)
        kids = self._children(level, children)
        spans = self._split(begins, ends, len(kids))
        subtree = [
            self._goal_tree(rel, round_, goal, i, level + 1, kid_title, "", grandchildren, *span)
            for i, ((kid_title, grandchildren), span) in enumerate(zip(kids, spans))
        ]
        self._settle(rel, goal, subtree)
        return goal

    def _children(self, level: int, children: Sequence[Any]) -> list[tuple[str, Sequence[Any]]]:
        """(title, its own children) for the next level down."""
        if level == 0:  # short-term goals with their steps
            return [(short["title"], short["steps"]) for short in children]
        if level == 1:  # steps
            count = self.rng.randint(*self.plan.steps_per_short)
            return [(step, ()) for step in children[:count]]
        if level == 2 and self.plan.substeps_per_step:
            return [(sub, ()) for sub in self.rng.sample(self.text["substeps"], self.plan.substeps_per_step)]
        return []

    @staticmethod
    def _split(begins: dt.date, ends: dt.date, parts: int) -> list[tuple[dt.date, dt.date]]:
        """Consecutive windows covering [begins, ends]; the last one ends exactly at ``ends``."""
        total = (ends - begins).days
        bounds = [begins + _days(total * i // parts) for i in range(parts + 1)] if parts else []
        return list(zip(bounds, bounds[1:]))

    def _settle(self, rel: _Rel, goal: Goal, children: list[Goal]) -> None:
        """Done when due and (for a parent) when all its children are closed."""
        if goal.due_on > rel.last_day or any(child.status == "open" for child in children):
            if not children:
                progress = self.rng.choice((None, 0, 25, 50))
                if progress is not None:
                    writes.set_goal_progress(self.fill, goal, progress)
            return
        done_at: dt.datetime | None
        if children:
            done_at = max((c.done_at for c in children if c.done_at), default=None)
            if done_at is None:  # every child was dropped
                writes.set_goal_status(self.fill, goal, "dropped", at=goal.updated_at)
                return
            done_at += dt.timedelta(minutes=10)
        elif self.rng.random() < self.plan.dropped_rate:
            writes.set_goal_status(self.fill, goal, "dropped", at=_at(goal.due_on, 18))
            return
        else:
            finished = goal.due_on - _days(self.rng.randint(0, 4))
            done_at = max(_at(finished, 17, self.rng.randint(0, 59)), goal.created_at)
        done_at = self.past(done_at)
        writes.set_goal_status(self.fill, goal, "done", at=done_at)
        writes.set_goal_progress(self.fill, goal, 100)

    def _mark_overdue_and_next(self, rel: _Rel) -> None:
        """One step slipped past its due date; two small steps are for before the next meeting (E3)."""
        if not rel.active:
            return
        leaves = [g for g in rel.goals if g.horizon == "step" and g.parent_id is not None]
        open_ids = {g.id for g in rel.goals if g.status == "open"}
        slipped = [g for g in leaves if g.status == "done" and g.due_on < self.today and g.parent_id in open_ids]
        if slipped:
            late = max(slipped, key=lambda g: (g.due_on, g.id))
            writes.set_goal_status(self.fill, late, "open", at=late.created_at)
            writes.set_goal_progress(self.fill, late, 50)
        upcoming = sorted(
            (g for g in leaves if g.status == "open" and g.due_on >= self.today), key=lambda g: (g.due_on, g.id)
        )
        for goal in upcoming[:2]:
            writes.mark_before_next_meeting(self.fill, goal)

