"""Benchmark fixtures: workbooks of a chosen size, written fast with bulk SQL inserts.

    python -m benchmarks.workbook out.db --feedback 100000 --goals 10000

One relationship holds a goal tree (long-term goals × short-term goals × steps) and a feedback
log over ten years; the search index fills through its triggers, as it would for a real log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from pathlib import Path

from mentortui.core.clock import FrozenClock
from mentortui.data.store import Store, insert_sql

CLOCK_AT = "2026-11-26T10:00:00"

# --size of the outside benchmark: feedback entries and goals (the 100k/10k and 300k/30k).
SIZES = {"10k": (10_000, 1_000), "100k": (100_000, 10_000), "300k": (300_000, 30_000)}

_FEEDBACK_OPENINGS = ("Try to", "Next time, remember to", "Well done on", "Thank you for helping me", "I keep forgetting to",
                      "Consider how you", "Good progress on", "Please", "It worked when I tried to", "Be careful to")
_FEEDBACK_TOPICS = ("present the trade-offs first", "estimate the migration honestly", "rehearse the conference talk",
                    "ask each reviewer for one change", "block two mornings for focus", "write the design summary",
                    "listen before proposing a fix", "share the incident write-up", "prepare the one-to-one agenda",
                    "say no to work outside our goals", "follow up on the platform team", "send the recap after meetings")
_GOAL_COLUMNS = ["id", "relationship_id", "parent_id", "position", "title", "horizon", "status", "due_on",
                 "created_at", "updated_at"]
_FEEDBACK_COLUMNS = ["relationship_id", "date", "direction", "kind", "text", "goal_id", "rubric", "tried", "result",
                     "result_on", "created_at"]


def tree_shape(goals: int) -> tuple[int, int, int]:
    """Long-term goals, short-term goals under each, steps under each: about ``goals`` in all
    (10 × 10 × 99 = 10,010 for 10,000), so a tree is wide at the top and deep in steps."""
    steps = max(goals // 100 - 1, 1)
    return (10, 10, steps)


def insert_goal_tree(store: Store, relationship_id: int, shape: tuple[int, int, int]) -> list[int]:
    """Insert a goal tree of ``shape`` (inside the caller's ``store.bulk()``); return the ids."""
    first_id = store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM goals").fetchone()[0]
    rows: list[tuple] = []

    def add(parent_id: int | None, position: int, title: str, horizon: str, status: str = "open") -> int:
        goal_id = first_id + len(rows)
        due = (dt.date(2026, 1, 1) + dt.timedelta(days=goal_id % 700)).isoformat()
        rows.append((goal_id, relationship_id, parent_id, position, title, horizon, status, due, CLOCK_AT, CLOCK_AT))
        return goal_id

    longs, shorts, steps = shape
    for i in range(longs):
        long_id = add(None, i, f"Long-term goal {i}", "long")
        for j in range(shorts):
            short_id = add(long_id, j, f"Short-term goal {i}.{j}", "short")
            for k in range(steps):
                add(short_id, k, f"Step {i}.{j}.{k}", "step", "done" if k % 3 == 0 else "open")
    store.conn.executemany(insert_sql("goals", _GOAL_COLUMNS), rows)
    return [row[0] for row in rows]


def insert_feedback(store: Store, relationship_id: int, count: int, goal_ids: list[int], *, seed: int = 7) -> None:
    """Insert ``count`` feedback entries over ten years (inside the caller's ``store.bulk()``);
    one in seven is about one of ``goal_ids``, seven in ten pieces of advice have a result."""
    chance = random.Random(seed)
    kinds = ("advice", "advice", "praise", "constructive", "progress-update", "thanks")
    first_day = dt.date(2016, 11, 26)

    def rows():
        for n in range(count):
            day = (first_day + dt.timedelta(days=n * 3650 // count)).isoformat()
            kind = chance.choice(kinds)
            answered = kind == "advice" and chance.random() < 0.7
            text = f"{chance.choice(_FEEDBACK_OPENINGS)} {chance.choice(_FEEDBACK_TOPICS)} (#{n})."
            yield (relationship_id, day, chance.choice(("given", "received")), kind, text,
                   chance.choice(goal_ids) if goal_ids and n % 7 == 0 else None, "[]", 1 if answered else None,
                   "It helped." if answered else "", day if answered else None, CLOCK_AT)

    store.conn.executemany(insert_sql("feedback", _FEEDBACK_COLUMNS), rows())


def write_workbook(path: Path, *, feedback: int, goals: int) -> Path:
    """A new workbook at ``path`` with one relationship holding ``goals`` goals (about) and
    ``feedback`` feedback entries; kept if it already exists (fixtures are reused)."""
    if path.exists():
        return path
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    store = Store.open(partial, FrozenClock(CLOCK_AT))
    try:
        relationship = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2016, 11, 26))
        with store.bulk():
            goal_ids = insert_goal_tree(store, relationship.id, tree_shape(goals)) if goals else []
            insert_feedback(store, relationship.id, feedback, goal_ids)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    partial.rename(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--feedback", type=int, default=100_000)
    parser.add_argument("--goals", type=int, default=10_000)
    args = parser.parse_args()
    started = time.perf_counter()
    write_workbook(args.path, feedback=args.feedback, goals=args.goals)
    print(f"{args.path}: {args.feedback} feedback entries, {args.goals} goals in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
