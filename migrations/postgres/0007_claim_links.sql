-- A claim that repeats one already checked (SQLite's migration 17).
CREATE TABLE claim_links (
    id         BIGINT PRIMARY KEY,
    claim_id   BIGINT NOT NULL REFERENCES claims(id),
    repeats_id BIGINT NOT NULL REFERENCES claims(id),
    score      DOUBLE PRECISION,
    linked_by  TEXT NOT NULL,
    linked_at  TEXT NOT NULL,
    UNIQUE (claim_id, repeats_id),
    CHECK (claim_id <> repeats_id)
);
CREATE INDEX claim_links_repeats ON claim_links(repeats_id, claim_id);

CREATE FUNCTION claimtrack_claim_links_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM claim_links);
    RETURN NEW;
END $$;
CREATE TRIGGER claim_links_id BEFORE INSERT ON claim_links FOR EACH ROW WHEN (NEW.id IS NULL)
    EXECUTE FUNCTION claimtrack_claim_links_id();
CREATE TRIGGER op_claim_links AFTER INSERT OR UPDATE OR DELETE ON claim_links
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
