"""What a partner exchange sends and what stays in this workbook only — said once, as data.

The Relationship screen and the invite dialog show these words; a test holds them to the
tables the exchange shares (``data.schema.SHARED_TABLES``) and to the marks a user sets
(``feedback.shared``, ``meetings.notes_shared``), so the words and the rules cannot drift.
Data only, no logic.
"""

from __future__ import annotations

from mentortui.core.i18n import N_

# The mark beside a feedback entry or meeting notes the user shares with their partner.
SHARED_MARK = "⇄"

# (table, the column the user ticks to share it or "" when shared by default, the words).
SHARED = (
    ("goals", "", N_("goals")),
    ("meetings", "", N_("meetings: their time, way to meet and status")),
    ("agenda_items", "", N_("agenda items")),
    ("actions", "", N_("actions")),
    ("agreements", "", N_("the agreement's current terms")),
    ("feedback", "shared", N_("feedback you mark shared (s on the Feedback screen)")),
    ("meetings", "notes_shared", N_("meeting notes you mark shared (s in a meeting)")),
)

# (table, the words): what never leaves this workbook.
PRIVATE = (
    ("relationships", N_("why you are in it and what you hope to learn")),
    ("checklist", N_("the guide's checklists")),
    ("reviews", N_("weekly reviews")),
    ("candidates", N_("mentor candidates")),
    ("learnings", N_("what you learned from your mentee")),
    ("feedback", N_("feedback and meeting notes not marked shared")),
    ("settings", N_("settings")),
)
