"""The database schema, created and upgraded by sqlite-utils ``Migrations``.

A migration, once released, never changes: a new need is a new migration at the end.
Each migration ends by setting ``PRAGMA user_version`` to its own number, so the
version a file reports is the number of migrations applied to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

# "MNTR" in ASCII: marks a SQLite file as ours, so a foreign file is never taken for one.
APPLICATION_ID = 0x4D4E5452


class _Migration:
    """One registered migration, as sqlite-utils' ``Migrations`` reads it."""

    def __init__(self, name: str, fn: Callable[[Database], None], transactional: bool) -> None:
        self.name, self.fn, self.transactional = name, fn, transactional


class LazyMigrations:
    """Registers migrations like sqlite-utils' ``Migrations`` (``@MIGRATIONS()``), which is
    imported only to apply them: opening an up-to-date file needs their names alone, and
    importing sqlite-utils (with click and pluggy) cost ~40 ms before the first frame."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Any] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True) -> Callable:
        def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            if any(m.name == (name or fn.__name__) for m in self._migrations):
                raise ValueError(f"migration {name or fn.__name__} registered twice")
            self._migrations.append(_Migration(name or fn.__name__, fn, transactional))
            return fn

        return register

    def apply(self, db: Database, **options: Any) -> None:
        from sqlite_utils.migrations import Migrations

        migrations = Migrations(self.name)
        migrations._migrations = list(self._migrations)
        migrations.apply(db, **options)


MIGRATIONS = LazyMigrations("mentortui")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        PRAGMA application_id = 1296979026;

        CREATE TABLE relationships (
            id INTEGER PRIMARY KEY,
            partner TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
            started_on TEXT NOT NULL,
            end_on TEXT,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
            ended_on TEXT,
            why TEXT NOT NULL DEFAULT '',
            hope_to_learn TEXT NOT NULL DEFAULT '',
            stay_in_touch_months INTEGER NOT NULL DEFAULT 3,
            created_at TEXT NOT NULL
        );

        CREATE TABLE agreements (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            duration TEXT NOT NULL DEFAULT '',
            cadence TEXT NOT NULL DEFAULT '',
            cadence_start TEXT,
            modes TEXT NOT NULL DEFAULT '[]',
            my_responsibilities TEXT NOT NULL DEFAULT '',
            their_responsibilities TEXT NOT NULL DEFAULT '',
            my_expectations TEXT NOT NULL DEFAULT '',
            their_expectations TEXT NOT NULL DEFAULT '',
            revisit_on TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (relationship_id, version)
        );

        CREATE TABLE checklist (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            practice TEXT NOT NULL,
            item TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'doing', 'done')),
            note TEXT NOT NULL DEFAULT '',
            changed_at TEXT NOT NULL,
            UNIQUE (relationship_id, practice, item)
        );

        CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            horizon TEXT NOT NULL DEFAULT 'short' CHECK (horizon IN ('long', 'short', 'step')),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            owner TEXT NOT NULL DEFAULT 'mentee' CHECK (owner IN ('mentee', 'mentor', 'both')),
            progress INTEGER CHECK (progress BETWEEN 0 AND 100),
            due_on TEXT,
            before_next_meeting INTEGER NOT NULL DEFAULT 0,
            done_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX goals_by_parent ON goals (relationship_id, parent_id, position);
        CREATE INDEX goals_by_parent_id ON goals (parent_id);

        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            starts_at TEXT NOT NULL,
            mode TEXT NOT NULL DEFAULT 'video'
                CHECK (mode IN ('email', 'video', 'in-person', 'chat', 'phone')),
            status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX meetings_by_time ON meetings (relationship_id, starts_at);

        CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'topic'
                CHECK (kind IN ('topic', 'question', 'action', 'goal', 'advice', 'revisit')),
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,
            done INTEGER NOT NULL DEFAULT 0,
            carried_from INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL
        );
        CREATE INDEX agenda_by_meeting ON agenda_items (meeting_id, position);
        CREATE INDEX agenda_by_goal ON agenda_items (goal_id);
        CREATE INDEX agenda_by_origin ON agenda_items (carried_from);

        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            owner TEXT NOT NULL DEFAULT 'me' CHECK (owner IN ('me', 'partner')),
            text TEXT NOT NULL,
            due_on TEXT,
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,
            done_at TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX actions_by_meeting ON actions (meeting_id, done_at);
        CREATE INDEX actions_by_goal ON actions (goal_id);

        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('given', 'received')),
            kind TEXT NOT NULL
                CHECK (kind IN ('advice', 'praise', 'constructive', 'progress-update', 'thanks')),
            text TEXT NOT NULL,
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,
            rubric TEXT NOT NULL DEFAULT '[]',
            tried INTEGER CHECK (tried IN (0, 1)),
            result TEXT NOT NULL DEFAULT '',
            result_on TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX feedback_by_date ON feedback (relationship_id, date DESC, id DESC);
        CREATE INDEX feedback_by_goal ON feedback (goal_id);

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            week TEXT NOT NULL,
            step INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            completed_at TEXT,
            answers TEXT NOT NULL DEFAULT '{}',
            changes TEXT NOT NULL DEFAULT '[]',
            UNIQUE (relationship_id, week)
        );

        CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            score_goals INTEGER NOT NULL DEFAULT 0 CHECK (score_goals BETWEEN 0 AND 3),
            score_respected INTEGER NOT NULL DEFAULT 0 CHECK (score_respected BETWEEN 0 AND 3),
            score_network INTEGER NOT NULL DEFAULT 0 CHECK (score_network BETWEEN 0 AND 3),
            score_skills INTEGER NOT NULL DEFAULT 0 CHECK (score_skills BETWEEN 0 AND 3),
            relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        PRAGMA user_version = 1;
        """
    )


