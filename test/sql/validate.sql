-- The integrity validator: a clean database passes; a fixture schema with known bad rows (its
-- constraints bypassed, as a real database's would be) reports exactly those rows.
SET client_min_messages = warning;  -- the per-table progress NOTICEs carry timings
SELECT status, count(*) FROM clinic.validate() GROUP BY status ORDER BY status;
SELECT check_id, violated_rows, total_rows FROM clinic.validate() WHERE status <> 'pass' ORDER BY check_id;

-- The rules table holds every check, row-level and set-level, with its defaults.
SELECT category, count(*) FROM clinic.validation_rules GROUP BY category ORDER BY category;
SELECT check_id, check_type, threshold, low, high FROM clinic.validation_rules
 WHERE check_id LIKE 'vital_signs.heart_rate_per_min.%' OR check_id LIKE 'appointments.provider%' ORDER BY check_id;

-- The fixture: the clinic tables without their CHECK, foreign-key and unique constraints.
CREATE SCHEMA regress_dq;
DO $$
DECLARE t name;
BEGIN
    FOR t IN SELECT unnest(ARRAY['providers', 'patients', 'allergies', 'chronic_conditions', 'appointments',
                                 'medical_records', 'symptoms', 'prescriptions', 'vital_signs', 'consent_records'])
    LOOP
        EXECUTE format('CREATE TABLE regress_dq.%I (LIKE clinic.%I INCLUDING DEFAULTS)', t, t);
    END LOOP;
END
$$;
ALTER TABLE regress_dq.patients ALTER COLUMN sex DROP NOT NULL;
INSERT INTO regress_dq.providers (id, email, password_hash, first_name, last_name, npi, created_by, updated_by) VALUES
  ('00000000-0000-4000-8000-00000000d001', 'a@x.org', 'x', 'Ann', 'Doc', '1234567893', 'fixture', 'fixture'),
  ('00000000-0000-4000-8000-00000000d002', 'b@x.org', 'x', 'Bob', 'Doc', '1234567890', 'fixture', 'fixture');
INSERT INTO regress_dq.patients (id, mrn, first_name, last_name, date_of_birth, sex, created_by, updated_by, created_at, updated_at, deleted_at, deleted_by) VALUES
  ('00000000-0000-4000-8000-00000000e001', 'M-1', 'Ada', 'One', '1980-01-01', 'female', 'fixture', 'fixture', '2026-01-01', '2026-01-01', NULL, NULL),
  ('00000000-0000-4000-8000-00000000e002', 'M-2', 'Ben', 'Two', '1990-06-15', 'male', 'fixture', 'fixture', '2026-01-01', '2026-01-01', NULL, NULL),
  -- the same person twice (name and birth date), and a live duplicate MRN
  ('00000000-0000-4000-8000-00000000e003', 'M-3', 'ADA', 'one', '1980-01-01', 'female', 'fixture', 'fixture', '2026-01-01', '2026-01-01', NULL, NULL),
  ('00000000-0000-4000-8000-00000000e004', 'M-1', 'Cy', 'Four', '2000-03-03', NULL, 'fixture', '', '2026-01-02', '2026-01-01', NULL, NULL),
  -- soft-deleted, with a live allergy
  ('00000000-0000-4000-8000-00000000e005', 'M-5', 'Di', 'Five', '1975-05-05', 'female', 'fixture', 'fixture', '2026-01-01', '2026-01-01', '2026-02-01', 'fixture');
INSERT INTO regress_dq.allergies (id, patient_id, allergen, severity, created_by, updated_by) VALUES
  ('00000000-0000-4000-8000-00000000f001', '00000000-0000-4000-8000-00000000e001', 'Latex', 'mild', 'fixture', 'fixture'),
  ('00000000-0000-4000-8000-00000000f002', '00000000-0000-4000-8000-00000000e0ff', 'Dust', 'mild', 'fixture', 'fixture'),  -- orphan
  ('00000000-0000-4000-8000-00000000f003', '00000000-0000-4000-8000-00000000e005', 'Pollen', 'mild', 'fixture', 'fixture');
INSERT INTO regress_dq.chronic_conditions (id, patient_id, condition_name, icd10_code, created_by, updated_by) VALUES
  ('00000000-0000-4000-8000-00000000f101', '00000000-0000-4000-8000-00000000e002', 'Pregnancy', 'O80', 'fixture', 'fixture'),  -- male
  ('00000000-0000-4000-8000-00000000f102', '00000000-0000-4000-8000-00000000e001', 'Asthma', 'J45.909', 'fixture', 'fixture');
INSERT INTO regress_dq.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status, created_by, updated_by) VALUES
  ('00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000d001', '2026-03-01 10:00+00', '2026-03-01 10:30+00', 'follow_up', 'completed', 'fixture', 'fixture'),
  -- the provider booked twice
  ('00000000-0000-4000-8000-00000000a002', '00000000-0000-4000-8000-00000000e002', '00000000-0000-4000-8000-00000000d001', '2026-03-01 10:15+00', '2026-03-01 10:45+00', 'follow_up', 'completed', 'fixture', 'fixture'),
  -- ends before it starts
  ('00000000-0000-4000-8000-00000000a003', '00000000-0000-4000-8000-00000000e003', '00000000-0000-4000-8000-00000000d002', '2026-03-02 10:00+00', '2026-03-02 09:00+00', 'follow_up', 'scheduled', 'fixture', 'fixture');
