-- clinic.distribute() (doc/citus.md): the schema as Citus holds it, from the coordinator, in one
-- transaction; the rows already there are copied into the shards without logging them again;
-- the single-node MRN and double-booking rules become claims; a second call changes nothing.
\set ada '00000000-0000-4000-8000-00000000e001'
\set ben '00000000-0000-4000-8000-00000000e002'
\set ann '00000000-0000-4000-8000-00000000d001'

-- Refused where it cannot work: on a worker, and while a worker lacks clinic.
SELECT nodeport - current_setting('port')::int AS worker, success, result
  FROM run_command_on_workers($$SELECT clinic.distribute()$$) ORDER BY 1;
SELECT success, result FROM master_run_on_worker(ARRAY['127.0.0.1'], ARRAY[current_setting('port')::int + 2],
                                         ARRAY['SET citus.enable_ddl_propagation TO off; DROP EXTENSION clinic; SELECT ''dropped'''], false);
\set VERBOSITY terse
SELECT * FROM clinic.distribute();
\set VERBOSITY default
SELECT success, result FROM master_run_on_worker(ARRAY['127.0.0.1'], ARRAY[current_setting('port')::int + 2],
                                         ARRAY['SET citus.enable_ddl_propagation TO off; CREATE EXTENSION clinic; SELECT ''created'''], false);

-- Rows written before distribution, on the coordinator: a provider, Ada and Ben with a chart,
-- a booked and a cancelled appointment at the same time.
INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name, npi)
VALUES (:'ann', 'ann@example.org', extensions.crypt('secret', extensions.gen_salt('bf', 4)),
        'Ann', 'Doc', '1234567893');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES (:'ada', 'M-1', 'Ada', 'One', '1980-01-01', 'female'),
       (:'ben', 'M-2', 'Ben', 'Two', '1990-06-15', 'male');
INSERT INTO clinic.allergies (patient_id, allergen, severity)
VALUES (:'ada', 'Latex', 'mild'), (:'ben', 'Dust', 'mild');
INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type)
VALUES (:'ada', :'ann', '2027-03-01 10:00', '2027-03-01 10:30', 'follow_up');
INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type, status)
VALUES (:'ben', :'ann', '2027-03-01 10:00', '2027-03-01 10:30', 'follow_up', 'cancelled');
SELECT count(*) AS audit_rows_before FROM clinic.audit_log \gset
-- A trigger that is not clinic's would be copied to every shard and run as the caller: refused
-- (42501), and nothing is changed on the workers before that (checked below).
CREATE FUNCTION public.planted() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER planted BEFORE INSERT ON clinic.providers FOR EACH ROW EXECUTE FUNCTION public.planted();
\set VERBOSITY terse
SELECT * FROM clinic.distribute();
\set VERBOSITY default
DROP TRIGGER planted ON clinic.providers;
DROP FUNCTION public.planted();
-- Nor with anything else the installed schema does not have (an index's expression, a CHECK
-- would run as well): refused while clinic.drift() shows it (55000).
CREATE INDEX planted ON clinic.patients (lower(first_name));
\set VERBOSITY terse
SELECT * FROM clinic.distribute();
\set VERBOSITY default
DROP INDEX clinic.planted;
SELECT nodeport - current_setting('port')::int AS worker, result AS mrn_index_still_there
  FROM run_command_on_workers($$SELECT to_regclass('clinic.patients_mrn_live_key') IS NOT NULL$$) ORDER BY 1;
-- With rows to copy it needs a transaction block (Citus sends SET LOCAL to the workers only
-- there, and the trail is off on them for the copy).
\set VERBOSITY terse
SELECT * FROM clinic.distribute();
\set VERBOSITY default
SELECT count(*) AS tables_with_local_pages FROM pg_class
 WHERE relnamespace = 'clinic'::regnamespace AND relkind = 'r' AND pg_relation_size(oid) > 0
   AND relname IN ('patients', 'allergies', 'appointments', 'audit_log', 'providers');
