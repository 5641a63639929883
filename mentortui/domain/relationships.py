"""A mentoring relationship's life: starting one (with its first agreement), editing its
profile, closing it. Each function is one undoable change. No Textual here.

Closing (practice E4): every relationship ends, at the agreed date or once its goal is
reached; ``closing_due`` says when to offer it, ``closing_checklist`` what is left to do
before (thank them, a final recap, how you will stay in touch), read from the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from mentortui.core.i18n import N_, _, format_date
from mentortui.core.policy import CLOSING_RECENT_DAYS
from mentortui.data.feedback import latest_given
from mentortui.data.goals import long_term_goals_reached
from mentortui.data.model import Agreement, Feedback, Relationship, ValidationError
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


# Why it is time to close (``closing_due``).
END_DATE_CAME = "end-date"
GOAL_REACHED = "goal-reached"


def closing_due(store: Store, relationship: Relationship, today: dt.date) -> str | None:
    """Why the relationship should now be thanked and closed — its agreed end date has come
    (END_DATE_CAME) or its long-term goals are reached (GOAL_REACHED) — or None."""
    if relationship.status == "ended":
        return None
    if relationship.end_on is not None and relationship.end_on <= today:
        return END_DATE_CAME
    if long_term_goals_reached(store, relationship.id):
        return GOAL_REACHED
    return None


@dataclass(frozen=True)
class ClosingChecklist:
    """What closing asks first, from the data: the thanks and the final recap logged lately
    (None: not yet), and how often news will be sent once it has ended."""

    thanks: Feedback | None
    recap: Feedback | None
    stay_in_touch_months: int

    @property
    def left(self) -> list[str]:
        """The items not done yet: "thanks", "recap" (the rhythm of news always has a value)."""
        return [name for name, entry in (("thanks", self.thanks), ("recap", self.recap)) if entry is None]


def closing_checklist(store: Store, relationship: Relationship, today: dt.date) -> ClosingChecklist:
    """The checklist as the data has it today (a thanks or recap of the last weeks counts)."""
    since = today - dt.timedelta(days=CLOSING_RECENT_DAYS)
    return ClosingChecklist(
        thanks=latest_given(store, relationship.id, "thanks", since),
        recap=latest_given(store, relationship.id, "progress-update", since),
        stay_in_touch_months=relationship.stay_in_touch_months,
    )


def close_relationship(
    store: Store, relationship_id: int, ended_on: dt.date, *, stay_in_touch_months: int | None = None, thanks: str = ""
) -> Relationship:
    """End the relationship, say how often to send news (None: as it is), and keep a word of
    thanks (if any) in the feedback log: one change. The end is today or an earlier day (an
    ended relationship's news are counted from it); a relationship closed already (in another
    window) is left as it is, with a ValidationError."""
    if ended_on > store.clock.today():
        raise ValidationError("ended_on", _("A relationship is closed once it has ended: today or an earlier day."))
    current = store.relationship(relationship_id)
    with store.change(N_("Close relationship with {partner}"), partner=current.partner):
        current = store.relationship(relationship_id)  # read again inside the write: another window may have closed it
        if current.status == "ended":
            raise ValidationError("ended_on", _("This relationship was closed on {date} already (in another window?): "
                                                "nothing was changed.", date=format_date(current.ended_on)))
        closed = store.close_relationship(relationship_id, ended_on)
        if stay_in_touch_months is not None and stay_in_touch_months != current.stay_in_touch_months:
            closed = store.update_relationship(relationship_id, stay_in_touch_months=stay_in_touch_months)
        if thanks and thanks.strip():
            store.add_feedback(relationship_id, direction="given", kind="thanks", text=thanks.strip(), date=ended_on)
    return closed


def delete_relationship(store: Store, relationship_id: int) -> None:
    """Delete the relationship and everything in it (one change: ctrl+z brings it all back)."""
    current = store.relationship(relationship_id)
    with store.change(N_("Delete relationship with {partner}"), partner=current.partner):
        store.delete_relationship(relationship_id)
