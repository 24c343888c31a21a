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