# What the full-text index covers now: table -> its searchable text columns (mentortui.data.search).
# The reviews' answers are indexed too, from their JSON (m008): see ``reviews_fts``.
SEARCHABLE = {
    "goals": ("title", "notes"),
    "agenda_items": ("text",),
    "meetings": ("notes",),
    "actions": ("text",),
    "feedback": ("text", "result"),
    "agreements": ("my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations",
                   "my_limits", "their_limits"),
    "relationships": ("why", "hope_to_learn"),
    "candidates": ("name", "notes"),
    "checklist": ("note",),
    "learnings": ("text",),
}


@MIGRATIONS()
def m002_search(db: Database) -> None:
    # One external-content FTS5 table per searchable table (``<table>_fts``), filled from the
    # rows already there and kept in step by triggers — undo and import included, since they
    # write the tables themselves. Accents are ignored: "reunion" finds "réunion".
    # The tables and columns as they were in this release (a migration never changes; a later
    # change to SEARCHABLE needs a migration of its own).
    indexed_in_v2 = {
        "goals": ("title", "notes"),
        "agenda_items": ("text",),
        "meetings": ("notes",),
        "actions": ("text",),
        "feedback": ("text", "result"),
        "agreements": ("my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations"),
    }
    for table, columns in indexed_in_v2.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    # The feedback log's filters, newest first within each (the log can hold 100k entries).
    db.executescript(
        """
        CREATE INDEX feedback_by_kind ON feedback (relationship_id, kind, date DESC, id DESC);
        CREATE INDEX feedback_by_direction ON feedback (relationship_id, direction, date DESC, id DESC);
        CREATE INDEX feedback_awaiting_result ON feedback (relationship_id, date DESC, id DESC)
            WHERE direction = 'received' AND kind = 'advice' AND result = '';
        DROP INDEX feedback_by_goal;
        CREATE INDEX feedback_by_goal ON feedback (goal_id, date DESC, id DESC);
        PRAGMA user_version = 2;
        """
    )


