-- The PHI audit trail: every change of every PHI table is logged, chained and verifiable;
-- every kind of tampering is found at the right row.
SET clinic.actor = 'dr.audit';
-- Show only this test's chain: earlier tests have written to other patients' chains.
CREATE TEMP VIEW chain AS
SELECT seq, operation, table_name, substr(row_id::text, 35) AS row_id,
       CASE operation WHEN 'UPDATE' THEN (new_values - 'updated_at')::text
                      WHEN 'ACCESS' THEN new_values::text
                      ELSE (SELECT string_agg(k, ',' ORDER BY k)
                              FROM jsonb_object_keys(coalesce(new_values, old_values)) k) END AS detail,
       CASE operation WHEN 'UPDATE' THEN (old_values - 'updated_at')::text END AS old,
       actor, db_user = session_user AS by_session_user, transaction_id IS NOT NULL AS has_xid,
       length(hash) AS hash_bytes
  FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' ORDER BY seq;
CREATE TEMP VIEW verdict AS
SELECT ok, chains_checked, rows_checked, broken_seq, problem
  FROM clinic.verify_audit_log('0a000000-0000-4000-8000-0000000000b1');

-- One row of every PHI table, each change in its own statement.
INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name)
VALUES ('0a000000-0000-4000-8000-0000000000a1', 'trail@example.org', clinic._hash_password('x'), 'Tia', 'Trail');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('0a000000-0000-4000-8000-0000000000b1', 'TRAIL-1', 'Ada', 'Audit', '1980-02-03', 'female');
INSERT INTO clinic.allergies (id, patient_id, allergen, severity)
VALUES ('0a000000-0000-4000-8000-0000000000c1', '0a000000-0000-4000-8000-0000000000b1', 'Latex', 'mild');
INSERT INTO clinic.chronic_conditions (id, patient_id, condition_name, icd10_code)
VALUES ('0a000000-0000-4000-8000-0000000000c2', '0a000000-0000-4000-8000-0000000000b1', 'Asthma', 'J45.909');
INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type)
VALUES ('0a000000-0000-4000-8000-0000000000c3', '0a000000-0000-4000-8000-0000000000b1',
        '0a000000-0000-4000-8000-0000000000a1', '2030-01-01 10:00+00', '2030-01-01 10:30+00', 'follow_up');
INSERT INTO clinic.medical_records (id, patient_id, appointment_id, chief_complaint)
VALUES ('0a000000-0000-4000-8000-0000000000c4', '0a000000-0000-4000-8000-0000000000b1', '0a000000-0000-4000-8000-0000000000c3', 'Wheeze');
INSERT INTO clinic.symptoms (id, patient_id, medical_record_id, description, severity)
VALUES ('0a000000-0000-4000-8000-0000000000c5', '0a000000-0000-4000-8000-0000000000b1', '0a000000-0000-4000-8000-0000000000c4', 'Cough', 4);
INSERT INTO clinic.prescriptions (id, patient_id, medical_record_id, medication_name, dosage, frequency)
VALUES ('0a000000-0000-4000-8000-0000000000c6', '0a000000-0000-4000-8000-0000000000b1', '0a000000-0000-4000-8000-0000000000c4', 'Albuterol', '90 mcg', 'as needed');
INSERT INTO clinic.vital_signs (id, patient_id, appointment_id, heart_rate_per_min, temperature_c)
VALUES ('0a000000-0000-4000-8000-0000000000c7', '0a000000-0000-4000-8000-0000000000b1', '0a000000-0000-4000-8000-0000000000c3', 72, 36.8);
INSERT INTO clinic.consent_records (id, patient_id, kind, status, granted_at, document_version, recorded_by)
VALUES ('0a000000-0000-4000-8000-0000000000c8', '0a000000-0000-4000-8000-0000000000b1', 'treatment', 'granted', '2030-01-01 09:00+00', 'v1', 'desk');
-- Updates: only the changed columns, old and new; numbers stay numbers, times are UTC ISO.
UPDATE clinic.vital_signs SET heart_rate_per_min = 80, temperature_c = 37.2 WHERE id = '0a000000-0000-4000-8000-0000000000c7';
UPDATE clinic.allergies SET reaction = 'Hives', severity = 'moderate' WHERE id = '0a000000-0000-4000-8000-0000000000c1';
UPDATE clinic.appointments SET appointment_date = '2030-01-01 10:15+00' WHERE id = '0a000000-0000-4000-8000-0000000000c3';
-- An update that changes nothing is no change of PHI (but the audit columns do change).
SET clinic.actor = 'dr.audit';
UPDATE clinic.consent_records SET document_version = 'v1' WHERE id = '0a000000-0000-4000-8000-0000000000c8';
-- An update that changes no column at all, the audit columns included (the same actor, in the
-- transaction that stamped the row already), is not logged: one row for the two updates.
BEGIN;
UPDATE clinic.chronic_conditions SET notes = 'twice' WHERE id = '0a000000-0000-4000-8000-0000000000c2';
UPDATE clinic.chronic_conditions SET notes = 'twice' WHERE id = '0a000000-0000-4000-8000-0000000000c2';
SELECT operation, new_values - 'updated_at' AS new_values FROM clinic.audit_log
 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND transaction_id = pg_current_xact_id() ORDER BY seq;