BEGIN;
SELECT * FROM clinic.distribute();
-- The trail is on again after the copy, in the same transaction, on the workers too.
SAVEPOINT after_distribute;
UPDATE clinic.allergies SET severity = 'moderate' WHERE patient_id = :'ben';
SELECT count(*) - :audit_rows_before AS logged_after_the_copy FROM clinic.audit_log;
ROLLBACK TO SAVEPOINT after_distribute;
SELECT current_setting('clinic.audit_trail') AS audit_trail, current_setting('citus.propagate_set_commands') AS propagate,
       current_setting('citus.enable_unsafe_triggers') AS unsafe_triggers;
COMMIT;
-- The workers did not see the claims while the call ran (it said so): their copies of the claims
-- lack comments and their copies of patients and appointments the foreign keys to them, which
-- the audit run there reports as drift until the next call.
SELECT nodeport - current_setting('port')::int AS worker, result AS drift
  FROM run_command_on_workers($$SELECT count(*) FROM clinic.drift()$$) ORDER BY 1;
-- Again: nothing to distribute; the workers' copies of the claims get what they lacked.
SELECT count(*) AS tables FROM clinic.distribute();
SELECT nodeport - current_setting('port')::int AS worker, result AS drift
  FROM run_command_on_workers($$SELECT count(*) FROM clinic.drift()$$) ORDER BY 1;
-- The copy of the rows Citus left on the coordinator's disk (PHI in its files) is gone: no Citus
-- table's own heap holds a page (before, the five above held the rows).
SELECT count(*) AS tables_with_local_pages FROM pg_dist_partition d JOIN pg_class c ON c.oid = d.logicalrelid
 WHERE c.relnamespace = 'clinic'::regnamespace AND pg_relation_size(c.oid) > 0;
