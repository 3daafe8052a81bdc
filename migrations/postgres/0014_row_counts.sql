-- The counts `db info` prints, kept as rows change: counting them took 37 ms on 200,000 claims
-- and 120 ms on a million (a count reads every row). Each statement that inserts or deletes
-- rows of a counted table adds what it changed (its transition table, so a COPY of a thousand
-- rows costs one update, not a thousand); `outstanding` also follows status changes. `check`
-- compares them with the tables; `db vacuum` counts again.
CREATE TABLE claimtrack_counts (
    tbl TEXT PRIMARY KEY,
    n   BIGINT NOT NULL
);
INSERT INTO claimtrack_counts
    SELECT 'claims', count(*) FROM claims
    UNION ALL SELECT 'outstanding', count(*) FROM claims WHERE status IN ('unverified', 'in_review')
    UNION ALL SELECT 'speakers', count(*) FROM speakers
    UNION ALL SELECT 'sources', count(*) FROM sources
    UNION ALL SELECT 'appearances', count(*) FROM appearances
    UNION ALL SELECT 'notes', count(*) FROM notes
    UNION ALL SELECT 'evidence', count(*) FROM evidence;

CREATE FUNCTION claimtrack_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT count(*) INTO delta FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT -count(*) INTO delta FROM old_rows;
    ELSE
        UPDATE claimtrack_counts SET n = 0 WHERE tbl = TG_TABLE_NAME
            OR (TG_TABLE_NAME = 'claims' AND tbl = 'outstanding');
        RETURN NULL;
    END IF;
    IF delta <> 0 THEN
        UPDATE claimtrack_counts SET n = n + delta WHERE tbl = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;

-- The claims waiting for a check: those added and deleted, and those whose status moved in or
-- out of the queue.
CREATE FUNCTION claimtrack_count_outstanding() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta BIGINT := 0;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        delta := delta + (SELECT count(*) FROM new_rows
                           WHERE status IN ('unverified', 'in_review'));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        delta := delta - (SELECT count(*) FROM old_rows
                           WHERE status IN ('unverified', 'in_review'));
    END IF;
    IF delta <> 0 THEN
        UPDATE claimtrack_counts SET n = n + delta WHERE tbl = 'outstanding';
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['claims', 'speakers', 'sources', 'appearances', 'notes',
                             'evidence'] LOOP
        EXECUTE format('CREATE TRIGGER count_%s_insert AFTER INSERT ON %I
                            REFERENCING NEW TABLE AS new_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_count_rows()', t, t);
        EXECUTE format('CREATE TRIGGER count_%s_delete AFTER DELETE ON %I
                            REFERENCING OLD TABLE AS old_rows
                            FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_count_rows()', t, t);
        EXECUTE format('CREATE TRIGGER count_%s_truncate AFTER TRUNCATE ON %I
                            FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_count_rows()', t, t);
    END LOOP;
END $$;
CREATE TRIGGER count_outstanding_insert AFTER INSERT ON claims
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_count_outstanding();
CREATE TRIGGER count_outstanding_update AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_count_outstanding();
CREATE TRIGGER count_outstanding_delete AFTER DELETE ON claims
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_count_outstanding();
