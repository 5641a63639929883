"""Every lost edit reported, on both sides (issue #20): when both people change the same field
offline, the engine keeps one value on both sides; the side whose edit was lost hears of it
exactly once, whichever side merges first, and the side that won names it."""

from __future__ import annotations

import datetime as dt
import random
from itertools import product

import pytest
from pycrdt import Doc

from mentortui.app import make_app
from mentortui.core.i18n import set_language
from mentortui.data.model import Goal
from mentortui.data.store import Store
from mentortui.exchange import partner
from mentortui.exchange.partner import engine
from mentortui.exchange.partner.engine import UpdateRefused
from mentortui.ui.forms import ConfirmScreen
from tests.test_partner_engine import MONDAY, Side
from tests.ui_helpers import fill_field, screen_text

ALEX_WORDS = "Give a talk (Alex's words)"
SAM_WORDS = "Give a talk (Sam's words)"


@pytest.fixture
def seeded_client_ids(monkeypatch):
    """Make the documents' client ids (which settle a same-field conflict) come from a seed."""

    def use(seed: int) -> None:
        draw = random.Random(seed)

        class SeededDoc(Doc):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, client_id=draw.randrange(1, 2**32), **kwargs)

        monkeypatch.setattr(engine, "Doc", SeededDoc)

    return use


def export(side: Side) -> tuple[bytes, bytes]:
    """A file's update and the sender's state vector, as an export writes them."""
    update = side.send()
    return update, side.doc.state_vector()


def paired_on_a_goal(tmp_path, name: str) -> tuple[Side, Side]:
    """Alex (the mentor) and Sam (the mentee), up to date on one goal."""
    alex = Side(tmp_path / f"alex-{name}.db", "mentor", "Sam")
    sam = Side(tmp_path / f"sam-{name}.db", "mentee", "Alex")
    alex.store.add_goal(alex.rel.id, "Give a talk")
    sam.receive(*export(alex))
    alex.receive(*export(sam))
    return alex, sam


def titles(side: Side) -> list[str]:
    return [goal.title for goal in side.store.select(Goal, "relationship_id = ?", [side.rel.id], "id")]


def concurrent_renames(tmp_path, name: str, sam_imports_first: bool) -> dict:
    """Both rename the goal offline, then swap files in the order given, then once more."""
    alex, sam = paired_on_a_goal(tmp_path, name)
    alex.store.update_goal(alex.goal("Give a talk").id, title=ALEX_WORDS)
    alex_1 = export(alex)
    sam.store.update_goal(sam.goal("Give a talk").id, title=SAM_WORDS)
    summaries: dict[str, list] = {"alex": [], "sam": []}
    if sam_imports_first:  # Sam merges Alex's file before sending anything
        summaries["sam"].append(sam.receive(*alex_1))
        summaries["alex"].append(alex.receive(*export(sam)))
    else:  # Sam had sent a file too: each merges the other's
        sam_1 = export(sam)
        summaries["alex"].append(alex.receive(*sam_1))
        summaries["sam"].append(sam.receive(*alex_1))
    summaries["alex"].append(alex.receive(*export(sam)))  # a further round: nothing is told twice
    summaries["sam"].append(sam.receive(*export(alex)))
    result = {"titles": (titles(alex), titles(sam)), "summaries": summaries}
    alex.store.close()
    sam.store.close()
    return result


@pytest.mark.parametrize("sam_imports_first", [True, False], ids=["sam-imports-first", "alex-imports-first"])
def test_a_same_field_conflict_is_reported_once_on_the_losing_side_and_named_on_the_winning_one(
    tmp_path, seeded_client_ids, sam_imports_first
):
    seen = set()
    for seed in range(40):
        seeded_client_ids(seed)
        result = concurrent_renames(tmp_path, f"{sam_imports_first}-{seed}", sam_imports_first)
        (alex_titles, sam_titles) = result["titles"]
        assert alex_titles == sam_titles and alex_titles[0] in (ALEX_WORDS, SAM_WORDS)  # both converge
        winner, loser = ("sam", "alex") if alex_titles[0] == SAM_WORDS else ("alex", "sam")
        kept, lost = (SAM_WORDS, ALEX_WORDS) if winner == "sam" else (ALEX_WORDS, SAM_WORDS)
        partner = {"alex": "Sam", "sam": "Alex"}
        summaries = result["summaries"]
        lost_lines = [line for s in summaries[loser] for line in s.lines() if "lost" in line]
        won_lines = [line for s in summaries[winner] for line in s.lines() if "lost" in line]
        assert lost_lines == [f"1 edit of yours lost to theirs: “{lost}” (title)"]
        assert won_lines == [f"1 edit by {partner[winner]} lost to yours: “{kept}” (title)"]
        assert [(e.field, e.mine, e.theirs) for s in summaries[loser] for e in s.lost] == [("title", lost, kept)]
        assert [(e.field, e.mine, e.theirs) for s in summaries[winner] for e in s.partner_lost] == [("title", lost, kept)]
        assert not any(s.partner_lost for s in summaries[loser]) and not any(s.lost for s in summaries[winner])
        seen.add(winner)
        if seen == {"alex", "sam"}:
            break
    assert seen == {"alex", "sam"}  # each side won once