-- The cluster's rows are all still there (the shards were not reached), and in this session a
-- TRUNCATE is refused again (the trail's guards stood aside only while distribute() ran).
SELECT (SELECT count(*) FROM clinic.patients) AS patients, (SELECT count(*) FROM clinic.allergies) AS allergies,
       (SELECT count(*) - :audit_rows_before FROM clinic.audit_log) AS audit_rows_added;
\set VERBOSITY terse
TRUNCATE clinic.audit_log;
TRUNCATE clinic.allergies;
\set VERBOSITY default
-- clinic._discard_local_rows() is distribute()'s: a superuser's (42501 even with EXECUTE), for a
-- Citus table only (22023).
\set VERBOSITY terse
SELECT clinic._discard_local_rows('clinic.validation_rules');
GRANT EXECUTE ON FUNCTION clinic._discard_local_rows(regclass) TO clinic_admin;
SET ROLE clinic_admin;
SELECT clinic._discard_local_rows('clinic.patients');
RESET ROLE;
REVOKE EXECUTE ON FUNCTION clinic._discard_local_rows(regclass) FROM clinic_admin;
\set VERBOSITY default
-- A worker that refuses the distributed shape fails the call (55000, naming it in the DETAIL):
-- here an event trigger on the second worker refuses every ALTER TABLE.
SELECT success FROM master_run_on_worker(ARRAY['127.0.0.1'], ARRAY[current_setting('port')::int + 2],
    ARRAY[$$DO 'BEGIN PERFORM pg_catalog.set_config(''citus.enable_ddl_propagation'', ''off'', true);
        CREATE FUNCTION public.refuse_alter() RETURNS event_trigger LANGUAGE plpgsql
          AS ''BEGIN RAISE EXCEPTION ''''this worker refuses ALTER TABLE''''; END'';
        CREATE EVENT TRIGGER refuse_alter ON ddl_command_start WHEN TAG IN (''ALTER TABLE'')
          EXECUTE FUNCTION public.refuse_alter(); END'$$], false);
\set VERBOSITY terse
SELECT count(*) AS tables FROM clinic.distribute();
\set VERBOSITY default
SELECT success FROM master_run_on_worker(ARRAY['127.0.0.1'], ARRAY[current_setting('port')::int + 2],
    ARRAY[$$DO 'BEGIN PERFORM pg_catalog.set_config(''citus.enable_ddl_propagation'', ''off'', true);
        DROP EVENT TRIGGER refuse_alter; DROP FUNCTION public.refuse_alter(); END'$$], false);
SELECT count(*) AS tables FROM clinic.distribute();
SELECT count(*) - :audit_rows_before AS audit_rows_added_by_the_copy FROM clinic.audit_log;
-- The audit judges the distributed form by its own manifest: no drift, and no check fails on
-- the coordinator (the claims carry created_at; what it still warns of: doc/citus.md, "Not yet").
SELECT count(*) AS drift FROM clinic.drift();
SELECT check_id, status, actual FROM clinic.audit() WHERE status = 'fail' ORDER BY 1;
-- The report names the manifest it judged by.
SELECT expected FROM clinic.audit() WHERE check_id = 'drift.manifest';
-- On a worker (Citus gives workers the metadata) the audit judges the same form: no drift, no
-- check fails, and every check's status is the coordinator's.
SELECT nodeport - current_setting('port')::int AS worker, result AS drift_and_failing
  FROM run_command_on_workers($$SELECT (SELECT count(*) FROM clinic.drift()) || ' / '
                                       || coalesce((SELECT string_agg(check_id, ', ' ORDER BY check_id)
                                                      FROM clinic.audit() WHERE status = 'fail'), 'none')$$)
 ORDER BY 1;
SELECT w.nodeport - current_setting('port')::int AS worker, w.result = c.statuses AS same_statuses
  FROM run_command_on_workers($$SELECT md5(string_agg(check_id || '=' || status, ',' ORDER BY check_id))
                                  FROM clinic.audit()$$) w,
       (SELECT md5(string_agg(check_id || '=' || status, ',' ORDER BY check_id)) AS statuses
          FROM clinic.audit()) c
 ORDER BY 1;
SELECT ok, chains_checked, rows_checked FROM clinic.verify_audit_log();
-- log_access runs on the patient's node.
SELECT count(*) AS log_access_distributed FROM pg_dist_object
 WHERE objid = 'clinic.log_access(uuid, text)'::regprocedure AND force_delegation;
-- The claims of the rows copied: Ada's and Ben's MRNs, Ada's booked time (not Ben's cancelled one).
SELECT mrn, holder = :'ada' AS ada FROM clinic.mrn_claims ORDER BY mrn;
SELECT holder = :'ada' AS ada, during FROM clinic.booking_claims;
-- Every node has the distributed shape: no single-node MRN index or exclusion constraint, the
-- generated columns (the foreign keys to the claims are on the shards; the workers' own copies
-- of the tables hold no rows).
SELECT nodeport - current_setting('port')::int AS worker, result
  FROM run_command_on_workers($$SELECT pg_catalog.concat_ws(' ',
           to_regclass('clinic.patients_mrn_live_key') IS NULL,
           (SELECT count(*) FROM pg_constraint WHERE conname = 'appointments_provider_no_overlap'),
           (SELECT count(*) FROM pg_attribute WHERE attname IN ('live_mrn', 'booked_during')
                                               AND attrelid IN ('clinic.patients'::regclass, 'clinic.appointments'::regclass)))$$)
 ORDER BY 1;
SELECT count(*) AS claim_keys_on_shards
  FROM run_command_on_shards('clinic.patients', $$SELECT count(*) FROM pg_constraint
                                                  WHERE conrelid = '%s'::regclass AND confrelid <> 0
                                                    AND conname LIKE 'patients_mrn_claim_fkey%%'$$)
 WHERE result = '1';

-- The MRN rule on the cluster: a patient without a claim is refused (23503), as is a claimed
-- MRN by another patient (23505) or with another's claim (23503); claim, then register.
\set VERBOSITY terse
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('00000000-0000-4000-8000-00000000e00a', 'M-9', 'Unclaimed', 'Nine', '1970-01-01', 'male');
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-1', '00000000-0000-4000-8000-00000000e00a');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('00000000-0000-4000-8000-00000000e00a', 'M-1', 'Copy', 'Nine', '1970-01-01', 'male');
\set VERBOSITY default
BEGIN;
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-9', '00000000-0000-4000-8000-00000000e00a');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('00000000-0000-4000-8000-00000000e00a', 'M-9', 'Claimed', 'Nine', '1970-01-01', 'male');
-- A held claim cannot be released by deleting it (23503).
SAVEPOINT held;
\set VERBOSITY terse
DELETE FROM clinic.mrn_claims WHERE mrn = 'M-9';
\set VERBOSITY default
ROLLBACK TO SAVEPOINT held;
-- Retiring a patient frees the MRN once release_claims() runs; then another may claim it.
UPDATE clinic.patients SET deleted_at = now() WHERE id = '00000000-0000-4000-8000-00000000e00a';
SELECT * FROM clinic.release_claims();
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-9', '00000000-0000-4000-8000-00000000e00b');
ROLLBACK;

-- The front desk registers (it claims, then registers) and releases a claim nobody holds.
CREATE ROLE citus_suite_desk LOGIN IN ROLE clinic_front_desk;
BEGIN;
SET LOCAL ROLE citus_suite_desk;
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-8', '00000000-0000-4000-8000-00000000e00c');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES ('00000000-0000-4000-8000-00000000e00c', 'M-8', 'Desk', 'Eight', '1971-01-01', 'female');
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-7', '00000000-0000-4000-8000-00000000e00c');
SELECT * FROM clinic.release_claims();
ROLLBACK;

-- No double booking: an appointment without its claim is refused (23503), an overlapping claim
-- of another appointment too (23P01); a reschedule claims the new time (its own old claim does
-- not conflict), moves, and release_claims() frees the old time.
\set VERBOSITY terse
INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type)
VALUES (:'ben', :'ann', '2027-03-01 10:15', '2027-03-01 10:45', 'follow_up');
INSERT INTO clinic.booking_claims (holder, appointment_id, provider_id, during)
VALUES (:'ben', '00000000-0000-4000-8000-0000000000b1', :'ann', tstzrange('2027-03-01 10:15', '2027-03-01 10:45'));
\set VERBOSITY default
BEGIN;
SELECT id AS ada_visit FROM clinic.appointments WHERE patient_id = :'ada' \gset
INSERT INTO clinic.booking_claims (holder, appointment_id, provider_id, during)
VALUES (:'ada', :'ada_visit', :'ann', tstzrange('2027-03-01 10:15', '2027-03-01 10:45'));
UPDATE clinic.appointments SET appointment_date = '2027-03-01 10:15', ends_at = '2027-03-01 10:45'
 WHERE patient_id = :'ada';
SELECT * FROM clinic.release_claims();
-- The freed time can be booked by Ben.
INSERT INTO clinic.booking_claims (holder, appointment_id, provider_id, during)
VALUES (:'ben', '00000000-0000-4000-8000-0000000000b2', :'ann', tstzrange('2027-03-01 10:00', '2027-03-01 10:15'));
INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at, appointment_type)
VALUES ('00000000-0000-4000-8000-0000000000b2', :'ben', :'ann', '2027-03-01 10:00', '2027-03-01 10:15', 'follow_up');
SELECT count(*) AS booked FROM clinic.appointments WHERE booked_during IS NOT NULL;
ROLLBACK;

-- Rows on the shards: a patient's chart is with the patient; the CHECKs and the cascade run on
-- the workers' shards.
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
-- Each insert's audit row, written before distribution, was copied with audit_log once
-- (test/citus/sql/trail.sql looks closer at later ones): two patients, two allergies, two
-- appointments.
SELECT count(*) AS audit_rows_seen FROM clinic.audit_log;
-- Deleting a patient deletes the chart on its shards.
DELETE FROM clinic.patients WHERE mrn = 'M-1';
SELECT count(*) AS allergies, count(*) FILTER (WHERE patient_id = '00000000-0000-4000-8000-00000000e001') AS of_deleted_patient
  FROM clinic.allergies;
SELECT count(*) AS appointments FROM clinic.appointments;
