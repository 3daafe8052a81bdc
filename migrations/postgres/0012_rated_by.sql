-- Who last changed a claim's finding (status, verdict, label or explanation): who may not
-- approve it. Step 0008 was edited after it had been released to add `claims.rated_by`; it is
-- back as released, and the column comes here (a database made by a build of the edited 0008
-- has it already, and its checksum for step 8 is accepted as that build's).
ALTER TABLE claims ADD COLUMN IF NOT EXISTS rated_by TEXT;
