-- Search folds accents, as SQLite's index does (remove_diacritics): 'café', 'Café' and 'cafe'
-- are one word, in claims, in speakers' names and in queries. Words are read with the text
-- search configuration `claimtrack`: `english` with PostgreSQL's unaccent dictionary first for
-- every word that is not plain ASCII. unaccent is one of the server's contrib
-- modules (Debian's postgresql package has them, as managed services do), trusted since
-- PostgreSQL 13: a database's owner may create it, no superuser needed.
DO $$
DECLARE
    owner TEXT := (SELECT pg_get_userbyid(datdba) FROM pg_database
                    WHERE datname = current_database());
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'search needs PostgreSQL''s unaccent extension in database %, and % may not create it (%): ask the database''s owner (%) or a superuser to run "CREATE EXTENSION unaccent;" in it, then run claimtrack again',
            current_database(), session_user, SQLERRM, owner;
    WHEN feature_not_supported OR undefined_file THEN
        RAISE EXCEPTION 'search needs PostgreSQL''s unaccent extension, which this server does not have (%): install the server''s contrib modules (the package postgresql-contrib on some systems), then run claimtrack again',
            SQLERRM;
END $$;

-- Words with letters other than ASCII are folded, then stemmed as before; words with digits
-- too ('Zürich2025'), then kept whole as before.
CREATE TEXT SEARCH CONFIGURATION claimtrack (COPY = pg_catalog.english);
DO $$
DECLARE
    -- The dictionary is wherever the extension was put (not always on the search path).
    dict TEXT := (SELECT format('%I.unaccent', n.nspname) FROM pg_extension e
                    JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent');
BEGIN
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION claimtrack
                        ALTER MAPPING FOR word, hword, hword_part WITH %s, pg_catalog.english_stem',
                   dict);
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION claimtrack
                        ALTER MAPPING FOR numword, numhword, hword_numpart WITH %s, pg_catalog.simple',
                   dict);
END $$;

-- A claim's words and its speaker's name, stemmed as English, accents folded.
CREATE OR REPLACE FUNCTION claimtrack_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := setweight(to_tsvector('claimtrack', NEW.text), 'A')
               || setweight(to_tsvector('claimtrack',
                      coalesce((SELECT name FROM speakers WHERE id = NEW.speaker_id), '')), 'B');
    RETURN NEW;
END $$;

-- Every claim's words again, by the function above (outside any operation: the log records
-- nothing).
UPDATE claims SET text = text;

-- A desk's admin group owns what the steps make, so that any admin can make the next: the
-- configuration passes to it with the tables and functions (as in 0002_desk.sql, plus that).
CREATE OR REPLACE FUNCTION claimtrack_desk_grants() RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    db     TEXT := current_database();
    levels TEXT[] := ARRAY['reader', 'checker', 'editor', 'admin'];
    admin  TEXT := current_database() || '_admin';
    i      INT;
    t      TEXT;
BEGIN
    IF length(db) > 55 THEN
        RAISE EXCEPTION 'the database name % is too long for a desk''s roles (at most 55 characters)', db;
    END IF;
    FOR i IN 1..4 LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || '_' || levels[i]) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', db || '_' || levels[i]);
        END IF;
        IF i > 1 THEN
            EXECUTE format('GRANT %I TO %I', db || '_' || levels[i - 1], db || '_' || levels[i]);
        END IF;
    END LOOP;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', db, db || '_reader');
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', db || '_reader');
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', db || '_reader');
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I',
                   db || '_checker');
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON claimtrack_schema FROM %I', db || '_checker');
    -- The tables pass to the admin group, so that any admin can upgrade them (their creator
    -- stays an admin).
    IF (SELECT relowner FROM pg_class WHERE oid = 'claims'::regclass)
       <> (SELECT oid FROM pg_roles WHERE rolname = admin) THEN
        EXECUTE format('GRANT %I TO %I', admin, current_user);
        EXECUTE format('GRANT CREATE ON SCHEMA public TO %I', admin);
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                    AND tableowner = current_user LOOP
            EXECUTE format('ALTER TABLE %I OWNER TO %I', t, admin);
        END LOOP;
        FOR t IN SELECT p.oid::regprocedure::TEXT FROM pg_proc p
                  WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'claimtrack%'
                    AND pg_get_userbyid(p.proowner) = current_user LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO %I', t, admin);
        END LOOP;
        FOR t IN SELECT c.oid::regconfig::TEXT FROM pg_ts_config c
                  WHERE c.cfgnamespace = 'public'::regnamespace AND c.cfgname LIKE 'claimtrack%'
                    AND pg_get_userbyid(c.cfgowner) = current_user LOOP
            EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %s OWNER TO %I', t, admin);
        END LOOP;
    END IF;
END $$;