INSERT INTO regress_dq.medical_records (id, patient_id, appointment_id, recorded_at, created_by, updated_by) VALUES
  ('00000000-0000-4000-8000-00000000b001', '00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000a001', '2026-03-01 10:20+00', 'fixture', 'fixture');
INSERT INTO regress_dq.prescriptions (id, patient_id, medical_record_id, medication_name, dosage, frequency, prescribed_at, created_by, updated_by) VALUES
  -- before the patient's birth, and far from the visit
  ('00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000b001', 'Albuterol', '90 mcg', 'prn', '1970-01-01 00:00+00', 'fixture', 'fixture');
INSERT INTO regress_dq.vital_signs (id, patient_id, appointment_id, heart_rate_per_min, temperature_c, spo2_pct, weight_kg, height_cm, bmi, measured_at, created_by, updated_by) VALUES
  -- a heart rate of 250, a temperature in Fahrenheit, SpO2 as a fraction, a BMI that does not match
  ('00000000-0000-4000-8000-00000000c101', '00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000a001', 250, 98.6, 0.97, 70, 175, 30.0, '2026-03-01 10:10+00', 'fixture', 'fixture'),
  ('00000000-0000-4000-8000-00000000c102', '00000000-0000-4000-8000-00000000e002', '00000000-0000-4000-8000-00000000a002', 72, 36.8, 98, 80, 180, 24.7, '2026-03-01 10:20+00', 'fixture', 'fixture');

-- The fixture's audit trail: a completed appointment set back to scheduled, with its trigger off.
CREATE TABLE regress_dq.audit_log (LIKE clinic.audit_log);
INSERT INTO regress_dq.audit_log (patient_id, seq, logged_at, transaction_id, operation, table_name, row_id,
                                  old_values, new_values, db_user, prev_hash, hash)
SELECT '00000000-0000-4000-8000-00000000e001', n, '2026-03-01', '1', 'UPDATE', 'appointments',
       '00000000-0000-4000-8000-00000000a001', jsonb_build_object('status', f), jsonb_build_object('status', t),
       'fixture', '\x00', '\x00'
  FROM (VALUES (1, 'scheduled', 'checked_in'), (2, 'checked_in', 'in_progress'), (3, 'in_progress', 'completed'),
              (4, 'completed', 'scheduled')) v(n, f, t);

SELECT check_id, status, violated_rows, total_rows, pct_violated, threshold, sample
  FROM clinic.validate('regress_dq', sample_limit => 3) WHERE status <> 'pass' ORDER BY check_id;

-- Audit columns (one row check over four columns): a NULL time and a name of spaces count too.
BEGIN;
ALTER TABLE regress_dq.allergies ALTER COLUMN created_at DROP NOT NULL;  -- as loaded before it existed
UPDATE regress_dq.allergies SET created_at = NULL WHERE id = '00000000-0000-4000-8000-00000000f001';
UPDATE regress_dq.allergies SET created_by = '   ' WHERE id = '00000000-0000-4000-8000-00000000f003';
SELECT check_id, status, violated_rows, total_rows, sample
  FROM clinic.validate('regress_dq', '{allergies.audit_columns}');
ROLLBACK;

-- By default every check runs. With trust_constraints, a check that a valid constraint no session
-- can bypass proves is not run (total_rows NULL, sample names the constraint): a unique index
-- that is not deferrable, never a foreign key (its triggers can be off: test/sql/validate_trust.sql).
SELECT check_id, status, total_rows, sample FROM clinic.validate(checks => '{isForeignKey,isUnique,isPrimaryKey}')
 ORDER BY check_id;
SELECT check_id, status, total_rows, sample FROM clinic.validate(checks => '{isForeignKey,isUnique,isPrimaryKey}', trust_constraints => true)
 ORDER BY check_id;
-- The fixture's primary key proves its check; its foreign keys, NOT VALID or validated, do not.
ALTER TABLE regress_dq.patients ADD PRIMARY KEY (id);
ALTER TABLE regress_dq.allergies ADD CONSTRAINT allergies_patient_fkey
    FOREIGN KEY (patient_id) REFERENCES regress_dq.patients (id) NOT VALID;
