"""The store's meetings, their agenda and action items.

A mixin of :class:`mentortui.data.store.Store`: the methods use its generic row access and
``change``, so every write stays one undoable transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentortui.core.i18n import N_, _
from mentortui.data.model import Action, AgendaItem, Meeting, ValidationError
from mentortui.data.revisions import meeting_revisions


class MeetingRecords:
    # ---- meetings, agenda, actions ---------------------------------------------------------

    def meetings(self, relationship_id: int) -> list[Meeting]:
        return self.select(Meeting, "relationship_id = ?", [relationship_id], "starts_at, id")

    def meeting(self, meeting_id: int) -> Meeting:
        return self._get(Meeting, meeting_id)

    def meeting_revisions(self, relationship_id: int) -> dict[int, tuple[int, dt.datetime | None]]:
        """Meeting id -> (sequence, modified_at or None) for one relationship (see data/revisions)."""
        return meeting_revisions(self.conn, relationship_id)

    def add_meeting(self, relationship_id: int, starts_at: dt.datetime, **fields: Any) -> Meeting:
        values = {"mode": "video", "status": "planned", "notes": "", **fields}
        with self.change(N_("Schedule a meeting")):
            return self._insert(
                Meeting,
                {**values, "relationship_id": relationship_id, "starts_at": starts_at, "created_at": self._now()},
            )

    def update_meeting(self, meeting_id: int, **changes: Any) -> Meeting:
        with self.change(N_("Edit a meeting")):
            return self._update(Meeting, meeting_id, changes)

    def delete_meeting(self, meeting_id: int) -> None:
        with self.change(N_("Delete a meeting")):
            self._delete(Meeting, meeting_id)

    def agenda(self, meeting_id: int) -> list[AgendaItem]:
        return self.select(AgendaItem, "meeting_id = ?", [meeting_id], "position, id")

    def agenda_item(self, item_id: int) -> AgendaItem:
        return self._get(AgendaItem, item_id)

    def add_agenda_item(self, meeting_id: int, text: str, **fields: Any) -> AgendaItem:
        values = {"kind": "topic", "done": False, **fields}
        with self.change(N_("Add agenda item “{text}”"), text=text):
            position = self.conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM agenda_items WHERE meeting_id = ?", [meeting_id]
            ).fetchone()[0]
            return self._insert(AgendaItem, {**values, "meeting_id": meeting_id, "text": text, "position": position})

    def update_agenda_item(self, item_id: int, **changes: Any) -> AgendaItem:
        with self.change(N_("Edit agenda item")):
            return self._update(AgendaItem, item_id, changes)

    def delete_agenda_item(self, item_id: int) -> None:
        with self.change(N_("Delete agenda item")):
            self._delete(AgendaItem, item_id)

    def reorder_agenda(self, meeting_id: int, item_ids: list[int]) -> None:
        """Store the agenda's order as given (every item of the meeting, once)."""
        current = {item.id for item in self.agenda(meeting_id)}
        if set(item_ids) != current or len(item_ids) != len(current):
            raise ValidationError("position", _("the new order must list every agenda item once"))
        with self.change(N_("Reorder the agenda")):
            for position, item_id in enumerate(item_ids):
                self.conn.execute("UPDATE agenda_items SET position = ? WHERE id = ?", [position, item_id])

    def actions(self, meeting_id: int) -> list[Action]:
        return self.select(Action, "meeting_id = ?", [meeting_id], "created_at, id")

    def action(self, action_id: int) -> Action:
        return self._get(Action, action_id)

    def open_actions(self, relationship_id: int) -> list[Action]:
        return self.select(
            Action,
            "done_at IS NULL AND meeting_id IN (SELECT id FROM meetings WHERE relationship_id = ?)",
            [relationship_id],
            "due_on IS NULL, due_on, id",
        )

    def add_action(self, meeting_id: int, text: str, **fields: Any) -> Action:
        values = {"owner": "me", **fields}
        with self.change(N_("Add action “{text}”"), text=text):
            return self._insert(Action, {**values, "meeting_id": meeting_id, "text": text, "created_at": self._now()})

    def update_action(self, action_id: int, **changes: Any) -> Action:
        with self.change(N_("Edit action")):
            return self._update(Action, action_id, changes)

    def set_action_done(self, action_id: int, done: bool) -> Action:
        return self.update_action(action_id, done_at=self._now() if done else None)

    def delete_action(self, action_id: int) -> None:
        with self.change(N_("Delete action")):
            self._delete(Action, action_id)
