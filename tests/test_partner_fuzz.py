"""Mutated and hostile partner files: each is refused with one clear line or merged cleanly;
never a crash, never a partial write (after a refusal every row and the pairing are as
they were, byte for byte).

The cases are generated from a fixed seed, so a failure names a case that can be replayed.
``pytest -s`` prints how many cases of each family ended how (the figures of the report)."""

from __future__ import annotations

import collections
import datetime as dt
import random
import sqlite3
import zlib

import pytest
from pycrdt import Doc, Map, Text

from mentortui.core.clock import FrozenClock
from mentortui.data.partner_links import partner_link
from mentortui.data.store import Store
from mentortui.domain import feedback as feedback_actions
from mentortui.domain import goals as goal_actions
from mentortui.domain import meetings as meeting_actions
from mentortui.domain.relationships import create_relationship
from mentortui.exchange import partner
from mentortui.exchange.partner import envelope
from mentortui.exchange.partner.engine import SharedDoc
from tests.conftest import NOW

SEED = 20261126
OUTCOMES: collections.Counter = collections.Counter()  # (family, outcome) -> cases
# Characters that must never reach a terminal from a merged row (tab and newline are text).
FORBIDDEN = [chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0D, 0x20), 0x7F, *range(0x80, 0xA0))]
HOSTILE_TEXTS = {
    "markup": "[bold red]boom[/] [link=https://x.example]click[/link]",
    "csi": "a\x1b[2J\x1b[31mred\x1b[0m",
    "osc": "\x1b]52;c;aGVsbG8=\x07clipboard \x1b]8;;https://x.example\x1b\\link",
    "c1": "\x9b31m eight-bit CSI \x9d0;title\x9c",
    "bidi": "\u202egnp.exe\u202c \u2066isolate\u2069",
    "multi-line": "first line\nsecond line\r\nthird",
    "huge": "x" * 250_000,
    "surrogate-ish": "\ufffd\u0000nul",
}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """Ana (mentor) and Sam (mentee), paired, with some of everything shared; Sam's file of
    changes that Ana has not imported; and a snapshot of Ana's workbook to go back to."""
    folder = tmp_path_factory.mktemp("fuzz")
    clock = FrozenClock(NOW)
    mentor, mentee = Store.open(folder / "ana.db", clock), Store.open(folder / "sam.db", clock)
    relationship = create_relationship(mentor, partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    top = goal_actions.add_goal(mentor, relationship.id, "Learn SQL")
    goal_actions.add_goal(mentor, relationship.id, "Joins", parent_id=top.id)
    meeting = meeting_actions.schedule_meeting(mentor, relationship.id, dt.datetime(2026, 12, 3, 18), "video")
    meeting_actions.add_agenda_item(mentor, meeting.id, "Review the week")
    meeting_actions.add_action(mentor, meeting.id, "Read chapter 3", owner="partner")
    partner.invite(mentor, relationship.id, folder / "invite", my_name="Ana")
    accepted = partner.accept(mentee, folder / "invite")
    rid = accepted.relationship_id
    goal_actions.add_goal(mentee, rid, "MARKER01")
    [their_meeting] = mentee.meetings(rid)
    meeting_actions.add_agenda_item(mentee, their_meeting.id, "Question about joins")
    entry = feedback_actions.log_feedback(mentee, rid, {"date": dt.date(2026, 11, 20), "direction": "received",
                                                       "kind": "advice", "text": "Write more tests", "goal_id": None,
                                                       "rubric": []})
    with mentee.change("Share"):
        mentee.update_feedback(entry.id, shared=True)
    good = partner.export_changes(mentee, rid, folder / "good").path
    snapshot = sqlite3.connect(":memory:")
    mentor.conn.backup(snapshot)
    yield {"mentor": mentor, "mentee": mentee, "folder": folder, "good": good.read_bytes(),
           "snapshot": snapshot, "secret": partner_link(mentor, relationship.id).secret}
    print("\npartner fuzz:", sum(OUTCOMES.values()), "cases")
    for (family, outcome), count in sorted(OUTCOMES.items()):
        print(f"  {family:28} {outcome:26} {count}")
    mentor.close()
    mentee.close()


def dump(store: Store) -> str:
    return "\n".join(store.conn.iterdump())


def outcome(books, family: str, data: bytes) -> str:
    """Feed ``data`` to Ana's workbook as Sam's file; check the rules; put Ana's workbook back."""
    mentor: Store = books["mentor"]
    path = books["folder"] / "case"
    path.write_bytes(data)
    before = dump(mentor)
    try:
        incoming = partner.read_changes(mentor, path)
        partner.apply_changes(mentor, incoming)
    except partner.PartnerFileRefused as refused:
        message = str(refused)
        assert message and "\n" not in message and not any(character in message for character in FORBIDDEN), message
        assert dump(mentor) == before, f"{family}: a refusal wrote something"
        result = "refused: " + _reason(message)
    else:
        after = dump(mentor)
        assert not any(character in after for character in FORBIDDEN if character not in "\x00"), f"{family}: control characters stored"
        result = "merged" if after != before else "merged, nothing new"
        books["snapshot"].backup(mentor.conn)  # back to the workbook before the merge
    OUTCOMES[(family, result)] += 1
    return result


def _reason(message: str) -> str:
    for words, reason in (("not a mentortui partner file", "not a partner file"), ("damaged", "damaged"),
                          ("too big", "too big"), ("newer mentortui", "newer version"),
                          ("not made by your partner", "someone else (MAC)"), ("builds on one", "base not imported"),
                          ("not paired", "other relationship"), ("one you exported", "own file"),
                          ("partner’s changes", "engine: invalid content"),
                          ("build on earlier ones", "engine: base not imported")):
        if words in message:
            return reason
    return message[:40]


def resealed(books, update: bytes, *, base: bytes = b"", name: str = "Sam", state_vector: bytes | None = None) -> bytes:
    """A file with a valid code around ``update``: what a partner's own workbook (or someone
    holding the key) could send."""
    good = envelope.open_file(books["good"]).unpack()
    return envelope.seal(relationship_uid=good.relationship_uid, kind="changes", role="mentee", name=name, time=good.time,
                         state_vector=good.state_vector if state_vector is None else state_vector, base=base,
                         update=update, secret=books["secret"])


def sam_doc(books) -> SharedDoc:
    return SharedDoc.load(partner_link(books["mentee"], books["mentee"].relationships()[0].id).shared_state)


# ---- the cases ---------------------------------------------------------------------------

def test_the_good_file_merges(workbooks):
    assert outcome(workbooks, "the good file", workbooks["good"]) == "merged"


def test_bit_flips_and_cuts_of_the_file_are_refused(workbooks):
    rng = random.Random(SEED)
    good = workbooks["good"]
    for _case in range(200):
        flipped = bytearray(good)
        for _bit in range(rng.choice((1, 1, 2, 8))):
            position = rng.randrange(len(flipped))
            flipped[position] ^= 1 << rng.randrange(8)
        result = outcome(workbooks, "file: bit flips", bytes(flipped))
        # The hash covers every line: a flip anywhere but in the trailing code lines is caught.
        assert result.startswith("refused") or result.startswith("merged"), result
    for _case in range(60):
        outcome(workbooks, "file: truncated", good[: rng.randrange(len(good))])
    lines = good.split(b"\n")
    for _case in range(30):
        shuffled = lines[:]
        i, j = rng.sample([index for index, line in enumerate(lines) if lines.count(line) == 1], 2)
        shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
        outcome(workbooks, "file: lines swapped", b"\n".join(shuffled))
    assert not any(result.startswith("merged") for (family, result) in OUTCOMES if family == "file: truncated")


def test_mutated_updates_with_a_valid_code_are_refused_or_merged_cleanly(workbooks):
    rng = random.Random(SEED + 1)
    update = envelope.open_file(workbooks["good"]).unpack().update
    for _case in range(300):
        mutated = bytearray(update)
        for _bit in range(rng.choice((1, 1, 3, 10))):
            position = rng.randrange(len(mutated))
            mutated[position] ^= 1 << rng.randrange(8)
        outcome(workbooks, "update: bit flips (valid MAC)", resealed(workbooks, bytes(mutated)))
    for _case in range(60):
        outcome(workbooks, "update: truncated (valid MAC)", resealed(workbooks, update[: rng.randrange(len(update))]))
    for _case in range(30):
        noise = bytes(rng.randrange(256) for _byte in range(rng.randrange(1, 400)))
        outcome(workbooks, "update: random bytes", resealed(workbooks, noise))
    outcome(workbooks, "update: twice in a row", resealed(workbooks, update + update))


def test_hostile_text_with_a_valid_code_is_refused_or_stored_as_harmless_text(workbooks):
    for name, text in HOSTILE_TEXTS.items():
        for field in ("title", "notes"):
            doc = sam_doc(workbooks)
            goals = doc.root("goals")
            uid = next(uid for uid, goal in goals.items() if not goal.get("gone") and str(goal.get("title")) == "MARKER01")
            goals[uid][field] = Text(text) if field == "notes" else text
            outcome(workbooks, f"hostile {field}: {name}", resealed(workbooks, doc.state()))
        # In the envelope: the sender's name (not shown as a row, but cleaned wherever said).
        outcome(workbooks, f"hostile sender name: {name}", resealed(workbooks, sam_doc(workbooks).state(), name=text[:200]))
    rows = dump(workbooks["mentor"])
    assert "\x1b" not in rows and "\x9b" not in rows


def test_wrong_shapes_deep_nesting_and_too_many_entities_are_refused(workbooks):
    def shaped(family: str, change) -> None:
        doc = sam_doc(workbooks)
        change(doc)
        outcome(workbooks, family, resealed(workbooks, doc.state()))

    def first_uid(doc) -> str:
        return next(uid for uid, goal in doc.root("goals").items() if not goal.get("gone"))

    def first_goal(doc) -> Map:
        return doc.root("goals")[first_uid(doc)]

    def deep(doc, depth: int) -> None:
        with doc._doc.transaction():  # built level by level: pycrdt builds a nested value recursively
            goal = first_goal(doc)
            goal["title"] = Map()
            nested = goal["title"]
            for _level in range(depth):
                nested["inner"] = Map()
                nested = nested["inner"]

    shaped("shape: nested 50 deep", lambda doc: deep(doc, 50))
    shaped("shape: nested 3000 deep", lambda doc: deep(doc, 3000))
    shaped("shape: number as title", lambda doc: first_goal(doc).__setitem__("title", 12))
    shaped("shape: list as status", lambda doc: first_goal(doc).__setitem__("status", ["done"] * 3))
    shaped("shape: unknown status", lambda doc: first_goal(doc).__setitem__("status", "exploded"))
    shaped("shape: year 99999", lambda doc: first_goal(doc).__setitem__("due_on", "9999-12-31T00:00:00"))
    shaped("shape: not a uuid", lambda doc: doc.root("goals").__setitem__("../../etc", Map({"title": "x"})))
    shaped("shape: entity not a map", lambda doc: doc.root("goals").__setitem__(
        "0b0d3f1e-0000-4000-8000-000000000001", "just a string"))
    shaped("shape: unknown root", lambda doc: doc._doc.get("secrets", type=Map).__setitem__("k", "v"))
    shaped("shape: unknown field", lambda doc: first_goal(doc).__setitem__("password", "x"))
    shaped("shape: parent is itself", lambda doc: first_goal(doc).__setitem__("parent", first_uid(doc)))
    shaped("shape: link to nowhere", lambda doc: first_goal(doc).__setitem__("parent", "0b0d3f1e-0000-4000-8000-0000000000ff"))
    shaped("shape: order key of 10k", lambda doc: first_goal(doc).__setitem__("order", "a" * 10_000))

    def many(doc) -> None:
        goals = doc.root("goals")
        with doc._doc.transaction():
            for number in range(3000):
                goals[f"0b0d3f1e-0000-4000-8000-{number:012x}"] = Map({"title": f"goal {number}"})

    shaped("shape: 3,000 half-made goals", many)


def test_a_reused_client_id_never_crashes_nor_writes_half(workbooks):
    """Two copies of Sam's Doc writing under one client id: the second update's items have the
    ids of the first's with other content (the divergence the engine prevents by a fresh id)."""
    state = partner_link(workbooks["mentee"], workbooks["mentee"].relationships()[0].id).shared_state
    client = next(iter(envelope.read_state_vector(SharedDoc.load(state).state_vector())))
    updates = []
    for title in ("from copy one", "from copy two"):
        doc = Doc(client_id=client)
        doc.apply_update(state)
        goals = doc.get("goals", type=Map)
        uid = next(uid for uid, goal in goals.items() if not goal.get("gone") and goal.get("title") == "MARKER01")
        goals[uid]["title"] = title
        updates.append(doc.get_update())
    mentor = workbooks["mentor"]
    for update in updates:  # one after the other, without going back in between
        path = workbooks["folder"] / "reused"
        path.write_bytes(resealed(workbooks, update))
        before = dump(mentor)
        try:
            partner.apply_changes(mentor, partner.read_changes(mentor, path))
            OUTCOMES[("reused client id", "merged")] += 1
        except partner.PartnerFileRefused:
            assert dump(mentor) == before
            OUTCOMES[("reused client id", "refused")] += 1
    workbooks["snapshot"].backup(mentor.conn)


def test_a_zip_bomb_with_a_valid_code_is_refused_unread(workbooks):
    bomb = zlib.compress(b"\0" * (envelope.MAX_UPDATE_BYTES + 10))
    assert outcome(workbooks, "zip bomb (valid MAC)", resealed(workbooks, b"\0" * (envelope.MAX_UPDATE_BYTES + 10))) == "refused: too big"
    assert len(bomb) < 100_000


def test_a_hostile_name_in_an_invite_becomes_a_clean_one_line_partner_name(tmp_path, clock):
    secret = envelope.new_secret()
    for number, (family, text) in enumerate(HOSTILE_TEXTS.items()):
        invite = envelope.seal(relationship_uid=f"0b0d3f1e-0000-4000-8000-{number:012x}", kind="invite", role="mentor",
                               name=text[:200], time=dt.datetime(2026, 11, 26, 10), state_vector=b"\x00", base=b"",
                               update=Doc().get_update(), secret=secret, include_secret=True)
        (tmp_path / "invite").write_bytes(invite)
        store = Store.open(tmp_path / f"{number}.db", clock)
        try:
            applied = partner.accept(store, tmp_path / "invite")
            [relationship] = store.relationships()
            assert relationship.partner == applied.partner_name and "\n" not in relationship.partner
            assert not any(character in relationship.partner for character in FORBIDDEN)
            OUTCOMES[(f"hostile inviter name: {family}", "accepted, name cleaned")] += 1
        finally:
            store.close()


def test_a_uid_of_a_row_of_another_relationship_is_refused_whole(workbooks):
    """A file naming, as a new goal of this relationship, the uid of a goal this workbook keeps
    in another one: the merge would take that row over; it is refused, nothing written."""
    mentor: Store = workbooks["mentor"]
    other = create_relationship(mentor, partner="Kim", role="mentee", started_on=dt.date(2026, 9, 1))
    theirs = goal_actions.add_goal(mentor, other.id, "Kim's own goal")
    workbooks["snapshot"] = sqlite3.connect(":memory:")
    mentor.conn.backup(workbooks["snapshot"])
    doc = sam_doc(workbooks)
    with doc._doc.transaction():
        doc.root("goals")[theirs.uid] = Map({
            "title": "taken over", "horizon": "short", "status": "open", "owner": "mentee", "progress": None,
            "due_on": None, "before_next_meeting": False, "done_at": None, "created_at": "2026-11-26T10:00:00",
            "notes": Text(""), "parent": None, "order": "h",
        })
    assert outcome(workbooks, "uid of another relationship's row", resealed(workbooks, doc.state())).startswith("refused")
    assert mentor.goal(theirs.id).title == "Kim's own goal"