def test_the_partners_lost_edit_in_french(tmp_path, seeded_client_ids):
    for seed in range(40):
        seeded_client_ids(seed)
        alex, sam = paired_on_a_goal(tmp_path, str(seed))
        alex.store.update_goal(alex.goal("Give a talk").id, title=ALEX_WORDS)
        alex_1 = export(alex)
        sam.store.update_goal(sam.goal("Give a talk").id, title=SAM_WORDS)
        set_language("fr")  # the autouse fixture sets English back
        summary = sam.receive(*alex_1)
        if summary.partner_lost:  # Sam's title won
            assert summary.lines() == [
                "1 modification faite par Alex perdue au profit des vôtres\u00a0: «\u00a0Give a talk (Sam's words)\u00a0» (titre)"
            ]
            assert titles(sam) == [SAM_WORDS]
            return
    pytest.fail("Sam's title never won")


def test_an_overwrite_after_seeing_the_partners_edit_is_not_reported_lost(tmp_path):
    alex, sam = paired_on_a_goal(tmp_path, "overwrite")
    alex.store.update_goal(alex.goal("Give a talk").id, title=ALEX_WORDS)
    assert sam.receive(*export(alex)).lines() == ["1 goal changed by Alex"]
    sam.store.update_goal(sam.goal(ALEX_WORDS).id, title=SAM_WORDS)  # Sam saw Alex's words, chose others

    summaries = [alex.receive(*export(sam)), sam.receive(*export(alex)), alex.receive(*export(sam))]

    assert summaries[0].lines() == ["1 goal changed by Sam"]
    assert all(not s.lost and not s.partner_lost for s in summaries)
    assert titles(alex) == titles(sam) == [SAM_WORDS]


def test_a_goal_deleted_while_the_partner_renamed_it_is_reported_to_both(tmp_path):
    alex, sam = paired_on_a_goal(tmp_path, "deleted")
    alex.store.update_goal(alex.goal("Give a talk").id, title=ALEX_WORDS)
    alex_1 = export(alex)
    sam.store.delete_goal(sam.goal("Give a talk").id)

    sam_summary = sam.receive(*alex_1)  # Sam merges first: Alex only hears of it from Sam's next file
    alex_summary = alex.receive(*export(sam))

    assert titles(alex) == titles(sam) == []
    assert sam_summary.lines()[-1] == "1 edit by Alex lost to yours: “Give a talk (Alex's words)” (deleted)"
    assert alex_summary.lines() == ["1 goal deleted by Sam", "1 edit of yours lost to theirs: “Give a talk (Alex's words)” (deleted)"]


def hostile_settled(alex: Side, key: str, value) -> tuple[bytes, bytes]:
    """Alex's next file with one conflict note written into it by hand."""
    alex.send()
    alex.doc.root(engine.SETTLED)[key] = value
    return alex.doc.state(), alex.doc.state_vector()


@pytest.mark.parametrize("case", ["too-long", "notes", "not-a-uid", "wrong-role", "wrong-shape", "too-many"])
def test_conflict_notes_from_a_hostile_file_are_refused_and_nothing_is_written(tmp_path, case, monkeypatch):
    alex, sam = paired_on_a_goal(tmp_path, case)
    uid = sam.goal("Give a talk").uid
    alex.store.update_goal(alex.goal("Give a talk").id, title=ALEX_WORDS)
    key, value = {
        "too-long": (f"{uid}:title:mentee", ["x" * (engine.MAX_SETTLED_CHARS + 1), "kept"]),
        "notes": (f"{uid}:notes:mentee", ["private notes", ""]),
        "not-a-uid": ("../etc:title:mentee", ["lost", "kept"]),
        "wrong-role": (f"{uid}:title:admin", ["lost", "kept"]),
        "wrong-shape": (f"{uid}:title:mentee", ["lost", "kept", "more"]),
        "too-many": (f"{uid}:title:mentee", ["lost", "kept"]),
    }[case]
    if case == "too-many":
        monkeypatch.setattr(engine, "MAX_SETTLED", 0)
    update, vector = hostile_settled(alex, key, value)
    before = sam.store.conn.execute("SELECT base_state FROM partner_links").fetchone()

    with pytest.raises(UpdateRefused):
        sam.receive(update, vector)

    assert titles(sam) == ["Give a talk"]
    assert sam.store.conn.execute("SELECT base_state FROM partner_links").fetchone() == before


def test_every_order_of_files_converges_with_conflict_notes(tmp_path, seeded_client_ids):
    """Notes written on both sides merge like the rest: the same rows and the same notes."""
    for seed, sam_imports_first in product(range(3), (True, False)):
        seeded_client_ids(seed)
        result = concurrent_renames(tmp_path, f"converge-{seed}-{sam_imports_first}", sam_imports_first)
        assert result["titles"][0] == result["titles"][1]