ALTER TABLE regress_dq.chronic_conditions ADD CONSTRAINT chronic_conditions_patient_fkey
    FOREIGN KEY (patient_id) REFERENCES regress_dq.patients (id);
SELECT check_id, status, violated_rows, total_rows, sample
  FROM clinic.validate('regress_dq', '{allergies.patient_id.foreign_key,chronic_conditions.patient_id.foreign_key,patients.id.unique}',
                       trust_constraints => true)
 ORDER BY check_id;

-- With trust_constraints, the provider overlap check is proven by the schema's exclusion
-- constraint, together with a valid CHECK that every appointment ends after it starts (an empty
-- range overlaps nothing); without either, or by default, the query runs.
SELECT check_id, status, total_rows, sample FROM clinic.validate(checks => '{isNotOverlapping}')
 ORDER BY check_id;
SELECT check_id, status, total_rows, sample FROM clinic.validate(checks => '{isNotOverlapping}', trust_constraints => true)
 ORDER BY check_id;
CREATE SCHEMA regress_ov;
CREATE TABLE regress_ov.patients (LIKE clinic.patients);
CREATE TABLE regress_ov.appointments (LIKE clinic.appointments INCLUDING ALL);
SELECT status, total_rows, sample FROM clinic.validate('regress_ov', '{appointments.provider.overlap}', trust_constraints => true);
ALTER TABLE regress_ov.appointments DROP CONSTRAINT appointments_ends_after_start;
ALTER TABLE regress_ov.appointments ADD CONSTRAINT appointments_ends_after_start
    CHECK (ends_at > appointment_date) NOT VALID;
SELECT status, total_rows, sample FROM clinic.validate('regress_ov', '{appointments.provider.overlap}', trust_constraints => true);
ALTER TABLE regress_ov.appointments VALIDATE CONSTRAINT appointments_ends_after_start;
SELECT status, total_rows, sample FROM clinic.validate('regress_ov', '{appointments.provider.overlap}', trust_constraints => true);
ALTER TABLE regress_ov.appointments DROP CONSTRAINT appointments_provider_id_tstzrange_excl;
ALTER TABLE regress_ov.appointments ADD EXCLUDE USING gist (
    provider_id WITH =, tstzrange(appointment_date, ends_at) WITH &&)
    WHERE (status NOT IN ('cancelled', 'no_show') AND deleted_at IS NULL) DEFERRABLE;
SELECT status, total_rows, sample FROM clinic.validate('regress_ov', '{appointments.provider.overlap}', trust_constraints => true);
-- A patients table without soft delete: the live-parent rule cannot run, the others still do.
ALTER TABLE regress_ov.patients DROP COLUMN deleted_at;
SELECT check_id, status, sample FROM clinic.validate('regress_ov', '{appointments.patient_id.live_parent,appointments.appointment_date.after_birth}')
 ORDER BY check_id;
DROP SCHEMA regress_ov CASCADE;

-- Selection, sample limit, and a threshold the DBA changed.
SELECT check_id, status, sample FROM clinic.validate('regress_dq', '{vital_signs.temperature_c}', 0) ORDER BY check_id;
UPDATE clinic.validation_rules SET threshold = 60 WHERE check_id = 'vital_signs.temperature_c.fahrenheit';
SELECT check_id, status, threshold FROM clinic.validate('regress_dq', '{vital_signs.temperature_c.fahrenheit}');
UPDATE clinic.validation_rules SET low = 240 WHERE check_id = 'vital_signs.heart_rate_per_min.hard_high';
SELECT check_id, status, violated_rows FROM clinic.validate('regress_dq', '{vital_signs.heart_rate_per_min.hard_high}');
UPDATE clinic.validation_rules SET enabled = false WHERE check_id = 'patients.person.duplicate';
SELECT count(*) AS duplicate_person_rows FROM clinic.validate('regress_dq', '{patients.person}');
UPDATE clinic.validation_rules SET threshold = default_threshold, low = default_low, high = default_high, enabled = true;
SELECT count(*) AS edited FROM clinic.validation_rules
 WHERE (threshold, low, high) IS DISTINCT FROM (default_threshold, default_low, default_high) OR NOT enabled;

