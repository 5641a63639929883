"""The goal tree (practice M6, and E3's smaller goals between meetings), read one level at
a time so a tree of 10,000 goals opens at once: rolled-up progress, what refers to each
goal, the view filters and the next meeting. The changes are in mentortui.domain.goals.

Progress rolls up as *done leaves / all leaves*: a goal's leaves are the goals under it
that have no sub-goal of their own. Dropped goals (and everything under them) are left
out, and a done goal counts as done all the way down. A goal with no sub-goal shows its
manual percentage instead (100 once done).

No Textual here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mentortui.data.model import Goal
from mentortui.data.store import Store
from mentortui.core.dates import iso_week, week_bounds
from mentortui.core.text import fold

# The view filters ``f`` cycles through, in order, with their names.
VIEWS = ("all", "open", "week", "overdue", "next_meeting")


@dataclass(frozen=True)
class GoalLinks:
    """How many other records point at a goal."""

    meetings: int  # distinct meetings whose agenda names the goal
    agenda_items: int
    actions: int
    feedback: int


@dataclass(frozen=True)
class GoalRow:
    """A goal as the tree shows it: the record, its sub-goals and its rolled-up progress."""

    goal: Goal
    children: int  # direct sub-goals, any status
    counted_children: int  # direct sub-goals that are not dropped
    leaves: int  # leaves under it (itself when it has no counted sub-goal)
    done_leaves: int
    links: GoalLinks

    @property
    def progress(self) -> int | None:
        """Percent done, or None (dropped, or a childless goal with no manual figure)."""
        goal = self.goal
        if goal.status == "dropped":
            return None
        if goal.status == "done":
            return 100
        if self.counted_children == 0:
            return goal.progress
        # Rounded down: 199 of 200 steps is not "100%".
        return self.done_leaves * 100 // self.leaves if self.leaves else 0


# One level of the tree. The recursive part walks each listed goal's subtree once to count
# its leaves; everything else is an indexed lookup per row.
_WALK = """
    WITH RECURSIVE sub(top, id, done) AS (
        SELECT id, id, status = 'done' FROM goals
        WHERE {where} AND status != 'dropped'
        -- UNION, not UNION ALL, here and below: a row already walked is not walked again,
        -- so even a cycle of parent links (bad data) cannot make a walk endless.
        UNION
        SELECT sub.top, g.id, sub.done OR g.status = 'done'
        FROM goals g JOIN sub ON g.parent_id = sub.id
        WHERE g.status != 'dropped'
    )
"""
_IS_LEAF = "NOT EXISTS (SELECT 1 FROM goals c WHERE c.parent_id = sub.id AND c.status != 'dropped')"
_LEVEL_SQL = _WALK + """,
    leaves AS (
        SELECT top, count(*) AS total, sum(done) AS done FROM sub
        WHERE """ + _IS_LEAF + """
        GROUP BY top
    )
    SELECT goals.*,
        (SELECT count(*) FROM goals c WHERE c.parent_id = goals.id) AS child_count,
        (SELECT count(*) FROM goals c WHERE c.parent_id = goals.id AND c.status != 'dropped') AS counted_children,
        coalesce(leaves.total, 0) AS leaf_total,
        coalesce(leaves.done, 0) AS leaf_done,
        (SELECT count(DISTINCT a.meeting_id) FROM agenda_items a WHERE a.goal_id = goals.id) AS meeting_links,
        (SELECT count(*) FROM agenda_items a WHERE a.goal_id = goals.id) AS agenda_links,
        (SELECT count(*) FROM actions x WHERE x.goal_id = goals.id) AS action_links,
        (SELECT count(*) FROM feedback f WHERE f.goal_id = goals.id) AS feedback_links
    FROM goals LEFT JOIN leaves ON leaves.top = goals.id
    WHERE {where}
    ORDER BY goals.position, goals.id
"""
# How a level is chosen; fixed SQL, values are parameters.
_CHILDREN_OF = _LEVEL_SQL.replace("{where}", "goals.relationship_id = ? AND goals.parent_id IS ?")
# The leaves of every top-level goal's subtree, only counted (the dashboard's progress bar): the
# level query's walk without its per-goal counts of children and links.
_ALL_LEAVES = (_WALK + "SELECT count(*), coalesce(sum(done), 0) FROM sub WHERE " + _IS_LEAF).replace(
    "{where}", "goals.relationship_id = ? AND goals.parent_id IS NULL")


def _rows(store: Store, sql: str, params: list[Any]) -> list[GoalRow]:
    # The WHERE clause appears twice (the subtree walk and the outer select).
    return [
        GoalRow(
            goal=Goal.from_row(row),
            children=row["child_count"],
            counted_children=row["counted_children"],
            leaves=row["leaf_total"],
            done_leaves=row["leaf_done"],
            links=GoalLinks(row["meeting_links"], row["agenda_links"], row["action_links"], row["feedback_links"]),
        )
        for row in store.db.query(sql, params + params)
    ]


def children(store: Store, relationship_id: int, parent_id: int | None) -> list[GoalRow]:
    """The goals directly under ``parent_id`` (the top-level goals for None), in order."""
    return _rows(store, _CHILDREN_OF, [relationship_id, parent_id])


def overall_progress(store: Store, relationship_id: int) -> int | None:
    """Done leaves / all leaves over the whole tree (None when there is nothing to count)."""
    total, done = store.conn.execute(_ALL_LEAVES, [relationship_id]).fetchone()
    return done * 100 // total if total else None


def ancestors(store: Store, goal_id: int) -> list[int]:
    """The ids above ``goal_id``, from its top-level goal down to its parent."""
    sql = """
        WITH RECURSIVE up(id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM goals WHERE id = ?
            UNION ALL
            SELECT g.id, g.parent_id, up.depth + 1 FROM goals g JOIN up ON g.id = up.parent_id
            -- A chain longer than the number of goals is a cycle (bad data): stop there.
            WHERE up.depth < (SELECT count(*) FROM goals)
        )
        SELECT id FROM up WHERE depth > 0 ORDER BY depth DESC
    """
    return [row[0] for row in store.conn.execute(sql, [goal_id])]


_SUBTREE = """
    WITH RECURSIVE sub(id, status) AS (
        SELECT id, status FROM goals WHERE parent_id = ?
        UNION SELECT g.id, g.status FROM goals g JOIN sub ON g.parent_id = sub.id
    )
