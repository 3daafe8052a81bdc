-- Full-text search over claim text and speaker names, and a check-worthiness priority per claim.

-- What the search index reads: each claim's text with its speaker's name.
CREATE VIEW claim_search_source AS
SELECT c.id AS id, c.text AS text, s.name AS speaker
  FROM claims c JOIN speakers s ON s.id = c.speaker_id;

-- External content: the index stores only the index; text is read back from the view for
-- highlights and snippets. Porter stemming lets 'ceasefires' find 'ceasefire'.
CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, speaker,
    content = 'claim_search_source', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');

-- Kept in sync on every update, delete and merge by these triggers. New claims are indexed by
-- claimtrack at the end of the transaction that adds them, all at once: an insert trigger would
-- make FTS5 flush a tiny segment per row, which makes bulk ingest several times slower.
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, (SELECT name FROM speakers WHERE id = old.speaker_id));
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF text, speaker_id ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, (SELECT name FROM speakers WHERE id = old.speaker_id));
    INSERT INTO claims_fts (rowid, text, speaker)
    VALUES (new.id, new.text, (SELECT name FROM speakers WHERE id = new.speaker_id));
END;
CREATE TRIGGER speakers_fts_rename AFTER UPDATE OF name ON speakers BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, speaker)
    SELECT 'delete', id, text, old.name FROM claims WHERE speaker_id = new.id;
    INSERT INTO claims_fts (rowid, text, speaker)
    SELECT id, text, new.name FROM claims WHERE speaker_id = new.id;
END;

-- Check-worthiness, 0-100: computed by claimtrack when a claim is added (NULL until then, filled
-- in by the program after this migration), or set by hand (priority_by names who).
ALTER TABLE claims ADD COLUMN priority INTEGER;
ALTER TABLE claims ADD COLUMN priority_by TEXT;

-- The review queue reads outstanding claims by priority, newest first within a priority.
CREATE INDEX claims_queue ON claims(priority DESC, id DESC)
    WHERE status IN ('unverified','in_review');

-- A speaker's claims newest first come from this index in order, and scorecards count a
-- speaker's claims by status and verdict from it alone.
DROP INDEX claims_status;
CREATE INDEX claims_speaker ON claims(speaker_id, id, status, verdict);

DROP VIEW outstanding_claims;
CREATE VIEW outstanding_claims AS
SELECT c.id,
       c.said_on,
       s.name AS speaker,
       c.text,
       c.status,
       c.verdict,
       c.priority,
       (SELECT so.name FROM appearances a JOIN sources so ON so.id = a.source_id
         WHERE a.claim_id = c.id ORDER BY a.id LIMIT 1) AS first_source,
       (SELECT min(n.follow_up_on) FROM notes n
         WHERE n.claim_id = c.id AND n.follow_up_on IS NOT NULL AND n.done_at IS NULL) AS next_follow_up,
       c.created_at,
       c.updated_at
  FROM claims c
  JOIN speakers s ON s.id = c.speaker_id
 WHERE c.status IN ('unverified','in_review')
 ORDER BY CASE WHEN next_follow_up < date('now', 'localtime') THEN next_follow_up END IS NULL,
          CASE WHEN next_follow_up < date('now', 'localtime') THEN next_follow_up END,
          c.priority DESC,
          c.id DESC;
