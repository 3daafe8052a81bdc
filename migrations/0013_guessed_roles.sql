-- A role the article extractor guessed ("his colleague") is marked as such, so a role given in a
-- record or on the command line replaces it; a role someone gave stays until someone changes it.
-- Roles from before this migration count as given: which were guessed is not known.
ALTER TABLE speakers ADD COLUMN role_guessed INTEGER NOT NULL DEFAULT 0
    CHECK (role_guessed = 0 OR role_guessed = 1);

-- The operation log's speaker triggers (migration 0010) record the new column too.
DROP TRIGGER op_speakers_insert;
DROP TRIGGER op_speakers_update;
DROP TRIGGER op_speakers_delete;
CREATE TRIGGER op_speakers_insert AFTER INSERT ON speakers
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(NEW.id), NULL,
           NULL,
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'role', NEW.role, 'affiliation', NEW.affiliation, 'created_at', NEW.created_at, 'role_guessed', NEW.role_guessed)
      FROM op_current;
END;
CREATE TRIGGER op_speakers_update AFTER UPDATE ON speakers
WHEN EXISTS (SELECT 1 FROM op_current) AND (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.name_key IS NOT NEW.name_key OR OLD.role IS NOT NEW.role OR OLD.affiliation IS NOT NEW.affiliation OR OLD.created_at IS NOT NEW.created_at OR OLD.role_guessed IS NOT NEW.role_guessed)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(NEW.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'role', OLD.role, 'affiliation', OLD.affiliation, 'created_at', OLD.created_at, 'role_guessed', OLD.role_guessed),
           json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'role', NEW.role, 'affiliation', NEW.affiliation, 'created_at', NEW.created_at, 'role_guessed', NEW.role_guessed)
      FROM op_current;
END;
CREATE TRIGGER op_speakers_delete AFTER DELETE ON speakers
WHEN EXISTS (SELECT 1 FROM op_current)
BEGIN
    INSERT INTO op_changes (op_id, tbl, row_key, claim_id, old, new)
    SELECT op_id, 'speakers', json_array(OLD.id), NULL,
           json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'role', OLD.role, 'affiliation', OLD.affiliation, 'created_at', OLD.created_at, 'role_guessed', OLD.role_guessed),
           NULL
      FROM op_current;
END;
