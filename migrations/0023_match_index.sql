-- The match index (`claimtrack match`; domain/match_index.rs): the checked claims' words as the
-- matcher reads them, kept so that a text is ranked without reading every claim. It is derived
-- data, not the record: nothing here is in the operation log, and it can be built again.
-- How many claims are indexed and their words in all, a stamp of the reader that read them (a
-- build that reads words otherwise builds the index again), and where the claims a large load
-- added begin: those checked wait too, unmarked (a load sets the insert trigger aside).
CREATE TABLE match_size (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    claims      INTEGER NOT NULL,
    words       INTEGER NOT NULL,
    reader      INTEGER NOT NULL,
    loaded_from INTEGER
);
INSERT INTO match_size VALUES (1, 0, 0, 0, NULL);
-- Each stemmed word: in how many indexed claims, and the postings of those offered (encoded).
CREATE TABLE match_terms (
    term     TEXT PRIMARY KEY,
    df       INTEGER NOT NULL,
    postings BLOB NOT NULL
) WITHOUT ROWID;
-- Each character n-gram (a 64-bit hash): in how many indexed claims.
CREATE TABLE match_grams (
    gram INTEGER PRIMARY KEY,
    df   INTEGER NOT NULL
);
-- Each indexed claim: its twin key (claims with the same words; the lowest id is offered).
CREATE TABLE match_docs (
    claim_id INTEGER PRIMARY KEY,
    key      INTEGER NOT NULL,
    offered  INTEGER NOT NULL
);
CREATE INDEX match_docs_key ON match_docs(key);
-- Claims to index again, marked by the triggers below whatever changed them (a command, undo,
-- a load, a copy) and taken by the next refresh: with the words and headline they had when
-- first changed since, which are those indexed (what to take out of the counts).
CREATE TABLE match_waiting (
    claim_id INTEGER PRIMARY KEY,
    text     TEXT,
    title    TEXT
);
INSERT INTO match_waiting (claim_id)
    SELECT id FROM claims WHERE status IN ('verified', 'disputed', 'unverifiable');

CREATE TRIGGER match_claim_insert AFTER INSERT ON claims
WHEN NEW.status IN ('verified', 'disputed', 'unverifiable')
BEGIN
    INSERT OR IGNORE INTO match_waiting (claim_id) VALUES (NEW.id);
END;
CREATE TRIGGER match_claim_update AFTER UPDATE OF text, review_title, status ON claims
WHEN (OLD.status IN ('verified', 'disputed', 'unverifiable')
      OR NEW.status IN ('verified', 'disputed', 'unverifiable'))
 AND (OLD.text IS NOT NEW.text OR OLD.review_title IS NOT NEW.review_title
      OR (OLD.status IN ('verified', 'disputed', 'unverifiable'))
         <> (NEW.status IN ('verified', 'disputed', 'unverifiable')))
BEGIN
    INSERT OR IGNORE INTO match_waiting VALUES (NEW.id, OLD.text, OLD.review_title);
END;
CREATE TRIGGER match_claim_delete AFTER DELETE ON claims
WHEN OLD.status IN ('verified', 'disputed', 'unverifiable')
BEGIN
    INSERT OR IGNORE INTO match_waiting VALUES (OLD.id, OLD.text, OLD.review_title);
END;
