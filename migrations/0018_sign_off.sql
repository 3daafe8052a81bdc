-- Sign-off: a fact-check goes draft -> approved -> published (see src/domain/signoff.rs).
-- `stage` is NULL for a check never signed off (a draft once the claim is checked);
-- `explanation` is what the check found (ClaimReview's ratingExplanation); `review_author` is
-- who published a review imported from ClaimReview markup (NULL: the desk's own check).
ALTER TABLE claims ADD COLUMN explanation TEXT;
ALTER TABLE claims ADD COLUMN review_author TEXT;
-- Who last changed the finding (status, verdict, label or explanation): who may not approve it.
ALTER TABLE claims ADD COLUMN rated_by TEXT;
ALTER TABLE claims ADD COLUMN stage TEXT CHECK (stage = 'draft' OR stage = 'approved' OR stage = 'published');
ALTER TABLE claims ADD COLUMN approved_by TEXT;
ALTER TABLE claims ADD COLUMN published_on TEXT;

-- The operation log's claim triggers (migrations 0010, 0014, 0016) record the new columns too.
DROP TRIGGER op_claims_insert;
DROP TRIGGER op_claims_update;
DROP TRIGGER op_claims_delete;
CREATE TRIGGER op_claims_insert AFTER INSERT ON claims
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claims', json_array(NEW.id), NEW.id,
           NULL,
           json_object('id', NEW.id, 'text', NEW.text, 'text_key', hex(NEW.text_key), 'speaker_id', NEW.speaker_id, 'said_on', NEW.said_on, 'context', NEW.context, 'status', NEW.status, 'verdict', NEW.verdict, 'verdict_label', NEW.verdict_label, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'priority', NEW.priority, 'priority_by', NEW.priority_by, 'review_url', NEW.review_url, 'assignee', NEW.assignee, 'due_on', NEW.due_on, 'review_title', NEW.review_title, 'explanation', NEW.explanation, 'stage', NEW.stage, 'approved_by', NEW.approved_by, 'published_on', NEW.published_on, 'review_author', NEW.review_author, 'rated_by', NEW.rated_by)
      FROM op_current;
END;
CREATE TRIGGER op_claims_update AFTER UPDATE ON claims
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.text IS NOT NEW.text OR OLD.text_key IS NOT NEW.text_key OR OLD.speaker_id IS NOT NEW.speaker_id OR OLD.said_on IS NOT NEW.said_on OR OLD.context IS NOT NEW.context OR OLD.status IS NOT NEW.status OR OLD.verdict IS NOT NEW.verdict OR OLD.verdict_label IS NOT NEW.verdict_label OR OLD.created_at IS NOT NEW.created_at OR OLD.updated_at IS NOT NEW.updated_at OR OLD.priority IS NOT NEW.priority OR OLD.priority_by IS NOT NEW.priority_by OR OLD.review_url IS NOT NEW.review_url OR OLD.assignee IS NOT NEW.assignee OR OLD.due_on IS NOT NEW.due_on OR OLD.review_title IS NOT NEW.review_title OR OLD.explanation IS NOT NEW.explanation OR OLD.stage IS NOT NEW.stage OR OLD.approved_by IS NOT NEW.approved_by OR OLD.published_on IS NOT NEW.published_on OR OLD.review_author IS NOT NEW.review_author OR OLD.rated_by IS NOT NEW.rated_by)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claims', json_array(NEW.id), NEW.id,
           json_object('id', OLD.id, 'text', OLD.text, 'text_key', hex(OLD.text_key), 'speaker_id', OLD.speaker_id, 'said_on', OLD.said_on, 'context', OLD.context, 'status', OLD.status, 'verdict', OLD.verdict, 'verdict_label', OLD.verdict_label, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'priority', OLD.priority, 'priority_by', OLD.priority_by, 'review_url', OLD.review_url, 'assignee', OLD.assignee, 'due_on', OLD.due_on, 'review_title', OLD.review_title, 'explanation', OLD.explanation, 'stage', OLD.stage, 'approved_by', OLD.approved_by, 'published_on', OLD.published_on, 'review_author', OLD.review_author, 'rated_by', OLD.rated_by),
           json_object('id', NEW.id, 'text', NEW.text, 'text_key', hex(NEW.text_key), 'speaker_id', NEW.speaker_id, 'said_on', NEW.said_on, 'context', NEW.context, 'status', NEW.status, 'verdict', NEW.verdict, 'verdict_label', NEW.verdict_label, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'priority', NEW.priority, 'priority_by', NEW.priority_by, 'review_url', NEW.review_url, 'assignee', NEW.assignee, 'due_on', NEW.due_on, 'review_title', NEW.review_title, 'explanation', NEW.explanation, 'stage', NEW.stage, 'approved_by', NEW.approved_by, 'published_on', NEW.published_on, 'review_author', NEW.review_author, 'rated_by', NEW.rated_by)
      FROM op_current;
END;
CREATE TRIGGER op_claims_delete AFTER DELETE ON claims
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'claims', json_array(OLD.id), OLD.id,
           json_object('id', OLD.id, 'text', OLD.text, 'text_key', hex(OLD.text_key), 'speaker_id', OLD.speaker_id, 'said_on', OLD.said_on, 'context', OLD.context, 'status', OLD.status, 'verdict', OLD.verdict, 'verdict_label', OLD.verdict_label, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'priority', OLD.priority, 'priority_by', OLD.priority_by, 'review_url', OLD.review_url, 'assignee', OLD.assignee, 'due_on', OLD.due_on, 'review_title', OLD.review_title, 'explanation', OLD.explanation, 'stage', OLD.stage, 'approved_by', OLD.approved_by, 'published_on', OLD.published_on, 'review_author', OLD.review_author, 'rated_by', OLD.rated_by),
           NULL
      FROM op_current;
END;

-- A speaker's kind (person, organisation, group, unknown; NULL: not said, guessed from the name
-- when needed): ClaimReview types a claimant Person or Organization by it.
ALTER TABLE speakers ADD COLUMN kind TEXT
    CHECK (kind = 'person' OR kind = 'organisation' OR kind = 'group' OR kind = 'unknown');

