"""Words for stored values (roles, statuses), in the current language."""

from __future__ import annotations

from mentortui.data.model import Relationship
from mentortui.core.i18n import N_, _, format_date


def role_label(role: str) -> str:
    return _("mentor") if role == "mentor" else _("mentee")


def status_label(relationship: Relationship) -> str:
    if relationship.status == "ended":
        return _("ended on {date}", date=format_date(relationship.ended_on)) if relationship.ended_on else _("ended")
    return _("active")


# The feedback log's kinds and directions (the forms and the entry's detail use these
# words; the table's narrow column uses the short ones).
FEEDBACK_KIND_LABELS = {
    "advice": N_("Advice"),
    "praise": N_("Praise"),
    "constructive": N_("Constructive feedback"),
    "progress-update": N_("Progress update"),
    "thanks": N_("Thanks"),
}
FEEDBACK_KIND_SHORT = {
    "advice": N_("advice"),
    "praise": N_("praise"),
    "constructive": N_("constructive"),
    "progress-update": N_("progress"),
    "thanks": N_("thanks"),
}
DIRECTION_LABELS = {"given": N_("given"), "received": N_("received")}
