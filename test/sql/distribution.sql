-- clinic.distribute() on one node (the Citus suite, test/citus, distributes for real): refused
-- without Citus, as release_claims() is before distribution; nothing of the schema changes.
SELECT regress.try('SELECT * FROM clinic.distribute()') AS distribute;
SELECT regress.try('SELECT * FROM clinic.release_claims()') AS release_claims;
SELECT to_regclass('clinic.patients_mrn_live_key') IS NOT NULL AS mrn_rule_kept,
       to_regclass('clinic.mrn_claims') IS NULL AS no_claims,
       NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'clinic.patients'::regclass AND attname = 'live_mrn') AS no_live_mrn;

-- What it would run: which statements also run on the workers, first (the single-node rules'
-- drops and the generated columns) or after the claims are there (the claims' comments, the
-- foreign keys to them), and that each is idempotent here too: run twice on a copy of the
-- schema's tables in a rolled-back transaction, the second time changes nothing.
SELECT workers, count(*) FROM clinic._distribution_ddl() GROUP BY 1 ORDER BY 1;
BEGIN;
DO $$
DECLARE cmd text;
BEGIN
    FOR i IN 1..2 LOOP
        FOR cmd IN SELECT statement FROM clinic._distribution_ddl() LOOP
            EXECUTE cmd;
        END LOOP;
    END LOOP;
END
$$;
-- The distributed shape without Citus's catalog naming clinic.patients is drift: only
-- distribution (which a table's owner cannot fake) makes the distributed form the manifest
-- (the Citus suite shows no drift there).
SELECT clinic._distributed() AS distributed;
SELECT change, object_type, object_name FROM clinic.drift() ORDER BY 1, 2, 3;
-- The claims hold the rules: a second live patient with an MRN, a second booking of the time.
SELECT to_regclass('clinic.patients_mrn_live_key') IS NULL AS mrn_index_dropped,
       (SELECT count(*) FROM pg_constraint WHERE conname IN ('patients_mrn_claim_fkey', 'appointments_booking_claim_fkey')) AS claim_keys;
INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name)
VALUES ('00000000-0000-4000-8000-0000000d1501', 'claims@example.org', '$2a$06$' || repeat('a', 53), 'Cla', 'Im');
SELECT regress.try($$INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
                     VALUES ('00000000-0000-4000-8000-0000000e1501', 'D-1', 'No', 'Claim', '1970-01-01', 'male')$$) AS unclaimed;
INSERT INTO clinic.mrn_claims VALUES ('D-1', '00000000-0000-4000-8000-0000000e1501');
SELECT regress.try($$INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
                     VALUES ('00000000-0000-4000-8000-0000000e1501', 'D-1', 'With', 'Claim', '1970-01-01', 'male')$$) AS claimed;
SELECT regress.try($$INSERT INTO clinic.mrn_claims VALUES ('D-1', '00000000-0000-4000-8000-0000000e1502')$$) AS same_mrn;
INSERT INTO clinic.booking_claims VALUES ('00000000-0000-4000-8000-0000000e1501', '00000000-0000-4000-8000-0000000a1501',
                                          '00000000-0000-4000-8000-0000000d1501', tstzrange('2027-01-01 09:00', '2027-01-01 09:30'));
SELECT regress.try($$INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type)
                     VALUES ('00000000-0000-4000-8000-0000000a1501', '00000000-0000-4000-8000-0000000e1501',
                             '00000000-0000-4000-8000-0000000d1501', '2027-01-01 09:00', '2027-01-01 09:30', 'follow_up')$$) AS booked;
SELECT regress.try($$INSERT INTO clinic.booking_claims VALUES ('00000000-0000-4000-8000-0000000e1501', '00000000-0000-4000-8000-0000000a1502',
                     '00000000-0000-4000-8000-0000000d1501', tstzrange('2027-01-01 09:15', '2027-01-01 09:45'))$$) AS overlapping;
SELECT regress.try($$INSERT INTO clinic.booking_claims VALUES ('00000000-0000-4000-8000-0000000e1502', '00000000-0000-4000-8000-0000000a1501',
                     '00000000-0000-4000-8000-0000000d1501', tstzrange('2027-01-02 09:00', '2027-01-02 09:30'))$$) AS id_of_another_patient;
-- A reschedule: claim the new time (the appointment's old claim does not conflict), move,
-- release the old claim; a cancellation frees the time.
INSERT INTO clinic.booking_claims VALUES ('00000000-0000-4000-8000-0000000e1501', '00000000-0000-4000-8000-0000000a1501',
                                          '00000000-0000-4000-8000-0000000d1501', tstzrange('2027-01-01 09:15', '2027-01-01 09:45'));
UPDATE clinic.appointments SET appointment_date = '2027-01-01 09:15', ends_at = '2027-01-01 09:45'
 WHERE id = '00000000-0000-4000-8000-0000000a1501';
SELECT * FROM clinic.release_claims();
UPDATE clinic.appointments SET status = 'cancelled' WHERE id = '00000000-0000-4000-8000-0000000a1501';
UPDATE clinic.patients SET deleted_at = now() WHERE id = '00000000-0000-4000-8000-0000000e1501';
SELECT * FROM clinic.release_claims();
-- None left of this patient's (the other rows' claims, made by the DDL, are still held).
SELECT (SELECT count(*) FROM clinic.mrn_claims WHERE holder = '00000000-0000-4000-8000-0000000e1501') AS mrn_claims,
       (SELECT count(*) FROM clinic.booking_claims WHERE holder = '00000000-0000-4000-8000-0000000e1501') AS booking_claims,
       (SELECT count(*) FROM clinic.patients WHERE live_mrn IS NOT NULL)
     = (SELECT count(*) FROM clinic.mrn_claims) AS every_live_mrn_claimed;
ROLLBACK;

SELECT clinic._in_transaction_block() AS at_top_level;
BEGIN;
SELECT clinic._in_transaction_block() AS in_a_block;
COMMIT;
