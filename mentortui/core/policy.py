"""The workbook's rules as numbers, each written once.

Every screen, query, export and the demo read these, so changing a rule is one edit here.
"""

from __future__ import annotations

# Advice older than this many days without a reported result is waiting for one (practice E3):
# the dashboard flags it, the review asks about it and the next agenda brings it up.
ADVICE_WAIT_DAYS = 14
# At most this many pieces of advice per agenda, the most recent first: a long backlog
# belongs in the feedback log, not in one meeting.
ADVICE_PER_AGENDA = 3
# A goal due within this many days is "due soon" in the weekly review.
DUE_SOON_DAYS = 14
# An open goal untouched for this many weeks is stale in the weekly review.
STALE_AFTER_WEEKS = 3
# A new relationship's agreed length until the user says otherwise (the guide: agree the end at the start).
DEFAULT_RELATIONSHIP_MONTHS = 6
# After a relationship ends: send news every N months, N in this range (default below).
STAY_IN_TOUCH_MONTHS = (1, 24)
STAY_IN_TOUCH_DEFAULT_MONTHS = 3
# No meeting length is agreed: two planned meetings of a relationship less than this many
# minutes apart take the same slot, and booking the second one asks first.
MEETING_SLOT_MINUTES = 60

# Closing a relationship: a thanks or a progress update logged within this many days counts
# as the closing one on the checklist (thank them, send a final recap).
CLOSING_RECENT_DAYS = 30
# The dashboard names this many of the stale goals, the oldest first.
STALE_GOALS_NAMED = 3
# The guide's recurring practices (report progress, encourage, thank along the way, note what
# you learn) count as met by an entry of the last this-many weeks; older, the review asks again.
GUIDE_RECENT_WEEKS = 4
