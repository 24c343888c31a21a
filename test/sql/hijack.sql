-- search_path hijacking: a hostile role that may create objects in public plants look-alike
-- functions and operators there (better matches than pg_catalog's for the argument types, the
-- classic trap), then the extension is installed and used by sessions whose search_path puts
-- public first. Nothing the extension does may reach a planted object, and nothing changes:
-- every planted object logs its calls, and the log stays empty.
\set VERBOSITY terse
SELECT current_database() AS home \gset
CREATE DATABASE regress_hijack;
\c regress_hijack
SET client_min_messages = warning;
-- The prerequisites where a DBA would put them: in public, which the install script's search_path
-- then contains (CREATE EXTENSION searches the schemas of required extensions).
CREATE EXTENSION pgcrypto SCHEMA public;
CREATE EXTENSION btree_gist SCHEMA public;
CREATE ROLE regress_hostile;
GRANT CREATE, USAGE ON SCHEMA public TO regress_hostile;
CREATE TABLE public.hijack_log (planted text, called_by name DEFAULT current_user);
GRANT INSERT, SELECT ON public.hijack_log TO PUBLIC;

SET ROLE regress_hostile;
-- Functions: each logs and then lies (wrong answers, so a hit would also change results).
DO $do$
DECLARE
    f text[];
BEGIN
    FOREACH f SLICE 1 IN ARRAY ARRAY[
        -- name, arguments, return type, returned value
        ['lower', 'varchar', 'text', $q$'hijacked'$q$], ['upper', 'varchar', 'text', $q$'HIJACKED'$q$],
        ['length', 'varchar', 'integer', '0'], ['btrim', 'varchar', 'text', $q$''$q$],
        ['left', 'varchar, integer', 'text', $q$''$q$], ['substr', 'varchar, integer', 'text', $q$''$q$],
        ['now', '', 'timestamptz', $q$'2000-01-01'$q$], ['uuid_send', 'varchar', 'bytea', $q$'\x00'$q$],
        ['crypt', 'varchar, varchar', 'text', $q$'x'$q$], ['crypt', 'text, varchar', 'text', $q$'x'$q$],
        ['gen_salt', 'varchar, integer', 'text', $q$'x'$q$], ['sha256', 'text', 'bytea', $q$'\x00'$q$],
        ['digest', 'varchar, text', 'bytea', $q$'\x00'$q$], ['encode', 'bytea, varchar', 'text', $q$''$q$],
        ['jsonb_build_object', 'varchar, text', 'jsonb', $q$'{}'$q$], ['to_jsonb', 'varchar', 'jsonb', $q$'{}'$q$],
        ['array_position', 'text[], varchar', 'integer', '0'],
        ['quote_ident', 'varchar', 'text', $q$'x'$q$], ['format', 'varchar', 'text', $q$''$q$],
        ['is_valid_npi', 'text', 'boolean', 'true'], ['is_valid_npi', 'varchar', 'boolean', 'true'],
        ['audit', 'regnamespace', 'boolean', 'true'], ['version', '', 'text', $q$'hijacked'$q$],
        ['pg_advisory_xact_lock', 'integer, integer', 'void', ''], ['current_setting', 'varchar, boolean', 'text', $q$'off'$q$]]
    LOOP
        EXECUTE format($f$CREATE FUNCTION public.%I(%s) RETURNS %s LANGUAGE plpgsql AS $b$
                          BEGIN INSERT INTO public.hijack_log (planted) VALUES (%L); RETURN %s; END $b$$f$,
                       f[1], f[2], f[3], f[1] || '(' || f[2] || ')', f[4]);
    END LOOP;
