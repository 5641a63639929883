"""The progress update (the guide's E3: keep them informed of progress and of what their
advice gave), composed as Markdown to send to the partner, and the file name it is saved as."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mentortui.core.files import free_path
from mentortui.core.i18n import _, format_date
from mentortui.data.feedback import ProgressFacts, progress_since_last_update
from mentortui.data.store import Store
from mentortui.exchange.meetings_export import escape_markdown


@dataclass(frozen=True)
class ProgressUpdate(ProgressFacts):
    """What the update covers, and the Markdown written from it."""

    markdown: str


def compose_progress_update(store: Store, relationship_id: int, today: dt.date, lang: str) -> ProgressUpdate:
    """A progress update covering the time since the last one the user sent (or the last
    month): what came of the partner's advice, the goals reached, and what comes next. User
    text goes through ``escape_markdown``: a title like "---" must read as typed."""
    facts = progress_since_last_update(store, relationship_id, today)
    since, results, goals_done, next_steps = facts.since, facts.results, facts.goals_done, facts.next_steps
    relationship = store.relationship(relationship_id)
    partner = relationship.partner

    def day(value: dt.date) -> str:
        return format_date(value, "medium", lang=lang)

    lines = [
        "# " + _("Progress update — {date}", date=day(today)),
        "",
        _("For {partner}, covering {since} to {today}.", partner=escape_markdown(partner), since=day(since), today=day(today)),
    ]
    if results:
        lines += ["", "## " + _("What came of your advice"), ""]
        for entry in results:
            tried = _("I tried it") if entry.tried else _("I did not try it")
            lines.append("- " + escape_markdown(entry.text) + " (" + day(entry.date) + ")")
            lines.append("  - " + _("{label}: {value}", label=tried + ", " + day(entry.result_on), value=escape_markdown(entry.result)))
    if goals_done:
        lines += ["", "## " + _("Goals reached"), ""]
        lines += ["- " + escape_markdown(goal.title) + " (" + day(goal.done_at.date()) + ")" for goal in goals_done]
    if next_steps:
        lines += ["", "## " + _("Before our next meeting"), ""]
        lines += ["- " + escape_markdown(goal.title) for goal in next_steps]
    if not (results or goals_done):
        lines += ["", _("No advice result or goal reached since {since} yet.", since=day(since))]
    if relationship.role == "mentee":
        lines += ["", _("Thank you for your time and your advice.")]
    else:
        lines += ["", _("Thank you for the work you put in; I look forward to our next meeting.")]
    return ProgressUpdate(since, results, goals_done, next_steps, markdown="\n".join(lines) + "\n")


def free_update_path(folder: Path, today: dt.date) -> Path:
    """``progress-update-<date>.md`` in ``folder``, numbered if that name is taken."""
    return free_path(folder, "progress-update-" + today.isoformat())