"""


def descendant_count(store: Store, goal_id: int) -> int:
    """How many goals are under ``goal_id``, at any depth."""
    return store.conn.execute(_SUBTREE + "SELECT count(*) FROM sub WHERE id != ?", [goal_id, goal_id]).fetchone()[0]


def open_descendants(store: Store, goal_id: int) -> int:
    """How many open goals are under ``goal_id``, at any depth."""
    return store.conn.execute(
        _SUBTREE + "SELECT count(*) FROM sub WHERE status = 'open' AND id != ?", [goal_id, goal_id]
    ).fetchone()[0]


# ---- the next meeting, and the small steps planned before it ------------------------


def planned_meeting_after(store: Store, relationship_id: int, now: dt.datetime) -> dt.datetime | None:
    """When the first meeting planned in the calendar after ``now`` starts (see
    mentortui.domain.goals.next_meeting for the cadence's next date when there is none)."""
    row = store.conn.execute(
        "SELECT starts_at FROM meetings WHERE relationship_id = ? AND status = 'planned' AND starts_at > ?"
        " ORDER BY starts_at LIMIT 1",
        [relationship_id, now.isoformat()],
    ).fetchone()
    return dt.datetime.fromisoformat(row[0]) if row is not None else None


def before_next_meeting(store: Store, relationship_id: int, *, include_done: bool = False) -> list[Goal]:
    """The goals marked for before the next meeting, in tree order (what the review and the
    next agenda read). Open ones only unless ``include_done``."""
    statuses = ("open", "done") if include_done else ("open",)
    return [
        goal
        for goal in store.goals(relationship_id)
        if goal.before_next_meeting and goal.status in statuses
    ]


def planned_counts(store: Store, relationship_id: int) -> tuple[int, int]:
    """(open, done) goals marked for before the next meeting."""
    row = store.conn.execute(
        "SELECT count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status = 'done')"
        " FROM goals WHERE relationship_id = ? AND before_next_meeting = 1",
        [relationship_id],
    ).fetchone()
    return row[0], row[1]


def long_term_goals_reached(store: Store, relationship_id: int) -> bool:
    """Whether the relationship's long-term goals are reached: one done at least, none still
    open (a dropped one is no longer aimed at)."""
    row = store.conn.execute(
        "SELECT count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'open')"
        " FROM goals WHERE relationship_id = ? AND horizon = 'long'",
        [relationship_id],
    ).fetchone()
    return row[0] > 0 and row[1] == 0


# ---- filters -------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalFilter:
    view: str = "all"
    text: str = ""

    @property
    def active(self) -> bool:
        return self.view != "all" or bool(self.text.strip())

    def next_view(self) -> GoalFilter:
        return GoalFilter(VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)], self.text)


@dataclass(frozen=True)
class Visible:
    """What a filter leaves: the goals that match, and those shown (matches and their ancestors)."""

    matches: frozenset[int]
    shown: frozenset[int]
    # Shown sub-goals per shown goal (None: the top level), to know what can be unfolded.
    shown_children: dict[int | None, int]


def _in_view(view: str, today: dt.date, status: str, due_on: str | None, planned: int) -> bool:
    """Whether a goal (its raw column values) belongs in ``view`` on ``today``."""
    if view == "all":
        return True
    if view == "next_meeting":
        return bool(planned) and status != "dropped"
    if status != "open":
        return False
    if view == "open":
        return True
    if due_on is None:
        return False
    if view == "overdue":
        return due_on < today.isoformat()
    monday, sunday = week_bounds(iso_week(today))  # "week": due this ISO week
    return monday.isoformat() <= due_on <= sunday.isoformat()


def visible_goals(store: Store, relationship_id: int, goal_filter: GoalFilter, today: dt.date) -> Visible:
    """Apply ``goal_filter``: a goal matches the view and every word of the text (in its
    title or notes, ignoring case and accents); its ancestors stay visible around it."""
    rows = store.conn.execute(
        "SELECT id, parent_id, title, notes, status, due_on, before_next_meeting FROM goals WHERE relationship_id = ?",
        [relationship_id],
    ).fetchall()
    words = fold(goal_filter.text).split()
    parent_of: dict[int, int | None] = {}
    matches: set[int] = set()
    for goal_id, parent_id, title, notes, status, due_on, planned in rows:
        parent_of[goal_id] = parent_id
        if _in_view(goal_filter.view, today, status, due_on, planned):
            haystack = fold(title + "\n" + notes) if words else ""
            if all(word in haystack for word in words):
                matches.add(goal_id)
    shown: set[int] = set()
    for goal_id in matches:
        current: int | None = goal_id
        while current is not None and current not in shown:
            shown.add(current)
            current = parent_of.get(current)
    shown_children: dict[int | None, int] = {}
    for goal_id in shown:
        parent = parent_of[goal_id]
        shown_children[parent] = shown_children.get(parent, 0) + 1
    return Visible(frozenset(matches), frozenset(shown), shown_children)
