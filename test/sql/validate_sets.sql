-- Every set-level check of the validator (clinic._validation_set_checks(), src/core/validate/
-- set_checks.cpp) fires on a fixture built to break it and passes on a consistent one by running
-- its query over rows, not because a constraint proves it (a proved pass has total_rows NULL,
-- test/sql/validate.sql). A set check added without rows here shows up in the walker below.
SET client_min_messages = warning;  -- the per-table progress NOTICEs carry timings
SET TimeZone = 'UTC';                -- the *.visit_day checks compare dates in the session's zone

-- Two fixtures shaped like clinic: its tables without their CHECK, unique, foreign-key and
-- exclusion constraints (LIKE copies only NOT NULL), so no check is proved and every query runs.
-- Fixed audit columns, so no stored value depends on when the test runs.
CREATE SCHEMA regress_sets_ok;
CREATE SCHEMA regress_sets_bad;
DO $$
DECLARE s name; t name;
BEGIN
    FOREACH s IN ARRAY ARRAY['regress_sets_ok', 'regress_sets_bad'] LOOP
        FOREACH t IN ARRAY ARRAY['providers', 'patients', 'allergies', 'chronic_conditions', 'appointments',
                                 'medical_records', 'symptoms', 'prescriptions', 'vital_signs', 'consent_records']
        LOOP
            EXECUTE format('CREATE TABLE %I.%I (LIKE clinic.%I INCLUDING DEFAULTS)', s, t, t);
            EXECUTE format($f$ALTER TABLE %I.%I ALTER COLUMN created_at SET DEFAULT '2026-01-01',
                                                ALTER COLUMN updated_at SET DEFAULT '2026-01-01',
                                                ALTER COLUMN created_by SET DEFAULT 'fixture',
                                                ALTER COLUMN updated_by SET DEFAULT 'fixture'$f$, s, t);
        END LOOP;
        EXECUTE format('CREATE TABLE %I.audit_log (LIKE clinic.audit_log)', s);
    END LOOP;
END
$$;
-- Short keys: u('e001') is 00000000-0000-4000-8000-00000000e001. Providers d0.., patients e0..,
-- appointments a0.., medical records b0.., symptoms b1.., allergies f0.., chronic conditions
-- f1.., prescriptions c0.., vital signs c1.., consent records c2..; x0ff: a row that does not exist.
CREATE FUNCTION pg_temp.u(key text) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$SELECT ('00000000-0000-4000-8000-00000000' || key)::uuid$$;

-- regress_sets_ok: one consistent practice. Each check has rows to judge and finds nothing; the
-- rows at an edge (a soft-deleted or cancelled row the check must leave out, a boundary) pass too.
INSERT INTO regress_sets_ok.providers (id, email, password_hash, first_name, last_name, npi) VALUES
  (pg_temp.u('d001'), 'ann@example.org', 'x', 'Ann', 'Doc', '1234567893');
INSERT INTO regress_sets_ok.patients (id, mrn, first_name, last_name, date_of_birth, sex, deleted_at, deleted_by) VALUES
  (pg_temp.u('e001'), 'M-1', 'Ada', 'One', '1980-01-01', 'female', NULL, NULL),
  (pg_temp.u('e002'), 'M-2', 'Ben', 'Two', '1990-06-15', 'male', NULL, NULL),
  -- soft-deleted: Ada's MRN, name and birth date again, and no appointment
  (pg_temp.u('e003'), 'M-1', 'Ada', 'One', '1980-01-01', 'female', '2026-02-01', 'fixture');
INSERT INTO regress_sets_ok.allergies (id, patient_id, allergen, severity) VALUES
  (pg_temp.u('f001'), pg_temp.u('e001'), 'Latex', 'mild');
INSERT INTO regress_sets_ok.chronic_conditions (id, patient_id, condition_name, icd10_code) VALUES
  (pg_temp.u('f101'), pg_temp.u('e001'), 'Asthma', 'J45.909');
