"""The partner engine's conflict rules: two workbooks (fresh DBs, frozen clock) each keep one
relationship, exchange the shared part as pycrdt updates, and must end with the same rows;
what a user lost in a conflict is reported, private data never enters the shared document."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import pytest

from mentortui.core.clock import FrozenClock
from mentortui.core.i18n import set_language
from mentortui.data.model import Goal, Meeting
from mentortui.data.store import Store
from mentortui.exchange.partner.engine import (
    SharedDoc,
    UpdateRefused,
    apply_update,
    fold_local,
    key_between,
    local_view,
    preview_update,
)
from tests.conftest import NOW

MONDAY = dt.datetime(2026, 11, 30, 18, 0)


class Side:
    """One person's workbook: a store, the relationship, and its shared document."""

    def __init__(self, path, role: str, partner: str) -> None:
        self.store = Store.open(path, FrozenClock(NOW))
        self.name = "Sam" if role == "mentor" else "Ana"
        self.partner = partner
        self.rel = self.store.add_relationship(partner=partner, role=role, started_on=dt.date(2026, 9, 1))
        # The pairing row the actions make (mentortui.exchange.partner.actions): the merge base lives there.
        with self.store.bulk():
            self.store.conn.execute(
                "INSERT INTO partner_links (relationship_id, secret, created_at) VALUES (?, ?, ?)",
                [self.rel.id, secrets.token_bytes(32), NOW],
            )
        self.doc = SharedDoc.load(b"")

    def send(self) -> bytes:
        """Fold the rows in, then everything the document has (the partner ignores what it knows)."""
        fold_local(self.store, self.rel.id, self.doc)
        return self.doc.state()

    def receive(self, update: bytes, sender_vector: bytes | None = None):
        with self.store.change("Merge"):
            return apply_update(self.store, self.rel.id, self.doc, update, self.partner, sender_vector=sender_vector)

    def goals(self) -> list[tuple]:
        """(title, parent title, position, status) of every goal: what the tree shows."""
        goals = self.store.select(Goal, "relationship_id = ?", [self.rel.id], "id")
        titles = {goal.id: goal.title for goal in goals}
        return sorted((g.title, titles.get(g.parent_id), g.position, g.status) for g in goals)

    def goal(self, title: str) -> Goal:
        return self.store.select(Goal, "relationship_id = ? AND title = ?", [self.rel.id, title], "id")[0]

    def meeting(self) -> Meeting:
        return self.store.meetings(self.rel.id)[0]

    def agenda(self) -> list[str]:
        return [item.text for item in self.store.agenda(self.meeting().id)]


@pytest.fixture
def pair(tmp_path):
    """Sam (the mentor) and Ana (the mentee), paired: Ana's workbook starts from Sam's first file."""
    sam = Side(tmp_path / "sam.db", "mentor", "Ana")
    ana = Side(tmp_path / "ana.db", "mentee", "Sam")
    yield sam, ana
    sam.store.close()
    ana.store.close()


def swap(a: Side, b: Side) -> None:
    """Both send at once (offline edits on both sides), then both receive."""
    from_a, from_b = a.send(), b.send()
    b.receive(from_a)
    a.receive(from_b)


def shared_rows(side: Side) -> dict:
    """The shared rows as both sides must see them (roles absolute, links by uid)."""
    view = local_view(side.store, side.rel.id)
    return {"entities": view.entities, "agreement": view.agreement}


def test_goals_meetings_agenda_and_actions_reach_the_partner_with_roles_flipped(pair):
    sam, ana = pair
    career = sam.store.add_goal(sam.rel.id, "Become a staff engineer", horizon="long", notes="Two years.\nMaybe three.")
    sam.store.add_goal(sam.rel.id, "Lead the migration", parent_id=career.id)
    meeting = sam.store.add_meeting(sam.rel.id, MONDAY, mode="video")
    sam.store.add_agenda_item(meeting.id, "Review the design doc", goal_id=career.id)
    sam.store.add_agenda_item(meeting.id, "Plan the talk")
    sam.store.add_action(meeting.id, "Send the reading list", owner="me", due_on=dt.date(2026, 12, 2))

    summary = ana.receive(sam.send())

    assert ana.goals() == [
        ("Become a staff engineer", None, 0, "open"),
        ("Lead the migration", "Become a staff engineer", 0, "open"),
    ]
    assert ana.goal("Become a staff engineer").notes == "Two years.\nMaybe three."
    assert ana.agenda() == ["Review the design doc", "Plan the talk"]
    assert ana.store.agenda(ana.meeting().id)[0].goal_id == ana.goal("Become a staff engineer").id
    (action,) = ana.store.actions(ana.meeting().id)
    assert (action.text, action.owner, action.due_on) == ("Send the reading list", "partner", dt.date(2026, 12, 2))
    assert shared_rows(ana) == shared_rows(sam)
    assert summary.lines() == [
        "2 goals added by Sam",
        "1 meeting added by Sam",
        "2 agenda items added by Sam",
        "1 action added by Sam",
    ]


