"""The merge engine: one relationship's shared part as a pycrdt (Yjs) document.

Each workbook keeps the document next to its rows. Before an export or an import, the rows
are compared with the document and the differences written into it (``fold_local``: the undo
journal is no complete change feed, so the rows are the truth). An update from the partner is
applied to a scratch copy first, every entity checked, and only then are the rows written to
match the merged document (``apply_update``), inside the caller's one undoable change.

Layout: one root map per kind (goals, meetings, agenda, actions, feedback), one flat map per
entity under its uid, made only by the side that made the row; multi-line text as Y.Text;
order as fractional keys; links as uids; a deletion as a tombstone (a goal keeps its parent,
so a child added meanwhile finds its nearest live ancestor); roles absolute (entities.py).
A root map ``settled`` keeps each same-field conflict a merge settled, so the side that lost
it hears of it even when the other side merged first (``_settle``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pycrdt import Array, Doc, Map, Text, XmlElement, XmlFragment, XmlText, get_update

from mentortui.core.i18n import N_, _, format_when, plural
from mentortui.core.text import one_line
from mentortui.data.model import ROLES, Agreement, ValidationError, column_kinds, other_role
from mentortui.data.partner import (
    delete_row,
    insert_row,
    merge_base,
    set_merge_base,
    shared_rows,
    update_row,
)
from mentortui.data.validation import validate
from mentortui.exchange.partner.entities import (
    ACTIONS,
    AGREEMENT,
    BY_NAME,
    FEEDBACK,
    FIELD_LABELS,
    GONE,
    GOALS,
    KINDS,
    MEETINGS,
    ORDER,
    Kind,
    agreement_from_doc,
    agreement_keys,
    agreement_to_doc,
    giver_from_doc,
    giver_to_doc,
    owner_from_doc,
    owner_to_doc,
    to_doc,
)
from mentortui.exchange.partner.envelope import read_state_vector

if TYPE_CHECKING:
    from mentortui.data.store import Store

# More shared entities than a relationship could make in a lifetime: a file holding more is hostile.
MAX_ENTITIES = 200_000
MAX_ORDER_KEY = 200  # characters of an order key (they grow by about one per insertion at one place)
# Beyond this many characters changed in the middle of a text, the middle is replaced whole
# (a character diff of two long texts costs quadratic time).
MAX_DIFFED = 20_000
# The conflicts a relationship's document remembers (``settled``), and the characters kept of a
# value there: more than a lifetime makes, so a file holding more is hostile.
MAX_SETTLED = 20_000
MAX_SETTLED_CHARS = 1_000
SETTLED = "settled"  # root map: "<uid>:<field>:<role that lost>" -> [lost value, kept value]


class UpdateRefused(Exception):
    """The update is not a valid shared state for this relationship; nothing was applied."""


# ---- the document -------------------------------------------------------------------------


class SharedDoc:
    """One relationship's shared part: a pycrdt Doc with a client id of its own."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc

    @classmethod
    def load(cls, state: bytes) -> SharedDoc:
        """The document from a stored state, under a fresh client id: two loads of one state
        writing under the same id would make the documents diverge silently forever."""
        try:
            doc = Doc()
            while state:
                doc.apply_update(state)
                if doc.client_id not in read_state_vector(doc.get_state()):
                    break
                doc = Doc()  # an id already in the history: draw again
            return cls(doc)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # pycrdt's panic is a BaseException
            raise UpdateRefused(_("the stored shared state cannot be read")) from error

    def apply(self, update: bytes) -> bool:
        """Apply an update (the caller catches pycrdt's errors, BaseExceptions included); return
        whether part of it waits for changes not received yet. Yrs keeps such a part aside,
        out of the state it encodes, while the update's deletions already show."""
        self._doc.apply_update(update)
        left_out = get_update(update, self._doc.get_state())
        return left_out[0] != 0  # the count of struct groups left out (a first varint of 0: none)

    @property
    def client_id(self) -> int:
        return self._doc.client_id

    def state(self) -> bytes:
        return self._doc.get_update()

    def state_vector(self) -> bytes:
        return self._doc.get_state()

    def delta_since(self, state_vector: bytes) -> bytes:
        """What this document has that a document at ``state_vector`` lacks (all of it when empty)."""
        return self._doc.get_update(state_vector or None)

    def root(self, name: str) -> Map:
        return self._doc.get(name, type=Map)

    def settled(self) -> dict[str, Any]:
        """The conflicts noted so far (``SETTLED``) as plain values."""
        return json.loads(str(self.root(SETTLED)))

    def to_py(self) -> dict[str, Any]:
        """Every root map as plain values (texts as strings), through Yrs' own JSON (ten
        times faster than pycrdt's to_py, which reads key by key)."""
        return {name: json.loads(str(self.root(name))) for name in (*(kind.name for kind in KINDS), AGREEMENT, SETTLED)}


# ---- views: the shared part as plain values, from the rows or from the document ------------


@dataclass
class View:
    """kind name -> uid -> the entity's values (links as uids, ``position`` among siblings);
    ``agreement``: the current terms with absolute roles ({} when none)."""

    entities: dict[str, dict[str, dict[str, Any]]]
    agreement: dict[str, Any]


