-- The published fact-check of a claim: the URL a ClaimReview describes.
ALTER TABLE claims ADD COLUMN review_url TEXT;
