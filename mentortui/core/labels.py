"""The words for stored values (a meeting's status, an agenda item's kind, a way to meet, …),
as message ids: the screens (through ``mentortui.ui.labels``) and the Markdown export
translate them. Here, below both, so the data layer keeps no UI words. Data only, no logic."""

from __future__ import annotations

from mentortui.core.i18n import N_, NC_

MEETING_STATUS_LABELS = {"planned": N_("planned"), "held": N_("held"), "cancelled": N_("cancelled")}
# What an agenda item is, in a word (shown beside it and in the Markdown agenda).
AGENDA_KIND_LABELS = {
    "topic": N_("Topic"),
    "question": N_("Question"),
    "action": N_("Action"),
    "goal": N_("Goal"),
    "advice": N_("Advice"),
    "revisit": N_("Agreement"),
}
OWNER_LABELS = {"me": N_("me"), "partner": N_("my partner")}

MODE_LABELS = {
    "email": N_("email"),
    "video": N_("video call"),
    "in-person": N_("in person"),
    "chat": N_("chat"),
    "phone": N_("phone"),
}

# The feedback log's kinds and directions (the forms and the entry's detail use these
# words; the table's narrow column uses the short ones).
FEEDBACK_KIND_LABELS = {
    "advice": N_("Advice"),
    "praise": N_("Praise"),
    "constructive": N_("Constructive feedback"),
    "progress-update": N_("Progress update"),
    "thanks": NC_("feedback kind", "Thanks"),
}
FEEDBACK_KIND_SHORT = {
    "advice": N_("advice"),
    "praise": N_("praise"),
    "constructive": N_("constructive"),
    "progress-update": N_("progress"),
    "thanks": N_("thanks"),
}
DIRECTION_LABELS = {"given": N_("given"), "received": N_("received")}

# The guide (M4): feedback is always honest, never humiliating, names the main ways to
# improve without shaming — and the mentor lets them know they trust them (M5). "About the
# work" is mentortui's own advice, and says so.
RUBRIC = (
    ("honest", N_("Honest")),
    ("about-the-work", N_("About the work, not the person (mentortui's tip)")),
    ("main-improvements", N_("Names the main ways to improve")),
    ("no-shaming", N_("No shaming")),
    ("confidence", N_("Ends with confidence in them")),
)

# The kinds of item a search finds.
SEARCH_KIND_LABELS = {
    "goal": N_("Goal"),
    "agenda": N_("Agenda item"),
    "notes": N_("Meeting notes"),
    "action": N_("Action"),
    "feedback": N_("Feedback"),
    "agreement": N_("Agreement"),
    "profile": N_("Relationship profile"),
    "learning": N_("Learned from the mentee"),
    "candidate": N_("Mentor candidate"),
    "checklist": N_("Guide note"),
    "review": N_("Weekly review answer"),
}
