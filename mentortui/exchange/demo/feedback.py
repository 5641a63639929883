"""The demo's feedback log: every kind and direction, advice with what came of it, the rubric."""

from __future__ import annotations

import datetime as dt

from mentortui.exchange.demo import writes
from mentortui.exchange.demo.base import _at, _Beat, _days, _Generator, _Rel
from mentortui.exchange.demo.content import RUBRIC_KEYS
from mentortui.core.policy import ADVICE_WAIT_DAYS
from mentortui.exchange.demo.plans import FEEDBACK_MIX


class _Feedback(_Generator):
    """The feedback each relationship logged, as often as each kind really happens."""

    def feedback(self, rel: _Rel) -> None:
        rng = self.rng
        mix = FEEDBACK_MIX[rel.role]
        combos = list(mix)
        beats = self._feedback_beats(rel)
        count = self.plan.feedback_per_relationship - len(beats)
        # Every kind and direction at least once, then as often as they really happen.
        picks = combos + rng.choices(combos, [mix[c] for c in combos], k=max(0, count - len(combos)))
        entries = [
            _Beat(self.random_day(rel.started, rel.last_day), direction, kind) for direction, kind in picks
        ]
        for beat in sorted(entries + beats, key=lambda entry: entry.day):
            day, direction, kind = beat.day, beat.direction, beat.kind
            # Addressed to the mentee when the mentee receives it, or when I (the mentor) give it.
            audience = "mentee" if (direction == "received") == (rel.role == "mentee") else "mentor"
            followed_up = (kind, audience) == ("advice", "mentee")
            tried, result, result_on = self._advice_outcome(rel, day, beat.outcome) if followed_up else (None, "", None)
            rubric = self._rubric() if (direction, kind) == ("given", "constructive") else []
            goals = rel.goals_in_play(day) if kind in ("advice", "progress-update", "constructive") else []
            entry = writes.log_feedback(
                self.fill,
                rel.record,
                date=day,
                direction=direction,
                kind=kind,
                text=beat.text or self.say(rel, self.text["feedback"][kind][audience]),
                goal_id=rng.choice(goals).id if goals and rng.random() < 0.35 else None,
                rubric=rubric,
                created_at=self.past(_at(day, rng.randint(8, 21), rng.randint(0, 59))),
            )
            if result_on is not None:
                writes.record_result(self.fill, entry, tried, result, result_on)

    def _feedback_beats(self, rel: _Rel) -> list[_Beat]:
        """Entries every demo shows, whatever the seed."""
        from_mentee = "given" if rel.role == "mentee" else "received"
        to_mentee = "received" if rel.role == "mentee" else "given"
        if not rel.active:
            # An ended relationship closes with thanks, then news a month later (E4).
            farewell = self.text["farewell"]
            beats = [_Beat(rel.last_day, from_mentee, "thanks", farewell["thanks"])]
            news = rel.last_day + _days(30)
            if news <= self.today:
                beats.append(_Beat(news, from_mentee, "progress-update", farewell["progress-update"]))
            return beats
        # Advice whose result was reported, and advice still waiting past the two weeks (E3).
        return [
            _Beat(self.today - _days(self.rng.randint(35, 60)), to_mentee, "advice", outcome="result"),
            _Beat(self.today - _days(self.rng.randint(ADVICE_WAIT_DAYS + 3, 30)), to_mentee, "advice", outcome="waiting"),
        ]

    def _advice_outcome(
        self, rel: _Rel, day: dt.date, outcome: str | None
    ) -> tuple[bool | None, str, dt.date | None]:
        """What came of a piece of advice to the mentee: recent advice has no result yet (E3)."""
        if outcome == "waiting" or (rel.last_day - day).days <= ADVICE_WAIT_DAYS:
            return None, "", None
        reported = min(day + _days(self.rng.randint(5, ADVICE_WAIT_DAYS)), rel.last_day)
        roll = 0.0 if outcome == "result" else self.rng.random()
        if roll < 0.6:
            return True, self.say(rel, self.text["results"]), reported
        if roll < 0.75:
            return False, self.say(rel, self.text["not_tried"]), reported
        return None, "", None

    def _rubric(self) -> list[str]:
        """The constructive-feedback rubric (M4) the giver ticked: usually all of it."""
        if self.rng.random() < 0.6:
            return list(RUBRIC_KEYS)
        missing = set(self.rng.sample(RUBRIC_KEYS, self.rng.randint(1, 2)))
        return [key for key in RUBRIC_KEYS if key not in missing]

