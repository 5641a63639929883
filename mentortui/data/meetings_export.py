"""Meetings as text for other tools: a Markdown agenda to paste in an email, a Markdown
recap of a held meeting, and every meeting as an iCalendar (ICS) file. No Textual here.

Markdown: user text can never change the document around it. Text on one line (agenda
items, actions, names) is escaped where Markdown would read it as formatting or as the
start of a block; notes (several lines, Markdown of their own) go in a fenced block whose
fence is longer than any run of backticks in them, so nothing in them (an unclosed fence,
``<!--``, a heading, a link definition) reaches the rest of the export. ICS: ``icalendar``
escapes and folds the text (RFC 5545); UIDs are stable (``meeting-<id>@mentortui``) so
importing again updates. Times are local; one stored with a UTC offset is converted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from icalendar import Calendar, Event, vRecur

from mentortui.agreements import MODE_LABELS
from mentortui.data.meetings import KIND_LABELS, OWNER_LABELS, agenda_entries, next_planned, proposed_dates
from mentortui.data.model import Action, Meeting, Relationship
from mentortui.data.store import Store
from mentortui.dates import DateParseError, describe_cadence, local_time
from mentortui.i18n import format_date, translate
from mentortui.safetext import clean

MEETING_LENGTH = dt.timedelta(hours=1)  # the agreement has no meeting length; an hour is the usual slot
PRODID = "-//mentortui//mentortui//EN"

# ---- Markdown ------------------------------------------------------------------------------

# Characters that are formatting anywhere in a line.
_ALWAYS = re.compile(r"([\\`*\[\]<~])")
# What starts a block when it opens a line: heading, quote, list item, thematic break,
# setext underline, fence, HTML, table, link definition (escaped by a backslash before it).
_BLOCK_MARKS = "#>-+*=_`~<|[:"
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# A closing run of #s would be dropped from a heading: "Sam #1 ##" must keep its "##".
_CLOSING_HASHES = re.compile(r"(?<=\s)(#+)$")
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|\w+);")
_BACKTICKS = re.compile(r"`+")


def escape_markdown(text: str) -> str:
    """User text as one line of Markdown that reads exactly as typed.

    Escapes only what would change the meaning (so a pasted agenda stays readable as plain
    text): emphasis and code marks, links, HTML, entities, and block markers at the start.
    An underscore inside a word (snake_case) is not emphasis and is left alone.
    """
    line = " ".join(clean(text, single_line=True).split())
    line = _ALWAYS.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&\1;", line)
    line = "".join(
        "\\_" if char == "_" and not (0 < i < len(line) - 1 and line[i - 1].isalnum() and line[i + 1].isalnum()) else char
        for i, char in enumerate(line)
    )
    line = _CLOSING_HASHES.sub(r"\\\1", line)
    if ordered := _ORDERED_ITEM.match(line):
        return ordered[1] + "\\" + line[len(ordered[1]):]
    if line and line[0] in _BLOCK_MARKS:
        return "\\" + line
    return line


def _notes_block(notes: str) -> str:
    """User notes, control characters removed, as a fenced block that nothing in them can
    close: its fence is longer than the longest run of backticks they hold."""
    body = clean(notes).strip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}markdown\n{body}\n{fence}"


def _when(moment: dt.datetime, lang: str) -> str:
    moment = local_time(moment)
    return translate("{date}, {time}", lang, date=format_date(moment.date(), "full", lang), time=moment.strftime("%H:%M"))


def _mode(meeting: Meeting, lang: str) -> str:
    return translate(MODE_LABELS.get(meeting.mode, meeting.mode), lang)


def _owner(action: Action, relationship: Relationship, lang: str) -> str:
    if action.owner == "partner":
        return clean(relationship.partner, single_line=True)
    return translate(OWNER_LABELS["me"], lang)


def _action_line(action: Action, relationship: Relationship, lang: str) -> str:
    box = "[x]" if action.done_at else "[ ]"
    who = _owner(action, relationship, lang)
    if action.due_on:
        who = translate("{who}, by {date}", lang, who=who, date=format_date(action.due_on, "medium", lang))
    return f"- {box} {escape_markdown(action.text)} — {escape_markdown(who)}"


def _heading(level: int, text: str) -> str:
    return "#" * min(level, 6) + " " + text


def agenda_markdown(store: Store, meeting: Meeting, lang: str, *, level: int = 1) -> str:
    """The agenda, numbered in its order, ready to paste in an email to the partner."""
    relationship = store.relationship(meeting.relationship_id)
    lines = [
        _heading(level, translate("Agenda — {when}", lang, when=_when(meeting.starts_at, lang))),
        "",
        translate("Meeting with {partner} · {mode}", lang, partner=escape_markdown(relationship.partner), mode=_mode(meeting, lang)),
        "",
    ]
    entries = agenda_entries(store, meeting.id)
    if not entries:
        lines.append("*" + translate("Nothing on the agenda yet.", lang) + "*")
    for number, entry in enumerate(entries, 1):
        item = entry.item
        text = escape_markdown(item.text)
        if item.kind not in ("topic", "question"):
            text = "**" + translate("{kind}:", lang, kind=translate(KIND_LABELS[item.kind], lang)) + "** " + text
        if entry.goal_title and item.kind != "goal":
            text += " — " + translate("goal: {title}", lang, title=escape_markdown(entry.goal_title))
        if entry.carried_from_date:
            text += " *(" + translate("carried over from {date}", lang, date=format_date(entry.carried_from_date.date(), "medium", lang)) + ")*"
        lines.append(f"{number}. {text}")
    return "\n".join(lines) + "\n"


def recap_markdown(store: Store, meeting: Meeting, lang: str, *, level: int = 1) -> str:
    """What a held meeting covered, its notes, and the actions with who does them by when."""
    relationship = store.relationship(meeting.relationship_id)
    entries = agenda_entries(store, meeting.id)
    covered = [entry.item for entry in entries if entry.item.done]
    still_open = [entry.item for entry in entries if not entry.item.done]
    actions = store.actions(meeting.id)
    lines = [
        _heading(level, translate("Recap — {when}", lang, when=_when(meeting.starts_at, lang))),
        "",
        translate("Meeting with {partner} · {mode}", lang, partner=escape_markdown(relationship.partner), mode=_mode(meeting, lang)),
    ]
    sections = [
        (translate("Covered", lang), [f"- {escape_markdown(item.text)}" for item in covered]),
        (translate("For next time", lang), [f"- {escape_markdown(item.text)}" for item in still_open]),
        (translate("Notes", lang), [_notes_block(meeting.notes)] if clean(meeting.notes).strip() else []),
        (translate("Actions", lang), [_action_line(action, relationship, lang) for action in actions]),
    ]
    for title, body in sections:
        if body:
            lines += ["", _heading(level + 1, title), "", *body]
    return "\n".join(lines) + "\n"


def meeting_markdown(store: Store, meeting: Meeting, lang: str, *, level: int = 1) -> str:
    """The recap of a held meeting, else its agenda."""
    if meeting.status == "held":
        return recap_markdown(store, meeting, lang, level=level)
    return agenda_markdown(store, meeting, lang, level=level)


def workbook_markdown(store: Store, lang: str) -> str:
    """Every relationship: the next meeting's agenda, then recaps of held meetings, newest first."""
    parts = []
    for relationship in store.relationships():
        parts.append(
            _heading(1, translate("Mentoring with {partner}", lang, partner=escape_markdown(relationship.partner))) + "\n"
        )
        upcoming = next_planned(store, relationship.id)
        if upcoming is not None:
            parts.append(agenda_markdown(store, upcoming, lang, level=2))
        held = store.select(Meeting, "relationship_id = ? AND status = 'held'", [relationship.id], "starts_at DESC, id DESC")
        parts += [recap_markdown(store, meeting, lang, level=2) for meeting in held]
        if upcoming is None and not held:
            parts.append("*" + translate("No meeting yet.", lang) + "*\n")
    return "\n".join(parts)


