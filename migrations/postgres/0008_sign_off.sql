-- Sign-off: a fact-check goes draft -> approved -> published (see src/domain/signoff.rs).
-- `stage` is NULL for a check never signed off (a draft once the claim is checked);
-- `explanation` is what the check found (ClaimReview's ratingExplanation); `review_author` is
-- who published a review imported from ClaimReview markup (NULL: the desk's own check).
ALTER TABLE claims ADD COLUMN explanation TEXT;
ALTER TABLE claims ADD COLUMN review_author TEXT;
-- Who last changed the finding (status, verdict, label or explanation): who may not approve it.
ALTER TABLE claims ADD COLUMN rated_by TEXT;
ALTER TABLE claims ADD COLUMN stage TEXT CHECK (stage IN ('draft', 'approved', 'published'));
ALTER TABLE claims ADD COLUMN approved_by TEXT;
ALTER TABLE claims ADD COLUMN published_on TEXT;

-- Approving and publishing, and taking a published check down, are an editor's. (A new finding
-- on an approved check sends it back to a draft: that a checker may do.)
CREATE FUNCTION claimtrack_desk_signoff() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    level INT := claimtrack_desk_level();
BEGIN
    IF level < 3 AND NEW.stage IS DISTINCT FROM OLD.stage
       AND (NEW.stage IN ('approved', 'published') OR OLD.stage = 'published') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
            session_user || ' is '
            || (ARRAY['not on this desk', 'a reader', 'a checker'])[level + 1] || ' on this desk: '
            || 'approving and publishing need an editor or admin';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER desk_signoff BEFORE UPDATE OF stage ON claims
    FOR EACH ROW EXECUTE FUNCTION claimtrack_desk_signoff();

-- A speaker's kind (person, organisation, group, unknown; NULL: not said, guessed from the name
-- when needed): ClaimReview types a claimant Person or Organization by it.
ALTER TABLE speakers ADD COLUMN kind TEXT
    CHECK (kind IN ('person', 'organisation', 'group', 'unknown'));
