-- Audit columns: who and when, maintained by clinic.audit_columns_trigger() on every table.
BEGIN;
SET LOCAL TimeZone = 'UTC';
-- Without clinic.actor, the session user is the actor.
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('00000000-0000-4000-8000-0000000000b1', 'A-1', 'Kim', 'Park', '1970-01-01', 'other');
SELECT created_by = session_user AS created_by_session_user, updated_by = created_by AS updated_by_same,
       created_at = now() AS created_now, updated_at = created_at AS updated_at_same
  FROM clinic.patients WHERE mrn = 'A-1';
-- With clinic.actor, the application's user is.
SET LOCAL clinic.actor = 'front.desk.amy';
UPDATE clinic.patients SET phone = '+1-555-0123' WHERE mrn = 'A-1';
SELECT created_by = session_user AS creator_kept, updated_by FROM clinic.patients WHERE mrn = 'A-1';
-- Values a writer supplies on INSERT are kept (pg_dump's restore supplies them).
INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex, created_at, updated_at, created_by, updated_by)
VALUES ('A-2', 'Restored', 'Row', '1960-01-01', 'male', '2020-01-01 08:00+00', '2021-01-01 08:00+00', 'import', 'import');
SELECT created_at, updated_at, created_by, updated_by FROM clinic.patients WHERE mrn = 'A-2';
-- An UPDATE always stamps the current actor, whatever the statement says.
UPDATE clinic.patients SET city = 'Salem', updated_by = 'forged', updated_at = '2000-01-01' WHERE mrn = 'A-2';
SELECT updated_by, updated_at = now() AS updated_now FROM clinic.patients WHERE mrn = 'A-2';
-- Creation facts cannot be rewritten.
SELECT regress.try($$UPDATE clinic.patients SET created_by = 'someone else' WHERE mrn = 'A-2'$$);
SELECT regress.try($$UPDATE clinic.patients SET created_at = now() WHERE mrn = 'A-2'$$);
-- Soft delete stamps deleted_by with the actor; restoring clears it; it cannot be forged.
UPDATE clinic.patients SET deleted_at = now() WHERE mrn = 'A-1';
SELECT deleted_by FROM clinic.patients WHERE mrn = 'A-1';
UPDATE clinic.patients SET deleted_by = 'forged' WHERE mrn = 'A-1';
SELECT deleted_by FROM clinic.patients WHERE mrn = 'A-1';
UPDATE clinic.patients SET deleted_at = NULL WHERE mrn = 'A-1';
SELECT deleted_at, deleted_by FROM clinic.patients WHERE mrn = 'A-1';
-- An INSERT of a row deleted already (an import) without deleted_by is stamped with the actor.
SELECT regress.try($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex, deleted_at)
VALUES ('A-3', 'Gone', 'Before', '1950-01-01', 'female', '2020-01-01 08:00+00')$$);
SELECT deleted_at, deleted_by FROM clinic.patients WHERE mrn = 'A-3';
-- The actor setting is validated.
SELECT regress.try($$SET clinic.actor = 'tab	inside'$$);
SELECT left(regress.try(format('SET clinic.actor = %L', repeat('x', 201))), 60) AS too_long;
-- Every table has the trigger: an update of any row stamps updated_by.
INSERT INTO clinic.consent_records (patient_id, kind, status, granted_at, document_version, recorded_by)
VALUES ('00000000-0000-4000-8000-0000000000b1', 'privacy_notice', 'granted', now(), 'v3', 'amy');
SELECT created_by, updated_by FROM clinic.consent_records;
-- Called the wrong way, the trigger function refuses cleanly.
CREATE TEMP TABLE wrong_use (x int);
CREATE TRIGGER t AFTER INSERT ON wrong_use FOR EACH ROW EXECUTE FUNCTION clinic.audit_columns_trigger();
SELECT regress.try('INSERT INTO wrong_use VALUES (1)');
SELECT regress.try('SELECT clinic.audit_columns_trigger()');
ROLLBACK;
