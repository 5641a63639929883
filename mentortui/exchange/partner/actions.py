"""What a user does with a partner's workbook: invite, accept, export changes, read and
apply the partner's changes, see where the pairing stands, unpair.

The shared part of a relationship lives in a Doc (the engine, ``engine.py``) saved in
``partner_links`` with the pairing's key and what the partner is known to hold. Before each
export or import the rows are folded into the Doc (the undo journal is no complete change
feed), and every write of an action is one ``store.change``: a merge is one undoable change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import weakref
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from mentortui.core.files import write_private
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.safetext import clean
from mentortui.core.text import one_line
from mentortui.data.model import Relationship, other_role
from mentortui.data.partner_links import (
    MY_NAME_SETTING,
    PartnerLink,
    delete_partner_link,
    partner_link,
    relationship_by_uid,
    save_partner_link,
)
from mentortui.data.db import IntegrityError
from mentortui.data.store import NotFound, Store
from mentortui.exchange.partner import envelope
from mentortui.exchange.partner.engine import (
    MergeSummary,
    PreparedMerge,
    SharedDoc,
    UpdateRefused,
    apply_prepared,
    apply_update,
    fold_local,
    prepare_update,
)
from mentortui.exchange.partner.envelope import Envelope, PartnerFileRefused

# A file or an invite from the same side as this workbook (one's own, or a mix-up of roles).
_SAME_SIDE = {
    "mentor": N_("this file comes from a mentor’s workbook, like this one: it is one you exported, not your partner’s"),
    "mentee": N_("this file comes from a mentee’s workbook, like this one: it is one you exported, not your partner’s"),
}
_SAME_ROLE = {
    "mentor": N_("the invite comes from the mentor, and you are the mentor in this relationship too"),
    "mentee": N_("the invite comes from the mentee, and you are the mentee in this relationship too"),
}


class AlreadyPaired(Exception):
    """The relationship is paired already (unpair first)."""


class NotPaired(Exception):
    """The relationship has no pairing (invite or accept first)."""


class PreviewOutdated(Exception):
    """The workbook changed between the preview and Apply (an edit in another window): nothing
    was written; ``incoming`` is the file previewed again, to show before applying."""

    def __init__(self, incoming: Incoming) -> None:
        super().__init__(_("Your workbook changed since the preview: here is what applying does now."))
        self.incoming = incoming


@dataclasses.dataclass(frozen=True)
class Applied:
    """An accepted invite: the relationship now paired, and what its first merge did."""

    relationship_id: int
    partner_name: str
    pairing_code: str
    summary: MergeSummary


@dataclasses.dataclass(frozen=True)
class Exported:
    path: Path
    size: int  # bytes
    entities: int  # shared items changed here since the last export or import (folded into this file)
    full: bool  # a full file (not a delta): the partner can read it whatever they imported before


@dataclasses.dataclass(frozen=True)
class Incoming:
    """A partner file checked and previewed, ready for ``apply_changes``."""

    relationship_id: int
    partner_name: str
    summary: MergeSummary  # what applying would do (a preview; nothing written yet)
    envelope: Envelope
    prepared: PreparedMerge | None  # the merged document the preview computed (None: nothing new in the file)
    seen: tuple[int, int]  # the workbook's (data_version, rows written) at the preview


@dataclasses.dataclass(frozen=True)
class PartnerStatus:
    relationship_id: int
    partner_name: str
    pairing_code: str
    paired_since: dt.datetime
    accepted_at: dt.datetime | None  # None: no file from the partner yet (the invite is not accepted yet)
    last_sent_at: dt.datetime | None
    last_received_at: dt.datetime | None
    unsent: int  # shared items changed here and not folded into a file yet
    partner_is_behind: bool  # the partner is not known to hold everything this workbook shares


# ---- pairing ---------------------------------------------------------------------------

def invite(store: Store, relationship_id: int, path: Path, *, my_name: str, replace: bool = False) -> Path:
    """Pair the relationship (a new key) and write the invite: the key and everything shared
    so far. While the partner has not answered, inviting again writes a new invite with the
    same key (a lost file). The invite is the one file to hand over privately."""
    relationship = store.relationship(relationship_id)
    link = partner_link(store, relationship_id)
    if link is not None and link.accepted_at is not None:
        raise AlreadyPaired(_("{partner} is paired already; unpair first to invite again", partner=clean(relationship.partner)))
    my_name = one_line(my_name, envelope.MAX_NAME_CHARS)
    store.set_setting(MY_NAME_SETTING, my_name)
    now = store.clock.now()
    # Not undoable, like an export: the invite file may be sent already.
    with store.bookkeeping():
        doc = _load_doc(link.shared_state if link else b"")
        fold_local(store, relationship_id, doc)
        secret = link.secret if link else envelope.new_secret()
        data = envelope.seal(
            relationship_uid=relationship.uid, kind="invite", role=relationship.role, name=my_name, time=now,
            state_vector=doc.state_vector(), base=b"", update=doc.state(), secret=secret, include_secret=True,
        )
        save_partner_link(store, PartnerLink(
            relationship_id=relationship_id, secret=secret, shared_state=doc.state(),
            partner_state=link.partner_state if link else b"", accepted_at=None,
            last_sent_at=now, last_received_at=None, created_at=link.created_at if link else now,
            exchanges=link.exchanges + 1 if link else 1,
        ))
        # Last, inside the change: a file that cannot be written leaves no pairing behind.
        return write_private(path, data, replace=replace)


def accept(
    store: Store,
    path: Path,
    *,
    relationship_id: int | None = None,
    partner_name: str | None = None,
    my_name: str | None = None,
) -> Applied:
    """Pair with the invite's sender and merge what they share. ``relationship_id``: an
    existing relationship of this workbook (with the other role); None: a new one, named
    ``partner_name`` (default: the name the inviter gave)."""
    opened = _open(path)
    if opened.kind != "invite":
        raise PartnerFileRefused(_("this is a file of changes, not an invite: import it once you have accepted the invite"))
    opened.verify(opened.secret)
    incoming = opened.unpack()
    if relationship_by_uid(store, incoming.relationship_uid) is not None:
        raise AlreadyPaired(_("this invite is for a relationship this workbook already has (your own invite, or accepted before)"))
    name = one_line(partner_name if partner_name else incoming.name, envelope.MAX_NAME_CHARS) or _("Partner")
    role = other_role(incoming.role)
    if relationship_id is not None:
        existing = store.relationship(relationship_id)
        if partner_link(store, relationship_id) is not None:
            raise AlreadyPaired(_("{partner} is paired already; unpair first", partner=clean(existing.partner)))
        if existing.role != role:
            raise PartnerFileRefused(_(_SAME_ROLE[incoming.role]))
        name = existing.partner if partner_name is None else name
    if my_name:
        store.set_setting(MY_NAME_SETTING, one_line(my_name, envelope.MAX_NAME_CHARS))
    now = store.clock.now()
    with store.change(N_("Pair with {partner}"), partner=name):
        created = relationship_id is None
        if relationship_id is None:
            relationship_id = store.add_relationship(
                partner=name, role=role, started_on=store.clock.today(), uid=incoming.relationship_uid
            ).id
        else:
            store.update_relationship(relationship_id, uid=incoming.relationship_uid, **({"partner": name} if partner_name else {}))
        link = PartnerLink(
            relationship_id=relationship_id, secret=incoming.secret, shared_state=b"", partner_state=b"",
            accepted_at=now, last_sent_at=None, last_received_at=now, created_at=now, exchanges=1,
        )
        save_partner_link(store, link)  # first: the merge keeps its base in the pairing's row
        doc = SharedDoc.load(b"")
        summary = _merge(store, relationship_id, doc, incoming, name, apply=True)
        if created:
            _start_with_the_shared_history(store, relationship_id)
        save_partner_link(store, dataclasses.replace(link, shared_state=doc.state(), partner_state=incoming.state_vector))
    return Applied(relationship_id, name, envelope.pairing_code(incoming.secret), summary)


def _start_with_the_shared_history(store: Store, relationship_id: int) -> None:
    """A relationship made from an invite started when its shared history did (the first
    meeting, the agreement), not on the day the invite was accepted."""
    relationship = store.relationship(relationship_id)
    days = [meeting.starts_at.date() for meeting in store.meetings(relationship_id)]
    agreement = store.current_agreement(relationship_id)
    if agreement is not None and agreement.agreed_on is not None:
        days.append(agreement.agreed_on)
    first = min(days, default=relationship.started_on)
    if first < relationship.started_on:
        store.update_relationship(relationship_id, started_on=first)


def unpair(store: Store, relationship_id: int) -> None:
    """Forget the pairing (its key and shared state); the rows stay as they are. Files from
    the partner are refused from then on; pairing again starts with a new invite."""
    relationship = store.relationship(relationship_id)
    _link(store, relationship)  # NotPaired when it is not
    with store.change(N_("Unpair from {partner}"), partner=relationship.partner):
        delete_partner_link(store, relationship_id)


def pairing_code(store: Store, relationship_id: int) -> str:
    """The short code both partners read to each other to check the invite was not swapped."""
    return envelope.pairing_code(_link(store, store.relationship(relationship_id)).secret)


# ---- changes ---------------------------------------------------------------------------

def export_changes(store: Store, relationship_id: int, path: Path, *, full: bool = False, replace: bool = False) -> Exported:
    """Write what the partner is not known to have (``full``: everything shared, for a
    partner who missed a file)."""
    relationship = store.relationship(relationship_id)
    link = _link(store, relationship)
    now = store.clock.now()
    # Outside the undo journal: a file sent cannot be taken back (and undoing a merge exported
    # since is refused, see data/partner_links.py).
    with store.bookkeeping():
        doc = _load_doc(link.shared_state)
        entities = fold_local(store, relationship_id, doc)
        base = b"" if full else link.partner_state
        data = envelope.seal(
            relationship_uid=relationship.uid, kind="changes", role=relationship.role,
            name=store.setting(MY_NAME_SETTING, "") or "", time=now, state_vector=doc.state_vector(), base=base,
            update=doc.delta_since(base), secret=link.secret,
        )
        # Counted as received once sent: a partner who misses the file asks for a full one,
        # and their next file says what they really hold.
        save_partner_link(store, dataclasses.replace(
            link, shared_state=doc.state(), partner_state=doc.state_vector(), last_sent_at=now,
            exchanges=link.exchanges + 1,
        ))
        written = write_private(path, data, replace=replace)
    return Exported(written, len(data), entities, full=not base)


def read_changes(store: Store, path: Path) -> Incoming:
    """Check a partner file (form, hash, relationship, code, base) and preview its merge;
    nothing is written. Refuses with PartnerFileRefused (one line)."""
    opened = _open(path)
    relationship = relationship_by_uid(store, opened.relationship_uid)
    link = partner_link(store, relationship.id) if relationship is not None else None
    if link is None:
        raise PartnerFileRefused(_("this file is for a relationship this workbook is not paired with"))
    opened.verify(link.secret)
    if opened.kind == "invite" and link.accepted_at is None:
        # The partner's own side of an invite never comes back; the one who invited has it.
        raise PartnerFileRefused(_("this is the invite you sent: your partner accepts it, then sends you their changes"))
    incoming = opened.unpack()
    if incoming.role == relationship.role:
        raise PartnerFileRefused(_(_SAME_SIDE[relationship.role]))
    return _preview(store, relationship, link, incoming)


def _preview(store: Store, relationship: Relationship, link: PartnerLink, incoming: Envelope) -> Incoming:
    seen = _seen(store)
    doc = _load_doc(link.shared_state)
    _check_base(relationship, link, doc, incoming)
    if envelope.covers(doc.state_vector(), incoming.state_vector):
        # Everything the sender had is merged already (the same file again, or an older one).
        prepared = None
        summary = MergeSummary(clean(relationship.partner))
    else:
        prepared = _merge(store, relationship.id, doc, incoming, relationship.partner, apply=False)
        summary = prepared.summary
    return Incoming(relationship.id, relationship.partner, summary, incoming, prepared, seen)


def _seen(store: Store) -> tuple[int, int]:
    """What says whether the workbook changed: another connection's commits, and this one's writes."""
    return store.data_version(), store.total_changes()


def apply_changes(store: Store, incoming: Incoming) -> MergeSummary:
    """Merge a file ``read_changes`` checked: one change, undone whole by ctrl+z. A file
    merged before writes nothing."""
    relationship = store.relationship(incoming.relationship_id)
    now = store.clock.now()
    try:
        return _apply(store, relationship, incoming, now)
    except _Outdated:  # rolled back; previewed again outside the change, so its stamp is the workbook's
        raise PreviewOutdated(_preview(store, relationship, _link(store, relationship), incoming.envelope)) from None


class _Outdated(Exception):
    pass


def _apply(store: Store, relationship: Relationship, incoming: Incoming, now: dt.datetime) -> MergeSummary:
    if _seen(store)[1] != incoming.seen[1]:  # written here since the preview
        raise _Outdated
    with store.change(N_("Merge changes from {partner}"), partner=relationship.partner):
        if store.data_version() != incoming.seen[0]:  # another window wrote since (checked once the write lock is held)
            raise _Outdated
        link = _link(store, relationship)
        doc = _load_doc(link.shared_state)
        sender = incoming.envelope.state_vector
        learned = not envelope.covers(link.partner_state, sender)  # the partner holds more than we knew
        # Nothing new in the file: nothing to write; local edits are folded in at the next export.
        changed = incoming.prepared is not None
        if changed:
            # Exactly the merge the preview showed (merging again could settle a conflict the other way).
            with _refusing():
                apply_prepared(store, relationship.id, doc, incoming.prepared)
        summary = incoming.summary
        if changed or learned:
            save_partner_link(store, dataclasses.replace(
                link, shared_state=doc.state(), partner_state=sender if learned else link.partner_state,
                accepted_at=link.accepted_at or now, last_received_at=now, exchanges=link.exchanges + 1,
            ))
    return summary


# Per store: (relationship id, data_version, rows written) -> the status then. Counting the
# unsent changes compares every shared row with the stored Doc (a tenth of a second on a
# large relationship), and the Relationship screen asks at every visit: nothing written
# since, by this window or another, means the same answer.
_STATUS_CACHE: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int, int], PartnerStatus | None]] = (
    weakref.WeakKeyDictionary()
)


def partner_status(store: Store, relationship_id: int) -> PartnerStatus | None:
    stamp = (relationship_id, store.data_version(), store.total_changes())
    cached = _STATUS_CACHE.get(store)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    status = _partner_status(store, relationship_id)
    _STATUS_CACHE[store] = (stamp, status)
    return status


def _partner_status(store: Store, relationship_id: int) -> PartnerStatus | None:
    relationship = store.relationship(relationship_id)
    link = partner_link(store, relationship_id)
    if link is None:
        return None
    try:
        doc = _load_doc(link.shared_state)
    except PartnerFileRefused:  # a damaged shared state: said at the next export or import, not here
        unsent, behind = 0, True
    else:
        unsent = fold_local(store, relationship_id, doc)  # on the loaded copy only: nothing is saved
        behind = bool(unsent) or not envelope.covers(link.partner_state, doc.state_vector())
    return PartnerStatus(
        relationship_id=relationship_id, partner_name=relationship.partner, pairing_code=envelope.pairing_code(link.secret),
        paired_since=link.created_at, accepted_at=link.accepted_at, last_sent_at=link.last_sent_at,
        last_received_at=link.last_received_at, unsent=unsent, partner_is_behind=behind,
    )


# ---- the steps they share ----------------------------------------------------------------

def _link(store: Store, relationship: Relationship) -> PartnerLink:
    link = partner_link(store, relationship.id)
    if link is None:
        raise NotPaired(_("{partner} is not paired with this workbook", partner=clean(relationship.partner)))
    return link


def _load_doc(state: bytes) -> SharedDoc:
    """The pairing's stored Doc; one it cannot read (a damaged file) is said in one line."""
    try:
        return SharedDoc.load(state)
    except UpdateRefused as error:
        raise PartnerFileRefused(one_line(str(error), 300)) from None


