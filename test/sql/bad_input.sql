-- Bad input, over every SQL-callable function of the extension: each argument in turn gets
-- NULL, empty, huge, hostile and malformed values (the others a good value). Every call gives
-- its intended result ("ok") or an ERROR with a specific SQLSTATE; none crashes the backend.
-- The good calls themselves are asserted by what they return (a digest of each result).
-- Every call runs in its own subtransaction and is rolled back, so nothing here changes data.
\set VERBOSITY default
\set SHOW_CONTEXT never
SELECT pg_postmaster_start_time() AS started \gset

CREATE SCHEMA bad_input;
-- Schemas with hostile names, and one with nothing in it.
CREATE SCHEMA "x""; DROP SCHEMA clinic CASCADE; --";
CREATE SCHEMA "Пациенты 🙂 'q' \";
CREATE SCHEMA bad_input_empty;

-- A good call of every function that is not a trigger: the baseline each bad value replaces
-- one argument of. Listed by hand; the check below fails when a function is missing here.
CREATE TABLE bad_input.good_call (fn regprocedure PRIMARY KEY, args text[] NOT NULL);
INSERT INTO bad_input.good_call VALUES
    ('clinic._boundary_selftest(text)', '{ok}'),
    ('clinic._jsonb_image_matches(text)', $${"{\"a\": [1, 2.5]}"}$$),
    ('clinic.audit_log_purge(interval)', $${"7 years"}$$),
    ('clinic._hash_password(text)', '{secret}'),
    ('clinic._crypt(text,text)', '{secret,$2a$06$abcdefghijklmnopqrstuu}'),
    ('clinic._gen_salt(text,integer)', '{bf,4}'),
    ('clinic.verify_provider_password(text,text)', '{doctor@example.com,password123}'),
    ('clinic._seed_default_provider()', '{}'),
    ('clinic._tables_with_rows()', '{}'),
    ('clinic.drift()', '{}'),
    ('clinic.audit_baseline(regnamespace)', '{clinic}'),
    ('clinic.audit_suppress(regnamespace,text,text,text,date)', '{clinic,fk.indexed,clinic.appointments,"accepted risk",2099-01-01}'),
    ('clinic.audit_record(regnamespace,text)', '{clinic,clinic}'),
    ('clinic.audit_repository(regnamespace,text[])', $${clinic,"{20251221153503_init}"}$$),
    ('clinic.migration_status(regnamespace)', '{clinic}'),
    ('clinic.is_valid_npi(text)', '{1234567893}'),
    ('clinic.is_valid_icd10cm(text)', '{E11.9}'),
    ('clinic.is_valid_rxnorm(text)', '{860975}'),
    ('clinic.is_valid_loinc(text)', '{8480-6}'),
    ('clinic.version()', '{}'),
    ('clinic.version_check()', '{}'),
    ('clinic.seed_demo()', '{}'),
    ('clinic.seed_production()', '{}'),
    ('clinic.generate_demo(integer,integer)', '{3,1}'),
    ('clinic.validate(regnamespace,text[],integer,boolean)', $${clinic,"{patients.person.duplicate}",5,false}$$),
    ('clinic._validation_rule_defaults()', '{}'),
    ('clinic._validation_set_checks(regnamespace)', '{clinic}'),
    ('clinic._validate_shard(regclass,text[],text[],double precision[],double precision[],integer,bigint,text,bigint)',
     ARRAY['clinic.patients', '{patients.sex.required}', '{}', '{}', '{}', '5', '0', 'UTC', '0']),
    ('clinic._appointment_transition_allowed(text,text)', '{scheduled,checked_in}'),
    ('clinic.log_access(uuid,text)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01,treatment}'),
    ('clinic.patient_history(uuid)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01}'),
    ('clinic.verify_audit_log(uuid)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01}'),
    ('clinic._verify_shard(regclass)', '{clinic.audit_log}'),
    ('clinic.audit_log_seal()', '{}'),
    ('clinic._audit_log_seal()', '{}'),
    ('clinic._audit_log_seal_problem(uuid)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01}'),
    ('clinic._audit_trail_problems()', '{}'),
    ('clinic.audit(regnamespace)', '{clinic}'),
    ('clinic.audit(regnamespace,text)', '{clinic,checklist}'),
    ('clinic.audit_profile(regnamespace)', '{clinic}'),
    ('clinic.audit_report(regnamespace,text)', '{clinic,text}'),
    ('clinic.audit_report(regnamespace,text,text)', '{clinic,text,checklist}'),
    ('clinic.schema_snapshot(regnamespace)', '{clinic}'),
    ('clinic.schema_diff(jsonb,jsonb)', ARRAY[$j${"enums": {}, "format": 1, "schema": "e", "tables": {}, "functions": {}}$j$,
                                               $j${"enums": {}, "format": 1, "schema": "e", "tables": {}, "functions": {}}$j$]),
    ('clinic._target_schema(regnamespace)', '{clinic}'),
    ('clinic._prisma_migrations_rows(regnamespace)', '{clinic}'),
    ('clinic._claims_statement(text,text,boolean)', '{patients,clinic.patients,false}'),
    ('clinic._distribution_ddl()', '{}'),
    ('clinic._distribution_ddl_on_workers(text)', '{after}'),
    ('clinic._distribution_plan()', '{}'),
    ('clinic._in_transaction_block()', '{}'),
    ('clinic._discard_local_rows(regclass)', '{clinic.patients}'),
    ('clinic._distributed()', '{}'),
    ('clinic.distribute()', '{}'),
    ('clinic.release_claims()', '{}'),
    ('clinic._manifest()', '{}');