INSERT INTO regress_sets_ok.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status, deleted_at, deleted_by) VALUES
  (pg_temp.u('a001'), pg_temp.u('e001'), pg_temp.u('d001'), '2026-03-01 10:00', '2026-03-01 10:30', 'follow_up', 'completed', NULL, NULL),
  -- starts when a001 ends: the same provider, no overlap
  (pg_temp.u('a002'), pg_temp.u('e002'), pg_temp.u('d001'), '2026-03-01 10:30', '2026-03-01 11:00', 'follow_up', 'completed', NULL, NULL),
  -- cancelled: overlaps a001 and a002 (provider and patient) but is not active
  (pg_temp.u('a003'), pg_temp.u('e001'), pg_temp.u('d001'), '2026-03-01 10:15', '2026-03-01 10:45', 'follow_up', 'cancelled', NULL, NULL),
  (pg_temp.u('a004'), pg_temp.u('e001'), pg_temp.u('d001'), '2026-03-08 10:00', '2026-03-08 10:30', 'follow_up', 'scheduled', NULL, NULL),
  -- soft-deleted: completed without a record or vital signs, and overlapping a002
  (pg_temp.u('a005'), pg_temp.u('e002'), pg_temp.u('d001'), '2026-03-01 10:40', '2026-03-01 10:50', 'follow_up', 'completed', '2026-03-02', 'fixture'),
  -- no_show: overlaps a001 (provider and patient) but did not take the slot
  (pg_temp.u('a006'), pg_temp.u('e001'), pg_temp.u('d001'), '2026-03-01 10:05', '2026-03-01 10:25', 'follow_up', 'no_show', NULL, NULL);
INSERT INTO regress_sets_ok.medical_records (id, patient_id, appointment_id, recorded_at, deleted_at, deleted_by) VALUES
  (pg_temp.u('b001'), pg_temp.u('e001'), pg_temp.u('a001'), '2026-03-01 10:20', NULL, NULL),
  (pg_temp.u('b002'), pg_temp.u('e002'), pg_temp.u('a002'), '2026-03-01 10:50', NULL, NULL),
  -- soft-deleted: a second record of a001
  (pg_temp.u('b003'), pg_temp.u('e001'), pg_temp.u('a001'), '2026-03-01 10:25', '2026-03-01 10:26', 'fixture');
INSERT INTO regress_sets_ok.symptoms (id, patient_id, medical_record_id, description) VALUES
  (pg_temp.u('b101'), pg_temp.u('e001'), pg_temp.u('b001'), 'Cough');
INSERT INTO regress_sets_ok.prescriptions (id, patient_id, medical_record_id, medication_name, dosage, frequency, prescribed_at) VALUES
  (pg_temp.u('c001'), pg_temp.u('e001'), pg_temp.u('b001'), 'Albuterol', '90 mcg', 'prn', '2026-03-01 10:25'),
  -- seven days after the visit: the edge of the window
  (pg_temp.u('c002'), pg_temp.u('e002'), pg_temp.u('b002'), 'Amoxicillin', '500 mg', 'tid', '2026-03-08 09:00');
INSERT INTO regress_sets_ok.vital_signs (id, patient_id, appointment_id, heart_rate_per_min, temperature_c, measured_at, deleted_at, deleted_by) VALUES
  (pg_temp.u('c101'), pg_temp.u('e001'), pg_temp.u('a001'), 72, 36.8, '2026-03-01 10:05', NULL, NULL),
  (pg_temp.u('c102'), pg_temp.u('e002'), pg_temp.u('a002'), 80, 37.0, '2026-03-01 10:35', NULL, NULL),
  -- soft-deleted: a second set for a002
  (pg_temp.u('c103'), pg_temp.u('e002'), pg_temp.u('a002'), 81, 37.0, '2026-03-01 10:36', '2026-03-01 10:37', 'fixture');
INSERT INTO regress_sets_ok.consent_records (id, patient_id, kind, status, granted_at, document_version, recorded_by) VALUES
  (pg_temp.u('c201'), pg_temp.u('e001'), 'treatment', 'granted', '2026-03-01 09:55', 'v1', 'fixture');
-- a001's status history as the audit trail recorded it, one allowed change at a time
INSERT INTO regress_sets_ok.audit_log (patient_id, seq, logged_at, transaction_id, operation, table_name, row_id,
                                       old_values, new_values, db_user, prev_hash, hash)
