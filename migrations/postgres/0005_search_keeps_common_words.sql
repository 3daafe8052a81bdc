-- Search keeps common words, as SQLite's index does: `english` drops its stop words (the, will,
-- himself...) from claims and queries alike, so "will" found nothing and the phrase "himself
-- bought" found "bought himself". Words are stemmed by a dictionary of claimtrack's own: the
-- same English Snowball stemmer, without a stop-word list.
CREATE TEXT SEARCH DICTIONARY claimtrack_stem (TEMPLATE = pg_catalog.snowball, Language = english);
DO $$
DECLARE
    -- The unaccent dictionary, wherever its extension was put (see 0003).
    dict TEXT := (SELECT format('%I.unaccent', n.nspname) FROM pg_extension e
                    JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent');
BEGIN
    ALTER TEXT SEARCH CONFIGURATION claimtrack
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH claimtrack_stem;
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION claimtrack
                        ALTER MAPPING FOR word, hword, hword_part WITH %s, claimtrack_stem',
                   dict);
END $$;

-- Every claim's words again (outside any operation: the log records nothing).
UPDATE claims SET text = text;
