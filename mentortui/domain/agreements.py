"""The mentoring agreement (the guide's second practice): how its terms read, what changed
between two versions, and when to meet and to revisit it next. No Textual here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from mentortui.data import review as reviews
from mentortui.data.model import Agreement, Review, ValidationError
from mentortui.data.store import Store
from mentortui.core.cadence import describe_cadence, next_occurrences
from mentortui.core.dates import DateParseError
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.labels import MODE_LABELS

# How far ahead a revisit is proposed when none is set: a quarter is long enough to see
# how the arrangement works, short enough to fix it while it matters.
REVISIT_AFTER = relativedelta(months=3)

# What a review records when the agreement changes during it (message ids with their fields).
AGREEMENT_REVIEWED = N_("Agreement reviewed (version {n})")
REVISIT_PUSHED = N_("Agreement revisit pushed to {date}")

TERM_LABELS = {
    "duration": N_("Duration"),
    "cadence": N_("We meet"),
    "cadence_start": N_("First meeting"),
    "modes": N_("How we meet"),
    "my_responsibilities": N_("My responsibilities"),
    "their_responsibilities": N_("Their responsibilities"),
    "my_expectations": N_("What I expect"),
    "their_expectations": N_("What they expect"),
    "my_limits": N_("My limits and availability"),
    "their_limits": N_("Their limits and availability"),
    "revisit_on": N_("Revisit on"),
}



def describe_modes(modes: list[str]) -> str:
    return ", ".join(_(MODE_LABELS.get(mode, mode)) for mode in modes)


def describe_term(agreement: Agreement, term: str, lang: str) -> str:
    """One term of the agreement as a person reads it ("" when not set)."""
    value = getattr(agreement, term)
    if value in (None, "", []):
        return ""
    if term == "cadence":
        return describe_cadence(value, lang)
    if term == "modes":
        return describe_modes(value)
    if term == "cadence_start":
        return format_date(value.date(), lang=lang) + " " + value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return format_date(value, lang=lang)
    return str(value)


@dataclass(frozen=True)
class TermChange:
    term: str
    before: str
    after: str


def changes_between(older: Agreement | None, newer: Agreement, lang: str) -> list[TermChange]:
    """The terms that differ from one version to the next, as readable text."""
    found = []
    for term in Agreement.TERMS:
        before = describe_term(older, term, lang) if older else ""
        after = describe_term(newer, term, lang)
        if before != after:
            found.append(TermChange(term, before, after))
    return found


def next_meetings(agreement: Agreement | None, after: dt.datetime, count: int = 3) -> list[dt.datetime]:
    """The next meetings the cadence proposes (none without a cadence)."""
    if agreement is None or not agreement.cadence:
        return []
    start = agreement.cadence_start or dt.datetime.combine(agreement.created_at.date(), dt.time(18, 0))
    try:
        return next_occurrences(agreement.cadence, start=start, after=after, count=count)
    except (ValueError, DateParseError):
        return []


def propose_revisit(agreement: Agreement | None, today: dt.date) -> dt.date:
    """A revisit date about a quarter ahead, on a meeting day when there is a cadence."""
    target = today + REVISIT_AFTER
    meetings = next_meetings(agreement, dt.datetime.combine(target - dt.timedelta(days=1), dt.time(23, 59)), 1)
    return meetings[0].date() if meetings else target


def agreed_day(version: Agreement) -> dt.date:
    """The day a version's terms were agreed (the day it was written, for a row without one)."""
    return version.agreed_on or version.created_at.date()


class NothingChanged(ValidationError):
    """Saving the agreement with the terms it already has (no new version is made)."""

    def __init__(self, version: int) -> None:
        super().__init__(
            "agreement", _("No term changed: nothing was written, the agreement stays at version {n}.", n=version)
        )


def _same(stored: Any, typed: Any) -> bool:
    return (stored or None) == (typed or None)


def save_agreement(
    store: Store,
    relationship_id: int,
    terms: dict[str, Any],
    *,
    reason: str = "",
    agreed_on: dt.date | None = None,
    review: Review | None = None,
) -> Agreement:
    """A new version of the agreement with ``terms`` changed (the others carried over from
    the current version), agreed on ``agreed_on`` (today if not given) for ``reason``;
    recorded in ``review`` when made during it. Raises NothingChanged, writing nothing, when
    every term given is already so."""
    current = store.current_agreement(relationship_id)
    if current and all(_same(getattr(current, name), value) for name, value in terms.items()):
        raise NothingChanged(current.version)
    with store.change(N_("Edit the agreement")):
        version = store.save_agreement(relationship_id, reason=reason, agreed_on=agreed_on, **terms)
        if review is not None:
            reviews.record_change(store, review, AGREEMENT_REVIEWED, relationship_id=relationship_id, n=version.version)
    return version


def revise_agreement(
    store: Store,
    relationship_id: int,
    terms: dict[str, Any],
    *,
    reason: str,
    agreed_on: dt.date,
    review: Review | None = None,
) -> Agreement:
    """The user revises the agreement: the terms that change, why, and the day it was agreed
    (not after today, not before the current version's). Writes nothing, raising
    NothingChanged, when no term changes; a ValidationError names a missing reason or a bad
    day. The first version needs no reason."""
    current = store.current_agreement(relationship_id)
    if current and all(_same(getattr(current, name), value) for name, value in terms.items()):
        raise NothingChanged(current.version)
    reason = reason.strip()
    if current and not reason:
        raise ValidationError("reason", _("Say why the agreement changes: it is kept in the history."))
    if agreed_on > store.clock.today():
        raise ValidationError("agreed_on", _("A revision is recorded once agreed: today or an earlier day."))
    if current and agreed_on < agreed_day(current):
        raise ValidationError(
            "agreed_on",
            _("Version {n} was agreed on {date}: this revision cannot be earlier.",
              n=current.version, date=format_date(agreed_day(current))),
        )
    return save_agreement(store, relationship_id, terms, reason=reason, agreed_on=agreed_on, review=review)


def push_revisit(store: Store, relationship_id: int, today: dt.date, *, review: Review | None = None) -> dt.date | None:
    """Move the revisit date to the next proposal (a new version of the agreement), recorded
    in ``review`` when pushed during it; None, and nothing written, when there is no
    agreement yet."""
    current = store.current_agreement(relationship_id)
    if current is None:
        return None
    revisit = propose_revisit(current, today)
    if current.revisit_on == revisit:  # pushed already: no version that changes nothing
        return revisit
    with store.change(N_("Push the agreement's revisit date")):
        store.save_agreement(relationship_id, revisit_on=revisit)
        if review is not None:
            reviews.record_change(store, review, REVISIT_PUSHED, relationship_id=relationship_id,
                                  date=format_date(revisit))
    return revisit
