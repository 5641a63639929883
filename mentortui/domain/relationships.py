"""A mentoring relationship's life: starting one (with its first agreement), editing its
profile, closing it. Each function is one undoable change. No Textual here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta

from mentortui.core.i18n import N_, _
from mentortui.data.model import Agreement, Relationship, ValidationError
from mentortui.data.store import Store
from mentortui.domain.agreements import propose_revisit


def describe_length(length: relativedelta) -> str:
    """A length of time as words ("6 months", "1 year 2 weeks")."""
    parts = []
    for amount, one, many in (
        (length.years, N_("{n} year"), N_("{n} years")),
        (length.months, N_("{n} month"), N_("{n} months")),
        (length.weeks, N_("{n} week"), N_("{n} weeks")),
        (length.days - 7 * length.weeks, N_("{n} day"), N_("{n} days")),
    ):
        if amount:
            parts.append(_(one if amount == 1 else many, n=amount))
    return " ".join(parts)


def create_relationship(
    store: Store,
    *,
    partner: str,
    role: str,
    started_on: dt.date,
    end: dt.date | relativedelta | None = None,
    cadence: str = "",
    cadence_start: dt.datetime | None = None,
    modes: list[str] | None = None,
    why: str = "",
    hope_to_learn: str = "",
    candidate_id: int | None = None,
) -> Relationship:
    """A new relationship, its first agreement (with a revisit date proposed) and, when it
    starts from a guide candidate, the candidate linked to it: one change.
    ``end`` is the agreed end date or a length of time from the start."""
    end_on = started_on + end if isinstance(end, relativedelta) else end
    if end_on is not None and end_on <= started_on:
        raise ValidationError("end", _("The end must come after the start."))
    terms = {
        "duration": describe_length(end) if isinstance(end, relativedelta) else "",
        "cadence": cadence or "",
        "cadence_start": cadence_start,
        "modes": modes or [],
    }
    with store.change(N_("Add relationship with {partner}"), partner=partner):
        relationship = store.add_relationship(
            partner=partner, role=role, started_on=started_on, end_on=end_on, why=why or "",
            hope_to_learn=hope_to_learn or "",
        )
        draft = _draft_agreement(relationship.id, terms, store.clock.now())
        store.save_agreement(relationship.id, **terms, revisit_on=propose_revisit(draft, store.clock.today()))
        if candidate_id is not None:
            store.update_candidate(candidate_id, relationship_id=relationship.id)
    return relationship


def _draft_agreement(relationship_id: int, terms: dict[str, Any], now: dt.datetime) -> Agreement:
    """An unsaved agreement with ``terms``, to ask the cadence for dates before saving."""
    base = {name: "" for name in Agreement.TERMS} | {"modes": [], "cadence_start": None, "revisit_on": None}
    return Agreement(id=0, relationship_id=relationship_id, version=0, created_at=now, **(base | terms))


def edit_profile(store: Store, relationship_id: int, changes: dict[str, Any]) -> Relationship:
    """Change the profile fields given (an empty text stays empty, not None); nothing
    written when ``changes`` is empty."""
    changes = {name: (value or "") if name in ("why", "hope_to_learn") else value for name, value in changes.items()}
    current = store.relationship(relationship_id)
    if not changes:
        return current
    with store.change(N_("Edit relationship with {partner}"), partner=current.partner):
        return store.update_relationship(relationship_id, **changes)


def close_relationship(
    store: Store, relationship_id: int, ended_on: dt.date, *, stay_in_touch_months: int, thanks: str = ""
) -> Relationship:
    """End the relationship, say how often to send news, and keep a word of thanks (if
    any) in the feedback log: one change."""
    current = store.relationship(relationship_id)
    with store.change(N_("Close relationship with {partner}"), partner=current.partner):
        store.close_relationship(relationship_id, ended_on)
        closed = store.update_relationship(relationship_id, stay_in_touch_months=stay_in_touch_months)
        if thanks and thanks.strip():
            store.add_feedback(relationship_id, direction="given", kind="thanks", text=thanks.strip(), date=ended_on)
    return closed


def delete_relationship(store: Store, relationship_id: int) -> None:
    """Delete the relationship and everything in it (one change: ctrl+z brings it all back)."""
    current = store.relationship(relationship_id)
    with store.change(N_("Delete relationship with {partner}"), partner=current.partner):
        store.delete_relationship(relationship_id)
