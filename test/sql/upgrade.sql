-- Upgrade: a populated 1.0 database updated with ALTER EXTENSION clinic UPDATE keeps every row,
-- its audit trail still verifies, clinic.drift() is clean, and its schema snapshots exactly like
-- a fresh install of the new version (compared with a second database installed fresh).
\set VERBOSITY terse
SELECT current_database() AS home \gset
SELECT default_version AS newest FROM pg_available_extensions WHERE name = 'clinic' \gset
SELECT :'newest' <> '1.0' AS there_is_an_update;
SELECT source, target, path FROM pg_extension_update_paths('clinic') WHERE path IS NOT NULL ORDER BY 1, 2;

-- PostgreSQL 17 made JSON a keyword: the frozen scripts that make 1.1 (clinic--1.1.sql and
-- clinic--1.0--1.1.sql) declare clinic._jsonb_image_matches(json text), a syntax error there.
-- So on 17 and later 1.0 installs but cannot be updated, 1.1 cannot be installed, and upgrades
-- start from 1.2. There this test only shows that (test/expected/upgrade_1.out).
SELECT current_setting('server_version_num')::int >= 170000 AS json_is_a_keyword \gset
\if :json_is_a_keyword
CREATE DATABASE regress_upgrade;
\c regress_upgrade
SET client_min_messages = warning;
\set VERBOSITY sqlstate
CREATE EXTENSION clinic VERSION '1.1' CASCADE;
CREATE EXTENSION clinic VERSION '1.0' CASCADE;
ALTER EXTENSION clinic UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'clinic';
\c :home
DROP DATABASE regress_upgrade;
\quit
\endif

-- A fresh install of the newest version, for its snapshot.
CREATE DATABASE regress_fresh;
\c regress_fresh
SET client_min_messages = warning;
CREATE EXTENSION clinic CASCADE;
SELECT clinic.schema_snapshot('clinic') AS fresh_snapshot \gset
-- The snapshot records what a DBA audits about functions; their full definitions (bodies,
-- settings such as row_security) are compared too.
SELECT jsonb_object_agg(p.oid::regprocedure::text, md5(pg_get_functiondef(p.oid))) AS fresh_functions
  FROM pg_proc p WHERE p.pronamespace = 'clinic'::regnamespace \gset
\c :home
DROP DATABASE regress_fresh;

-- 1.0, populated, with audit history and a seal.
CREATE DATABASE regress_upgrade;
\c regress_upgrade
SET client_min_messages = warning;
CREATE EXTENSION clinic VERSION '1.0' CASCADE;
SELECT extversion FROM pg_extension WHERE extname = 'clinic';
SELECT count(*) AS seeded FROM clinic.seed_demo();
SELECT count(*) AS generated FROM clinic.generate_demo(200, 3);
SET clinic.actor = 'regress.upgrade';
UPDATE clinic.allergies SET reaction = 'Hives' WHERE id = 'a11e0000-0000-4000-8000-000000000001';
SELECT chains > 0 AS sealed FROM clinic.audit_log_seal();
INSERT INTO clinic.validation_rules (check_id, threshold) VALUES ('patients.person.duplicate', 5);
SELECT clinic.audit_baseline('clinic') IS NOT NULL AS baseline_taken;
-- An audit run recorded and a suppression: their tables hold rows too. (audit_log_purges stays
-- empty: the test runs 1.0's SQL with this version's library, whose purge calls a function 1.0's
-- SQL lacks and errors; the 1.0 library that could purge cannot be loaded here.)
SELECT count(*) > 0 AS run_recorded FROM clinic.audit_record('clinic');
SELECT clinic.audit_suppress('clinic', 'columns.defaults', 'consent_records.status',
                             'the status is chosen per consent', DATE '2999-01-01');
-- A fingerprint of every table of the extension's schemas: row count and md5 of the rows in
-- a fixed order. Taken before the update and compared after it. Columns the update adds (1.2:
-- audit_log_seals.cuts, audit_log_purges.retention_seq) are left out: every old value must stay.
CREATE FUNCTION public.table_fingerprints(OUT relation text, OUT rows bigint, OUT md5 text)
    RETURNS SETOF record LANGUAGE plpgsql AS $$
BEGIN
    FOR relation IN SELECT c.oid::regclass::text FROM pg_class c
                     WHERE c.relnamespace IN ('clinic'::regnamespace, 'clinic_audit'::regnamespace)
                       AND c.relkind = 'r'
    LOOP
        EXECUTE format($q$SELECT count(*), md5(coalesce(string_agg(r, E'\n' ORDER BY r), ''))
                            FROM (SELECT (to_jsonb(t) - '{cuts,retention_seq,profile}'::text[])::text AS r FROM %s t) t$q$,
                       relation) INTO rows, md5;
        RETURN NEXT;
    END LOOP;
END
$$;
CREATE TABLE public.before_update AS SELECT * FROM public.table_fingerprints();
SELECT relation, rows, md5 IS NOT NULL AS fingerprinted FROM public.before_update ORDER BY 1;

ALTER EXTENSION clinic UPDATE;
SELECT extversion = :'newest' AS updated FROM pg_extension WHERE extname = 'clinic';
SELECT matches AS library_matches_sql FROM clinic.version_check();

-- Every row kept (the snapshot of the audit engine's baseline included).
SELECT b.relation, b.rows, a.rows AS rows_after
  FROM public.before_update b LEFT JOIN public.table_fingerprints() a USING (relation)
 WHERE (a.rows, a.md5) IS DISTINCT FROM (b.rows, b.md5);
SELECT ok, problem FROM clinic.verify_audit_log();
SELECT threshold FROM clinic.validation_rules WHERE check_id = 'patients.person.duplicate';

-- The schema is exactly what a fresh install has: no drift against the new manifest, and no
-- difference from the fresh database's snapshot.
SELECT * FROM clinic.drift();
SELECT * FROM clinic.schema_diff(:'fresh_snapshot'::jsonb, clinic.schema_snapshot('clinic'));
SELECT clinic.schema_snapshot('clinic') = :'fresh_snapshot'::jsonb AS identical_snapshots;
SELECT coalesce(f.key, u.key) AS function_differs
  FROM jsonb_each_text(:'fresh_functions'::jsonb) f
  FULL JOIN (SELECT p.oid::regprocedure::text AS key, md5(pg_get_functiondef(p.oid)) AS value
               FROM pg_proc p WHERE p.pronamespace = 'clinic'::regnamespace) u ON u.key = f.key
 WHERE f.value IS DISTINCT FROM u.value;
SELECT count(*) FILTER (WHERE status = 'fail') AS audit_failures FROM clinic.audit();

-- What 1.1 changed works on the updated database: the shared target-schema checks.
SELECT count(*) > 0 AS has_rows FROM clinic.migration_status();
SELECT count(*) FROM clinic.migration_status(0::oid::regnamespace);

\c :home
DROP DATABASE regress_upgrade;