@pytest.fixture
def paired(pair):
    """Sam and Ana after a first exchange: Sam's tree (Career > Lead > Plan, Talk), a meeting
    with three agenda items, all known on both sides."""
    sam, ana = pair
    career = sam.store.add_goal(sam.rel.id, "Career", horizon="long")
    lead = sam.store.add_goal(sam.rel.id, "Lead", parent_id=career.id)
    sam.store.add_goal(sam.rel.id, "Plan", parent_id=lead.id)
    sam.store.add_goal(sam.rel.id, "Talk")
    meeting = sam.store.add_meeting(sam.rel.id, MONDAY, notes="Line one\nLine two\nLine three", notes_shared=True)
    for text in ("Alpha", "Beta", "Gamma"):
        sam.store.add_agenda_item(meeting.id, text)
    ana.receive(sam.send())
    sam.receive(ana.send())
    return sam, ana


def test_moves_that_make_a_cycle_are_broken_the_same_way_on_both_sides(paired):
    sam, ana = paired
    sam.store.move_goal(sam.goal("Career").id, parent_id=sam.goal("Talk").id, position=0)  # Career under Talk
    ana.store.move_goal(ana.goal("Talk").id, parent_id=ana.goal("Career").id, position=0)  # Talk under Career

    swap(sam, ana)

    assert sam.goals() == ana.goals()
    parents = {title: parent for title, parent, _position, _status in sam.goals()}
    assert {parents["Career"], parents["Talk"]} in ({None, "Career"}, {None, "Talk"})  # one is on top, no cycle
    assert shared_rows(sam) == shared_rows(ana)


def test_a_goal_added_under_a_deleted_one_goes_to_the_nearest_live_ancestor(paired):
    sam, ana = paired
    sam.store.delete_goal(sam.goal("Lead").id)  # Lead and Plan go
    ana.store.add_goal(ana.rel.id, "Rehearse", parent_id=ana.goal("Plan").id)

    swap(sam, ana)

    expected = [("Career", None, 0, "open"), ("Rehearse", "Career", 0, "open"), ("Talk", None, 1, "open")]
    assert sam.goals() == ana.goals() == expected


def test_delete_against_edit_deletes_and_tells_the_editor_what_was_lost(paired):
    sam, ana = paired
    sam.store.delete_goal(sam.goal("Talk").id)
    ana.store.update_goal(ana.goal("Talk").id, title="Give the talk in March")

    from_sam, from_ana = sam.send(), ana.send()
    lost_by_ana = ana.receive(from_sam)
    lost_by_sam = sam.receive(from_ana)

    assert sam.goals() == ana.goals() == [("Career", None, 0, "open"), ("Lead", "Career", 0, "open"),
                                          ("Plan", "Lead", 0, "open")]
    assert lost_by_ana.lines() == [
        "1 goal deleted by Sam",
        "1 edit of yours lost to theirs: “Give the talk in March” (deleted)",
    ]
    assert [(lost.kind, lost.title, lost.field) for lost in lost_by_ana.lost] == [("goals", "Give the talk in March", None)]
    assert lost_by_sam.lost == []


