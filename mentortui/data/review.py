"""The weekly review and the dashboard's signals, without Textual.

A review belongs to the person and one ISO week: one ritual a week that walks every
relationship in review (``in_review``) inside its steps. It is created when first opened
and resumed at its saved step until it is completed. Its ``answers`` hold what was typed
(wins, reflections: those about one relationship keyed ``"<id>:<key>"``, ``answer_key``)
and its ``changes`` what was done during it, each naming its relationship, for the summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from mentortui.data.model import Agreement, Feedback, Goal, Meeting, Relationship, Review
from mentortui.data.validation import change_fields
from mentortui.data.store import Store
from mentortui.core.dates import iso_week, week_bounds
from mentortui.core.i18n import N_, _
from mentortui.core.policy import DUE_SOON_DAYS, STALE_AFTER_WEEKS, STALE_GOALS_NAMED

# The steps, in order; the same every week so a saved step number always means the same step.
STEPS = ("look_back", "goals", "feedback", "next_meeting", "guide_check", "agreement", "thanks", "summary")
STEP_TITLES = {
    "look_back": N_("Look back"),
    "goals": N_("Goals"),
    "feedback": N_("Feedback"),
    "next_meeting": N_("Next meeting"),
    "guide_check": N_("Guide check"),
    "agreement": N_("Agreement"),
    "thanks": N_("Thanks and news"),
    "summary": N_("Summary"),
}
STALE_AFTER = dt.timedelta(weeks=STALE_AFTER_WEEKS)
DUE_SOON = dt.timedelta(days=DUE_SOON_DAYS)

# One reflective question per practice, asked in the guide check (the practice's key).
REFLECTIONS = {
    "M1": N_("What did I learn from them this week?"),
    "M2": N_("Do our agreed terms still fit how we actually work?"),
    "M3": N_("Did I listen more than I talked, and ask about their difficulties?"),
    "M4": N_("Was my feedback honest, about the work, and did it name the main way to improve?"),
    "M5": N_("Did I decide something for them this week?"),
    "E0": N_("Which goal did we move forward, and is it still the right one?"),
    "E1": N_("Is this mentor still the right person for my goals?"),
    "E2": N_("Did I set the agenda and follow up on my questions?"),
    "E3": N_("Did I tell them what came of their advice?"),
    "E4": N_("Did I thank them for something specific?"),
}
QUESTIONS_ASKED = 3
MAX_QUESTIONS = 6  # the most a step asks: the goals step asks one per relationship


def this_week(today: dt.date) -> str:
    return iso_week(today)


def open_review(store: Store, today: dt.date) -> Review:
    """This week's review, created on first use, else resumed."""
    return store.start_review(this_week(today))


def in_review(store: Store, today: dt.date) -> list[Relationship]:
    """The relationships a review walks: every active one, and the ended ones whose news
    is due (``stay_in_touch_due``)."""
    return [
        relationship for relationship in store.relationships()
        if relationship.status == "active"
        or (due := stay_in_touch_due(store, relationship, today)) is not None and due <= today
    ]


def answer_key(relationship_id: int, key: str) -> str:
    """Where an answer about one relationship is kept in a review's ``answers``."""
    return f"{relationship_id}:{key}"


def split_answer_key(key: str) -> tuple[int | None, str]:
    """``"3:goals"`` -> ``(3, "goals")``; an answer about the person (``"wins"``) -> ``(None, "wins")``."""
    about, colon, own_key = key.partition(":")
    return (int(about), own_key) if colon and about.isdigit() else (None, key)


def revisit_due(agreement: Agreement | None, today: dt.date) -> bool:
    return agreement is not None and agreement.revisit_on is not None and agreement.revisit_on <= today


# Changes a review records (each is a message id with its ``{fields}``).
AGENDA_PREPARED = N_("Agenda prepared for {date}")
GOAL_DONE = N_("Goal “{title}” done")
RESULT_RECORDED = N_("Result recorded for “{advice}”")


def change_entry(what: str, relationship_id: int | None = None, **params: object) -> dict[str, object]:
    """One line of a review's ``changes``, in the shape the review screen reads, naming the
    relationship it was about."""
    entry: dict[str, object] = {"what": what, "params": params}
    if relationship_id is not None:
        entry["relationship_id"] = relationship_id
    return entry


