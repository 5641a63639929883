"""The Guide screen: the ten practices as checklists, what the data already answers, and
the mentor candidates — the content in both languages, and the screen driven with keys."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest
from textual.widgets import DataTable, OptionList

from mentortui.app import make_app
from mentortui.core.clock import FrozenClock
from mentortui.core.refs import AgreementRef, FeedbackRef, GoalRef
from mentortui.exchange.demo import CHECKLIST_ITEMS
from mentortui.exchange.json_backup import export_workbook, import_workbook
from mentortui.data.store import Store
from mentortui.domain.guide import (
    EVIDENCE,
    ContentError,
    checklist_status,
    load_guide,
    next_state,
    overall,
    parse_guide,
)
from mentortui.core.i18n import set_language
from mentortui.ui.forms import FormScreen
from mentortui.ui.help import HelpScreen
from mentortui.ui.screens.guide import GuideScreen
from mentortui.ui.screens.relationship import RelationshipScreen
from tests.ui_helpers import fill_field, screen_text, type_text

TALL = (120, 70)  # every practice of a role on screen at once

# ---- the content -------------------------------------------------------------------------


def test_ten_practices_five_for_the_mentor_five_for_the_mentee():
    guide = load_guide()
    assert [p.key for p in guide.for_role("mentor")] == ["M1", "M2", "M3", "M4", "M5"]
    # The career-goals practice is the mentee's (it was stored as the mentor's M6).
    assert [p.key for p in guide.for_role("mentee")] == ["E0", "E1", "E2", "E3", "E4"]
    assert guide.practice("M6").key == "E0" and "M6" in guide.known_keys()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_practice_and_item_exists_in_both_languages(lang):
    for practice in load_guide().practices:
        assert practice.heading(lang).strip()
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", practice.explain(lang)) if s]
        assert 2 <= len(sentences) <= 6, (practice.key, lang, len(sentences))
        assert 3 <= len(practice.items) <= 7
        for item in practice.items:
            assert item.label(lang).strip(), (practice.key, item.key, lang)
    english, french = (
        [p.heading(lang) for p in load_guide().practices] for lang in ("en", "fr")
    )
    assert not set(english) & set(french)  # really translated, not copied


def test_content_is_checked_when_loaded():
    good = {
        "practices": [
            {
                "key": "M1", "role": "mentor", "title": {"en": "T", "fr": "T fr"},
                "explanation": {"en": "E.", "fr": "E fr."},
                "items": [{"key": f"item-{n}", "en": "x", "fr": "y"} for n in "abc"],
            }
        ]
    }
    assert [p.key for p in parse_guide(good).practices] == ["M1"]
    missing_french = json.loads(json.dumps(good))
    del missing_french["practices"][0]["items"][1]["fr"]
    with pytest.raises(ContentError, match=r"M1\.item-b: missing in fr"):
        parse_guide(missing_french)
    unknown_check = json.loads(json.dumps(good))
    unknown_check["practices"][0]["items"][0]["evidence"] = "no-such-check"
    with pytest.raises(ContentError, match="unknown evidence"):
        parse_guide(unknown_check)
    too_few = json.loads(json.dumps(good))
    too_few["practices"][0]["items"].pop()
    with pytest.raises(ContentError, match="2 items"):
        parse_guide(too_few)


def test_every_data_check_is_used_and_the_demo_uses_the_content_keys():
    guide = load_guide()
    used = {item.evidence for p in guide.practices for item in p.items if item.evidence}
    assert used == set(EVIDENCE)
    assert {p.key: tuple(i.key for i in p.items) for p in guide.practices} == CHECKLIST_ITEMS


def test_the_guide_logic_needs_no_textual():
    code = "import sys, mentortui.domain.guide; print(any(m.startswith('textual') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_next_state_cycles():
    assert [next_state(s) for s in ("todo", "doing", "done")] == ["doing", "done", "todo"]


# ---- what the data answers -----------------------------------------------------------------


def _statuses(store, rel, role):
    return {(s.practice.key, i.item.key): i for s in checklist_status(store, rel, role) for i in s.items}


def test_items_follow_the_data_from_each_side(store):
    rel = store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))
    items = _statuses(store, rel, "mentor")
    assert not items[("M2", "frequency-agreed")].done
    assert items[("M2", "frequency-agreed")].evidence.ref == AgreementRef()
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY", modes=["video"])
    items = _statuses(store, rel, "mentor")
    assert items[("M2", "frequency-agreed")].evidence.detail == "Agreed: every week."
    assert items[("M2", "modes-agreed")].done and not items[("M2", "responsibilities-written")].done
    # Praise I give as a mentor answers M3; seen from the mentee's list it is praise received.
    store.add_feedback(rel.id, direction="given", kind="praise", text="Great write-up", date=dt.date(2026, 11, 20))
    assert _statuses(store, rel, "mentor")[("M3", "encouragement-given")].done
    thanks = store.add_feedback(rel.id, direction="received", kind="thanks", text="Thank you!", date=dt.date(2026, 11, 21))
    mentee_side = _statuses(store, rel, "mentee")
    assert mentee_side[("E4", "thanks-said")].evidence.ref == FeedbackRef(thanks.id)
    # My profile and my candidates say nothing about the other side: those items are plain.
    assert mentee_side[("E1", "candidates-compared")].evidence is None
    goal = store.add_goal(rel.id, "Lead a design review", horizon="long")
    items = _statuses(store, rel, "mentor")
    assert _statuses(store, rel, "mentee")[("E0", "career-vision")].evidence.ref == GoalRef(goal.id)
    assert items[("M5", "goals-owned")].done


def test_progress_counts_ticks_and_data(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1), end_on=dt.date(2027, 3, 1))
    store.set_checklist(rel.id, "E1", "criteria-listed", state="done")
    store.set_checklist(rel.id, "E1", "research-done", state="doing")
    statuses = checklist_status(store, rel, "mentee")
    e1 = next(status for status in statuses if status.practice.key == "E1")
    assert (e1.done, e1.total) == (1, 4)
    assert overall(statuses) == (2, 24)  # the tick, and the agreed end date (E4)


# ---- the screen ---------------------------------------------------------------------------


@pytest.fixture
def mentor(store):
    return store.add_relationship(partner="Ana Souza", role="mentor", started_on=dt.date(2026, 9, 1))


async def open_guide(pilot):
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GuideScreen)


async def highlight(pilot, row_id: str):
    """Move the cursor with the arrow keys to a row (``M4`` or ``M4/honest``)."""
    options = pilot.app.screen.query_one("#guide-items", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    target = ids.index(row_id)
    steps = target - options.highlighted
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps))
    await pilot.pause()
    assert options.highlighted == target


def entry(store, rel_id, practice, item):
    return next((e for e in store.checklist(rel_id) if (e.practice, e.item) == (practice, item)), None)


async def test_tick_items_as_a_mentor_with_undo(store, mentor):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guide(pilot)
        text = screen_text(pilot)
        assert "Your practices as mentor" in text and "0 of 25 done" in text
        assert "Identify why you want" in text and "Defining the reasons" in text
        await highlight(pilot, "M3/full-attention")
        await pilot.press("space")
        await pilot.pause()
        assert entry(store, mentor.id, "M3", "full-attention").state == "doing"
        assert "doing — space moves it on" in screen_text(pilot)
        await pilot.press("space")
        await pilot.pause()
        ticked = entry(store, mentor.id, "M3", "full-attention")
        assert (ticked.state, ticked.changed_at) == ("done", dt.datetime(2026, 11, 26, 10, 0))
        text = screen_text(pilot)
        assert "1 of 25 done" in text and "Last changed Nov 26, 2026" in text
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert entry(store, mentor.id, "M3", "full-attention").state == "doing"
        assert "0 of 25 done" in screen_text(pilot)


async def test_tick_items_as_a_mentee_and_data_items_are_not_ticked(store):
    rel = store.add_relationship(partner="Claire", role="mentee", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guide(pilot)
        assert "Your practices as mentee" in screen_text(pilot) and "Choose a mentor carefully" in screen_text(pilot)
        await highlight(pilot, "E1/criteria-listed")
        await pilot.press("space", "space")
        await pilot.pause()
        assert entry(store, rel.id, "E1", "criteria-listed").state == "done"
        await highlight(pilot, "E1/candidates-compared")
        assert "Not in your data yet" in screen_text(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert entry(store, rel.id, "E1", "candidates-compared") is None
        assert any("follows your data" in n.message for n in app._notifications)


async def test_a_note_survives_a_restart(db_path, clock, store, mentor):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guide(pilot)
        await highlight(pilot, "M1/learning-noticed")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Ana showed me a faster way to profile queries")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A note on the practice itself.
        await highlight(pilot, "M3")
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "Fewer answers, more questions")
        await pilot.press("ctrl+s")
        await pilot.pause()
    store.close()
    reopened = Store.open(db_path, clock)
    assert entry(reopened, mentor.id, "M1", "learning-noticed").note == "Ana showed me a faster way to profile queries"
    assert entry(reopened, mentor.id, "M3", "").note == "Fewer answers, more questions"
    app = make_app(store=reopened)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guide(pilot)
        await highlight(pilot, "M1/learning-noticed")
        text = screen_text(pilot)
        assert "My note:" in text and "Ana showed me a faster way" in text
        await highlight(pilot, "M3")
        assert "Fewer answers, more questions" in screen_text(pilot)
    reopened.close()


async def test_an_item_is_met_once_the_agreement_says_it_and_enter_goes_there(store, mentor):
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_guide(pilot)
        await highlight(pilot, "M2/frequency-agreed")
        text = screen_text(pilot)
        assert "Not in your data yet" in text and "No agreement yet" in text
        assert "enter: go to Relationship" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RelationshipScreen)
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "cadence", "every two weeks on tuesday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Answered by your data" in text and "Agreed: every 2 weeks on Tuesday." in text
        assert "✓ Guidelines: how often you interact" in text
        # The revisit date the agreement form proposes answers another item.
        assert "✓ Come back to these guidelines" in text
        # A short-term goal answers M2's goals worked on together; enter opens it on the Goals screen.
        goal = store.add_goal(mentor.id, "Lead a design review", horizon="short")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await highlight(pilot, "M2/goals-together")
        assert "Short-term goal: “Lead a design review”." in screen_text(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "goals" and goal.id


async def test_the_other_roles_list_is_read_only(store, mentor):
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        await open_guide(pilot)
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(pilot)
        assert "What the mentee is asked to do" in text
        assert "Choose a mentor carefully" in text and "Identify why you want" not in text
        keys = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "guide.cycle" not in keys and "guide.note" not in keys
        await pilot.press("down", "space", "e")
        await pilot.pause()
        assert store.checklist(mentor.id) == [] and isinstance(app.screen, GuideScreen)
        await pilot.press("o")
        await pilot.pause()
        assert "Your practices as mentor" in screen_text(pilot)


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_every_practice_renders_in_both_languages(store, mentor, lang):
    app = make_app(store=store, lang=lang)
    guide = load_guide()
    async with app.run_test(size=TALL) as pilot:
        await open_guide(pilot)
        for role in ("mentor", "mentee"):
            text = screen_text(pilot)
            for practice in guide.for_role(role):
                # Long headings wrap in the list: their first words.
                assert " ".join(practice.heading(lang).split()[:3]) in text, practice.key
                for item in practice.items:
                    assert item.label(lang).split()[0] in text
            await pilot.press("o")
            await pilot.pause()
    set_language("en")


async def test_filter_keeps_matching_practices_and_items(store, mentor):
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        await open_guide(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "feedback")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Give constructive feedback" in text and "Identify why you want" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert "Identify why you want" in screen_text(pilot)


async def test_help_and_palette(store, mentor):
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_guide(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        for key, what in [("space", "Tick"), ("e", "Note"), ("⏎", "Go to the data"), ("o", "Other role"),
                          ("/", "Filter"), ("c", "Candidates"), ("2", "Guide")]:
            assert any(key in line.split("  ")[0].strip().split(" / ") and what in line for line in text.splitlines()), key
        await pilot.press("escape")
        await pilot.press("7")
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Guide: Give constructive feedback" in titles and "Guide: Take the initiative" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Guide: give constructive")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        options = app.screen.query_one("#guide-items", OptionList)
        assert options.get_option_at_index(options.highlighted).id == "M4"
        # A mentee practice from the palette opens the mentee's list.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Guide: take the initiative")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert options.get_option_at_index(options.highlighted).id == "E2"
        assert "What the mentee is asked to do" in screen_text(pilot)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_fits_small_terminals(store, mentor, size, lang):
    app = make_app(store=store, lang=lang)
    async with app.run_test(size=size) as pilot:
        await open_guide(pilot)
        screen = app.screen
        items, detail = screen.query_one("#guide-items"), screen.query_one("#guide-detail")
        for widget in (items, detail):
            assert widget.region.right <= size[0] and widget.region.bottom <= size[1] - 1
            assert widget.region.width >= 25 and widget.region.height >= 6
        assert screen.query_one("Footer").region.bottom == size[1]
        await pilot.press("c")
        await pilot.pause()
        assert screen.query_one("#candidate-detail").region.height >= 5
    set_language("en")


# ---- candidates -----------------------------------------------------------------------------


async def choose(pilot, field: str, steps: int) -> None:
    """Open a choice field and move ``steps`` options down from the current one."""
    pilot.app.screen.query_one(f"#field-{field}").focus()
    await pilot.press("enter", *(["down"] * steps), "enter")
    await pilot.pause()


async def add_candidate(pilot, name: str, scores: tuple[int, int, int, int], notes: str = "") -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    await type_text(pilot, name)
    for criterion, score in zip(("score_goals", "score_respected", "score_network", "score_skills"), scores):
        await choose(pilot, criterion, score)
    if notes:
        await fill_field(pilot, "notes", notes)
    await pilot.press("ctrl+s")
    await pilot.pause()


def table_names(pilot) -> list[str]:
    table = pilot.app.screen.query_one("#candidate-table", DataTable)
    return [str(table.get_row_at(i)[0]).removesuffix(" ✓") for i in range(table.row_count)]


async def test_candidates_sorted_by_score_and_turned_into_a_relationship(store):
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # no relationship yet: leave the onboarding form
        await open_guide(pilot)
        assert "No relationship yet" in screen_text(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert "No candidates yet" in screen_text(pilot)
        await add_candidate(pilot, "Tom Becker", (2, 1, 1, 1))
        await add_candidate(pilot, "Margaret Okafor", (3, 3, 3, 2), notes="Made the move to staff twice")
        await add_candidate(pilot, "Priya Natarajan", (1, 3, 2, 3))
        assert [(c.name, c.total) for c in store.candidates()] == [
            ("Margaret Okafor", 11), ("Priya Natarajan", 9), ("Tom Becker", 5)
        ]
        assert table_names(pilot) == ["Margaret Okafor", "Priya Natarajan", "Tom Becker"]
        # The one just added is selected, its scores spelled out.
        text = screen_text(pilot)
        assert "Priya Natarajan  9 of 12" in text and "Respected in the field (3/3)" in text
        # Edit Tom's scores: he goes to the top.
        await pilot.press("down", "e")
        await pilot.pause()
        assert "Candidate: Tom Becker" in screen_text(pilot)
        await choose(pilot, "score_goals", 1)
        await choose(pilot, "score_skills", 2)
        await choose(pilot, "score_network", 2)
        await choose(pilot, "score_respected", 2)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_names(pilot)[0] == "Tom Becker"
        # Delete Priya, then undo.
        table = app.screen.query_one("#candidate-table", DataTable)
        table.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert "Priya Natarajan" in screen_text(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert [c.name for c in store.candidates()] == ["Tom Becker", "Margaret Okafor"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert table_names(pilot) == ["Tom Becker", "Margaret Okafor", "Priya Natarajan"]
        # Margaret becomes my mentor: the onboarding form opens with her name, as the mentee.
        await pilot.press("up", "up", "down")
        await pilot.pause()
        assert "r: start a relationship with them" in screen_text(pilot)
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-partner").value == "Margaret Okafor"
        assert form.query_one("#field-role").value == "mentee"
        await fill_field(pilot, "cadence", "every two weeks")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [rel] = store.relationships()
        assert (rel.partner, rel.role) == ("Margaret Okafor", "mentee")
        margaret = next(c for c in store.candidates() if c.name == "Margaret Okafor")
        assert margaret.relationship_id == rel.id
        assert isinstance(app.screen, RelationshipScreen)
        # Back on the guide (still on the candidates, as left; escape returns to the checklist),
        # the mentee's E1 item is answered by the comparison.
        await pilot.press("2")
        await pilot.pause()
        assert "Mentor candidates, best first" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await highlight(pilot, "E1/candidates-compared")
        text = screen_text(pilot)
        assert "3 candidates compared;" in text and "(12/12)." in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#candidate-table").has_focus
        assert "✓ Now your mentor: the relationship with Margaret Okafor." not in screen_text(pilot)
        await pilot.press("down")
        await pilot.pause()
        assert "✓ Now your mentor: the relationship with Margaret Okafor." in screen_text(pilot)
        keys = {b.binding.id for b in app.screen.active_bindings.values() if b.enabled}
        assert "guide.candidate-start" not in keys


async def test_hostile_text_is_shown_literally(store, mentor):
    nasty = "[@click=app.quit]Eve[/] \x1b]0;pwned\x07"
    store.add_candidate(nasty, notes="[bold]notes[/]", score_goals=3)
    store.set_checklist(mentor.id, "M1", "time-weighed", note="[/] two hours a month")
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_guide(pilot)
        await highlight(pilot, "M1/time-weighed")
        assert "[/] two hours a month" in screen_text(pilot)
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(pilot)
        assert "[@click=app.quit]Eve[/]" in text and "[bold]notes[/]" in text
        assert "\x1b" not in text and "pwned\x07" not in text
        await pilot.click("#candidate-detail")
        await pilot.pause()
        assert app.is_running


# ---- export ----------------------------------------------------------------------------------


async def test_export_round_trips_the_checklist_and_candidates(tmp_path, store, mentor):
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_guide(pilot)
        await highlight(pilot, "M3/full-attention")
        await pilot.press("space", "down", "space", "space", "e")
        await pilot.pause()
        await type_text(pilot, "Topics: career moves, code review")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await add_candidate(pilot, "Margaret Okafor", (3, 3, 3, 2), notes="First choice")
    exported = export_workbook(store)
    checklist = exported["relationships"][0]["checklist"]
    assert [(e["practice"], e["item"], e["state"], e["note"]) for e in checklist] == [
        ("M3", "full-attention", "doing", ""),
        ("M3", "questions-asked", "done", "Topics: career moves, code review"),
    ]
    [candidate] = exported["candidates"]
    assert (candidate["name"], candidate["score_goals"], candidate["score_skills"], candidate["notes"]) == (
        "Margaret Okafor", 3, 2, "First choice"
    )
    target = Store.open(tmp_path / "restored.db", FrozenClock("2027-01-01T09:00"))
    import_workbook(target, json.loads(json.dumps(exported)))
    again = export_workbook(target)
    target.close()
    assert {k: v for k, v in again.items() if k != "exported_at"} == {
        k: v for k, v in exported.items() if k != "exported_at"
    }
