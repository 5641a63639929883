"""Child processes for the reliability tests: they write through the data layer as the app does.

    python -m tests.reliability_worker commit DB        # add feedback forever, print each id once committed
    python -m tests.reliability_worker append DB GOAL N  # N read-modify-write changes on one goal's notes
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

from mentortui.data.store import Store


def commit_forever(path: Path) -> None:
    store = Store.open(path)
    relationship_id = store.relationships()[0].id
    n = 0
    while True:
        n += 1
        entry = store.add_feedback(
            relationship_id, direction="received", kind="advice", text=f"advice {n}", date=dt.date(2026, 11, 26)
        )
        # Printed only after the change committed: every id seen by the parent must survive.
        print(entry.id, flush=True)


def append_notes(path: Path, goal_id: int, times: int, tag: str) -> None:
    store = Store.open(path)
    locked = 0
    for _ in range(times):
        try:
            # Read-modify-write inside one change: the read happens under the write lock.
            with store.change("Append"):
                notes = store.goal(goal_id).notes
                store.update_goal(goal_id, notes=notes + tag)
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                locked += 1
            else:
                raise
    print(f"locked={locked}", flush=True)


if __name__ == "__main__":
    command, db = sys.argv[1], Path(sys.argv[2])
    if command == "commit":
        commit_forever(db)
    elif command == "append":
        append_notes(db, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        raise SystemExit(f"unknown command {command}")