END
$do$;
-- Operators on the types the extension compares, for the argument types that beat pg_catalog's.
CREATE FUNCTION public.hijack_op(anyenum, anyenum) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_log (planted) VALUES ('operator'); RETURN true; END $$;
CREATE FUNCTION public.hijack_text_op(varchar, varchar) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_log (planted) VALUES ('operator(varchar)'); RETURN true; END $$;
CREATE OPERATOR public.= (FUNCTION = public.hijack_text_op, LEFTARG = varchar, RIGHTARG = varchar);
CREATE OPERATOR public.<> (FUNCTION = public.hijack_text_op, LEFTARG = varchar, RIGHTARG = varchar);
CREATE OPERATOR public.~~ (FUNCTION = public.hijack_text_op, LEFTARG = varchar, RIGHTARG = varchar);
CREATE OPERATOR public.= (FUNCTION = public.hijack_op, LEFTARG = anyenum, RIGHTARG = anyenum);
CREATE OPERATOR public.< (FUNCTION = public.hijack_op, LEFTARG = anyenum, RIGHTARG = anyenum);
-- Operators whose argument types have no exact match in pg_catalog, so an exact match found
-- later in the search_path wins: numeric against an integer literal (CHECK constraints, the
-- generated BMI), oid against regnamespace, name against an unknown literal.
CREATE FUNCTION public.hijack_num_op(numeric, integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_log (planted) VALUES ('operator(numeric, integer)'); RETURN true; END $$;
CREATE FUNCTION public.hijack_num_div(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_log (planted) VALUES ('/(numeric, integer)'); RETURN 1; END $$;
CREATE FUNCTION public.hijack_oid_op(oid, regnamespace) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_log (planted) VALUES ('=(oid, regnamespace)'); RETURN true; END $$;
CREATE FUNCTION public.hijack_name_cat(name, name) RETURNS text LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_log (planted) VALUES ('||(name, name)'); RETURN 'x'; END $$;
CREATE FUNCTION public.hijack_name_op(name, name) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_log (planted) VALUES ('operator(name, name)'); RETURN true; END $$;
CREATE OPERATOR public.> (FUNCTION = public.hijack_num_op, LEFTARG = numeric, RIGHTARG = integer);
CREATE OPERATOR public.>= (FUNCTION = public.hijack_num_op, LEFTARG = numeric, RIGHTARG = integer);
CREATE OPERATOR public.<= (FUNCTION = public.hijack_num_op, LEFTARG = numeric, RIGHTARG = integer);
CREATE OPERATOR public.< (FUNCTION = public.hijack_num_op, LEFTARG = numeric, RIGHTARG = integer);
CREATE OPERATOR public./ (FUNCTION = public.hijack_num_div, LEFTARG = numeric, RIGHTARG = integer);
CREATE OPERATOR public.= (FUNCTION = public.hijack_oid_op, LEFTARG = oid, RIGHTARG = regnamespace);
CREATE OPERATOR public.|| (FUNCTION = public.hijack_name_cat, LEFTARG = name, RIGHTARG = name);
CREATE OPERATOR public.!~~ (FUNCTION = public.hijack_name_op, LEFTARG = name, RIGHTARG = name);
CREATE OPERATOR public.~~ (FUNCTION = public.hijack_name_op, LEFTARG = name, RIGHTARG = name);
-- A look-alike clinic schema's table in public: unqualified references would read it.
CREATE TABLE public.patients (id uuid, first_name text);
CREATE TABLE public.audit_log (patient_id uuid, seq bigint);
RESET ROLE;
-- The trap works: a session that puts public first and calls lower() on a varchar is caught.
SET search_path = public, pg_catalog;
SELECT lower('ABC'::varchar) AS control, 'x'::varchar = 'y'::varchar AS control_operator;
SELECT planted FROM public.hijack_log ORDER BY 1;
TRUNCATE public.hijack_log;
RESET search_path;
SELECT count(*) AS planted_functions FROM pg_proc WHERE pronamespace = 'public'::regnamespace::oid
   AND proowner = 'regress_hostile'::regrole;

-- The install, the seeds and every entry point, from sessions with public first in search_path.
SET search_path = public, pg_catalog;
CREATE EXTENSION clinic;
SELECT count(*) AS seeded FROM clinic.seed_demo();
SELECT count(*) AS generated FROM clinic.generate_demo(20, 7);
SET clinic.actor = 'hijack.test';
UPDATE clinic.patients SET phone = '+1-555-0100' WHERE mrn = 'MRN-100231';
DELETE FROM clinic.symptoms WHERE id IN (SELECT id FROM clinic.symptoms ORDER BY id LIMIT 1);
SELECT clinic.log_access('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01', 'treatment') > 0 AS logged;
SELECT count(*) > 0 AS history FROM clinic.patient_history('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01');
SELECT chains > 0 AS sealed FROM clinic.audit_log_seal();
SELECT ok, problem FROM clinic.verify_audit_log();
SELECT clinic.verify_provider_password('doctor@example.com', 'password123') AS right_password,
       clinic.verify_provider_password('doctor@example.com', 'wrong') AS wrong_password;
SELECT clinic.is_valid_npi('1234567893') AS valid_npi, clinic.is_valid_npi('1234567890') AS invalid_npi;
SELECT count(*) FILTER (WHERE status = 'fail') AS audit_failures FROM clinic.audit();
SELECT length(clinic.audit_report('clinic', 'sarif')) > 0 AS sarif;
SELECT count(*) AS drift FROM clinic.drift();
SELECT count(*) AS diff FROM clinic.schema_diff(clinic._manifest(), clinic.schema_snapshot());
SELECT count(*) FILTER (WHERE status IN ('fail', 'error')) AS validate_failures FROM clinic.validate();
SELECT clinic.audit_baseline('clinic') IS NOT NULL AS baseline;
SELECT count(*) > 0 AS migration_rows FROM clinic.migration_status();
SELECT clinic.version() = (SELECT extversion FROM pg_extension WHERE extname = 'clinic') AS version_ok;
-- The same as an unprivileged member of each group role, with public first.
CREATE ROLE regress_hijack_doc LOGIN IN ROLE clinic_clinician;
SET ROLE regress_hijack_doc;
SET search_path = public, pg_catalog;
SET clinic.actor = 'dr.hijack';
UPDATE clinic.allergies SET reaction = 'Hives' WHERE id = 'a11e0000-0000-4000-8000-000000000001';
SELECT count(*) > 0 AS doc_reads_history FROM clinic.patient_history('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01');
RESET ROLE;
SET search_path = public, pg_catalog;

-- Not one planted object was reached.
SELECT planted, called_by, count(*) FROM public.hijack_log GROUP BY 1, 2 ORDER BY 1, 2;
SELECT ok, problem FROM clinic.verify_audit_log();

-- pgcrypto in a schema whose name holds a quote: the password functions quote it.
\c :home
DROP DATABASE regress_hijack;
CREATE DATABASE regress_hijack;
\c regress_hijack
SET client_min_messages = warning;
CREATE SCHEMA "o'brien; --";
CREATE EXTENSION pgcrypto SCHEMA "o'brien; --";
CREATE EXTENSION clinic CASCADE;
SELECT count(*) AS seeded FROM clinic.seed_demo();
SELECT clinic.verify_provider_password('doctor@example.com', 'password123') AS right_password,
       clinic.verify_provider_password('doctor@example.com', 'wrong') AS wrong_password;

\c :home
DROP DATABASE regress_hijack;
DROP ROLE regress_hostile, regress_hijack_doc;
