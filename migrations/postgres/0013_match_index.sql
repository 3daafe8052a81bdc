-- The match index (SQLite's migration 23; what it holds: domain/match_index.rs): the checked
-- claims' words as the matcher reads them, kept so that a text is ranked without reading every
-- claim. Derived data, not the record: nothing here is in the operation log.
CREATE TABLE match_size (
    id     INT PRIMARY KEY CHECK (id = 1),
    claims BIGINT NOT NULL,
    words  BIGINT NOT NULL,
    reader BIGINT NOT NULL
);
INSERT INTO match_size VALUES (1, 0, 0, 0);
CREATE TABLE match_terms (
    term     TEXT PRIMARY KEY,
    df       BIGINT NOT NULL,
    postings BYTEA NOT NULL
);
CREATE TABLE match_grams (
    gram BIGINT PRIMARY KEY,
    df   BIGINT NOT NULL
);
CREATE TABLE match_docs (
    claim_id BIGINT PRIMARY KEY,
    key      BIGINT NOT NULL,
    offered  BOOLEAN NOT NULL
);
CREATE INDEX match_docs_key ON match_docs(key);
CREATE TABLE match_waiting (
    claim_id BIGINT PRIMARY KEY,
    text     TEXT,
    title    TEXT
);
INSERT INTO match_waiting (claim_id)
    SELECT id FROM claims WHERE status IN ('verified', 'disputed', 'unverifiable');

-- The words and headline a claim had when first changed since the last refresh: those indexed.
CREATE FUNCTION claimtrack_match_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO match_waiting (claim_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO match_waiting VALUES (OLD.id, OLD.text, OLD.review_title)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER match_claim_insert AFTER INSERT ON claims FOR EACH ROW
    WHEN (NEW.status IN ('verified', 'disputed', 'unverifiable'))
    EXECUTE FUNCTION claimtrack_match_waiting();
CREATE TRIGGER match_claim_update AFTER UPDATE OF text, review_title, status ON claims FOR EACH ROW
    WHEN ((OLD.status IN ('verified', 'disputed', 'unverifiable')
           OR NEW.status IN ('verified', 'disputed', 'unverifiable'))
      AND (OLD.text IS DISTINCT FROM NEW.text OR OLD.review_title IS DISTINCT FROM NEW.review_title
           OR (OLD.status IN ('verified', 'disputed', 'unverifiable'))
              <> (NEW.status IN ('verified', 'disputed', 'unverifiable'))))
    EXECUTE FUNCTION claimtrack_match_waiting();
CREATE TRIGGER match_claim_delete AFTER DELETE ON claims FOR EACH ROW
    WHEN (OLD.status IN ('verified', 'disputed', 'unverifiable'))
    EXECUTE FUNCTION claimtrack_match_waiting();
