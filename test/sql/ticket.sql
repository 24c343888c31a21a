-- TICKET-001's integration test categories: connection, providers, patients with relations,
-- appointments, medical records with relations, vital signs, cascade deletes, unique
-- constraints. Runs in one transaction, rolled back at the end.
BEGIN;

-- Connection
SELECT current_database() = 'contrib_regression' AS connected, extversion = clinic.version() AS versions_agree
  FROM pg_extension WHERE extname = 'clinic';

-- Providers: insert and read back; ids generated; a bcrypt hash is required.
INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name, npi, specialty)
VALUES ('00000000-0000-4000-8000-0000000000a1', 'house@example.org',
        clinic._hash_password('correct horse'), 'Greg', 'House', '1245319599', 'Diagnostics');
SELECT email, first_name, last_name, npi, is_active, password_hash ~ '^\$2a\$10\$' AS bcrypt
  FROM clinic.providers WHERE id = '00000000-0000-4000-8000-0000000000a1';
SELECT clinic.verify_provider_password('HOUSE@example.org', 'correct horse') AS right_password,
       clinic.verify_provider_password('house@example.org', 'wrong') AS wrong_password,
       clinic.verify_provider_password('nobody@example.org', 'correct horse') AS unknown_email;
INSERT INTO clinic.providers (email, password_hash, first_name, last_name)
VALUES ('cuddy@example.org', clinic._hash_password('x'), 'Lisa', 'Cuddy')
RETURNING id IS NOT NULL AS id_generated, npi IS NULL AS npi_optional;

-- Patients with relations: allergies and chronic conditions hang off a patient.
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex, email, phone, postal_code)
VALUES ('00000000-0000-4000-8000-0000000000b1', 'T-1', 'Ada', 'Lovelace', '1980-12-10', 'female',
        'ada@example.org', '+1-555-0101', '97201'),
       ('00000000-0000-4000-8000-0000000000b2', 'T-2', 'Alan', 'Turing', '1972-06-23', 'male',
        NULL, NULL, NULL);
INSERT INTO clinic.allergies (patient_id, allergen, severity, criticality)
VALUES ('00000000-0000-4000-8000-0000000000b1', 'Shellfish', 'moderate', 'low'),
       ('00000000-0000-4000-8000-0000000000b1', 'Amoxicillin', 'severe', 'high');
INSERT INTO clinic.chronic_conditions (patient_id, condition_name, icd10_code, onset_date)
VALUES ('00000000-0000-4000-8000-0000000000b1', 'Migraine without aura', 'G43.009', '2001-01-01');
SELECT p.mrn, count(DISTINCT a.id) AS allergies, count(DISTINCT c.id) AS conditions,
       string_agg(DISTINCT a.severity::text, ',') AS severities
  FROM clinic.patients p
  LEFT JOIN clinic.allergies a ON a.patient_id = p.id
  LEFT JOIN clinic.chronic_conditions c ON c.patient_id = p.id
 WHERE p.mrn IN ('T-1', 'T-2') GROUP BY p.mrn ORDER BY 1;
SELECT country, deleted_at IS NULL AS live FROM clinic.patients WHERE mrn = 'T-1';

-- Appointments: booked with a provider; status defaults to scheduled.
INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, reason)
VALUES ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000b1',
        '00000000-0000-4000-8000-0000000000a1', '2026-03-02 09:00+00', '2026-03-02 09:30+00', 'new_patient', 'Headaches'),
       ('00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000b2',
        '00000000-0000-4000-8000-0000000000a1', '2026-03-02 09:30+00', '2026-03-02 10:00+00', 'telehealth', 'Follow-up');
SELECT a.appointment_type, a.status, p.last_name AS patient, pr.last_name AS provider
  FROM clinic.appointments a JOIN clinic.patients p ON p.id = a.patient_id
  JOIN clinic.providers pr ON pr.id = a.provider_id
 WHERE a.provider_id = '00000000-0000-4000-8000-0000000000a1' ORDER BY a.appointment_date;
-- The appointment moves through its states.
UPDATE clinic.appointments SET status = 'checked_in' WHERE id = '00000000-0000-4000-8000-0000000000c1';
UPDATE clinic.appointments SET status = 'in_progress' WHERE id = '00000000-0000-4000-8000-0000000000c1';
UPDATE clinic.appointments SET status = 'completed' WHERE id = '00000000-0000-4000-8000-0000000000c1';
SELECT status FROM clinic.appointments WHERE id = '00000000-0000-4000-8000-0000000000c1';

-- Medical records with relations: one record per appointment, with symptoms and prescriptions.
INSERT INTO clinic.medical_records (id, patient_id, appointment_id, chief_complaint, assessment, diagnosis_code)
VALUES ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000b1',
        '00000000-0000-4000-8000-0000000000c1', 'Headache', 'Migraine', 'G43.009');
INSERT INTO clinic.symptoms (patient_id, medical_record_id, description, severity)
VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Throbbing headache', 7),
       ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Photophobia', 4);
INSERT INTO clinic.prescriptions (patient_id, medical_record_id, medication_name, rxnorm_code, dosage, frequency, quantity, refills)
VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1',
        'Sumatriptan 50 mg tablet', '313195', '50 mg', 'at onset, may repeat once', 9, 2);
SELECT r.diagnosis_code, count(DISTINCT s.id) AS symptoms, count(DISTINCT rx.id) AS prescriptions,
       max(rx.status::text) AS rx_status
  FROM clinic.medical_records r
  LEFT JOIN clinic.symptoms s ON (s.patient_id, s.medical_record_id) = (r.patient_id, r.id)
  LEFT JOIN clinic.prescriptions rx ON (rx.patient_id, rx.medical_record_id) = (r.patient_id, r.id)
 WHERE r.id = '00000000-0000-4000-8000-0000000000d1' GROUP BY r.diagnosis_code;
