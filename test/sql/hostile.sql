-- A hostile schema under audit: its owner (an ordinary role) plants code wherever reading its
-- catalog or its data could run it — user casts on column types, an implicit cast from a type
-- named "text", a domain CHECK reached while a function body is analysed, row-level security
-- policies, a view named like Prisma's table — then a superuser and each clinic role run every
-- entry point on it. Nothing planted may run as them: no role gains an attribute and the watch
-- table, which every payload writes to first, stays empty.
\set VERBOSITY terse
SELECT current_database() AS home \gset
CREATE DATABASE regress_hostile;
\c regress_hostile
SET client_min_messages = warning;
-- Installed as the README says: the prerequisites in a schema a superuser owns.
CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto SCHEMA extensions;
CREATE EXTENSION btree_gist SCHEMA extensions;
CREATE EXTENSION clinic;
-- No object of clinic or of its prerequisites lies in a schema a non-superuser owns, and the
-- audit's extension.placement passes on public.
SELECT e.extname, n.nspname, r.rolsuper AS schema_owner_is_superuser, count(*) > 0 AS has_objects
  FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  JOIN pg_class k ON k.oid = d.classid
  CROSS JOIN LATERAL pg_identify_object(d.classid, d.objid, 0) i
  JOIN pg_namespace n ON n.nspname = i.schema
  JOIN pg_roles r ON r.oid = n.nspowner
 WHERE e.extname IN ('clinic', 'pgcrypto', 'btree_gist')
 GROUP BY 1, 2, 3 ORDER BY 1, 2;
SELECT check_id, status FROM clinic.audit('public') WHERE check_id = 'extension.placement';
CREATE ROLE regress_mallory;
CREATE ROLE regress_hostile_admin IN ROLE clinic_admin;
CREATE ROLE regress_hostile_auditor IN ROLE clinic_auditor;
CREATE ROLE regress_hostile_clinician IN ROLE clinic_clinician;
CREATE ROLE regress_hostile_desk IN ROLE clinic_front_desk;
CREATE SCHEMA mallory AUTHORIZATION regress_mallory;
-- Every payload records who ran it here first (a table outside the hostile schema).
CREATE SCHEMA watch;
CREATE TABLE watch.ran (payload text, run_by name DEFAULT current_user);
GRANT USAGE ON SCHEMA watch TO PUBLIC;
GRANT INSERT ON watch.ran TO PUBLIC;

