"""The app shell and the Relationship screen, driven with keys as a user would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.widgets import OptionList

from mentortui.core.config import Preferences
from mentortui.app import make_app
from mentortui.core.clock import FrozenClock
from mentortui.data.store import Store
from mentortui.ui.forms import FormScreen
from mentortui.ui.wizard import WizardScreen
from mentortui.ui.help import HelpScreen
from mentortui.ui.screens.relationship import RelationshipScreen
from mentortui.ui.screens.goals import GoalsScreen
from mentortui.ui.switcher import SwitcherScreen
from tests.ui_helpers import fill_field, screen_text, type_text


async def first_run(pilot, partner="Ana Souza", cadence="every week", start="2026-09-01", end="6 months"):
    """The first-run wizard, a step at a time, as a new user goes through it."""
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen) and wizard.current == 0
    await type_text(pilot, partner)
    await pilot.press("enter")  # enter on a step's last field goes on
    await pilot.pause()
    assert wizard.current == 1
    await fill_field(pilot, "started_on", start)
    await fill_field(pilot, "end", end)
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert wizard.current == 2
    await fill_field(pilot, "cadence", cadence)
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert wizard.current == 3
    await fill_field(pilot, "why", "To give back what my mentors gave me")
    await pilot.press("ctrl+s")
    await pilot.pause()


async def onboard(pilot, partner="Ana Souza", cadence="every week", start="2026-09-01", end="6 months"):
    """The one-page form of "add a relationship"."""
    assert isinstance(pilot.app.screen, FormScreen)
    await type_text(pilot, partner)
    await fill_field(pilot, "started_on", start)
    await fill_field(pilot, "end", end)
    await fill_field(pilot, "cadence", cadence)
    await fill_field(pilot, "why", "To give back what my mentors gave me")
    await pilot.press("ctrl+s")
    await pilot.pause()


async def edit_agreement(pilot, **fields):
    await pilot.press("m")
    await pilot.pause()
    for name, text in fields.items():
        await fill_field(pilot, name, text)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_first_run_agreement_history_undo_and_switch(store):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # First run: the welcome wizard is open on its first step, partner name focused.
        text = screen_text(pilot)
        assert "Welcome to mentortui" in text and "Step 1 of 4 · Who it is with" in text
        assert app.screen.focused.id == "field-partner"
        await first_run(pilot)
        assert isinstance(app.screen, RelationshipScreen)
        [rel] = store.relationships()
        assert (rel.partner, rel.role, rel.started_on, rel.end_on) == (
            "Ana Souza", "mentee", dt.date(2026, 9, 1), dt.date(2027, 3, 1)
        )
        assert rel.why == "To give back what my mentors gave me"
        assert store.current_agreement(rel.id).cadence == "FREQ=WEEKLY"
        await pilot.press("7")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Ana Souza · mentee" in text and "every week" in text

        await edit_agreement(pilot, reason="Meet more often", cadence="every two weeks on tuesday",
                             my_responsibilities="Set the agenda")
        await edit_agreement(pilot, reason="A longer project", duration="9 months")
        assert [a.version for a in store.agreements(rel.id)] == [1, 2, 3]
        text = screen_text(pilot)
        assert "Agreement · version 3" in text
        assert "v3 ·" in text and "v2 ·" in text and "v1 ·" in text
        assert "Version 3 — Nov 26, 2026 — reason: A longer project — changed: Duration" in " ".join(text.split())
        assert "+ 9 months" in text
        # Looking at version 2 shows its own field-level changes.
        versions = app.screen.query_one("#versions", OptionList)
        versions.focus()
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(pilot)
        assert ("Version 2 — Nov 26, 2026 — reason: Meet more often — changed: We meet, My responsibilities"
                in " ".join(text.split()))
        assert "− every week" in text and "+ every 2 weeks on Tuesday" in text
        assert "+ Set the agenda" in text

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [a.version for a in store.agreements(rel.id)] == [1, 2]
        assert "Agreement · version 2" in screen_text(pilot)

        # A second relationship, then the switcher.
        await pilot.press("a")
        await pilot.pause()
        await onboard(pilot, partner="Sam Rivera")
        assert app.relationship.partner == "Sam Rivera"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SwitcherScreen)
        text = screen_text(pilot)
        assert "Ana Souza" in text and "Sam Rivera" in text
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.relationship.partner == "Ana Souza"
        assert store.setting("active_relationship") == str(rel.id)
        assert "Ana Souza · mentee" in screen_text(pilot)


async def test_french_flow(store):
    app = make_app(store=store, lang="fr", start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "Bienvenue dans mentortui" in text and "Étape 1 sur 4 · Avec qui" in text
        await first_run(pilot, cadence="toutes les deux semaines le mardi", start="1/9/2026", end="6 mois")
        [rel] = store.relationships()
        assert rel.started_on == dt.date(2026, 9, 1)  # day first in French
        text = screen_text(pilot)
        assert "Lignes directrices · version 1" in text
        assert "toutes les 2 semaines le mardi" in text
        assert "1er sept. 2026" in text
        assert "m Lignes directrices" in screen_text(pilot) and "r Réviser les lignes directrices" in screen_text(pilot)
        await edit_agreement(pilot, reason="Un projet plus long", duration="9 mois")
        said = "Version 2 — 26 nov. 2026 — raison\u00a0: Un projet plus long — modifié\u00a0: Durée"
        assert said in re.sub(r"[ \n]+", " ", screen_text(pilot))  # wrapped at 100 columns
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [a.version for a in store.agreements(rel.id)] == [1]


async def test_inline_errors_keep_what_was_typed(store):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        wizard = app.screen
        # A step goes on only when what it holds can be read.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert wizard.current == 0 and "Required." in screen_text(pilot)
        await type_text(pilot, "Ana")
        assert "Required." not in screen_text(pilot)  # typing clears the message
        await pilot.press("enter")
        await pilot.pause()
        await fill_field(pilot, "started_on", "32/13/2026")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert wizard.current == 1 and "“32/13/2026” is not a real date." in screen_text(pilot)
        assert wizard.focused.id == "field-started_on"
        await fill_field(pilot, "started_on", "2026-09-01")
        await fill_field(pilot, "end", "2026-08-01")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill_field(pilot, "cadence", "whenever")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert wizard.current == 2 and "as a meeting rhythm" in screen_text(pilot)
        await fill_field(pilot, "cadence", "weekly")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # Saving from the last step: the end before the start sends the user back to it.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert wizard.current == 1 and "The end must come after the start." in screen_text(pilot)
        assert store.relationships() == []
        # Back to the first step and forth: everything typed is kept.
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert wizard.current == 0 and wizard.query_one("#field-partner").value == "Ana"
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert wizard.current == 2 and wizard.query_one("#field-cadence").value == "weekly"
        await pilot.press("escape", "escape")
        await pilot.pause()
        # Escape on the first step leaves, but asks first when something was typed.
        await pilot.press("escape")
        await pilot.pause()
        assert "Discard what you typed?" in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is wizard and wizard.query_one("#field-end").value == "2026-08-01"
        await fill_field(pilot, "end", "2027-08-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [rel] = store.relationships()
        assert (rel.partner, rel.started_on, rel.end_on) == ("Ana", dt.date(2026, 9, 1), dt.date(2027, 8, 1))
        assert store.current_agreement(rel.id).cadence == "FREQ=WEEKLY"
        assert isinstance(app.screen, RelationshipScreen)


async def test_first_run_can_be_left_and_saved_from_the_first_step(store):
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        assert isinstance(app.screen, RelationshipScreen)
        assert "No relationship yet. Press a to add one." in screen_text(pilot)
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        await pilot.press("ctrl+s")  # the steps not reached keep their defaults: today, for 6 months
        await pilot.pause()
        [rel] = store.relationships()
        assert (rel.partner, rel.role, rel.started_on, rel.end_on) == ("Ana", "mentee", dt.date(2026, 11, 26),
                                                                       dt.date(2027, 5, 26))
        assert isinstance(app.screen, RelationshipScreen) and "Ana · mentee" in screen_text(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.relationships() == []


async def test_screen_keys_and_q_never_leave_the_welcome(store):
    """On a step whose focus is a choice (not a text field), 1–7 and q would switch screens or
    quit and drop what was typed: they do nothing while the welcome is open."""
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        await pilot.press("enter")  # step 2: the focus is on the role choice
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen) and wizard.current == 1
        await pilot.press("3", "7", "q", "ctrl+o")
        await pilot.pause()
        assert app.screen is wizard and app.is_running and wizard.current == 1
        await pilot.press("escape")  # back to step 1: the name is still there
        await pilot.pause()
        assert wizard.current == 0 and wizard.query_one("#field-partner").value == "Ana"
        assert store.relationships() == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Saved: the same keys work again.
        await pilot.press("escape", "3")
        await pilot.pause()
        assert [r.partner for r in store.relationships()] == ["Ana"]
        assert isinstance(app.screen, GoalsScreen)


async def test_disk_error_on_save_keeps_the_form(store, monkeypatch):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")

        def broken(*args, **kwargs):
            import sqlite3

            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(store, "save_agreement", broken)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Nothing was saved; your text is still here." in screen_text(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.query_one("#field-partner").value == "Ana"
    # The relationship written before the failure was rolled back with it.
    assert store.relationships() == []


@pytest.fixture
def with_relationship(store):
    rel = store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY", revisit_on=dt.date(2026, 11, 1))
    return rel


async def test_help_lists_every_key_of_the_screen(store, with_relationship):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        for key, what in [("e", "Edit profile"), ("m", "Edit agreement"), ("r", "Revise agreement"), ("a", "Add relationship"),
                          ("c", "Close"), ("^z", "Undo"), ("q", "Quit"), ("7", "Relationship")]:
            assert any(key in line.split("  ")[0].strip().split(" / ") and what in line for line in text.splitlines()), (key, what)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RelationshipScreen)


async def test_revisit_due_is_shown_and_revised_with_a_new_date(store, with_relationship):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "The revisit date has come" in screen_text(pilot)
        await pilot.press("r")
        await pilot.pause()
        # The date that has come, and the next one proposed: a quarter ahead, on the meeting day.
        assert "→ Sunday, November 1, 2026 (proposed: Thursday, March 4, 2027)" in screen_text(pilot)
        await fill_field(pilot, "reason", "Quarterly check")
        await fill_field(pilot, "revisit_on", "2027-03-04")
        await pilot.press("ctrl+s")
        await pilot.pause()
        revised = store.current_agreement(with_relationship.id)
        assert (revised.version, revised.revisit_on, revised.reason) == (2, dt.date(2027, 3, 4), "Quarterly check")
        assert "The revisit date has come" not in screen_text(pilot)


async def test_close_relationship_logs_thanks(store, with_relationship):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")  # the closing checklist; its first item: thank them
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await fill_field(pilot, "text", "Thank you for every question you asked me")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # close (the recap is left: asked first)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+s")  # ended today
        await pilot.pause()
        rel = store.relationship(with_relationship.id)
        assert (rel.status, rel.ended_on) == ("ended", dt.date(2026, 11, 26))
        [thanks] = store.feedback(rel.id)
        assert (thanks.kind, thanks.direction, thanks.text) == ("thanks", "given", "Thank you for every question you asked me")
        assert "ended on Nov 26, 2026" in screen_text(pilot)
        await pilot.press("ctrl+z")  # reopens it; the thanks was a change of its own
        await pilot.pause()
        assert store.relationship(rel.id).status == "active" and len(store.feedback(rel.id)) == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.feedback(rel.id) == []


async def test_delete_relationship_confirms_and_undoes(store, with_relationship):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert "Delete the relationship with Ana and everything in it?" in screen_text(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert store.relationships() == []
        assert "No relationship yet. Press a to add one." in screen_text(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [r.partner for r in store.relationships()] == ["Ana"]
        assert store.current_agreement(with_relationship.id).version == 1


async def test_keymap_rebinds_a_screen_key(store, with_relationship, tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"screen.relationship" = "f7"\n"app.undo" = "ctrl+u"\n')
    app = make_app(store=store, keymap_path=keymap, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        keys = {b.binding.id: key for key, b in app.screen.active_bindings.items()}
        assert keys["screen.relationship"] == "f7" and keys["app.undo"] == "ctrl+u"
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "reason", "A longer project")
        await fill_field(pilot, "duration", "1 year")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert store.current_agreement(with_relationship.id).version == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ("[keys\n", "not used"),
        ('[keys]\n"no.such.binding" = "x"\n', "unknown binding id “no.such.binding”"),
        ('[keys]\n"screen.relationship" = 7\n', "needs keys as text"),
        ('[keys]\n"screen.relationship" = "crtl+7"\n', "has an invalid key “crtl+7”"),
    ],
)
async def test_bad_keymap_gives_a_message_and_the_defaults(store, with_relationship, tmp_path, content, message):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text(content)
    app = make_app(store=store, keymap_path=keymap, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert any(message in n.message for n in app._notifications)
        keys = {b.binding.id: key for key, b in app.screen.active_bindings.items()}
        assert keys["screen.relationship"] == "7"


async def test_theme_persists_between_runs_as_a_preference_of_the_person(db_path, tmp_path, clock):
    store = Store.open(db_path, clock)
    store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test() as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    store.close()
    # Kept in the config folder, not in the workbook: another workbook opens with it too.
    assert Preferences().get("theme") == "nord"
    assert Store.open(db_path, clock).setting("theme") is None
    other = Store.open(tmp_path / "other.db", clock)
    other.add_relationship(partner="Bo", role="mentee", started_on=dt.date(2026, 9, 1))
    app = make_app(store=other, start_mode="relationship")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    other.close()


async def test_a_theme_kept_in_an_older_workbook_is_still_used(db_path, clock):
    store = Store.open(db_path, clock)
    store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))
    store.set_setting("theme", "gruvbox")
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"
    store.close()


async def test_palette_offers_screens_and_actions(store, with_relationship):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Go to Relationship", "Relationship: Edit agreement", "Relationship: Close", "Switch relationship",
                         "Undo", "Quit"):
            assert expected in titles
        # Only mentortui's own commands, not Textual's internals.
        assert not [title for title in titles if "Focus" in title or "Copy selected text" in title]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "edit agreement")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "Revise the agreement — saving makes version 2" in screen_text(pilot)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_onboarding_fits_small_terminals(store, size):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        for step in range(4):
            wizard = app.screen.query_one(".wizard")
            assert wizard.region.right <= size[0] and wizard.region.bottom <= size[1]
            focused = app.screen.focused
            assert focused.region.width >= 20 and focused.region.bottom <= size[1] - 1
            footer = app.screen.query_one("Footer")
            assert footer.region.bottom == size[1] and "^s Save" in screen_text(pilot)
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert app.screen.current == 3


async def test_hostile_names_are_shown_literally(store):
    nasty = "[@click=app.quit]Ana[/] \x1b]0;pwned\x07"
    rel = store.add_relationship(partner=nasty, role="mentee", started_on=dt.date(2026, 9, 1), why="[bold]why[/]")
    store.save_agreement(rel.id, my_responsibilities="[/]")
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "[@click=app.quit]Ana[/]" in text and "[bold]why[/]" in text and "[/]" in text
        assert "\x1b" not in text and "pwned\x07" not in text
        await pilot.click("#profile")
        await pilot.pause()
        assert app.is_running


async def test_other_instance_changes_appear_on_refresh(db_path, clock, with_relationship, store):
    other = Store.open(db_path, FrozenClock("2026-11-26T11:00"))
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        other.save_agreement(with_relationship.id, duration="A whole year")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "A whole year" in screen_text(pilot)
    other.close()