def record_change(store: Store, review: Review, what: str, *, relationship_id: int | None = None,
                  **params: object) -> Review:
    """Add one line to the week's review's list of changes (``what`` is a message id), about
    the relationship ``relationship_id``."""
    current = store.review(review.week) or review
    return store.update_review(current.id, changes=[*current.changes, change_entry(what, relationship_id, **params)])


def describe_change(change: object) -> str:
    """A recorded change in the current language. Stored data is not trusted to be well
    formed (an older file, a hand-edited one): a message is filled in only when its fields
    are plain ``{name}``s it has values for, else shown as it is."""
    if not isinstance(change, dict) or not isinstance(change.get("what"), str):
        return "?"
    what, params = change["what"], change.get("params")
    params = params if isinstance(params, dict) else {}
    fields = change_fields(what)
    if fields is None or not set(fields) <= set(params):
        return what
    # Only the fields used: a stray key cannot reach ``format``.
    return _(what, **{name: params[name] for name in fields}) if fields else _(what)


def duration(review: Review) -> dt.timedelta | None:
    return review.completed_at - review.started_at if review.completed_at else None


# ---- what each step shows ------------------------------------------------------------------


@dataclass(frozen=True)
class LookBack:
    goals_done: list[Goal]
    meetings_held: list[Meeting]
    feedback: list[Feedback]


def look_back(store: Store, relationship_id: int, week: str) -> LookBack:
    monday, sunday = week_bounds(week)
    start, end = monday.isoformat(), (sunday + dt.timedelta(days=1)).isoformat()
    return LookBack(
        goals_done=store.select(
            Goal, "relationship_id = ? AND status = 'done' AND done_at >= ? AND done_at < ?",
            [relationship_id, start, end], "done_at",
        ),
        meetings_held=store.select(
            Meeting, "relationship_id = ? AND status = 'held' AND starts_at >= ? AND starts_at < ?",
            [relationship_id, start, end], "starts_at",
        ),
        feedback=store.select(
            Feedback, "relationship_id = ? AND date >= ? AND date < ?", [relationship_id, start, end], "date, id"
        ),
    )


def goals_to_walk(store: Store, relationship_id: int, now: dt.datetime) -> list[Goal]:
    """Open goals due within two weeks (or overdue), or untouched for three weeks or more."""
    today = now.date()
    return store.select(
        Goal,
        "relationship_id = ? AND status = 'open' AND (due_on <= ? OR updated_at < ?)",
        [relationship_id, (today + DUE_SOON).isoformat(), (now - STALE_AFTER).isoformat()],
        "due_on IS NULL, due_on, updated_at",
    )


def is_stale(goal: Goal, now: dt.datetime) -> bool:
    return goal.updated_at < now - STALE_AFTER


@dataclass(frozen=True)
class StaleGoals:
    """Open goals untouched for three weeks or more (``is_stale``): how many, and the oldest."""

    count: int
    oldest: list[Goal]


def stale_goals(store: Store, relationship_id: int, now: dt.datetime, named: int = STALE_GOALS_NAMED) -> StaleGoals:
    """How many open goals are stale, and the ``named`` least recently touched (the dashboard's line)."""
    where = "relationship_id = ? AND status = 'open' AND updated_at < ?"
    params = [relationship_id, (now - STALE_AFTER).isoformat()]
    count = store.conn.execute("SELECT count(*) FROM goals WHERE " + where, params).fetchone()[0]
    oldest = store.select(Goal, where, [*params, named], "updated_at, id LIMIT ?") if count else []
    return StaleGoals(count, oldest)


def given_this_week(store: Store, relationship_id: int, week: str) -> list[Feedback]:
    monday, sunday = week_bounds(week)
    return store.select(
        Feedback,
        "relationship_id = ? AND direction = 'given' AND kind IN ('constructive', 'advice') AND date BETWEEN ? AND ?",
        [relationship_id, monday.isoformat(), sunday.isoformat()],
        "date, id",
    )


def weakest_practices(statuses: Iterable, count: int = QUESTIONS_ASKED, status=lambda item: item) -> list:
    """The practices with the smallest share of items done (ties: the order given, e.g. the
    guide's); ``status`` reads each item's practice status (items may pair it with more)."""
    ranked = sorted(enumerate(statuses), key=lambda pair: (status(pair[1]).done / max(status(pair[1]).total, 1), pair[0]))
    return [item for _index, item in ranked[:count]]


