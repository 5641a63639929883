"""The store's relationships, their agreement and checklist, and mentor candidates.

A mixin of :class:`mentortui.data.store.Store`: the methods use its generic row access and
``change``, so every write stays one undoable transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentortui.core.i18n import N_, _
from mentortui.core.policy import STAY_IN_TOUCH_DEFAULT_MONTHS
from mentortui.data.model import Agreement, Candidate, ChecklistEntry, Learning, Relationship, ValidationError


def _check_dates(field: str, later: dt.date | None, earlier: dt.date) -> None:
    if later is not None and later < earlier:
        raise ValidationError(field, _("is before the start date"))


class RelationshipRecords:
    # ---- relationships ---------------------------------------------------------------

    def relationships(self) -> list[Relationship]:
        return self.select(Relationship, "1", [], "status = 'ended', started_on DESC, id")

    def relationship(self, relationship_id: int) -> Relationship:
        return self._get(Relationship, relationship_id)

    def add_relationship(self, *, partner: str, role: str, started_on: dt.date, **fields: Any) -> Relationship:
        values = {
            "partner": partner,
            "role": role,
            "started_on": started_on,
            "why": "",
            "hope_to_learn": "",
            "status": "active",
            "stay_in_touch_months": STAY_IN_TOUCH_DEFAULT_MONTHS,
            **fields,
            "created_at": self._now(),
        }
        _check_dates("end_on", values.get("end_on"), started_on)
        with self.change(N_("Add relationship with {partner}"), partner=partner):
            return self._insert(Relationship, values)

    def update_relationship(self, relationship_id: int, **changes: Any) -> Relationship:
        current = self.relationship(relationship_id)
        _check_dates("end_on", changes.get("end_on", current.end_on), changes.get("started_on", current.started_on))
        with self.change(N_("Edit relationship with {partner}"), partner=current.partner):
            return self._update(Relationship, relationship_id, changes)

    def close_relationship(self, relationship_id: int, ended_on: dt.date) -> Relationship:
        current = self.relationship(relationship_id)
        _check_dates("ended_on", ended_on, current.started_on)
        with self.change(N_("Close relationship with {partner}"), partner=current.partner):
            return self._update(Relationship, relationship_id, {"status": "ended", "ended_on": ended_on})

    def delete_relationship(self, relationship_id: int) -> None:
        current = self.relationship(relationship_id)
        with self.change(N_("Delete relationship with {partner}"), partner=current.partner):
            self._delete(Relationship, relationship_id)

    # ---- agreement -------------------------------------------------------------------

    def agreements(self, relationship_id: int) -> list[Agreement]:
        """Every version, oldest first."""
        return self.select(Agreement, "relationship_id = ?", [relationship_id], "version")

    def current_agreement(self, relationship_id: int) -> Agreement | None:
        versions = self.select(Agreement, "relationship_id = ?", [relationship_id], "version DESC LIMIT 1")
        return versions[0] if versions else None

    def save_agreement(
        self, relationship_id: int, *, reason: str = "", agreed_on: dt.date | None = None, **terms: Any
    ) -> Agreement:
        """Record a new version of the agreement (terms not given are carried over), agreed
        on ``agreed_on`` (today if not given) for ``reason``."""
        unknown = set(terms) - set(Agreement.TERMS)
        if unknown:
            raise ValidationError(sorted(unknown)[0], _("unknown field"))
        with self.change(N_("Edit the agreement")):
            current = self.current_agreement(relationship_id)
            base = {name: getattr(current, name) for name in Agreement.TERMS} if current else {}
            values = {
                "duration": "",
                "cadence": "",
                "modes": [],
                "my_responsibilities": "",
                "their_responsibilities": "",
                "my_expectations": "",
                "their_expectations": "",
                **base,
                **terms,
                "relationship_id": relationship_id,
                "version": (current.version + 1) if current else 1,
                "created_at": self._now(),
                "reason": reason,
                "agreed_on": agreed_on or self._now().date(),
            }
            return self._insert(Agreement, values)

    # ---- checklist -------------------------------------------------------------------

    def checklist(self, relationship_id: int) -> list[ChecklistEntry]:
        return self.select(ChecklistEntry, "relationship_id = ?", [relationship_id], "practice, item")

    def set_checklist(
        self, relationship_id: int, practice: str, item: str = "", *, state: str | None = None, note: str | None = None
    ) -> ChecklistEntry:
        changes: dict[str, Any] = {"changed_at": self._now()}
        if state is not None:
            changes["state"] = state
        if note is not None:
            changes["note"] = note
        with self.change(N_("Update the checklist")):
            existing = self.select(
                ChecklistEntry,
                "relationship_id = ? AND practice = ? AND item = ?",
                [relationship_id, practice, item],
                "id",
            )
            if existing:
                return self._update(ChecklistEntry, existing[0].id, changes)
            values = {"relationship_id": relationship_id, "practice": practice, "item": item, "state": "todo", "note": ""}
            return self._insert(ChecklistEntry, {**values, **changes})

    # ---- what the mentor learned -------------------------------------------------------------

    def learnings(self, relationship_id: int, *, limit: int = 50) -> list[Learning]:
        """The newest first."""
        return self.select(Learning, "relationship_id = ?", [relationship_id, limit], "date DESC, id DESC LIMIT ?")

    def add_learning(self, relationship_id: int, *, date: dt.date, text: str) -> Learning:
        with self.change(N_("Note what you learned")):
            return self._insert(Learning, {"relationship_id": relationship_id, "date": date, "text": text,
                                           "created_at": self._now()})

    # ---- candidates ------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        return self.select(
            Candidate, "1", [], "score_goals + score_respected + score_network + score_skills DESC, name COLLATE NOCASE"
        )

    def add_candidate(self, name: str, **fields: Any) -> Candidate:
        values = {"notes": "", "score_goals": 0, "score_respected": 0, "score_network": 0, "score_skills": 0, **fields}
        with self.change(N_("Add candidate {name}"), name=name):
            return self._insert(Candidate, {**values, "name": name, "created_at": self._now()})

    def update_candidate(self, candidate_id: int, **changes: Any) -> Candidate:
        with self.change(N_("Edit candidate")):
            return self._update(Candidate, candidate_id, changes)

    def delete_candidate(self, candidate_id: int) -> None:
        with self.change(N_("Delete candidate")):
            self._delete(Candidate, candidate_id)