-- Every function of the extension that SQL can call (trigger functions are tested as triggers;
-- called directly they raise, see below) has a good call: expect no rows.
SELECT p.oid::regprocedure AS missing_from_matrix
  FROM pg_proc p
 WHERE p.pronamespace = 'clinic'::regnamespace
   AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
EXCEPT SELECT fn FROM bad_input.good_call;

-- The bad values, per argument type: a label and a SQL expression.
CREATE TABLE bad_input.bad_value (type regtype, label text, expr text, PRIMARY KEY (type, label));
INSERT INTO bad_input.bad_value VALUES
    ('text', 'null', 'NULL'),
    ('text', 'empty', $$''$$),
    ('text', '1 MB', $$repeat('x', 1000000)$$),
    ('text', 'injection', $$'''); DROP TABLE clinic.patients; --'$$),
    ('text', 'quotes', $$'"a"."b"'$$),
    ('text', 'unicode', $$'Zoë 🙂 Пациент'$$),
    ('text', 'control chars', $$E'\t\r\n\\'$$),
    ('regnamespace', 'null', 'NULL'),
    ('regnamespace', 'pg_catalog', $$'pg_catalog'$$),
    ('regnamespace', 'empty schema', $$'bad_input_empty'$$),
    ('regnamespace', 'hostile name', $$'"x""; DROP SCHEMA clinic CASCADE; --"'$$),
    ('regnamespace', 'unicode name', $$'"Пациенты 🙂 ''q'' \"'$$),
    ('regnamespace', 'no such schema', $$'no_such_schema'$$),
    ('regnamespace', 'oid 0', $$0::oid$$),
    ('regnamespace', 'dangling oid', $$4294967295::oid$$),
    ('text[]', 'null', 'NULL'),
    ('text[]', 'empty', $$'{}'$$),
    ('text[]', 'null element', $$'{NULL}'$$),
    ('text[]', 'unknown check', $$'{no.such.check}'$$),
    ('text[]', 'injection', $$ARRAY['''); DROP TABLE clinic.patients; --']$$),
    ('text[]', '2-D', $$'{{patients.person.duplicate},{patients.person.duplicate}}'$$),
    ('integer', 'null', 'NULL'),
    ('integer', '-1', '-1'),
    ('integer', '0', '0'),
    ('integer', 'max', '2147483647'),
    ('integer', 'min', '-2147483648'),
    ('integer', 'text', $$'many'$$),
    ('boolean', 'null', 'NULL'),
    ('boolean', 'true', 'true'),
    ('boolean', 'text', $$'maybe'$$),
    ('jsonb', 'null', 'NULL'),
    ('jsonb', 'json null', $$'null'$$),
    ('jsonb', 'array', $$'[]'$$),
    ('jsonb', 'string', $$'"x"'$$),
    ('jsonb', 'wrong format', $$'{"format": 99, "tables": {}}'$$),
    ('jsonb', 'tables not object', $$'{"format": 1, "tables": [1, 2]}'$$),
    ('jsonb', 'column not object', $$'{"format": 1, "tables": {"t": {"columns": {"c": 5}}}}'$$),
    ('jsonb', 'deep nesting', $$(repeat('[', 5000) || repeat(']', 5000))::jsonb$$),
    ('jsonb', 'malformed', $$'{"tables": '$$),
    ('uuid', 'null', 'NULL'),
    ('uuid', 'nil', $$'00000000-0000-0000-0000-000000000000'$$),
    ('uuid', 'unknown', $$'d0e5b4a6-1c2f-4a55-9a77-3b1b9c0f0e01'$$),
    ('uuid', 'malformed', $$'not-a-uuid'$$),
    ('interval', 'null', 'NULL'),
    ('interval', 'negative', $$'-1 day'$$),
    ('interval', 'zero', $$'0'$$),
    ('interval', 'under retention', $$'1 year'$$),
    ('interval', 'huge', $$'178000000 years'$$),
    ('date', 'null', 'NULL'),
    ('date', 'past', $$'2000-01-01'$$),
    ('date', 'infinity', $$'infinity'$$),
    ('date', '-infinity', $$'-infinity'$$),
    ('regclass', 'null', 'NULL'),
    ('regclass', 'catalog', $$'pg_catalog.pg_class'$$),
    ('regclass', 'oid 0', $$0::oid$$),
    ('regclass', 'dangling oid', $$4294967295::oid$$),
    ('double precision[]', 'null', 'NULL'),
    ('double precision[]', 'null element', $$'{NULL}'$$),
    ('double precision[]', 'longer', $$'{1, 2}'$$),
    ('double precision[]', '2-D', $$'{{1},{2}}'$$),
    ('double precision[]', 'nan', $$'{NaN}'$$);

