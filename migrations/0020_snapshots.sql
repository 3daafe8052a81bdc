-- Copies of the pages a claim cites (its appearances' and evidence's URLs), fetched by
-- `claimtrack archive` and kept as WARC files in the archive folder. A row per fetch, failed
-- ones included; none is ever changed. Outside the operation log: undo cannot un-fetch a page.
CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    url          TEXT NOT NULL,           -- as the claim cites it
    fetched_at   TEXT NOT NULL,
    http_status  INTEGER,                 -- NULL: no response at all
    content_type TEXT,
    size         INTEGER,                 -- bytes of the body
    sha256       TEXT,                    -- lowercase hex of the body as fetched
    path         TEXT,                    -- the WARC file, relative to the archive folder
    error        TEXT,                    -- why the copy failed; NULL when it did not
    fetched_by   TEXT NOT NULL
);
CREATE INDEX snapshots_url ON snapshots(url, id);
CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are never changed'); END;