@pytest.mark.parametrize(("seed", "kept"), [(0, "Talk (Sam's words)"), (2, "Talk (Ana's words)")], ids=["sam-wins", "ana-wins"])
async def test_the_app_shows_the_lost_edit_to_the_side_that_merges_second(
    store, clock, tmp_path, seeded_client_ids, seed, kept
):
    """The lead's case, with files: Ana (mentor, in the app) and Sam both rename the goal; Sam
    merges Ana's file first, then Ana imports Sam's next file in the app."""
    seeded_client_ids(seed)
    ana = store.add_relationship(partner="Sam Lee", role="mentor", started_on=dt.date(2026, 9, 1))
    store.add_goal(ana.id, "Give the talk")
    partner.invite(store, ana.id, tmp_path / "invite.mentortui", my_name="Ana")
    sams_workbook = Store.open(tmp_path / "sam.db", clock)
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    partner.export_changes(sams_workbook, sam, tmp_path / "sam-0.mentortui")
    partner.apply_changes(store, partner.read_changes(store, tmp_path / "sam-0.mentortui"))  # up to date
    store.update_goal(store.goals(ana.id)[0].id, title="Talk (Ana's words)")
    partner.export_changes(store, ana.id, tmp_path / "ana-1.mentortui")
    sams_workbook.update_goal(sams_workbook.goals(sam)[0].id, title="Talk (Sam's words)")
    sams_summary = partner.apply_changes(sams_workbook, partner.read_changes(sams_workbook, tmp_path / "ana-1.mentortui"))
    partner.export_changes(sams_workbook, sam, tmp_path / "sam-2.mentortui")

    app = make_app(store=store)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "sam-2.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        preview = screen_text(pilot)
        await pilot.press("y")
        await pilot.pause()

    assert [goal.title for goal in store.goals(ana.id)] == [kept]  # the seed's client ids decide the winner
    assert [goal.title for goal in sams_workbook.goals(sam)] == [kept]
    sams_workbook.close()
    if kept == "Talk (Sam's words)":  # Ana lost: Sam's merge named it, Ana is told now
        assert "1 edit of yours lost to theirs: “Talk (Ana's words)” (title)" in preview
        assert sams_summary.lines() == ["1 edit by Ana lost to yours: “Talk (Sam's words)” (title)"]
    else:  # Sam lost and was told at once; Ana hears whose edit hers replaced
        assert "1 edit by Sam Lee lost to yours: “Talk (Ana's words)” (title)" in preview
        assert sams_summary.lines()[-1] == "1 edit of yours lost to theirs: “Talk (Sam's words)” (title)"


def test_a_term_of_the_agreement_changed_on_both_sides_is_told_to_both(tmp_path, seeded_client_ids):
    seen = set()
    for seed in range(40):
        seeded_client_ids(seed)
        alex, sam = paired_on_a_goal(tmp_path, f"terms-{seed}")
        alex.store.save_agreement(alex.rel.id, duration="6 months")
        sam.receive(*export(alex))
        alex.receive(*export(sam))
        alex.store.save_agreement(alex.rel.id, duration="9 months")
        alex_1 = export(alex)
        sam.store.save_agreement(sam.rel.id, duration="1 year")
        summaries = {"sam": [sam.receive(*alex_1)]}
        summaries["alex"] = [alex.receive(*export(sam))]
        summaries["sam"].append(sam.receive(*export(alex)))

        kept = alex.store.current_agreement(alex.rel.id).duration
        assert sam.store.current_agreement(sam.rel.id).duration == kept
        winner, loser = ("alex", "sam") if kept == "9 months" else ("sam", "alex")
        partner = {"alex": "Sam", "sam": "Alex"}
        lines = {side: [line for s in summaries[side] for line in s.lines() if "lost" in line] for side in summaries}
        assert lines[loser] == ["1 edit of yours lost to theirs: “the agreement” (terms)"]
        assert lines[winner] == [f"1 edit by {partner[winner]} lost to yours: “the agreement” (terms)"]
        alex.store.close()
        sam.store.close()
        seen.add(winner)
        if seen == {"alex", "sam"}:
            break
    assert seen == {"alex", "sam"}


def test_notes_kept_private_are_reported_but_never_noted_in_the_shared_document(tmp_path):
    alex, sam = paired_on_a_goal(tmp_path, "private")
    meeting = alex.store.add_meeting(alex.rel.id, MONDAY, notes="Alex's private notes")
    sam.receive(*export(alex))
    [theirs] = sam.store.meetings(sam.rel.id)
    sam.store.update_meeting(theirs.id, notes="Sam's notes", notes_shared=True)

    summary = alex.receive(*export(sam))

    assert [(lost.field, lost.mine) for lost in summary.lost] == [("notes", "Alex's private notes")]
    assert alex.store.meeting(meeting.id).notes == "Sam's notes"
    assert alex.doc.settled() == {}
    assert b"Alex's private notes" not in alex.doc.state()
