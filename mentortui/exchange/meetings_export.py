"""Meetings as text for other tools: a Markdown agenda to paste in an email, a Markdown
recap of a held meeting (meant for the partner: the user's own notes only when asked for),
and every meeting as an iCalendar (ICS) file. No Textual here.

Markdown: user text can never change the document around it. Text on one line (agenda
items, actions, names) is escaped where Markdown would read it as formatting or as the
start of a block; notes (several lines, Markdown of their own) go in a fenced block whose
fence is longer than any run of backticks in them, so nothing in them (an unclosed fence,
``<!--``, a heading, a link definition) reaches the rest of the export. ICS: ``icalendar``
escapes and folds the text (RFC 5545); UIDs are stable and unique across workbooks
(``meeting-<id>-<workbook id>@mentortui``), SEQUENCE and LAST-MODIFIED come from the meeting's
revision (mentortui.data.revisions), so importing again updates. Times carry the user's time
zone (TZID and its VTIMEZONE); one stored with a UTC offset is converted.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mentortui.core.labels import AGENDA_KIND_LABELS, MODE_LABELS, OWNER_LABELS
from mentortui.data.meetings import agenda_entries, next_planned
from mentortui.domain.meetings import proposed_dates
from mentortui.data.model import Action, Meeting, Relationship
from mentortui.data.store import Store
from mentortui.core.files import free_path, write_private
from mentortui.core.cadence import describe_cadence
from mentortui.core.dates import local_time
from mentortui.core.i18n import format_date, translate
from mentortui.core.safetext import clean
from mentortui.core.text import fold

if TYPE_CHECKING:
    from icalendar import Event

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
            text = "**" + translate("{kind}:", lang, kind=translate(AGENDA_KIND_LABELS[item.kind], lang)) + "** " + text
        if entry.goal_title and item.kind != "goal":
            text += " — " + translate("goal: {title}", lang, title=escape_markdown(entry.goal_title))
        if entry.carried_from_date:
            text += " *(" + translate("carried over from {date}", lang, date=format_date(entry.carried_from_date.date(), "medium", lang)) + ")*"
        lines.append(f"{number}. {text}")
    return "\n".join(lines) + "\n"


def recap_markdown(store: Store, meeting: Meeting, lang: str, *, level: int = 1, private: bool = False) -> str:
    """What a held meeting covered and the actions with who does them by when: what the
    partner may read. The meeting's notes (the user's own: what they heard, asked, felt) only
    with ``private``."""
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
        (translate("Notes", lang), [_notes_block(meeting.notes)] if private and clean(meeting.notes).strip() else []),
        (translate("Actions", lang), [_action_line(action, relationship, lang) for action in actions]),
    ]
    for title, body in sections:
        if body:
            lines += ["", _heading(level + 1, title), "", *body]
    return "\n".join(lines) + "\n"


def meeting_markdown(store: Store, meeting: Meeting, lang: str, *, level: int = 1, private: bool = False) -> str:
    """The recap of a held meeting (its notes only with ``private``), else its agenda."""
    if meeting.status == "held":
        return recap_markdown(store, meeting, lang, level=level, private=private)
    return agenda_markdown(store, meeting, lang, level=level)


def workbook_markdown(store: Store, lang: str, *, private: bool = False) -> str:
    """Every relationship: the next meeting's agenda, then recaps of held meetings, newest
    first (with the meetings' notes only if ``private``)."""
    parts = []
    for relationship in store.relationships():
        parts.append(
            _heading(1, translate("Mentoring with {partner}", lang, partner=escape_markdown(relationship.partner))) + "\n"
        )
        upcoming = next_planned(store, relationship.id)
        if upcoming is not None:
            parts.append(agenda_markdown(store, upcoming, lang, level=2))
        held = store.select(Meeting, "relationship_id = ? AND status = 'held'", [relationship.id], "starts_at DESC, id DESC")
        parts += [recap_markdown(store, meeting, lang, level=2, private=private) for meeting in held]
        if upcoming is None and not held:
            parts.append("*" + translate("No meeting yet.", lang) + "*\n")
    return "\n".join(parts)


def export_file_name(relationship: Relationship, meeting: Meeting, lang: str) -> str:
    """``agenda-ana-souza-2026-12-01.md`` / ``compte-rendu-…`` for a held meeting."""
    kind = translate("recap", lang) if meeting.status == "held" else translate("agenda", lang)
    folded = fold(relationship.partner).encode("ascii", "ignore").decode()
    partner = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40] or "meeting"
    return f"{kind}-{partner}-{local_time(meeting.starts_at).date().isoformat()}.md"


class ExportFailed(Exception):
    """A file could not be written: where, and why (the system's words)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def write_meeting_markdown(store: Store, relationship: Relationship, meeting: Meeting, lang: str, folder: Path, *,
                           private: bool = False) -> Path:
    """Write a meeting's agenda (or recap, the notes only with ``private``) into ``folder``,
    never over a file already there (an earlier export the user may have edited); return
    the path written. Raises ExportFailed."""
    path = free_path(folder, export_file_name(relationship, meeting, lang).removesuffix(".md"))
    try:
        return write_private(path, meeting_markdown(store, meeting, lang, private=private))
    except OSError as error:
        raise ExportFailed(path, str(error.strerror or error)) from error


# ---- iCalendar -----------------------------------------------------------------------------
# icalendar and tzlocal are imported by the functions that use them: the app imports this
# module for its Markdown, and icalendar alone took ~30 ms and 7 MiB before the first frame.

_ICS_STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}
WORKBOOK_ID = "workbook_id"  # settings key: this workbook's random id (schema m003), in every UID


def local_zone() -> dt.tzinfo | None:
    """The user's IANA time zone (from TZ, /etc/localtime or the system's setting), or None
    when it can't be named — then the calendar gets floating times, as typed."""
    from zoneinfo import ZoneInfoNotFoundError  # with tzlocal: only an ICS export needs them (~3 ms)

    import tzlocal

    try:
        zone = tzlocal.get_localzone()
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return zone if getattr(zone, "key", None) else None


