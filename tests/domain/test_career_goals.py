"""The career-goals criterion of choosing a mentor is scored against the mentee's long-term
goals: mine as mentee, the current relationship's first; none of my mentees' goals."""

from __future__ import annotations

import datetime as dt

from mentortui.domain.candidates import career_goals


def test_my_long_term_goals_as_mentee_the_current_relationships_first(store):
    ana = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    cleo = store.add_relationship(partner="Cleo", role="mentee", started_on=dt.date(2026, 10, 1))
    bo = store.add_relationship(partner="Bo", role="mentor", started_on=dt.date(2026, 10, 1))
    store.add_goal(bo.id, "Bo's goal", horizon="long")  # my mentee's: not what I choose a mentor for
    store.add_goal(ana.id, "Give a talk", horizon="short")
    lead = store.add_goal(ana.id, "Lead the platform team", horizon="long")
    write = store.add_goal(cleo.id, "Write a book", horizon="long")
    dropped = store.add_goal(cleo.id, "Move abroad", horizon="long")
    store.update_goal(dropped.id, status="dropped")
    found = career_goals(store, ana)
    assert [g.title for g in found.goals] == ["Lead the platform team", "Write a book"]
    assert found.relationship_id == ana.id
    assert [g.id for g in career_goals(store, cleo).goals] == [write.id, lead.id]
    assert career_goals(store, bo).relationship_id in (ana.id, cleo.id)


def test_no_goal_yet_or_nobodys_mentee(store):
    assert career_goals(store, None) == career_goals(store)
    assert (career_goals(store).goals, career_goals(store).relationship_id) == ((), None)
    ana = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    assert (career_goals(store, ana).goals, career_goals(store, ana).relationship_id) == ((), ana.id)