def local_view(store: Store, relationship_id: int, rows: dict | None = None) -> View:
    """The relationship's shared rows (read now, or ``rows`` as data/partner.shared_rows read
    them) as the document would hold them."""
    role = store.relationship(relationship_id).role
    rows = rows if rows is not None else shared_rows(store, relationship_id)
    uids = {kind.name: {row.id: row.uid for row in rows[kind.cls]} for kind in KINDS}
    entities: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in KINDS:
        out: dict[str, dict[str, Any]] = {}
        for row in rows[kind.cls]:
            if kind is FEEDBACK and not row.shared:
                continue  # private until marked shared
            entity = {name: to_doc(getattr(row, name)) for name in kind.fields}
            for name in kind.texts:
                entity[name] = getattr(row, name)
            if kind is MEETINGS and not row.notes_shared:
                entity["notes"] = ""  # private notes never enter the document
            for key, column, target in kind.links:
                entity[key] = uids[target].get(getattr(row, column))
            if kind is ACTIONS:
                entity["owner"] = owner_to_doc(row.owner, role)
            if kind is FEEDBACK:
                entity["giver"] = giver_to_doc(row.direction, role)
            out[row.uid] = entity
        if kind.ordered_by is not None:
            _number_siblings(out, kind.ordered_by, list(out))  # rows come in (position, id) order
        entities[kind.name] = out
    return View(entities, agreement_to_doc(store.current_agreement(relationship_id), role))


def _number_siblings(entities: dict[str, dict[str, Any]], group_key: str, in_order: list[str]) -> None:
    """Give each entity its ``position`` among those with the same ``group_key`` value."""
    counters: dict[Any, int] = {}
    for uid in in_order:
        group = entities[uid][group_key]
        entities[uid]["position"] = counters.get(group, 0)
        counters[group] = counters.get(group, 0) + 1


def _plain(kind: Kind, raw: dict[str, Any]) -> dict[str, Any]:
    """An entity's values as read from the document (Yjs numbers are floats: whole ones made ints)."""
    kinds = column_kinds(kind.cls)
    entity = {}
    for name in (*kind.fields, *kind.texts):
        value = raw.get(name)
        if kinds.get(name) is int and isinstance(value, float) and value.is_integer():
            value = int(value)
        entity[name] = value
    if kind is ACTIONS:
        entity["owner"] = raw.get("owner")
    if kind is FEEDBACK:
        entity["giver"] = raw.get("giver")
    return entity


def doc_view(doc: SharedDoc) -> View:
    """The document's live entities, resolved as both workbooks write them: a goal under a
    deleted one goes to its nearest live ancestor, a cycle of parents is broken at its
    smallest uid, an agenda item or action of a deleted meeting is gone, a link to a deleted
    entity is empty; siblings sorted by (order key, uid)."""
    raw = doc.to_py()
    live = {
        kind.name: {uid for uid, value in raw[kind.name].items() if isinstance(value, dict) and not value.get(GONE)}
        for kind in KINDS
    }
    goals_raw = raw[GOALS.name]
    parents = {uid: _live_ancestor(goals_raw, live[GOALS.name], goals_raw[uid].get("parent")) for uid in live[GOALS.name]}
    _break_cycles(parents)
    meetings = live[MEETINGS.name]
    live["agenda"] = {uid for uid in live["agenda"] if raw["agenda"][uid].get("meeting") in meetings}
    live[ACTIONS.name] = {uid for uid in live[ACTIONS.name] if raw[ACTIONS.name][uid].get("meeting") in meetings}

    entities: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in KINDS:
        out = {}
        for uid in live[kind.name]:
            entity = _plain(kind, raw[kind.name][uid])
            for key, _column, target in kind.links:
                linked = raw[kind.name][uid].get(key)
                entity[key] = linked if linked in live[target] else None
            if kind is GOALS:
                entity["parent"] = parents[uid]
            out[uid] = entity
        if kind.ordered_by is not None:
            in_order = sorted(out, key=lambda uid: (str(raw[kind.name][uid].get(ORDER) or ""), uid))
            _number_siblings(out, kind.ordered_by, in_order)
        entities[kind.name] = out
    terms = raw[AGREEMENT]
    return View(entities, {name: terms.get(name) for name in agreement_keys()} if terms else {})


def _live_ancestor(goals_raw: dict[str, Any], live: set[str], uid: str | None) -> str | None:
    seen = set()
    while uid is not None and uid not in live:
        if uid in seen or not isinstance(goals_raw.get(uid), dict):
            return None
        seen.add(uid)
        uid = goals_raw[uid].get("parent")
    return uid


def _break_cycles(parents: dict[str, str | None]) -> None:
    """Concurrent moves can make goals each other's ancestors: the goal of each cycle with the
    smallest uid becomes a top-level goal (the same choice in both workbooks)."""
    settled: set[str] = set()
    for start in sorted(parents):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in settled:
            if node in path:
                parents[min(path[path.index(node):])] = None
                break
            path.append(node)
            node = parents[node]
        settled.update(path)


# ---- folding the rows into the document ------------------------------------------------------


def fold_local(store: Store, relationship_id: int, doc: SharedDoc) -> int:
    """Write into ``doc`` what the shared rows say differently (adds, edits, moves, deletions, a
    feedback entry unshared, notes unshared); return how many entities changed."""
    return _fold(doc, local_view(store, relationship_id))


def _fold(doc: SharedDoc, mine: View) -> int:
    current = doc_view(doc)
    changed: set[tuple[str, str]] = set()
    with doc._doc.transaction():
        for kind in KINDS:
            root = doc.root(kind.name)
            have = current.entities[kind.name]
            wanted = mine.entities[kind.name]
            for uid, entity in wanted.items():
                old = have.get(uid)
                if old is not None and _same_but_position(old, entity):
                    continue
                if uid not in root:
                    root[uid] = _new_entity(kind, entity)
                else:
                    _write_fields(kind, root[uid], entity, old)
                changed.add((kind.name, uid))
            for uid in have.keys() - wanted.keys():
                _tombstone(root[uid])
                changed.add((kind.name, uid))
            if kind.ordered_by is not None:
                changed |= {(kind.name, uid) for uid in _fold_order(root, kind.ordered_by, wanted, have)}
        if mine.agreement != current.agreement and mine.agreement:
            terms = doc.root(AGREEMENT)
            for name, value in mine.agreement.items():
                if terms.get(name) != value:
                    terms[name] = value
            changed.add((AGREEMENT, ""))
    return len(changed)