@MIGRATIONS()
def m003_clean_stored_text(db: Database) -> None:
    # Text stored before the store cleaned what it writes (escape sequences, control
    # characters but tab and newline, lone surrogates: ``safetext.clean_stored``) is
    # cleaned the same way, so no row written by an older version can act on a terminal.
    # The text columns as they were in this release; JSON columns are cleaned string by string.
    import json
    import sqlite3

    from mentortui.core.safetext import clean_stored

    text_in_v3 = {
        "relationships": ("partner", "why", "hope_to_learn"),
        "agreements": ("duration", "cadence", "my_responsibilities", "their_responsibilities",
                       "my_expectations", "their_expectations"),
        "checklist": ("practice", "item", "note"),
        "goals": ("title", "notes"),
        "meetings": ("notes",),
        "agenda_items": ("text",),
        "actions": ("text",),
        "feedback": ("text", "result"),
        "candidates": ("name", "notes"),
    }
    json_in_v3 = {"agreements": ("modes",), "feedback": ("rubric",), "reviews": ("answers", "changes")}

    def clean_json(value: object) -> object:
        if isinstance(value, str):
            return clean_stored(value)
        if isinstance(value, list):
            return [clean_json(element) for element in value]
        if isinstance(value, dict):
            return {clean_stored(str(key)): clean_json(element) for key, element in value.items()}
        return value

    def clean_json_text(text: str) -> str:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return clean_stored(text)
        cleaned = clean_json(value)
        return text if cleaned == value else json.dumps(cleaned, ensure_ascii=False, sort_keys=True)

    conn = db.conn
    for table in sorted(text_in_v3.keys() | json_in_v3.keys()):
        cleaners = {column: clean_stored for column in text_in_v3.get(table, ())}
        cleaners |= {column: clean_json_text for column in json_in_v3.get(table, ())}
        columns = list(cleaners)
        # Table and column names are this migration's own literals; values are parameters.
        for row in conn.execute("SELECT id, " + ", ".join(columns) + " FROM " + table).fetchall():
            changed = {
                column: cleaners[column](value)
                for column, value in zip(columns, row[1:])
                if isinstance(value, str) and cleaners[column](value) != value
            }
            if changed:
                assignments = ", ".join(column + " = ?" for column in changed)
                try:
                    conn.execute("UPDATE " + table + " SET " + assignments + " WHERE id = ?", [*changed.values(), row[0]])
                except sqlite3.IntegrityError:
                    pass  # the cleaned text would collide with a unique row: kept, shown cleaned

    for key, value in conn.execute("SELECT key, value FROM settings").fetchall():
        if clean_stored(key) != key or clean_stored(value) != value:
            conn.execute("DELETE FROM settings WHERE key = ?", [key])
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [clean_stored(key), clean_stored(value)])
    conn.execute("PRAGMA user_version = 3")


@MIGRATIONS()
def m004_meeting_revisions(db: Database) -> None:
    # What a calendar needs to take a meeting's changes (ICS SEQUENCE and LAST-MODIFIED),
    # kept by mentortui.data.revisions; and this workbook's own id, so its calendar UIDs
    # never clash with another workbook's.
    db.executescript(
        """
        ALTER TABLE meetings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE meetings ADD COLUMN modified_at TEXT;
        INSERT OR IGNORE INTO settings (key, value) VALUES ('workbook_id', lower(hex(randomblob(16))));
        PRAGMA user_version = 4;
        """
    )


@MIGRATIONS()
def m005_search_reindex_only_on_text(db: Database) -> None:
    # The full-text index's update triggers (m002) fired on an update of any column, so ticking
    # an agenda item, closing a goal or moving a meeting re-indexed its text. They now fire only
    # when an indexed column (or the row id) changes. The columns as they are in this release.
    indexed_in_v5 = {
        "goals": ("title", "notes"),
        "agenda_items": ("text",),
        "meetings": ("notes",),
        "actions": ("text",),
        "feedback": ("text", "result"),
        "agreements": ("my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations"),
    }
    statements = []
    for table, columns in indexed_in_v5.items():
        quoted = ", ".join('"' + column + '"' for column in columns)
        old = ", ".join('old."' + column + '"' for column in columns)
        new = ", ".join('new."' + column + '"' for column in columns)
        # Table and column names are this migration's own literals.
        statements.append(
            f'DROP TRIGGER IF EXISTS "{table}_au";\n'
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF "id", {quoted} ON "{table}" BEGIN\n'
            f'  INSERT INTO "{table}_fts" ("{table}_fts", rowid, {quoted}) VALUES(\'delete\', old.rowid, {old});\n'
            f'  INSERT INTO "{table}_fts" (rowid, {quoted}) VALUES (new.rowid, {new});\n'
            "END;"
        )
    db.executescript("\n".join(statements) + "\nPRAGMA user_version = 5;\n")


# Answers of a per-relationship review (schema 5) that are about the person, not one
# relationship: kept under their own key when reviews merge; the others are namespaced.
PERSON_ANSWERS = ("wins",)


