-- Bad input, over every SQL-callable function of the extension: each argument in turn gets
-- NULL, empty, huge, hostile and malformed values (the others a good value). Every call gives
-- its intended result ("ok") or an ERROR with a specific SQLSTATE; none crashes the backend.
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
    ('clinic.audit_record(regnamespace)', '{clinic}'),
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
    ('clinic._appointment_transition_allowed(text,text)', '{scheduled,confirmed}'),
    ('clinic.log_access(uuid,text)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01,treatment}'),
    ('clinic.patient_history(uuid)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01}'),
    ('clinic.verify_audit_log(uuid)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01}'),
    ('clinic.audit_log_seal()', '{}'),
    ('clinic._audit_log_seal()', '{}'),
    ('clinic._audit_log_seal_problem(uuid)', '{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01}'),
    ('clinic._audit_trail_problems()', '{}'),
    ('clinic.audit(regnamespace)', '{clinic}'),
    ('clinic.audit_report(regnamespace,text)', '{clinic,text}'),
    ('clinic.schema_snapshot(regnamespace)', '{clinic}'),
    ('clinic.schema_diff(jsonb,jsonb)', ARRAY[$j${"enums": {}, "format": 1, "schema": "e", "tables": {}, "functions": {}}$j$,
                                               $j${"enums": {}, "format": 1, "schema": "e", "tables": {}, "functions": {}}$j$]),
    ('clinic._target_schema(regnamespace)', '{clinic}'),
    ('clinic._prisma_migrations_table(regnamespace)', '{clinic}'),
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
    ('date', '-infinity', $$'-infinity'$$);

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

-- The good calls themselves succeed.
SELECT g.fn, bad_input.outcome(format('%s(%s)', g.fn::oid::regproc,
           (SELECT string_agg(quote_literal(a) || '::' || t::regtype, ', ' ORDER BY i)
              FROM unnest(g.args, p.proargtypes::regtype[]) WITH ORDINALITY u(a, t, i)))) AS good
  FROM bad_input.good_call g JOIN pg_proc p ON p.oid = g.fn
 ORDER BY g.fn::text;

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
  FROM unnest(ARRAY['clinic.audit', 'clinic.audit_report', 'clinic.schema_snapshot', 'clinic.validate',
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
