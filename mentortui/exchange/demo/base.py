"""Small shared pieces of the generator: dates, the relationship being generated, and the
base class every area's generator builds on."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mentortui.data.model import Action, Agreement, Goal, Meeting, Relationship
from mentortui.exchange.demo.content import CONTENT
from mentortui.exchange.demo.plans import _Plan, _Story
from mentortui.exchange.demo.writes import Fill


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _other(role: str) -> str:
    return "mentor" if role == "mentee" else "mentee"


@dataclass(frozen=True)
class _Beat:
    """A feedback entry to write: when, which way, what kind; text and outcome when fixed."""

    day: dt.date
    direction: str
    kind: str
    text: str | None = None
    outcome: str | None = None  # for advice to the mentee: "result", "waiting", or None for chance


@dataclass
class _Round:
    """One goal tree: its time window and the goals an agenda or feedback can point at."""

    begins: dt.date
    ends: dt.date
    goals: list[Goal] = field(default_factory=list)


@dataclass
class _Rel:
    """A relationship while it is being generated."""

    record: Relationship
    story: _Story
    first_name: str
    last_day: dt.date  # today, or the day it ended
    version_starts: list[dt.date] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    rounds: list[_Round] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def role(self) -> str:
        return self.record.role

    @property
    def active(self) -> bool:
        """Still going today (an ended relationship is closed once its story is written)."""
        return self.story.ended_days_ago is None

    @property
    def started(self) -> dt.date:
        return self.record.started_on

    def goals_in_play(self, day: dt.date) -> list[Goal]:
        """Short-term goals and steps someone could be working on that day."""
        return [
            goal
            for round_ in self.rounds
            if round_.begins <= day <= round_.ends
            for goal in round_.goals
            if goal.status != "dropped" and (goal.done_at is None or goal.done_at.date() >= day)
        ]


class _Generator:
    """What every area's generator shares: the plan, the words, the random source, now."""

    def __init__(self, plan: _Plan, lang: str, rng: random.Random, now: dt.datetime, fill: Fill) -> None:
        self.plan = plan
        self.lang = lang
        self.text = CONTENT[lang]
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.fill = fill

    # ---- helpers ----

    def pool(self, path: Sequence[str]) -> list[str]:
        node: Any = self.text
        for key in path:
            node = node[key]
        return node

    def say(self, rel: _Rel, phrases: Sequence[str]) -> str:
        return self.rng.choice(phrases).format(name=rel.first_name)

    def past(self, moment: dt.datetime) -> dt.datetime:
        """Nothing in the demo happens after now."""
        return min(moment, self.now)

    def random_day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + _days(self.rng.randint(0, max(0, (last - first).days)))