-- A record must belong to its appointment's patient (composite foreign key).
SELECT regress.try($$INSERT INTO clinic.medical_records (patient_id, appointment_id)
                     VALUES ('00000000-0000-4000-8000-0000000000b2', '00000000-0000-4000-8000-0000000000c1')$$);

-- Vital signs: fixed units, BMI derived, one set per appointment.
INSERT INTO clinic.vital_signs (patient_id, appointment_id, systolic_mmhg, diastolic_mmhg, heart_rate_per_min,
                                respiratory_rate_per_min, temperature_c, spo2_pct, weight_kg, height_cm)
VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c1',
        122, 78, 72, 14, 36.8, 98, 70.00, 175.0)
RETURNING bmi;
UPDATE clinic.vital_signs SET weight_kg = 80 WHERE appointment_id = '00000000-0000-4000-8000-0000000000c1'
RETURNING bmi AS bmi_follows_weight;
SELECT regress.try($$UPDATE clinic.vital_signs SET bmi = 20$$);

-- Unique constraints.
SELECT regress.try($$INSERT INTO clinic.providers (email, password_hash, first_name, last_name)
                     VALUES ('House@Example.org', clinic._hash_password('x'), 'G', 'H')$$) AS provider_email;
SELECT regress.try($$INSERT INTO clinic.providers (email, password_hash, first_name, last_name, npi)
                     VALUES ('other@example.org', clinic._hash_password('x'), 'G', 'H', '1245319599')$$) AS provider_npi;
SELECT regress.try($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex)
                     VALUES ('T-1', 'Other', 'Person', '1990-01-01', 'other')$$) AS patient_mrn;
SELECT regress.try($$INSERT INTO clinic.medical_records (patient_id, appointment_id)
                     VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c1')$$) AS record_per_appointment;
SELECT regress.try($$INSERT INTO clinic.vital_signs (patient_id, appointment_id)
                     VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c1')$$) AS vitals_per_appointment;
-- Soft-deleted rows free their unique values.
UPDATE clinic.patients SET deleted_at = now() WHERE mrn = 'T-2';
SELECT regress.try($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex)
                     VALUES ('T-2', 'Alan', 'Turing', '1972-06-23', 'male')$$) AS mrn_reused_after_soft_delete;

-- Double booking: a provider cannot have two overlapping live appointments...
SELECT regress.try($$INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type)
                     VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1',
                             '2026-03-02 09:45+00', '2026-03-02 10:15+00', 'sick_visit')$$) AS overlapping;
-- ... back to back is fine, and a cancelled appointment frees its slot.
SELECT regress.try($$INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type)
                     VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1',
                             '2026-03-02 10:00+00', '2026-03-02 10:30+00', 'sick_visit')$$) AS back_to_back;
UPDATE clinic.appointments SET status = 'cancelled' WHERE id = '00000000-0000-4000-8000-0000000000c2';
SELECT regress.try($$INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type)
                     VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1',
                             '2026-03-02 09:40+00', '2026-03-02 09:55+00', 'sick_visit')$$) AS into_cancelled_slot;

-- Cascade deletes, each level of the ticket's table.
CREATE TEMP VIEW chart_counts AS
SELECT (SELECT count(*) FROM clinic.allergies WHERE patient_id = '00000000-0000-4000-8000-0000000000b1') AS allergies,
       (SELECT count(*) FROM clinic.chronic_conditions WHERE patient_id = '00000000-0000-4000-8000-0000000000b1') AS conditions,
       (SELECT count(*) FROM clinic.appointments WHERE patient_id = '00000000-0000-4000-8000-0000000000b1') AS appointments,
       (SELECT count(*) FROM clinic.medical_records WHERE patient_id = '00000000-0000-4000-8000-0000000000b1') AS records,
       (SELECT count(*) FROM clinic.symptoms WHERE patient_id = '00000000-0000-4000-8000-0000000000b1') AS symptoms,
       (SELECT count(*) FROM clinic.prescriptions WHERE patient_id = '00000000-0000-4000-8000-0000000000b1') AS prescriptions,
       (SELECT count(*) FROM clinic.vital_signs WHERE patient_id = '00000000-0000-4000-8000-0000000000b1') AS vitals;
SELECT * FROM chart_counts;
SAVEPOINT before_cascades;
-- medical record -> symptoms, prescriptions
DELETE FROM clinic.medical_records WHERE id = '00000000-0000-4000-8000-0000000000d1';
SELECT * FROM chart_counts;
ROLLBACK TO before_cascades;
-- appointment -> record (and its children), vitals
DELETE FROM clinic.appointments WHERE id = '00000000-0000-4000-8000-0000000000c1';
SELECT * FROM chart_counts;
ROLLBACK TO before_cascades;
-- patient -> allergies, conditions, appointments and everything below them
DELETE FROM clinic.patients WHERE id = '00000000-0000-4000-8000-0000000000b1';
SELECT * FROM chart_counts;
ROLLBACK TO before_cascades;
-- providers are protected while appointments reference them
SELECT regress.try($$DELETE FROM clinic.providers WHERE id = '00000000-0000-4000-8000-0000000000a1'$$) AS provider_delete;
SELECT regress.try($$DELETE FROM clinic.providers WHERE email = 'cuddy@example.org'$$) AS unreferenced_provider_delete;

ROLLBACK;
