-- Verify, don't trust: a valid foreign key proves nothing about rows written while its triggers
-- did not fire (session_replication_role = replica, ALTER TABLE ... DISABLE TRIGGER ALL,
-- pg_restore --disable-triggers). By default validate() runs every check; trust_constraints =>
-- true skips only what no session can bypass, a valid non-deferrable unique index and the
-- exclusion constraint with its validated CHECK, and names it (test/sql/validate.sql shows each
-- proof and what breaks it). Reads no demo rows: what it writes into clinic is rolled back.
SET client_min_messages = warning;  -- the per-table progress NOTICEs carry timings

-- The validator's orphan checks are the clinic schema's foreign keys, one each.
SELECT con.conrelid::regclass AS child, con.conname AS foreign_key, r.check_id
  FROM (SELECT c.*, (SELECT a.attname FROM pg_attribute a
                      WHERE a.attrelid = c.conrelid AND a.attnum = c.conkey[cardinality(c.conkey)]) AS last_column
          FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'clinic'::regnamespace) con
  FULL JOIN (SELECT * FROM clinic.validation_rules WHERE check_type = 'isForeignKey') r
    ON r.table_name = (SELECT relname FROM pg_class WHERE oid = con.conrelid) AND r.column_name = con.last_column
 ORDER BY 3;

