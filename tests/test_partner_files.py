"""Partner files: the format on its own (envelope), then every refusal and the round trip
through the actions on two workbooks."""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
import uuid

import pytest

from mentortui.core.clock import FrozenClock
from mentortui.data.journal import UndoRefused
from mentortui.data.store import Store
from mentortui.domain.goals import add_goal
from mentortui.domain.meetings import schedule_meeting
from mentortui.domain.relationships import create_relationship
from mentortui.exchange import partner
from mentortui.exchange.partner import envelope
from mentortui.exchange.partner.envelope import PartnerFileRefused

UID = str(uuid.UUID(int=7, version=4))
TIME = dt.datetime(2026, 11, 26, 10, 0)


def sealed(secret: bytes, *, update: bytes = b"the update" * 50, **fields) -> bytes:
    values = dict(relationship_uid=UID, kind="changes", role="mentor", name="Ana", time=TIME,
                  state_vector=b"\x01\x05\x03", base=b"", update=update, secret=secret)
    values.update(fields)
    return envelope.seal(**values)


def refusal(data: bytes, secret: bytes | None = None) -> str:
    with pytest.raises(PartnerFileRefused) as refused:
        opened = envelope.open_file(data)
        if secret is not None:
            opened.verify(secret)
        opened.unpack()
    return str(refused.value)


# ---- the format alone -------------------------------------------------------------------

def test_a_sealed_file_opens_to_what_was_sealed_and_is_plain_ascii_in_short_lines():
    secret = envelope.new_secret()
    data = sealed(secret, name="Ana «\u202e»\n[b]x[/b]", base=b"\x01\x05\x02")
    assert data.decode("ascii").startswith("mentortui partner file, version 1\n")
    assert max(len(line) for line in data.splitlines() if not line.startswith((b"sha256", b"mac", b"state", b"base"))) <= 77
    opened = envelope.open_file(data)
    opened.verify(secret)
    found = opened.unpack()
    assert (found.relationship_uid, found.kind, found.role, found.time) == (UID, "changes", "mentor", TIME)
    assert found.name == "Ana «\u202e»\n[b]x[/b]"  # untrusted text, kept as data
    assert found.update == b"the update" * 50
    assert (found.state_vector, found.base, found.secret) == (b"\x01\x05\x03", b"\x01\x05\x02", None)


def test_line_ends_rewritten_by_a_mail_program_still_read():
    secret = envelope.new_secret()
    data = sealed(secret)
    envelope.open_file(data.replace(b"\n", b"\r\n")).verify(secret)
    envelope.open_file(data.replace(b"\n", b" \n")).verify(secret)  # trailing spaces added


def test_an_invite_carries_the_secret_and_both_sides_read_the_same_pairing_code():
    secret = envelope.new_secret()
    opened = envelope.open_file(sealed(secret, kind="invite", include_secret=True))
    assert opened.secret == secret
    opened.verify(opened.secret)
    code = envelope.pairing_code(secret)
    assert len(code) == 9 and code[4] == "-" and code == envelope.pairing_code(opened.secret)
    assert code != envelope.pairing_code(envelope.new_secret())


