"""The store's goals: the tree, its order and statuses.

A mixin of :class:`mentortui.data.store.Store`: the methods use its generic row access and
``change``, so every write stays one undoable transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mentortui.core.i18n import N_, _
from mentortui.data.model import Goal, ValidationError


# Undo labels for a goal's status change.
STATUS_LABELS = {
    "done": N_("Complete goal “{title}”"),
    "dropped": N_("Drop goal “{title}”"),
    "open": N_("Reopen goal “{title}”"),
}


class GoalRecords:
    # ---- goals -----------------------------------------------------------------------

    def goal(self, goal_id: int) -> Goal:
        return self._get(Goal, goal_id)

    def goals(self, relationship_id: int) -> list[Goal]:
        """All goals of a relationship, parents before children, siblings in order."""
        sql = """
            WITH RECURSIVE tree(id, path) AS (
                SELECT id, printf('%08d', position) FROM goals
                WHERE relationship_id = ? AND parent_id IS NULL
                UNION ALL
                SELECT g.id, tree.path || '/' || printf('%08d', g.position)
                FROM goals g JOIN tree ON g.parent_id = tree.id
            )
            SELECT goals.* FROM goals JOIN tree USING (id) ORDER BY tree.path
        """
        return [Goal.from_row(row) for row in self.db.query(sql, [relationship_id])]

    def goal_children(self, relationship_id: int, parent_id: int | None) -> list[Goal]:
        if parent_id is None:
            return self.select(Goal, "relationship_id = ? AND parent_id IS NULL", [relationship_id], "position")
        return self.select(Goal, "parent_id = ?", [parent_id], "position")

    def _next_position(self, relationship_id: int, parent_id: int | None) -> int:
        row = self.conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM goals WHERE relationship_id = ? AND parent_id IS ?",
            [relationship_id, parent_id],
        ).fetchone()
        return row[0]

    def add_goal(
        self, relationship_id: int, title: str, *, parent_id: int | None = None, position: int | None = None, **fields: Any
    ) -> Goal:
        with self.change(N_("Add goal “{title}”"), title=title):
            if parent_id is not None and self.goal(parent_id).relationship_id != relationship_id:
                raise ValidationError("parent_id", _("belongs to another relationship"))
            if position is None:
                position = self._next_position(relationship_id, parent_id)
            else:
                self._shift_siblings(relationship_id, parent_id, position, +1)
            now = self._now()
            values = {
                "notes": "",
                "horizon": "short" if parent_id is None else "step",
                "status": "open",
                "owner": "mentee",
                "before_next_meeting": False,
                **fields,
                "relationship_id": relationship_id,
                "parent_id": parent_id,
                "position": position,
                "title": title,
                "created_at": now,
                "updated_at": now,
            }
            return self._insert(Goal, values)

    def update_goal(self, goal_id: int, **changes: Any) -> Goal:
        for fixed in ("relationship_id", "parent_id", "position"):
            if fixed in changes:
                raise ValidationError(fixed, _("use move_goal to move a goal"))
        current = self.goal(goal_id)
        if "status" in changes and changes["status"] != current.status:
            changes["done_at"] = self._now() if changes["status"] == "done" else None
        with self.change(N_("Edit goal “{title}”"), title=current.title):
            return self._update(Goal, goal_id, {**changes, "updated_at": self._now()})

    def set_goal_status(self, goal_id: int, status: str, *, with_open_children: bool = False) -> Goal:
        """Mark a goal done/dropped/open; optionally the same for its open descendants."""
        current = self.goal(goal_id)
        with self.change(STATUS_LABELS[status], title=current.title):
            if with_open_children:
                for descendant in self.goal_descendants(goal_id):
                    if descendant.status == "open":
                        self.update_goal(descendant.id, status=status)
            return self.update_goal(goal_id, status=status)

    def goal_descendants(self, goal_id: int) -> list[Goal]:
        sql = """
            WITH RECURSIVE sub(id) AS (
                SELECT id FROM goals WHERE parent_id = ?
                -- UNION, not UNION ALL: each goal once, so a cycle in bad data cannot loop.
                UNION SELECT g.id FROM goals g JOIN sub ON g.parent_id = sub.id
            )
            SELECT goals.* FROM goals JOIN sub USING (id) WHERE id != ?
        """
        return [Goal.from_row(row) for row in self.db.query(sql, [goal_id, goal_id])]

    def delete_goal(self, goal_id: int) -> int:
        """Delete a goal and its whole subtree; return how many goals went."""
        current = self.goal(goal_id)
        with self.change(N_("Delete goal “{title}”"), title=current.title):
            count = 1 + len(self.goal_descendants(goal_id))
            self._delete(Goal, goal_id)
            self._close_gap(current.relationship_id, current.parent_id, current.position)
            return count

    def _shift_siblings(self, relationship_id: int, parent_id: int | None, from_position: int, delta: int) -> None:
        self.conn.execute(
            "UPDATE goals SET position = position + ? WHERE relationship_id = ? AND parent_id IS ? AND position >= ?",
            [delta, relationship_id, parent_id, from_position],
        )

    def _close_gap(self, relationship_id: int, parent_id: int | None, position: int) -> None:
        self._shift_siblings(relationship_id, parent_id, position + 1, -1)

    def move_goal(self, goal_id: int, *, parent_id: int | None, position: int) -> Goal:
        """Put a goal (with its subtree) under ``parent_id`` at ``position`` among its siblings."""
        current = self.goal(goal_id)
        with self.change(N_("Move goal “{title}”"), title=current.title):
            if parent_id is not None:
                if parent_id == goal_id or parent_id in {g.id for g in self.goal_descendants(goal_id)}:
                    raise ValidationError("parent_id", _("a goal cannot go under itself"))
                if self.goal(parent_id).relationship_id != current.relationship_id:
                    raise ValidationError("parent_id", _("belongs to another relationship"))
            self._close_gap(current.relationship_id, current.parent_id, current.position)
            siblings = len(self.goal_children(current.relationship_id, parent_id)) - (
                1 if parent_id == current.parent_id else 0
            )
            position = max(0, min(position, siblings))
            # Park the goal out of the way while siblings make room.
            self.conn.execute("UPDATE goals SET position = -1 WHERE id = ?", [goal_id])
            self._shift_siblings(current.relationship_id, parent_id, position, +1)
            self.conn.execute(
                "UPDATE goals SET parent_id = ?, position = ?, updated_at = ? WHERE id = ?",
                [parent_id, position, self._now().isoformat(), goal_id],
            )
            return self.goal(goal_id)

    # ---- how the tree was left (a view, not work: a setting, outside the undo journal) ----

    def goal_tree_view(self, relationship_id: int) -> GoalTreeView:
        """The goals unfolded and the goal under the cursor when the relationship's tree was
        last left; ids of goals deleted since are simply not found in the tree."""
        try:
            saved = json.loads(self.setting(_tree_view_key(relationship_id)) or "{}")
            unfolded = frozenset(int(goal_id) for goal_id in saved.get("unfolded", ()))
            cursor = saved.get("cursor")
            return GoalTreeView(unfolded, int(cursor) if cursor is not None else None)
        except (ValueError, TypeError, AttributeError):  # a hand-edited or foreign value
            return GoalTreeView(frozenset(), None)

    def remember_goal_tree_view(self, relationship_id: int, view: GoalTreeView) -> None:
        value = json.dumps({"unfolded": sorted(view.unfolded), "cursor": view.cursor})
        if self.setting(_tree_view_key(relationship_id)) != value:
            self.set_setting(_tree_view_key(relationship_id), value)


@dataclass(frozen=True)
class GoalTreeView:
    unfolded: frozenset[int]
    cursor: int | None


def _tree_view_key(relationship_id: int) -> str:
    return f"goals.tree.{relationship_id}"
