"""The demo's completed weekly reviews, with the changes each week recorded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from mentortui.core.i18n import format_when
from mentortui.data.model import REVIEW_STEP_COUNT, Feedback
from mentortui.data.review import AGENDA_PREPARED, GOAL_DONE, RESULT_RECORDED, answer_key, change_entry
from mentortui.data.schema import PERSON_ANSWERS
from mentortui.exchange.demo import writes
from mentortui.exchange.demo.base import _at, _days, _Generator, _iso_week, _Rel
from mentortui.domain.learning import LEARNED_ANSWER
from mentortui.exchange.demo.plans import REVIEW_ANSWER_KEYS


class _Reviews(_Generator):
    """Weekly reviews of past weeks, answered as the review screen stores answers."""

    def reviews(self, rel: _Rel) -> None:
        """Completed weekly reviews of past ISO weeks (never the current one)."""
        questions = self.text["review"][rel.role]
        last_monday = rel.last_day - _days(rel.last_day.weekday() + 7)
        if self.plan.review_weeks is not None:
            count = self.rng.randint(self.plan.review_weeks - 1, self.plan.review_weeks)
            mondays = [last_monday - _days(7 * i) for i in reversed(range(count))]
        else:
            first_monday = rel.started + _days(7 - rel.started.weekday())
            mondays = [
                first_monday + _days(7 * i)
                for i in range((last_monday - first_monday).days // 7 + 1)
                if self.rng.random() < 0.85
            ]
        changes = self._changes_by_week(rel)
        answer_keys = REVIEW_ANSWER_KEYS[rel.role]
        for monday in mondays:
            started = _at(monday + _days(4), 17, self.rng.randint(0, 45))
            week = _iso_week(monday)
            # Keyed as the review screen keys what is typed in it (about this relationship, or the person's wins).
            answers = {
                answer_keys[key] if answer_keys[key] in PERSON_ANSWERS else answer_key(rel.record.id, answer_keys[key]):
                self.say(rel, phrases)
                for key, phrases in questions.items()
            }
            # A mentor's answer about what they learned goes to the learning log, as in the app.
            learned = answers.pop(answer_key(rel.record.id, LEARNED_ANSWER), "")
            if learned:
                writes.note_learning(self.fill, rel.record, learned, started)
            writes.save_review(
                self.fill,
                rel.record,
                week=week,
                step=REVIEW_STEP_COUNT - 1,  # completed: it ended on the summary
                started_at=started,
                completed_at=started + dt.timedelta(minutes=self.rng.randint(8, 25)),
                answers=answers,
                changes=changes.get(week, [])[:4],
            )

    def _changes_by_week(self, rel: _Rel) -> dict[str, list[dict[str, Any]]]:
        """What was done each week, recorded as the review records it: the next meeting's
        agenda prepared, goals completed, results of advice written down."""
        weeks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for meeting in rel.meetings:
            if meeting.status != "cancelled":
                when = format_when(meeting.starts_at, self.lang)
                weeks[_iso_week(meeting.starts_at.date() - _days(7))].append(change_entry(AGENDA_PREPARED, date=when))
        for goal in rel.goals:
            if goal.status == "done" and goal.done_at:
                weeks[_iso_week(goal.done_at.date())].append(change_entry(GOAL_DONE, title=goal.title))
        for entry in self.fill.made[Feedback]:
            # The review records results of advice received (the feedback step's r key).
            if entry.relationship_id == rel.record.id and entry.direction == "received" and entry.result_on:
                weeks[_iso_week(entry.result_on)].append(change_entry(RESULT_RECORDED, advice=entry.text[:60]))
        return weeks

