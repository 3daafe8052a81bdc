-- claimtrack on PostgreSQL: the schema SQLite reached at its migration 14, in one step.
-- Column names, and the text of times and dates ('2025-08-15', '2026-12-05T01:38:21Z'), are the
-- same as in SQLite, so both engines read and print alike. Ids are given as SQLite gives them,
-- the highest plus one (the *_id triggers at the end; writers take turns, see the store), so
-- both engines number alike, a copy keeps its ids, and a rolled-back write leaves no gap.
-- Append-only, like the SQLite migrations: add 0002_... for any change.



CREATE TABLE speakers (
    id           BIGINT PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL UNIQUE,
    role         TEXT,
    affiliation  TEXT,
    created_at   TEXT NOT NULL,
    role_guessed BIGINT NOT NULL DEFAULT 0 CHECK (role_guessed IN (0, 1))
);

CREATE TABLE speaker_aliases (
    alias_key  TEXT PRIMARY KEY,
    alias      TEXT NOT NULL,
    speaker_id BIGINT NOT NULL REFERENCES speakers(id)
);
CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);

CREATE TABLE sources (
    id           BIGINT PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    title        TEXT,
    url          TEXT UNIQUE,
    kind         TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'interview',
                 'broadcast', 'social_post', 'transcript', 'speech', 'document', 'other')),
    published_on TEXT,
    created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX sources_name_without_url ON sources(name_key) WHERE url IS NULL;

CREATE TABLE claims (
    id            BIGINT PRIMARY KEY,
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0),
    -- The 16-byte de-duplication hash, as upper-case hex (what SQLite's log shows of its blob).
    text_key      TEXT NOT NULL,
    speaker_id    BIGINT NOT NULL REFERENCES speakers(id),
    said_on       TEXT,
    context       TEXT,
    status        TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'in_review',
                  'verified', 'disputed', 'unverifiable')),
    verdict       TEXT CHECK (verdict IN ('true', 'mostly_true', 'mixed', 'mostly_false', 'false',
                  'fabricated')),
    verdict_label TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    priority      BIGINT,
    priority_by   TEXT,
    review_url    TEXT,
    assignee      TEXT,
    due_on        TEXT,
    -- The words of the claim (weight A) and of its speaker's name (B), kept by triggers below.
    search        TSVECTOR
);
CREATE UNIQUE INDEX claims_speaker_text ON claims(speaker_id, text_key);
CREATE INDEX claims_said_on ON claims(said_on);
CREATE INDEX claims_queue ON claims(priority DESC, id DESC) WHERE status IN ('unverified', 'in_review');
CREATE INDEX claims_speaker ON claims(speaker_id, id, status, verdict);
CREATE INDEX claims_speaker_queue ON claims(speaker_id, priority DESC, id DESC)
    WHERE status IN ('unverified', 'in_review');
CREATE INDEX claims_search ON claims USING GIN (search);
CREATE INDEX claims_assignee ON claims(assignee, id) WHERE assignee IS NOT NULL;
CREATE INDEX claims_due ON claims(due_on) WHERE due_on IS NOT NULL;

CREATE TABLE appearances (
    id        BIGINT PRIMARY KEY,
    claim_id  BIGINT NOT NULL REFERENCES claims(id),
    source_id BIGINT NOT NULL REFERENCES sources(id),
    added_at  TEXT NOT NULL,
    UNIQUE (claim_id, source_id)
);
CREATE INDEX appearances_source ON appearances(source_id, claim_id);

