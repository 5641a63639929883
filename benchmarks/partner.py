"""Partner exchange on the large demo: file sizes (the full invite, a typical week's delta) and
merge times (accepting the invite; importing the week).

    python -m benchmarks.partner               # 5 rounds
    python -m benchmarks.partner --rounds 9

Each round starts from a fresh copy of the large demo (written once): the mentor side of its
largest relationship invites, a fresh workbook accepts (the full merge), then both make a
week of edits and swap files. Times are wall clock of the actions as the CLI calls them
(read + preview + apply for an import); medians with the min-max over the rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from mentortui.core.clock import FrozenClock
from mentortui.data.store import Store
from mentortui.domain import goals as goal_actions
from mentortui.domain import meetings as meeting_actions
from mentortui.exchange import partner
from mentortui.exchange.demo import fill_demo

CLOCK_AT = "2026-11-26T10:00:00"


def largest_relationship(store: Store) -> int:
    def size(relationship_id: int) -> int:
        return len(store.goal_children(relationship_id, None)) + sum(
            len(store.agenda(meeting.id)) + len(store.actions(meeting.id)) for meeting in store.meetings(relationship_id)
        )

    return max((relationship.id for relationship in store.relationships()), key=size)


def shared_rows(store: Store, relationship_id: int) -> int:
    meetings = store.meetings(relationship_id)
    goals, parents = 0, [None]
    while parents:
        children = store.goal_children(relationship_id, parents.pop())
        goals += len(children)
        parents.extend(goal.id for goal in children)
    return goals + len(meetings) + sum(len(store.agenda(m.id)) + len(store.actions(m.id)) for m in meetings)


def a_week_of_edits(store: Store, relationship_id: int, salt: str) -> None:
    """What a pair typically changes in a week: a meeting planned with its agenda, some goals
    renamed or ticked, actions added and done, notes taken."""
    meeting = meeting_actions.schedule_meeting(store, relationship_id, dt.datetime(2026, 12, 3, 18), "video")
    for number in range(5):
        meeting_actions.add_agenda_item(store, meeting.id, f"Topic {number} {salt}")
    for number in range(3):
        meeting_actions.add_action(store, meeting.id, f"Action {number} {salt}", owner="me" if number % 2 else "partner")
    goals = store.goal_children(relationship_id, None)[:8]
    for goal in goals[:5]:
        goal_actions.edit_goal(store, goal.id, title=goal.title + " " + salt)
    for goal in goals[5:8]:
        goal_actions.set_goal_status(store, goal.id, "done")
    held = [m for m in store.meetings(relationship_id) if m.status == "held"][:1]
    for past in held:
        with store.change("Share notes"):
            store.update_meeting(past.id, notes_shared=True)
        meeting_actions.save_notes(store, past.id, past.notes + f"\nFollow-up {salt}")


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def one_round(folder: Path, demo: Path) -> dict[str, float]:
    clock = FrozenClock(CLOCK_AT)
    shutil.copy(demo, folder / "mentor.db")
    mentor = Store.open(folder / "mentor.db", clock)
    mentee = Store.open(folder / "mentee.db", clock)
    try:
        rid = largest_relationship(mentor)
        rows = shared_rows(mentor, rid)
        invite = folder / "invite.mentortui"
        _, invite_time = timed(lambda: partner.invite(mentor, rid, invite, my_name="Ana"))
        applied, accept_time = timed(lambda: partner.accept(mentee, invite))
        a_week_of_edits(mentor, rid, "m")
        a_week_of_edits(mentee, applied.relationship_id, "s")
        week, export_time = timed(lambda: partner.export_changes(mentee, applied.relationship_id, folder / "week.mentortui"))
        _, import_time = timed(lambda: partner.apply_changes(mentor, partner.read_changes(mentor, week.path)))
        full = partner.export_changes(mentor, rid, folder / "full.mentortui", full=True)
        return {
            "shared rows": rows,
            "invite (full) bytes": invite.stat().st_size,
            "full after a week, bytes": full.size,
            "week delta bytes": week.size,
            "invite s": invite_time,
            "accept (full merge) s": accept_time,
            "export week s": export_time,
            "import week s": import_time,
        }
    finally:
        mentor.close()
        mentee.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as root:
        demo = Path(root) / "demo.db"
        store = Store.open(demo, FrozenClock(CLOCK_AT))
        fill_demo(store, size="large")
        store.close()
        results = []
        for number in range(args.rounds):
            folder = Path(root) / f"round-{number}"
            folder.mkdir()
            results.append(one_round(folder, demo))
    for name in results[0]:
        values = [result[name] for result in results]
        unit = "ms" if name.endswith(" s") else ""
        scale = 1000 if unit else 1
        median = statistics.median(values) * scale
        print(f"{name.removesuffix(' s'):28} {median:10.1f} {unit:2}  (min {min(values) * scale:.1f}, max {max(values) * scale:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
