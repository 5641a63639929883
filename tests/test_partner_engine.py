"""The partner engine's conflict rules: two workbooks (fresh DBs, frozen clock) each keep one
relationship, exchange the shared part as pycrdt updates, and must end with the same rows;
what a user lost in a conflict is reported, private data never enters the shared document."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import pytest

from mentortui.core.clock import FrozenClock
from mentortui.core.i18n import set_language
from mentortui.data.model import Action, AgendaItem, Feedback, Goal, Meeting
from mentortui.data.store import Store
from mentortui.exchange.partner.engine import (
    SharedDoc,
    UpdateRefused,
    apply_update,
    doc_view,
    fold_local,
    key_between,
    preview_update,
)
from tests.conftest import NOW

MONDAY = dt.datetime(2026, 11, 30, 18, 0)


class Side:
    """One person's workbook: a store, the relationship, and its shared document."""

    def __init__(self, path, role: str, partner: str) -> None:
        self.store = Store.open(path, FrozenClock(NOW))
        self.name = "Sam" if role == "mentor" else "Ana"
        self.partner = partner
        self.rel = self.store.add_relationship(partner=partner, role=role, started_on=dt.date(2026, 9, 1))
        # The pairing row the actions make (mentortui.exchange.partner.actions): the merge base lives there.
        with self.store.bulk():
            self.store.conn.execute(
                "INSERT INTO partner_links (relationship_id, secret, created_at) VALUES (?, ?, ?)",
                [self.rel.id, secrets.token_bytes(32), NOW],
            )
        self.doc = SharedDoc.load(b"")

    def send(self) -> bytes:
        """Fold the rows in, then everything the document has (the partner ignores what it knows)."""
        fold_local(self.store, self.rel.id, self.doc)
        return self.doc.state()

    def receive(self, update: bytes, sender_vector: bytes | None = None):
        with self.store.change("Merge"):
            return apply_update(self.store, self.rel.id, self.doc, update, self.partner, sender_vector=sender_vector)

    def goals(self) -> list[tuple]:
        """(title, parent title, position, status) of every goal: what the tree shows."""
        goals = self.store.select(Goal, "relationship_id = ?", [self.rel.id], "id")
        titles = {goal.id: goal.title for goal in goals}
        return sorted((g.title, titles.get(g.parent_id), g.position, g.status) for g in goals)

    def goal(self, title: str) -> Goal:
        return self.store.select(Goal, "relationship_id = ? AND title = ?", [self.rel.id, title], "id")[0]

    def meeting(self) -> Meeting:
        return self.store.meetings(self.rel.id)[0]

    def agenda(self) -> list[str]:
        return [item.text for item in self.store.agenda(self.meeting().id)]


@pytest.fixture
def pair(tmp_path):
    """Sam (the mentor) and Ana (the mentee), paired: Ana's workbook starts from Sam's first file."""
    sam = Side(tmp_path / "sam.db", "mentor", "Ana")
    ana = Side(tmp_path / "ana.db", "mentee", "Sam")
    yield sam, ana
    sam.store.close()
    ana.store.close()


def swap(a: Side, b: Side) -> None:
    """Both send at once (offline edits on both sides), then both receive."""
    from_a, from_b = a.send(), b.send()
    b.receive(from_a)
    a.receive(from_b)


def shared_rows(side: Side) -> dict:
    """The shared rows as both sides must see them (roles absolute, links by uid)."""
    view = doc_view_of_rows(side)
    return {"entities": view.entities, "agreement": view.agreement}


def doc_view_of_rows(side: Side):
    from mentortui.exchange.partner.engine import local_view

    return local_view(side.store, side.rel.id)


def test_goals_meetings_agenda_and_actions_reach_the_partner_with_roles_flipped(pair):
    sam, ana = pair
    career = sam.store.add_goal(sam.rel.id, "Become a staff engineer", horizon="long", notes="Two years.\nMaybe three.")
    sam.store.add_goal(sam.rel.id, "Lead the migration", parent_id=career.id)
    meeting = sam.store.add_meeting(sam.rel.id, MONDAY, mode="video")
    sam.store.add_agenda_item(meeting.id, "Review the design doc", goal_id=career.id)
    sam.store.add_agenda_item(meeting.id, "Plan the talk")
    sam.store.add_action(meeting.id, "Send the reading list", owner="me", due_on=dt.date(2026, 12, 2))

    summary = ana.receive(sam.send())

    assert ana.goals() == [
        ("Become a staff engineer", None, 0, "open"),
        ("Lead the migration", "Become a staff engineer", 0, "open"),
    ]
    assert ana.goal("Become a staff engineer").notes == "Two years.\nMaybe three."
    assert ana.agenda() == ["Review the design doc", "Plan the talk"]
    assert ana.store.agenda(ana.meeting().id)[0].goal_id == ana.goal("Become a staff engineer").id
    (action,) = ana.store.actions(ana.meeting().id)
    assert (action.text, action.owner, action.due_on) == ("Send the reading list", "partner", dt.date(2026, 12, 2))
    assert shared_rows(ana) == shared_rows(sam)
    assert summary.lines() == [
        "2 goals added by Sam",
        "1 meeting added by Sam",
        "2 agenda items added by Sam",
        "1 action added by Sam",
    ]
