-- The language a claim was made in, as a BCP 47 tag ('en', 'fr', 'pt-BR'): ClaimReview's
-- inLanguage. NULL: not said.
ALTER TABLE claims ADD COLUMN language TEXT;