def test_the_same_field_edited_on_both_sides_keeps_one_value_and_reports_the_other(paired):
    sam, ana = paired
    sam.store.update_goal(sam.goal("Talk").id, title="Talk at PyCon", due_on=dt.date(2027, 3, 1))
    ana.store.update_goal(ana.goal("Talk").id, title="Talk at the meetup", due_on=dt.date(2027, 2, 1))

    from_sam, from_ana = sam.send(), ana.send()
    sam_vector, ana_vector = sam.doc.state_vector(), ana.doc.state_vector()
    ana_summary = ana.receive(from_sam, sender_vector=sam_vector)
    sam_summary = sam.receive(from_ana, sender_vector=ana_vector)

    assert shared_rows(sam) == shared_rows(ana)
    kept = sam.store.select(Goal, "parent_id IS NULL AND horizon = 'short'", [], "id")[0].title
    loser, mine = (ana_summary, "Talk at the meetup") if kept == "Talk at PyCon" else (sam_summary, "Talk at PyCon")
    winner = sam_summary if loser is ana_summary else ana_summary
    assert [(lost.field, lost.mine, lost.theirs) for lost in loser.lost] == [
        ("title", mine, kept),
        ("due_on", "2027-02-01" if mine == "Talk at the meetup" else "2027-03-01",
         "2027-03-01" if kept == "Talk at PyCon" else "2027-02-01"),
    ]
    assert loser.lines()[-1] == f"2 of your edits lost to theirs: “{mine}” (title, due date)"
    assert winner.lost == []


def test_rename_on_one_side_and_mark_done_on_the_other_are_both_kept(paired):
    sam, ana = paired
    sam.store.update_goal(sam.goal("Talk").id, title="Give the talk")
    ana.store.set_goal_status(ana.goal("Talk").id, "done")

    from_sam, from_ana = sam.send(), ana.send()
    ana_summary = ana.receive(from_sam)
    sam_summary = sam.receive(from_ana)

    assert ("Give the talk", None, 1, "done") in sam.goals()
    assert sam.goals() == ana.goals()
    assert ana_summary.lost == sam_summary.lost == []
    assert sam_summary.lines() == ["1 goal changed by Ana"]


def test_agenda_items_added_and_deleted_on_both_sides(paired):
    sam, ana = paired
    sam.store.add_agenda_item(sam.meeting().id, "Delta")
    sam.store.delete_agenda_item(sam.store.agenda(sam.meeting().id)[0].id)  # Alpha
    ana.store.add_agenda_item(ana.meeting().id, "Epsilon")
    ana.store.delete_agenda_item(ana.store.agenda(ana.meeting().id)[2].id)  # Gamma

    swap(sam, ana)

    assert sam.agenda() == ana.agenda()
    assert sorted(sam.agenda()) == ["Beta", "Delta", "Epsilon"] and sam.agenda()[0] == "Beta"
    positions = [item.position for item in ana.store.agenda(ana.meeting().id)]
    assert positions == [0, 1, 2]


def test_a_moved_agenda_item_moves_on_the_other_side(paired):
    sam, ana = paired
    items = sam.store.agenda(sam.meeting().id)
    sam.store.reorder_agenda(sam.meeting().id, [items[2].id, items[0].id, items[1].id])

    summary = ana.receive(sam.send())

    assert ana.agenda() == ["Gamma", "Alpha", "Beta"]
    assert summary.lines() == ["1 agenda item changed by Sam"]


def test_both_editing_one_meetings_notes_in_different_places_keep_both(paired):
    sam, ana = paired
    sam.store.update_meeting(sam.meeting().id, notes="Line one, said by Sam\nLine two\nLine three")
    ana.store.update_meeting(ana.meeting().id, notes="Line one\nLine two\nLine three — café with Ana ☕")

    swap(sam, ana)

    both = "Line one, said by Sam\nLine two\nLine three — café with Ana ☕"
    assert sam.meeting().notes == ana.meeting().notes == both