-- The operation log's speaker triggers (migrations 0010, 0013) record it too.
DROP TRIGGER op_speakers_insert;
DROP TRIGGER op_speakers_update;
DROP TRIGGER op_speakers_delete;
CREATE TRIGGER op_speakers_insert AFTER INSERT ON speakers
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(NEW.id), NULL,
           NULL,
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'role', NEW.role, 'affiliation', NEW.affiliation, 'created_at', NEW.created_at, 'role_guessed', NEW.role_guessed, 'kind', NEW.kind)
      FROM op_current;
END;
CREATE TRIGGER op_speakers_update AFTER UPDATE ON speakers
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.name_key IS NOT NEW.name_key OR OLD.role IS NOT NEW.role OR OLD.affiliation IS NOT NEW.affiliation OR OLD.created_at IS NOT NEW.created_at OR OLD.role_guessed IS NOT NEW.role_guessed OR OLD.kind IS NOT NEW.kind)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(NEW.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'role', OLD.role, 'affiliation', OLD.affiliation, 'created_at', OLD.created_at, 'role_guessed', OLD.role_guessed, 'kind', OLD.kind),
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'role', NEW.role, 'affiliation', NEW.affiliation, 'created_at', NEW.created_at, 'role_guessed', NEW.role_guessed, 'kind', NEW.kind)
      FROM op_current;
END;
CREATE TRIGGER op_speakers_delete AFTER DELETE ON speakers
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(OLD.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'role', OLD.role, 'affiliation', OLD.affiliation, 'created_at', OLD.created_at, 'role_guessed', OLD.role_guessed, 'kind', OLD.kind),
           NULL
      FROM op_current;
END;
