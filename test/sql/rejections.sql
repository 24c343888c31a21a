-- Every rejection path of the schema, each with its SQLSTATE, constraint and message.
BEGIN;
SET LOCAL TimeZone = 'America/New_York';  -- messages carry the session's offset
INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name)
VALUES ('00000000-0000-4000-8000-0000000000a1', 'p@example.org', clinic._hash_password('x'), 'P', 'Q');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('00000000-0000-4000-8000-0000000000b1', 'R-1', 'Rae', 'Jones', '1990-05-05', 'female');
INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type)
VALUES ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000b1',
        '00000000-0000-4000-8000-0000000000a1', '2999-01-01 10:00+00', '2999-01-01 10:30+00', 'follow_up'),
       ('00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000b1',
        '00000000-0000-4000-8000-0000000000a1', now() - interval '1 day', now() - interval '1 day' + interval '30 minutes', 'follow_up');
INSERT INTO clinic.medical_records (id, patient_id, appointment_id)
VALUES ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2');

CREATE TEMP TABLE cases (n serial, statement text);
INSERT INTO cases (statement) VALUES
-- providers
($$INSERT INTO clinic.providers (email, password_hash, first_name, last_name) VALUES ('no-at-sign', clinic._hash_password('x'), 'A', 'B')$$),
($$INSERT INTO clinic.providers (email, password_hash, first_name, last_name) VALUES ('a@b.org', 'password123', 'A', 'B')$$),
($$INSERT INTO clinic.providers (email, password_hash, first_name, last_name, npi) VALUES ('a@b.org', clinic._hash_password('x'), 'A', 'B', '1234567890')$$),
($$INSERT INTO clinic.providers (email, password_hash, first_name, last_name) VALUES ('a@b.org', clinic._hash_password('x'), ' ', 'B')$$),
($$INSERT INTO clinic.providers (email, password_hash, first_name, last_name) VALUES ('a@b.org', NULL, 'A', 'B')$$),
-- patients
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('bad mrn!', 'A', 'B', '1990-01-01', 'male')$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('M-1', 'A', 'B', '1850-01-01', 'male')$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('M-1', 'A', 'B', '2999-12-31', 'male')$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('M-1', 'A', 'B', '1990-01-01', 'unknown')$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex, postal_code) VALUES ('M-1', 'A', 'B', '1990-01-01', 'male', '9720')$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex, country) VALUES ('M-1', 'A', 'B', '1990-01-01', 'male', 'usa')$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex, email) VALUES ('M-1', 'A', 'B', '1990-01-01', 'male', 'a@b')$$),
($$UPDATE clinic.patients SET deceased_at = '2999-01-01 08:30+00' WHERE mrn = 'R-1'$$),
($$UPDATE clinic.patients SET deceased_at = '1990-05-04 12:00+00' WHERE mrn = 'R-1'$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex, deleted_by) VALUES ('M-1', 'A', 'B', '1990-01-01', 'male', 'someone')$$),
-- infinite dates and times are rejected like any other, with readable messages
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('M-1', 'A', 'B', 'infinity', 'male')$$),
($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('M-1', 'A', 'B', '-infinity', 'male')$$),
($$UPDATE clinic.patients SET deceased_at = 'infinity' WHERE mrn = 'R-1'$$),
($$UPDATE clinic.patients SET deceased_at = '-infinity' WHERE mrn = 'R-1'$$),
-- allergies
($$INSERT INTO clinic.allergies (patient_id, allergen, severity) VALUES ('00000000-0000-4000-8000-0000000000b1', 'Dust', 'fatal')$$),
($$INSERT INTO clinic.allergies (patient_id, allergen, severity, allergen_code) VALUES ('00000000-0000-4000-8000-0000000000b1', 'Dust', 'mild', '123456')$$),
($$INSERT INTO clinic.allergies (patient_id, allergen, severity, allergen_code, allergen_code_system) VALUES ('00000000-0000-4000-8000-0000000000b1', 'Penicillin', 'mild', '07980', 'rxnorm')$$),
($$INSERT INTO clinic.allergies (patient_id, allergen, severity, allergen_code, allergen_code_system) VALUES ('00000000-0000-4000-8000-0000000000b1', 'Latex', 'mild', '1110', 'snomed_ct')$$),
($$INSERT INTO clinic.allergies (patient_id, allergen, severity) VALUES ('00000000-0000-4000-8000-000000000099', 'Dust', 'mild')$$),
-- chronic conditions
($$INSERT INTO clinic.chronic_conditions (patient_id, condition_name, icd10_code) VALUES ('00000000-0000-4000-8000-0000000000b1', 'Diabetes', 'E119')$$),
($$INSERT INTO clinic.chronic_conditions (patient_id, condition_name, onset_date, abatement_date) VALUES ('00000000-0000-4000-8000-0000000000b1', 'Flu', '2020-02-01', '2020-01-01')$$),
-- appointments
($$INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1', '2026-01-01 10:00+00', '2026-01-01 09:00+00', 'follow_up')$$),
($$INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1', '2026-01-01 10:00+00', '2026-01-02 10:00+00', 'follow_up')$$),
($$INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-000000000099', '2026-01-01 10:00+00', '2026-01-01 10:30+00', 'follow_up')$$),
($$UPDATE clinic.appointments SET status = 'completed' WHERE id = '00000000-0000-4000-8000-0000000000c1'$$),
($$UPDATE clinic.appointments SET status = 'no_show' WHERE id = '00000000-0000-4000-8000-0000000000c1'$$),
($$UPDATE clinic.appointments SET status = 'in_progress' WHERE id = '00000000-0000-4000-8000-0000000000c2'$$),
($$UPDATE clinic.appointments SET patient_id = '00000000-0000-4000-8000-0000000000b2' WHERE id = '00000000-0000-4000-8000-0000000000c1'$$),
-- medical records, symptoms, prescriptions
($$INSERT INTO clinic.medical_records (patient_id, appointment_id, diagnosis_code) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c1', 'not-a-code')$$),
($$INSERT INTO clinic.symptoms (patient_id, medical_record_id, description, severity) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Cough', 11)$$),
($$INSERT INTO clinic.symptoms (patient_id, medical_record_id, description, snomed_code) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Cough', 'C49727002')$$),
($$INSERT INTO clinic.symptoms (patient_id, medical_record_id, description, duration_days) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Cough', -1)$$),
($$INSERT INTO clinic.prescriptions (patient_id, medical_record_id, medication_name, dosage, frequency, refills) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Amoxicillin', '500 mg', 'tid', 25)$$),
($$INSERT INTO clinic.prescriptions (patient_id, medical_record_id, medication_name, dosage, frequency, quantity) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Amoxicillin', '500 mg', 'tid', 0)$$),
($$INSERT INTO clinic.prescriptions (patient_id, medical_record_id, medication_name, dosage, frequency, days_supply) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Amoxicillin', '500 mg', 'tid', 366)$$),
($$INSERT INTO clinic.prescriptions (patient_id, medical_record_id, medication_name, dosage, frequency, rxnorm_code) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Amoxicillin', '500 mg', 'tid', 'RX723')$$),
($$INSERT INTO clinic.prescriptions (patient_id, medical_record_id, medication_name, dosage, frequency, start_date, end_date) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Amoxicillin', '500 mg', 'tid', '2026-02-10', '2026-02-01')$$),
-- vital signs: each hard limit
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, systolic_mmhg, diastolic_mmhg) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 301, 80)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, systolic_mmhg, diastolic_mmhg) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 120, 19)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, systolic_mmhg, diastolic_mmhg) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 90, 90)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, heart_rate_per_min) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 19)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, respiratory_rate_per_min) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 70)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, temperature_c) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 98.6)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, spo2_pct) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 0)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, weight_kg) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 1.5)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, height_cm) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 251)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, weight_kg, height_cm) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 300, 150)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, weight_kg, height_cm) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 20, 180)$$),
($$INSERT INTO clinic.vital_signs (patient_id, appointment_id, bmi) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000c2', 22)$$),
-- consent records
($$INSERT INTO clinic.consent_records (patient_id, kind, status, document_version, recorded_by) VALUES ('00000000-0000-4000-8000-0000000000b1', 'treatment', 'granted', 'v1', 'desk')$$),
($$INSERT INTO clinic.consent_records (patient_id, kind, status, granted_at, document_version, recorded_by) VALUES ('00000000-0000-4000-8000-0000000000b1', 'treatment', 'revoked', now(), 'v1', 'desk')$$),
($$INSERT INTO clinic.consent_records (patient_id, kind, status, granted_at, revoked_at, document_version, recorded_by) VALUES ('00000000-0000-4000-8000-0000000000b1', 'treatment', 'revoked', now(), now() - interval '1 day', 'v1', 'desk')$$),
($$INSERT INTO clinic.consent_records (patient_id, kind, status, granted_at, expires_at, document_version, recorded_by) VALUES ('00000000-0000-4000-8000-0000000000b1', 'research', 'granted', now(), now(), 'v1', 'desk')$$),
($$INSERT INTO clinic.consent_records (patient_id, kind, status, granted_at, document_version, recorded_by) VALUES ('00000000-0000-4000-8000-0000000000b1', 'research', 'granted', now(), '  ', 'desk')$$),
-- the upper bounds of ranges the cases above test from below
($$INSERT INTO clinic.symptoms (patient_id, medical_record_id, description, duration_days) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d1', 'Cough', 36501)$$);

SELECT n, regress.try(statement) AS outcome FROM cases ORDER BY n;

-- A refused status change names, in its DETAIL, the statuses it may change to instead.
SAVEPOINT refused;
UPDATE clinic.appointments SET status = 'completed' WHERE id = '00000000-0000-4000-8000-0000000000c1';
ROLLBACK TO SAVEPOINT refused;
UPDATE clinic.appointments SET status = 'checked_in' WHERE id = '00000000-0000-4000-8000-0000000000c1';
UPDATE clinic.appointments SET status = 'completed' WHERE id = '00000000-0000-4000-8000-0000000000c1';
ROLLBACK TO SAVEPOINT refused;

-- The allowed paths next to those rejections work.
SELECT regress.try($$UPDATE clinic.appointments SET status = 'no_show' WHERE id = '00000000-0000-4000-8000-0000000000c2'$$) AS no_show_after_start;
SELECT regress.try($$UPDATE clinic.appointments SET status = 'checked_in' WHERE id = '00000000-0000-4000-8000-0000000000c1'$$) AS check_in;
SELECT regress.try($$UPDATE clinic.appointments SET status = 'cancelled' WHERE id = '00000000-0000-4000-8000-0000000000c1'$$) AS cancel_checked_in;
SELECT regress.try($$UPDATE clinic.appointments SET status = 'scheduled' WHERE id = '00000000-0000-4000-8000-0000000000c1'$$) AS cancelled_is_final;
SELECT regress.try($$UPDATE clinic.appointments SET appointment_date = appointment_date + interval '1 hour', ends_at = ends_at + interval '1 hour' WHERE id = '00000000-0000-4000-8000-0000000000c2'$$) AS reschedule_without_status_change;
SELECT regress.try($$UPDATE clinic.patients SET deceased_at = now() - interval '1 minute' WHERE mrn = 'R-1'$$) AS deceased_in_past;
SELECT regress.try($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('R-NEW', 'New', 'Born', current_date, 'female')$$) AS born_today;
SELECT regress.try($$UPDATE clinic.patients SET deceased_at = date_of_birth::timestamptz WHERE mrn = 'R-NEW'$$) AS died_at_birth;
SELECT regress.try($$INSERT INTO clinic.consent_records (patient_id, kind, status, granted_at, revoked_at, expires_at, document_version, recorded_by) VALUES ('00000000-0000-4000-8000-0000000000b1', 'telehealth', 'revoked', now() - interval '2 days', now(), now() + interval '1 year', 'v2', 'desk')$$) AS revoked_consent;
ROLLBACK;

-- pgcrypto's crypt() cannot be cancelled while it runs: a salt asking for a huge work factor
-- (bcrypt cost 31; sha-crypt rounds, which PostgreSQL 18's pgcrypto accepts; extended DES) is
-- refused before it starts; ordinary salts still hash.
SELECT regress.try($$SELECT clinic._crypt('pw', '$2a$31$abcdefghijklmnopqrstuu')$$) AS bcrypt_cost_31,
       regress.try($$SELECT clinic._crypt('pw', '$5$rounds=999999999$saltsalt')$$) AS sha256_rounds,
       regress.try($$SELECT clinic._crypt('pw', '$6$rounds=x$saltsalt')$$) AS sha512_rounds_unreadable,
       regress.try($$SELECT clinic._crypt('pw', '_zzzzsalt')$$) AS extended_des_count;
SELECT clinic._crypt('pw', '$2a$06$abcdefghijklmnopqrstuu') = clinic._crypt('pw', '$2a$06$abcdefghijklmnopqrstuu') AS bcrypt_cost_6_hashes;
