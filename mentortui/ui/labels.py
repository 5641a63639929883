"""Words for stored values (roles, statuses), in the current language."""

from __future__ import annotations

from mentortui.data.model import Relationship
from mentortui.core.i18n import _, format_date

# The words for stored values live below the exchange layer, which needs them too; the
# screens take them from here.
from mentortui.core.labels import (
    AGENDA_KIND_LABELS,
    DIRECTION_LABELS,
    FEEDBACK_KIND_LABELS,
    FEEDBACK_KIND_SHORT,
    MEETING_STATUS_LABELS,
    MODE_LABELS,
    OWNER_LABELS,
    RUBRIC,
    SEARCH_KIND_LABELS,
)

__all__ = [
    "AGENDA_KIND_LABELS", "DIRECTION_LABELS", "FEEDBACK_KIND_LABELS", "FEEDBACK_KIND_SHORT", "MEETING_STATUS_LABELS",
    "MODE_LABELS", "OWNER_LABELS", "RUBRIC", "SEARCH_KIND_LABELS", "role_label", "status_label",
]


def role_label(role: str) -> str:
    return _("mentor") if role == "mentor" else _("mentee")


def status_label(relationship: Relationship) -> str:
    if relationship.status == "ended":
        return _("ended on {date}", date=format_date(relationship.ended_on)) if relationship.ended_on else _("ended")
    return _("active")


