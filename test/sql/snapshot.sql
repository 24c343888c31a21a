-- clinic.schema_snapshot and clinic.schema_diff.
-- Deterministic: two snapshots of an unchanged schema are equal and differ in nothing.
SELECT clinic.schema_snapshot() = clinic.schema_snapshot() AS deterministic;
SELECT count(*) AS differences FROM clinic.schema_diff(clinic.schema_snapshot(), clinic.schema_snapshot());
-- What a snapshot holds.
SELECT jsonb_object_keys(clinic.schema_snapshot()) AS key ORDER BY 1;
SELECT jsonb_pretty(clinic.schema_snapshot() #> '{tables,appointments,constraints,appointments_provider_fkey}');
SELECT jsonb_pretty(clinic.schema_snapshot() #> '{tables,appointments,triggers,appointment_rules}');
SELECT clinic.schema_snapshot() #> '{enums,appointment_status,labels}' AS labels;
SELECT (SELECT count(*) FROM jsonb_object_keys(clinic.schema_snapshot() -> 'tables')) AS tables,
       (SELECT count(*) FROM jsonb_object_keys(clinic.schema_snapshot() -> 'functions')) AS functions;

-- Every kind of change is named, including what an ORM's drift check cannot see: CHECK
-- constraints, triggers, row-level security, policies, grants, comments.
BEGIN;
CREATE TEMP TABLE before AS SELECT clinic.schema_snapshot() AS s;
ALTER TABLE clinic.vital_signs DROP CONSTRAINT vital_signs_heart_rate_range;
ALTER TABLE clinic.vital_signs ADD CONSTRAINT vital_signs_heart_rate_range CHECK (heart_rate_per_min BETWEEN 20 AND 250);
ALTER TABLE clinic.appointments DISABLE TRIGGER appointment_rules;
DROP TRIGGER patient_rules ON clinic.patients;
CREATE TRIGGER patient_rules BEFORE INSERT OR UPDATE OF date_of_birth ON clinic.patients
    FOR EACH ROW WHEN (NEW.deceased_at IS NULL) EXECUTE FUNCTION clinic.patient_rules_trigger();
ALTER TABLE clinic.patients ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON clinic.patients FOR SELECT TO clinic_front_desk USING (created_by = current_user);
GRANT SELECT ON clinic.patients TO PUBLIC;
ALTER TABLE clinic.patients ALTER COLUMN phone SET NOT NULL, ADD COLUMN nickname text;
ALTER TABLE clinic.allergies ALTER COLUMN reaction SET DEFAULT 'unknown';
DROP INDEX clinic.patients_phone_idx;
COMMENT ON TABLE clinic.symptoms IS 'changed';
ALTER TABLE clinic.medical_records DROP CONSTRAINT medical_records_appointment_fkey,
    ADD CONSTRAINT medical_records_appointment_fkey FOREIGN KEY (patient_id, appointment_id)
        REFERENCES clinic.appointments (patient_id, id) ON DELETE RESTRICT;
ALTER FUNCTION clinic.version() VOLATILE;
SELECT object_type, object_name, change, expected, actual
  FROM clinic.schema_diff((SELECT s FROM before), clinic.schema_snapshot());
ROLLBACK;

-- Bad input: a clear error that says what is wrong.
\set VERBOSITY default
SELECT * FROM clinic.schema_diff('{"format": 1, "tables": {"t": []}, "enums": {}, "functions": {}}', '{}');
SELECT regress.try($$SELECT * FROM clinic.schema_diff(NULL, clinic.schema_snapshot())$$);
SELECT regress.try($$SELECT * FROM clinic.schema_diff('[]', clinic.schema_snapshot())$$);
SELECT regress.try($$SELECT * FROM clinic.schema_diff('{"format": 2, "tables": {}, "enums": {}, "functions": {}}', '{}')$$);
SELECT regress.try($$SELECT * FROM clinic.schema_diff(clinic.schema_snapshot(), '{"format": 1, "tables": [], "enums": {}, "functions": {}}')$$);
SELECT regress.try($$SELECT * FROM clinic.schema_diff(clinic.schema_snapshot(), '{"format": 1, "tables": {"t": 1}, "enums": {}, "functions": {}}')$$);
SELECT regress.try($$SELECT clinic.schema_snapshot(NULL)$$);
-- An empty snapshot expects nothing: everything live is unexpected.
SELECT change, count(*) FROM clinic.schema_diff('{"format": 1, "tables": {}, "enums": {}, "functions": {}}', clinic.schema_snapshot())
 GROUP BY 1;

-- Index definitions in snapshots read exactly as pg_get_indexdef prints them, for every kind of
-- index (plain ones are built from catalog fields, the others deparsed).
CREATE SCHEMA regress_ix;
CREATE TABLE regress_ix.t (a int, b text, "Odd Name" text, c int, d tsvector);
CREATE INDEX plain ON regress_ix.t (a, b);
CREATE INDEX incl ON regress_ix.t (a) INCLUDE (b, c);
CREATE INDEX descending ON regress_ix.t (a DESC NULLS LAST, b NULLS FIRST);
CREATE INDEX collated ON regress_ix.t (b COLLATE "C");
CREATE INDEX opclass ON regress_ix.t (b text_pattern_ops);
CREATE INDEX quoted ON regress_ix.t ("Odd Name");
CREATE INDEX filled ON regress_ix.t (c) WITH (fillfactor = 70);
CREATE UNIQUE INDEX nnd ON regress_ix.t (c) NULLS NOT DISTINCT;
CREATE INDEX expr ON regress_ix.t (lower(b));
CREATE INDEX partial ON regress_ix.t (a) WHERE c > 0;
CREATE INDEX hashed ON regress_ix.t USING hash (b);
CREATE INDEX gin_ix ON regress_ix.t USING gin (d);
SELECT i.relname AS index_name, s.def AS snapshot_definition,
       s.def = regexp_replace(pg_get_indexdef(i.oid), '^.*? USING ', '') AS same_as_pg_get_indexdef
  FROM pg_class i JOIN pg_index x ON x.indexrelid = i.oid,
       LATERAL (SELECT clinic.schema_snapshot('regress_ix') #>> ARRAY['tables', 't', 'indexes', i.relname, 'definition'] AS def) s
 WHERE x.indrelid = 'regress_ix.t'::regclass ORDER BY 1;
-- An index a failed CREATE INDEX CONCURRENTLY left behind (ready, not valid) snapshots as not
-- valid, and differs from its baseline.
CREATE TABLE regress_ix.baseline AS SELECT clinic.schema_snapshot('regress_ix') AS s;
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'regress_ix.plain'::regclass;
SELECT clinic.schema_snapshot('regress_ix') #> '{tables,t,indexes,plain,valid}' AS plain_valid;
SELECT object_type, object_name, change, expected, actual
  FROM clinic.schema_diff((SELECT s FROM regress_ix.baseline), clinic.schema_snapshot('regress_ix'))
 WHERE object_name LIKE 't.plain%';
UPDATE pg_index SET indisvalid = true WHERE indexrelid = 'regress_ix.plain'::regclass;
DROP TABLE regress_ix.baseline;
DROP SCHEMA regress_ix CASCADE;
