"""Words for stored values (roles, statuses), in the current language."""

from __future__ import annotations

from mentortui.data.model import Relationship
from mentortui.core.i18n import _, format_date


def role_label(role: str) -> str:
    return _("mentor") if role == "mentor" else _("mentee")


def status_label(relationship: Relationship) -> str:
    if relationship.status == "ended":
        return _("ended on {date}", date=format_date(relationship.ended_on)) if relationship.ended_on else _("ended")
    return _("active")
