"""What of a relationship goes into the shared document, and how a row reads there.

The document names the people by their absolute roles (mentor, mentee): the columns that are
relative to the workbook's owner (an action's owner, feedback's direction, the agreement's
my_/their_ terms) are flipped on the way in and out. Links between rows travel as uids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mentortui.core.i18n import N_
from mentortui.data.model import Action, AgendaItem, Agreement, Feedback, Goal, Meeting, Record, other_role


@dataclass(frozen=True)
class Kind:
    """One kind of shared entity: a root map of the document, one entity per uid."""

    name: str  # the root map's name
    cls: type[Record]
    fields: tuple[str, ...]  # row columns copied as they are (dates as ISO text)
    texts: tuple[str, ...] = ()  # multi-line columns kept as a Y.Text (edits in different places merge)
    links: tuple[tuple[str, str, str], ...] = ()  # (document key, row column, kind named)
    ordered_by: str | None = None  # the link whose siblings an order key sorts ("" = all of the kind)
    title: str = "text"  # the column that names an entity to the user


GOALS = Kind(
    "goals", Goal,
    ("title", "horizon", "status", "owner", "progress", "due_on", "before_next_meeting", "done_at", "created_at"),
    texts=("notes",), links=(("parent", "parent_id", "goals"),), ordered_by="parent", title="title",
)
MEETINGS = Kind("meetings", Meeting, ("starts_at", "mode", "status", "notes_shared", "created_at"), texts=("notes",),
                title="starts_at")
AGENDA = Kind(
    "agenda", AgendaItem, ("text", "kind", "done"),
    links=(("meeting", "meeting_id", "meetings"), ("goal", "goal_id", "goals"), ("carried_from", "carried_from", "agenda")),
    ordered_by="meeting",
)
ACTIONS = Kind(
    "actions", Action, ("text", "due_on", "done_at", "created_at", "follow_up"),
    links=(("meeting", "meeting_id", "meetings"), ("goal", "goal_id", "goals")),
)
FEEDBACK = Kind(
    "feedback", Feedback, ("date", "kind", "rubric", "tried", "result", "result_on", "created_at"), texts=("text",),
    links=(("goal", "goal_id", "goals"),),
)
# In the order rows are written: what a row points at comes first.
KINDS: tuple[Kind, ...] = (MEETINGS, GOALS, AGENDA, ACTIONS, FEEDBACK)
BY_NAME = {kind.name: kind for kind in KINDS}

# The agreement is one flat root map of its current terms (its versions stay in each workbook).
AGREEMENT = "agreement"
AGREEMENT_TERMS = ("duration", "cadence", "cadence_start", "modes", "revisit_on")
RELATIVE_TERMS = ("responsibilities", "expectations", "limits")  # my_X / their_X in a workbook

# Keys of an entity map besides its fields.
GONE = "gone"  # a tombstone: the entity was deleted (a goal keeps its parent, for its children)
ORDER = "order"  # a sortable key (fractional index) among its siblings

# Words for the fields a lost edit names (the document's keys).
FIELD_LABELS = {
    "title": N_("title"),
    "notes": N_("notes"),
    "horizon": N_("horizon"),
    "status": N_("status"),
    "owner": N_("owner"),
    "progress": N_("progress"),
    "due_on": N_("due date"),
    "before_next_meeting": N_("before the next meeting"),
    "done_at": N_("done"),
    "parent": N_("place in the tree"),
    "starts_at": N_("time"),
    "mode": N_("way to meet"),
    "notes_shared": N_("notes shared"),
    "text": N_("text"),
    "kind": N_("kind"),
    "done": N_("done"),
    "goal": N_("goal"),
    "meeting": N_("meeting"),
    "carried_from": N_("carried from"),
    "follow_up": N_("follow-up"),
    "date": N_("date"),
    "giver": N_("who gave it"),
    "rubric": N_("rubric"),
    "tried": N_("tried"),
    "result": N_("result"),
    "result_on": N_("result date"),
    "created_at": N_("created"),
}


def to_doc(value: Any) -> Any:
    """A row value as the document keeps it."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def owner_to_doc(owner: str, my_role: str) -> str:
    return my_role if owner == "me" else other_role(my_role)


def owner_from_doc(role: str, my_role: str) -> str:
    return "me" if role == my_role else "partner"


def giver_to_doc(direction: str, my_role: str) -> str:
    return my_role if direction == "given" else other_role(my_role)


def giver_from_doc(role: str, my_role: str) -> str:
    return "given" if role == my_role else "received"


def agreement_to_doc(agreement: Agreement | None, my_role: str) -> dict[str, Any]:
    """The current terms with absolute roles ({} when there is no agreement)."""
    if agreement is None:
        return {}
    terms = {name: to_doc(getattr(agreement, name)) for name in AGREEMENT_TERMS}
    for term in RELATIVE_TERMS:
        terms[my_role + "_" + term] = getattr(agreement, "my_" + term)
        terms[other_role(my_role) + "_" + term] = getattr(agreement, "their_" + term)
    return terms


def agreement_keys() -> tuple[str, ...]:
    return AGREEMENT_TERMS + tuple(role + "_" + term for term in RELATIVE_TERMS for role in ("mentor", "mentee"))


def agreement_from_doc(terms: dict[str, Any], my_role: str) -> dict[str, Any]:
    """Row values of the agreement's terms (dates as text: the caller parses them)."""
    values = {name: terms.get(name) for name in AGREEMENT_TERMS}
    for term in RELATIVE_TERMS:
        values["my_" + term] = terms.get(my_role + "_" + term, "")
        values["their_" + term] = terms.get(other_role(my_role) + "_" + term, "")
    return values
