-- Indexes a large ingest dropped so it can build them once, by sorting, at its end: far cheaper
-- than inserting a million keys one at a time. An ingest that is killed leaves its rows here and
-- the next write builds them.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    sql  TEXT NOT NULL      -- the CREATE INDEX statement, as sqlite_schema had it
) WITHOUT ROWID;
