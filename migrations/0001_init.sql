-- claimtrack schema, version 1. Append-only: later changes go in 0002_..., never here.
-- Dates said/published/due are 'YYYY-MM-DD'; timestamps are UTC RFC 3339 ('2025-08-15T21:04:05Z').
-- Word checks are written as OR chains: SQLite builds a temporary index for an IN list on every
-- insert, which costs more than the insert itself.

-- People (and organisations) who make claims.
CREATE TABLE speakers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,   -- lower case, no accents or dots: the lookup key
    role        TEXT,                   -- title or position: 'U.S. President'
    affiliation TEXT,                   -- party, employer: 'Atlantic Council'
    created_at  TEXT NOT NULL
);

-- Other names a speaker goes by ('Trump', 'President Trump').
CREATE TABLE speaker_aliases (
    alias_key  TEXT PRIMARY KEY,
    alias      TEXT NOT NULL,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id)
) WITHOUT ROWID;
CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);

-- Where claims appeared: an outlet, or one article/post/interview of it when a URL is known.
CREATE TABLE sources (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,          -- outlet: 'Al Jazeera'
    name_key     TEXT NOT NULL,
    title        TEXT,
    url          TEXT UNIQUE,
    kind         TEXT NOT NULL DEFAULT 'article' CHECK (kind = 'article' OR kind = 'interview' OR kind = 'broadcast' OR kind = 'social_post' OR kind = 'transcript' OR kind = 'speech' OR kind = 'document' OR kind = 'other'),
    published_on TEXT,
    created_at   TEXT NOT NULL
);
-- A source without a URL is identified by its name alone.
CREATE UNIQUE INDEX sources_name_without_url ON sources(name_key) WHERE url IS NULL;

CREATE TABLE claims (
    id            INTEGER PRIMARY KEY,
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0),
    text_key      BLOB NOT NULL,         -- 16-byte hash of the normalised text, for de-duplication
    speaker_id    INTEGER NOT NULL REFERENCES speakers(id),
    said_on       TEXT,
    context       TEXT,                  -- 'on Fox News', 'on Telegram'
    status        TEXT NOT NULL DEFAULT 'unverified' CHECK (status = 'unverified' OR status = 'in_review' OR status = 'verified' OR status = 'disputed' OR status = 'unverifiable'),
    verdict       TEXT CHECK (verdict = 'true' OR verdict = 'mostly_true' OR verdict = 'mixed' OR verdict = 'mostly_false' OR verdict = 'false' OR verdict = 'fabricated'),
    verdict_label TEXT,                  -- the publisher's own words: 'Pants on Fire'
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
-- The same words from the same speaker are one claim.
CREATE UNIQUE INDEX claims_speaker_text ON claims(speaker_id, text_key);
CREATE INDEX claims_said_on ON claims(said_on);
CREATE INDEX claims_status ON claims(status);

-- Claim <-> source, many to many. The lowest id is the first appearance.
CREATE TABLE appearances (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER NOT NULL REFERENCES claims(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    added_at  TEXT NOT NULL,
    UNIQUE (claim_id, source_id)
);
CREATE INDEX appearances_source ON appearances(source_id, claim_id);

-- Every status change, including the first; never updated or deleted.
CREATE TABLE status_history (
    id            INTEGER PRIMARY KEY,
    claim_id      INTEGER NOT NULL REFERENCES claims(id),
    from_status   TEXT,                  -- NULL when the claim was created
    to_status     TEXT NOT NULL,
    verdict       TEXT,
    verdict_label TEXT,
    reason        TEXT,
    actor         TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX status_history_claim ON status_history(claim_id, id);
CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;

-- Remarks and follow-ups; a follow-up is open until done_at is set.
CREATE TABLE notes (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims(id),
    text         TEXT NOT NULL,
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    follow_up_on TEXT,
    done_at      TEXT
);
CREATE INDEX notes_claim ON notes(claim_id);
CREATE INDEX notes_open_follow_ups ON notes(follow_up_on, claim_id)
    WHERE follow_up_on IS NOT NULL AND done_at IS NULL;

CREATE TABLE evidence (
    id       INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    url      TEXT NOT NULL,
    title    TEXT,
    stance   TEXT NOT NULL DEFAULT 'context' CHECK (stance = 'supports' OR stance = 'refutes' OR stance = 'context'),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (claim_id, url)
);

-- Tags are stored normalised: lower case, no leading '#'.
CREATE TABLE claim_tags (
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    tag      TEXT NOT NULL,
    PRIMARY KEY (claim_id, tag)
) WITHOUT ROWID;
CREATE INDEX claim_tags_tag ON claim_tags(tag, claim_id);

-- The review queue as the CLI shows it, for sqlite3 and Datasette users: overdue follow-ups
-- first (oldest due first), then newest.
CREATE VIEW outstanding_claims AS
SELECT c.id,
       c.said_on,
       s.name AS speaker,
       c.text,
       c.status,
       c.verdict,
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
          c.id DESC;
