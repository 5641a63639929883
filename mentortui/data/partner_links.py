"""A relationship's pairing with the partner's workbook (table ``partner_links``, m011): the
key both hold, the shared Doc's state and what the partner is known to have. Read and
written by mentortui.exchange.partner; the writes join the caller's ``store.change``.

The undo journal follows the table (mentortui.data.journal): undoing a merge takes the rows
and the shared state back together, so the next export sends no deletion of what the partner
added, and the partner's changes merge again at the next import. Exports write the pairing
outside the journal (a file sent cannot be taken back) and bump ``exchanges``, which a merge
writes too: once a file went out or came in, undoing the merge is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from mentortui.data.model import Relationship
from mentortui.data.store import Store, insert_sql

# How the user signs the files they send (the partner's workbook names them itself): a setting.
MY_NAME_SETTING = "partner.my_name"


@dataclasses.dataclass(frozen=True)
class PartnerLink:
    relationship_id: int
    secret: bytes
    shared_state: bytes  # the shared Doc, as a full update ("" before anything was shared)
    partner_state: bytes  # the state vector the partner is known to hold: the next delta's base
    accepted_at: dt.datetime | None  # when the partner's first file came (the inviter), or when accepted
    last_sent_at: dt.datetime | None
    last_received_at: dt.datetime | None
    created_at: dt.datetime
    exchanges: int = 0  # files exported or imported so far


_COLUMNS = tuple(field.name for field in dataclasses.fields(PartnerLink))
_TIMES = ("accepted_at", "last_sent_at", "last_received_at", "created_at")


def _from_row(row: dict) -> PartnerLink:
    values = {name: row[name] for name in _COLUMNS}
    for name in _TIMES:
        values[name] = dt.datetime.fromisoformat(values[name]) if values[name] else None
    values["secret"] = bytes(values["secret"])
    values["shared_state"] = bytes(values["shared_state"])
    values["partner_state"] = bytes(values["partner_state"])
    return PartnerLink(**values)


def partner_link(store: Store, relationship_id: int) -> PartnerLink | None:
    rows = list(store.db.query("SELECT * FROM partner_links WHERE relationship_id = ?", [relationship_id]))
    return _from_row(rows[0]) if rows else None


def relationship_by_uid(store: Store, uid: str) -> Relationship | None:
    found = store.select(Relationship, "uid = ?", [uid], "id")
    return found[0] if found else None


def save_partner_link(store: Store, link: PartnerLink) -> None:
    """Insert or update the pairing (inside the caller's ``store.change``); the engine's own
    column (its merge base, mentortui.data.partner) is left as it is."""
    assert store.conn.in_transaction, "a pairing is written inside a store.change"
    values = [
        getattr(link, name).isoformat() if name in _TIMES and getattr(link, name) is not None else getattr(link, name)
        for name in _COLUMNS
    ]
    store.conn.execute(
        insert_sql("partner_links", list(_COLUMNS)) + " ON CONFLICT (relationship_id) DO UPDATE SET "
        + ", ".join(name + " = excluded." + name for name in _COLUMNS if name != "relationship_id"),
        values,
    )


def delete_partner_link(store: Store, relationship_id: int) -> None:
    assert store.conn.in_transaction, "a pairing is removed inside a store.change"
    store.conn.execute("DELETE FROM partner_links WHERE relationship_id = ?", [relationship_id])