def test_an_update_applied_twice_or_out_of_order_changes_nothing(paired):
    sam, ana = paired
    base = ana.doc.state_vector()
    sam.store.update_goal(sam.goal("Talk").id, title="Talk, first draft")
    first = sam.send() and sam.doc.delta_since(base)
    first_vector = sam.doc.state_vector()
    sam.store.update_goal(sam.goal("Talk, first draft").id, title="Talk, final")
    sam.store.add_agenda_item(sam.meeting().id, "Delta")
    second = sam.send() and sam.doc.delta_since(first_vector)

    rows = shared_rows(ana)
    with pytest.raises(UpdateRefused, match="build on earlier ones"):
        ana.receive(second)  # its base is missing: refused whole, nothing is written
    assert shared_rows(ana) == rows
    ana.receive(first)
    ana.receive(second)
    in_order = shared_rows(ana)
    assert ana.goal("Talk, final") and ana.agenda() == ["Alpha", "Beta", "Gamma", "Delta"]
    assert in_order == shared_rows(sam)

    stamps = [goal.updated_at for goal in ana.store.goals(ana.rel.id)]
    again = ana.receive(first)
    again_second = ana.receive(second)
    assert shared_rows(ana) == in_order
    assert again.is_empty and again_second.is_empty
    assert again.lines() == ["Nothing new from Sam."]
    assert [goal.updated_at for goal in ana.store.goals(ana.rel.id)] == stamps


def test_every_load_has_a_fresh_client_id():
    doc = SharedDoc.load(b"")
    doc.root("goals")["x"] = 1
    state = doc.state()
    loads = [SharedDoc.load(state) for _ in range(20)]
    ids = {load.client_id for load in loads}
    assert len(ids) == 20 and doc.client_id not in ids


PRIVATE = "PRIVATE-MARKER"


def test_private_data_never_enters_the_shared_document(paired, tmp_path):
    sam, _ana = paired
    store, rel = sam.store, sam.rel
    store.update_relationship(rel.id, why=PRIVATE + " why", hope_to_learn=PRIVATE + " hope")
    store.set_checklist(rel.id, "E1", "expectations", state="done", note=PRIVATE + " checklist")
    store.add_learning(rel.id, date=dt.date(2026, 11, 20), text=PRIVATE + " learning")
    store.add_candidate(PRIVATE + " candidate", notes=PRIVATE)
    review = store.start_review("2026-W48")
    store.save_review_progress(review.id, step=1, answers={"goals": PRIVATE + " review"})
    store.add_feedback(rel.id, direction="given", kind="praise", text=PRIVATE + " unshared feedback",
                       date=dt.date(2026, 11, 20))
    meeting = store.add_meeting(rel.id, MONDAY + dt.timedelta(days=7), notes=PRIVATE + " notes")
    shared = store.add_feedback(rel.id, direction="given", kind="praise", text="Shared then unshared " + PRIVATE,
                                date=dt.date(2026, 11, 21), shared=True)
    sam.send()
    assert PRIVATE in json.dumps(sam.doc.to_py())  # the shared feedback, for now
    store.update_feedback(shared.id, shared=False)
    assert sam.send() and PRIVATE not in json.dumps(sam.doc.to_py(), ensure_ascii=False)
    assert PRIVATE.encode() not in sam.doc.state()  # gone from the history too
    assert meeting.uid in sam.doc.to_py()["meetings"]  # the meeting is shared, its notes are not


def test_feedback_and_the_agreement_flip_to_the_partners_point_of_view(paired):
    sam, ana = paired
    sam.store.add_feedback(sam.rel.id, direction="given", kind="advice", text="Write it down first.\nThen talk.",
                           date=dt.date(2026, 11, 20), shared=True, rubric=["specific"])
    sam.store.save_agreement(sam.rel.id, duration="6 months", my_responsibilities="Review drafts",
                             their_expectations="Bring one question a week", modes=["video"])
    summary = ana.receive(sam.send())

    (entry,) = ana.store.feedback(ana.rel.id)
    assert (entry.direction, entry.text, entry.shared, entry.rubric) == (
        "received", "Write it down first.\nThen talk.", True, ["specific"])
    terms = ana.store.current_agreement(ana.rel.id)
    assert (terms.duration, terms.their_responsibilities, terms.my_expectations, terms.modes) == (
        "6 months", "Review drafts", "Bring one question a week", ["video"])
    assert summary.lines() == ["1 feedback entry added by Sam", "The agreement’s terms changed by Sam"]

    ana.store.update_feedback(entry.id, tried=True, result="It worked")
    sam.receive(ana.send())
    (mine,) = sam.store.feedback(sam.rel.id)
    assert (mine.direction, mine.tried, mine.result) == ("given", True, "It worked")


