"""The partner exchange in the app: what is shared and what stays private (said once, as
data, and shown), the partner dialogs, and the status on the Relationship screen."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.app import make_app
from mentortui.core.sharing import PRIVATE, SHARED
from mentortui.data.schema import SHARED_TABLES
from mentortui.data.store import Store
from mentortui.exchange import partner
from mentortui.exchange.partner.engine import KindCounts, LostEdit, MergeSummary
from mentortui.ui.dialogs.partner_forms import MAX_SUMMARY_LINES, PartnerScreen, summary_text
from mentortui.ui.forms import ConfirmScreen, FormScreen
from tests.test_terminal_safety import CORPUS, HUGE, ONE_LINE, TerminalCheck
from tests.ui_helpers import fill_field, screen_text, type_text


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


# ---- the partner dialogs -------------------------------------------------------------------


@pytest.fixture
def mentor(store):
    """Ana's workbook: a mentor with Sam, one goal."""
    relationship = store.add_relationship(partner="Sam Lee", role="mentor", started_on=dt.date(2026, 9, 1))
    store.add_goal(relationship.id, "Give the conference talk")
    return relationship


@pytest.fixture
def sams_workbook(tmp_path, clock):
    """The partner's own workbook, in another file."""
    other = Store.open(tmp_path / "sam.db", clock)
    yield other
    other.close()


def links(store) -> list[tuple]:
    return store.conn.execute(
        "SELECT relationship_id, accepted_at, last_sent_at, last_received_at FROM partner_links").fetchall()


async def open_partner_dialog(pilot) -> None:
    await pilot.press("7")
    await pilot.pause()
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PartnerScreen)


