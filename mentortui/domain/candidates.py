"""The mentor candidates a mentee compares (the guide's practice E1): each scored 0–3 on the
guide's four criteria, the first one against the mentee's long-term goals (practice E0: the
career goals are what the best mentor is chosen for). One function per user action, each one
undoable change.

No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentortui.core.i18n import N_
from mentortui.data.model import CANDIDATE_CRITERIA, Candidate, Goal, Relationship
from mentortui.data.store import NotFound, Store

# The four criteria of the guide for choosing a mentor (E1), scored 0–3 each.
CRITERIA_LABELS = {
    "score_goals": N_("Linked to my career goals"),
    "score_respected": N_("Respected in the field"),
    "score_network": N_("Strong network"),
    "score_skills": N_("Skills and experience to guide me"),
}
CRITERIA_SHORT = {
    "score_goals": N_("Goals"),
    "score_respected": N_("Respect"),
    "score_network": N_("Network"),
    "score_skills": N_("Skills"),
}
MAX_SCORE = 3
MAX_TOTAL = MAX_SCORE * len(CANDIDATE_CRITERIA)
# The criterion a candidate is scored on against the mentee's long-term goals.
GOALS_CRITERION = "score_goals"


@dataclass(frozen=True)
class CareerGoals:
    """What the "linked to my career goals" criterion is scored against: my long-term goals
    in my relationships as mentee, and the relationship where to write one (None when I am
    nobody's mentee yet)."""

    goals: tuple[Goal, ...]
    relationship_id: int | None


def career_goals(store: Store, current: Relationship | None = None) -> CareerGoals:
    """My long-term goals as mentee (not dropped), those of ``current`` first, from the active
    relationships where I am the mentee."""
    mine = [r for r in store.relationships() if r.role == "mentee" and r.status == "active"]
    mine.sort(key=lambda r: current is None or r.id != current.id)
    goals: list[Goal] = []
    for relationship in mine:
        goals += store.select(Goal, "relationship_id = ? AND horizon = 'long' AND status != 'dropped'",
                              [relationship.id], "position, id")
    return CareerGoals(tuple(goals), mine[0].id if mine else None)


def add_candidate(store: Store, name: str, **fields: Any) -> Candidate:
    """A new candidate; ``fields`` are the notes and the four scores (0 when not given)."""
    if fields.get("notes") is None:
        fields["notes"] = ""
    with store.change(N_("Add candidate {name}"), name=name):
        return store.add_candidate(name, **fields)


def edit_candidate(store: Store, candidate_id: int, **changes: Any) -> Candidate:
    """Write the given name, notes or scores; nothing when they are what is stored."""
    found = store.select(Candidate, "id = ?", [candidate_id], "id")
    if not found:
        raise NotFound(f"candidates {candidate_id}")
    candidate = found[0]
    if "notes" in changes and changes["notes"] is None:
        changes["notes"] = ""
    if all(getattr(candidate, name) == value for name, value in changes.items()):
        return candidate
    with store.change(N_("Edit candidate")):
        return store.update_candidate(candidate_id, **changes)


def link_candidate(store: Store, candidate_id: int, relationship_id: int) -> Candidate:
    """The candidate became my mentor: the relationship started with them."""
    with store.change(N_("Edit candidate")):
        return store.update_candidate(candidate_id, relationship_id=relationship_id)


def delete_candidate(store: Store, candidate_id: int) -> None:
    with store.change(N_("Delete candidate")):
        store.delete_candidate(candidate_id)