SET ROLE regress_mallory;
-- The payload: log, try to become a superuser, copy the clinic's patients.
CREATE FUNCTION mallory.payload(what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO watch.ran (payload) VALUES (what);
    BEGIN EXECUTE 'ALTER ROLE regress_mallory SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;
    BEGIN EXECUTE 'CREATE TABLE IF NOT EXISTS mallory.loot AS SELECT * FROM clinic.patients';
    EXCEPTION WHEN OTHERS THEN NULL; END;
END $$;
-- 1. An enum with a cast to text (explicit ::text), and one with an implicit cast to timestamptz.
CREATE TYPE mallory.secret_t AS ENUM ('hunter2');
CREATE FUNCTION mallory.to_text(mallory.secret_t) RETURNS text LANGUAGE plpgsql AS
  $$BEGIN PERFORM mallory.payload('cast to text'); RETURN format('%s', $1); END$$;
CREATE CAST (mallory.secret_t AS text) WITH FUNCTION mallory.to_text(mallory.secret_t) AS IMPLICIT;
CREATE TYPE mallory.when_t AS ENUM ('2020-01-01');
CREATE FUNCTION mallory.to_tstz(mallory.when_t) RETURNS timestamptz LANGUAGE plpgsql AS
  $$BEGIN PERFORM mallory.payload('cast to timestamptz'); RETURN now(); END$$;
CREATE CAST (mallory.when_t AS timestamptz) WITH FUNCTION mallory.to_tstz(mallory.when_t) AS IMPLICIT;
CREATE TABLE mallory.accounts (id int PRIMARY KEY, password mallory.secret_t);
INSERT INTO mallory.accounts VALUES (1, 'hunter2');
-- 2. A type named "text" with an implicit cast to pg_catalog.text, in a PHI table.
CREATE TYPE mallory.text AS ENUM ('test123');
CREATE FUNCTION mallory.text_to_text(mallory.text) RETURNS pg_catalog.text LANGUAGE plpgsql AS
  $$BEGIN PERFORM mallory.payload('type named text'); RETURN 'x'; END$$;
CREATE CAST (mallory.text AS pg_catalog.text) WITH FUNCTION mallory.text_to_text(mallory.text) AS IMPLICIT;
CREATE TABLE mallory.patient_notes (id int PRIMARY KEY, note mallory.text);
INSERT INTO mallory.patient_notes VALUES (1, 'test123');
-- 3. Prisma's table with columns of the wrong types (each with a cast that runs the payload).
CREATE TABLE mallory._prisma_migrations (id varchar(36) PRIMARY KEY, migration_name mallory.secret_t,
    started_at mallory.when_t, finished_at mallory.when_t, rolled_back_at mallory.when_t,
    applied_steps_count int, logs text);
INSERT INTO mallory._prisma_migrations VALUES ('1', 'hunter2', '2020-01-01', '2020-01-01', NULL, 1, NULL);
-- 4. A domain whose CHECK runs the payload, reached while a body that casts a constant to it is
-- analysed (the functions are made without body checks, as a restore makes them).
CREATE FUNCTION mallory.check_dom(text) RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN PERFORM mallory.payload('domain check'); RETURN true; END$$;
CREATE DOMAIN mallory.evil_dom AS text CHECK (mallory.check_dom(VALUE));
SET check_function_bodies = off;
CREATE FUNCTION mallory.uses_domain_sql() RETURNS int LANGUAGE sql AS
  $$ SELECT length('x'::mallory.evil_dom) $$;
CREATE FUNCTION mallory.uses_domain_plpgsql() RETURNS int LANGUAGE plpgsql AS
  $$ BEGIN RETURN length('x'::mallory.evil_dom); END $$;
RESET check_function_bodies;
-- 5. Row-level security: a policy that runs the payload, on a readable table with a secret.
CREATE FUNCTION mallory.policy() RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN PERFORM mallory.payload('policy'); RETURN true; END$$;
CREATE TABLE mallory.api_tokens (id int PRIMARY KEY, api_key text);
INSERT INTO mallory.api_tokens VALUES (1, 'plain');
ALTER TABLE mallory.api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON mallory.api_tokens USING (mallory.policy());
-- 6. The validator's tables: key and status columns of hostile types.
CREATE TYPE mallory.status_t AS ENUM ('scheduled', 'completed', 'cancelled', 'no_show');
CREATE FUNCTION mallory.status_text(mallory.status_t) RETURNS text LANGUAGE plpgsql AS
  $$BEGIN PERFORM mallory.payload('validator cast'); RETURN format('%s', $1); END$$;
CREATE CAST (mallory.status_t AS text) WITH FUNCTION mallory.status_text(mallory.status_t) AS IMPLICIT;
CREATE TABLE mallory.patients (id uuid PRIMARY KEY, mrn text, first_name text, last_name text,
    date_of_birth date, sex text, deceased_at timestamptz, deleted_at timestamptz);
CREATE TABLE mallory.appointments (id uuid PRIMARY KEY, patient_id uuid, provider_id uuid,
    appointment_date timestamptz, ends_at timestamptz, status mallory.status_t, deleted_at timestamptz);
INSERT INTO mallory.patients VALUES ('00000000-0000-4000-8000-000000000001', 'M1', 'A', 'B', '1990-01-01', 'female', NULL, NULL);
INSERT INTO mallory.appointments VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001',
    NULL, '2024-01-01 10:00', '2024-01-01 10:30', 'completed', NULL);
-- 7. A nondeterministic collation, under which a regular expression fails: the audit must not.
CREATE COLLATION mallory.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE mallory.patient_secrets (id int PRIMARY KEY, name text COLLATE mallory.nocase,
    password text COLLATE mallory.nocase);
INSERT INTO mallory.patient_secrets VALUES (1, 'test123', 'hunter2');
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA mallory TO PUBLIC;
RESET ROLE;

