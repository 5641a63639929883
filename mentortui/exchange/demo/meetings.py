"""The demo's meetings, with their notes, agendas and actions."""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import rrulestr

from mentortui.data.model import ACTION_OWNERS, AgendaItem, Meeting
from mentortui.exchange.demo import writes
from mentortui.exchange.demo.base import _at, _days, _Generator, _other, _Rel
from mentortui.exchange.demo.plans import AGENDA_MIX, LIVE_MODES, NOTE_SECTIONS


class _Meetings(_Generator):
    """Meetings on each agreement's cadence; agendas carried over; actions that mostly got done."""

    def meetings(self, rel: _Rel) -> None:
        rng = self.rng
        horizon = _at(rel.last_day + _days(1), 0) if not rel.active else self.now + dt.timedelta(weeks=12)
        planned = 0
        for i, agreement in enumerate(rel.agreements):
            until = _at(rel.version_starts[i + 1], 0) if i + 1 < len(rel.agreements) else horizon
            modes = [m for m in agreement.modes if m in LIVE_MODES] or agreement.modes
            for starts in rrulestr(agreement.cadence, dtstart=agreement.cadence_start):
                if starts >= until:
                    break
                if starts > self.now:
                    if planned == rel.story.upcoming:
                        break
                    planned += 1
                    status = "planned"
                else:
                    status = "cancelled" if rng.random() < self.plan.cancel_rate else "held"
                mode = modes[0] if len(modes) == 1 or rng.random() < 0.8 else rng.choice(modes[1:])
                notes = self.notes(rel, status)
                meeting = writes.schedule_meeting(
                    self.fill,
                    rel.record,
                    starts_at=starts,
                    mode=mode,
                    created_at=self.past(max(starts - _days(7), rel.record.created_at)),
                )
                ended = self.past(starts + dt.timedelta(hours=1))
                if status == "held":
                    writes.hold_meeting(self.fill, meeting, notes, ended)
                elif status == "cancelled":
                    writes.cancel_meeting(self.fill, meeting, notes, ended)
                rel.meetings.append(meeting)

    def notes(self, rel: _Rel, status: str) -> str:
        if status == "cancelled":
            return self.say(rel, self.text["cancelled"])
        if status != "held":
            return ""
        sections = []
        for heading, path, (low, high) in NOTE_SECTIONS[rel.role]:
            lines = self.rng.sample(self.pool(path), self.rng.randint(low, high))
            bullets = "\n".join("- " + line.format(name=rel.first_name) for line in lines)
            sections.append("## " + self.text["headings"][heading].format(name=rel.first_name) + "\n\n" + bullets)
        return "\n\n".join(sections) + "\n"

    def agenda(self, rel: _Rel) -> None:
        """Each meeting's agenda; what a meeting left uncovered is often carried to the next (E2)."""
        rng = self.rng
        held = [m for m in rel.meetings if m.status == "held"]
        last_held = held[-1] if held and rel.active else None
        carry: list[AgendaItem] = []
        for meeting in rel.meetings:
            count = rng.randint(*self.plan.agenda_items)
            carried = [
                writes.prepare_agenda(self.fill, meeting, text=old.text, kind=old.kind, goal_id=old.goal_id,
                                      carried_from=old)
                for old in carry[:count]
            ]
            items = [item for item in carried if item is not None]
            while len(items) < count:
                kind, text, goal_id = self._fresh_topic(rel, meeting, {item.text for item in items})
                items.append(writes.prepare_agenda(self.fill, meeting, text=text, kind=kind, goal_id=goal_id))
            if meeting.status == "held":
                for item in items:
                    if rng.random() < self.plan.agenda_covered:
                        writes.cover_agenda_item(self.fill, item, True)
                if meeting is last_held and all(item.done for item in items):
                    # the last meeting always leaves something for the next one
                    writes.cover_agenda_item(self.fill, items[-1], False)
            if meeting.status == "planned":
                carry = []
            else:
                always = meeting is last_held or meeting.status == "cancelled"
                carry = [item for item in items if not item.done and (always or rng.random() < 0.6)]

    def _fresh_topic(self, rel: _Rel, meeting: Meeting, taken: set[str]) -> tuple[str, str, int | None]:
        weights = [weight for _, _, weight in AGENDA_MIX]
        for _ in range(6):  # a few tries to avoid the same line twice in one agenda
            kind, path, _ = self.rng.choices(AGENDA_MIX, weights)[0]
            goal_id = None
            if path is None:
                goals = rel.goals_in_play(meeting.starts_at.date())
                if not goals:
                    continue
                goal = self.rng.choice(goals)
                text, goal_id = self.text["agenda"]["goal"].format(title=goal.title), goal.id
            else:
                text = self.say(rel, self.pool(path))
            if text not in taken:
                break
        return kind, text, goal_id

    def actions(self, rel: _Rel) -> None:
        rng = self.rng
        held = [m for m in rel.meetings if m.status == "held"]
        planned = [m for m in rel.meetings if m.status == "planned"]
        last_held = held[-1] if held and rel.active else None
        # One action slipped: the first one from the latest meeting at least three weeks old.
        slipped_from = next((m for m in reversed(held) if m.starts_at.date() <= self.today - _days(21)), None)
        for meeting in held:
            day = meeting.starts_at.date()
            goals = rel.goals_in_play(day)
            taken: set[str] = set()
            for k in range(rng.randint(*self.plan.actions_per_meeting)):
                owner = rng.choice(ACTION_OWNERS)
                doer = rel.role if owner == "me" else _other(rel.role)
                text = self.say(rel, [t for t in self.text["actions"][doer] if t not in taken])
                taken.add(text)
                created = meeting.starts_at + dt.timedelta(hours=1)
                due = day + _days(rng.choice((7, 10, 14)))
                done_at: dt.datetime | None
                if meeting is last_held:  # due by the next meeting, still open
                    done_at = None
                    due = max(due, planned[0].starts_at.date()) if planned else due
                elif rel.active and meeting is slipped_from and k == 0:
                    done_at, due = None, day + _days(7)
                else:
                    finished = _at(due - _days(rng.randint(0, 6)), 18, rng.randint(0, 59))
                    done_at = self.past(max(min(finished, _at(rel.last_day, 20)), created))
                action = writes.add_action(
                    self.fill,
                    meeting,
                    owner=owner,
                    text=text,
                    due_on=due,
                    goal_id=rng.choice(goals).id if goals and rng.random() < 0.3 else None,
                    created_at=created,
                )
                if done_at is not None:
                    writes.tick_action(self.fill, action, done_at)
                rel.actions.append(action)

