-- The operation log: every command that writes is one operation, and these triggers record
-- exactly what it changed, row by row, old and new values as JSON, so `undo` can put back every
-- field (empty ones included) and `redo` can bring back what an undo took away.
--
-- A command marks itself in `op_current` for the length of each write transaction; with no row
-- there (the sqlite3 shell, a migration) nothing is recorded. A bulk ingest sets `floor` to the
-- newest claim id before its batch: claims above it, and rows attached to them, were created by
-- the batch and are recorded as one id range in `op_ranges` instead of a row each, so the log
-- costs a million-claim load almost nothing. Other commands set `floor` to the largest integer.

CREATE TABLE operations (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    command  TEXT NOT NULL,           -- the command line as typed (arguments, not file contents)
    summary  TEXT NOT NULL,           -- 'dispute 2 claims', 'ingest a.csv: 17,636 added, 12 matched'
    reverts  INTEGER REFERENCES operations(id)   -- set on an undo or redo: the operation it reverted
);
CREATE INDEX operations_actor ON operations(actor, id);
CREATE INDEX operations_reverts ON operations(reverts) WHERE reverts IS NOT NULL;

-- One row per row changed: old is NULL for an insert, new is NULL for a delete. row_key is the
-- row's primary key as a JSON array; claim_id the claim the row belongs to, if any.
CREATE TABLE op_changes (
    id       INTEGER PRIMARY KEY,
    op_id    INTEGER NOT NULL REFERENCES operations(id),
    tbl      TEXT NOT NULL,
    row_key  TEXT NOT NULL,
    claim_id INTEGER,
    old      TEXT,
    new      TEXT
);
CREATE INDEX op_changes_op ON op_changes(op_id, id);
CREATE INDEX op_changes_row ON op_changes(tbl, row_key, op_id);
CREATE INDEX op_changes_claim ON op_changes(claim_id, op_id) WHERE claim_id IS NOT NULL;

-- Claims a bulk ingest created, first to last id inclusive, with everything attached to them.
CREATE TABLE op_ranges (
    op_id INTEGER NOT NULL REFERENCES operations(id),
    first INTEGER NOT NULL,
    last  INTEGER NOT NULL
);
CREATE INDEX op_ranges_op ON op_ranges(op_id);
CREATE INDEX op_ranges_claims ON op_ranges(first, last);

-- The operation under way, if any: at most one row, and only inside a write transaction.
CREATE TABLE op_current (
    op_id   INTEGER NOT NULL,
    floor   INTEGER NOT NULL,
    undoing INTEGER NOT NULL DEFAULT 0
);

-- An undo may take back the history rows of a claim it removes (they are kept in op_changes,
-- where a redo finds them); otherwise history stays append-only.
DROP TRIGGER status_history_no_delete;
CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE action = 'delete' AND claim_id = old.claim_id)
 AND NOT EXISTS (SELECT 1 FROM op_current WHERE undoing = 1)
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;

CREATE TRIGGER op_speakers_insert AFTER INSERT ON speakers
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(NEW.id), NULL,
           NULL,
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'role', NEW.role, 'affiliation', NEW.affiliation, 'created_at', NEW.created_at)
      FROM op_current;
END;
CREATE TRIGGER op_speakers_update AFTER UPDATE ON speakers
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.name_key IS NOT NEW.name_key OR OLD.role IS NOT NEW.role OR OLD.affiliation IS NOT NEW.affiliation OR OLD.created_at IS NOT NEW.created_at)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(NEW.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'role', OLD.role, 'affiliation', OLD.affiliation, 'created_at', OLD.created_at),
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'role', NEW.role, 'affiliation', NEW.affiliation, 'created_at', NEW.created_at)
      FROM op_current;
END;
CREATE TRIGGER op_speakers_delete AFTER DELETE ON speakers
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(OLD.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'role', OLD.role, 'affiliation', OLD.affiliation, 'created_at', OLD.created_at),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_speaker_aliases_insert AFTER INSERT ON speaker_aliases
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speaker_aliases', json_array(NEW.alias_key), NULL,
           NULL,
           json_object('alias_key', NEW.alias_key, 'alias', NEW.alias, 'speaker_id', NEW.speaker_id)
      FROM op_current;
