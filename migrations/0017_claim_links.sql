-- A claim that repeats one already checked: linked by a checker, or by the matcher as it arrives
-- (linked_by 'match', with its score from 0 to 1). Either end's deletion takes the link.
CREATE TABLE claim_links (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims(id),
    repeats_id INTEGER NOT NULL REFERENCES claims(id),
    score      REAL,
    linked_by  TEXT NOT NULL,
    linked_at  TEXT NOT NULL,
    UNIQUE (claim_id, repeats_id),
    CHECK (claim_id <> repeats_id)
);
CREATE INDEX claim_links_repeats ON claim_links(repeats_id, claim_id);

CREATE TRIGGER op_claim_links_insert AFTER INSERT ON claim_links
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claim_links', json_array(NEW.id), NEW.claim_id,
           NULL,
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'repeats_id', NEW.repeats_id, 'score', NEW.score, 'linked_by', NEW.linked_by, 'linked_at', NEW.linked_at)
      FROM op_current;
END;
CREATE TRIGGER op_claim_links_update AFTER UPDATE ON claim_links
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claim_links', json_array(NEW.id), NEW.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'repeats_id', OLD.repeats_id, 'score', OLD.score, 'linked_by', OLD.linked_by, 'linked_at', OLD.linked_at),
           json_object('id', NEW.id, 'claim_id', NEW.claim_id, 'repeats_id', NEW.repeats_id, 'score', NEW.score, 'linked_by', NEW.linked_by, 'linked_at', NEW.linked_at)
      FROM op_current;
END;
CREATE TRIGGER op_claim_links_delete AFTER DELETE ON claim_links
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claim_links', json_array(OLD.id), OLD.claim_id,
           json_object('id', OLD.id, 'claim_id', OLD.claim_id, 'repeats_id', OLD.repeats_id, 'score', OLD.score, 'linked_by', OLD.linked_by, 'linked_at', OLD.linked_at),
           NULL
      FROM op_current;
END;