def test_the_merge_is_one_change_undone_as_a_whole(paired):
    sam, ana = paired
    sam.store.add_goal(sam.rel.id, "New goal")
    sam.store.delete_agenda_item(sam.store.agenda(sam.meeting().id)[0].id)
    before = shared_rows(ana)
    ana.receive(sam.send())
    assert shared_rows(ana) != before
    ana.store.undo()
    assert shared_rows(ana) == before


@pytest.mark.parametrize(
    "corrupt",
    ["garbage", "bad title", "bad status", "huge text", "unknown root", "bad role", "deep nesting", "deep values"],
)
def test_an_invalid_update_is_refused_whole_and_nothing_is_written(paired, corrupt):
    sam, ana = paired
    sam.store.add_goal(sam.rel.id, "Fine goal")  # a valid change in the same update
    sam.send()
    goals = sam.doc.root("goals")
    talk = goals[sam.goal("Talk").uid]
    if corrupt == "garbage":
        update = b"\x01\xff\xff\xff" + secrets.token_bytes(40)
    elif corrupt == "deep values":  # a list in a list… 200,000 deep: decoding it overflowed Yrs' stack (a crash)
        talk["rubric"] = [[]]
        update = sam.doc.state()
        nested = update.index(b"u\x01u\x00")  # Any array tag 117, length 1, holding an empty one
        update = update[:nested] + b"u\x01" * 200_000 + update[nested + 2:]
    else:
        if corrupt == "bad title":
            talk["title"] = "two\nlines"
        elif corrupt == "bad status":
            talk["status"] = "exploded"
        elif corrupt == "huge text":
            talk["notes"].insert(0, "x" * 300_000)
        elif corrupt == "unknown root":
            sam.doc._doc.get("extra\n\x1b[31mred", type=type(goals))["x"] = 1
        elif corrupt == "deep nesting":  # read as JSON, 20,000 levels overflowed Yrs' stack (a crash)
            inner = type(goals)()
            talk["progress"] = inner
            for _level in range(20_000):
                deeper = type(goals)()
                inner["k"] = deeper
                inner = deeper
        elif corrupt == "bad role":
            meeting = sam.store.meetings(sam.rel.id)[0]
            sam.doc.root("actions")["0b5d2c59-7f5e-4a43-9a4b-8f3c2d1e0f00"] = type(goals)(
                {"meeting": meeting.uid, "owner": "boss", "text": "x", "due_on": None, "done_at": None,
                 "created_at": NOW, "follow_up": False, "goal": None})
        update = sam.doc.state()
    rows, state = shared_rows(ana), ana.doc.state()

    with pytest.raises(UpdateRefused) as refused:
        ana.receive(update)

    assert "\n" not in str(refused.value) and "\x1b" not in str(refused.value)
    assert not str(refused.value).startswith("Refused")  # a reason: the app and the CLI say "Refused" once
    assert shared_rows(ana) == rows and ana.doc.state() == state
    assert [goal for goal in ana.goals() if goal[0] == "Fine goal"] == []


def test_preview_says_what_applying_would_do_and_writes_nothing(paired):
    sam, ana = paired
    sam.store.add_goal(sam.rel.id, "Fresh")
    update = sam.send()
    changes, state = ana.store.total_changes(), ana.doc.state()
    summary = preview_update(ana.store, ana.rel.id, ana.doc, update, "Sam")
    assert summary.lines() == ["1 goal added by Sam"]
    assert ana.store.total_changes() == changes and ana.doc.state() == state


def test_fold_local_counts_what_changed_and_nothing_when_nothing_did(paired):
    sam, _ana = paired
    assert fold_local(sam.store, sam.rel.id, sam.doc) == 0
    sam.store.update_goal(sam.goal("Talk").id, title="Talk!")
    sam.store.add_goal(sam.rel.id, "Another")
    assert fold_local(sam.store, sam.rel.id, sam.doc) == 2
    assert fold_local(sam.store, sam.rel.id, sam.doc) == 0


def test_the_summary_in_french(paired):
    sam, ana = paired
    sam.store.delete_goal(sam.goal("Talk").id)
    sam.store.add_goal(sam.rel.id, "Nouveau")
    ana.store.update_goal(ana.goal("Talk").id, title="Conférence")
    set_language("fr")
    summary = ana.receive(sam.send())
    assert summary.lines() == [
        "1 objectif ajouté, 1 objectif supprimé par Sam",
        "1 de vos modifications perdue au profit des siennes\u00a0: «\u00a0Conférence\u00a0» (supprimé)",
    ]