END;
CREATE TRIGGER op_speaker_aliases_update AFTER UPDATE ON speaker_aliases
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.alias_key IS NOT NEW.alias_key OR OLD.alias IS NOT NEW.alias OR OLD.speaker_id IS NOT NEW.speaker_id)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speaker_aliases', json_array(NEW.alias_key), NULL,
           json_object('alias_key', OLD.alias_key, 'alias', OLD.alias, 'speaker_id', OLD.speaker_id),
           json_object('alias_key', NEW.alias_key, 'alias', NEW.alias, 'speaker_id', NEW.speaker_id)
      FROM op_current;
END;
CREATE TRIGGER op_speaker_aliases_delete AFTER DELETE ON speaker_aliases
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speaker_aliases', json_array(OLD.alias_key), NULL,
           json_object('alias_key', OLD.alias_key, 'alias', OLD.alias, 'speaker_id', OLD.speaker_id),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_sources_insert AFTER INSERT ON sources
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'sources', json_array(NEW.id), NULL,
           NULL,
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'title', NEW.title, 'url', NEW.url, 'kind', NEW.kind, 'published_on', NEW.published_on, 'created_at', NEW.created_at)
      FROM op_current;
END;
CREATE TRIGGER op_sources_update AFTER UPDATE ON sources
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.name_key IS NOT NEW.name_key OR OLD.title IS NOT NEW.title OR OLD.url IS NOT NEW.url OR OLD.kind IS NOT NEW.kind OR OLD.published_on IS NOT NEW.published_on OR OLD.created_at IS NOT NEW.created_at)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'sources', json_array(NEW.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'title', OLD.title, 'url', OLD.url, 'kind', OLD.kind, 'published_on', OLD.published_on, 'created_at', OLD.created_at),
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'title', NEW.title, 'url', NEW.url, 'kind', NEW.kind, 'published_on', NEW.published_on, 'created_at', NEW.created_at)
      FROM op_current;
END;
CREATE TRIGGER op_sources_delete AFTER DELETE ON sources
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'sources', json_array(OLD.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'title', OLD.title, 'url', OLD.url, 'kind', OLD.kind, 'published_on', OLD.published_on, 'created_at', OLD.created_at),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_claims_insert AFTER INSERT ON claims
WHEN NEW.id <= (SELECT floor FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claims', json_array(NEW.id), NEW.id,
           NULL,
           json_object('id', NEW.id, 'text', NEW.text, 'text_key', hex(NEW.text_key), 'speaker_id', NEW.speaker_id, 'said_on', NEW.said_on, 'context', NEW.context, 'status', NEW.status, 'verdict', NEW.verdict, 'verdict_label', NEW.verdict_label, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'priority', NEW.priority, 'priority_by', NEW.priority_by, 'review_url', NEW.review_url)
      FROM op_current;
END;
CREATE TRIGGER op_claims_update AFTER UPDATE ON claims
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.text IS NOT NEW.text OR OLD.text_key IS NOT NEW.text_key OR OLD.speaker_id IS NOT NEW.speaker_id OR OLD.said_on IS NOT NEW.said_on OR OLD.context IS NOT NEW.context OR OLD.status IS NOT NEW.status OR OLD.verdict IS NOT NEW.verdict OR OLD.verdict_label IS NOT NEW.verdict_label OR OLD.created_at IS NOT NEW.created_at OR OLD.updated_at IS NOT NEW.updated_at OR OLD.priority IS NOT NEW.priority OR OLD.priority_by IS NOT NEW.priority_by OR OLD.review_url IS NOT NEW.review_url)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claims', json_array(NEW.id), NEW.id,
           json_object('id', OLD.id, 'text', OLD.text, 'text_key', hex(OLD.text_key), 'speaker_id', OLD.speaker_id, 'said_on', OLD.said_on, 'context', OLD.context, 'status', OLD.status, 'verdict', OLD.verdict, 'verdict_label', OLD.verdict_label, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'priority', OLD.priority, 'priority_by', OLD.priority_by, 'review_url', OLD.review_url),
           json_object('id', NEW.id, 'text', NEW.text, 'text_key', hex(NEW.text_key), 'speaker_id', NEW.speaker_id, 'said_on', NEW.said_on, 'context', NEW.context, 'status', NEW.status, 'verdict', NEW.verdict, 'verdict_label', NEW.verdict_label, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'priority', NEW.priority, 'priority_by', NEW.priority_by, 'review_url', NEW.review_url)
      FROM op_current;
