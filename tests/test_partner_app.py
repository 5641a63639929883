"""The partner exchange in the app: what is shared and what stays private (said once, as
data, and shown), the partner dialogs, and the status on the Relationship screen."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.app import make_app
from mentortui.core.sharing import PRIVATE, SHARED
from mentortui.data.schema import SHARED_TABLES
from tests.ui_helpers import screen_text


@pytest.fixture
def mentee(store):
    return store.add_relationship(partner="Sam Lee", role="mentee", started_on=dt.date(2026, 9, 1))


def test_the_sharing_words_name_the_tables_and_marks_the_exchange_uses(store):
    """The words shown to the user can't drift from what the exchange sends: every shared
    part is a shared table (its mark a real column), and every private part a real table."""
    tables = set(store.db.table_names())
    assert {table for table, _mark, _words in SHARED} == set(SHARED_TABLES) - {"relationships"}
    for table, mark, _words in SHARED:
        if mark:
            assert mark in {row[1] for row in store.conn.execute(f"PRAGMA table_info({table})")}
    for table, _words in PRIVATE:
        assert table in tables
    # Unshared feedback and notes stay private: the marks are named on both sides.
    assert {mark for _table, mark, _words in SHARED if mark} == {"shared", "notes_shared"}


async def test_the_relationship_screen_says_what_is_shared_and_what_stays_private(store, mentee):
    app = make_app(store=store)
    async with app.run_test(size=(110, 60)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Shared with your partner" in text and "Stays in your workbook only" in text
        for words in ("goals", "agenda items", "the agreement's current terms", "feedback you mark shared",
                      "meeting notes you mark shared", "why you are in it", "weekly reviews",
                      "feedback and meeting notes not marked shared", "settings"):
            assert words in text, words
    # Showing it writes nothing, and pairs nothing.
    assert store.journal.last().label == "Add relationship with {partner}"
    assert store.conn.execute("SELECT count(*) FROM partner_links").fetchone()[0] == 0