SELECT pg_temp.u('e001'), n, '2026-03-01', '1', 'UPDATE', 'appointments', pg_temp.u('a001'),
       jsonb_build_object('status', f), jsonb_build_object('status', t), 'fixture', '\x00', '\x00'
  FROM (VALUES (1, 'scheduled', 'checked_in'), (2, 'checked_in', 'in_progress'), (3, 'in_progress', 'completed')) v(n, f, t);

-- regress_sets_bad: the same practice, and rows that each break at least one check (named in
-- the comment; a row may break others too: each check only has to fire).
DO $$
DECLARE t name;
BEGIN
    FOREACH t IN ARRAY ARRAY['providers', 'patients', 'allergies', 'chronic_conditions', 'appointments', 'medical_records',
                             'symptoms', 'prescriptions', 'vital_signs', 'consent_records', 'audit_log']
    LOOP
        EXECUTE format('INSERT INTO regress_sets_bad.%I SELECT * FROM regress_sets_ok.%I', t, t);
    END LOOP;
END
$$;
INSERT INTO regress_sets_bad.providers (id, email, password_hash, first_name, last_name, npi) VALUES
  (pg_temp.u('d001'), 'ann.again@example.org', 'x', 'Ann', 'Again', NULL),  -- providers.id.unique
  (pg_temp.u('d002'), 'dan@example.org', 'x', 'Dan', 'Doc', NULL);           -- a second provider (a013)
INSERT INTO regress_sets_bad.patients (id, mrn, first_name, last_name, date_of_birth, sex) VALUES
  (pg_temp.u('e002'), 'M-12', 'Bea', 'Dup', '1991-01-01', 'female'),  -- patients.id.unique
  -- Ada's MRN on a live patient: patients.mrn.unique_live; no appointment: patients.appointments.present
  (pg_temp.u('e013'), 'M-1', 'Cy', 'Three', '2000-03-03', 'male'),
  (pg_temp.u('e014'), 'M-14', 'ADA', 'one', '1980-01-01', 'female'),  -- Ada again: patients.person.duplicate
  (pg_temp.u('e015'), 'M-15', 'Eve', 'Five', '1985-05-05', 'female');  -- the patient of a014, a015, a016
-- A schema without the NOT NULLs: a patient row without id has no appointment (patients.appointments.present),
-- an allergy without patient_id has no patient (allergies.patient_id.foreign_key).
ALTER TABLE regress_sets_bad.patients ALTER COLUMN id DROP NOT NULL;
ALTER TABLE regress_sets_bad.allergies ALTER COLUMN patient_id DROP NOT NULL;
INSERT INTO regress_sets_bad.patients (id, mrn, first_name, last_name, date_of_birth, sex) VALUES
  (NULL, 'M-16', 'Nil', 'Six', '1970-07-07', 'male');
INSERT INTO regress_sets_bad.allergies (id, patient_id, allergen, severity) VALUES
  (pg_temp.u('f001'), pg_temp.u('e002'), 'Dust', 'mild'),    -- allergies.id.unique
  (pg_temp.u('f002'), pg_temp.u('e0ff'), 'Pollen', 'mild'),  -- allergies.patient_id.foreign_key
  (pg_temp.u('f003'), NULL, 'Mold', 'mild');                 -- allergies.patient_id.foreign_key
INSERT INTO regress_sets_bad.chronic_conditions (id, patient_id, condition_name, icd10_code) VALUES
  (pg_temp.u('f101'), pg_temp.u('e002'), 'Asthma', 'J45.909'),       -- chronic_conditions.id.unique
  (pg_temp.u('f102'), pg_temp.u('e0ff'), 'Hypertension', 'I10');     -- chronic_conditions.patient_id.foreign_key
