-- Migration 0010 was edited after it had been released, so a database made by an early build of
-- it logs bulk loads differently: op_ranges without `tbl` and `after_change`, op_current with a
-- `floor`, and insert triggers that skip rows above that floor. This brings every database to the
-- layout the edited file gives (0010 itself is back as released; a test holds its checksum).
-- Ranges from the early layout were all of claims; the runner copies them back
-- (`level_operation_log`), placed after the changes made before their operation.
CREATE TEMP TABLE op_ranges_before AS SELECT * FROM op_ranges;
DROP TABLE op_ranges;
CREATE TABLE op_ranges (
    op_id        INTEGER NOT NULL REFERENCES operations(id),
    tbl          TEXT NOT NULL,
    first        INTEGER NOT NULL,
    last         INTEGER NOT NULL,
    after_change INTEGER NOT NULL
);
CREATE INDEX op_ranges_op ON op_ranges(op_id);
CREATE INDEX op_ranges_rows ON op_ranges(tbl, first, last);

DROP TABLE op_current;
CREATE TABLE op_current (
    op_id   INTEGER NOT NULL,
    undoing INTEGER NOT NULL DEFAULT 0
);

DROP TRIGGER op_appearances_insert;
DROP TRIGGER op_status_history_insert;
DROP TRIGGER op_notes_insert;
DROP TRIGGER op_evidence_insert;
DROP TRIGGER op_claim_tags_insert;
CREATE TRIGGER op_appearances_insert AFTER INSERT ON appearances
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'appearances', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'source_id', NEW.source_id, 'added_at', NEW.added_at)
      FROM op_current;
END;
CREATE TRIGGER op_status_history_insert AFTER INSERT ON status_history
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'status_history', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'from_status', NEW.from_status, 'to_status', NEW.to_status, 'verdict', NEW.verdict, 'verdict_label', NEW.verdict_label, 'reason', NEW.reason, 'actor', NEW.actor, 'at', NEW.at)
      FROM op_current;
END;
CREATE TRIGGER op_notes_insert AFTER INSERT ON notes
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'notes', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'text', NEW.text, 'author', NEW.author, 'created_at', NEW.created_at, 'follow_up_on', NEW.follow_up_on, 'done_at', NEW.done_at)
      FROM op_current;
END;
CREATE TRIGGER op_evidence_insert AFTER INSERT ON evidence
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'evidence', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'url', NEW.url, 'title', NEW.title, 'stance', NEW.stance, 'added_by', NEW.added_by, 'added_at', NEW.added_at)
      FROM op_current;
END;
CREATE TRIGGER op_claim_tags_insert AFTER INSERT ON claim_tags
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claim_tags', json_array(NEW.claim_id, NEW.tag), NEW.claim_id,
           NULL,
           json_object('claim_id', NEW.claim_id, 'tag', NEW.tag)
      FROM op_current;
END;