def _same_but_position(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(key) == value for key, value in b.items() if key != "position")


def _new_entity(kind: Kind, entity: dict[str, Any]) -> Map:
    values: dict[str, Any] = {key: value for key, value in entity.items() if key != "position" and key not in kind.texts}
    for name in kind.texts:
        values[name] = Text(entity[name])
    return Map(values)


def _write_fields(kind: Kind, entity_map: Map, entity: dict[str, Any], old: dict[str, Any] | None) -> None:
    if entity_map.get(GONE):  # undone deletion, or an orphan come back: every field again
        entity_map[GONE] = False
        old = None
    for key, value in entity.items():
        if key == "position" or (old is not None and old.get(key) == value):
            continue
        if key in kind.texts:
            _edit_text(entity_map, key, value)
        else:
            entity_map[key] = value


def _edit_text(entity_map: Map, key: str, new: str) -> None:
    """Turn the Y.Text into ``new`` by the smallest edits, so the partner's edits elsewhere in it survive."""
    text = entity_map.get(key)
    if not isinstance(text, Text):
        entity_map[key] = Text(new)
        return
    old = str(text)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_middle, new_middle = old[start:len(old) - end], new[start:len(new) - end]
    if len(old_middle) + len(new_middle) > MAX_DIFFED:
        opcodes = [("replace", 0, len(old_middle), 0, len(new_middle))]
    else:
        opcodes = difflib.SequenceMatcher(None, old_middle, new_middle, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(opcodes):  # from the end: earlier offsets stay valid
        if tag == "equal":
            continue
        # Y.Text offsets count UTF-8 bytes.
        begin = len(old[: start + i1].encode())
        if i2 > i1:
            del text[begin : begin + len(old_middle[i1:i2].encode())]
        if j2 > j1:
            text.insert(begin, new_middle[j1:j2])


def _tombstone(entity_map: Map) -> None:
    """Delete an entity's content (nothing private stays behind), keep a goal's parent."""
    for key in list(entity_map.keys()):
        if key != "parent":
            del entity_map[key]
    entity_map[GONE] = True


def _fold_order(
    root: Map, group_key: str, wanted: dict[str, dict[str, Any]], have: dict[str, dict[str, Any]]
) -> set[str]:
    """Give new order keys to the fewest entities so the document sorts each group as the rows
    do: the longest run of keys already in order stays; return the uids given a new key.
    ``have``: the document's view before the fold (a group it already sorts so is left alone)."""
    groups = _siblings(wanted, group_key, wanted)
    sizes = Counter(entity[group_key] for entity in have.values())
    moved: set[str] = set()
    for group, in_order in groups.items():
        if sizes[group] == len(in_order) and all(
            uid in have and have[uid][group_key] == group and have[uid]["position"] == wanted[uid]["position"]
            for uid in in_order
        ):
            continue  # the document already sorts this group as the rows do
        keys = [root[uid].get(ORDER) if isinstance(root[uid].get(ORDER), str) else None for uid in in_order]
        kept = _increasing_run(keys)
        previous: str | None = None
        for index, uid in enumerate(in_order):
            if index in kept:
                previous = keys[index]
                continue
            following = next((keys[j] for j in range(index + 1, len(in_order)) if j in kept), None)
            previous = key_between(previous, following)
            root[uid][ORDER] = previous
            moved.add(uid)
    return moved


def _siblings(entities: dict[str, dict[str, Any]], group_key: str, uids: Any) -> dict[Any, list[str]]:
    """``uids`` by their ``group_key`` value, each group in ``position`` order."""
    groups: dict[Any, list[str]] = {}
    for uid in sorted(uids, key=lambda uid: entities[uid]["position"]):
        groups.setdefault(entities[uid][group_key], []).append(uid)
    return groups


def _increasing_run(keys: list[Any]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence of the keys (None never kept)."""
    tails: list[Any] = []
    tail_index: list[int] = []
    before: dict[int, int | None] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        at = bisect.bisect_left(tails, key)
        before[index] = tail_index[at - 1] if at else None
        if at == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[at] = key
            tail_index[at] = index
    kept: set[int] = set()
    node = tail_index[-1] if tail_index else None
    while node is not None:
        kept.add(node)
        node = before[node]
    return kept


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def key_between(low: str | None, high: str | None) -> str:
    """A key sorting strictly between ``low`` and ``high`` (None: no bound), read as base-36
    fractions; never ending in the smallest digit, so there is always room below it."""
    low = low or ""
    result = ""
    index = 0
    while True:
        low_digit = _DIGITS.index(low[index]) if index < len(low) else 0
        high_digit = _DIGITS.index(high[index]) if high is not None and index < len(high) else len(_DIGITS)
        if high_digit - low_digit > 1:
            return result + _DIGITS[(low_digit + high_digit) // 2]
        result += _DIGITS[low_digit]
        if high_digit - low_digit == 1:
            high = None  # any continuation of this prefix stays below ``high``
        index += 1


# ---- an update from the partner -----------------------------------------------------------


@dataclass(frozen=True)
class LostEdit:
    """One of the user's edits the merge did not keep: ``field`` None means the whole entity
    was deleted by the partner (``theirs`` None then)."""

    kind: str
    title: str
    field: str | None
    mine: Any
    theirs: Any
    uid: str = ""  # the entity's ("" for the agreement)


@dataclass
class KindCounts:
    added: int = 0
    changed: int = 0
    deleted: int = 0


@dataclass
class MergeSummary:
    partner_name: str
    counts: dict[str, KindCounts] = field(default_factory=dict)
    terms_changed: bool = False
    lost: list[LostEdit] = field(default_factory=list)
    # The partner's edits that the user's won over (``mine``: the partner's value, ``theirs``: the kept one).
    partner_lost: list[LostEdit] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.terms_changed and not self.lost and not self.partner_lost and not any(
            counts.added or counts.changed or counts.deleted for counts in self.counts.values()
        )

    def lines(self) -> list[str]:
        """The merge in sentences: what the partner changed, then what the user lost."""
        if self.is_empty:
            return [_("Nothing new from {partner}.", partner=self.partner_name)]
        lines = []
        for kind in (GOALS, MEETINGS, *KINDS[2:]):
            counts = self.counts.get(kind.name)
            if counts is None:
                continue
            parts = [
                plural(number, *_COUNT_WORDS[kind.name][what])
                for what, number in (("added", counts.added), ("changed", counts.changed), ("deleted", counts.deleted))
                if number
            ]
            if parts:
                lines.append(_("{changes} by {partner}", changes=", ".join(parts), partner=self.partner_name))
        if self.terms_changed:
            lines.append(_("The agreement’s terms changed by {partner}", partner=self.partner_name))
        if self.lost:
            lines.append(plural(len(self.lost), N_("{n} edit of yours lost to theirs: {items}"),
                                N_("{n} of your edits lost to theirs: {items}"), items=_lost_items(self.lost)))
        if self.partner_lost:
            lines.append(plural(len(self.partner_lost), N_("{n} edit by {partner} lost to yours: {items}"),
                                N_("{n} edits by {partner} lost to yours: {items}"),
                                partner=self.partner_name, items=_lost_items(self.partner_lost)))
        return lines


def _lost_items(edits: list[LostEdit]) -> str:
    """“Title” (fields); … : the lost edits grouped by entity."""
    by_entity: dict[tuple[str, str], list[LostEdit]] = {}
    for lost in edits:
        by_entity.setdefault((lost.kind, lost.title), []).append(lost)
    return "; ".join(
        _("“{title}” ({fields})", title=one_line(title, 40) if title else _("the agreement"),
          fields=", ".join(_field_label(lost) for lost in group))
        for (_kind, title), group in by_entity.items()
    )


def _field_label(lost: LostEdit) -> str:
    if lost.field is None:
        return _("deleted")
    if lost.kind == AGREEMENT:
        return _("terms")
    return _(FIELD_LABELS[lost.field])


_COUNT_WORDS = {
    "goals": {
        "added": (N_("{n} goal added"), N_("{n} goals added")),
        "changed": (N_("{n} goal changed"), N_("{n} goals changed")),
        "deleted": (N_("{n} goal deleted"), N_("{n} goals deleted")),
    },
    "meetings": {
        "added": (N_("{n} meeting added"), N_("{n} meetings added")),
        "changed": (N_("{n} meeting changed"), N_("{n} meetings changed")),
        "deleted": (N_("{n} meeting deleted"), N_("{n} meetings deleted")),
    },
    "agenda": {
        "added": (N_("{n} agenda item added"), N_("{n} agenda items added")),
        "changed": (N_("{n} agenda item changed"), N_("{n} agenda items changed")),
        "deleted": (N_("{n} agenda item deleted"), N_("{n} agenda items deleted")),
    },
    "actions": {
        "added": (N_("{n} action added"), N_("{n} actions added")),
        "changed": (N_("{n} action changed"), N_("{n} actions changed")),
        "deleted": (N_("{n} action deleted"), N_("{n} actions deleted")),
    },
    "feedback": {
        "added": (N_("{n} feedback entry added"), N_("{n} feedback entries added")),
        "changed": (N_("{n} feedback entry changed"), N_("{n} feedback entries changed")),
        "deleted": (N_("{n} feedback entry deleted"), N_("{n} feedback entries deleted")),
    },
}


@dataclass(frozen=True)
class PreparedMerge:
    """An update merged on a copy: what applying it does (``summary``) and the merged document
    (``state``), which ``apply_prepared`` writes as it is. Same-field conflicts are settled by
    the client ids, fresh at every load: merging again could settle them the other way."""

    summary: MergeSummary
    state: bytes
    # What the merge was worked out from and to, kept so Apply does not read and compute them
    # again: the shared rows then, as the document holds them, and the merged document's view.
    rows: dict = field(repr=False, compare=False)
    mine: View = field(repr=False, compare=False)
    after: View = field(repr=False, compare=False)


def prepare_update(
    store: Store, relationship_id: int, doc: SharedDoc, update: bytes, partner_name: str, *, sender_vector: bytes | None = None
) -> PreparedMerge:
    """Fold the rows into a copy of ``doc``, merge ``update`` into it, check it; nothing is written."""
    base = _common_base(store, relationship_id, doc, sender_vector)
    copy = SharedDoc.load(doc.state())
    rows = shared_rows(store, relationship_id)
    mine = local_view(store, relationship_id, rows)
    _fold(copy, mine)
    merged, after = _merge(store, relationship_id, copy, update)
    summary = _summarise(rows, mine, after, partner_name, base)
    _settle(store, relationship_id, doc, update, merged, mine, after, summary)
    return PreparedMerge(summary, merged.state(), rows, mine, after)


def preview_update(
    store: Store, relationship_id: int, doc: SharedDoc, update: bytes, partner_name: str, *, sender_vector: bytes | None = None
) -> MergeSummary:
    """What applying ``update`` would do, worked out on copies: nothing is written."""
    return prepare_update(store, relationship_id, doc, update, partner_name, sender_vector=sender_vector).summary


def apply_prepared(store: Store, relationship_id: int, doc: SharedDoc, prepared: PreparedMerge) -> None:
    """Write the rows to match the prepared merge, inside the caller's ``store.change``; ``doc``
    becomes the merged document. The rows must be as they were when it was prepared (the
    caller checks), so what was previewed is what is written."""
    merged = SharedDoc.load(prepared.state)
    _write_rows(store, relationship_id, prepared.after, prepared.rows, prepared.mine)
    doc._doc = merged._doc  # the merged document (under a fresh client id of its own)
    set_merge_base(store, relationship_id, doc.state())


def apply_update(
    store: Store, relationship_id: int, doc: SharedDoc, update: bytes, partner_name: str, *, sender_vector: bytes | None = None
) -> MergeSummary:
    """Merge the partner's ``update`` into ``doc`` and write the rows to match, inside the
    caller's ``store.change`` (one undoable change). The local rows are folded in first, so
    nothing typed since the last exchange is overwritten unseen. ``sender_vector``: the state
    vector the partner had when making the update: an edit of ours they had seen before
    changing it again is not reported lost."""
    prepared = prepare_update(store, relationship_id, doc, update, partner_name, sender_vector=sender_vector)
    apply_prepared(store, relationship_id, doc, prepared)
    return prepared.summary


def _merge(store: Store, relationship_id: int, doc: SharedDoc, update: bytes) -> tuple[SharedDoc, View]:
    """``update`` applied to a scratch copy of ``doc``, checked entity by entity; refused whole."""
    if not _survives_decoding(update):
        raise UpdateRefused(_("the partner’s changes hold values nested inside each other, which this app never writes"))
    scratch = SharedDoc.load(doc.state())
    try:
        waiting = scratch.apply(update)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pycrdt's panic is a BaseException
        raise UpdateRefused(_("the partner’s changes cannot be read")) from error
    if not _flat(scratch):
        raise UpdateRefused(_("the partner’s changes hold values nested inside each other, which this app never writes"))
    if waiting:
        # Part of it builds on changes not received yet: applied now, the rows would show a half
        # (a title deleted, its new value waiting). Nothing is applied; it merges once its base has.
        raise UpdateRefused(_("these changes build on earlier ones not imported yet; import those first"))
    try:
        _check(scratch, store.relationship(relationship_id).role, doc.to_py())
        return scratch, doc_view(scratch)
    except (KeyboardInterrupt, SystemExit):
        raise
    except OwnEntryInvalid as error:
        raise UpdateRefused(_("your own entry “{title}” holds a value this app cannot accept ({problem}): correct it, then import again",
                              title=one_line(error.title, 40) or _("(no title)"), problem=one_line(str(error.problem), 200))) from error
    except BaseException as error:  # a bad value, or pycrdt failing to read what it accepted
        raise UpdateRefused(_("the partner’s changes hold an entry this app cannot accept ({problem})",
                              problem=one_line(str(error), 200))) from error


SAFE_TO_DECODE = 8_192  # bytes: nesting at most 4,096 deep
# Decodes an update read from stdin; any Python error is the parent's to report.
_DECODE_IN_CHILD = """
import sys
from pycrdt import Doc
try:
    Doc().apply_update(sys.stdin.buffer.read())
except BaseException:
    pass
"""


@lru_cache(maxsize=2)
def _survives_decoding(update: bytes) -> bool:
    """Whether decoding ``update`` leaves a process alive. Yrs decodes nested values recursively:
    a crafted update nesting lists some 100,000 deep overflows its stack, which kills the
    process with no exception to catch. So an incoming update is decoded first in a child
    process (a fraction of a second; remembered for the preview's update, applied next).
    A level costs two bytes at least, and 8,000 levels decode safely: a smaller update is safe."""
    if len(update) < SAFE_TO_DECODE:
        return True
    child = subprocess.run([sys.executable, "-c", _DECODE_IN_CHILD], input=update, capture_output=True, check=False)
    return child.returncode == 0


def _flat(doc: SharedDoc) -> bool:
    """Whether every root holds maps of plain values and texts only: reading a document as JSON
    recurses in Yrs, and values nested thousands deep would overflow its stack (a crash no
    Python code could catch), so this is checked first, one level at a time."""
    nested = (Map, Array, XmlElement, XmlFragment, XmlText, Doc)
    with doc._doc.transaction():
        for kind in KINDS:
            for entity_map in doc.root(kind.name).values():
                if not isinstance(entity_map, Map):
                    return False
                if any(isinstance(value, nested) for value in entity_map.values()):
                    return False
        return not any(isinstance(value, (Text, *nested))
                       for name in (AGREEMENT, SETTLED) for value in doc.root(name).values())


def _check(doc: SharedDoc, role: str, checked: dict[str, Any]) -> None:
    """Every entity of the document that differs from ``checked`` (the document before the
    update, already checked) is one this workbook could have written (types, choices, lengths,
    years, links as uids, flat values), and there are not too many."""
    known = {kind.name for kind in KINDS} | {AGREEMENT, SETTLED}
    unknown = set(doc._doc.keys()) - known
    if unknown:  # named as "document", not by the file's own text
        raise ValidationError("document", _("unknown field"))
    every = doc.to_py()
    total = 0
    for kind in KINDS:
        root = doc.root(kind.name)
        entities, before = every[kind.name], checked[kind.name]
        total += len(entities)
        if total > MAX_ENTITIES:
            raise ValidationError(kind.name, _("has too many elements (the limit is {limit})", limit=MAX_ENTITIES))
        allowed = {*kind.fields, *kind.texts, *(key for key, _c, _t in kind.links), GONE, ORDER, "owner", "giver"}
        for uid, raw in entities.items():
            if before.get(uid) == raw:
                continue
            validate(kind.cls, {"uid": uid})
            entity_map = root[uid]
            if not isinstance(entity_map, Map) or not isinstance(raw, dict):
                raise ValidationError(kind.name, _("has the wrong shape"))
            if set(raw) - allowed:
                raise ValidationError(kind.name, _("unknown field"))
            for key, value in raw.items():  # flat values only, and no text past the limit
                _check_flat(kind.name + "." + key, value)
            if raw.get(GONE) not in (None, True, False):
                raise ValidationError(kind.name + "." + GONE, _("must be true or false"))
            for key, _column, _target in kind.links:
                if raw.get(key) is not None:
                    validate(kind.cls, {"uid": raw[key]})
            if raw.get(GONE):
                continue
            for name in kind.texts:
                if not isinstance(entity_map.get(name), Text):
                    raise ValidationError(kind.name + "." + name, _("must be text"))
            if kind.ordered_by is not None and not (
                isinstance(raw.get(ORDER), str) and 0 < len(raw[ORDER]) <= MAX_ORDER_KEY
                and all(character in _DIGITS for character in raw[ORDER])
            ):
                raise ValidationError(kind.name + "." + ORDER, _("has the wrong shape"))
            if kind is ACTIONS and raw.get("owner") not in ROLES:
                raise ValidationError("actions.owner", _("must be one of {choices}", choices=", ".join(ROLES)))
            if kind is FEEDBACK and raw.get("giver") not in ROLES:
                raise ValidationError("feedback.giver", _("must be one of {choices}", choices=", ".join(ROLES)))
            try:
                validate(kind.cls, _row_values(kind, _plain(kind, raw), role))
            except ValidationError as problem:
                _blame_own_entry(kind, before.get(uid), role, problem)
                raise
    _check_settled(every[SETTLED], checked[SETTLED])
    terms = every[AGREEMENT]
    if terms == checked[AGREEMENT]:
        return
    if set(terms) - set(agreement_keys()):
        raise ValidationError(AGREEMENT, _("unknown field"))
    for key, value in terms.items():
        _check_flat(AGREEMENT + "." + key, value)
    if terms:
        validate(Agreement, _typed(Agreement, agreement_from_doc(terms, role)))


_SETTLED_FIELDS = {*FIELD_LABELS, *agreement_keys(), GONE} - {"notes"}  # never a meeting's notes


def _check_settled(settled: dict[str, Any], before: dict[str, Any]) -> None:
    """The conflicts noted in the document: not too many, each "<uid>:<field>:<role>" with
    [lost, kept] flat values of bounded length."""
    if len(settled) > MAX_SETTLED:
        raise ValidationError(SETTLED, _("has too many elements (the limit is {limit})", limit=MAX_SETTLED))
    for key, value in settled.items():
        if before.get(key) == value:
            continue
        parts = key.split(":")
        if len(parts) != 3 or parts[1] not in _SETTLED_FIELDS or parts[2] not in ROLES:
            raise ValidationError(SETTLED, _("has the wrong shape"))
        if parts[0] != AGREEMENT:
            validate(GOALS.cls, {"uid": parts[0]})
        if not isinstance(value, list) or len(value) != 2:
            raise ValidationError(SETTLED, _("has the wrong shape"))
        for element in value:
            _check_flat(SETTLED, element)
            if _settled_value(element) != element:
                raise ValidationError(SETTLED, _("is too long ({length} characters; the limit is {limit})",
                                                 length=len(element), limit=MAX_SETTLED_CHARS))


class OwnEntryInvalid(Exception):
    """An entity fails validation because of the user's own row (written by another program),
    not because of the partner's changes."""

    def __init__(self, title: str, problem: ValidationError) -> None:
        super().__init__(str(problem))
        self.title = title
        self.problem = problem


def _blame_own_entry(kind: Kind, mine: Any, role: str, problem: ValidationError) -> None:
    """Raise OwnEntryInvalid if the entity as this workbook holds it (``mine``, before the
    update) fails the same way: the partner only touched it."""
    if not isinstance(mine, dict) or mine.get(GONE):
        return
    entity = _plain(kind, mine)
    try:
        validate(kind.cls, _row_values(kind, entity, role))
    except ValidationError as own:
        if own.field == problem.field:
            raise OwnEntryInvalid(str(_title(kind, entity) or ""), own) from None


def _check_flat(name: str, value: Any) -> None:
    if isinstance(value, list):
        if len(value) > 1000 or not all(isinstance(element, str) and len(element) <= 500 for element in value):
            raise ValidationError(name, _("has the wrong shape"))
    elif isinstance(value, str):
        if len(value) > 200_000:
            raise ValidationError(name, _("is too long ({length} characters; the limit is {limit})",
                                          length=len(value), limit=200_000))
    elif value is not None and not isinstance(value, (bool, int, float)):
        raise ValidationError(name, _("has the wrong shape"))


def _typed(cls: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Document values as a row holds them: dates and times parsed, whole floats made ints."""
    kinds = column_kinds(cls)
    typed = {}
    for name, value in values.items():
        kind = kinds[name]
        if value is not None and kind in (dt.date, dt.datetime):
            if not isinstance(value, str):
                raise ValidationError(name, _("must be a date"))
            value = (dt.datetime if kind is dt.datetime else dt.date).fromisoformat(value)
            if kind is dt.date and isinstance(value, dt.datetime):
                raise ValidationError(name, _("must be a date"))
        elif kind is int and isinstance(value, float) and value.is_integer():
            value = int(value)
        typed[name] = value
    return typed


def _row_values(kind: Kind, entity: dict[str, Any], role: str) -> dict[str, Any]:
    """An entity's own columns (no links, no position) as a row of this workbook holds them."""
    values = {name: entity[name] for name in (*kind.fields, *kind.texts)}
    if kind is ACTIONS:
        values["owner"] = owner_from_doc(entity["owner"], role)
    if kind is FEEDBACK:
        values["direction"] = giver_from_doc(entity["giver"], role)
    return _typed(kind.cls, values)


def _write_rows(store: Store, relationship_id: int, after: View, rows: dict, current: View) -> None:
    """Make the shared rows (``rows``, seen as ``current``) match ``after``: insert, update,
    delete only what differs."""
    role = store.relationship(relationship_id).role
    now = store.clock.now()
    by_uid = {kind.name: {row.uid: row for row in rows[kind.cls]} for kind in KINDS}
    ids = {kind.name: {uid: row.id for uid, row in by_uid[kind.name].items()} for kind in KINDS}
    store.defer_foreign_keys()  # a row may point at one written later in the same merge
    for kind in KINDS:  # new rows first, so every link can be resolved below
        for uid, entity in after.entities[kind.name].items():
            if uid in by_uid[kind.name]:
                continue
            values = {**_row_values(kind, entity, role), "uid": uid}
            for key, column, target in kind.links:
                values[column] = ids["meetings"][entity[key]] if column == "meeting_id" else None
            if kind.ordered_by is not None:
                values["position"] = entity["position"]
            if kind in (GOALS, MEETINGS, FEEDBACK):
                values["relationship_id"] = relationship_id
            if kind is GOALS:
                values["updated_at"] = now
            if kind is FEEDBACK:
                values["shared"] = True
            row = insert_row(store, kind.cls, values)
            by_uid[kind.name][uid] = row
            ids[kind.name][uid] = row.id
    for kind in KINDS:
        for uid, entity in after.entities[kind.name].items():
            row = by_uid[kind.name][uid]
            wanted = _row_values(kind, entity, role)
            if kind is MEETINGS and not entity["notes_shared"]:
                del wanted["notes"]  # the notes stay this workbook's own
            for key, column, target in kind.links:
                wanted[column] = ids[target].get(entity[key]) if entity[key] is not None else None
            if kind.ordered_by is not None:
                wanted["position"] = entity["position"]
            if kind is FEEDBACK:
                wanted["shared"] = True
            changes = {column: value for column, value in wanted.items() if getattr(row, column) != value}
            if changes:
                if kind is GOALS:
                    changes["updated_at"] = now
                update_row(store, kind.cls, row.id, changes)
    for kind in reversed(KINDS):
        for uid in current.entities[kind.name].keys() - after.entities[kind.name].keys():
            delete_row(store, kind.cls, ids[kind.name][uid])
    if after.agreement and after.agreement != current.agreement:
        store.save_agreement(relationship_id, **_typed(Agreement, agreement_from_doc(after.agreement, role)))


def _common_base(store: Store, relationship_id: int, doc: SharedDoc, sender_vector: bytes | None) -> bytes:
    """The last state both sides had, which a lost edit is measured against: ``doc`` as saved
    (at the last export or merge) when the partner had all of it, else the state after the
    last merge (b"" before the first)."""
    if sender_vector is not None and doc.delta_since(sender_vector)[0] == 0:  # no structs they lack
        return doc.state()
    return merge_base(store, relationship_id)


def _summarise(rows: dict, before: View, after: View, partner_name: str, base_state: bytes) -> MergeSummary:
    """Counts per kind from the rows before (``before``, which the folded document now says too)
    and the merged document, and the user's lost edits: a field the user changed since the
    common base that the merge does not keep (private notes read from ``rows``, as shared_rows read them)."""
    summary = MergeSummary(partner_name, terms_changed=bool(after.agreement) and before.agreement != after.agreement)
    for kind in KINDS:
        old, new = before.entities[kind.name], after.entities[kind.name]
        changed = {uid for uid in new.keys() & old.keys() if not _same_but_position(old[uid], new[uid])}
        if kind.ordered_by is not None:
            changed |= _moved(kind.ordered_by, old, new)
        summary.counts[kind.name] = KindCounts(
            added=len(new.keys() - old.keys()), changed=len(changed), deleted=len(old.keys() - new.keys())
        )
    for uid, notes in _private_notes(rows[MEETINGS.cls]).items():
        meeting = after.entities[MEETINGS.name].get(uid)
        if meeting is not None and meeting["notes_shared"] and meeting["notes"] != notes:
            # The partner shared this meeting's notes: theirs replace the ones kept private here.
            summary.lost.append(LostEdit(MEETINGS.name, _title(MEETINGS, meeting), "notes", notes, meeting["notes"], uid))
    if not base_state or (summary.is_empty and not summary.lost):
        return summary  # no base yet, or nothing of ours changed
    base = doc_view(SharedDoc.load(base_state))
    for kind in KINDS:
        for uid, entity in before.entities[kind.name].items():
            was = base.entities[kind.name].get(uid)
            if was is None:
                continue  # made since the last merge: the partner only edits what they saw
            edited = [key for key, value in entity.items()
                      if key != "position" and key not in kind.texts and was.get(key) != value]
            if not edited:
                continue
            title = _title(kind, entity)
            now = after.entities[kind.name].get(uid)
            if now is None:
                summary.lost.append(LostEdit(kind.name, title, None, None, None, uid))
                continue
            summary.lost += [LostEdit(kind.name, title, key, entity[key], now[key], uid)
                             for key in edited if now[key] != entity[key]]
    for name, value in before.agreement.items():
        was = base.agreement.get(name)
        if was != value and after.agreement.get(name) != value:
            summary.lost.append(LostEdit(AGREEMENT, "", name, value, after.agreement.get(name)))
    return summary


def _settle(
    store: Store, relationship_id: int, doc: SharedDoc, update: bytes, merged: SharedDoc, mine: View, after: View,
    summary: MergeSummary,
) -> None:
    """Report and remember the same-field conflicts of this merge on both sides. The partner's
    edits this merge does not keep join ``summary.partner_lost``; the conflicts the partner
    settled and noted in ``merged`` (new here) join the summary too, unless already there; every
    conflict found here is noted in ``merged`` for the partner, who may have merged first and
    seen nothing lost. ``doc``: the document as saved, before this merge."""
    role = store.relationship(relationship_id).role
    partner_role = other_role(role)
    theirs = _partner_side(store, relationship_id, doc, update)
    if theirs is not None:
        summary.partner_lost += _edits_not_kept(*theirs, after)
    found = {_settled_key(lost, role) for lost in summary.lost} | {_settled_key(lost, partner_role) for lost in summary.partner_lost}
    known = doc.settled()
    for key, value in merged.settled().items():
        if known.get(key) == value or key in found:
            continue
        uid, name, loser = key.split(":")
        lost = _noted_edit(uid, name, value, mine, after, mine_lost=loser == role)
        if lost is not None:
            (summary.lost if loser == role else summary.partner_lost).append(lost)
    settled = merged.root(SETTLED)
    with merged._doc.transaction():
        for edits, loser in ((summary.lost, role), (summary.partner_lost, partner_role)):
            for lost in edits:
                if lost.kind != AGREEMENT and lost.field in BY_NAME[lost.kind].texts:
                    continue  # texts merge by character; notes kept private here never go out
                value = [_settled_value(lost.mine), _settled_value(lost.theirs)]  # a deletion: [None, None]
                key = _settled_key(lost, loser)
                if settled.get(key) != value:
                    settled[key] = value


def _settled_key(lost: LostEdit, loser: str) -> str:
    return ":".join((lost.uid or AGREEMENT, lost.field or GONE, loser))


def _settled_value(value: Any) -> Any:
    """A value as the document notes it: texts cut (only a summary names it)."""
    if isinstance(value, str):
        return value[:MAX_SETTLED_CHARS]
    if isinstance(value, list):
        return [element[:MAX_SETTLED_CHARS] for element in value[:100]]
    return value


def _partner_side(store: Store, relationship_id: int, doc: SharedDoc, update: bytes) -> tuple[View, View] | None:
    """The shared part before and after the partner's edits alone: ``update`` applied to the
    state after the last merge (else to the document as saved: what was sent since is a base
    the update may build on), before the rows edited here are folded in. None when neither
    holds all the update builds on."""
    for state in (merge_base(store, relationship_id), doc.state()):
        if not state:
            continue
        try:
            start = SharedDoc.load(state)
            before = doc_view(start)
            if not start.apply(update):
                return before, doc_view(start)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # pycrdt's panic is a BaseException; the merge itself was checked
            continue
    return None


def _edits_not_kept(before: View, edited: View, after: View) -> list[LostEdit]:
    """The fields ``edited`` changed from ``before`` that ``after`` does not hold (the entity
    deleted: one LostEdit with no field), named by their title in ``after``."""
    lost = []
    for kind in KINDS:
        for uid, entity in edited.entities[kind.name].items():
            was = before.entities[kind.name].get(uid)
            if was is None:
                continue
            changed = [key for key, value in entity.items()
                       if key != "position" and key not in kind.texts and was.get(key) != value]
            if not changed:
                continue
            kept = after.entities[kind.name].get(uid)
            if kept is None:
                lost.append(LostEdit(kind.name, _title(kind, entity), None, None, None, uid))
                continue
            lost += [LostEdit(kind.name, _title(kind, kept), key, entity[key], kept[key], uid)
                     for key in changed if kept[key] != entity[key]]
    for name, value in edited.agreement.items():
        if before.agreement.get(name) != value and after.agreement.get(name) != value:
            lost.append(LostEdit(AGREEMENT, "", name, value, after.agreement.get(name)))
    return lost


def _noted_edit(uid: str, name: str, value: list[Any], mine: View, after: View, *, mine_lost: bool) -> LostEdit | None:
    """A conflict noted in the document as a LostEdit named as this workbook names it: by the
    user's own words when the user lost them (None when the entity is known on neither side)."""
    lost, kept = value
    if uid == AGREEMENT:
        return LostEdit(AGREEMENT, "", name, lost, kept) if name in agreement_keys() else None
    if name != GONE and name not in FIELD_LABELS:
        return None
    for view in (after, mine):
        for kind in KINDS:
            entity = view.entities[kind.name].get(uid)
            if entity is None:
                continue
            if name == GONE:
                return LostEdit(kind.name, _title(kind, entity), None, None, None, uid)
            if mine_lost and name == kind.title and kind is not MEETINGS:  # named by the user's own words
                entity = {**entity, name: str(lost)}
            return LostEdit(kind.name, _title(kind, entity), name, lost, kept, uid)
    return None


def _moved(group_key: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> set[str]:
    """The entities the merge moved among their siblings (not those merely shifted by an
    addition or deletion): outside the longest run still in their old order."""
    stayed = [uid for uid in new if uid in old and old[uid][group_key] == new[uid][group_key]]
    moved: set[str] = set()
    for in_new_order in _siblings(new, group_key, stayed).values():
        kept = _increasing_run([old[uid]["position"] for uid in in_new_order])
        moved |= {uid for index, uid in enumerate(in_new_order) if index not in kept}
    return moved


def _private_notes(meetings: list) -> dict[str, str]:
    """uid -> notes of the meetings (as shared_rows read them) whose notes are kept private here (and not empty)."""
    return {meeting.uid: meeting.notes for meeting in meetings if not meeting.notes_shared and meeting.notes.strip()}


def _title(kind: Kind, entity: dict[str, Any]) -> str:
    if kind is MEETINGS:
        return format_when(dt.datetime.fromisoformat(entity["starts_at"]))
    return entity[kind.title]
