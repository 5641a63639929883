"""Starting, editing, closing and deleting a relationship, and its agreement, at the domain level."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from mentortui.data import review as reviews
from mentortui.data.model import ValidationError
from mentortui.domain.agreements import NothingChanged, push_revisit, save_agreement
from mentortui.domain.relationships import (
    close_relationship,
    create_relationship,
    delete_relationship,
    edit_profile,
)


@pytest.fixture
def rel(store):
    return create_relationship(store, partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1), cadence="FREQ=WEEKLY")


def test_creating_makes_the_first_agreement_with_a_revisit_in_one_change(store):
    rel = create_relationship(store, partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1),
                              end=relativedelta(months=6), cadence="FREQ=WEEKLY;BYDAY=TU", modes=["video"])
    assert rel.end_on == dt.date(2027, 3, 1)
    agreement = store.current_agreement(rel.id)
    assert (agreement.version, agreement.duration, agreement.modes) == (1, "6 months", ["video"])
    assert agreement.revisit_on == dt.date(2027, 3, 2)  # a quarter ahead, on the Tuesday meeting day
    assert store.undo().label == "Add relationship with {partner}"
    assert store.relationships() == [] and store.undo() is None


def test_an_end_before_the_start_is_refused_and_nothing_is_written(store):
    with pytest.raises(ValidationError) as refused:
        create_relationship(store, partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1), end=dt.date(2026, 8, 1))
    assert (refused.value.field, refused.value.message) == ("end", "The end must come after the start.")
    assert store.relationships() == []


def test_a_relationship_started_from_a_candidate_links_it_in_the_same_change(store):
    candidate = store.add_candidate("Margaret Okafor")
    rel = create_relationship(store, partner="Margaret Okafor", role="mentee", started_on=dt.date(2026, 9, 1),
                              candidate_id=candidate.id)
    assert [c.relationship_id for c in store.candidates()] == [rel.id]
    store.undo()  # one ctrl+z takes both back
    assert store.relationships() == [] and [c.relationship_id for c in store.candidates()] == [None]


def test_edit_profile_writes_only_when_something_changed(store, rel):
    edited = edit_profile(store, rel.id, {"why": None, "hope_to_learn": "Patience"})
    assert (edited.why, edited.hope_to_learn) == ("", "Patience")
    assert store.undo().label == "Edit relationship with {partner}"
    edit_profile(store, rel.id, {})
    assert store.undo().label == "Add relationship with {partner}"  # no empty change in between


def test_closing_keeps_the_thanks_and_is_one_change(store, rel):
    closed = close_relationship(store, rel.id, dt.date(2026, 11, 26), stay_in_touch_months=6, thanks=" Thank you ")
    assert (closed.status, closed.ended_on, closed.stay_in_touch_months) == ("ended", dt.date(2026, 11, 26), 6)
    [thanks] = store.feedback(rel.id)
    assert (thanks.kind, thanks.direction, thanks.text) == ("thanks", "given", "Thank you")
    store.undo()
    assert store.relationship(rel.id).status == "active" and store.feedback(rel.id) == []


def test_delete_is_undone_with_everything_in_it(store, rel):
    delete_relationship(store, rel.id)
    assert store.relationships() == []
    assert store.undo().label == "Delete relationship with {partner}"
    assert store.current_agreement(rel.id).version == 1


def test_saving_the_agreement_makes_a_version_and_records_it_in_the_review(store, rel):
    review = reviews.open_review(store, store.clock.today())
    version = save_agreement(store, rel.id, {"duration": "9 months"}, review=review)
    assert (version.version, version.duration, version.cadence) == (2, "9 months", "FREQ=WEEKLY")
    assert store.review(review.week).changes == [
        {"what": "Agreement reviewed (version {n})", "params": {"n": 2}, "relationship_id": rel.id}]
    store.undo()  # the version and its line in the review, together
    assert store.current_agreement(rel.id).version == 1 and store.review(review.week).changes == []


def test_saving_the_same_terms_is_refused_without_a_new_version(store, rel):
    with pytest.raises(NothingChanged) as refused:
        save_agreement(store, rel.id, {"cadence": "FREQ=WEEKLY", "duration": None})
    assert refused.value.message == "No term changed: nothing was written, the agreement stays at version 1."
    assert [a.version for a in store.agreements(rel.id)] == [1]


def test_push_revisit_moves_the_date_a_quarter_ahead_on_a_meeting_day(store, rel):
    review = reviews.open_review(store, store.clock.today())
    # Made today, the agreement's revisit is already the one proposed: no empty version.
    assert push_revisit(store, rel.id, dt.date(2026, 11, 26), review=review) == dt.date(2027, 3, 4)
    assert [a.version for a in store.agreements(rel.id)] == [1]
    revisit = push_revisit(store, rel.id, dt.date(2027, 3, 4), review=review)
    assert revisit == store.current_agreement(rel.id).revisit_on == dt.date(2027, 6, 10)  # weekly on Thursdays
    assert store.review(review.week).changes == [
        {"what": "Agreement revisit pushed to {date}", "params": {"date": "Jun 10, 2027"}, "relationship_id": rel.id}]
    assert store.undo().label == "Push the agreement's revisit date"
    assert store.current_agreement(rel.id).version == 1


def test_push_revisit_without_an_agreement_writes_and_records_nothing(store):
    store.add_relationship(partner="Sam", role="mentee", started_on=dt.date(2026, 9, 1))
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    review = reviews.open_review(store, store.clock.today())
    assert push_revisit(store, rel.id, dt.date(2026, 11, 26), review=review) is None
    assert store.agreements(rel.id) == [] and store.review(review.week).changes == []
    # The next ctrl+z would take back the last real change, not an empty one.
    assert store.journal.last().params == {"partner": "Ana"}