-- The catalogue itself cannot be edited; an INSERT of a known check updates it (restores).
SELECT regress.try($$UPDATE clinic.validation_rules SET check_type = 'x' WHERE check_id = 'patients.sex.required'$$);
SELECT regress.try($$UPDATE clinic.validation_rules SET threshold = 101 WHERE check_id = 'patients.sex.required'$$);
SELECT regress.try($$UPDATE clinic.validation_rules SET low = 5, high = 1 WHERE check_id = 'vital_signs.bmi.hard_low'$$);
SELECT regress.try($$INSERT INTO clinic.validation_rules (check_id, check_type, category, table_name, column_name, threshold, default_threshold)
                     VALUES ('made.up', 'x', 'conformance', 't', 'c', 0, 0)$$);
BEGIN;
INSERT INTO clinic.validation_rules (check_id, check_type, category, table_name, column_name, threshold, default_threshold, enabled)
VALUES ('patients.sex.required', 'isRequired', 'conformance', 'patients', 'sex', 7, 0, false);
SELECT threshold, enabled FROM clinic.validation_rules WHERE check_id = 'patients.sex.required';
ROLLBACK;
-- A limit the rule does not have (a hard_low has no finite low end): a clear error.
BEGIN;
UPDATE clinic.validation_rules SET low = 5 WHERE check_id = 'vital_signs.heart_rate_per_min.hard_low';
SELECT regress.try($$SELECT * FROM clinic.validate('regress_dq', '{vital_signs.heart_rate_per_min}')$$);
ROLLBACK;

-- Bad arguments.
SELECT regress.try($$SELECT * FROM clinic.validate(NULL)$$);
SELECT regress.try($$SELECT * FROM clinic.validate('regress')$$);
SELECT regress.try($$SELECT * FROM clinic.validate('no_such_schema')$$);
SELECT regress.try($$SELECT * FROM clinic.validate(checks => '{no.such.check}')$$);
SELECT regress.try($$SELECT * FROM clinic.validate(checks => '{NULL}')$$);
SELECT regress.try($$SELECT * FROM clinic.validate(sample_limit => 1000)$$) AS documented_maximum;
SELECT regress.try($$SELECT * FROM clinic.validate(sample_limit => -1)$$);
SELECT regress.try($$SELECT * FROM clinic.validate(sample_limit => NULL)$$);
SELECT regress.try($$SELECT * FROM clinic.validate(trust_constraints => NULL)$$);
-- A table the fixture lacks: its checks report error, the rest run.
DROP TABLE regress_dq.consent_records;
SELECT check_id, status, sample FROM clinic.validate('regress_dq', '{consent_records}') ORDER BY check_id LIMIT 3;
-- Cancel: statement_timeout stops a run (a cancel is not an error PL/pgSQL may catch).
-- terse: where the cancel lands (a row scan or a set-level query) varies from run to run.
\set VERBOSITY terse
SET statement_timeout = '1ms';
SELECT count(*) FROM clinic.validate();
RESET statement_timeout;
\set VERBOSITY default
-- Privileges: auditors and admins run it; nobody else.
GRANT USAGE ON SCHEMA regress TO clinic_front_desk;
GRANT EXECUTE ON FUNCTION regress.try(text) TO clinic_front_desk;
SET ROLE clinic_front_desk;
SELECT regress.try($$SELECT * FROM clinic.validate()$$);
RESET ROLE;
REVOKE ALL ON FUNCTION regress.try(text) FROM clinic_front_desk;
REVOKE ALL ON SCHEMA regress FROM clinic_front_desk;
SET ROLE clinic_auditor;
SELECT count(*) > 0 AS auditor_validates FROM clinic.validate();
RESET ROLE;
-- Numerics are read from their digits: exact at the limits, negative and long values included.
DELETE FROM regress_dq.vital_signs;
ALTER TABLE regress_dq.vital_signs ALTER COLUMN temperature_c TYPE numeric;  -- no typmod: long values
INSERT INTO regress_dq.vital_signs (id, patient_id, appointment_id, temperature_c, measured_at, created_by, updated_by)
SELECT ('00000000-0000-4000-8000-0000000' || lpad(n::text, 5, '0'))::uuid, '00000000-0000-4000-8000-00000000e001',
       '00000000-0000-4000-8000-00000000a001', t, '2026-03-01 10:10+00', 'fixture', 'fixture'
  FROM (VALUES (1, 45.0), (2, 45.1), (3, 39.1), (4, 39.0), (5, 35.0), (6, 35.1), (7, 24.9), (8, 25.0),
               (9, 36.60000000000000000001), (10, -1.5), (11, 1234.5678), (12, 45.00000000000000000001),
               (13, 'NaN')) v(n, t);
-- (Values compare as doubles: 45.00000000000000000001 is 45. NaN cannot be read: the rules say error.)
SELECT check_id, status, violated_rows, total_rows, sample FROM clinic.validate('regress_dq', '{vital_signs.temperature_c}', 10)
 ORDER BY check_id;
DROP SCHEMA regress_dq CASCADE;
RESET client_min_messages;
