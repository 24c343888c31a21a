-- The validator reads columns of the target's tables by their types: every column a rule or a
-- set check reads must give the kind of value the clinic schema's column gives, else 42804
-- naming table.column and both types. A by-value oid read as a text pointer once crashed the
-- server. Here every column of a clinic-shaped schema takes each of 25 types in turn (one row
-- of that type), and validate() runs: each outcome is a result or a 42804, never a crash.
\set VERBOSITY terse
SET client_min_messages = warning;
-- The reported attack, verbatim, by an auditor with only TEMP.
CREATE ROLE regress_vt_auditor IN ROLE clinic_auditor;
GRANT TEMP ON DATABASE contrib_regression TO regress_vt_auditor;
GRANT USAGE ON SCHEMA regress TO regress_vt_auditor;
SET ROLE regress_vt_auditor;
CREATE TEMP TABLE patients (id uuid, sex oid, date_of_birth date, deceased_at timestamptz);
INSERT INTO patients VALUES (gen_random_uuid(), 0, '1990-01-01', NULL);
SELECT regress.try($$SELECT * FROM clinic.validate(pg_my_temp_schema()::regnamespace, ARRAY['patients'])$$);
DROP TABLE patients;
-- A partitioned table has no storage to scan: it once crashed the server too.
CREATE TEMP TABLE patients (id uuid, sex text, date_of_birth date, deceased_at timestamptz)
    PARTITION BY RANGE (date_of_birth);
SELECT regress.try($$SELECT count(*) FROM clinic.validate(pg_my_temp_schema()::regnamespace)$$);
DROP TABLE patients;
RESET ROLE;

-- Every column, every type.
CREATE SCHEMA vt;
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace
               AND c.relkind = 'r' AND c.relname NOT LIKE 'audit_log_%' AND c.relname <> 'validation_rules'
    LOOP
        EXECUTE format('CREATE TABLE vt.%I AS SELECT * FROM clinic.%I LIMIT 0', t, t);
    END LOOP;
END $$;
CREATE TABLE vt.outcomes (table_name name, column_name name, type_name text, outcome text);
DO $$
DECLARE
    col record;
    ty text[];
    original text;
    r text;
BEGIN
    FOR col IN SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type
                 FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relnamespace = 'vt'::regnamespace AND c.relname <> 'outcomes'
                ORDER BY 1, 2
    LOOP
        FOREACH ty SLICE 1 IN ARRAY ARRAY[
            ['oid', '0'], ['smallint', '1'], ['integer', '1'], ['bigint', '1'], ['real', '1.5'],
            ['double precision', '1.5'], ['numeric', '1.5'], ['text', 'x'], ['varchar', 'x'],
            ['char(3)', 'x'], ['name', 'x'], ['"char"', 'x'], ['boolean', 'true'], ['date', '2020-01-01'],
            ['timestamp', '2020-01-01'], ['timestamptz', '2020-01-01'], ['uuid', '00000000-0000-4000-8000-000000000001'],
            ['jsonb', '{}'], ['bytea', '\x00'], ['integer[]', '{1}'], ['inet', '127.0.0.1'],
            ['interval', '1 day'], ['point', '(1,1)'], ['tstzrange', '[2020-01-01,2020-01-02)'], ['clinic.sex', 'female']]
        LOOP
            original := col.type;
            EXECUTE format('TRUNCATE vt.%I', col.relname);
            EXECUTE format('ALTER TABLE vt.%I ALTER COLUMN %I TYPE %s USING NULL', col.relname, col.attname, ty[1]);
            EXECUTE format('INSERT INTO vt.%I (%I) VALUES (%L::%s)', col.relname, col.attname, ty[2], ty[1]);
            IF col.relname <> 'patients' THEN
                INSERT INTO vt.patients (id) VALUES ('00000000-0000-4000-8000-000000000001') ON CONFLICT DO NOTHING;
            END IF;
            r := regress.try(format($q$SELECT count(*) FROM clinic.validate('vt', ARRAY[%L])$q$,
                                    CASE col.relname WHEN 'audit_log' THEN 'appointments.status.history' ELSE col.relname END));
            INSERT INTO vt.outcomes VALUES (col.relname, col.attname, ty[1], r);
            EXECUTE format('TRUNCATE vt.%I, vt.patients', col.relname);
            EXECUTE format('ALTER TABLE vt.%I ALTER COLUMN %I TYPE %s USING NULL', col.relname, col.attname, original);
        END LOOP;
        COMMIT;  -- each type change takes locks: a transaction per column keeps them few
    END LOOP;
END $$;
-- Every run ended in a result or a 42804; a crash would have ended the session.
SELECT pg_catalog.split_part(outcome, ':', 1) AS outcome, count(*) FROM vt.outcomes GROUP BY 1 ORDER BY 1;
SELECT count(DISTINCT (table_name, column_name)) AS columns, count(DISTINCT type_name) AS types FROM vt.outcomes;
-- Some refusals, as a DBA sees them.
SELECT table_name, column_name, type_name, outcome FROM vt.outcomes
 WHERE (table_name, column_name, type_name) IN (('patients', 'sex', 'oid'), ('patients', 'id', 'text'),
        ('vital_signs', 'weight_kg', 'text'), ('appointments', 'status', 'jsonb'), ('patients', 'date_of_birth', 'timestamptz'))
 ORDER BY 1, 2, 3;
-- A type of the same kind is accepted: numbers of any width, text or an enum, a domain.
SELECT table_name, column_name, type_name, outcome FROM vt.outcomes
 WHERE (table_name, column_name, type_name) IN (('vital_signs', 'weight_kg', 'real'), ('patients', 'sex', 'text'),
        ('patients', 'mrn', 'varchar'))
 ORDER BY 1, 2, 3;
-- Text where the clinic schema has an enum, or an enum where it has text, is of the same kind:
-- the set checks' SQL then fails as PostgreSQL's own type checks say, never by running code.
SELECT table_name, column_name, type_name, outcome FROM vt.outcomes WHERE outcome !~ '^(ok|42804)' ORDER BY 1, 2, 3;
DROP SCHEMA vt CASCADE;
REVOKE USAGE ON SCHEMA regress FROM regress_vt_auditor;
REVOKE TEMP ON DATABASE contrib_regression FROM regress_vt_auditor;
DROP ROLE regress_vt_auditor;
