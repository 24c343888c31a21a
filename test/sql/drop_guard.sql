-- DROP EXTENSION clinic refuses while clinical tables hold rows (the seed test left some).
SELECT regress.try('DROP EXTENSION clinic');
SELECT regress.try('DROP EXTENSION clinic CASCADE');
-- A cascade from an extension clinic requires would drop clinic too: also refused.
SELECT regress.try('DROP EXTENSION pgcrypto CASCADE');
SELECT regress.try('DROP EXTENSION IF EXISTS btree_gist, pgcrypto CASCADE');
-- Other DROP EXTENSION statements are not affected.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SELECT regress.try('DROP EXTENSION pg_trgm');
SELECT count(*) AS patients_still_there FROM clinic.patients;
-- Only a superuser may allow it, for the session.
CREATE ROLE regress_plain;
GRANT USAGE ON SCHEMA regress TO regress_plain;
GRANT EXECUTE ON FUNCTION regress.try(text) TO regress_plain;
SET ROLE regress_plain;
SELECT regress.try('SET clinic.allow_drop_with_data = on');
RESET ROLE;
REVOKE ALL ON SCHEMA regress FROM regress_plain;
REVOKE ALL ON FUNCTION regress.try(text) FROM regress_plain;
DROP ROLE regress_plain;
-- With the clinical data gone the audit trail still holds rows (the TRUNCATE itself is one):
-- losing it is losing data too, so the drop is still refused.
BEGIN;
TRUNCATE clinic.providers, clinic.patients CASCADE;
SELECT * FROM clinic._tables_with_rows();
SELECT regress.try('DROP EXTENSION clinic');
ROLLBACK;
SELECT count(*) AS rows_back_after_rollback FROM clinic.patients;
-- With the setting on, it drops with the data.
SET clinic.allow_drop_with_data = on;
DROP EXTENSION clinic;
RESET clinic.allow_drop_with_data;
SELECT count(*) AS clinic_tables_left FROM pg_class WHERE relnamespace = 'clinic'::regnamespace;
-- Re-creating it in the same database works, and the roles are reused.
CREATE EXTENSION clinic;
SELECT count(*) AS tables FROM pg_class WHERE relnamespace = 'clinic'::regnamespace AND relkind = 'r';
SELECT count(*) AS clinic_roles FROM pg_roles WHERE rolname LIKE 'clinic\_%';

-- DROP SCHEMA clinic CASCADE would drop the extension (it depends on its schema): also refused.
SELECT count(*) > 0 AS seeded_again FROM clinic.seed_demo() WHERE inserted > 0;
SELECT regress.try('DROP SCHEMA clinic CASCADE');
SELECT regress.try('DROP SCHEMA IF EXISTS regress_nothing, clinic CASCADE');
-- Other schemas are not affected.
CREATE SCHEMA regress_scratch;
SELECT regress.try('DROP SCHEMA regress_scratch CASCADE');

-- Whatever the statement, the guard follows its dependencies as the deletion will.
-- A renamed schema.
ALTER SCHEMA clinic RENAME TO regress_renamed;
SELECT regress.try('DROP SCHEMA regress_renamed CASCADE');
ALTER SCHEMA regress_renamed RENAME TO clinic;
-- A type of a required extension, by CASCADE.
SELECT regress.try('DROP TYPE gbtreekey16 CASCADE');
-- Unrelated drops, with and without CASCADE, are not affected.
CREATE TABLE regress_scratch_t (id int PRIMARY KEY);
CREATE VIEW regress_scratch_v AS SELECT * FROM regress_scratch_t;
SELECT regress.try('DROP TABLE regress_scratch_t CASCADE');
CREATE FUNCTION regress_scratch_f() RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT regress.try('DROP FUNCTION regress_scratch_f()');
SELECT count(*) AS patients_still_there FROM clinic.patients;