INSERT INTO regress_sets_bad.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status, deleted_at, deleted_by) VALUES
  -- appointments.id.unique (another patient's, so a004's children still find one parent)
  (pg_temp.u('a004'), pg_temp.u('e002'), pg_temp.u('d001'), '2026-03-10 10:00', '2026-03-10 10:30', 'follow_up', 'scheduled', NULL, NULL),
  (pg_temp.u('a011'), pg_temp.u('e0ff'), pg_temp.u('d001'), '2026-04-01 10:00', '2026-04-01 10:30', 'follow_up', 'scheduled', NULL, NULL),  -- appointments.patient_id.foreign_key
  (pg_temp.u('a012'), pg_temp.u('e001'), pg_temp.u('d0ff'), '2026-04-02 10:00', '2026-04-02 10:30', 'follow_up', 'scheduled', NULL, NULL),  -- appointments.provider_id.foreign_key
  -- Ada with another provider during a001: appointments.patient.overlap
  (pg_temp.u('a013'), pg_temp.u('e001'), pg_temp.u('d002'), '2026-03-01 10:10', '2026-03-01 10:40', 'follow_up', 'scheduled', NULL, NULL),
  -- Ann with another patient during a002: appointments.provider.overlap
  (pg_temp.u('a014'), pg_temp.u('e015'), pg_temp.u('d001'), '2026-03-01 10:45', '2026-03-01 11:15', 'follow_up', 'scheduled', NULL, NULL),
  -- completed, vital signs but no record: appointments.completed.medical_records
  (pg_temp.u('a015'), pg_temp.u('e015'), pg_temp.u('d001'), '2026-03-02 10:00', '2026-03-02 10:30', 'follow_up', 'completed', NULL, NULL),
  -- completed, a record but no vital signs: appointments.completed.vital_signs
  (pg_temp.u('a016'), pg_temp.u('e015'), pg_temp.u('d001'), '2026-03-03 10:00', '2026-03-03 10:30', 'follow_up', 'completed', NULL, NULL),
  -- soft-deleted, with a live record (b011) and live vital signs (c111)
  (pg_temp.u('a017'), pg_temp.u('e001'), pg_temp.u('d001'), '2026-03-15 10:00', '2026-03-15 10:30', 'follow_up', 'completed', '2026-03-16', 'fixture');
INSERT INTO regress_sets_bad.medical_records (id, patient_id, appointment_id, recorded_at, deleted_at, deleted_by) VALUES
  (pg_temp.u('b001'), pg_temp.u('e015'), pg_temp.u('a014'), '2026-03-01 10:50', NULL, NULL),  -- medical_records.id.unique
  (pg_temp.u('b011'), pg_temp.u('e001'), pg_temp.u('a017'), '2026-03-15 10:20', NULL, NULL),  -- medical_records.appointment_id.live_parent
  -- soft-deleted, with a live symptom (b111) and a live prescription (c011)
  (pg_temp.u('b012'), pg_temp.u('e001'), pg_temp.u('a004'), '2026-03-08 10:20', '2026-03-08 11:00', 'fixture'),
  (pg_temp.u('b013'), pg_temp.u('e002'), pg_temp.u('a002'), '2026-03-01 10:55', NULL, NULL),  -- medical_records.appointment_id.one_per_appointment
  (pg_temp.u('b014'), pg_temp.u('e015'), pg_temp.u('a016'), '2026-03-03 10:20', NULL, NULL),  -- a016's record
  (pg_temp.u('b015'), pg_temp.u('e001'), pg_temp.u('a0ff'), '2026-03-01 10:20', NULL, NULL),  -- medical_records.appointment_id.foreign_key
  (pg_temp.u('b016'), pg_temp.u('e001'), pg_temp.u('a004'), '2026-03-09 10:20', NULL, NULL),  -- the day after a004: medical_records.recorded_at.visit_day
  -- b015's missing visit again: two live records of one visit none has (one_per_appointment groups them too)
  (pg_temp.u('b017'), pg_temp.u('e001'), pg_temp.u('a0ff'), '2026-03-01 10:40', NULL, NULL),
  -- soft-deleted, of the soft-deleted a017: no live row of a deleted visit
  (pg_temp.u('b018'), pg_temp.u('e001'), pg_temp.u('a017'), '2026-03-15 10:25', '2026-03-16', 'fixture');