def _open(path: Path) -> envelope.Opened:
    try:
        with open(path, "rb") as source:
            data = source.read(envelope.MAX_FILE_BYTES + 1)
    except OSError as error:
        raise PartnerFileRefused(f"{path}: {error.strerror or error}") from None
    return envelope.open_file(data)


def _check_base(relationship: Relationship, link: PartnerLink, doc: SharedDoc, incoming: Envelope) -> None:
    if not envelope.covers(doc.state_vector(), incoming.base):
        since = link.last_received_at
        raise PartnerFileRefused(
            _("this file builds on one you have not imported: import {partner}’s earlier files first (last imported: {date}), or ask for a full file",
              partner=clean(relationship.partner), date=format_date(since.date()) if since else _("never"))
        )


def _merge(
    store: Store, relationship_id: int, doc: SharedDoc, incoming: Envelope, partner_name: str, *, apply: bool
) -> Any:
    """``apply``: the merge written (its summary); else prepared on a copy (a PreparedMerge)."""
    merge = apply_update if apply else prepare_update
    with _refusing():
        return merge(store, relationship_id, doc, incoming.update, clean(partner_name), sender_vector=incoming.state_vector)


@contextlib.contextmanager
def _refusing() -> Iterator[None]:
    """The engine's refusals, and a write the database refuses, said as a refused file in one line."""
    try:
        yield
    except UpdateRefused as error:
        raise PartnerFileRefused(one_line(str(error), 300)) from None
    except RecursionError:  # values nested deeper than Python reads (the engine reads them recursively)
        raise PartnerFileRefused(_("this partner file holds values nested too deeply to read; nothing was merged")) from None
    except (IntegrityError, NotFound):
        # A uid this workbook keeps for another row (of another relationship, or private):
        # the merge would take that row over. The change rolls back whole.
        raise PartnerFileRefused(_("this partner file names an entry this workbook keeps elsewhere; nothing was merged")) from None
