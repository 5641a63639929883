"""Revising the agreement at the domain level: the terms that change, why, and the day."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data import review as reviews
from mentortui.data.model import ValidationError
from mentortui.domain.agreements import NothingChanged, agreed_day, revise_agreement


@pytest.fixture
def rel(store):
    rel = store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", agreed_on=dt.date(2026, 9, 1))
    return rel


def test_a_revision_keeps_its_reason_and_day_and_is_undone_whole(store, rel):
    review = reviews.open_review(store, store.clock.today())
    version = revise_agreement(store, rel.id, {"cadence": "FREQ=MONTHLY;BYDAY=+1TU"},
                               reason="  Ana starts a new job ", agreed_on=dt.date(2026, 11, 24), review=review)
    assert (version.version, version.cadence, version.reason) == (2, "FREQ=MONTHLY;BYDAY=+1TU", "Ana starts a new job")
    assert agreed_day(version) == dt.date(2026, 11, 24)
    assert store.undo().label == "Edit the agreement"
    assert [a.version for a in store.agreements(rel.id)] == [1]
    assert store.review(review.week).changes == []


def test_a_revision_that_changes_no_term_writes_nothing(store, rel):
    before = store.journal.last()
    with pytest.raises(NothingChanged) as refused:
        revise_agreement(store, rel.id, {"cadence": "FREQ=WEEKLY;BYDAY=TU"}, reason="Checked", agreed_on=store.clock.today())
    assert refused.value.message == "No term changed: nothing was written, the agreement stays at version 1."
    assert [a.version for a in store.agreements(rel.id)] == [1] and store.journal.last() == before


@pytest.mark.parametrize(
    ("reason", "agreed_on", "field"),
    [
        (" ", dt.date(2026, 11, 26), "reason"),
        ("New job", dt.date(2026, 11, 27), "agreed_on"),  # tomorrow
        ("New job", dt.date(2026, 8, 31), "agreed_on"),  # before version 1
        ("x" * 201, dt.date(2026, 11, 26), "reason"),
        ("two\nlines", dt.date(2026, 11, 26), "reason"),
    ],
)
def test_a_revision_needs_a_short_reason_and_a_day_between_the_last_version_and_today(store, rel, reason, agreed_on, field):
    with pytest.raises(ValidationError) as refused:
        revise_agreement(store, rel.id, {"duration": "1 year"}, reason=reason, agreed_on=agreed_on)
    assert refused.value.field == field
    assert [a.version for a in store.agreements(rel.id)] == [1]


def test_the_first_version_needs_no_reason(store):
    rel = store.add_relationship(partner="Sam", role="mentee", started_on=dt.date(2026, 9, 1))
    version = revise_agreement(store, rel.id, {"cadence": "FREQ=WEEKLY"}, reason="", agreed_on=store.clock.today())
    assert (version.version, version.reason, version.agreed_on) == (1, "", dt.date(2026, 11, 26))