INSERT INTO regress_sets_bad.symptoms (id, patient_id, medical_record_id, description) VALUES
  (pg_temp.u('b101'), pg_temp.u('e002'), pg_temp.u('b002'), 'Fever'),     -- symptoms.id.unique
  (pg_temp.u('b111'), pg_temp.u('e001'), pg_temp.u('b012'), 'Wheeze'),    -- symptoms.medical_record_id.live_parent
  (pg_temp.u('b112'), pg_temp.u('e001'), pg_temp.u('b0ff'), 'Headache');  -- symptoms.medical_record_id.foreign_key
INSERT INTO regress_sets_bad.prescriptions (id, patient_id, medical_record_id, medication_name, dosage, frequency, prescribed_at) VALUES
  (pg_temp.u('c001'), pg_temp.u('e002'), pg_temp.u('b002'), 'Ibuprofen', '200 mg', 'prn', '2026-03-01 10:55'),  -- prescriptions.id.unique
  (pg_temp.u('c011'), pg_temp.u('e001'), pg_temp.u('b012'), 'Prednisone', '5 mg', 'qd', '2026-03-08 10:25'),   -- prescriptions.medical_record_id.live_parent
  (pg_temp.u('c012'), pg_temp.u('e001'), pg_temp.u('b0ff'), 'Cetirizine', '10 mg', 'qd', '2026-03-01 10:25'),  -- prescriptions.medical_record_id.foreign_key
  -- 19 days after a001: prescriptions.prescribed_at.visit_window
  (pg_temp.u('c013'), pg_temp.u('e001'), pg_temp.u('b001'), 'Montelukast', '10 mg', 'qd', '2026-03-20 09:00'),
  -- 8 days after a001, one past the window's edge (c002): prescriptions.prescribed_at.visit_window
  (pg_temp.u('c014'), pg_temp.u('e001'), pg_temp.u('b001'), 'Loratadine', '10 mg', 'qd', '2026-03-09 09:00');
INSERT INTO regress_sets_bad.vital_signs (id, patient_id, appointment_id, heart_rate_per_min, temperature_c, measured_at, deleted_at, deleted_by) VALUES
  (pg_temp.u('c101'), pg_temp.u('e015'), pg_temp.u('a014'), 70, 36.6, '2026-03-01 10:50', NULL, NULL),  -- vital_signs.id.unique
  (pg_temp.u('c111'), pg_temp.u('e001'), pg_temp.u('a017'), 71, 36.7, '2026-03-15 10:05', NULL, NULL),  -- vital_signs.appointment_id.live_parent
  (pg_temp.u('c112'), pg_temp.u('e015'), pg_temp.u('a015'), 72, 36.8, '2026-03-02 10:05', NULL, NULL),  -- a015's vital signs
  (pg_temp.u('c113'), pg_temp.u('e002'), pg_temp.u('a002'), 73, 36.9, '2026-03-01 10:40', NULL, NULL),  -- vital_signs.appointment_id.one_per_appointment
  (pg_temp.u('c114'), pg_temp.u('e001'), pg_temp.u('a0ff'), 74, 37.0, '2026-03-01 10:05', NULL, NULL),  -- vital_signs.appointment_id.foreign_key
  (pg_temp.u('c115'), pg_temp.u('e001'), pg_temp.u('a004'), 75, 37.1, '2026-03-09 10:05', NULL, NULL);  -- the day after a004: vital_signs.measured_at.visit_day
INSERT INTO regress_sets_bad.consent_records (id, patient_id, kind, status, granted_at, document_version, recorded_by) VALUES
  (pg_temp.u('c201'), pg_temp.u('e002'), 'treatment', 'granted', '2026-03-01 10:25', 'v1', 'fixture'),  -- consent_records.id.unique
  (pg_temp.u('c202'), pg_temp.u('e0ff'), 'research', 'declined', NULL, 'v1', 'fixture');                -- consent_records.patient_id.foreign_key
-- a001 set back from completed to scheduled: appointments.status.history
INSERT INTO regress_sets_bad.audit_log (patient_id, seq, logged_at, transaction_id, operation, table_name, row_id,
                                        old_values, new_values, db_user, prev_hash, hash)