CREATE TABLE status_history (
    id            BIGINT PRIMARY KEY,
    claim_id      BIGINT NOT NULL REFERENCES claims(id),
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    verdict       TEXT,
    verdict_label TEXT,
    reason        TEXT,
    actor         TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX status_history_claim ON status_history(claim_id, id);

CREATE TABLE notes (
    id           BIGINT PRIMARY KEY,
    claim_id     BIGINT NOT NULL REFERENCES claims(id),
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
    id       BIGINT PRIMARY KEY,
    claim_id BIGINT NOT NULL REFERENCES claims(id),
    url      TEXT NOT NULL,
    title    TEXT,
    stance   TEXT NOT NULL DEFAULT 'context' CHECK (stance IN ('supports', 'refutes', 'context')),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (claim_id, url)
);

CREATE TABLE claim_tags (
    claim_id BIGINT NOT NULL REFERENCES claims(id),
    tag      TEXT NOT NULL,
    PRIMARY KEY (claim_id, tag)
);
CREATE INDEX claim_tags_tag ON claim_tags(tag, claim_id);

CREATE TABLE change_log (
    id         BIGINT PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    claim_id   BIGINT,
    speaker_id BIGINT,
    detail     TEXT NOT NULL DEFAULT '{}' CHECK (detail::jsonb IS NOT NULL)
);
CREATE INDEX change_log_claim ON change_log(claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX change_log_actor ON change_log(actor, id);

-- The operation log (see SQLite's migration 10). The operation a transaction belongs to is the
-- transaction-local setting claimtrack.op; the trigger below records every row it changes.
CREATE TABLE operations (
    id      BIGINT PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    command TEXT NOT NULL,
    summary TEXT NOT NULL,
    reverts BIGINT REFERENCES operations(id)
);
CREATE INDEX operations_actor ON operations(actor, id);
CREATE INDEX operations_reverts ON operations(reverts) WHERE reverts IS NOT NULL;

CREATE TABLE op_changes (
    id       BIGINT PRIMARY KEY,
    op_id    BIGINT NOT NULL REFERENCES operations(id),
    tbl      TEXT NOT NULL,
    row_key  TEXT NOT NULL,
    claim_id BIGINT,
    old      TEXT,
    new      TEXT
);
CREATE INDEX op_changes_op ON op_changes(op_id, id);
CREATE INDEX op_changes_row ON op_changes(tbl, row_key, op_id);
CREATE INDEX op_changes_claim ON op_changes(claim_id, op_id) WHERE claim_id IS NOT NULL;

CREATE TABLE op_ranges (
    -- The order ranges were recorded in (SQLite's rowid).
    id           BIGINT PRIMARY KEY,
    op_id        BIGINT NOT NULL REFERENCES operations(id),
    tbl          TEXT NOT NULL,
    first        BIGINT NOT NULL,
    last         BIGINT NOT NULL,
    after_change BIGINT NOT NULL
);
CREATE INDEX op_ranges_op ON op_ranges(op_id);
CREATE INDEX op_ranges_rows ON op_ranges(tbl, first, last);

CREATE FUNCTION claimtrack_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    op    BIGINT := nullif(current_setting('claimtrack.op', true), '')::BIGINT;
    old_row JSONB;
    new_row JSONB;
    any_row JSONB;
    row_key JSONB;
BEGIN
    IF op IS NULL THEN
        RETURN NULL;
    END IF;
    -- A large load records what it adds as id ranges (op_ranges), not a row each.
    IF TG_OP = 'INSERT' AND current_setting('claimtrack.bulk', true) = '1'
       AND TG_TABLE_NAME IN ('claims', 'appearances', 'notes', 'evidence', 'sources', 'speakers',
                             'status_history', 'claim_tags') THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_row := to_jsonb(OLD) - 'search';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_row := to_jsonb(NEW) - 'search';
    END IF;
    IF TG_OP = 'UPDATE' AND old_row = new_row THEN
        RETURN NULL;
    END IF;
    any_row := coalesce(new_row, old_row);
    row_key := CASE TG_TABLE_NAME
        WHEN 'speaker_aliases' THEN jsonb_build_array(any_row -> 'alias_key')
        WHEN 'claim_tags' THEN jsonb_build_array(any_row -> 'claim_id', any_row -> 'tag')
        ELSE jsonb_build_array(any_row -> 'id') END;
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    VALUES (op, TG_TABLE_NAME, row_key::TEXT,
            CASE WHEN TG_TABLE_NAME = 'claims' THEN (any_row ->> 'id')::BIGINT
                 WHEN TG_TABLE_NAME IN ('speakers', 'sources', 'speaker_aliases') THEN NULL
                 ELSE (any_row ->> 'claim_id')::BIGINT END,
            old_row::TEXT, new_row::TEXT);
    RETURN NULL;
END $$;

CREATE TRIGGER op_speakers AFTER INSERT OR UPDATE OR DELETE ON speakers
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_speaker_aliases AFTER INSERT OR UPDATE OR DELETE ON speaker_aliases
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_sources AFTER INSERT OR UPDATE OR DELETE ON sources
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_claims AFTER INSERT OR UPDATE OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_appearances AFTER INSERT OR UPDATE OR DELETE ON appearances
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_status_history AFTER INSERT OR UPDATE OR DELETE ON status_history
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_notes AFTER INSERT OR UPDATE OR DELETE ON notes
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_evidence AFTER INSERT OR UPDATE OR DELETE ON evidence
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();
CREATE TRIGGER op_claim_tags AFTER INSERT OR UPDATE OR DELETE ON claim_tags
    FOR EACH ROW EXECUTE FUNCTION claimtrack_log_change();

-- Status history is append-only; only an undo (claimtrack.undoing) or the removal of a deleted
-- claim takes rows away.
CREATE FUNCTION claimtrack_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.from_status, OLD.to_status, OLD.verdict, OLD.verdict_label,
                             OLD.reason, OLD.actor, OLD.at)
                   IS NOT DISTINCT FROM (NEW.from_status, NEW.to_status, NEW.verdict,
                                         NEW.verdict_label, NEW.reason, NEW.actor, NEW.at) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND (
           coalesce(current_setting('claimtrack.undoing', true), '') = '1'
        OR EXISTS (SELECT 1 FROM change_log WHERE action = 'delete' AND claim_id = OLD.claim_id)) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'status history is append-only';
END $$;
CREATE TRIGGER status_history_append_only BEFORE UPDATE OR DELETE ON status_history
    FOR EACH ROW EXECUTE FUNCTION claimtrack_history_append_only();

-- Search: a claim's words and its speaker's name, stemmed as English.
CREATE FUNCTION claimtrack_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := setweight(to_tsvector('english', NEW.text), 'A')
               || setweight(to_tsvector('english',
                      coalesce((SELECT name FROM speakers WHERE id = NEW.speaker_id), '')), 'B');
    RETURN NEW;
END $$;
CREATE TRIGGER claims_search BEFORE INSERT OR UPDATE OF text, speaker_id ON claims
    FOR EACH ROW EXECUTE FUNCTION claimtrack_claim_search();

CREATE FUNCTION claimtrack_speaker_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims SET text = text WHERE speaker_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER speakers_search AFTER UPDATE OF name ON speakers
    FOR EACH ROW EXECUTE FUNCTION claimtrack_speaker_renamed();

-- Ids, as above: one function per table, so each is a plan made once, not a query built per row.
CREATE FUNCTION claimtrack_speakers_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM speakers);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER speakers_id BEFORE INSERT ON speakers FOR EACH ROW EXECUTE FUNCTION claimtrack_speakers_id();
CREATE FUNCTION claimtrack_sources_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM sources);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER sources_id BEFORE INSERT ON sources FOR EACH ROW EXECUTE FUNCTION claimtrack_sources_id();
CREATE FUNCTION claimtrack_claims_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM claims);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_id BEFORE INSERT ON claims FOR EACH ROW EXECUTE FUNCTION claimtrack_claims_id();
CREATE FUNCTION claimtrack_appearances_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM appearances);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER appearances_id BEFORE INSERT ON appearances FOR EACH ROW EXECUTE FUNCTION claimtrack_appearances_id();
CREATE FUNCTION claimtrack_status_history_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM status_history);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER status_history_id BEFORE INSERT ON status_history FOR EACH ROW EXECUTE FUNCTION claimtrack_status_history_id();
CREATE FUNCTION claimtrack_notes_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM notes);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER notes_id BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION claimtrack_notes_id();
CREATE FUNCTION claimtrack_evidence_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM evidence);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER evidence_id BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION claimtrack_evidence_id();
CREATE FUNCTION claimtrack_change_log_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM change_log);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER change_log_id BEFORE INSERT ON change_log FOR EACH ROW EXECUTE FUNCTION claimtrack_change_log_id();
CREATE FUNCTION claimtrack_operations_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM operations);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER operations_id BEFORE INSERT ON operations FOR EACH ROW EXECUTE FUNCTION claimtrack_operations_id();
CREATE FUNCTION claimtrack_op_changes_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM op_changes);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER op_changes_id BEFORE INSERT ON op_changes FOR EACH ROW EXECUTE FUNCTION claimtrack_op_changes_id();
CREATE FUNCTION claimtrack_op_ranges_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM op_ranges);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER op_ranges_id BEFORE INSERT ON op_ranges FOR EACH ROW EXECUTE FUNCTION claimtrack_op_ranges_id();