def _zoned(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """A stored time (naive local, or from older data with an offset) in ``zone``."""
    if zone is None:
        return local_time(moment)
    return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)


def _utc(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    return _zoned(moment, zone).astimezone(dt.timezone.utc)


def _description(store: Store, meeting: Meeting, lang: str) -> str:
    lines = [_mode(meeting, lang)]
    entries = agenda_entries(store, meeting.id)
    if entries:
        lines += ["", translate("Agenda", lang) + ":"]
        lines += [f"{n}. {clean(entry.item.text, single_line=True)}" for n, entry in enumerate(entries, 1)]
    return "\n".join(lines)


def _summary(relationship: Relationship, lang: str) -> str:
    return translate("Mentoring with {partner}", lang, partner=clean(relationship.partner, single_line=True))


class _EventMaker:
    """What every event of one export shares: the language, the time zone, the time of the
    export (DTSTAMP) and the workbook's id (UIDs stay unique when several workbooks feed one
    calendar, and the same from one export to the next)."""

    def __init__(self, store: Store, lang: str, zone: dt.tzinfo | None) -> None:
        self.store, self.lang, self.zone = store, lang, zone
        self.stamp = _utc(store.clock.now(), zone)
        self.workbook = store.setting(WORKBOOK_ID) or "local"

    def event(self, uid: str, starts: dt.datetime, sequence: int, modified: dt.datetime) -> Event:
        from icalendar import Event

        event = Event()
        event.add("uid", f"{uid}-{self.workbook}@mentortui")
        event.add("dtstamp", self.stamp)
        event.add("dtstart", _zoned(starts, self.zone))
        event.add("dtend", _zoned(starts, self.zone) + MEETING_LENGTH)
        event.add("sequence", sequence)
        event.add("last-modified", _utc(modified, self.zone))
        return event

    def meeting(self, relationship: Relationship, meeting: Meeting, revision: tuple[int, dt.datetime | None]) -> Event:
        sequence, modified_at = revision
        event = self.event(f"meeting-{meeting.id}", meeting.starts_at, sequence, modified_at or meeting.created_at)
        event.add("summary", _summary(relationship, self.lang))
        event.add("description", _description(self.store, meeting, self.lang))
        event.add("status", _ICS_STATUS[meeting.status])
        return event

    def rhythm(self, relationship: Relationship) -> Event | None:
        """The agreed rhythm from the first proposed date on, as one tentative recurring event
        (RRULE), so the calendar shows the meetings still to schedule. Its revision is the
        agreement's version."""
        store, lang = self.store, self.lang
        agreement = store.current_agreement(relationship.id)
        proposed = proposed_dates(store, relationship.id, count=1)
        if agreement is None or not proposed:
            return None
        from icalendar import vRecur

        rule = vRecur.from_ical(agreement.cadence)
        if "UNTIL" in rule:  # the agreed end of the series, kept in local time
            [last] = rule["UNTIL"]
        elif relationship.end_on and "COUNT" not in rule:
            last = dt.datetime.combine(relationship.end_on, dt.time(23, 59, 59))
        else:
            last = None
        if last is not None:
            # With a TZID start, RFC 5545 wants UNTIL in UTC.
            rule["UNTIL"] = [last if self.zone is None else _utc(last, self.zone)]
        rhythm = describe_cadence(agreement.cadence, lang)
        event = self.event(f"rhythm-{relationship.id}", proposed[0], agreement.version, agreement.created_at)
        event.add("rrule", rule)
        event.add("summary", translate("{summary} (to schedule, {rhythm})", lang, summary=_summary(relationship, lang), rhythm=rhythm))
        event.add("status", "TENTATIVE")
        return event


def calendar_ics(store: Store, lang: str) -> bytes:
    """Every meeting of every relationship, plus each active relationship's rhythm, in the
    user's time zone (its VTIMEZONE included)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "mentortui")
    maker = _EventMaker(store, lang, local_zone())
    starts = []
    for relationship in store.select(Relationship, "1", [], "id"):
        revisions = store.meeting_revisions(relationship.id)
        for meeting in store.meetings(relationship.id):
            calendar.add_component(maker.meeting(relationship, meeting, revisions[meeting.id]))
            starts.append(meeting.starts_at)
        rhythm = maker.rhythm(relationship)
        if rhythm is not None:
            calendar.add_component(rhythm)
            starts.append(rhythm.decoded("dtstart"))
    if maker.zone is not None and starts:
        # The zone's rules over the calendar's span only (its whole history would be long).
        first = min(local_time(moment) for moment in starts).date() - dt.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=dt.date(2038, 1, 1))
    return calendar.to_ical()