def merge_week_reviews(rows: list[dict]) -> dict:
    """One person's review of a week from the per-relationship reviews of that week (schema
    5 rows, each with its ``relationship_id``): the rule of m006, and of importing an older
    backup. Answers about a relationship are keyed ``"<relationship id>:<key>"``, each change
    names its relationship; the review started with the first one, is completed only when
    all were (at the last completion) and resumes at the earliest step still to do."""
    rows = sorted(rows, key=lambda row: (row["relationship_id"], row["id"]))
    answers: dict = {}
    person: dict[str, list[str]] = {}
    changes: list = []
    for row in rows:
        for key, value in row["answers"].items():
            if key in PERSON_ANSWERS:
                if isinstance(value, str) and value.strip() and value not in person.get(key, []):
                    person.setdefault(key, []).append(value)
            else:
                answers[f"{row['relationship_id']}:{key}"] = value
        for change in row["changes"]:
            changes.append({**change, "relationship_id": row["relationship_id"]} if isinstance(change, dict) else change)
    answers |= {key: "\n".join(values) for key, values in person.items()}
    completed = [row["completed_at"] for row in rows]
    all_done = all(moment is not None for moment in completed)
    return {
        "id": min(row["id"] for row in rows),
        "week": rows[0]["week"],
        "step": max(row["step"] for row in rows) if all_done
        else min(row["step"] for row in rows if row["completed_at"] is None),
        "started_at": min(row["started_at"] for row in rows),
        "completed_at": max(completed) if all_done else None,
        "answers": answers,
        "changes": changes,
    }


@MIGRATIONS()
def m006_one_review_per_person_and_week(db: Database) -> None:
    # The weekly review belonged to a relationship (one per relationship and week): it now
    # belongs to the person, one a week, and walks every relationship inside its steps.
    # Each week's reviews merge into one (merge_week_reviews).
    import json

    columns = ("id", "relationship_id", "week", "step", "started_at", "completed_at", "answers", "changes")
    weeks: dict[str, list[dict]] = {}
    for values in db.conn.execute("SELECT " + ", ".join(columns) + " FROM reviews").fetchall():
        row = dict(zip(columns, values))
        for column, empty in (("answers", {}), ("changes", [])):
            try:
                row[column] = json.loads(row[column])
            except (ValueError, RecursionError):
                row[column] = empty
            if not isinstance(row[column], type(empty)):
                row[column] = empty
        weeks.setdefault(row["week"], []).append(row)
    db.executescript(
        """
        CREATE TABLE reviews_v6 (
            id INTEGER PRIMARY KEY,
            week TEXT NOT NULL UNIQUE,
            step INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            completed_at TEXT,
            answers TEXT NOT NULL DEFAULT '{}',
            changes TEXT NOT NULL DEFAULT '[]'
        );
        """
    )
    for rows in weeks.values():
        merged = merge_week_reviews(rows)
        db.conn.execute(
            "INSERT INTO reviews_v6 (id, week, step, started_at, completed_at, answers, changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [merged["id"], merged["week"], merged["step"], merged["started_at"], merged["completed_at"],
             json.dumps(merged["answers"], ensure_ascii=False, sort_keys=True),
             json.dumps(merged["changes"], ensure_ascii=False, sort_keys=True)],
        )
    db.executescript(
        """
        DROP TABLE reviews;
        ALTER TABLE reviews_v6 RENAME TO reviews;
        PRAGMA user_version = 6;
        """
    )


@MIGRATIONS()
def m007_agreement_revisions(db: Database) -> None:
    # Each version of the agreement says why it was made and on which day it was agreed
    # (asked when it is revised); versions made before have no reason and were agreed the
    # day they were written.
    db.executescript(
        """
        ALTER TABLE agreements ADD COLUMN reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE agreements ADD COLUMN agreed_on TEXT;
        UPDATE agreements SET agreed_on = substr(created_at, 1, 10);
        PRAGMA user_version = 7;
        """
    )


# The schema that added agreement reasons (this migration's place in the list): backups of
# an older one have none (mentortui.exchange.json_backup).
AGREEMENT_REVISIONS = len(MIGRATIONS._migrations)


