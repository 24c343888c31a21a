-- The clinic schema distributed by hand, as issue 19's table describes it (the recipe
-- clinic.distribute() is to run): one transaction, providers a reference table, patients by id, every patient-owned table
-- and the trail's log by patient_id, co-located. The live-MRN unique index and the providers'
-- exclusion constraint do not include the distribution column, so Citus refuses them: they are
-- dropped first (issue 19: clinic.distribute() is to install what replaces them).
BEGIN;
SET LOCAL citus.enable_unsafe_triggers = on;
SET LOCAL citus.enable_local_reference_table_foreign_keys = off;
DROP INDEX clinic.patients_mrn_live_key;
ALTER TABLE clinic.appointments DROP CONSTRAINT appointments_provider_no_overlap;
SELECT create_reference_table('clinic.providers');
SELECT create_distributed_table('clinic.patients', 'id');
SELECT count(create_distributed_table(t, 'patient_id', colocate_with => 'clinic.patients')) AS distributed
  FROM unnest(ARRAY['clinic.allergies', 'clinic.chronic_conditions', 'clinic.appointments', 'clinic.medical_records',
                    'clinic.symptoms', 'clinic.prescriptions', 'clinic.vital_signs', 'clinic.consent_records',
                    'clinic.audit_log']::regclass[]) t;
COMMIT;
-- clinic.log_access() writes into the patient's audit_log shard: Citus runs it on that node
-- (force_delegation: inside a transaction block too).
SELECT create_distributed_function('clinic.log_access(uuid, text)', 'patient',
                                   colocate_with := 'clinic.audit_log', force_delegation := true);
SELECT logicalrelid::regclass AS table_name, partmethod, colocationid = (SELECT colocationid FROM pg_dist_partition
                                                                       WHERE logicalrelid = 'clinic.patients'::regclass) AS with_patients
  FROM pg_dist_partition WHERE logicalrelid::regclass::text LIKE 'clinic.%' ORDER BY logicalrelid::regclass::text;

-- Rows on the shards: a patient's chart lands with the patient; the CHECKs and the cascade run on
-- the workers' shards.
INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name, npi)
VALUES ('00000000-0000-4000-8000-00000000d001', 'ann@example.org', extensions.crypt('secret', extensions.gen_salt('bf', 4)),
        'Ann', 'Doc', '1234567893');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('00000000-0000-4000-8000-00000000e001', 'M-1', 'Ada', 'One', '1980-01-01', 'female'),
       ('00000000-0000-4000-8000-00000000e002', 'M-2', 'Ben', 'Two', '1990-06-15', 'male');
INSERT INTO clinic.allergies (patient_id, allergen, severity)
VALUES ('00000000-0000-4000-8000-00000000e001', 'Latex', 'mild'), ('00000000-0000-4000-8000-00000000e002', 'Dust', 'mild');
INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type)
VALUES ('00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000d001', '2027-03-01 10:00', '2027-03-01 10:30', 'follow_up');
SELECT p.mrn, count(a.*) AS allergies
  FROM clinic.patients p LEFT JOIN clinic.allergies a ON a.patient_id = p.id GROUP BY p.mrn ORDER BY 1;
-- Ada's patient row, allergy and appointment are on one node (co-located shards).
SELECT count(DISTINCT n.groupid) AS nodes_holding_ada
  FROM unnest(ARRAY['clinic.patients', 'clinic.allergies', 'clinic.appointments']::regclass[]) t,
       LATERAL (SELECT pl.groupid FROM pg_dist_placement pl
                 WHERE pl.shardid = get_shard_id_for_distribution_column(t, '00000000-0000-4000-8000-00000000e001')) n;
-- A CHECK rejects on the shard, with its SQLSTATE.
DO $$
BEGIN
    INSERT INTO clinic.allergies (patient_id, allergen, severity) VALUES ('00000000-0000-4000-8000-00000000e001', ' ', 'mild');
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'rejected: %', SQLSTATE;
END
$$;
-- A foreign key to a patient that does not exist, on the shard.
DO $$
BEGIN
    INSERT INTO clinic.allergies (patient_id, allergen, severity) VALUES ('00000000-0000-4000-8000-00000000e0ff', 'Mold', 'mild');
EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'rejected: %', SQLSTATE;
END
$$;
-- The drop guard counts the rows of distributed tables: DROP EXTENSION is refused while they
-- hold data (the coordinator's guard, before Citus propagates the DROP).
DO $$
DECLARE detail text;
BEGIN
    DROP EXTENSION clinic CASCADE;
EXCEPTION WHEN object_in_use THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RAISE NOTICE 'refused: % (%)', SQLSTATE, substring(detail from 'Tables with rows: .*');
END
$$;
-- A DROP that reaches a distributed table of the schema, not the extension: refused as well.
DO $$
BEGIN
    DROP TABLE clinic.allergies CASCADE;
EXCEPTION WHEN object_in_use THEN
    RAISE NOTICE 'refused: %', SQLSTATE;
END
$$;
SELECT count(*) AS clinic_extensions FROM pg_extension WHERE extname = 'clinic';
SELECT count(*) AS workers_with_clinic
  FROM run_command_on_workers($$SELECT count(*) FROM pg_extension WHERE extname = 'clinic'$$) WHERE result = '1';
-- The trail wrote each insert into the audit_log shard co-located with its row (test/citus/sql/trail.sql
-- looks closer): two patients, two allergies, one appointment.
SELECT count(*) AS audit_rows_seen FROM clinic.audit_log;
-- Deleting a patient deletes the chart on its shards.
DELETE FROM clinic.patients WHERE mrn = 'M-1';
SELECT count(*) AS allergies, count(*) FILTER (WHERE patient_id = '00000000-0000-4000-8000-00000000e001') AS of_deleted_patient
  FROM clinic.allergies;
SELECT count(*) AS appointments FROM clinic.appointments;