VALUES (pg_temp.u('e001'), 4, '2026-03-02', '2', 'UPDATE', 'appointments', pg_temp.u('a001'),
        '{"status": "completed"}', '{"status": "scheduled"}', 'fixture', '\x00', '\x00');

-- The walker: every set-level check fires (warn or fail) on regress_sets_bad, and passes on
-- regress_sets_ok having judged rows (a constraint-proved pass, or one over no rows, has no
-- total_rows). Expected: no rows. The count keeps it from passing with no checks at all.
SELECT count(*) AS set_checks FROM clinic._validation_set_checks('regress_sets_ok');
SELECT s.check_id, bad.status AS on_bad, ok.status AS on_ok, ok.total_rows AS ok_rows
  FROM clinic._validation_set_checks('regress_sets_ok') s
  LEFT JOIN clinic.validate('regress_sets_bad') bad USING (check_id)
  LEFT JOIN clinic.validate('regress_sets_ok') ok USING (check_id)
 WHERE bad.status IS NULL OR bad.status NOT IN ('warn', 'fail')
    OR ok.status IS DISTINCT FROM 'pass' OR coalesce(ok.total_rows, 0) = 0
 ORDER BY 1;

-- What each check found on the bad fixture, and the rows it judged on both. bad_sample: the short
-- keys of what it names, the rows commented with its id above (for a group of rows, the least
-- id in it; for patients.mrn.unique_live, the MRN).
SELECT s.check_id, bad.status AS on_bad, bad.violated_rows AS bad_violated, bad.total_rows AS bad_rows,
       (SELECT string_agg(right(k, 4), ' ' ORDER BY k) FROM jsonb_array_elements_text(bad.sample) k) AS bad_sample,
       ok.status AS on_ok, ok.total_rows AS ok_rows
  FROM clinic._validation_set_checks('regress_sets_ok') s
  LEFT JOIN clinic.validate('regress_sets_bad') bad USING (check_id)
  LEFT JOIN clinic.validate('regress_sets_ok') ok USING (check_id)
 ORDER BY 1;