def _text_index(db: Database, indexed: dict[str, tuple[str, ...]]) -> list[str]:
    """Index ``indexed`` (table -> its text columns, this migration's own literals) for search,
    as m005 left the first tables: an external-content table filled from the rows there, kept in
    step by triggers whose update trigger fires only when an indexed column (or the id) changes.
    Returns the statements that replace sqlite-utils' update trigger, for the caller's script."""
    statements = []
    for table, columns in indexed.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2")
        quoted = ", ".join('"' + column + '"' for column in columns)
        old = ", ".join('old."' + column + '"' for column in columns)
        new = ", ".join('new."' + column + '"' for column in columns)
        statements.append(
            f'DROP TRIGGER IF EXISTS "{table}_au";\n'
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF "id", {quoted} ON "{table}" BEGIN\n'
            f'  INSERT INTO "{table}_fts" ("{table}_fts", rowid, {quoted}) VALUES(\'delete\', old.rowid, {old});\n'
            f'  INSERT INTO "{table}_fts" (rowid, {quoted}) VALUES (new.rowid, {new});\n'
            "END;"
        )
    return statements


@MIGRATIONS()
def m008_search_all_user_text(db: Database) -> None:
    # Search finds every piece of text the user wrote: the relationship's profile, the mentor
    # candidates, the guide checklist's notes and the weekly reviews' answers join the index.
    # As in m002 and m005: external-content tables, filled from the rows already there, kept in
    # step by triggers; the update trigger fires only when an indexed column (or the id) changes.
    # The tables and columns as they are in this release.
    indexed_in_v8 = {
        "relationships": ("why", "hope_to_learn"),
        "candidates": ("name", "notes"),
        "checklist": ("note",),
    }
    statements = _text_index(db, indexed_in_v8)
    # A review's answers are one JSON object (a question's key -> what was typed): its index holds
    # the answers' text only, joined by newlines, so a question's key (``wins``) never matches.
    # FTS5 keeps its own copy of that text (snippets are cut from it). An answer that is not
    # valid JSON (a foreign file) is indexed as nothing rather than failing the write.
    answers_text = (
        "CASE WHEN json_valid({row}.answers) AND json_type({row}.answers) = 'object' THEN"
        " (SELECT group_concat(value, char(10)) FROM json_each({row}.answers) WHERE type = 'text')"
        " ELSE '' END"
    )
    statements.append(
        'CREATE VIRTUAL TABLE "reviews_fts" USING FTS5 (answers, tokenize=\'unicode61 remove_diacritics 2\');\n'
        f"INSERT INTO reviews_fts (rowid, answers) SELECT id, {answers_text.format(row='reviews')} FROM reviews;\n"
        'CREATE TRIGGER "reviews_ai" AFTER INSERT ON "reviews" BEGIN\n'
        f"  INSERT INTO reviews_fts (rowid, answers) VALUES (new.id, {answers_text.format(row='new')});\n"
        "END;\n"
        'CREATE TRIGGER "reviews_ad" AFTER DELETE ON "reviews" BEGIN\n'
        "  DELETE FROM reviews_fts WHERE rowid = old.id;\n"
        "END;\n"
        'CREATE TRIGGER "reviews_au" AFTER UPDATE OF "id", "answers" ON "reviews" BEGIN\n'
        "  DELETE FROM reviews_fts WHERE rowid = old.id;\n"
        f"  INSERT INTO reviews_fts (rowid, answers) VALUES (new.id, {answers_text.format(row='new')});\n"
        "END;"
    )
    db.executescript("\n".join(statements) + "\nPRAGMA user_version = 8;\n")


@MIGRATIONS()
def m009_guide_data(db: Database) -> None:
    # What the guide asks to act on, as data: each side's limits and availability are terms of
    # the agreement (searchable with its other text); an action made from a follow-up question
    # says so; what the mentor learned from the mentee is a dated log, searchable.
    db.executescript(
        """
        ALTER TABLE agreements ADD COLUMN my_limits TEXT NOT NULL DEFAULT '';
        ALTER TABLE agreements ADD COLUMN their_limits TEXT NOT NULL DEFAULT '';
        ALTER TABLE actions ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1));

        CREATE TABLE learnings (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX learnings_by_date ON learnings (relationship_id, date DESC, id DESC);

        DROP TRIGGER IF EXISTS "agreements_ai";
        DROP TRIGGER IF EXISTS "agreements_ad";
        DROP TRIGGER IF EXISTS "agreements_au";
        DROP TABLE IF EXISTS "agreements_fts";
        """
    )
    # As in m008: external-content tables filled from the rows there, kept in step by triggers
    # that re-index only when an indexed column (or the id) changes. This release's columns.
    indexed_in_v9 = {
        "agreements": ("my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations",
                       "my_limits", "their_limits"),
        "learnings": ("text",),
    }
    statements = _text_index(db, indexed_in_v9)
    db.executescript("\n".join(statements) + "\nPRAGMA user_version = 9;\n")