# ---- the dashboard's counts (one small query each: the dashboard opens the app) -------------


@dataclass(frozen=True)
class Pending:
    """How many of a kind need attention, and the oldest one (its id, text, and meeting)."""

    count: int
    oldest_id: int | None = None
    oldest_text: str = ""
    meeting_id: int | None = None


def overdue_actions(store: Store, relationship_id: int, today: dt.date) -> Pending:
    row = store.conn.execute(
        "SELECT count(*), min(due_on) FROM actions WHERE done_at IS NULL AND due_on < ? "
        "AND meeting_id IN (SELECT id FROM meetings WHERE relationship_id = ?)",
        [today.isoformat(), relationship_id],
    ).fetchone()
    if not row[0]:
        return Pending(0)
    oldest = store.conn.execute(
        "SELECT id, text, meeting_id FROM actions WHERE done_at IS NULL AND due_on = ? "
        "AND meeting_id IN (SELECT id FROM meetings WHERE relationship_id = ?) ORDER BY id LIMIT 1",
        [row[1], relationship_id],
    ).fetchone()
    return Pending(row[0], oldest[0], oldest[1], oldest[2])


def agenda_size(store: Store, meeting_id: int) -> int:
    """How many items the meeting's agenda holds."""
    return store.conn.execute("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", [meeting_id]).fetchone()[0]


def overdue_goals(store: Store, relationship_id: int, today: dt.date) -> int:
    """How many open goals are past their due date."""
    return store.conn.execute(
        "SELECT count(*) FROM goals WHERE relationship_id = ? AND status = 'open' AND due_on < ?",
        [relationship_id, today.isoformat()],
    ).fetchone()[0]


def advice_waiting(store: Store, relationship_id: int, older_than: dt.date) -> Pending:
    """Advice received without a result, logged on or before ``older_than``."""
    where = ("relationship_id = ? AND direction = 'received' AND kind = 'advice' AND result = '' AND date <= ?")
    params = [relationship_id, older_than.isoformat()]
    count = store.conn.execute("SELECT count(*) FROM feedback WHERE " + where, params).fetchone()[0]
    if not count:
        return Pending(0)
    oldest = store.conn.execute(
        "SELECT id, text FROM feedback WHERE " + where + " ORDER BY date, id LIMIT 1", params
    ).fetchone()
    return Pending(count, oldest[0], oldest[1])


# ---- history ----------------------------------------------------------------------------------


def streak(store: Store, today: dt.date) -> int:
    """Consecutive ISO weeks with a completed review, ending this week (or last week while
    this week's review is still to do). Weeks are stepped by date, so year ends are safe."""
    completed = {row[0] for row in store.conn.execute("SELECT week FROM reviews WHERE completed_at IS NOT NULL")}
    day = today if iso_week(today) in completed else today - dt.timedelta(weeks=1)
    count = 0
    while iso_week(day) in completed:
        count += 1
        day -= dt.timedelta(weeks=1)
    return count


def goals_done_per_week(store: Store, today: dt.date, weeks: int = 12) -> list[int]:
    """Goals done in each of the last ``weeks`` ISO weeks, oldest first (this week last),
    over every relationship."""
    monday = week_bounds(iso_week(today))[0]
    first = monday - dt.timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for (done_at,) in store.conn.execute(
        "SELECT done_at FROM goals WHERE status = 'done' AND done_at >= ?", [first.isoformat()],
    ):
        index = (dt.datetime.fromisoformat(done_at).date() - first).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return counts


# ---- staying in touch after the end --------------------------------------------------------


def last_news(store: Store, relationship: Relationship) -> dt.date | None:
    """The last update or thanks sent since the relationship ended."""
    if relationship.ended_on is None:
        return None
    row = store.conn.execute(
        "SELECT max(date) FROM feedback WHERE relationship_id = ? AND direction = 'given' "
        "AND kind IN ('progress-update', 'thanks') AND date >= ?",
        [relationship.id, relationship.ended_on.isoformat()],
    ).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def stay_in_touch_due(store: Store, relationship: Relationship, today: dt.date) -> dt.date | None:
    """For an ended relationship, when news is due (today or earlier means: send some now)."""
    if relationship.status != "ended" or relationship.ended_on is None:
        return None
    since = last_news(store, relationship) or relationship.ended_on
    return since + relativedelta(months=relationship.stay_in_touch_months)