ROLLBACK;
-- Providers are not PHI: not in the trail.
UPDATE clinic.providers SET specialty = 'Pulmonology' WHERE id = '0a000000-0000-4000-8000-0000000000a1';
-- session_replication_role = replica does not skip the ENABLE ALWAYS trigger.
SET session_replication_role = replica;
UPDATE clinic.symptoms SET severity = 5 WHERE id = '0a000000-0000-4000-8000-0000000000c5';
RESET session_replication_role;
-- A rolled-back change leaves nothing; a rolled-back savepoint leaves no gap.
BEGIN;
UPDATE clinic.chronic_conditions SET notes = 'gone' WHERE id = '0a000000-0000-4000-8000-0000000000c2';
ROLLBACK;
BEGIN;
SAVEPOINT s;
UPDATE clinic.chronic_conditions SET notes = 'gone too' WHERE id = '0a000000-0000-4000-8000-0000000000c2';
ROLLBACK TO s;
UPDATE clinic.chronic_conditions SET notes = 'kept' WHERE id = '0a000000-0000-4000-8000-0000000000c2';
COMMIT;
-- A chart read, recorded explicitly.
SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', 'treatment') AS access_seq;
-- Deleting the appointment cascades to its record, symptom, prescription and vitals: all logged.
DELETE FROM clinic.appointments WHERE id = '0a000000-0000-4000-8000-0000000000c3';
SELECT * FROM chain;
SELECT * FROM verdict;
SELECT old_values ->> 'heart_rate_per_min' AS old_hr, new_values -> 'heart_rate_per_min' AS new_hr,
       jsonb_typeof(new_values -> 'temperature_c') AS temperature_type
  FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND table_name = 'vital_signs' AND operation = 'UPDATE';
SELECT new_values ->> 'appointment_date' AS new_date, old_values ->> 'appointment_date' AS old_date
  FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND table_name = 'appointments' AND operation = 'UPDATE';

-- The timeline of the chart.
SELECT seq, operation, table_name, changes - 'updated_at' - 'created_at' - 'updated_by' - 'created_by' - 'id' AS changes
  FROM clinic.patient_history('0a000000-0000-4000-8000-0000000000b1')
 WHERE operation IN ('UPDATE', 'ACCESS') ORDER BY seq;

-- TRUNCATE is recorded in the system chain, with the rows it removed.
BEGIN;
TRUNCATE clinic.consent_records;
SELECT operation, table_name, new_values FROM clinic.audit_log
 WHERE patient_id = '00000000-0000-0000-0000-000000000000' ORDER BY seq DESC LIMIT 1;
ROLLBACK;

