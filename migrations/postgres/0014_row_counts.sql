-- The counts `db info` prints, kept as rows change: counting them took 37 ms on 200,000 claims
-- and 120 ms on a million (a count reads every row). Each statement that inserts or deletes
-- rows of a counted table adds a row with what it changed (read from its transition table, so a
-- COPY of a thousand rows adds one row), and a change of status in or out of the queue adds one
-- to `outstanding`. A count is the sum of its rows: rows are only ever added, so writers never
-- wait for each other here, and a transaction of many small statements does not update one row
-- over and over. Each claimtrack write folds them into one row a count before it commits;
-- `check` compares the sums with the tables, and `db vacuum` counts again.
CREATE TABLE claimtrack_counts (
    tbl TEXT NOT NULL,
    n   BIGINT NOT NULL
);

CREATE FUNCTION claimtrack_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT count(*) INTO delta FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT -count(*) INTO delta FROM old_rows;
    ELSE
        -- TRUNCATE: nothing is left.
        INSERT INTO claimtrack_counts
            SELECT tbl, -sum(n) FROM claimtrack_counts
             WHERE tbl = TG_TABLE_NAME OR (TG_TABLE_NAME = 'claims' AND tbl = 'outstanding')
             GROUP BY tbl;
        RETURN NULL;
    END IF;
    IF delta <> 0 THEN
        INSERT INTO claimtrack_counts VALUES (TG_TABLE_NAME, delta);
    END IF;
    IF TG_TABLE_NAME = 'claims' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT count(*) INTO delta FROM new_rows WHERE status IN ('unverified', 'in_review');
        ELSE
            SELECT -count(*) INTO delta FROM old_rows WHERE status IN ('unverified', 'in_review');
        END IF;
        IF delta <> 0 THEN
            INSERT INTO claimtrack_counts VALUES ('outstanding', delta);
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- A claim whose status moved in or out of the queue (row by row, and only when the status
-- changed: most updates of a claim cost nothing here).
CREATE FUNCTION claimtrack_count_outstanding() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claimtrack_counts VALUES ('outstanding',
        CASE WHEN NEW.status IN ('unverified', 'in_review') THEN 1 ELSE -1 END);
    RETURN NULL;
END $$;

-- The triggers first: making them waits for writers already under way and holds off new ones
-- until this step commits, so the counts below see every row and miss none.
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
CREATE TRIGGER count_outstanding_update AFTER UPDATE OF status ON claims FOR EACH ROW
    WHEN ((OLD.status IN ('unverified', 'in_review')) <> (NEW.status IN ('unverified', 'in_review')))
    EXECUTE FUNCTION claimtrack_count_outstanding();

INSERT INTO claimtrack_counts
    SELECT 'claims', count(*) FROM claims
    UNION ALL SELECT 'outstanding', count(*) FROM claims WHERE status IN ('unverified', 'in_review')
    UNION ALL SELECT 'speakers', count(*) FROM speakers
    UNION ALL SELECT 'sources', count(*) FROM sources
    UNION ALL SELECT 'appearances', count(*) FROM appearances
    UNION ALL SELECT 'notes', count(*) FROM notes
    UNION ALL SELECT 'evidence', count(*) FROM evidence;
