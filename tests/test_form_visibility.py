"""Forms keep the field being edited in view, with its label, preview and error, at the
usual terminal sizes; a save with errors goes to the first one and says at the top how
many fields need attention."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot

from mentortui.app import make_app
from mentortui.exchange.demo import fill_demo
from mentortui.ui.forms import FormScreen
from tests.ui_helpers import in_view, type_text, visible_text, widget_text


@pytest.fixture
def demo(store):
    fill_demo(store, size="small")
    return store


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def give_a_reason(pilot: Pilot, reason: str = "A new job") -> None:
    """The revision form asks why first (required): answer it, as a user does."""
    await tab_to(pilot, "reason")
    await retype(pilot, reason)


async def tab_to(pilot: Pilot, name: str) -> None:
    """Press tab, as a user does, until field ``name`` has the focus."""
    for _ in range(20):
        if pilot.app.focused is not None and pilot.app.focused.id == f"field-{name}":
            return
        await press(pilot, "tab")
    raise AssertionError(f"tab never reached {name}")


async def retype(pilot: Pilot, text: str) -> None:
    """Replace what the focused one-line field holds by ``text``."""
    await press(pilot, "end", "ctrl+u")
    await type_text(pilot, text)
    await pilot.pause()


def shows(pilot: Pilot, widget_id: str) -> bool:
    """Widget ``widget_id`` is in view and every line of it is on the terminal."""
    widget = pilot.app.screen.query_one(f"#{widget_id}")
    screen = visible_text(pilot)
    return in_view(widget) and all(line in screen for line in widget_text(widget).splitlines())


async def test_a_bad_date_typed_below_the_fold_shows_its_error(demo):
    relationship = demo.relationships()[0]
    versions = len(demo.agreements(relationship.id))
    app = make_app(store=demo)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "7", "m")
        assert isinstance(app.screen, FormScreen)
        await give_a_reason(pilot)
        assert not in_view(app.screen.query_one("#field-revisit_on"))  # the form is taller than the terminal
        await tab_to(pilot, "revisit_on")
        await retype(pilot, "32/13/2026")
        error = app.screen.query_one("#error-revisit_on")
        assert "“32/13/2026”" in widget_text(error)  # said as it is typed, not only on save
        for part in ("label", "field", "hint", "error"):
            assert shows(pilot, f"{part}-revisit_on"), part
        assert "Revisit on" in visible_text(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "1 field needs attention: Revisit on" in visible_text(pilot)
        assert shows(pilot, "error-revisit_on")
    assert len(demo.agreements(relationship.id)) == versions  # nothing written


async def test_the_keystroke_that_makes_the_error_appear_brings_it_into_view(demo):
    """The error line is laid out a refresh after it appears: the form scrolls to it then,
    not only at the next keystroke."""
    app = make_app(store=demo)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "7", "m")
        await tab_to(pilot, "revisit_on")
        await press(pilot, "end", "ctrl+u")
        await press(pilot, "q")  # one key, and the date can't be read
        assert "Can't read “q” as a date." in widget_text(app.screen.query_one("#error-revisit_on"))
        for part in ("label", "field", "hint", "error"):
            assert shows(pilot, f"{part}-revisit_on"), part


async def test_the_rubric_scrolls_into_view_item_by_item(demo):
    relationship = demo.relationships()[0]
    before = len(demo.feedback(relationship.id))
    app = make_app(store=demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "5", "a")
        assert isinstance(app.screen, FormScreen)
        await tab_to(pilot, "text")
        await type_text(pilot, "Start the review with the open questions")
        await tab_to(pilot, "rubric")
        for _ in range(4):  # down to the last of the five boxes
            await press(pilot, "down")
            assert shows(pilot, "field-rubric")
        assert shows(pilot, "label-rubric")
        assert "Ends with confidence in them" in visible_text(pilot)
        await press(pilot, "space", "ctrl+s")
        assert not isinstance(app.screen, FormScreen)
    entries = demo.feedback(relationship.id)
    assert len(entries) == before + 1
    saved = next(entry for entry in entries if entry.text == "Start the review with the open questions")
    assert saved.rubric == ["confidence"]


async def test_saving_with_two_bad_fields_counts_them_and_goes_to_the_first(demo):
    relationship = demo.relationships()[0]
    current = demo.current_agreement(relationship.id)
    app = make_app(store=demo)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "7", "m")
        await give_a_reason(pilot)
        await tab_to(pilot, "cadence")
        await retype(pilot, "every bananas")
        await tab_to(pilot, "revisit_on")
        await retype(pilot, "32/13/2026")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "2 fields need attention: How often we meet, Revisit on" in visible_text(pilot)
        assert app.focused.id == "field-cadence"  # scrolled back up to the first one
        assert shows(pilot, "label-cadence") and shows(pilot, "error-cadence")
        assert demo.current_agreement(relationship.id).version == current.version
        # Fixing them clears the count, field by field.
        await retype(pilot, "monthly")
        assert "1 field needs attention: Revisit on" in visible_text(pilot)
        await tab_to(pilot, "revisit_on")
        await retype(pilot, "2027-03-10")
        assert "need attention" not in visible_text(pilot)
        assert not app.screen.query_one("#form-attention").display
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormScreen)
    saved = demo.current_agreement(relationship.id)
    assert saved.version == current.version + 1
    assert saved.revisit_on == dt.date(2027, 3, 10)
    assert saved.cadence != current.cadence


async def test_the_count_is_said_in_french(store):
    fill_demo(store, size="small", lang="fr")
    relationship = store.relationships()[0]
    versions = len(store.agreements(relationship.id))
    app = make_app(store=store, lang="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "7", "m")
        await give_a_reason(pilot)
        await tab_to(pilot, "cadence")
        await retype(pilot, "tous les jamais")
        await tab_to(pilot, "revisit_on")
        await retype(pilot, "32/13/2026")
        await press(pilot, "ctrl+s")
        count = widget_text(app.screen.query_one("#form-attention")).replace("\n", " ")  # wrapped at 80 columns
        assert count == "2 champs à revoir\u00a0: À quelle fréquence nous nous voyons, À réviser le"
        assert shows(pilot, "form-attention") and shows(pilot, "error-cadence")
        assert app.focused.id == "field-cadence"
    assert len(store.agreements(relationship.id)) == versions


async def test_the_focused_field_stays_in_view_when_the_terminal_shrinks(demo):
    app = make_app(store=demo)
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "7", "m")
        await tab_to(pilot, "revisit_on")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        for part in ("field", "hint", "label"):
            assert shows(pilot, f"{part}-revisit_on"), part