-- Set checks that read the same join run as one query (the groups of src/core/validate/
-- set_checks.cpp), and the ones within a chart are answered by the row pass (SetCheck::in_pass:
-- the patients' lookup, and the visits' and records' lookups by (patient_id, id)), in a whole
-- run; one selected alone runs its own query. On both fixtures both give the same row for every
-- set check (counts, totals, samples, of every size; with no sample the pass also answers one
-- record or vital-signs set per visit where it finds two): expected 0 differing, with every
-- check firing on the bad fixture.
SELECT f.schema, l.sample_limit, count(*) AS set_checks,
       count(*) FILTER (WHERE (a.r ->> 'violated_rows')::bigint > 0) AS firing,
       count(*) FILTER (WHERE a.r IS DISTINCT FROM w.r) AS differing
  FROM (VALUES ('regress_sets_ok'::regnamespace), ('regress_sets_bad')) f(schema)
  CROSS JOIN (VALUES (5), (1), (0)) l(sample_limit)
  CROSS JOIN LATERAL (SELECT to_jsonb(v) AS r, v.check_id
                        FROM clinic._validation_set_checks(f.schema) c,
                             LATERAL clinic.validate(f.schema, ARRAY[c.check_id], l.sample_limit) v) a
  LEFT JOIN LATERAL (SELECT to_jsonb(v) AS r FROM clinic.validate(f.schema, sample_limit => l.sample_limit) v
                      WHERE v.check_id = a.check_id) w ON true
 GROUP BY f.schema, l.sample_limit ORDER BY f.schema::text, l.sample_limit;

-- The pass answers only what it can give exactly as the query gives it; elsewhere the check's
-- query runs. Each edge below is the bad fixture with one change (its tables copied without
-- their NOT NULLs); on each, the whole run gives what every check gives alone, with a sample
-- and without (set_checks counts both). Expected: 0 differing on every edge.
CREATE FUNCTION pg_temp.edge(change text) RETURNS TABLE (set_checks bigint, firing bigint, differing bigint)
LANGUAGE plpgsql AS $f$
DECLARE t name;
BEGIN
    CREATE SCHEMA regress_sets_edge;
    FOREACH t IN ARRAY ARRAY['providers', 'patients', 'allergies', 'chronic_conditions', 'appointments', 'medical_records',
                             'symptoms', 'prescriptions', 'vital_signs', 'consent_records', 'audit_log']
    LOOP
        EXECUTE format('CREATE TABLE regress_sets_edge.%I AS SELECT * FROM regress_sets_bad.%I', t, t);
    END LOOP;
    EXECUTE change;
    RETURN QUERY
    SELECT count(*), count(*) FILTER (WHERE (a.r ->> 'violated_rows')::bigint > 0),
           count(*) FILTER (WHERE a.r IS DISTINCT FROM w.r)
      FROM clinic._validation_set_checks('regress_sets_edge') c
      CROSS JOIN (VALUES (5), (0)) l(sample_limit)
      CROSS JOIN LATERAL (SELECT to_jsonb(v) AS r
                            FROM clinic.validate('regress_sets_edge', ARRAY[c.check_id], l.sample_limit) v) a
      LEFT JOIN LATERAL (SELECT to_jsonb(v) AS r FROM clinic.validate('regress_sets_edge', sample_limit => l.sample_limit) v
                          WHERE v.check_id = c.check_id) w ON true;
    DROP SCHEMA regress_sets_edge CASCADE;
END
$f$;
SELECT e.edge, d.*
  FROM (VALUES
    -- a record of the pair joins both: no lookup of visits
    ('twin visits', $$INSERT INTO regress_sets_edge.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status)
                      VALUES (pg_temp.u('a001'), pg_temp.u('e001'), pg_temp.u('d001'), '2026-03-02 10:00', '2026-03-02 10:30', 'follow_up', 'completed')$$),
    -- the lookup cannot hold it, yet Ann's window has it: no lookup of visits
    ('a visit without patient', $$INSERT INTO regress_sets_edge.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status)
                                  VALUES (pg_temp.u('a021'), NULL, pg_temp.u('d001'), '2026-03-01 10:05', '2026-03-01 10:20', 'follow_up', 'completed')$$),
    ('a visit without id', $$INSERT INTO regress_sets_edge.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status)
                             VALUES (NULL, pg_temp.u('e015'), pg_temp.u('d001'), '2026-03-01 10:05', '2026-03-01 10:20', 'follow_up', 'completed')$$),
    -- a group of its own in one_per_appointment: that check runs its query
    ('a live record without its visit''s key', $$INSERT INTO regress_sets_edge.medical_records (id, patient_id, appointment_id, recorded_at)
                                                 VALUES (pg_temp.u('b021'), pg_temp.u('e001'), NULL, '2026-03-01 10:20'),
                                                        (pg_temp.u('b022'), pg_temp.u('e001'), NULL, '2026-03-01 10:25')$$),
    -- a symptom of the pair joins both: no lookup of records
    ('twin records', $$INSERT INTO regress_sets_edge.medical_records (id, patient_id, appointment_id, recorded_at, deleted_at)
                       VALUES (pg_temp.u('b001'), pg_temp.u('e001'), pg_temp.u('a004'), '2026-03-09 10:20', '2026-03-10')$$),
    -- a violating row the sample would name as NULL
    ('a violating record without id', $$INSERT INTO regress_sets_edge.medical_records (id, patient_id, appointment_id, recorded_at)
                                        VALUES (NULL, pg_temp.u('e001'), pg_temp.u('a0ff'), '2026-03-01 10:20')$$),
    -- equal start and id in Eve's window: the window's order between them, and its answer, are not defined
    ('a tie in a window', $$INSERT INTO regress_sets_edge.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status)
                            VALUES (pg_temp.u('a031'), pg_temp.u('e015'), pg_temp.u('d002'), '2026-05-01 10:00', '2026-05-01 10:30', 'follow_up', 'scheduled'),
                                   (pg_temp.u('a031'), pg_temp.u('e015'), pg_temp.u('d002'), '2026-05-01 10:00', '2026-05-01 10:20', 'follow_up', 'scheduled')$$),
    -- a text's collation could compare otherwise than the enum's labels
    ('status as text', $$ALTER TABLE regress_sets_edge.appointments ALTER COLUMN status TYPE text$$)
  ) e(edge, change)
  CROSS JOIN LATERAL pg_temp.edge(e.change) d;
