"""Full-text search across everything a relationship holds (SQLite FTS5, no Textual).

The index is made by migration ``m002_search``: one ``<table>_fts`` table per searchable
table (``schema.SEARCHABLE``), kept in step by triggers. A search returns :class:`Hit`s —
what was found, in which relationship, a snippet with the matching words marked, and a
reference to the item it belongs to (the app knows which screen shows it).

What the user typed never becomes FTS5 syntax: it is cut into words, and each word is
quoted and searched as a prefix ("desi" finds "design"), all words required. The query
reaches SQLite only as a parameter. Each kind ranks only its newest ``NEWEST`` matches (bm25,
best first), read from the end of its index, so a common word costs the same at any size;
prefixes are read from the index's prefix indexes (migration m010).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from mentortui.core.refs import (
    AgreementRef,
    CandidateRef,
    FeedbackRef,
    GoalRef,
    MeetingRef,
    PracticeRef,
    Ref,
    RelationshipRef,
    ReviewRef,
)
from mentortui.data.store import Store

# Characters that stand for the start and end of a matching word in a snippet; control
# characters, so they can never come from stored text (safetext strips those on display).
MARK_START, MARK_END = "\x02", "\x03"
ELLIPSIS = "…"
SNIPPET_WORDS = 12
PER_KIND = 8  # hits per kind of item, so one busy kind doesn't hide the others
# Matches ranked per kind: the newest this many. Ranking every match made a common word cost
# what the index holds (225 ms at 300k feedback entries); the newest are read from the end
# of the index and stop there, so a search costs the same at any size.
NEWEST = 200


_WORD = re.compile(r"\w+")
_FTS_TABLE = re.compile(r" FROM (\w+_fts) ")


@dataclass(frozen=True)
class Hit:
    kind: str  # a key of core.labels.SEARCH_KIND_LABELS
    id: int  # the row's id in its own table
    relationship_id: int | None  # None: a mentor candidate not (yet) linked to a relationship
    partner: str  # "" when there is no relationship
    parts: tuple[tuple[str, bool], ...]  # the snippet: (text, is a match)
    when: dt.date | None  # the meeting's or the entry's date, when it has one
    ref: Ref  # the item to show when the hit is chosen

    @property
    def snippet(self) -> str:
        return "".join(text for text, _matched in self.parts)


def match_expression(text: str) -> str | None:
    """The FTS5 query for what the user typed: every word, as a quoted prefix; None if no word."""
    words = _WORD.findall(text)
    return " ".join('"' + word + '"*' for word in words) if words else None


def split_snippet(snippet: str) -> tuple[tuple[str, bool], ...]:
    """Cut a marked snippet into (text, is a match) parts."""
    parts: list[tuple[str, bool]] = []
    for index, piece in enumerate(re.split("[" + MARK_START + MARK_END + "]", snippet)):
        if piece:
            parts.append((piece, index % 2 == 1))
    return tuple(parts)


def _snippet(fts_table: str) -> str:
    # Column -1: FTS5 picks the column that matched best; char(2)/char(3) are the marks.
    return "snippet(" + fts_table + ", -1, char(2), char(3), '" + ELLIPSIS + "', " + str(SNIPPET_WORDS) + ")"


# One SELECT per kind: (kind, row id, relationship id, meeting id, snippet, a date, rank,
# practice and item of a checklist note). Table and column names are our own; the match
# expression and limits are parameters.
_KIND_QUERIES = {
    "goal": (
        "SELECT 'goal', g.id, g.relationship_id, NULL, " + _snippet("goals_fts") + ", NULL, goals_fts.rank, NULL, NULL"
        " FROM goals_fts JOIN goals g ON g.id = goals_fts.rowid WHERE goals_fts MATCH ?"
    ),
    "agenda": (
        "SELECT 'agenda', a.id, m.relationship_id, m.id, " + _snippet("agenda_items_fts")
        + ", substr(m.starts_at, 1, 10), agenda_items_fts.rank, NULL, NULL"
        " FROM agenda_items_fts JOIN agenda_items a ON a.id = agenda_items_fts.rowid"
        " JOIN meetings m ON m.id = a.meeting_id WHERE agenda_items_fts MATCH ?"
    ),
    "notes": (
        "SELECT 'notes', m.id, m.relationship_id, m.id, " + _snippet("meetings_fts")
        + ", substr(m.starts_at, 1, 10), meetings_fts.rank, NULL, NULL"
        " FROM meetings_fts JOIN meetings m ON m.id = meetings_fts.rowid WHERE meetings_fts MATCH ?"
    ),
    "action": (
        "SELECT 'action', a.id, m.relationship_id, m.id, " + _snippet("actions_fts")
        + ", substr(m.starts_at, 1, 10), actions_fts.rank, NULL, NULL"
        " FROM actions_fts JOIN actions a ON a.id = actions_fts.rowid"
        " JOIN meetings m ON m.id = a.meeting_id WHERE actions_fts MATCH ?"
    ),
    "feedback": (
        "SELECT 'feedback', f.id, f.relationship_id, NULL, " + _snippet("feedback_fts") + ", f.date, feedback_fts.rank, NULL, NULL"
        " FROM feedback_fts JOIN feedback f ON f.id = feedback_fts.rowid WHERE feedback_fts MATCH ?"
    ),
    # Only the agreement in force: older versions live in its history.
    "agreement": (
        "SELECT 'agreement', a.id, a.relationship_id, NULL, " + _snippet("agreements_fts") + ", NULL, agreements_fts.rank, NULL, NULL"
        " FROM agreements_fts JOIN agreements a ON a.id = agreements_fts.rowid WHERE agreements_fts MATCH ?"
        " AND a.version = (SELECT max(version) FROM agreements WHERE relationship_id = a.relationship_id)"
    ),
    # Why the relationship, what I hope to learn (m008 and after).
    "profile": (
        "SELECT 'profile', r.id, r.id, NULL, " + _snippet("relationships_fts") + ", NULL, relationships_fts.rank,"
        " NULL, NULL FROM relationships_fts JOIN relationships r ON r.id = relationships_fts.rowid"
        " WHERE relationships_fts MATCH ?"
    ),
    # What a mentor learned from the mentee (m009 and after).
    "learning": (
        "SELECT 'learning', l.id, l.relationship_id, NULL, " + _snippet("learnings_fts") + ", l.date,"
        " learnings_fts.rank, NULL, NULL FROM learnings_fts JOIN learnings l ON l.id = learnings_fts.rowid"
        " WHERE learnings_fts MATCH ?"
    ),
    "candidate": (
        "SELECT 'candidate', c.id, c.relationship_id, NULL, " + _snippet("candidates_fts") + ", NULL,"
        " candidates_fts.rank, NULL, NULL FROM candidates_fts JOIN candidates c ON c.id = candidates_fts.rowid"
        " WHERE candidates_fts MATCH ?"
    ),
    "checklist": (
        "SELECT 'checklist', k.id, k.relationship_id, NULL, " + _snippet("checklist_fts")
        + ", substr(k.changed_at, 1, 10), checklist_fts.rank, k.practice, k.item"
        " FROM checklist_fts JOIN checklist k ON k.id = checklist_fts.rowid WHERE checklist_fts MATCH ?"
    ),
    "review": (
        "SELECT 'review', v.id, NULL, NULL, " + _snippet("reviews_fts")
        + ", substr(v.started_at, 1, 10), reviews_fts.rank, NULL, NULL"
        " FROM reviews_fts JOIN reviews v ON v.id = reviews_fts.rowid WHERE reviews_fts MATCH ?"
    ),
}



def _best_of_newest(kind: str, query: str) -> str:
    # The index's own row order (rowid) is the order rows were written: newest last.
    fts_table = _FTS_TABLE.search(query).group(1)
    newest = "SELECT * FROM (" + query + " ORDER BY " + fts_table + ".rowid DESC LIMIT ?)"
    return "SELECT * FROM (" + newest + " ORDER BY rank, id DESC LIMIT ?)"


# A candidate may belong to no relationship yet: LEFT JOIN, and no partner.
_SEARCH_SQL = (
    "SELECT hit.*, coalesce(r.partner, '') FROM ("
    + " UNION ALL ".join(_best_of_newest(kind, query) for kind, query in _KIND_QUERIES.items())
    + ") AS hit LEFT JOIN relationships r ON r.id = hit.relationship_id"
)


def _where_to_go(kind: str, row_id: int, meeting_id: int | None, practice: str | None, item: str | None) -> Ref:
    if kind == "goal":
        return GoalRef(row_id)
    if meeting_id is not None:  # notes, agenda items and actions show on their meeting
        return MeetingRef(meeting_id)
    if kind == "feedback":
        return FeedbackRef(row_id)
    if kind in ("profile", "learning"):
        return RelationshipRef()
    if kind == "candidate":
        return CandidateRef(row_id)
    if kind == "checklist":
        return PracticeRef(practice or "", item or None)
    if kind == "review":
        return ReviewRef(row_id)
    return AgreementRef()


def search(store: Store, text: str, *, limit: int = 30, relationship_id: int | None = None) -> list[Hit]:
    """The best hits for ``text`` across every relationship, ``relationship_id``'s first."""
    expression = match_expression(text)
    if expression is None:
        return []
    params: list[Any] = []
    for _kind in _KIND_QUERIES:
        params += [expression, NEWEST, PER_KIND]
    rows = store.conn.execute(_SEARCH_SQL, params).fetchall()
    # bm25 ranks (lower is better) are close enough across tables to interleave the kinds.
    rows.sort(key=lambda row: (row[2] != relationship_id, row[6]))
    hits = []
    for kind, row_id, rel_id, meeting_id, snippet, when, _rank, practice, item, partner in rows[:limit]:
        hits.append(
            Hit(
                kind=kind,
                id=row_id,
                relationship_id=rel_id,
                partner=partner,
                parts=split_snippet(snippet or ""),
                when=dt.date.fromisoformat(when) if when else None,
                ref=_where_to_go(kind, row_id, meeting_id, practice, item),
            )
        )
    return hits