# The schema that added limits, follow-up actions and the learning log: backups of an older
# one have none (mentortui.exchange.json_backup).
GUIDE_DATA = len(MIGRATIONS._migrations)


@MIGRATIONS()
def m010_search_by_prefix(db: Database) -> None:
    # Every typed word is searched as a prefix ("mento" finds "mentoring"). Without a prefix
    # index FTS5 merges the entries of every word that starts so, across the whole index,
    # before it returns one row: at 100k feedback entries a word of one to three letters took
    # tens of milliseconds. The indexes are made again with prefix indexes of 1, 2 and 3
    # characters; same tables, columns and tokenizer. Their triggers (m002, m005, m008) name
    # the tables, so they write to the new ones unchanged. The tables as they are in this release.
    indexed_in_v10 = {
        "goals": ("title", "notes"),
        "agenda_items": ("text",),
        "meetings": ("notes",),
        "actions": ("text",),
        "feedback": ("text", "result"),
        "agreements": ("my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations",
                       "my_limits", "their_limits"),
        "relationships": ("why", "hope_to_learn"),
        "candidates": ("name", "notes"),
        "checklist": ("note",),
        "learnings": ("text",),
    }
    options = "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'"
    statements = []
    for table, columns in indexed_in_v10.items():
        quoted = ", ".join('"' + column + '"' for column in columns)
        # Table and column names are this migration's own literals.
        statements.append(
            f'DROP TABLE "{table}_fts";\n'
            f'CREATE VIRTUAL TABLE "{table}_fts" USING FTS5 ({quoted}, {options}, content="{table}");\n'
            f'INSERT INTO "{table}_fts" ("{table}_fts") VALUES (\'rebuild\');'
        )
    # The reviews' index keeps its own copy of the answers' text (m008): carried over as it is.
    statements.append(
        "CREATE TEMP TABLE reviews_text AS SELECT rowid AS id, answers FROM reviews_fts;\n"
        'DROP TABLE "reviews_fts";\n'
        f'CREATE VIRTUAL TABLE "reviews_fts" USING FTS5 (answers, {options});\n'
        "INSERT INTO reviews_fts (rowid, answers) SELECT id, answers FROM temp.reviews_text;\n"
        "DROP TABLE temp.reviews_text;"
    )
    db.executescript("\n".join(statements) + "\nPRAGMA user_version = 10;\n")


# The rows a mentor and a mentee both keep, each in their own workbook (mentortui.exchange.partner):
# each has a global id next to its integer one, so the two workbooks can name the same row.
SHARED_TABLES = ("relationships", "agreements", "goals", "meetings", "agenda_items", "actions", "feedback")

# A version-4 UUID made by SQLite: random bits, the version nibble 4 and the variant bits 10.
_UUID4_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'"
    " || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)