def test_order_keys_always_fit_between_their_neighbours():
    keys = [key_between(None, None)]
    for _ in range(50):
        keys.insert(1, key_between(keys[0], keys[1] if len(keys) > 1 else None))
        keys.insert(0, key_between(None, keys[0]))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_an_edit_the_partner_saw_before_changing_it_again_is_not_reported_lost(paired):
    sam, ana = paired
    sam.store.update_goal(sam.goal("Talk").id, title="Talk, second draft")
    ana.receive(sam.send())
    sam.store.update_goal(sam.goal("Plan").id, title="Plan the slides")  # not sent yet
    ana.store.update_goal(ana.goal("Talk, second draft").id, title="Talk, final")

    update = ana.send()
    summary = sam.receive(update, sender_vector=ana.doc.state_vector())

    assert sam.goal("Talk, final") and sam.goal("Plan the slides")
    assert summary.lines() == ["1 goal changed by Ana"] and summary.lost == []
    ana.receive(sam.send(), sender_vector=sam.doc.state_vector())
    assert shared_rows(ana) == shared_rows(sam)


def test_notes_kept_private_here_and_shared_by_the_partner_are_reported(paired):
    sam, ana = paired
    meeting = sam.store.add_meeting(sam.rel.id, MONDAY + dt.timedelta(days=14), notes="Sam's own notes")
    ana.receive(sam.send())
    (theirs,) = [m for m in ana.store.meetings(ana.rel.id) if m.uid == meeting.uid]
    assert theirs.notes == ""
    ana.store.update_meeting(theirs.id, notes="Ana's notes", notes_shared=True)

    summary = sam.receive(ana.send())

    mine = sam.store.meeting(meeting.id)
    assert (mine.notes, mine.notes_shared) == ("Ana's notes", True)
    assert [(lost.field, lost.mine, lost.theirs) for lost in summary.lost] == [("notes", "Sam's own notes", "Ana's notes")]
    assert summary.lines()[-1] == "1 edit of yours lost to theirs: “Monday, December 14, 2026 18:00” (notes)"


def test_a_feedback_entry_unshared_leaves_the_partners_workbook(paired):
    sam, ana = paired
    entry = sam.store.add_feedback(sam.rel.id, direction="given", kind="praise", text="Great demo",
                                   date=dt.date(2026, 11, 20), shared=True)
    ana.receive(sam.send())
    assert [f.text for f in ana.store.feedback(ana.rel.id)] == ["Great demo"]

    sam.store.update_feedback(entry.id, shared=False)
    summary = ana.receive(sam.send())

    assert ana.store.feedback(ana.rel.id) == []
    assert [f.text for f in sam.store.feedback(sam.rel.id)] == ["Great demo"]  # still Sam's, privately
    assert summary.lines() == ["1 feedback entry deleted by Sam"]


def test_one_term_of_the_agreement_edited_on_both_sides_is_reported(paired):
    sam, ana = paired
    sam.store.save_agreement(sam.rel.id, duration="6 months")
    ana.receive(sam.send())
    sam.receive(ana.send())
    sam.store.save_agreement(sam.rel.id, duration="9 months", my_limits="No calls after 19:00")
    ana.store.save_agreement(ana.rel.id, duration="1 year")

    from_sam, from_ana = sam.send(), ana.send()
    summaries = [ana.receive(from_sam), sam.receive(from_ana)]

    assert shared_rows(sam) == shared_rows(ana)
    duration = sam.store.current_agreement(sam.rel.id).duration
    assert sam.store.current_agreement(sam.rel.id).my_limits == "No calls after 19:00"
    assert ana.store.current_agreement(ana.rel.id).their_limits == "No calls after 19:00"
    lost = [(s.lost[0].field, s.lost[0].mine, s.lost[0].theirs) for s in summaries if s.lost]
    mine = "1 year" if duration == "9 months" else "9 months"
    assert lost == [("duration", mine, duration)]
    assert any(line.endswith("lost to theirs: “the agreement” (terms)") for s in summaries for line in s.lines())