-- Nobody may change the trail, the owner (a superuser here) included.
SELECT regress.try($$UPDATE clinic.audit_log SET actor = 'x' WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1'$$);
SELECT regress.try($$DELETE FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1'$$);
SELECT regress.try('TRUNCATE clinic.audit_log');
SELECT regress.try('TRUNCATE clinic.audit_log_seals');
SELECT regress.try('ALTER TABLE clinic.audit_log DISABLE TRIGGER append_only');
SELECT regress.try('ALTER TABLE clinic.allergies DISABLE TRIGGER audit_trail');
SELECT regress.try('ALTER TABLE clinic.allergies ENABLE TRIGGER audit_trail');
SELECT regress.try('ALTER TABLE clinic.allergies ENABLE REPLICA TRIGGER audit_trail');
SELECT regress.try('ALTER TABLE clinic.patients DISABLE TRIGGER ALL');
SELECT regress.try('ALTER TABLE clinic.patients DISABLE TRIGGER USER');
SELECT regress.try('DROP TRIGGER audit_trail ON clinic.vital_signs');
SELECT regress.try('DROP TRIGGER audit_trail_truncate ON clinic.vital_signs');
SELECT regress.try('DROP TRIGGER append_only ON clinic.audit_log');
-- The owner of a PHI table cannot silence the trail by renaming its trigger first (1.1 let the
-- renamed trigger be disabled and re-enabled, leaving no trace): the guard knows the trail's
-- triggers by function, events and state. Renaming is harmless and allowed.
BEGIN;
CREATE ROLE regress_trail_owner;
GRANT USAGE ON SCHEMA clinic, regress TO regress_trail_owner;
GRANT EXECUTE ON FUNCTION regress.try(text) TO regress_trail_owner;
ALTER TABLE clinic.patients OWNER TO regress_trail_owner;
CREATE FUNCTION regress.skip_trigger() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
GRANT EXECUTE ON FUNCTION regress.skip_trigger() TO regress_trail_owner;
SET ROLE regress_trail_owner;
SELECT regress.try('ALTER TRIGGER audit_trail ON clinic.patients RENAME TO x');
SELECT regress.try('ALTER TABLE clinic.patients DISABLE TRIGGER x');
SELECT regress.try('ALTER TABLE clinic.patients ENABLE TRIGGER x');
SELECT regress.try('ALTER TABLE clinic.patients ENABLE REPLICA TRIGGER x');
SELECT regress.try('DROP TRIGGER x ON clinic.patients');
SELECT regress.try('CREATE OR REPLACE TRIGGER x AFTER INSERT OR UPDATE OR DELETE ON clinic.patients FOR EACH ROW WHEN (false) EXECUTE FUNCTION clinic.audit_trail_trigger(''id'')');
SELECT regress.try('CREATE OR REPLACE TRIGGER x AFTER INSERT OR UPDATE OR DELETE ON clinic.patients FOR EACH ROW EXECUTE FUNCTION regress.skip_trigger()');
SELECT regress.try('ALTER TRIGGER audit_trail_truncate ON clinic.patients RENAME TO y');
SELECT regress.try('ALTER TABLE clinic.patients DISABLE TRIGGER y');
RESET ROLE;
-- The renamed trigger still records.
UPDATE clinic.patients SET phone = '555-0199' WHERE id = '0a000000-0000-4000-8000-0000000000b1';
SELECT operation, table_name, new_values ->> 'phone' AS phone FROM clinic.audit_log
 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' ORDER BY seq DESC LIMIT 1;
-- The same for the log's append_only trigger, and for the trigger functions themselves.
SELECT regress.try('ALTER TRIGGER append_only ON clinic.audit_log RENAME TO z');
SELECT regress.try('ALTER TABLE clinic.audit_log DISABLE TRIGGER z');
SELECT regress.try('ALTER TABLE clinic.audit_log ENABLE TRIGGER z');
SELECT regress.try('DROP TRIGGER z ON clinic.audit_log');
SELECT regress.try($$CREATE OR REPLACE FUNCTION clinic.audit_trail_trigger() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS 'BEGIN RETURN NULL; END'$$);
SELECT regress.try($$CREATE OR REPLACE FUNCTION clinic.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS 'BEGIN RETURN NEW; END'$$);
SELECT regress.try('ALTER FUNCTION clinic.audit_trail_trigger() OWNER TO regress_trail_owner');
SELECT regress.try('ALTER FUNCTION clinic.audit_trail_trigger() SET clinic.audit_trail = off');
SELECT regress.try('ALTER EXTENSION clinic DROP FUNCTION clinic.audit_log_append_only()');
ROLLBACK;

-- A superuser can get past the guards (disable the event triggers first); verification then
-- reports the trail's triggers as they are, whatever their names.
BEGIN;
CREATE FUNCTION regress.skip_trigger() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
ALTER EVENT TRIGGER clinic_audit_trail_guard DISABLE;
ALTER EVENT TRIGGER clinic_audit_trail_state_guard DISABLE;
SELECT ok, broken_patient_id, broken_seq, problem FROM clinic.verify_audit_log();
ALTER TRIGGER audit_trail ON clinic.patients RENAME TO x;
ALTER TABLE clinic.patients DISABLE TRIGGER x;
ALTER EVENT TRIGGER clinic_audit_trail_guard ENABLE ALWAYS;
ALTER EVENT TRIGGER clinic_audit_trail_state_guard ENABLE ALWAYS;
SELECT ok, broken_patient_id, broken_seq, problem FROM clinic.verify_audit_log();
ALTER EVENT TRIGGER clinic_audit_trail_guard DISABLE;
ALTER EVENT TRIGGER clinic_audit_trail_state_guard DISABLE;
ALTER TABLE clinic.patients ENABLE TRIGGER x;
ALTER TABLE clinic.audit_log_purges ENABLE REPLICA TRIGGER append_only_truncate;
DROP TRIGGER audit_trail ON clinic.allergies;
CREATE TRIGGER audit_trail AFTER INSERT OR UPDATE OR DELETE ON clinic.allergies
    FOR EACH ROW EXECUTE FUNCTION regress.skip_trigger();
ALTER TABLE clinic.allergies ENABLE ALWAYS TRIGGER audit_trail;
ALTER EVENT TRIGGER clinic_audit_trail_guard ENABLE ALWAYS;
ALTER EVENT TRIGGER clinic_audit_trail_state_guard ENABLE ALWAYS;
SELECT table_name, problem FROM clinic._audit_trail_problems() ORDER BY 1, 2;
ROLLBACK;
SELECT ok, problem FROM clinic.verify_audit_log();

-- No user trigger runs inside clinic's own writes (1.1: a TRIGGER grant on audit_log_sealed_heads
-- let the grantee's trigger run inside the SECURITY DEFINER seal as its owner, a superuser).
BEGIN;
CREATE ROLE regress_trail_grantee;
GRANT USAGE ON SCHEMA clinic, regress TO regress_trail_grantee;
CREATE FUNCTION regress.escalate() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN ALTER ROLE regress_trail_grantee SUPERUSER; RETURN NULL; END$$;
SELECT regress.try('GRANT TRIGGER ON clinic.audit_log_sealed_heads TO regress_trail_grantee');
SELECT regress.try('CREATE TRIGGER escalate AFTER INSERT ON clinic.audit_log_sealed_heads FOR EACH STATEMENT EXECUTE FUNCTION regress.escalate()');
SELECT regress.try('CREATE RULE escalate AS ON INSERT TO clinic.audit_log_seals DO ALSO SELECT 1');
-- Past the guards (a superuser), the seal itself refuses and verification reports it.
ALTER EVENT TRIGGER clinic_audit_trail_state_guard DISABLE;
GRANT TRIGGER ON clinic.audit_log_sealed_heads TO regress_trail_grantee;
SET ROLE regress_trail_grantee;
CREATE TRIGGER escalate AFTER INSERT ON clinic.audit_log_sealed_heads FOR EACH STATEMENT EXECUTE FUNCTION regress.escalate();
RESET ROLE;
ALTER EVENT TRIGGER clinic_audit_trail_state_guard ENABLE ALWAYS;
SELECT regress.try('SELECT clinic.audit_log_seal()');
SELECT rolsuper AS grantee_became_superuser FROM pg_roles WHERE rolname = 'regress_trail_grantee';
SELECT ok, problem FROM clinic.verify_audit_log();
-- The purge refuses too: its deletes and inserts would run the trigger (as the purge's caller).
ALTER EVENT TRIGGER clinic_audit_trail_state_guard DISABLE;
CREATE TRIGGER escalate AFTER INSERT ON clinic.audit_log_purges FOR EACH STATEMENT EXECUTE FUNCTION regress.escalate();
ALTER EVENT TRIGGER clinic_audit_trail_state_guard ENABLE ALWAYS;
SET LOCAL clinic.audit_log_min_retention_days = 0;
SELECT regress.try($$SELECT clinic.audit_log_purge('0 seconds')$$);
SELECT rolsuper AS grantee_became_superuser FROM pg_roles WHERE rolname = 'regress_trail_grantee';
ROLLBACK;

-- Other triggers of other tables are not affected.
CREATE TABLE regress.plain (id int);
CREATE FUNCTION regress.noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t BEFORE INSERT ON regress.plain FOR EACH ROW EXECUTE FUNCTION regress.noop();
SELECT regress.try('ALTER TABLE regress.plain DISABLE TRIGGER ALL');
SELECT regress.try('DROP TRIGGER t ON regress.plain');

-- The trigger function refuses to be misused.
SELECT regress.try('SELECT clinic.audit_trail_trigger()');
CREATE TRIGGER bad BEFORE INSERT ON regress.plain FOR EACH ROW EXECUTE FUNCTION clinic.audit_trail_trigger('id');
SELECT regress.try('INSERT INTO regress.plain VALUES (1)');
DROP TRIGGER bad ON regress.plain;
CREATE TRIGGER bad AFTER INSERT ON regress.plain FOR EACH ROW EXECUTE FUNCTION clinic.audit_trail_trigger();
SELECT regress.try('INSERT INTO regress.plain VALUES (1)');
DROP TRIGGER bad ON regress.plain;
CREATE TRIGGER bad AFTER INSERT ON regress.plain FOR EACH ROW EXECUTE FUNCTION clinic.audit_trail_trigger('id');
SELECT regress.try('INSERT INTO regress.plain VALUES (1)');
DROP TABLE regress.plain;
DROP FUNCTION regress.noop();

-- log_access: bad input.
SELECT regress.try($$SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000ff', 'treatment')$$);
SELECT regress.try($$SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', '  ')$$);
SELECT clinic.log_access(NULL, 'treatment') IS NULL AS null_patient_is_null;
-- The purpose is capped at 1,000 characters (a 96 MB purpose went into the append-only log).
SELECT regress.try($$SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', repeat('x', 96 * 1024 * 1024))$$);
SELECT regress.try($$SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', repeat('é', 1001))$$);
BEGIN;
SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', repeat('é', 1000)) > 0 AS thousand_characters_ok;
ROLLBACK;

-- Restores turn the trail off (superuser only); nothing is logged meanwhile.
SET clinic.audit_trail = off;
UPDATE clinic.chronic_conditions SET notes = 'restored' WHERE id = '0a000000-0000-4000-8000-0000000000c2';
-- TRUNCATE included: the system chain records nothing.
BEGIN;
TRUNCATE clinic.consent_records;
SELECT count(*) AS truncates_logged FROM clinic.audit_log
 WHERE patient_id = '00000000-0000-0000-0000-000000000000' AND transaction_id = pg_current_xact_id();
ROLLBACK;
RESET clinic.audit_trail;
SELECT max(seq) AS last_seq FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1';

-- Tampering, by a superuser who first disables every guard: each kind is found at its row.
SELECT seal_id > 0 AS sealed, chains > 0 AS sealed_chains FROM clinic.audit_log_seal();
SELECT regress.try($$UPDATE clinic.audit_log_sealed_heads SET seq = 0$$);
SELECT regress.try($$DELETE FROM clinic.audit_log_seals$$);
BEGIN;
ALTER EVENT TRIGGER clinic_audit_trail_guard DISABLE;
ALTER EVENT TRIGGER clinic_audit_trail_state_guard DISABLE;
ALTER TABLE clinic.audit_log DISABLE TRIGGER append_only;
ALTER TABLE clinic.audit_log_seals DISABLE TRIGGER append_only;
SAVEPOINT t;
-- edit a value
UPDATE clinic.audit_log SET new_values = jsonb_set(new_values, '{allergen}', '"Peanut"')
 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq = 2;
SELECT * FROM verdict;
ROLLBACK TO t;
-- edit the actor, a column outside the row image
UPDATE clinic.audit_log SET actor = 'someone else' WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq = 5;
SELECT * FROM verdict;
ROLLBACK TO t;
-- edit each other hashed column in turn (each edit rolled back): the hash covers every one
CREATE FUNCTION pg_temp.tampered(edit text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  EXECUTE 'UPDATE clinic.audit_log SET ' || edit
       || ' WHERE patient_id = ''0a000000-0000-4000-8000-0000000000b1'' AND seq = 3';
  SELECT ok, broken_seq, problem INTO v FROM clinic.verify_audit_log('0a000000-0000-4000-8000-0000000000b1');
  RAISE EXCEPTION USING MESSAGE = format('ok %s, broken at %s: %s', v.ok, v.broken_seq, v.problem);
EXCEPTION WHEN raise_exception THEN
  RETURN SQLERRM;
END $$;
SELECT edit, pg_temp.tampered(edit) AS verdict FROM unnest(ARRAY[
    'logged_at = logged_at + interval ''1 second''',
    'operation = CASE operation WHEN ''UPDATE'' THEN ''INSERT'' ELSE ''UPDATE'' END',
    'table_name = table_name || ''x''',
    'row_id = ''00000000-0000-4000-8000-000000000abc''',
    'db_user = db_user || ''x''',
    'transaction_id = (transaction_id::text::bigint + 1)::text::xid8',
    'application_name = coalesce(application_name, '''') || ''x''',
    'client_addr = ''192.0.2.1''']) edit;
-- delete a row in the middle
DELETE FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq = 4;
SELECT * FROM verdict;
ROLLBACK TO t;
-- delete a row and renumber the rest to close the gap
DELETE FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq = 4;
UPDATE clinic.audit_log SET seq = seq + 1000 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq > 4;
UPDATE clinic.audit_log SET seq = seq - 1001 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq > 1000;
SELECT * FROM verdict;
ROLLBACK TO t;
-- swap two rows (reorder)
UPDATE clinic.audit_log SET seq = seq + 1000 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq IN (6, 7);
UPDATE clinic.audit_log SET seq = CASE seq WHEN 1006 THEN 7 ELSE 6 END WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq IN (1006, 1007);
SELECT * FROM verdict;
ROLLBACK TO t;
-- insert a forged row in the middle, shifting the rest up
UPDATE clinic.audit_log SET seq = seq + 1000 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq >= 3;
UPDATE clinic.audit_log SET seq = seq - 999 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq >= 1003;
INSERT INTO clinic.audit_log
SELECT patient_id, 3, logged_at, transaction_id, 'DELETE', table_name, row_id, new_values, NULL, actor, db_user,
       application_name, client_addr, hash, sha256(hash)
  FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND seq = 2;
SELECT * FROM verdict;
ROLLBACK TO t;
-- append a forged row at the end, linked to the last one
INSERT INTO clinic.audit_log
SELECT patient_id, seq + 1, logged_at, transaction_id, 'ACCESS', 'patients', patient_id, NULL, '{"purpose": "forged"}',
       actor, db_user, application_name, client_addr, hash, sha256(hash)
  FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' ORDER BY seq DESC LIMIT 1;
SELECT * FROM verdict;
ROLLBACK TO t;
-- delete the newest row: the chain cannot see it, the seal does
DELETE FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1'
   AND seq = (SELECT max(seq) FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1');
SELECT ok, broken_seq = (SELECT max(seq) + 1 FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1') AS at_the_deleted_row,
       problem LIKE 'row sealed by seal % is missing: it was deleted' AS found_by_the_seal
  FROM clinic.verify_audit_log('0a000000-0000-4000-8000-0000000000b1');
ROLLBACK TO t;
-- rewrite a seal, or remove one
UPDATE clinic.audit_log_seals SET heads = '' WHERE seal_id = (SELECT max(seal_id) FROM clinic.audit_log_seals);
SELECT ok, problem LIKE 'seal % does not match its digest: the seal was edited' AS seal_edit_found FROM clinic.verify_audit_log();
ROLLBACK TO t;
INSERT INTO clinic.audit_log_seals
SELECT seal_id + 1, sealed_at, heads, prev_digest, digest FROM clinic.audit_log_seals ORDER BY seal_id DESC LIMIT 1;
DELETE FROM clinic.audit_log_seals WHERE seal_id = (SELECT max(seal_id) - 1 FROM clinic.audit_log_seals);
SELECT ok, problem LIKE 'seal % is out of sequence: a seal was removed' AS seal_removal_found FROM clinic.verify_audit_log();
ROLLBACK;
SELECT * FROM verdict;

-- Retention keeps six years unless a superuser lowers the floor; a purge keeps chains verifiable.
SELECT regress.try($$SELECT clinic.audit_log_purge('1 year')$$);
BEGIN;
SET LOCAL clinic.audit_log_min_retention_days = 0;
SELECT clinic.audit_log_purge('0 seconds') > 0 AS purged;
SELECT count(*) AS rows_left FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1';
SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', 'after the purge') > 1 AS chain_continues;
SELECT * FROM verdict;
SELECT ok, problem FROM clinic.verify_audit_log();
SELECT operation, new_values ? 'rows_deleted' AS says_what FROM clinic.audit_log
 WHERE patient_id = '00000000-0000-0000-0000-000000000000' ORDER BY seq DESC LIMIT 1;
ROLLBACK;

-- A forged retention record cannot hide deleted history (1.1: a purge row for a chain's last
-- sealed row, then the chain deleted, verified ok with the seal digest unchanged). Every cut must
-- be vouched for by a RETENTION row of the system chain, through its digest of the cuts; no cut
-- may reach rows younger than the minimum retention; the next seal covers the cuts.
SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', 'before the second seal') > 0 AS logged;
SELECT seal_id > 1 AS sealed_again FROM clinic.audit_log_seal();
BEGIN;
CREATE FUNCTION pg_temp.unguard() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    ALTER EVENT TRIGGER clinic_audit_trail_guard DISABLE;
    ALTER EVENT TRIGGER clinic_audit_trail_state_guard DISABLE;
    ALTER TABLE clinic.audit_log DISABLE TRIGGER append_only;
    ALTER TABLE clinic.audit_log_purges DISABLE TRIGGER append_only;
END
$$;
SAVEPOINT f;
SELECT pg_temp.unguard();
INSERT INTO clinic.audit_log_purges (patient_id, seq, hash, purged_at)
SELECT patient_id, seq, hash, now() FROM clinic.audit_log
 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' ORDER BY seq DESC LIMIT 1;
DELETE FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1';
SELECT ok, broken_seq > 0 AS at_the_cut, problem FROM clinic.verify_audit_log('0a000000-0000-4000-8000-0000000000b1');
ROLLBACK TO f;
-- The same, naming a real purge's RETENTION row (one that cut nothing) as its voucher.
SET LOCAL clinic.audit_log_min_retention_days = 0;
SELECT clinic.audit_log_purge('100 years') AS purged_nothing;
SELECT pg_temp.unguard();
INSERT INTO clinic.audit_log_purges (patient_id, seq, hash, purged_at, retention_seq)
SELECT patient_id, seq, hash, now(),
       (SELECT max(seq) FROM clinic.audit_log WHERE patient_id = '00000000-0000-0000-0000-000000000000')
  FROM clinic.audit_log
 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' ORDER BY seq DESC LIMIT 1;
DELETE FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1';
SELECT ok, problem LIKE 'retention at system seq % does not match its purge records: one was forged, edited or removed' AS found
  FROM clinic.verify_audit_log();
ROLLBACK TO f;
-- A purge whose cutoff was younger than the minimum retention (the floor lowered for it) is
-- found by that cutoff once the floor is back, even when it cut nothing the seals would miss
-- (here nothing at all: every row is younger than a day).
SET LOCAL clinic.audit_log_min_retention_days = 0;
SELECT clinic.audit_log_purge('1 day') AS purged_nothing;
SET LOCAL clinic.audit_log_min_retention_days = 2190;
SELECT ok, problem LIKE 'retention at system seq % cut later than the minimum retention allows: %' AS found_by_the_cutoff
  FROM clinic.verify_audit_log();
ROLLBACK TO f;
-- A real purge (the floor lowered for it) is found younger than the minimum retention once the
-- floor is back: by the seals (the rows were sealed minutes ago), whose finding the verdict of
-- the whole trail names before the purge's own cutoff (a finding without a seal comes last).
SET LOCAL clinic.audit_log_min_retention_days = 0;
SELECT clinic.audit_log_purge('0 seconds') > 0 AS purged;
SELECT ok, problem FROM clinic.verify_audit_log();
SET LOCAL clinic.audit_log_min_retention_days = 2190;
SELECT ok, problem LIKE 'row sealed by seal % was purged younger than the minimum retention: it was committed after seal %' AS found_by_the_seals
  FROM clinic.verify_audit_log('0a000000-0000-4000-8000-0000000000b1');
SELECT ok, problem LIKE 'row sealed by seal % was purged younger than the minimum retention: it was committed after seal %' AS found_by_the_seals_first
  FROM clinic.verify_audit_log();
-- The next seal covers the cuts: a sealed cut edited later is found.
SET LOCAL clinic.audit_log_min_retention_days = 0;
SELECT chains > 0 AS sealed FROM clinic.audit_log_seal();
SELECT length(cuts) > 0 AS seal_covers_cuts FROM clinic.audit_log_seals ORDER BY seal_id DESC LIMIT 1;
SELECT pg_temp.unguard();
UPDATE clinic.audit_log_purges SET hash = sha256(hash) WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1';
SELECT ok, problem LIKE 'purge record sealed by seal % is missing or altered' AS found
  FROM clinic.verify_audit_log('0a000000-0000-4000-8000-0000000000b1');
ROLLBACK;

-- Who may do what: chart readers record accesses, auditors verify, nobody else reads the trail.
GRANT USAGE ON SCHEMA regress TO clinic_front_desk, clinic_clinician, clinic_auditor, clinic_admin;
GRANT EXECUTE ON FUNCTION regress.try(text) TO clinic_front_desk, clinic_clinician, clinic_auditor, clinic_admin;
SET ROLE clinic_front_desk;
SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', 'check-in') > 0 AS front_desk_logs_access;
SELECT regress.try('SELECT count(*) FROM clinic.audit_log');
SELECT regress.try($$SELECT * FROM clinic.verify_audit_log()$$);
SELECT regress.try($$SELECT count(*) FROM clinic.patient_history('0a000000-0000-4000-8000-0000000000b1')$$);
RESET ROLE;
SET ROLE clinic_clinician;
SELECT count(*) > 0 AS clinician_reads_history FROM clinic.patient_history('0a000000-0000-4000-8000-0000000000b1');
SELECT regress.try('SELECT count(*) FROM clinic.audit_log');
RESET ROLE;
SET ROLE clinic_auditor;
SELECT ok FROM clinic.verify_audit_log();
SELECT regress.try($$SELECT clinic.log_access('0a000000-0000-4000-8000-0000000000b1', 'audit')$$);
SELECT regress.try($$SELECT clinic.audit_log_purge('10 years')$$);
SELECT regress.try($$SET clinic.audit_trail = off$$);
RESET ROLE;
SET ROLE clinic_admin;
SELECT regress.try($$INSERT INTO clinic.audit_log (patient_id, seq) VALUES ('0a000000-0000-4000-8000-0000000000b1', 99)$$);
RESET ROLE;
RESET clinic.actor;
REVOKE ALL ON FUNCTION regress.try(text) FROM clinic_front_desk, clinic_clinician, clinic_auditor, clinic_admin;
REVOKE ALL ON SCHEMA regress FROM clinic_front_desk, clinic_clinician, clinic_auditor, clinic_admin;

-- db_user is the session user, looked up once per user: it follows SET SESSION AUTHORIZATION
-- and a rename of the role.
BEGIN;
CREATE ROLE regress_trail_nurse IN ROLE clinic_clinician;
SET SESSION AUTHORIZATION regress_trail_nurse;
UPDATE clinic.allergies SET severity = 'severe' WHERE id = '0a000000-0000-4000-8000-0000000000c1';
RESET SESSION AUTHORIZATION;
ALTER ROLE regress_trail_nurse RENAME TO regress_trail_nurse_renamed;
SET SESSION AUTHORIZATION regress_trail_nurse_renamed;
UPDATE clinic.allergies SET severity = 'moderate' WHERE id = '0a000000-0000-4000-8000-0000000000c1';
RESET SESSION AUTHORIZATION;
UPDATE clinic.allergies SET severity = 'mild' WHERE id = '0a000000-0000-4000-8000-0000000000c1';
SELECT new_values->>'severity' AS severity,
       CASE WHEN db_user = session_user THEN '(the superuser)' ELSE db_user END AS db_user
  FROM clinic.audit_log WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1'
 ORDER BY seq DESC LIMIT 3;
ROLLBACK;

-- Deleting the patient logs the cascade of the rest of the chart; the chain outlives the patient.
DELETE FROM clinic.patients WHERE id = '0a000000-0000-4000-8000-0000000000b1';
SELECT operation, table_name, count(*) FROM clinic.audit_log
 WHERE patient_id = '0a000000-0000-4000-8000-0000000000b1' AND operation = 'DELETE' GROUP BY 1, 2 ORDER BY 2;
SELECT ok, rows_checked > 0 AS checked FROM clinic.verify_audit_log();
DELETE FROM clinic.providers WHERE id = '0a000000-0000-4000-8000-0000000000a1';

-- The trail caches audit_log's index state across transactions; an invalidation of one index
-- alone (here a rolled-back ALTER INDEX of the BRIN index) must drop that cache, or later writes
-- read the index's freed relcache entry (found by test/fuzz/sql_fuzz.sh: XX000 or a SIGSEGV).
SELECT clinic.log_access(id, 'index cache, before') IS NOT NULL AS logged FROM clinic.patients ORDER BY id LIMIT 1;
BEGIN;
ALTER INDEX clinic.audit_log_logged_at_idx SET (autosummarize = on);
ROLLBACK;
SELECT count(*) > 0 AS relations_opened FROM pg_class c WHERE pg_relation_size(c.oid) >= 0;
SELECT clinic.log_access(id, 'index cache, after') IS NOT NULL AS logged FROM clinic.patients ORDER BY id LIMIT 1;
SELECT ok FROM clinic.verify_audit_log();