-- Every entry point that reads a target schema, as each role that may call it.
CREATE FUNCTION pg_temp.attack() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    stmt text;
BEGIN
    FOREACH stmt IN ARRAY ARRAY[
        $q$SELECT count(*) FROM clinic.audit('mallory')$q$,
        $q$SELECT count(*) FROM clinic.audit('mallory', 'checklist')$q$,
        $q$SELECT profile FROM clinic.audit_profile('mallory')$q$,
        $q$SELECT length(clinic.audit_report('mallory')) > 0$q$,
        $q$SELECT clinic.audit_record('mallory')$q$,
        $q$SELECT clinic.audit_suppress('mallory', 'secrets.plaintext', NULL, 'test', '2099-01-01')$q$,
        $q$SELECT count(*) FROM clinic.migration_status('mallory')$q$,
        $q$SELECT clinic.audit_baseline('mallory')$q$,
        $q$SELECT count(*) FROM clinic.validate('mallory')$q$]
    LOOP
        RETURN NEXT current_user || ': ' || stmt || ' -> ' || regress_try(stmt);
    END LOOP;
END $$;
CREATE FUNCTION regress_try(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
GRANT EXECUTE ON FUNCTION regress_try(text) TO PUBLIC;
SELECT * FROM pg_temp.attack();
SET ROLE regress_hostile_admin;
SELECT * FROM pg_temp.attack();
SET ROLE regress_hostile_auditor;
SELECT * FROM pg_temp.attack();
-- The chart roles may call none of them.
SET ROLE regress_hostile_clinician;
SELECT * FROM pg_temp.attack();
SET ROLE regress_hostile_desk;
SELECT * FROM pg_temp.attack();
RESET ROLE;

-- Nothing planted ran as anyone, and no role changed.
SELECT * FROM watch.ran;
SELECT rolname, rolsuper FROM pg_roles WHERE rolname = 'regress_mallory';
SELECT count(*) AS loot_tables FROM pg_class WHERE relname = 'loot';

-- (The suppression above would hide the findings below.)
DELETE FROM clinic_audit.suppressions;
-- What the audit reports instead: the secret column is read through its output function,
-- the hostile _prisma_migrations is not read (wrong column types), the table under row-level
-- security is left unread for a role it applies to, the bodies are still checked.
SELECT check_id, status, detail FROM clinic.audit('mallory')
 WHERE check_id IN ('secrets.plaintext', 'migration.history', 'catalog.valid', 'seed.placeholder_values') ORDER BY 1;
SET ROLE regress_hostile_auditor;
SELECT check_id, status, detail FROM clinic.audit('mallory')
 WHERE check_id IN ('secrets.plaintext') ORDER BY 1;
RESET ROLE;

-- 8. A trusted extension mallory created, with a function of mallory's added to it: the function
-- is still mallory's, linted as the schema's (an extension's members are left out only when a
-- superuser owns them, as the extension's script makes them).
GRANT CREATE ON DATABASE regress_hostile TO regress_mallory;
SET ROLE regress_mallory;
CREATE EXTENSION tsm_system_rows SCHEMA mallory;
CREATE FUNCTION mallory.unpinned() RETURNS int LANGUAGE sql AS 'SELECT 1';
ALTER EXTENSION tsm_system_rows ADD FUNCTION mallory.unpinned();
CREATE FUNCTION mallory.touch() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog
    AS $$BEGIN RETURN NEW; END$$;
ALTER EXTENSION tsm_system_rows ADD FUNCTION mallory.touch();
RESET ROLE;
-- ... and a trigger running it on a table mallory does not own is still a foreign trigger.
CREATE TABLE mallory.ledger (id int PRIMARY KEY);
CREATE TRIGGER touch BEFORE INSERT ON mallory.ledger FOR EACH ROW EXECUTE FUNCTION mallory.touch();
SELECT o ->> 'function' AS unpinned_function FROM clinic.audit('mallory'), jsonb_array_elements(detail) o
 WHERE check_id = 'functions.search_path' ORDER BY 1;
SELECT o ->> 'table' AS table_name, o ->> 'trigger' AS trigger_name FROM clinic.audit('mallory'), jsonb_array_elements(detail) o
 WHERE check_id = 'triggers.foreign' ORDER BY 1, 2;
REVOKE CREATE ON DATABASE regress_hostile FROM regress_mallory;

-- The validator refuses columns of unexpected types, naming table.column and both types.
SELECT regress_try($$SELECT count(*) FROM clinic.validate('mallory')$$);
SELECT * FROM watch.ran;

\c :home
DROP DATABASE regress_hostile;
DROP ROLE regress_mallory, regress_hostile_admin, regress_hostile_auditor, regress_hostile_clinician,
          regress_hostile_desk;
