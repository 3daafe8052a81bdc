-- A shared desk. People connect as roles of their own, members of the database's group roles
-- DB_reader, DB_checker, DB_editor and DB_admin (DB: the database's name), each a member of the
-- one below; `claimtrack desk add-user` makes them. Grants let a reader read and a checker
-- write (claimtrack_desk_grants); the rules below keep to editors what a grant cannot tell
-- apart: deleting, merging speakers, setting priorities, undoing someone else's work. Whoever
-- owns the tables (and a superuser) counts as an admin.

-- Whether the role connected is a member of the desk's group role for `level`.
CREATE FUNCTION claimtrack_desk_member(level TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r
                    WHERE r.rolname = current_database() || '_' || $1
                      AND pg_has_role(session_user, r.oid, 'MEMBER'))
$$;

-- The role connected, as a level: 0 not on the desk, 1 reader, 2 checker, 3 editor, 4 admin.
CREATE FUNCTION claimtrack_desk_level() RETURNS INT LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
          OR pg_has_role(session_user,
                         (SELECT relowner FROM pg_class WHERE oid = 'claims'::regclass), 'MEMBER')
          OR claimtrack_desk_member('admin') THEN 4
        WHEN claimtrack_desk_member('editor') THEN 3
        WHEN claimtrack_desk_member('checker') THEN 2
        WHEN claimtrack_desk_member('reader') THEN 1
        ELSE 0 END
$$;

-- Whether operations of the role connected added row `$2` of table `$1` (one by one, or in a
-- load's ranges): what a checker may take away again.
CREATE FUNCTION claimtrack_added_by_me(tbl TEXT, row_id BIGINT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM op_changes c JOIN operations o ON o.id = c.op_id
                    WHERE c.tbl = $1 AND c.row_key = jsonb_build_array($2)::TEXT
                      AND c.old IS NULL AND o.actor = session_user)
        OR EXISTS (SELECT 1 FROM op_ranges r JOIN operations o ON o.id = r.op_id
                    WHERE r.tbl = $1 AND $2 BETWEEN r.first AND r.last
                      AND o.actor = session_user)
$$;

-- The log's actor, undoing others' work, and priorities. (Nested IFs, not ANDs: a field of NEW
-- is looked up only where the row has it.)
CREATE FUNCTION claimtrack_desk_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    level INT := claimtrack_desk_level();
    who   TEXT := session_user || ' is '
                 || (ARRAY['not on this desk', 'a reader', 'a checker', 'an editor', 'an admin'])[level + 1]
                 || ' on this desk: ';
    needs TEXT;
BEGIN
    IF TG_TABLE_NAME = 'operations' THEN
        -- The log says who acted: the role connected, whoever the command says it is.
        IF level < 4 AND NEW.actor IS DISTINCT FROM session_user::TEXT THEN
            needs := 'operations are recorded as the role connected, not as ' || NEW.actor;
        ELSIF level < 3 AND NEW.reverts IS NOT NULL THEN
            IF (SELECT actor FROM operations WHERE id = NEW.reverts)
               IS DISTINCT FROM session_user::TEXT THEN
                needs := 'undoing someone else''s operation needs an editor or admin';
            END IF;
        END IF;
    ELSIF level < 3 THEN
        IF NEW.priority_by IS DISTINCT FROM OLD.priority_by THEN
            needs := 'setting a priority needs an editor or admin';
        END IF;
    END IF;
    IF needs IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = who || needs;
    END IF;
    RETURN NEW;
END $$;

-- Deleting claims, or speakers (a merge), is an editor's, except rows one's own operations
-- added (a checker undoing their own work). Once per statement: an undone load deletes its
-- claims by the million.
CREATE FUNCTION claimtrack_desk_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    level INT := claimtrack_desk_level();
BEGIN
    IF level < 3 AND EXISTS (SELECT 1 FROM gone WHERE NOT claimtrack_added_by_me(TG_TABLE_NAME, gone.id)) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
            session_user || ' is '
            || (ARRAY['not on this desk', 'a reader', 'a checker'])[level + 1] || ' on this desk: '
            || CASE TG_TABLE_NAME WHEN 'speakers' THEN 'merging speakers' ELSE 'deleting claims' END
            || ' needs an editor or admin';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER desk_operations BEFORE INSERT OR UPDATE ON operations
    FOR EACH ROW EXECUTE FUNCTION claimtrack_desk_rules();
CREATE TRIGGER desk_priority BEFORE UPDATE OF priority_by ON claims
    FOR EACH ROW EXECUTE FUNCTION claimtrack_desk_rules();
CREATE TRIGGER desk_claim_deletes AFTER DELETE ON claims REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_desk_deletes();
CREATE TRIGGER desk_speaker_deletes AFTER DELETE ON speakers REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_desk_deletes();

-- The desk's group roles and their grants, made or brought up to date (after every upgrade too:
-- tables added later are granted alike). Run by whoever may create roles.
CREATE FUNCTION claimtrack_desk_grants() RETURNS VOID LANGUAGE plpgsql AS $$
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
    END IF;
END $$;
