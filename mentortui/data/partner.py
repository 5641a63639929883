"""The rows a relationship shares with the partner's workbook, read and written by uid
(mentortui.exchange.partner.engine), and the pairing's merge base.

Every write here runs inside the caller's ``store.change``: a merge is one undoable change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentortui.data.model import Action, AgendaItem, Feedback, Goal, Meeting, Record

if TYPE_CHECKING:
    from mentortui.data.store import Store


_IN_MEETINGS = "meeting_id IN (SELECT id FROM meetings WHERE relationship_id = ?)"
# Per type: which rows are the relationship's, and their order (goals and agenda: as shown).
_SHARED = {
    Meeting: ("relationship_id = ?", "id"),
    Goal: ("relationship_id = ?", "position, id"),
    AgendaItem: (_IN_MEETINGS, "position, id"),
    Action: (_IN_MEETINGS, "id"),
    Feedback: ("relationship_id = ?", "id"),
}


def shared_rows(store: Store, relationship_id: int) -> dict[type[Record], list[Record]]:
    """Every row of the relationship that may be shared, by type; the caller filters what is
    private (unshared feedback, unshared notes)."""
    return {cls: store.select(cls, where, [relationship_id], order) for cls, (where, order) in _SHARED.items()}


def insert_row(store: Store, cls: type[Record], values: dict[str, Any]) -> Record:
    """A row the partner made, uid included (cleaned and validated like every write)."""
    return store._insert(cls, values)


def update_row(store: Store, cls: type[Record], row_id: int, changes: dict[str, Any]) -> None:
    store._update(cls, row_id, changes)


def delete_row(store: Store, cls: type[Record], row_id: int) -> None:
    """Delete a row if it is still there (a cascade may have taken it already)."""
    store.conn.execute("DELETE FROM " + cls.table + " WHERE id = ?", [row_id])


def merge_base(store: Store, relationship_id: int) -> bytes:
    """The shared state as it was after the last update applied from the partner (b"" if none)."""
    row = store.conn.execute(
        "SELECT base_state FROM partner_links WHERE relationship_id = ?", [relationship_id]
    ).fetchone()
    return bytes(row[0]) if row else b""


def set_merge_base(store: Store, relationship_id: int, state: bytes) -> None:
    store.conn.execute(
        "UPDATE partner_links SET base_state = ? WHERE relationship_id = ?", [state, relationship_id]
    )
