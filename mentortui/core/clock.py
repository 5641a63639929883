"""The one source of "now" for the app, so tests can freeze time."""

from __future__ import annotations

import datetime as dt


class Clock:
    """The real clock: local wall time, naive (the DB stores local dates and times)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)

    def today(self) -> dt.date:
        return self.now().date()


class FrozenClock(Clock):
    """A clock that stays where it is put, unless a test moves it."""

    def __init__(self, at: dt.datetime | str) -> None:
        self._at = dt.datetime.fromisoformat(at) if isinstance(at, str) else at

    def now(self) -> dt.datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += dt.timedelta(**delta)