-- Days are the session's: in New York a record ten minutes after midnight is a day after its
-- visit at 23:30 (the same day in UTC), and a prescription eight days after it (seven in UTC).
SET TimeZone = 'America/New_York';
SELECT * FROM pg_temp.edge($$
    INSERT INTO regress_sets_edge.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status)
    VALUES (pg_temp.u('a041'), pg_temp.u('e015'), pg_temp.u('d002'), '2026-06-01 23:30', '2026-06-01 23:50', 'follow_up', 'completed');
    INSERT INTO regress_sets_edge.medical_records (id, patient_id, appointment_id, recorded_at)
    VALUES (pg_temp.u('b041'), pg_temp.u('e015'), pg_temp.u('a041'), '2026-06-02 00:10');
    INSERT INTO regress_sets_edge.prescriptions (id, patient_id, medical_record_id, medication_name, dosage, frequency, prescribed_at)
    VALUES (pg_temp.u('c041'), pg_temp.u('e015'), pg_temp.u('b041'), 'Amoxicillin', '500 mg', 'tid', '2026-06-09 10:00');
    CREATE TABLE regress_sets_edge.seen AS
    SELECT check_id, violated_rows FROM clinic.validate('regress_sets_edge')
     WHERE check_id IN ('medical_records.recorded_at.visit_day', 'prescriptions.prescribed_at.visit_window');
    DO $d$ BEGIN
        IF (SELECT string_agg(violated_rows::text, ',' ORDER BY check_id) FROM regress_sets_edge.seen) <> '2,3' THEN
            RAISE EXCEPTION 'in New York the day and the window should each find one more row';
        END IF;
    END $d$;
    DROP TABLE regress_sets_edge.seen$$);
-- ends_at without time zone: the windows compare it with appointment_date through the session's
-- zone, which the pass does not: no lookup of visits, and every check over visits runs its query.
SELECT * FROM pg_temp.edge($$ALTER TABLE regress_sets_edge.appointments ALTER COLUMN ends_at TYPE timestamp$$);
SET TimeZone = 'UTC';
DROP FUNCTION pg_temp.edge(text);

-- A column the caller may not read is left to the queries that name it: with SELECT on symptoms
-- but for deleted_at, the pass builds nothing for their scan, and their reference to a record is
-- answered by its query, which reads only what the role may read (had the pass read deleted_at,
-- the run would fail with 42501).
CREATE ROLE regress_chart_reader IN ROLE clinic_auditor;
GRANT USAGE ON SCHEMA regress_sets_bad TO regress_chart_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA regress_sets_bad TO regress_chart_reader;
REVOKE SELECT ON regress_sets_bad.symptoms FROM regress_chart_reader;
GRANT SELECT (id, patient_id, medical_record_id, description, snomed_code, severity, duration_days, onset_date)
   ON regress_sets_bad.symptoms TO regress_chart_reader;
SET ROLE regress_chart_reader;
SELECT check_id, status, violated_rows, total_rows, sample
  FROM clinic.validate('regress_sets_bad', '{appointments, medical_records, symptoms.snomed_code, symptoms.medical_record_id.foreign_key}')
 WHERE check_id LIKE 'symptoms.medical_record_id.%';
RESET ROLE;
DROP OWNED BY regress_chart_reader;
DROP ROLE regress_chart_reader;

-- A prescription at infinity: the window's query subtracts an infinite date and fails; the pass
-- leaves the check to it, so the whole run fails as the check alone does.
UPDATE regress_sets_bad.prescriptions SET prescribed_at = 'infinity' WHERE id = pg_temp.u('c013');
SELECT count(*) FROM clinic.validate('regress_sets_bad');
SELECT count(*) FROM clinic.validate('regress_sets_bad', '{prescriptions.prescribed_at.visit_window}');

DROP SCHEMA regress_sets_ok CASCADE;
DROP SCHEMA regress_sets_bad CASCADE;
DROP FUNCTION pg_temp.u(text);
RESET TimeZone;
RESET client_min_messages;
