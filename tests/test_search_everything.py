"""Search finds every piece of text the user wrote (migration m008): the relationship's
profile, mentor candidates, the guide checklist's notes and the weekly reviews' answers,
and choosing a hit opens the screen where that text lives."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from mentortui.app import make_app
from mentortui.core.refs import CandidateRef, PracticeRef, RelationshipRef, ReviewRef
from mentortui.data.db import open_database
from mentortui.data.search import search
from mentortui.data.store import Store
from mentortui.domain import candidates, guide
from mentortui.domain.review import save_answers
from tests.test_search import palette_pick
from tests.ui_helpers import screen_text, type_text, visible_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def written(store):
    """One relationship with a word of its own in each newly searchable place."""
    rel = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1),
                                 why="Grow into capybara architecture", hope_to_learn="How to run a tapir review")
    candidate = candidates.add_candidate(store, "Dana Kim", notes="Knows the ocelot platform well")
    guide.write_note(store, rel.id, "E2", "", "Bring the okapi questions first")
    review = store.start_review("2026-W47")
    review = save_answers(store, review, {"wins": "Shipped the gecko release", f"{rel.id}:guide-E2": "Asked about the lynx"}, 1)
    return {"rel": rel, "candidate": candidate, "review": review}


def kinds(hits):
    return [(hit.kind, hit.ref) for hit in hits]


def test_profile_candidates_checklist_notes_and_review_answers_are_found(store, written):
    assert kinds(search(store, "capybara")) == [("profile", RelationshipRef())]
    assert kinds(search(store, "tapir")) == [("profile", RelationshipRef())]
    assert kinds(search(store, "ocelot")) == [("candidate", CandidateRef(written["candidate"].id))]
    assert kinds(search(store, "dana")) == [("candidate", CandidateRef(written["candidate"].id))]
    assert kinds(search(store, "okapi")) == [("checklist", PracticeRef("E2", None))]
    assert kinds(search(store, "gecko")) == [("review", ReviewRef(written["review"].id))]
    assert kinds(search(store, "lynx")) == [("review", ReviewRef(written["review"].id))]
    [hit] = search(store, "gecko")
    assert hit.partner == "" and hit.when == dt.date(2026, 11, 26)  # the review is the person's, not one relationship's
    # A question's key is not text the user wrote.
    assert search(store, "wins") == [] and search(store, "guide") == []
    # A candidate linked to no relationship has no partner.
    [hit] = search(store, "ocelot")
    assert hit.relationship_id is None and hit.partner == ""


def test_the_new_index_follows_edits_deletes_and_undo(store, written):
    rel, candidate = written["rel"], written["candidate"]
    candidates.edit_candidate(store, candidate.id, notes="Runs the meerkat guild")
    assert search(store, "ocelot") == [] and kinds(search(store, "meerkat")) == [("candidate", CandidateRef(candidate.id))]
    store.undo()
    assert search(store, "meerkat") == [] and len(search(store, "ocelot")) == 1
    guide.write_note(store, rel.id, "E2", "", "")
    assert search(store, "okapi") == []
    store.undo()
    assert len(search(store, "okapi")) == 1
    save_answers(store, written["review"], {"wins": "A quiet week"}, 2)
    assert search(store, "gecko") == [] and len(search(store, "quiet")) == 1 and len(search(store, "lynx")) == 1
    candidates.delete_candidate(store, candidate.id)
    assert search(store, "ocelot") == []
    # Ticking an item or moving a review on does not touch the index (m005's rule).
    before = store.conn.total_changes
    store.conn.execute("UPDATE checklist SET state = 'done'")
    store.conn.execute("UPDATE reviews SET step = 3")
    assert store.conn.total_changes - before == 2


def test_upgrading_indexes_the_text_already_there(tmp_path, clock):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v5.db", path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE relationships SET why = 'The capybara plan'")
        conn.execute("INSERT INTO candidates (name, notes, created_at) VALUES ('Dana', 'ocelot', '2026-11-01T10:00:00')")
        conn.execute("INSERT INTO checklist (relationship_id, practice, item, note, changed_at)"
                     " VALUES (1, 'E2', '', 'okapi', '2026-11-01T10:00:00')")
        conn.execute("INSERT INTO reviews (relationship_id, week, started_at, answers)"
                     " VALUES (1, '2026-W45', '2026-11-02T10:00:00', ?)", [json.dumps({"wins": "gecko"})])
        conn.execute("INSERT INTO reviews (relationship_id, week, started_at, answers)"
                     " VALUES (1, '2026-W46', '2026-11-09T10:00:00', 'not json')")
    conn.close()
    store = Store(open_database(path, now=dt.datetime(2026, 11, 26, 10)), clock)
    try:
        assert {hit.kind for word in ("capybara", "ocelot", "okapi", "gecko") for hit in search(store, word)} == {
            "profile", "candidate", "checklist", "review"}
        assert search(store, "json") == []  # a foreign, malformed answer is indexed as nothing
    finally:
        store.close()


async def test_palette_opens_where_each_text_lives(store, written):
    app = make_app(store=store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        await palette_pick(pilot, "capybara")
        assert app.current_mode == "relationship"
        assert "Grow into capybara architecture" in screen_text(pilot)

        await palette_pick(pilot, "ocelot")
        assert app.current_mode == "guide"
        assert app.screen.candidates.display and "Dana Kim" in screen_text(pilot)

        await pilot.press("escape")
        await palette_pick(pilot, "okapi")
        assert app.current_mode == "guide"
        assert "Bring the okapi questions first" in screen_text(pilot)

        await palette_pick(pilot, "gecko")
        assert app.current_mode == "review" and app.screen.showing_history
        assert "Week 2026-W47" in screen_text(pilot)
        assert "Shipped the gecko release" in screen_text(pilot)
    # The rows hold what was found, unchanged by the visit.
    assert store.relationship(written["rel"].id).why == "Grow into capybara architecture"
    assert store.review("2026-W47").answers["wins"] == "Shipped the gecko release"


async def test_a_review_hit_says_its_day_alone(store, written):
    """A review is the person's, not one relationship's: its hit names no partner, and no
    separator stands where the name would be."""
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "gecko")
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = [line.strip() for line in visible_text(pilot).splitlines()]
        found = lines.index(next(line for line in lines if line.startswith("Weekly review answer")))
        assert lines[found + 1] == "Nov 26, 2026"
        await pilot.press("escape")
    assert store.review("2026-W47").answers["wins"] == "Shipped the gecko release"
