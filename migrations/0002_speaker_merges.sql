-- Speaker merges and a log of changes that are not status changes.

-- When two speakers turn out to be one person, their identical claims merge: the history rows of
-- the merged claim move to the claim that stays. Their content still never changes.
DROP TRIGGER status_history_no_update;
CREATE TRIGGER status_history_no_update
BEFORE UPDATE OF from_status, to_status, verdict, verdict_label, reason, actor, at ON status_history
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;

-- What was done to speakers and claims besides status changes (merges, aliases), with the old
-- values in `detail` (JSON), so corrections can be traced and undone.
CREATE TABLE change_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,          -- 'speaker_alias', 'speaker_merge', ...
    claim_id   INTEGER,                -- no foreign key: the log outlives what it describes
    speaker_id INTEGER,
    detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
CREATE INDEX change_log_claim ON change_log(claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX change_log_actor ON change_log(actor, id);