@MIGRATIONS()
def m011_partner_exchange(db: Database) -> None:
    # Partner exchange: a uid on every row the two workbooks share, given to the rows there and,
    # by a trigger, to every row written later by any path (forms, import, demo, undo keeps the
    # row's own); feedback and meeting notes are private unless marked shared; a pairing per
    # relationship with its key and the shared state. The tables as they are in this release.
    statements = []
    for table in ("relationships", "agreements", "goals", "meetings", "agenda_items", "actions", "feedback"):
        statements.append(
            f'ALTER TABLE "{table}" ADD COLUMN uid TEXT;\n'
            f'UPDATE "{table}" SET uid = {_UUID4_SQL};\n'
            f'CREATE UNIQUE INDEX "{table}_by_uid" ON "{table}" (uid);\n'
            f'CREATE TRIGGER "{table}_uid" AFTER INSERT ON "{table}" WHEN new.uid IS NULL BEGIN\n'
            f'  UPDATE "{table}" SET uid = {_UUID4_SQL} WHERE id = new.id;\n'
            "END;"
        )
    statements.append(
        """
        ALTER TABLE feedback ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));
        ALTER TABLE meetings ADD COLUMN notes_shared INTEGER NOT NULL DEFAULT 0 CHECK (notes_shared IN (0, 1));

        CREATE TABLE partner_links (
            id INTEGER PRIMARY KEY,  -- the undo journal follows rows by id
            relationship_id INTEGER NOT NULL UNIQUE REFERENCES relationships(id) ON DELETE CASCADE,
            secret BLOB NOT NULL,
            shared_state BLOB NOT NULL DEFAULT x'',
            partner_state BLOB NOT NULL DEFAULT x'',
            -- the shared state after the last update applied from the partner: what a lost edit is measured against
            base_state BLOB NOT NULL DEFAULT x'',
            accepted_at TEXT,
            last_sent_at TEXT,
            last_received_at TEXT,
            created_at TEXT NOT NULL,
            -- bumped by every export and import: undoing a merge once a file was exchanged since is refused
            exchanges INTEGER NOT NULL DEFAULT 0
        );
        PRAGMA user_version = 11;
        """
    )
    db.executescript("\n".join(statements))



# The rows the migrations write into a new file, as SQL that writes them again: m004 gives each
# workbook a random id (its calendar UIDs), so copying the row would give every new workbook
# the same one. tests/test_prepared_schema.py checks a new file has the same rows as a migrated one.
NEW_FILE_ROWS = ("INSERT INTO settings (key, value) VALUES ('workbook_id', lower(hex(randomblob(16))))",)


def prepared_schema_source(conn: Any) -> str:
    """The text of ``mentortui/data/prepared_schema.py`` for ``conn``, a file the migrations
    just made: its schema objects as SQL, in the order they were made (tables before what is
    built on them), less what SQLite makes by itself (the full-text tables' own tables,
    ``sqlite_sequence``, automatic indexes), then the rows of ``NEW_FILE_ROWS``, its
    application id and version.
    ``python -m mentortui.data.schema`` writes it; tests/test_prepared_schema.py checks it."""
    shadow = {row[1] for row in conn.execute("PRAGMA table_list") if row[2] == "shadow"}
    statements = [
        sql
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
        if name not in shadow and name != "sqlite_sequence"
    ]
    statements += NEW_FILE_ROWS
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    statements += [f"PRAGMA application_id = {application_id}", f"PRAGMA user_version = {user_version}"]
    applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    lines = [
        '"""The schema of a new workbook, as the migrations make it: a new file runs these statements',
        "instead of the migrations (mentortui.data.db). Written by ``python -m mentortui.data.schema``",
        "from a freshly migrated file, and checked against one by tests/test_prepared_schema.py: do",
        'not edit it; write it again after changing a migration."""',
        "",
        "MIGRATIONS = (",
        *(f"    {name!r}," for name in applied),
        ")",
        "",
        "STATEMENTS = (",
        *(f"    {_python_literal(statement)}," for statement in statements),
        ")",
        "",
    ]
    return "\n".join(lines)


def _python_literal(text: str) -> str:
    # Triple quotes keep a statement's lines as they are, for a readable diff; repr otherwise.
    if '"""' in text or "\\" in text or text.endswith('"'):
        return repr(text)
    return '"""' + text + '"""'


def migration_names() -> tuple[str, ...]:
    return tuple(m.name for m in MIGRATIONS._migrations)


def migration_number(name: str) -> int:
    """A migration's number, from its name (``m008_...`` -> 8)."""
    return int(name[1:4])


# The version the last migration sets. Migrations are numbered 1, 2, 3…: once they are all
# present this is their count.
SCHEMA_VERSION = migration_number(migration_names()[-1])


if __name__ == "__main__":
    # Writes mentortui/data/prepared_schema.py from a new database the migrations make.
    import sqlite3
    from pathlib import Path

    from mentortui.data.db import migrate

    made = sqlite3.connect(":memory:", isolation_level=None)
    made.execute("PRAGMA foreign_keys = ON")
    migrate(made, prepared=False)
    (Path(__file__).parent / "prepared_schema.py").write_text(prepared_schema_source(made), encoding="utf-8")
