-- A fact-check's headline (ClaimReview's headline), beside its url: shown, exported, and used
-- to find claims a new text repeats.
ALTER TABLE claims ADD COLUMN review_title TEXT;