def test_refusals_of_the_format_each_say_what_is_wrong():
    secret = envelope.new_secret()
    data = sealed(secret)
    assert refusal(b"BEGIN:VCALENDAR\n") == "not a mentortui partner file"
    assert refusal("\u00e9t\u00e9".encode()) == "not a mentortui partner file"
    assert "newer mentortui (format version 2)" in refusal(data.replace(b"version 1", b"version 2", 1))
    flipped = bytearray(data)
    flipped[data.index(b"kind: ") + 6] ^= 0x01
    assert "damaged" in refusal(bytes(flipped))
    assert "damaged" in refusal(data[: len(data) // 2])
    assert "not made by your partner" in refusal(data, envelope.new_secret())


def test_a_file_or_an_update_over_the_caps_is_refused_unread():
    secret = envelope.new_secret()
    assert "too big" in refusal(b"mentortui partner file, version 1\n" + b" " * envelope.MAX_FILE_BYTES)
    bomb = b"\0" * (envelope.MAX_UPDATE_BYTES + 1)  # compresses to ~32 KB
    data = sealed(secret, update=bomb)
    assert len(data) < envelope.MAX_FILE_BYTES // 100
    assert "too big" in refusal(data, secret)


def test_state_vectors_say_whether_a_base_is_held():
    assert envelope.read_state_vector(b"\x02\x05\x03\x81\x01\x02") == {5: 3, 129: 2}
    assert envelope.covers(b"\x01\x05\x03", b"\x01\x05\x02")
    assert not envelope.covers(b"\x01\x05\x03", b"\x01\x05\x04")
    assert not envelope.covers(b"", b"\x01\x07\x01")
    assert envelope.covers(b"", b"")
    assert not envelope.covers(b"\x01\x05\x03", b"\x05\xff")  # malformed


# ---- through the actions, on two workbooks ----------------------------------------------

@pytest.fixture
def pair(tmp_path, clock):
    """Ana (the mentor) invited Sam (the mentee), who accepted: two workbooks, one relationship."""
    mentor = Store.open(tmp_path / "ana.db", clock)
    mentee = Store.open(tmp_path / "sam.db", clock)
    relationship = create_relationship(mentor, partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    add_goal(mentor, relationship.id, "Learn SQL")
    invite = tmp_path / "invite.mentortui"
    partner.invite(mentor, relationship.id, invite, my_name="Ana")
    partner.accept(mentee, invite)
    yield mentor, mentee, tmp_path
    mentor.close()
    mentee.close()


def workbook_bytes(store: Store) -> str:
    """Every row of every table, the pairing included: a refusal must leave all of it as it was."""
    return "\n".join(store.conn.iterdump())


def refused_and_untouched(store: Store, path) -> str:
    before = workbook_bytes(store)
    with pytest.raises(partner.PartnerFileRefused) as refused:
        partner.apply_changes(store, partner.read_changes(store, path))
    assert workbook_bytes(store) == before
    message = str(refused.value)
    assert "\n" not in message and message == message.strip()
    return message


def titles(store: Store) -> list[str]:
    return [goal.title for goal in store.goal_children(store.relationships()[0].id, None)]


def test_accepting_an_invite_makes_the_relationship_with_what_the_inviter_shares(pair):
    mentor, mentee, _folder = pair
    [theirs] = mentee.relationships()
    assert (theirs.partner, theirs.role, theirs.uid) == ("Ana", "mentee", mentor.relationships()[0].uid)
    assert titles(mentee) == ["Learn SQL"]
    assert partner.pairing_code(mentee, theirs.id) == partner.pairing_code(mentor, mentor.relationships()[0].id)


def test_a_relationship_made_from_an_invite_starts_with_its_first_shared_meeting(tmp_path, clock):
    mentor = Store.open(tmp_path / "ana.db", clock)
    mentee = Store.open(tmp_path / "sam.db", clock)
    relationship = create_relationship(mentor, partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    schedule_meeting(mentor, relationship.id, dt.datetime(2026, 9, 16, 12, 0), "video")
    partner.invite(mentor, relationship.id, tmp_path / "invite.mentortui", my_name="Ana")
    applied = partner.accept(mentee, tmp_path / "invite.mentortui")
    assert mentee.relationship(applied.relationship_id).started_on == dt.date(2026, 9, 16)  # not today
    mentor.close()
    mentee.close()


def test_a_round_trip_both_ways_and_the_same_file_twice_writes_nothing(pair):
    mentor, mentee, folder = pair
    add_goal(mentee, mentee.relationships()[0].id, "Write a query a day")
    exported = partner.export_changes(mentee, mentee.relationships()[0].id, folder / "sam-1.mentortui")
    assert exported.size == (folder / "sam-1.mentortui").stat().st_size and not exported.full
    incoming = partner.read_changes(mentor, exported.path)
    assert incoming.partner_name == "Sam" and not incoming.summary.is_empty
    assert titles(mentor) == ["Learn SQL"]  # the preview wrote nothing
    partner.apply_changes(mentor, incoming)
    assert sorted(titles(mentor)) == ["Learn SQL", "Write a query a day"]
    before = workbook_bytes(mentor)
    again = partner.read_changes(mentor, exported.path)
    assert again.summary.is_empty
    partner.apply_changes(mentor, again)
    assert workbook_bytes(mentor) == before
    status = partner.partner_status(mentor, mentor.relationships()[0].id)
    assert status.accepted_at is not None and status.last_received_at is not None and status.unsent == 0


def test_undo_takes_the_whole_merge_back(pair):
    mentor, mentee, folder = pair
    rid = mentee.relationships()[0].id
    add_goal(mentee, rid, "One")
    add_goal(mentee, rid, "Two")
    exported = partner.export_changes(mentee, rid, folder / "sam-1.mentortui")
    partner.apply_changes(mentor, partner.read_changes(mentor, exported.path))
    assert sorted(titles(mentor)) == ["Learn SQL", "One", "Two"]
    mentor.undo()
    assert titles(mentor) == ["Learn SQL"]


def test_every_refusal_says_why_and_writes_nothing(pair, tmp_path, clock):
    mentor, mentee, folder = pair
    rid = mentee.relationships()[0].id
    add_goal(mentee, rid, "Later")
    good = partner.export_changes(mentee, rid, folder / "good.mentortui").path
    data = good.read_bytes()

    def variant(name: str, content: bytes):
        path = folder / name
        path.write_bytes(content)
        return path

    assert refused_and_untouched(mentor, variant("x.json", b'{"version": 1}')) == "not a mentortui partner file"
    assert "newer mentortui" in refused_and_untouched(mentor, variant("new", data.replace(b"version 1", b"version 9", 1)))
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x04
    assert "damaged" in refused_and_untouched(mentor, variant("flipped", bytes(flipped)))
    # Same relationship, same content, another key: someone else made it.
    opened = envelope.open_file(data)
    forged = opened.unpack()
    resealed = envelope.seal(relationship_uid=forged.relationship_uid, kind="changes", role=forged.role, name="Sam",
                             time=forged.time, state_vector=forged.state_vector, base=forged.base,
                             update=forged.update, secret=envelope.new_secret())
    assert "not made by your partner" in refused_and_untouched(mentor, variant("forged", resealed))
    # A file of another pairing.
    third = Store.open(tmp_path / "third.db", clock)
    other = create_relationship(third, partner="Kim", role="mentee", started_on=dt.date(2026, 9, 1))
    partner.invite(third, other.id, folder / "kim-invite", my_name="Kim")
    assert "not paired with" in refused_and_untouched(mentor, partner.export_changes(third, other.id, folder / "kim-1").path)
    third.close()
    assert "too big" in refused_and_untouched(mentor, variant("big", b"mentortui partner file, version 1\n" + b"x" * envelope.MAX_FILE_BYTES))
    # One's own file, and the invite one sent.
    own = partner.export_changes(mentor, mentor.relationships()[0].id, folder / "ana-1.mentortui").path
    assert "one you exported" in refused_and_untouched(mentor, own)
    assert "the invite you sent" in refused_and_untouched(mentor, folder / "invite.mentortui")


def test_a_delta_whose_base_was_not_imported_is_refused_until_the_file_before_it_is(pair):
    mentor, mentee, folder = pair
    rid = mentee.relationships()[0].id
    add_goal(mentee, rid, "First")
    first = partner.export_changes(mentee, rid, folder / "sam-1.mentortui").path
    add_goal(mentee, rid, "Second")
    second = partner.export_changes(mentee, rid, folder / "sam-2.mentortui").path
    message = refused_and_untouched(mentor, second)
    assert message.startswith("this file builds on one you have not imported") and "ask for a full file" in message
    partner.apply_changes(mentor, partner.read_changes(mentor, first))
    partner.apply_changes(mentor, partner.read_changes(mentor, second))
    assert sorted(titles(mentor)) == ["First", "Learn SQL", "Second"]


def test_a_missed_file_is_caught_up_by_a_full_one(pair):
    mentor, mentee, folder = pair
    rid = mentee.relationships()[0].id
    add_goal(mentee, rid, "Lost in the mail")
    partner.export_changes(mentee, rid, folder / "lost.mentortui")
    add_goal(mentee, rid, "Next")
    assert "builds on one" in refused_and_untouched(mentor, partner.export_changes(mentee, rid, folder / "sam-2").path)
    full = partner.export_changes(mentee, rid, folder / "sam-full", full=True)
    assert full.full
    partner.apply_changes(mentor, partner.read_changes(mentor, full.path))
    assert sorted(titles(mentor)) == ["Learn SQL", "Lost in the mail", "Next"]


def test_unpair_forgets_the_key_and_refuses_the_partners_files(pair):
    mentor, mentee, folder = pair
    rid = mentee.relationships()[0].id
    exported = partner.export_changes(mentee, rid, folder / "sam-1").path
    partner.unpair(mentor, mentor.relationships()[0].id)
    assert partner.partner_status(mentor, mentor.relationships()[0].id) is None
    assert "not paired with" in refused_and_untouched(mentor, exported)
    with pytest.raises(partner.NotPaired):
        partner.export_changes(mentor, mentor.relationships()[0].id, folder / "ana-1")


# ---- the command line -------------------------------------------------------------------

def test_the_partner_commands_from_invite_to_import(tmp_path, capsys, monkeypatch):
    from mentortui.cli import main

    ana, sam = str(tmp_path / "ana.db"), str(tmp_path / "sam.db")
    store = Store.open(tmp_path / "ana.db", FrozenClock("2026-11-26T10:00:00"))
    relationship = create_relationship(store, partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    add_goal(store, relationship.id, "Learn SQL")
    store.close()
    invite = tmp_path / "invite.mentortui"
    assert main(["partner", "invite", "--db", ana, "--my-name", "Ana", "-o", str(invite)]) == 0
    said = capsys.readouterr().out
    code = re.search(r"Pairing code: (\w{4}-\w{4})", said)[1]
    assert f"Invite for Sam written to {invite}" in said
    assert main(["partner", "accept", "--db", sam, str(invite)]) == 0
    assert f"Paired with Ana. Pairing code: {code}" in capsys.readouterr().out
    assert main(["partner", "status", "--db", sam]) == 0
    assert "Ana: paired since" in capsys.readouterr().out

    reply = tmp_path / "sam-1.mentortui"
    store = Store.open(tmp_path / "sam.db", FrozenClock("2026-11-26T10:00:00"))
    add_goal(store, store.relationships()[0].id, "Write a query a day")
    store.close()
    assert main(["partner", "export", "--db", sam, "-o", str(reply)]) == 0
    assert f"Changes for Ana written to {reply}" in capsys.readouterr().out
    # Asked before merging; no terminal to ask on: refused without --yes, nothing merged.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["partner", "import", "--db", ana, str(reply)]) == 1
    out, err = capsys.readouterr()
    assert "From Sam:" in out and "add --yes" in err
    assert _titles(tmp_path / "ana.db") == ["Learn SQL"]
    assert main(["partner", "import", "--db", ana, "--yes", str(reply)]) == 0
    assert "Merged." in capsys.readouterr().out
    assert _titles(tmp_path / "ana.db") == ["Learn SQL", "Write a query a day"]
    # A refused file: one line naming it, exit 1.
    assert main(["partner", "import", "--db", ana, "--yes", str(invite)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(invite) in err
    # Only accepting may start a workbook: the other commands need an existing one.
    assert main(["partner", "status", "--db", str(tmp_path / "typo.db")]) == 1
    assert not (tmp_path / "typo.db").exists() and "typo.db" in capsys.readouterr().err
    assert main(["partner", "unpair", "--db", ana, "--yes"]) == 0
    assert main(["partner", "status", "--db", ana]) == 0
    assert "Sam: not paired" in capsys.readouterr().out


def _titles(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT title FROM goals ORDER BY title")]


def test_partner_help_is_french_with_lang_fr(capsys):
    from mentortui.cli import main

    with pytest.raises(SystemExit):
        main(["--lang", "fr", "partner", "import", "--help"])
    said = capsys.readouterr().out
    assert "fusionner sans demander" in said and "merge" not in said


def test_accepting_into_an_existing_relationship_links_it_and_a_wrong_role_is_refused(tmp_path, clock):
    mentor = Store.open(tmp_path / "ana.db", clock)
    mentee = Store.open(tmp_path / "sam.db", clock)
    try:
        ours = create_relationship(mentor, partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
        add_goal(mentor, ours.id, "Learn SQL")
        invite = tmp_path / "invite.mentortui"
        partner.invite(mentor, ours.id, invite, my_name="Ana")
        # Lost invite: inviting again before any answer writes it again, with the same key.
        code = partner.pairing_code(mentor, ours.id)
        partner.invite(mentor, ours.id, invite, my_name="Ana", replace=True)
        assert partner.pairing_code(mentor, ours.id) == code
        also_mentor = create_relationship(mentee, partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))
        theirs = create_relationship(mentee, partner="Ana Lopez", role="mentee", started_on=dt.date(2026, 9, 1))
        before = workbook_bytes(mentee)
        with pytest.raises(partner.PartnerFileRefused, match="you are the mentor in this relationship too"):
            partner.accept(mentee, invite, relationship_id=also_mentor.id)
        assert workbook_bytes(mentee) == before
        applied = partner.accept(mentee, invite, relationship_id=theirs.id)
        assert applied.partner_name == "Ana Lopez" and applied.pairing_code == code
        assert mentee.relationship(theirs.id).uid == ours.uid
        assert [goal.title for goal in mentee.goal_children(theirs.id, None)] == ["Learn SQL"]
        with pytest.raises(partner.AlreadyPaired):
            partner.accept(mentee, invite)
    finally:
        mentor.close()
        mentee.close()


def test_the_status_is_worked_out_once_until_something_is_written(tmp_path, clock, monkeypatch):
    """The Relationship screen asks at every visit; comparing every shared row with the Doc is
    done again only after a write (here or in another window)."""
    from mentortui.exchange.partner import actions

    ana = Store.open(tmp_path / "ana.db", clock)
    relationship = ana.add_relationship(partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    partner.invite(ana, relationship.id, tmp_path / "invite.mentortui", my_name="Ana")
    folds = []
    real_fold = actions.fold_local
    monkeypatch.setattr(actions, "fold_local", lambda *args: folds.append(1) or real_fold(*args))

    first = partner.partner_status(ana, relationship.id)
    again = partner.partner_status(ana, relationship.id)
    assert (first.unsent, again.unsent, len(folds)) == (0, 0, 1)

    ana.add_goal(relationship.id, "Write the abstract")
    assert partner.partner_status(ana, relationship.id).unsent == 1 and len(folds) == 2
    other = Store.open(tmp_path / "ana.db", clock)  # another window adds a goal
    other.add_goal(relationship.id, "Book the room")
    other.close()
    assert partner.partner_status(ana, relationship.id).unsent == 2 and len(folds) == 3
    ana.close()


def test_apply_writes_what_the_preview_said_in_a_same_field_conflict(tmp_path, clock):
    """Both rename one goal: which rename wins depends on the Docs' client ids, fresh at every
    load, so Apply writes the merge the preview computed instead of merging again."""
    for run in range(30):
        folder = tmp_path / str(run)
        folder.mkdir()
        mentor, mentee = Store.open(folder / "ana.db", clock), Store.open(folder / "sam.db", clock)
        relationship = create_relationship(mentor, partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
        add_goal(mentor, relationship.id, "Learn SQL")
        partner.invite(mentor, relationship.id, folder / "invite.mentortui", my_name="Ana")
        theirs = partner.accept(mentee, folder / "invite.mentortui").relationship_id
        mentee.update_goal(mentee.goals(theirs)[0].id, title="Learn Postgres")
        mentor.update_goal(mentor.goals(relationship.id)[0].id, title="Learn SQLite")
        exported = partner.export_changes(mentee, theirs, folder / "sam.mentortui")
        incoming = partner.read_changes(mentor, exported.path)
        lost = any("of yours lost to theirs" in line for line in incoming.summary.lines())
        assert partner.apply_changes(mentor, incoming).lines() == incoming.summary.lines()
        assert titles(mentor) == (["Learn Postgres"] if lost else ["Learn SQLite"]), run
        mentor.close()
        mentee.close()


def test_an_edit_between_the_preview_and_apply_writes_nothing_and_previews_again(pair):
    mentor, mentee, folder = pair
    add_goal(mentee, mentee.relationships()[0].id, "Write a query a day")
    exported = partner.export_changes(mentee, mentee.relationships()[0].id, folder / "sam-1.mentortui")
    incoming = partner.read_changes(mentor, exported.path)
    mentor.update_goal(mentor.goals(mentor.relationships()[0].id)[0].id, title="Learn SQL joins")
    before = workbook_bytes(mentor)
    with pytest.raises(partner.PreviewOutdated) as outdated:
        partner.apply_changes(mentor, incoming)
    assert workbook_bytes(mentor) == before
    assert outdated.value.incoming.summary.lines() == ["1 goal added by Sam"]
    partner.apply_changes(mentor, outdated.value.incoming)
    assert sorted(titles(mentor)) == ["Learn SQL joins", "Write a query a day"]


def pairing_row(store: Store) -> tuple:
    return store.conn.execute("SELECT * FROM partner_links").fetchone()


def test_undoing_a_merge_takes_the_shared_state_back_and_the_next_export_deletes_nothing(pair):
    mentor, mentee, folder = pair
    theirs = mentee.relationships()[0].id
    add_goal(mentee, theirs, "Write a query a day")
    sam_1 = partner.export_changes(mentee, theirs, folder / "sam-1.mentortui").path
    before = pairing_row(mentor)
    partner.apply_changes(mentor, partner.read_changes(mentor, sam_1))
    assert mentor.undo().label == "Merge changes from {partner}"
    assert titles(mentor) == ["Learn SQL"] and pairing_row(mentor) == before

    # Ana's next file takes nothing away from Sam...
    ana_1 = partner.export_changes(mentor, mentor.relationships()[0].id, folder / "ana-1.mentortui").path
    partner.apply_changes(mentee, partner.read_changes(mentee, ana_1))
    assert sorted(titles(mentee)) == ["Learn SQL", "Write a query a day"]
    # ...and Sam's file, imported again, brings his goal back.
    incoming = partner.read_changes(mentor, sam_1)
    assert incoming.summary.lines() == ["1 goal added by Sam"]
    partner.apply_changes(mentor, incoming)
    assert sorted(titles(mentor)) == ["Learn SQL", "Write a query a day"]


def test_a_merge_is_not_undone_once_a_file_was_exported_since(pair):
    mentor, mentee, folder = pair
    theirs = mentee.relationships()[0].id
    add_goal(mentee, theirs, "Write a query a day")
    sam_1 = partner.export_changes(mentee, theirs, folder / "sam-1.mentortui").path
    partner.apply_changes(mentor, partner.read_changes(mentor, sam_1))
    partner.export_changes(mentor, mentor.relationships()[0].id, folder / "ana-1.mentortui")
    before = workbook_bytes(mentor)
    with pytest.raises(UndoRefused) as refused:
        mentor.undo()
    assert str(refused.value) == "Not undone: files were exchanged with Sam since this merge, so it stays."
    assert workbook_bytes(mentor) == before


def test_unpairing_is_undone_by_ctrl_z(pair):
    mentor, mentee, folder = pair
    relationship = mentor.relationships()[0].id
    before = pairing_row(mentor)
    partner.unpair(mentor, relationship)
    assert partner.partner_status(mentor, relationship) is None
    assert mentor.undo().label == "Unpair from {partner}"
    assert pairing_row(mentor) == before
    add_goal(mentee, mentee.relationships()[0].id, "Write a query a day")
    sam_1 = partner.export_changes(mentee, mentee.relationships()[0].id, folder / "sam-1.mentortui").path
    partner.apply_changes(mentor, partner.read_changes(mentor, sam_1))  # the key came back with the pairing
    assert sorted(titles(mentor)) == ["Learn SQL", "Write a query a day"]


def test_a_row_of_mine_another_program_broke_is_named_as_mine(pair):
    mentor, mentee, folder = pair
    theirs = mentee.relationships()[0].id
    mentee.update_goal(mentee.goals(theirs)[0].id, progress=50)  # Sam touches the goal
    sam_1 = partner.export_changes(mentee, theirs, folder / "sam-1.mentortui").path
    with mentor.bookkeeping():  # Ana's goal title, made two lines by another program
        mentor.conn.execute("UPDATE goals SET title = 'Learn' || char(10) || 'SQL'")
    message = refused_and_untouched(mentor, sam_1)
    assert message == ("your own entry “Learn SQL” holds a value this app cannot accept "
                       "(title: must be a single line): correct it, then import again")