END;
CREATE TRIGGER op_claims_delete AFTER DELETE ON claims
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claims', json_array(OLD.id), OLD.id,
           json_object('id', OLD.id, 'text', OLD.text, 'text_key', hex(OLD.text_key), 'speaker_id', OLD.speaker_id, 'said_on', OLD.said_on, 'context', OLD.context, 'status', OLD.status, 'verdict', OLD.verdict, 'verdict_label', OLD.verdict_label, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'priority', OLD.priority, 'priority_by', OLD.priority_by, 'review_url', OLD.review_url),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_appearances_insert AFTER INSERT ON appearances
WHEN NEW.claim_id <= (SELECT floor FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'appearances', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'source_id', NEW.source_id, 'added_at', NEW.added_at)
      FROM op_current;
END;
CREATE TRIGGER op_appearances_update AFTER UPDATE ON appearances
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.claim_id IS NOT NEW.claim_id OR OLD.source_id IS NOT NEW.source_id OR OLD.added_at IS NOT NEW.added_at)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'appearances', json_array(NEW.id), NEW.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'source_id', OLD.source_id, 'added_at', OLD.added_at),
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'source_id', NEW.source_id, 'added_at', NEW.added_at)
      FROM op_current;
END;
CREATE TRIGGER op_appearances_delete AFTER DELETE ON appearances
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'appearances', json_array(OLD.id), OLD.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'source_id', OLD.source_id, 'added_at', OLD.added_at),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_status_history_insert AFTER INSERT ON status_history
WHEN NEW.claim_id <= (SELECT floor FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'status_history', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'from_status', NEW.from_status, 'to_status', NEW.to_status, 'verdict', NEW.verdict, 'verdict_label', NEW.verdict_label, 'reason', NEW.reason, 'actor', NEW.actor, 'at', NEW.at)
      FROM op_current;
END;
CREATE TRIGGER op_status_history_update AFTER UPDATE ON status_history
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.claim_id IS NOT NEW.claim_id OR OLD.from_status IS NOT NEW.from_status OR OLD.to_status IS NOT NEW.to_status OR OLD.verdict IS NOT NEW.verdict OR OLD.verdict_label IS NOT NEW.verdict_label OR OLD.reason IS NOT NEW.reason OR OLD.actor IS NOT NEW.actor OR OLD.at IS NOT NEW.at)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'status_history', json_array(NEW.id), NEW.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'from_status', OLD.from_status, 'to_status', OLD.to_status, 'verdict', OLD.verdict, 'verdict_label', OLD.verdict_label, 'reason', OLD.reason, 'actor', OLD.actor, 'at', OLD.at),
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'from_status', NEW.from_status, 'to_status', NEW.to_status, 'verdict', NEW.verdict, 'verdict_label', NEW.verdict_label, 'reason', NEW.reason, 'actor', NEW.actor, 'at', NEW.at)
      FROM op_current;
END;
CREATE TRIGGER op_status_history_delete AFTER DELETE ON status_history
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'status_history', json_array(OLD.id), OLD.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'from_status', OLD.from_status, 'to_status', OLD.to_status, 'verdict', OLD.verdict, 'verdict_label', OLD.verdict_label, 'reason', OLD.reason, 'actor', OLD.actor, 'at', OLD.at),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_notes_insert AFTER INSERT ON notes
WHEN NEW.claim_id <= (SELECT floor FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'notes', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'text', NEW.text, 'author', NEW.author, 'created_at', NEW.created_at, 'follow_up_on', NEW.follow_up_on, 'done_at', NEW.done_at)
      FROM op_current;