def export_file_name(relationship: Relationship, meeting: Meeting, lang: str) -> str:
    """``agenda-ana-souza-2026-12-01.md`` / ``compte-rendu-…`` for a held meeting."""
    kind = translate("recap", lang) if meeting.status == "held" else translate("agenda", lang)
    folded = unicodedata.normalize("NFKD", relationship.partner).encode("ascii", "ignore").decode()
    partner = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40] or "meeting"
    return f"{kind}-{partner}-{local_time(meeting.starts_at).date().isoformat()}.md"


# ---- iCalendar -----------------------------------------------------------------------------

_ICS_STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def _description(store: Store, meeting: Meeting, lang: str) -> str:
    lines = [_mode(meeting, lang)]
    entries = agenda_entries(store, meeting.id)
    if entries:
        lines += ["", translate("Agenda", lang) + ":"]
        lines += [f"{n}. {clean(entry.item.text, single_line=True)}" for n, entry in enumerate(entries, 1)]
    return "\n".join(lines)


def _summary(relationship: Relationship, lang: str) -> str:
    return translate("Mentoring with {partner}", lang, partner=clean(relationship.partner, single_line=True))


def _meeting_event(store: Store, relationship: Relationship, meeting: Meeting, lang: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@mentortui")
    event.add("dtstamp", stamp)
    event.add("dtstart", local_time(meeting.starts_at))  # local ("floating") time, as stored
    event.add("duration", MEETING_LENGTH)
    event.add("summary", _summary(relationship, lang))
    event.add("description", _description(store, meeting, lang))
    event.add("status", _ICS_STATUS[meeting.status])
    return event


def _rhythm_event(store: Store, relationship: Relationship, lang: str, stamp: dt.datetime) -> Event | None:
    """The agreed rhythm from the first proposed date on, as one tentative recurring event
    (RRULE), so the calendar shows the meetings still to schedule."""
    agreement = store.current_agreement(relationship.id)
    proposed = proposed_dates(store, relationship.id, count=1)
    if agreement is None or not proposed:
        return None
    rule = vRecur.from_ical(agreement.cadence)
    if relationship.end_on and "COUNT" not in rule and "UNTIL" not in rule:
        rule["UNTIL"] = [dt.datetime.combine(relationship.end_on, dt.time(23, 59, 59))]
    try:
        rhythm = describe_cadence(agreement.cadence, lang)
    except DateParseError:
        rhythm = agreement.cadence
    event = Event()
    event.add("uid", f"rhythm-{relationship.id}@mentortui")
    event.add("dtstamp", stamp)
    event.add("dtstart", proposed[0])
    event.add("duration", MEETING_LENGTH)
    event.add("rrule", rule)
    event.add("summary", translate("{summary} (to schedule, {rhythm})", lang, summary=_summary(relationship, lang), rhythm=rhythm))
    event.add("status", "TENTATIVE")
    return event


def calendar_ics(store: Store, lang: str) -> bytes:
    """Every meeting of every relationship, plus each active relationship's rhythm."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "mentortui")
    stamp = store.clock.now().astimezone(dt.timezone.utc)
    for relationship in store.select(Relationship, "1", [], "id"):
        for meeting in store.meetings(relationship.id):
            calendar.add_component(_meeting_event(store, relationship, meeting, lang, stamp))
        rhythm = _rhythm_event(store, relationship, lang, stamp)
        if rhythm is not None:
            calendar.add_component(rhythm)
    return calendar.to_ical()
