-- Copies of the pages a claim cites (see the SQLite migration 0020_snapshots.sql).
CREATE TABLE snapshots (
    id           BIGINT PRIMARY KEY,
    url          TEXT NOT NULL,
    fetched_at   TEXT NOT NULL,
    http_status  INTEGER,
    content_type TEXT,
    size         BIGINT,
    sha256       TEXT,
    path         TEXT,
    error        TEXT,
    fetched_by   TEXT NOT NULL
);
CREATE INDEX snapshots_url ON snapshots(url, id);

-- Ids as SQLite gives them (the next after the largest), so both engines number alike.
CREATE FUNCTION claimtrack_snapshots_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM snapshots);
    RETURN NEW;
END $$;
CREATE TRIGGER snapshots_id BEFORE INSERT ON snapshots FOR EACH ROW WHEN (NEW.id IS NULL)
    EXECUTE FUNCTION claimtrack_snapshots_id();

-- A fetch, once recorded, is never changed.
CREATE FUNCTION claimtrack_snapshots_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'snapshots are never changed';
END $$;
CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
    FOR EACH ROW EXECUTE FUNCTION claimtrack_snapshots_unchanged();