END;
CREATE TRIGGER op_notes_update AFTER UPDATE ON notes
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.claim_id IS NOT NEW.claim_id OR OLD.text IS NOT NEW.text OR OLD.author IS NOT NEW.author OR OLD.created_at IS NOT NEW.created_at OR OLD.follow_up_on IS NOT NEW.follow_up_on OR OLD.done_at IS NOT NEW.done_at)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'notes', json_array(NEW.id), NEW.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'text', OLD.text, 'author', OLD.author, 'created_at', OLD.created_at, 'follow_up_on', OLD.follow_up_on, 'done_at', OLD.done_at),
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'text', NEW.text, 'author', NEW.author, 'created_at', NEW.created_at, 'follow_up_on', NEW.follow_up_on, 'done_at', NEW.done_at)
      FROM op_current;
END;
CREATE TRIGGER op_notes_delete AFTER DELETE ON notes
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'notes', json_array(OLD.id), OLD.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'text', OLD.text, 'author', OLD.author, 'created_at', OLD.created_at, 'follow_up_on', OLD.follow_up_on, 'done_at', OLD.done_at),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_evidence_insert AFTER INSERT ON evidence
WHEN NEW.claim_id <= (SELECT floor FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'evidence', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'url', NEW.url, 'title', NEW.title, 'stance', NEW.stance, 'added_by', NEW.added_by, 'added_at', NEW.added_at)
      FROM op_current;
END;
CREATE TRIGGER op_evidence_update AFTER UPDATE ON evidence
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.claim_id IS NOT NEW.claim_id OR OLD.url IS NOT NEW.url OR OLD.title IS NOT NEW.title OR OLD.stance IS NOT NEW.stance OR OLD.added_by IS NOT NEW.added_by OR OLD.added_at IS NOT NEW.added_at)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'evidence', json_array(NEW.id), NEW.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'url', OLD.url, 'title', OLD.title, 'stance', OLD.stance, 'added_by', OLD.added_by, 'added_at', OLD.added_at),
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'url', NEW.url, 'title', NEW.title, 'stance', NEW.stance, 'added_by', NEW.added_by, 'added_at', NEW.added_at)
      FROM op_current;
END;
CREATE TRIGGER op_evidence_delete AFTER DELETE ON evidence
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'evidence', json_array(OLD.id), OLD.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'url', OLD.url, 'title', OLD.title, 'stance', OLD.stance, 'added_by', OLD.added_by, 'added_at', OLD.added_at),
           NULL
      FROM op_current;
END;
CREATE TRIGGER op_claim_tags_insert AFTER INSERT ON claim_tags
WHEN NEW.claim_id <= (SELECT floor FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claim_tags', json_array(NEW.claim_id, NEW.tag), NEW.claim_id,
           NULL,
           json_object('claim_id', NEW.claim_id, 'tag', NEW.tag)
      FROM op_current;
END;
CREATE TRIGGER op_claim_tags_update AFTER UPDATE ON claim_tags
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.claim_id IS NOT NEW.claim_id OR OLD.tag IS NOT NEW.tag)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claim_tags', json_array(NEW.claim_id, NEW.tag), NEW.claim_id,
           json_object('claim_id', OLD.claim_id, 'tag', OLD.tag),
           json_object('claim_id', NEW.claim_id, 'tag', NEW.tag)
      FROM op_current;
END;
CREATE TRIGGER op_claim_tags_delete AFTER DELETE ON claim_tags
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claim_tags', json_array(OLD.claim_id, OLD.tag), OLD.claim_id,
           json_object('claim_id', OLD.claim_id, 'tag', OLD.tag),
           NULL
      FROM op_current;
END;