async def test_x_then_i_writes_the_invite_and_says_what_will_be_shared(store, mentor, tmp_path):
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        assert "Not paired with Sam Lee" in screen_text(pilot)
        await pilot.press("x")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Your partner: Sam Lee" in text and "Shared with your partner" in text and "i Invite" in text
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        text = screen_text(pilot)
        assert "Invite Sam Lee to share this relationship" in text
        assert "Shared with your partner" in text and "Stays in your workbook only" in text
        await fill_field(pilot, "my_name", "Ana")
        await fill_field(pilot, "path", str(tmp_path / "for-sam.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (tmp_path / "for-sam.mentortui").read_text().startswith("mentortui partner file")
        assert [row[0] for row in links(store)] == [mentor.id]
        text = screen_text(pilot)
        assert "Invite written on" in text and "waiting for Sam Lee’s first file" in text
        assert any("Send it to Sam Lee privately" in str(n.message) for n in app._notifications)


async def test_accepting_an_invite_makes_a_new_relationship_with_what_they_share(store, sams_workbook, tmp_path):
    """Sam's side: the invite Ana wrote becomes a relationship in Sam's workbook."""
    ana = store.add_relationship(partner="Sam Lee", role="mentor", started_on=dt.date(2026, 9, 1))
    store.add_goal(ana.id, "Give the conference talk")
    partner.invite(store, ana.id, tmp_path / "invite.mentortui", my_name="Ana Souza")
    sams = sams_workbook.add_relationship(partner="Someone else", role="mentee", started_on=dt.date(2026, 9, 1))
    app = make_app(store=sams_workbook)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "invite.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        [new] = [r for r in sams_workbook.relationships() if r.id != sams.id]
        assert (new.partner, new.role) == ("Ana Souza", "mentee")
        assert [goal.title for goal in sams_workbook.goals(new.id)] == ["Give the conference talk"]
        assert app.relationship.id == new.id  # the app switched to it
        text = screen_text(pilot)
        assert "Paired with Ana Souza since" in text
        notices = " ".join(str(n.message) for n in app._notifications)
        assert "Pairing code" in notices and "1 goal added by Ana Souza" in notices


async def test_import_shows_the_summary_before_applying_and_ctrl_z_takes_the_merge_back(
    store, mentor, sams_workbook, tmp_path
):
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    [their_goal] = sams_workbook.goals(sam)
    sams_workbook.update_goal(their_goal.id, title="Give the talk at PyCon")
    sams_workbook.add_goal(sam, "Write the abstract")
    partner.export_changes(sams_workbook, sam, tmp_path / "from-sam.mentortui")
    # Meanwhile Ana added a goal of her own.
    store.add_goal(mentor.id, "Book the rehearsal room")
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "from-sam.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(pilot)
        assert "From Sam Lee:\n1 goal added, 1 goal changed by Sam Lee" in text
        assert "Apply these changes to your workbook?" in text
        before = ["Book the rehearsal room", "Give the conference talk"]
        assert sorted(g.title for g in store.goals(mentor.id)) == before  # nothing written yet
        await pilot.press("y")
        await pilot.pause()
        assert sorted(g.title for g in store.goals(mentor.id)) == [
            "Book the rehearsal room", "Give the talk at PyCon", "Write the abstract"]
        assert links(store)[0][3] is not None  # received
        assert "Paired with Sam Lee since" in screen_text(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert sorted(g.title for g in store.goals(mentor.id)) == before


async def test_a_refused_file_shows_its_one_line_and_writes_nothing(store, mentor, tmp_path):
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    forged = tmp_path / "forged.mentortui"
    forged.write_text("mentortui partner file, version 1\nrelationship: nope\n")
    before = (store.journal.last().id, links(store), [g.title for g in store.goals(mentor.id)])
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "path", str(forged))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open, the reason under the path
        error = screen_text(pilot)
        assert "Refused: " in error
        await pilot.press("escape")
        await pilot.pause()
    assert (store.journal.last().id, links(store), [g.title for g in store.goals(mentor.id)]) == before


async def test_a_refusal_from_the_engine_says_refused_once(store, mentor, sams_workbook, tmp_path):
    """The engine's reasons read like the file's: "Refused: <reason>", never "Refused: Refused:"."""
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    sams_workbook.add_goal(sam, "Write the abstract")
    _export(sams_workbook, sam, tmp_path / "from-sam.mentortui")
    with store.bookkeeping():  # a damaged shared state, as another program could leave it
        store.conn.execute("UPDATE partner_links SET shared_state = x'ffff00'")
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "from-sam.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Refused: the stored shared state cannot be read" in text
        assert "Refused: Refused" not in text
    assert [g.title for g in store.goals(mentor.id)] == ["Give the conference talk"]


async def test_export_from_the_palette_writes_the_file_and_the_status_says_so(store, mentor, sams_workbook, tmp_path):
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    partner.apply_changes(store, partner.read_changes(store, _export(sams_workbook, sam, tmp_path / "hello.mentortui")))
    store.add_goal(mentor.id, "Find a venue")
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        assert "1 local change not sent yet" in screen_text(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()  # the palette is up before the first key reaches it
        await type_text(pilot, "Partner: export")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await fill_field(pilot, "path", str(tmp_path / "for-sam.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (tmp_path / "for-sam.mentortui").is_file()
        assert links(store)[0][2] is not None  # sent
        assert "Nothing new to send." in screen_text(pilot)
    incoming = partner.read_changes(sams_workbook, tmp_path / "for-sam.mentortui")
    assert "1 goal added by Ana" in incoming.summary.lines()


def _export(workbook, relationship_id, path):
    partner.export_changes(workbook, relationship_id, path)
    return path


async def test_hostile_names_and_titles_from_a_partner_render_safely(store, mentor, sams_workbook, tmp_path):
    """Markup, CSI/OSC, bidi, multi-line and huge text in the partner's name (stored raw, and
    the name they sign with) and in the titles a merge brings reach the screen as plain text."""
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name=CORPUS)
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    [their_goal] = sams_workbook.goals(sam)
    sams_workbook.update_goal(their_goal.id, title="Renamed by Sam")
    sams_workbook.add_goal(sam, ONE_LINE)
    partner.export_changes(sams_workbook, sam, tmp_path / "from-sam.mentortui")
    with store.change("hostile"):  # raw, as another program might have stored it
        store.db.execute("UPDATE relationships SET partner = ?", [ONE_LINE + HUGE[:5000]])
    app = make_app(store=store)
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        check = TerminalCheck(app)
        await pilot.press("7")
        await pilot.pause()
        check("relationship screen")
        await pilot.press("x")
        await pilot.pause()
        check("partner dialog")
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "from-sam.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        check("merge preview")
        await pilot.press("y")
        await pilot.pause()
        check("merged")
    assert "portfolio" in " ".join(g.title for g in store.goals(mentor.id))


def test_the_preview_names_every_lost_edit_and_counts_lines_beyond_the_cap():
    """The summary before Apply: the engine's sentences, user text cleaned, the lost edits
    included; a very long one is cut after MAX_SUMMARY_LINES lines and the rest counted."""
    lost = [LostEdit("goals", "Give the talk\x1b]0;owned\x07", "title", "Give the talk", "Give the talk at PyCon")]
    summary = MergeSummary("Sam", counts={"goals": KindCounts(changed=3, deleted=1)}, lost=lost)
    text = summary_text(summary.lines())
    assert text.startswith("3 goals changed, 1 goal deleted by Sam\n")
    assert text.endswith("\n1 edit of yours lost to theirs: “Give the talk” (title)")  # the OSC is gone
    many = [f"line {n}" for n in range(MAX_SUMMARY_LINES + 5)]
    assert summary_text(many).splitlines()[-1] == "… and 5 more"
    assert len(summary_text(many).splitlines()) == MAX_SUMMARY_LINES + 1


async def test_accepting_into_the_current_relationship_links_it_instead_of_adding_one(store, sams_workbook, tmp_path):
    ana = store.add_relationship(partner="Sam Lee", role="mentor", started_on=dt.date(2026, 9, 1))
    store.add_goal(ana.id, "Give the conference talk")
    partner.invite(store, ana.id, tmp_path / "invite.mentortui", my_name="Ana Souza")
    sams = sams_workbook.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    sams_workbook.add_goal(sams.id, "Learn to say no")
    app = make_app(store=sams_workbook)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "invite.mentortui"))
        app.screen.query_one("#field-link").focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert "This relationship, with Ana" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r.id for r in sams_workbook.relationships()] == [sams.id]
        assert sams_workbook.relationship(sams.id).partner == "Ana"  # the name Sam gave is kept
        assert sorted(g.title for g in sams_workbook.goals(sams.id)) == ["Give the conference talk", "Learn to say no"]
        assert "Paired with Ana since" in screen_text(pilot)


async def test_ctrl_z_of_a_merge_exported_since_says_why_it_stays(store, mentor, sams_workbook, tmp_path):
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    sams_workbook.add_goal(sam, "Write the abstract")
    partner.apply_changes(store, partner.read_changes(store, _export(sams_workbook, sam, tmp_path / "sam-1.mentortui")))
    partner.export_changes(store, mentor.id, tmp_path / "ana-1.mentortui")
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        notices = " ".join(str(n.message) for n in app._notifications)
        assert "Not undone: files were exchanged with Sam Lee since this merge, so it stays." in notices
        assert "in another window" not in notices
        assert "Paired with Sam Lee since" in screen_text(pilot)
    assert sorted(g.title for g in store.goals(mentor.id)) == ["Give the conference talk", "Write the abstract"]


async def test_the_welcome_offers_to_start_from_a_partners_invite(tmp_path, clock):
    """Sam has no workbook yet: the first run says how to start from Ana's invite, and the
    palette's command leads to the accept dialog, then to the new relationship."""
    ana = Store.open(tmp_path / "ana.db", clock)
    relationship = ana.add_relationship(partner="Sam Lee", role="mentor", started_on=dt.date(2026, 9, 1))
    ana.add_goal(relationship.id, "Give the conference talk")
    partner.invite(ana, relationship.id, tmp_path / "invite.mentortui", my_name="Ana Souza")
    ana.close()
    sam = Store.open(tmp_path / "sam.db", clock)
    app = make_app(store=sam)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Your partner sent you an invite? ctrl+p, then “Accept an invite from my partner…”." in screen_text(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()  # the palette is up before the first key reaches it
        await type_text(pilot, "Accept an invite")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and "Accept an invite" in screen_text(pilot)
        await fill_field(pilot, "path", str(tmp_path / "invite.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        [new] = sam.relationships()
        assert (new.partner, new.role) == ("Ana Souza", "mentee")
        assert [goal.title for goal in sam.goals(new.id)] == ["Give the conference talk"]
        assert "Paired with Ana Souza since" in screen_text(pilot)
    sam.close()


async def test_unpair_from_the_partner_dialog_asks_first(store, mentor, tmp_path):
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Unpair from Sam Lee? Your rows stay as they are" in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert len(links(store)) == 1
        await open_partner_dialog(pilot)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert links(store) == []
        assert "Not paired with Sam Lee" in screen_text(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [row[0] for row in links(store)] == [mentor.id]
        assert "Invite written on" in screen_text(pilot)
    assert [g.title for g in store.goals(mentor.id)] == ["Give the conference talk"]


async def test_an_export_with_nothing_edited_since_does_not_say_0_changes(store, mentor, sams_workbook, tmp_path):
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    sams_workbook.add_goal(sam, "Write the abstract")
    partner.apply_changes(store, partner.read_changes(store, _export(sams_workbook, sam, tmp_path / "sam-1.mentortui")))
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("e")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "ana-1.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        notices = " ".join(str(n.message) for n in app._notifications)
        assert f"Written to {tmp_path / 'ana-1.mentortui'}" in notices and "0 changes" not in notices
    assert links(store)[0][2] is not None  # sent


async def test_an_edit_in_another_window_before_apply_shows_the_summary_again(
    store, mentor, sams_workbook, tmp_path, db_path, clock
):
    partner.invite(store, mentor.id, tmp_path / "invite.mentortui", my_name="Ana")
    sam = partner.accept(sams_workbook, tmp_path / "invite.mentortui").relationship_id
    sams_workbook.add_goal(sam, "Write the abstract")
    _export(sams_workbook, sam, tmp_path / "sam-1.mentortui")
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await open_partner_dialog(pilot)
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "path", str(tmp_path / "sam-1.mentortui"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        other = Store.open(db_path, clock)  # meanwhile, another window deletes Ana's goal
        other.delete_goal(other.goals(mentor.id)[0].id)
        other.close()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asked again, with what applying does now
        notices = " ".join(str(n.message) for n in app._notifications)
        assert "Your workbook changed since the preview: here is what applying does now." in notices
        assert "From Sam Lee:\n1 goal added by Sam Lee" in screen_text(pilot)
        assert store.goals(mentor.id) == []  # nothing written yet
        await pilot.press("y")
        await pilot.pause()
    assert [g.title for g in store.goals(mentor.id)] == ["Write the abstract"]