-- Short keys: u('e0a1') is 00000000-0000-4000-8000-00000000e0a1; x0ff: a row that does not exist.
CREATE FUNCTION pg_temp.u(key text) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$SELECT ('00000000-0000-4000-8000-00000000' || key)::uuid$$;
-- One parent of each kind, and one orphan per foreign key, each missing only that key's parent.
CREATE FUNCTION pg_temp.write_orphans(s name) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format($$INSERT INTO %I.providers (id, email, password_hash, first_name, last_name, created_by, updated_by)
        VALUES (pg_temp.u('d0a1'), 'trust@example.org', '$2a$06$' || repeat('a', 53), 'Tru', 'St', 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.patients (id, mrn, first_name, last_name, date_of_birth, sex, created_by, updated_by)
        VALUES (pg_temp.u('e0a1'), 'TRUST-1', 'Tru', 'St', '1980-01-01', 'female', 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type, status, created_by, updated_by) VALUES
        (pg_temp.u('a0a1'), pg_temp.u('e0a1'), pg_temp.u('d0a1'), '2026-03-01 10:00+00', '2026-03-01 10:30+00', 'follow_up', 'completed', 'regress', 'regress'),
        (pg_temp.u('a0a2'), pg_temp.u('e0ff'), pg_temp.u('d0a1'), '2026-03-02 10:00+00', '2026-03-02 10:30+00', 'follow_up', 'scheduled', 'regress', 'regress'),
        (pg_temp.u('a0a3'), pg_temp.u('e0a1'), pg_temp.u('d0ff'), '2026-03-03 10:00+00', '2026-03-03 10:30+00', 'follow_up', 'scheduled', 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.medical_records (id, patient_id, appointment_id, created_by, updated_by) VALUES
        (pg_temp.u('b0a1'), pg_temp.u('e0a1'), pg_temp.u('a0a1'), 'regress', 'regress'),
        (pg_temp.u('b0a2'), pg_temp.u('e0a1'), pg_temp.u('a0ff'), 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.allergies (id, patient_id, allergen, severity, created_by, updated_by)
        VALUES (pg_temp.u('f0a1'), pg_temp.u('e0ff'), 'Dust', 'mild', 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.chronic_conditions (id, patient_id, condition_name, created_by, updated_by)
        VALUES (pg_temp.u('f1a1'), pg_temp.u('e0ff'), 'Asthma', 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.symptoms (id, patient_id, medical_record_id, description, created_by, updated_by)
        VALUES (pg_temp.u('b1a1'), pg_temp.u('e0a1'), pg_temp.u('b0ff'), 'Cough', 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.prescriptions (id, patient_id, medical_record_id, medication_name, dosage, frequency, created_by, updated_by)
        VALUES (pg_temp.u('c0a1'), pg_temp.u('e0a1'), pg_temp.u('b0ff'), 'Albuterol', '90 mcg', 'prn', 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.vital_signs (id, patient_id, appointment_id, created_by, updated_by)
        VALUES (pg_temp.u('c1a1'), pg_temp.u('e0a1'), pg_temp.u('a0ff'), 'regress', 'regress')$$, s);
    EXECUTE format($$INSERT INTO %I.consent_records (id, patient_id, kind, status, granted_at, document_version, recorded_by, created_by, updated_by)
        VALUES (pg_temp.u('c2a1'), pg_temp.u('e0ff'), 'treatment', 'granted', '2026-03-01', 'v1', 'regress', 'regress', 'regress')$$, s);
END
$f$;

-- session_replication_role = replica (logical replication, bulk loaders): the foreign keys'
-- triggers do not fire, so the clinic schema itself takes an orphan under each of them.
BEGIN;
SET LOCAL session_replication_role = replica;
SELECT pg_temp.write_orphans('clinic');
SET LOCAL session_replication_role = origin;
-- By default every orphan is found, with its key; the other key checks run too (total_rows).
SELECT check_id, status, violated_rows, sample, total_rows IS NULL AS skipped
  FROM clinic.validate(checks => '{isForeignKey,isPrimaryKey,isUnique,isNotOverlapping}')
 ORDER BY check_id;
-- The fast path trusts the unique indexes and the exclusion constraint (enforced_by names each),
-- never a foreign key: the orphan checks still run and find the same rows.
SELECT check_id, status, violated_rows, sample, total_rows IS NULL AS skipped
  FROM clinic.validate(checks => '{isForeignKey,isPrimaryKey,isUnique,isNotOverlapping}', trust_constraints => true)
 ORDER BY check_id;
ROLLBACK;

-- ALTER TABLE ... DISABLE TRIGGER ALL (the clinic tables' audit trail refuses it): a copy of the
-- clinic tables with every constraint, its foreign keys as clinic's, their triggers disabled
-- while the orphans are written.
CREATE SCHEMA regress_trust;
DO $$
DECLARE t name; fk record;
BEGIN
    FOREACH t IN ARRAY ARRAY['providers', 'patients', 'allergies', 'chronic_conditions', 'appointments',
                             'medical_records', 'symptoms', 'prescriptions', 'vital_signs', 'consent_records']
    LOOP
        EXECUTE format('CREATE TABLE regress_trust.%I (LIKE clinic.%I INCLUDING ALL)', t, t);
    END LOOP;
    FOR fk IN SELECT c.conrelid::regclass::text AS child, c.conname,
                     replace(pg_get_constraintdef(c.oid), 'REFERENCES clinic.', 'REFERENCES regress_trust.') AS def
                FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'clinic'::regnamespace
    LOOP
        EXECUTE format('ALTER TABLE regress_trust.%I ADD CONSTRAINT %I %s', split_part(fk.child, '.', 2), fk.conname, fk.def);
    END LOOP;
END
$$;
SELECT count(*) AS foreign_keys, bool_and(convalidated) AS validated FROM pg_constraint
 WHERE contype = 'f' AND connamespace = 'regress_trust'::regnamespace;
DO $$
DECLARE t name;
BEGIN
    FOR t IN SELECT DISTINCT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND connamespace = 'regress_trust'::regnamespace LOOP
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER ALL', t);
    END LOOP;
    PERFORM pg_temp.write_orphans('regress_trust');
    FOR t IN SELECT DISTINCT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND connamespace = 'regress_trust'::regnamespace LOOP
        EXECUTE format('ALTER TABLE %s ENABLE TRIGGER ALL', t);
    END LOOP;
END
$$;
SELECT check_id, status, violated_rows, total_rows, sample
  FROM clinic.validate('regress_trust', '{isForeignKey}') ORDER BY check_id;
SELECT check_id, status, violated_rows, total_rows, sample
  FROM clinic.validate('regress_trust', '{isForeignKey,isPrimaryKey,isUnique,isNotOverlapping}', trust_constraints => true)
 ORDER BY check_id;
DROP SCHEMA regress_trust CASCADE;

-- A deferrable unique index proves nothing, even to the fast path: inside the caller's
-- transaction, with the constraint deferred, the table may hold duplicates.
CREATE SCHEMA regress_deferred;
CREATE TABLE regress_deferred.patients (LIKE clinic.patients INCLUDING DEFAULTS);
ALTER TABLE regress_deferred.patients ADD CONSTRAINT patients_pkey PRIMARY KEY (id);
INSERT INTO regress_deferred.patients (id, mrn, first_name, last_name, date_of_birth, sex, created_by, updated_by)
VALUES ('00000000-0000-4000-8000-00000000e0d1', 'D-1', 'De', 'Ferred', '1980-01-01', 'male', 'regress', 'regress');
-- Not deferrable: trusted, and named.
SELECT status, violated_rows, total_rows, sample
  FROM clinic.validate('regress_deferred', '{patients.id.unique}', trust_constraints => true);
ALTER TABLE regress_deferred.patients DROP CONSTRAINT patients_pkey,
    ADD CONSTRAINT patients_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY IMMEDIATE;
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO regress_deferred.patients (id, mrn, first_name, last_name, date_of_birth, sex, created_by, updated_by)
VALUES ('00000000-0000-4000-8000-00000000e0d1', 'D-2', 'De', 'Ferred', '1980-01-01', 'male', 'regress', 'regress');
SELECT status, violated_rows, total_rows, sample
  FROM clinic.validate('regress_deferred', '{patients.id.unique}', trust_constraints => true);
ROLLBACK;
DROP SCHEMA regress_deferred CASCADE;
RESET client_min_messages;