-- A database owner who is not a superuser, in a database where clinic's prerequisites were
-- installed into public (as CREATE EXTENSION clinic CASCADE does): public is theirs, and
-- DROP SCHEMA public CASCADE would cascade through btree_gist to clinic and every PHI table.
SELECT current_database() AS home \gset
CREATE ROLE regress_dbowner LOGIN;
CREATE ROLE regress_installer SUPERUSER;
CREATE DATABASE regress_owned OWNER regress_dbowner;
\c regress_owned
SET client_min_messages = warning;
SET ROLE regress_installer;
CREATE EXTENSION clinic CASCADE;
SELECT count(*) > 0 AS seeded FROM clinic.seed_demo() WHERE inserted > 0;
SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname IN ('pgcrypto', 'btree_gist') ORDER BY 1;
-- The owner of a clinic table (handed over by a superuser) may alter it, but not rewrite or drop
-- a column's PHI: no row trigger fires, so the trail could not record it.
GRANT USAGE ON SCHEMA clinic TO regress_dbowner;
ALTER TABLE clinic.patients OWNER TO regress_dbowner;
\c - regress_dbowner
SET client_min_messages = warning;
\set VERBOSITY default
-- Which tables hold rows is named to superusers only.
DROP SCHEMA public CASCADE;
-- (Which of the two refusals comes first differs between majors: only the SQLSTATE is shown.)
\set VERBOSITY sqlstate
DROP OWNED BY regress_dbowner CASCADE;
\set VERBOSITY terse
ALTER TABLE clinic.patients ALTER COLUMN last_name TYPE text USING 'REWRITTEN';
ALTER TABLE clinic.patients DROP COLUMN email CASCADE;
ALTER TABLE clinic.patients ALTER COLUMN city SET STATISTICS 200;
-- Owning public, the database owner renames it and plants a crypt(text, text) in a new public:
-- clinic calls pgcrypto by its membership of the extension, never by the schema's name.
ALTER SCHEMA public RENAME TO public_old;
CREATE SCHEMA public;
CREATE FUNCTION public.crypt(text, text) RETURNS text LANGUAGE plpgsql AS
  $$BEGIN EXECUTE 'ALTER ROLE regress_dbowner SUPERUSER'; RETURN $2; END$$;
GRANT USAGE ON SCHEMA public TO PUBLIC;
GRANT EXECUTE ON FUNCTION public.crypt(text, text) TO PUBLIC;
\c - postgres
SELECT clinic.verify_provider_password('doctor@example.com', 'password123') AS right_password,
       clinic.verify_provider_password('doctor@example.com', 'wrong') AS wrong_password;
SELECT rolname, rolsuper FROM pg_roles WHERE rolname = 'regress_dbowner';
SELECT count(*) AS rewritten FROM clinic.patients WHERE last_name = 'REWRITTEN';
SET client_min_messages = warning;
\set VERBOSITY terse
-- DROP OWNED BY the role that installed everything.
DROP OWNED BY regress_installer CASCADE;
SELECT count(*) AS patients_still_there FROM clinic.patients;
\c :home
DROP DATABASE regress_owned;
-- The database owner pre-creates schema clinic before the install, to own the schema that will
-- hold the PHI (and rename it and plant look-alikes later): the install refuses.
CREATE DATABASE regress_owned OWNER regress_dbowner;
\c regress_owned
CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto SCHEMA extensions;
CREATE EXTENSION btree_gist SCHEMA extensions;
\c - regress_dbowner
CREATE SCHEMA clinic;
\c - postgres
\set VERBOSITY terse
CREATE EXTENSION clinic;
-- Owned by a superuser but holding something already: refused too.
ALTER SCHEMA clinic OWNER TO postgres;
CREATE TABLE clinic.patients (id int);
CREATE EXTENSION clinic;
DROP TABLE clinic.patients;
-- A superuser's empty schema is used.
CREATE EXTENSION clinic;
SELECT extname FROM pg_extension WHERE extname = 'clinic';
\c :home
DROP DATABASE regress_owned;
DROP ROLE regress_dbowner, regress_installer;