-- Runs one call and rolls it back: "ok" or "SQLSTATE: message".
CREATE FUNCTION bad_input.outcome(call text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    msg text;
BEGIN
    BEGIN
        EXECUTE 'SELECT count(*) FROM ' || call;
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'bad_input: rolled back';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    IF state = 'P0001' AND msg = 'bad_input: rolled back' THEN
        RETURN 'ok';
    END IF;
    RETURN state || ': ' || left(msg, 110);
END
$$;

SET client_min_messages = warning;  -- not the validator's progress notices

-- What each good call must return, as a digest: a SQL expression over its result r (a
-- scalar function's value, or the rows of a set or record), evaluated after the call, in its
-- subtransaction, so it may also read what the call wrote. Only deterministic parts: no
-- timestamps, OIDs, xids, sequence values or random salts. Keyed by the function's name, so
-- an argument added with a default does not move a row. A function without a row here gets
-- the default: its single value, or the number of rows and an md5 of them in text order.
CREATE TABLE bad_input.good_digest (fn text PRIMARY KEY, digest text NOT NULL);
INSERT INTO bad_input.good_digest VALUES
    ('clinic._audit_log_seal', $$format('seal %s, %s chains', seal_id, chains)$$),
    ('clinic._gen_salt', $$format('%s and %s random characters', left(r, 7), length(r) - 7)$$),
    ('clinic._hash_password', $$format('%s and %s characters, verifies: %s, another password: %s',
        left(r, 7), length(r) - 7, clinic._crypt('secret', r) = r, clinic._crypt('Secret', r) = r)$$),
    ('clinic._manifest', $$format('format %s, schema %s: %s tables, %s columns, %s enums, %s functions', r->>'format', r->>'schema',
        (SELECT count(*) FROM jsonb_object_keys(r->'tables')),
        (SELECT count(*) FROM jsonb_each(r->'tables') t, jsonb_object_keys(t.value->'columns')),
        (SELECT count(*) FROM jsonb_object_keys(r->'enums')), (SELECT count(*) FROM jsonb_object_keys(r->'functions')))$$),
    ('clinic._tables_with_rows', $$count(*) || ': ' || string_agg(table_name, ', ' ORDER BY table_name)$$),
    ('clinic.audit', $$format('%s checks; but for the 3 that read statistics (index.unused, table.*): %s pass, %s warn, %s fail, %s skip, md5 %s',
        count(*), count(*) FILTER (WHERE status = 'pass' AND check_id NOT IN ('index.unused', 'table.sizes', 'table.bloat')),
        count(*) FILTER (WHERE status = 'warn' AND check_id NOT IN ('index.unused', 'table.sizes', 'table.bloat')),
        count(*) FILTER (WHERE status = 'fail' AND check_id NOT IN ('index.unused', 'table.sizes', 'table.bloat')),
        count(*) FILTER (WHERE status = 'skip' AND check_id NOT IN ('index.unused', 'table.sizes', 'table.bloat')),
        left(md5(string_agg(check_id || ' ' || status, ',' ORDER BY check_id)
                 FILTER (WHERE check_id NOT IN ('index.unused', 'table.sizes', 'table.bloat'))), 12))$$),
    ('clinic.audit_baseline', $$(SELECT format('%s baseline taken at the returned time, of %s, by the caller: %s, the schema''s snapshot: %s',
        count(*), min(b.schema_name), bool_and(b.taken_by = current_user), bool_and(b.snapshot = clinic.schema_snapshot('clinic')))
        FROM clinic_audit.baselines b WHERE b.taken_at = r)$$),
    ('clinic.audit_log_seal', $$format('seal %s, %s chains, digest stored: %s, log verifies: %s', seal_id, chains,
        (SELECT s.digest = r.digest FROM clinic.audit_log_seals s WHERE s.seal_id = r.seal_id),
        (SELECT v.ok FROM clinic.verify_audit_log(NULL) v))$$),
    ('clinic.audit_record', $$(SELECT format('%s checks of %s recorded by the caller: %s, counted as audit() counts them: %s',
        u.passed + u.warnings + u.failed + u.skipped, u.schema_name, u.ran_by = current_user,
        (u.passed, u.warnings, u.failed, u.skipped) = (SELECT count(*) FILTER (WHERE a.status = 'pass'), count(*) FILTER (WHERE a.status = 'warn'),
                                                       count(*) FILTER (WHERE a.status = 'fail'), count(*) FILTER (WHERE a.status = 'skip')
                                                  FROM clinic.audit('clinic') a))
        FROM clinic_audit.runs u WHERE u.run_id = r)$$),
    ('clinic.audit_report', $$format('%s checks listed, as audit() counts them: %s', regexp_count(r, '^\[[A-Z]+\] ', 1, 'n'),
        (regexp_count(r, '^\[PASS\]', 1, 'n'), regexp_count(r, '^\[WARN\]', 1, 'n'), regexp_count(r, '^\[FAIL\]', 1, 'n'),
         regexp_count(r, '^\[SKIP\]', 1, 'n'))
        = (SELECT count(*) FILTER (WHERE a.status = 'pass'), count(*) FILTER (WHERE a.status = 'warn'),
                  count(*) FILTER (WHERE a.status = 'fail'), count(*) FILTER (WHERE a.status = 'skip') FROM clinic.audit('clinic') a))$$),
    ('clinic.audit_suppress', $$(SELECT format('%s suppression of %s on %s in %s until %s, by the caller: %s', count(*), min(s.check_id),
        min(s.object_name), min(s.schema_name), to_char(min(s.expires_on), 'YYYY-MM-DD'), bool_and(s.created_by = current_user)) FROM clinic_audit.suppressions s)$$),
    ('clinic.generate_demo', $$string_agg(table_name || ' ' || inserted, ', ' ORDER BY table_name)$$),
    ('clinic.log_access', $$(SELECT format('appended %s %s of %s, purpose %s; chain verifies: %s', l.operation, l.table_name, l.row_id,
        l.new_values, (SELECT v.ok FROM clinic.verify_audit_log(l.patient_id) v))
        FROM clinic.audit_log l WHERE l.patient_id = '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01' AND l.seq = r)$$),
    ('clinic.migration_status', $$string_agg(format('%s %s %s', source, name, state), '; ' ORDER BY source, name)$$),
    ('clinic.patient_history', $$format('%s changes, seq %s to %s, %s inserts; md5 %s', count(*), min(seq), max(seq),
        count(*) FILTER (WHERE operation = 'INSERT'),
        left(md5(string_agg(format('%s %s %s %s %s', seq, operation, table_name, row_id, actor), ',' ORDER BY seq)), 12))$$),
    ('clinic.schema_snapshot', $$format('format %s, schema %s: %s tables, %s columns, %s enums, %s functions; differences from the manifest: %s',
        r->>'format', r->>'schema', (SELECT count(*) FROM jsonb_object_keys(r->'tables')),
        (SELECT count(*) FROM jsonb_each(r->'tables') t, jsonb_object_keys(t.value->'columns')),
        (SELECT count(*) FROM jsonb_object_keys(r->'enums')), (SELECT count(*) FROM jsonb_object_keys(r->'functions')),
        (SELECT count(*) FROM clinic.schema_diff(clinic._manifest(), r)))$$),
    ('clinic.seed_demo', $$format('tables: %s, rows inserted: %s', count(*), sum(inserted))$$),
    ('clinic.seed_production', $$format('tables: %s, rows inserted: %s', count(*), sum(inserted))$$),
    ('clinic.validate', $$string_agg(format('%s %s %s/%s', check_id, status, violated_rows, total_rows), '; ' ORDER BY check_id)$$),
    ('clinic.version', $$format('%s, the installed version: %s', r, r = (SELECT extversion FROM pg_extension WHERE extname = 'clinic'))$$),
    ('clinic.version_check', $$format('%s, the installed version: %s; matches: %s', library_version,
        library_version = sql_version AND sql_version = (SELECT extversion FROM pg_extension WHERE extname = 'clinic'), matches)$$);

-- Runs a good call and rolls it back: its digest, or "SQLSTATE: message".
CREATE FUNCTION bad_input.result(call text, digest text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text;
    state text;
    msg text;
BEGIN
    BEGIN
        -- The result kept in a table, so the digest runs after the call and sees what it wrote.
        EXECUTE 'CREATE TEMP TABLE bad_input_result AS SELECT * FROM ' || call || ' r';
        EXECUTE 'SELECT (' || coalesce(digest, $d$CASE count(*) WHEN 0 THEN 'no rows' WHEN 1 THEN coalesce(min(r::text), 'NULL')
                 ELSE count(*) || ' rows, md5 ' || left(md5(string_agg(r::text, E'\n' ORDER BY r::text)), 12) END$d$)
             || ')::text FROM pg_temp.bad_input_result r' INTO d;
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'bad_input: rolled back';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    IF state = 'P0001' AND msg = 'bad_input: rolled back' THEN
        RETURN coalesce(d, 'no rows');
    END IF;
    RETURN state || ': ' || left(msg, 110);
END
$$;

-- The good calls and what each returned. All succeed but clinic._audit_log_seal(), which is
-- refused (42501) by design: called directly it cannot move the heads an earlier seal recorded
-- (clinic.audit_log_seal() alone opens audit_log_sealed_heads to it, and trail's seals came
-- before this file). clinic.distribute(), clinic._distribution_ddl_on_workers() and
-- clinic.release_claims() (55000), clinic._validate_shard(), clinic._verify_shard() and
-- clinic._discard_local_rows() (22023) need a Citus cluster, which this database is not.
SELECT g.fn, bad_input.result(CASE WHEN p.prorettype = 'void'::regtype THEN '(SELECT ' || c.call || '::text AS r)' ELSE c.call END,
                              d.digest) AS result
  FROM bad_input.good_call g JOIN pg_proc p ON p.oid = g.fn
 CROSS JOIN LATERAL (SELECT format('%s(%s)', g.fn::oid::regproc,
           (SELECT string_agg(quote_literal(a) || '::' || t::regtype, ', ' ORDER BY i)
              FROM unnest(g.args, p.proargtypes::regtype[]) WITH ORDINALITY u(a, t, i))) AS call) c
  LEFT JOIN bad_input.good_digest d ON d.fn = g.fn::oid::regproc::text
 ORDER BY g.fn::text;

-- Every digest names a function of the matrix: expect no rows.
SELECT fn AS digest_without_good_call FROM bad_input.good_digest
EXCEPT SELECT fn::oid::regproc::text FROM bad_input.good_call;

-- The matrix: function, argument, bad value, outcome.
SELECT g.fn::oid::regproc AS function, p.proargnames[b.i] AS argument, v.label AS value,
       bad_input.outcome(format('%s(%s)', g.fn::oid::regproc,
           (SELECT string_agg(CASE WHEN u.i = b.i THEN '(' || v.expr || ')::' || u.t::regtype
                                   ELSE quote_literal(u.a) || '::' || u.t::regtype END, ', ' ORDER BY u.i)
              FROM unnest(g.args, p.proargtypes::regtype[]) WITH ORDINALITY u(a, t, i)))) AS outcome
  FROM bad_input.good_call g
  JOIN pg_proc p ON p.oid = g.fn
 CROSS JOIN LATERAL generate_series(1, p.pronargs) b(i)
  JOIN bad_input.bad_value v ON v.type = p.proargtypes[b.i - 1]
 ORDER BY g.fn::text, b.i, v.label;

-- Trigger functions called directly raise instead of touching a missing trigger context.
SELECT p.oid::regprocedure AS trigger_function, bad_input.outcome('(SELECT ' || p.oid::regproc || '()) s') AS called_directly
  FROM pg_proc p
 WHERE p.pronamespace = 'clinic'::regnamespace
   AND p.prorettype IN ('trigger'::regtype, 'event_trigger'::regtype)
 ORDER BY p.oid::regprocedure::text;

-- The report formats, each with a hostile-named and an empty schema.
SELECT f AS format, s AS target,
       bad_input.outcome(format('clinic.audit_report(%L::regnamespace, %L)', s, f)) AS outcome
  FROM unnest(ARRAY['text', 'json', 'sarif', 'tap', 'markdown', 'TEXT', 'xml']) f
 CROSS JOIN unnest(ARRAY['"x""; DROP SCHEMA clinic CASCADE; --"', 'bad_input_empty']) s
 ORDER BY 1, 2;

-- Hostile names inside a schema reach every query the extension builds quoted: a table, columns,
-- an index and an unindexed foreign key whose names are SQL.
CREATE TABLE "x""; DROP SCHEMA clinic CASCADE; --"."t""; DROP TABLE clinic.patients; --" (
    "id""; --" int PRIMARY KEY, "Ω 'name'" text, "parent;" int REFERENCES "x""; DROP SCHEMA clinic CASCADE; --"."t""; DROP TABLE clinic.patients; --");
CREATE INDEX "i""; --" ON "x""; DROP SCHEMA clinic CASCADE; --"."t""; DROP TABLE clinic.patients; --" ("Ω 'name'");
SELECT check_id, status, detail FROM clinic.audit('"x""; DROP SCHEMA clinic CASCADE; --"')
 WHERE check_id IN ('fk.indexed', 'columns.timestamps') ORDER BY 1;
SELECT jsonb_object_keys(clinic.schema_snapshot('"x""; DROP SCHEMA clinic CASCADE; --"') -> 'tables') AS snapshot_table;
SELECT change, object_type, object_name FROM clinic.schema_diff(
    clinic.schema_snapshot('"x""; DROP SCHEMA clinic CASCADE; --"'), clinic.schema_snapshot('bad_input_empty')) ORDER BY 2, 3;

-- The validator on a copy of the clinic tables in a schema named with quotes, a backslash and
-- emoji: its queries quote the name, so it finds exactly what it finds in clinic.
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
               AND c.relname IN ('providers', 'patients', 'allergies', 'chronic_conditions', 'appointments',
                                 'medical_records', 'symptoms', 'prescriptions', 'vital_signs', 'consent_records',
                                 'audit_log')
    LOOP
        EXECUTE format('CREATE TABLE %I.%I (LIKE clinic.%I INCLUDING DEFAULTS)', 'Пациенты 🙂 ''q'' \', t, t);
        EXECUTE format('INSERT INTO %I.%I SELECT * FROM clinic.%I', 'Пациенты 🙂 ''q'' \', t, t);
    END LOOP;
END
$$;
SELECT count(*) AS checks,
       count(*) FILTER (WHERE (h.status, h.violated_rows, h.total_rows, h.sample)
                              IS NOT DISTINCT FROM (c.status, c.violated_rows, c.total_rows, c.sample)) AS same_as_clinic
  FROM clinic.validate('"Пациенты 🙂 ''q'' \"') h
  JOIN clinic.validate('clinic') c USING (check_id);

-- A schema the caller may not read: a clear 42501, and nothing about its contents leaks.
CREATE SCHEMA bad_input_secret;
CREATE TABLE bad_input_secret.patients (id int PRIMARY KEY, ssn text);
CREATE ROLE regress_bad_input_auditor IN ROLE clinic_auditor;
GRANT USAGE ON SCHEMA bad_input TO regress_bad_input_auditor;
GRANT EXECUTE ON FUNCTION bad_input.outcome(text) TO regress_bad_input_auditor;
SET ROLE regress_bad_input_auditor;
SELECT f AS function, bad_input.outcome(format('%s(%L::regnamespace)', f, 'bad_input_secret')) AS outcome
  FROM unnest(ARRAY['clinic.audit', 'clinic.audit_profile', 'clinic.audit_report', 'clinic.schema_snapshot', 'clinic.validate',
                    'clinic.migration_status', 'clinic.audit_baseline', 'clinic.audit_record',
                    'clinic._validation_set_checks', 'clinic._target_schema']) f
 ORDER BY 1;
RESET ROLE;
-- validate() reads the heap directly, so it checks what the executor would: SELECT on every table
-- it scans, and no row-level security policy that would hide rows from the caller.
GRANT USAGE ON SCHEMA "Пациенты 🙂 'q' \" TO regress_bad_input_auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA "Пациенты 🙂 'q' \" TO regress_bad_input_auditor;
REVOKE SELECT ON "Пациенты 🙂 'q' \".vital_signs FROM regress_bad_input_auditor;
SET ROLE regress_bad_input_auditor;
SELECT bad_input.outcome($$clinic.validate('"Пациенты 🙂 ''q'' \"')$$) AS without_select_on_vital_signs;
RESET ROLE;
GRANT SELECT ON "Пациенты 🙂 'q' \".vital_signs TO regress_bad_input_auditor;
ALTER TABLE "Пациенты 🙂 'q' \".patients ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_some ON "Пациенты 🙂 'q' \".patients USING (sex = 'female');
SET ROLE regress_bad_input_auditor;
SELECT bad_input.outcome($$clinic.validate('"Пациенты 🙂 ''q'' \"')$$) AS with_a_policy;
-- The audit leaves a table whose policy applies to the caller unread (a policy is its owner's
-- code) and says so, instead of failing.
SELECT bad_input.outcome($$clinic.audit('"Пациенты 🙂 ''q'' \"')$$) AS audit_with_a_policy;
SELECT status, detail FROM clinic.audit('"Пациенты 🙂 ''q'' \"') WHERE check_id = 'e2e.readable';
RESET ROLE;
SELECT bad_input.outcome($$clinic.validate('"Пациенты 🙂 ''q'' \"')$$) AS owner_bypasses;
REVOKE ALL ON ALL TABLES IN SCHEMA "Пациенты 🙂 'q' \" FROM regress_bad_input_auditor;
REVOKE ALL ON SCHEMA "Пациенты 🙂 'q' \" FROM regress_bad_input_auditor;
REVOKE ALL ON FUNCTION bad_input.outcome(text) FROM regress_bad_input_auditor;
REVOKE ALL ON SCHEMA bad_input FROM regress_bad_input_auditor;
DROP ROLE regress_bad_input_auditor;

-- Nothing was changed by any of it, and the server never restarted.
SELECT count(*) AS patients FROM clinic.patients;
SELECT (SELECT count(*) FROM clinic_audit.baselines) AS baselines, (SELECT count(*) FROM clinic_audit.suppressions) AS suppressions,
       (SELECT count(*) FROM clinic_audit.runs) AS runs, (SELECT count(*) FROM clinic.audit_log) AS audit_rows;
SELECT nspname FROM pg_namespace WHERE nspname = 'clinic';
SELECT pg_postmaster_start_time() = :'started' AS server_not_restarted;

DROP SCHEMA bad_input, bad_input_secret, bad_input_empty, "x""; DROP SCHEMA clinic CASCADE; --",
    "Пациенты 🙂 'q' \" CASCADE;
