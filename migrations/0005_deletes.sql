-- Deleting a claim: its whole record (history included) is first kept as a tombstone in
-- change_log, so it can be restored with `undo`; only then may its history rows go.
DROP TRIGGER status_history_no_delete;
CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE action = 'delete' AND claim_id = old.claim_id)
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
