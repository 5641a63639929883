"""The schema of a new workbook, as the migrations make it: a new file runs these statements
instead of the migrations (mentortui.data.db). Written by ``python -m mentortui.data.schema``
from a freshly migrated file, and checked against one by tests/test_prepared_schema.py: do
not edit it; write it again after changing a migration."""

MIGRATIONS = (
    'm001_initial',
    'm002_search',
    'm003_clean_stored_text',
    'm004_meeting_revisions',
    'm005_search_reindex_only_on_text',
    'm006_one_review_per_person_and_week',
    'm007_agreement_revisions',
    'm008_search_all_user_text',
    'm009_guide_data',
    'm010_search_by_prefix',
    'm011_partner_exchange',
)

STATEMENTS = (
    """CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
)""",
    """CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name")""",
    """CREATE TABLE relationships (
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
        , uid TEXT)""",
    """CREATE TABLE agreements (
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
            created_at TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', agreed_on TEXT, my_limits TEXT NOT NULL DEFAULT '', their_limits TEXT NOT NULL DEFAULT '', uid TEXT,
            UNIQUE (relationship_id, version)
        )""",
    """CREATE TABLE checklist (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            practice TEXT NOT NULL,
            item TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'doing', 'done')),
            note TEXT NOT NULL DEFAULT '',
            changed_at TEXT NOT NULL,
            UNIQUE (relationship_id, practice, item)
        )""",
    """CREATE TABLE goals (
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
        , uid TEXT)""",
    """CREATE INDEX goals_by_parent ON goals (relationship_id, parent_id, position)""",
    """CREATE INDEX goals_by_parent_id ON goals (parent_id)""",
    """CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            starts_at TEXT NOT NULL,
            mode TEXT NOT NULL DEFAULT 'video'
                CHECK (mode IN ('email', 'video', 'in-person', 'chat', 'phone')),
            status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        , sequence INTEGER NOT NULL DEFAULT 0, modified_at TEXT, uid TEXT, notes_shared INTEGER NOT NULL DEFAULT 0 CHECK (notes_shared IN (0, 1)))""",
    """CREATE INDEX meetings_by_time ON meetings (relationship_id, starts_at)""",
    """CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'topic'
                CHECK (kind IN ('topic', 'question', 'action', 'goal', 'advice', 'revisit')),
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,
            done INTEGER NOT NULL DEFAULT 0,
            carried_from INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL
        , uid TEXT)""",
    """CREATE INDEX agenda_by_meeting ON agenda_items (meeting_id, position)""",
    """CREATE INDEX agenda_by_goal ON agenda_items (goal_id)""",
    """CREATE INDEX agenda_by_origin ON agenda_items (carried_from)""",
    """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            owner TEXT NOT NULL DEFAULT 'me' CHECK (owner IN ('me', 'partner')),
            text TEXT NOT NULL,
            due_on TEXT,
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,
            done_at TEXT,
            created_at TEXT NOT NULL
        , follow_up INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1)), uid TEXT)""",
    """CREATE INDEX actions_by_meeting ON actions (meeting_id, done_at)""",
    """CREATE INDEX actions_by_goal ON actions (goal_id)""",
    """CREATE TABLE feedback (
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
        , uid TEXT, shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)))""",
    """CREATE INDEX feedback_by_date ON feedback (relationship_id, date DESC, id DESC)""",
    """CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            score_goals INTEGER NOT NULL DEFAULT 0 CHECK (score_goals BETWEEN 0 AND 3),
            score_respected INTEGER NOT NULL DEFAULT 0 CHECK (score_respected BETWEEN 0 AND 3),
            score_network INTEGER NOT NULL DEFAULT 0 CHECK (score_network BETWEEN 0 AND 3),
            score_skills INTEGER NOT NULL DEFAULT 0 CHECK (score_skills BETWEEN 0 AND 3),
            relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        )""",
    """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    """CREATE TRIGGER "goals_ai" AFTER INSERT ON "goals" BEGIN
  INSERT INTO "goals_fts" (rowid, "title", "notes") VALUES (new.rowid, new."title", new."notes");
END""",
    """CREATE TRIGGER "goals_ad" AFTER DELETE ON "goals" BEGIN
  INSERT INTO "goals_fts" ("goals_fts", rowid, "title", "notes") VALUES('delete', old.rowid, old."title", old."notes");
END""",
    """CREATE TRIGGER "agenda_items_ai" AFTER INSERT ON "agenda_items" BEGIN
  INSERT INTO "agenda_items_fts" (rowid, "text") VALUES (new.rowid, new."text");
END""",
    """CREATE TRIGGER "agenda_items_ad" AFTER DELETE ON "agenda_items" BEGIN
  INSERT INTO "agenda_items_fts" ("agenda_items_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
END""",
    """CREATE TRIGGER "meetings_ai" AFTER INSERT ON "meetings" BEGIN
  INSERT INTO "meetings_fts" (rowid, "notes") VALUES (new.rowid, new."notes");
END""",
    """CREATE TRIGGER "meetings_ad" AFTER DELETE ON "meetings" BEGIN
  INSERT INTO "meetings_fts" ("meetings_fts", rowid, "notes") VALUES('delete', old.rowid, old."notes");
END""",
    """CREATE TRIGGER "actions_ai" AFTER INSERT ON "actions" BEGIN
  INSERT INTO "actions_fts" (rowid, "text") VALUES (new.rowid, new."text");
END""",
    """CREATE TRIGGER "actions_ad" AFTER DELETE ON "actions" BEGIN
  INSERT INTO "actions_fts" ("actions_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
END""",
    """CREATE TRIGGER "feedback_ai" AFTER INSERT ON "feedback" BEGIN
  INSERT INTO "feedback_fts" (rowid, "text", "result") VALUES (new.rowid, new."text", new."result");
END""",
    """CREATE TRIGGER "feedback_ad" AFTER DELETE ON "feedback" BEGIN
  INSERT INTO "feedback_fts" ("feedback_fts", rowid, "text", "result") VALUES('delete', old.rowid, old."text", old."result");
END""",
    """CREATE INDEX feedback_by_kind ON feedback (relationship_id, kind, date DESC, id DESC)""",
    """CREATE INDEX feedback_by_direction ON feedback (relationship_id, direction, date DESC, id DESC)""",
    """CREATE INDEX feedback_awaiting_result ON feedback (relationship_id, date DESC, id DESC)
            WHERE direction = 'received' AND kind = 'advice' AND result = ''""",
    """CREATE INDEX feedback_by_goal ON feedback (goal_id, date DESC, id DESC)""",
    """CREATE TRIGGER "goals_au" AFTER UPDATE OF "id", "title", "notes" ON "goals" BEGIN
  INSERT INTO "goals_fts" ("goals_fts", rowid, "title", "notes") VALUES('delete', old.rowid, old."title", old."notes");
  INSERT INTO "goals_fts" (rowid, "title", "notes") VALUES (new.rowid, new."title", new."notes");
END""",
    """CREATE TRIGGER "agenda_items_au" AFTER UPDATE OF "id", "text" ON "agenda_items" BEGIN
  INSERT INTO "agenda_items_fts" ("agenda_items_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
  INSERT INTO "agenda_items_fts" (rowid, "text") VALUES (new.rowid, new."text");
END""",
    """CREATE TRIGGER "meetings_au" AFTER UPDATE OF "id", "notes" ON "meetings" BEGIN
  INSERT INTO "meetings_fts" ("meetings_fts", rowid, "notes") VALUES('delete', old.rowid, old."notes");
  INSERT INTO "meetings_fts" (rowid, "notes") VALUES (new.rowid, new."notes");
END""",
    """CREATE TRIGGER "actions_au" AFTER UPDATE OF "id", "text" ON "actions" BEGIN
  INSERT INTO "actions_fts" ("actions_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
  INSERT INTO "actions_fts" (rowid, "text") VALUES (new.rowid, new."text");
END""",
    """CREATE TRIGGER "feedback_au" AFTER UPDATE OF "id", "text", "result" ON "feedback" BEGIN
  INSERT INTO "feedback_fts" ("feedback_fts", rowid, "text", "result") VALUES('delete', old.rowid, old."text", old."result");
  INSERT INTO "feedback_fts" (rowid, "text", "result") VALUES (new.rowid, new."text", new."result");
END""",
    """CREATE TABLE "reviews" (
            id INTEGER PRIMARY KEY,
            week TEXT NOT NULL UNIQUE,
            step INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            completed_at TEXT,
            answers TEXT NOT NULL DEFAULT '{}',
            changes TEXT NOT NULL DEFAULT '[]'
        )""",
    """CREATE TRIGGER "relationships_ai" AFTER INSERT ON "relationships" BEGIN
  INSERT INTO "relationships_fts" (rowid, "why", "hope_to_learn") VALUES (new.rowid, new."why", new."hope_to_learn");
END""",
    """CREATE TRIGGER "relationships_ad" AFTER DELETE ON "relationships" BEGIN
  INSERT INTO "relationships_fts" ("relationships_fts", rowid, "why", "hope_to_learn") VALUES('delete', old.rowid, old."why", old."hope_to_learn");
END""",
    """CREATE TRIGGER "candidates_ai" AFTER INSERT ON "candidates" BEGIN
  INSERT INTO "candidates_fts" (rowid, "name", "notes") VALUES (new.rowid, new."name", new."notes");
END""",
    """CREATE TRIGGER "candidates_ad" AFTER DELETE ON "candidates" BEGIN
  INSERT INTO "candidates_fts" ("candidates_fts", rowid, "name", "notes") VALUES('delete', old.rowid, old."name", old."notes");
END""",
    """CREATE TRIGGER "checklist_ai" AFTER INSERT ON "checklist" BEGIN
  INSERT INTO "checklist_fts" (rowid, "note") VALUES (new.rowid, new."note");
END""",
    """CREATE TRIGGER "checklist_ad" AFTER DELETE ON "checklist" BEGIN
  INSERT INTO "checklist_fts" ("checklist_fts", rowid, "note") VALUES('delete', old.rowid, old."note");
END""",
    """CREATE TRIGGER "relationships_au" AFTER UPDATE OF "id", "why", "hope_to_learn" ON "relationships" BEGIN
  INSERT INTO "relationships_fts" ("relationships_fts", rowid, "why", "hope_to_learn") VALUES('delete', old.rowid, old."why", old."hope_to_learn");
  INSERT INTO "relationships_fts" (rowid, "why", "hope_to_learn") VALUES (new.rowid, new."why", new."hope_to_learn");
END""",
    """CREATE TRIGGER "candidates_au" AFTER UPDATE OF "id", "name", "notes" ON "candidates" BEGIN
  INSERT INTO "candidates_fts" ("candidates_fts", rowid, "name", "notes") VALUES('delete', old.rowid, old."name", old."notes");
  INSERT INTO "candidates_fts" (rowid, "name", "notes") VALUES (new.rowid, new."name", new."notes");
END""",
    """CREATE TRIGGER "checklist_au" AFTER UPDATE OF "id", "note" ON "checklist" BEGIN
  INSERT INTO "checklist_fts" ("checklist_fts", rowid, "note") VALUES('delete', old.rowid, old."note");
  INSERT INTO "checklist_fts" (rowid, "note") VALUES (new.rowid, new."note");
END""",
    """CREATE TRIGGER "reviews_ai" AFTER INSERT ON "reviews" BEGIN
  INSERT INTO reviews_fts (rowid, answers) VALUES (new.id, CASE WHEN json_valid(new.answers) AND json_type(new.answers) = 'object' THEN (SELECT group_concat(value, char(10)) FROM json_each(new.answers) WHERE type = 'text') ELSE '' END);
END""",
    """CREATE TRIGGER "reviews_ad" AFTER DELETE ON "reviews" BEGIN
  DELETE FROM reviews_fts WHERE rowid = old.id;
END""",
    """CREATE TRIGGER "reviews_au" AFTER UPDATE OF "id", "answers" ON "reviews" BEGIN
  DELETE FROM reviews_fts WHERE rowid = old.id;
  INSERT INTO reviews_fts (rowid, answers) VALUES (new.id, CASE WHEN json_valid(new.answers) AND json_type(new.answers) = 'object' THEN (SELECT group_concat(value, char(10)) FROM json_each(new.answers) WHERE type = 'text') ELSE '' END);
END""",
    """CREATE TABLE learnings (
            id INTEGER PRIMARY KEY,
            relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    """CREATE INDEX learnings_by_date ON learnings (relationship_id, date DESC, id DESC)""",
    """CREATE TRIGGER "agreements_ai" AFTER INSERT ON "agreements" BEGIN
  INSERT INTO "agreements_fts" (rowid, "my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations", "my_limits", "their_limits") VALUES (new.rowid, new."my_responsibilities", new."their_responsibilities", new."my_expectations", new."their_expectations", new."my_limits", new."their_limits");
END""",
    """CREATE TRIGGER "agreements_ad" AFTER DELETE ON "agreements" BEGIN
  INSERT INTO "agreements_fts" ("agreements_fts", rowid, "my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations", "my_limits", "their_limits") VALUES('delete', old.rowid, old."my_responsibilities", old."their_responsibilities", old."my_expectations", old."their_expectations", old."my_limits", old."their_limits");
END""",
    """CREATE TRIGGER "learnings_ai" AFTER INSERT ON "learnings" BEGIN
  INSERT INTO "learnings_fts" (rowid, "text") VALUES (new.rowid, new."text");
END""",
    """CREATE TRIGGER "learnings_ad" AFTER DELETE ON "learnings" BEGIN
  INSERT INTO "learnings_fts" ("learnings_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
END""",
    """CREATE TRIGGER "agreements_au" AFTER UPDATE OF "id", "my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations", "my_limits", "their_limits" ON "agreements" BEGIN
  INSERT INTO "agreements_fts" ("agreements_fts", rowid, "my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations", "my_limits", "their_limits") VALUES('delete', old.rowid, old."my_responsibilities", old."their_responsibilities", old."my_expectations", old."their_expectations", old."my_limits", old."their_limits");
  INSERT INTO "agreements_fts" (rowid, "my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations", "my_limits", "their_limits") VALUES (new.rowid, new."my_responsibilities", new."their_responsibilities", new."my_expectations", new."their_expectations", new."my_limits", new."their_limits");
END""",
    """CREATE TRIGGER "learnings_au" AFTER UPDATE OF "id", "text" ON "learnings" BEGIN
  INSERT INTO "learnings_fts" ("learnings_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
  INSERT INTO "learnings_fts" (rowid, "text") VALUES (new.rowid, new."text");
END""",
    """CREATE VIRTUAL TABLE "goals_fts" USING FTS5 ("title", "notes", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="goals")""",
    """CREATE VIRTUAL TABLE "agenda_items_fts" USING FTS5 ("text", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="agenda_items")""",
    """CREATE VIRTUAL TABLE "meetings_fts" USING FTS5 ("notes", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="meetings")""",
    """CREATE VIRTUAL TABLE "actions_fts" USING FTS5 ("text", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="actions")""",
    """CREATE VIRTUAL TABLE "feedback_fts" USING FTS5 ("text", "result", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="feedback")""",
    """CREATE VIRTUAL TABLE "agreements_fts" USING FTS5 ("my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations", "my_limits", "their_limits", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="agreements")""",
    """CREATE VIRTUAL TABLE "relationships_fts" USING FTS5 ("why", "hope_to_learn", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="relationships")""",
    """CREATE VIRTUAL TABLE "candidates_fts" USING FTS5 ("name", "notes", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="candidates")""",
    """CREATE VIRTUAL TABLE "checklist_fts" USING FTS5 ("note", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="checklist")""",
    """CREATE VIRTUAL TABLE "learnings_fts" USING FTS5 ("text", tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', content="learnings")""",
    """CREATE VIRTUAL TABLE "reviews_fts" USING FTS5 (answers, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    """CREATE UNIQUE INDEX "relationships_by_uid" ON "relationships" (uid)""",
    """CREATE TRIGGER "relationships_uid" AFTER INSERT ON "relationships" WHEN new.uid IS NULL BEGIN
  UPDATE "relationships" SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = new.id;
END""",
    """CREATE UNIQUE INDEX "agreements_by_uid" ON "agreements" (uid)""",
    """CREATE TRIGGER "agreements_uid" AFTER INSERT ON "agreements" WHEN new.uid IS NULL BEGIN
  UPDATE "agreements" SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = new.id;
END""",
    """CREATE UNIQUE INDEX "goals_by_uid" ON "goals" (uid)""",
    """CREATE TRIGGER "goals_uid" AFTER INSERT ON "goals" WHEN new.uid IS NULL BEGIN
  UPDATE "goals" SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = new.id;
END""",
    """CREATE UNIQUE INDEX "meetings_by_uid" ON "meetings" (uid)""",
    """CREATE TRIGGER "meetings_uid" AFTER INSERT ON "meetings" WHEN new.uid IS NULL BEGIN
  UPDATE "meetings" SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = new.id;
END""",
    """CREATE UNIQUE INDEX "agenda_items_by_uid" ON "agenda_items" (uid)""",
    """CREATE TRIGGER "agenda_items_uid" AFTER INSERT ON "agenda_items" WHEN new.uid IS NULL BEGIN
  UPDATE "agenda_items" SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = new.id;
END""",
    """CREATE UNIQUE INDEX "actions_by_uid" ON "actions" (uid)""",
    """CREATE TRIGGER "actions_uid" AFTER INSERT ON "actions" WHEN new.uid IS NULL BEGIN
  UPDATE "actions" SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = new.id;
END""",
    """CREATE UNIQUE INDEX "feedback_by_uid" ON "feedback" (uid)""",
    """CREATE TRIGGER "feedback_uid" AFTER INSERT ON "feedback" WHEN new.uid IS NULL BEGIN
  UPDATE "feedback" SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = new.id;
END""",
    """CREATE TABLE partner_links (
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
        )""",
    """INSERT INTO settings (key, value) VALUES ('workbook_id', lower(hex(randomblob(16))))""",
    """PRAGMA application_id = 1296979026""",
    """PRAGMA user_version = 11""",
)
