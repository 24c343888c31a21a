-- clinic.validate() on the cluster (doc/citus.md): the row checks and the checks keyed by
-- patient run per shard group where the shards are (clinic._validate_shard()) and add up; the
-- checks across patients (duplicates, one provider's overlaps) run over the distributed tables.
-- The coordinator's own heaps still hold the rows copied at distribution (Citus leaves them on
-- disk): the counts below are the cluster's rows, not those.
SET client_min_messages = warning;  -- the NOTICE times the run
\set ann '00000000-0000-4000-8000-00000000d001'
\set eve '00000000-0000-4000-8000-00000000e005'
\set fay '00000000-0000-4000-8000-00000000e006'
\set gus '00000000-0000-4000-8000-00000000e007'
\set hal '00000000-0000-4000-8000-00000000e008'

-- Two charts of one person, in two shard groups (so no group sees both).
SELECT get_shard_id_for_distribution_column('clinic.patients', :'eve')
       <> get_shard_id_for_distribution_column('clinic.patients', :'fay') AS eve_and_fay_apart;
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-5', :'eve'), ('M-6', :'fay');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES (:'eve', 'M-5', 'Eve', 'Same', '1970-02-02', 'female'),
       (:'fay', 'M-6', 'EVE', 'same', '1970-02-02', 'female');
-- Written as a bulk loader may, under session_replication_role = replica on the shards (no
-- foreign key, no claim, no trail): an allergy of a patient who does not exist, Ann booked for
-- Eve and Fay at once, one allergy id in Eve's and Fay's charts (two groups), and Hal with
-- Eve's MRN (no claim).
BEGIN;
SET LOCAL citus.propagate_set_commands = 'local';
SET LOCAL session_replication_role = replica;
INSERT INTO clinic.allergies (id, patient_id, allergen, severity, created_by, updated_by)
VALUES ('00000000-0000-4000-8000-0000000a0001', :'gus', 'Latex', 'mild', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000a0002', :'eve', 'Dust', 'mild', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000a0002', :'fay', 'Dust', 'mild', 'loader', 'loader');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex, created_by, updated_by)
VALUES (:'hal', 'M-5', 'Hal', 'Three', '1960-09-09', 'male', 'loader', 'loader');
INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at,
                                 appointment_type, created_by, updated_by)
VALUES ('00000000-0000-4000-8000-0000000b0005', :'eve', :'ann', '2027-05-03 09:00', '2027-05-03 09:30',
        'follow_up', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000b0006', :'fay', :'ann', '2027-05-03 09:15', '2027-05-03 09:45',
        'follow_up', 'loader', 'loader');
COMMIT;

-- Every planted problem is found, once, with its key; nothing else is reported.
SELECT check_id, status, violated_rows, total_rows, sample
  FROM clinic.validate() WHERE status <> 'pass' ORDER BY check_id;
-- citus.max_adaptive_executor_pool_size bounds the connections a node (doc/citus.md): its
-- groups are dealt round to that many, each running its groups one after another. The answers
-- are the same (1: one a node; 3: groups dealt unevenly).
CREATE TEMP TABLE answers AS
  SELECT check_id, status, violated_rows, total_rows, sample FROM clinic.validate();
\set differ 'SELECT current_setting(''citus.max_adaptive_executor_pool_size'') AS pool, count(*) AS differ FROM ((SELECT check_id, status, violated_rows, total_rows, sample FROM clinic.validate() EXCEPT ALL TABLE answers) UNION ALL (TABLE answers EXCEPT ALL SELECT check_id, status, violated_rows, total_rows, sample FROM clinic.validate())) d'
SET citus.max_adaptive_executor_pool_size = 1;
:differ;
SET citus.max_adaptive_executor_pool_size = 3;
:differ;
RESET citus.max_adaptive_executor_pool_size;
DROP TABLE answers;

-- The least keys across the groups, up to the limit.
SELECT check_id, violated_rows, sample
  FROM clinic.validate(checks => ARRAY['patients.appointments.present'], sample_limit => 1);

-- The totals are the cluster's rows, counted once (providers is on every node).
SELECT v.table_name, v.total_rows,
       v.total_rows = CASE v.table_name WHEN 'patients' THEN (SELECT count(*) FROM clinic.patients)
                                        WHEN 'allergies' THEN (SELECT count(*) FROM clinic.allergies)
                                        WHEN 'appointments' THEN (SELECT count(*) FROM clinic.appointments)
                                        WHEN 'providers' THEN (SELECT count(*) FROM clinic.providers) END AS as_counted
  FROM clinic.validate(checks => ARRAY['patients.id.unique', 'allergies.id.unique',
                                       'appointments.id.unique', 'providers.email.required']) v
 ORDER BY 1;

-- The DBA's settings on this node reach the shard groups: a limit (every patient born before
-- 2000 now violates), thresholds (fail becomes warn, for a row rule and a set check), a check
-- turned off.
BEGIN;
UPDATE clinic.validation_rules SET high = 0, threshold = 100 WHERE check_id = 'patients.date_of_birth.after_1880';
UPDATE clinic.validation_rules SET threshold = 50 WHERE check_id = 'allergies.patient_id.foreign_key';
UPDATE clinic.validation_rules SET enabled = false WHERE check_id = 'patients.person.duplicate';
SELECT check_id, status, violated_rows,
       violated_rows = (SELECT count(*) FROM clinic.patients WHERE date_of_birth < '2000-01-01')
         OR check_id <> 'patients.date_of_birth.after_1880' AS as_counted
  FROM clinic.validate(checks => ARRAY['patients.date_of_birth.after_1880',
                                       'allergies.patient_id.foreign_key', 'patients.person'])
 ORDER BY 1;
ROLLBACK;

-- trust_constraints proves nothing on the cluster: an index of the coordinator's table may be on
-- no shard (created with DDL propagation off), and a shard's holds only in its group. Every
-- check runs.
SELECT check_id, status, total_rows, sample
  FROM clinic.validate(checks => ARRAY['patients.id.unique', 'appointments.id.unique',
                                       'patients.mrn.unique_live'],
                       trust_constraints => true) ORDER BY 1;

-- From a worker, the same answers.
SELECT nodeport - current_setting('port')::int AS worker, result
  FROM run_command_on_workers($$SELECT string_agg(check_id || ' ' || violated_rows, ', ' ORDER BY check_id)
                                  FROM clinic.validate() WHERE status <> 'pass'$$) ORDER BY 1;

-- Refused: the part on anything but a shard of patients (22023), and a schema whose tables a
-- shard group cannot hold whole (0A000).
\set VERBOSITY terse
SELECT clinic._validate_shard('clinic.providers', '{}', '{}', '{}', '{}', 5, 0, 'UTC', 0);
CREATE SCHEMA other;
CREATE TABLE other.patients (id uuid, sex text);
SELECT create_distributed_table('other.patients', 'id', colocate_with => 'none');
CREATE TABLE other.allergies (id uuid, patient_id uuid, allergen text);
SELECT count(*) FROM clinic.validate('other');
CREATE TABLE other.providers (id uuid, npi text);
SELECT create_distributed_table('other.allergies', 'patient_id', colocate_with => 'none');
SELECT count(*) FROM clinic.validate('other');
SELECT alter_distributed_table('other.allergies', colocate_with => 'other.patients');
SELECT create_distributed_table('other.providers', 'id', colocate_with => 'other.patients');
SELECT count(*) FROM clinic.validate('other');
SELECT undistribute_table('other.providers');
SELECT create_reference_table('other.providers');
SELECT count(*) AS checks FROM clinic.validate('other');
-- The provider overlap by slots where clinic's CHECKs do not hold (its visits last at most 12
-- hours), Eve's and Fay's visits in two groups, one provider. A visit without end, and one of two
-- days, are too wide to hash by slots: the group's digest asks for every visit, and the visit
-- inside is found (each alone).
\set other_overlaps 'SELECT violated_rows, total_rows, sample FROM clinic.validate(''other'', checks => ARRAY[''appointments.provider.overlap''])'
CREATE TABLE other.appointments (id uuid, patient_id uuid, provider_id uuid,
                                 appointment_date timestamptz, ends_at timestamptz, status text,
                                 deleted_at timestamptz);
SELECT create_distributed_table('other.appointments', 'patient_id', colocate_with => 'other.patients');
INSERT INTO other.patients (id) VALUES (:'eve'), (:'fay');
INSERT INTO other.appointments (id, patient_id, provider_id, appointment_date, ends_at, status)
VALUES ('00000000-0000-4000-8000-0000000f0001', :'eve', :'ann', '2027-07-01 08:00', 'infinity', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f0002', :'fay', :'ann', '2027-08-01 09:00', '2027-08-01 09:30', 'scheduled');
:other_overlaps;
DELETE FROM other.appointments;
INSERT INTO other.appointments (id, patient_id, provider_id, appointment_date, ends_at, status)
VALUES ('00000000-0000-4000-8000-0000000f0003', :'eve', :'ann', '2027-06-03 08:00', '2027-06-05 08:00', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f0004', :'fay', :'ann', '2027-06-04 09:00', '2027-06-04 09:30', 'scheduled');
:other_overlaps;
-- Slots far from now: a visit starting a microsecond before a quarter hour, inside one ending on
-- it, is found (in 4900 a float8 second rounds that microsecond to the quarter hour, in both
-- visits' slots alike), and so is one starting a microsecond before midnight inside one ending
-- at midnight; visits near the latest and the earliest timestamps hash without error.
DELETE FROM other.appointments;
BEGIN;
SET LOCAL TimeZone = 'UTC';  -- Citus sends a timestamp before 1883 in this zone as LMT, which fails
INSERT INTO other.appointments (id, patient_id, provider_id, appointment_date, ends_at, status)
VALUES ('00000000-0000-4000-8000-0000000f0005', :'eve', :'ann', '4900-01-01 00:00+00', '4900-01-01 00:15+00', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f0006', :'fay', :'ann', '4900-01-01 00:14:59.999999+00', '4900-01-01 00:20+00', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f0009', :'eve', :'ann', '294276-12-31 00:00+00', '294276-12-31 00:30+00', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f000a', :'fay', :'ann', '4713-01-01 00:00+00 BC', '4713-01-01 00:30+00 BC', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f000b', :'eve', :'ann', '2000-01-02 23:00+00', '2000-01-03 00:00+00', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f000c', :'fay', :'ann', '2000-01-02 23:59:59.999999+00', '2000-01-03 00:30+00', 'scheduled');
COMMIT;
:other_overlaps;
-- A start of one type and an end of another (timestamptz, timestamp): the query compares them in
-- the caller's zone, which slots cannot, so the check reads every visit. Fay's visit starts at
-- 10:30 (UTC-7) inside Eve's, which ends at 11:00 (local, UTC-7).
DROP TABLE other.appointments;
CREATE TABLE other.appointments (id uuid, patient_id uuid, provider_id uuid,
                                 appointment_date timestamptz, ends_at timestamp, status text,
                                 deleted_at timestamptz);
SELECT create_distributed_table('other.appointments', 'patient_id', colocate_with => 'other.patients');
INSERT INTO other.appointments (id, patient_id, provider_id, appointment_date, ends_at, status)
VALUES ('00000000-0000-4000-8000-0000000f0007', :'eve', :'ann', '2027-06-01 10:00-07', '2027-06-01 11:00', 'scheduled'),
       ('00000000-0000-4000-8000-0000000f0008', :'fay', :'ann', '2027-06-01 10:30-07', '2027-06-01 10:45', 'scheduled');
SELECT current_setting('TimeZone') AS zone, violated_rows, total_rows, sample
  FROM clinic.validate('other', checks => ARRAY['appointments.provider.overlap']);
DROP TABLE other.appointments;
DELETE FROM other.patients;
-- Nor is a Citus table read as a local one: its rows are in its shards (0A000).
SELECT undistribute_table('other.allergies');
SELECT undistribute_table('other.patients');
SELECT create_distributed_table('other.patients', 'sex');
SELECT count(*) FROM clinic.validate('other');
SELECT undistribute_table('other.patients');
SELECT count(*) FROM clinic.validate('other');
DROP SCHEMA other CASCADE;
-- The target public: its shards' names reach the parts qualified (Citus's shard_name() leaves
-- them bare, and the worker's search_path puts "$user" first: here a look-alike shard there).
CREATE TABLE public.patients (id uuid, sex text);
SELECT create_distributed_table('public.patients', 'id', colocate_with => 'none');
INSERT INTO public.patients VALUES (:'eve', 'female');
CREATE SCHEMA :"USER";
SELECT count(*) AS look_alikes FROM run_command_on_shards('public.patients',
    format('CREATE TABLE %I.%%s (id uuid, sex text)', current_user)) WHERE success;
SELECT check_id, status, total_rows FROM clinic.validate('public', checks => ARRAY['patients.id.unique']);
DROP SCHEMA :"USER" CASCADE;
DROP TABLE public.patients;
-- A worker's groups dealt round to its connections: 80 shards, 40 a worker, at pool 2, so the
-- failure of one (its shard renamed behind Citus's back) names the 20 of its connection.
CREATE SCHEMA wide;
CREATE TABLE wide.patients (id uuid, sex text);
SELECT create_distributed_table('wide.patients', 'id', shard_count => 80, colocate_with => 'none');
SELECT n.nodename AS wide_node, n.nodeport AS wide_port, s.shardid AS wide_shard
  FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
 WHERE s.logicalrelid = 'wide.patients'::regclass ORDER BY s.shardid LIMIT 1 \gset
SELECT success AS renamed FROM master_run_on_worker(ARRAY[:'wide_node'], ARRAY[:wide_port],
    ARRAY[format('SET citus.enable_manual_changes_to_shards = on; '
                 'ALTER TABLE wide.patients_%s RENAME TO gone', :wide_shard)], false);
SET citus.max_adaptive_executor_pool_size = 2;
DO $$
BEGIN
    PERFORM count(*) FROM clinic.validate('wide');
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING '%: %', SQLSTATE, regexp_replace(SQLERRM, '[0-9]+', 'N', 'g');
END
$$;
RESET citus.max_adaptive_executor_pool_size;
SELECT success AS restored FROM master_run_on_worker(ARRAY[:'wide_node'], ARRAY[:wide_port],
    ARRAY[format('SET citus.enable_manual_changes_to_shards = on; '
                 'ALTER TABLE wide.gone RENAME TO patients_%s', :wide_shard)], false);
SELECT count(*) AS checks FROM clinic.validate('wide', checks => ARRAY['patients.id.unique']);
DROP SCHEMA wide CASCADE;
\set VERBOSITY default

-- An auditor validates the cluster: the groups run on the workers as the caller (Citus connects
-- as the current user, so it must be a role that can log in there).
-- validate_allergies() validates the allergies as the current role and says how it ended (shard
-- ids masked). Citus's notice that it keeps a function of pg_temp local names this session's
-- temporary schema: silenced.
SET client_min_messages = error;
CREATE FUNCTION pg_temp.validate_allergies() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM count(*) FROM clinic.validate(checks => ARRAY['allergies']);
    RAISE WARNING 'no error';
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING '%: %', SQLSTATE, regexp_replace(SQLERRM, '[0-9]+', 'N', 'g');
END
$$;
SET client_min_messages = warning;
CREATE ROLE citus_suite_auditor LOGIN IN ROLE clinic_auditor;
SET ROLE citus_suite_auditor;
SELECT count(*) AS checks, count(*) FILTER (WHERE status = 'fail') AS failing FROM clinic.validate();
RESET ROLE;
-- A group that fails on its node fails the call (38000, with the node's message), never a sum
-- without it: here the auditor's SELECT taken from the allergies shards behind Citus's back.
SELECT count(*) AS revoked FROM run_command_on_placements('clinic.allergies',
    $$REVOKE SELECT ON %s FROM clinic_auditor$$) WHERE success;
SET ROLE citus_suite_auditor;
SELECT pg_temp.validate_allergies();
-- In one connection a node, the message names the groups run with the one that failed.
SET citus.max_adaptive_executor_pool_size = 1;
SELECT pg_temp.validate_allergies();
RESET citus.max_adaptive_executor_pool_size;
RESET ROLE;
SELECT count(*) AS granted FROM run_command_on_placements('clinic.allergies',
    $$GRANT SELECT ON %s TO clinic_auditor$$) WHERE success;
DROP ROLE citus_suite_auditor;
-- A role that cannot log in cannot be the caller, even through SET ROLE: refused (42501) before
-- any group starts.
SET ROLE clinic_auditor;
SELECT pg_temp.validate_allergies();
RESET ROLE;

-- The caller's TimeZone decides a day in the shard groups too: a record written 8 h 30 min after
-- its visit began is on the visit's day in the suite's zone (America/Los_Angeles), on the next in
-- UTC, the workers' own.
BEGIN;
SET LOCAL citus.propagate_set_commands = 'local';
SET LOCAL session_replication_role = replica;
INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at,
                                 appointment_type, status, created_by, updated_by)
VALUES ('00000000-0000-4000-8000-0000000c0005', :'eve', :'ann', '2026-03-02 16:00+00',
        '2026-03-02 16:30+00', 'follow_up', 'cancelled', 'loader', 'loader');
INSERT INTO clinic.medical_records (id, patient_id, appointment_id, recorded_at, created_by, updated_by)
VALUES ('00000000-0000-4000-8000-0000000d0005', :'eve', '00000000-0000-4000-8000-0000000c0005',
        '2026-03-03 00:30+00', 'loader', 'loader');
COMMIT;
SELECT current_setting('TimeZone') AS zone, violated_rows, sample
  FROM clinic.validate(checks => ARRAY['medical_records.recorded_at.visit_day']);
SET TimeZone = 'UTC';
SELECT current_setting('TimeZone') AS zone, violated_rows, sample
  FROM clinic.validate(checks => ARRAY['medical_records.recorded_at.visit_day']);
RESET TimeZone;

-- One provider's visits across the groups, compared by the 15-minute slots they span: visits
-- that touch (one ends as the next starts) are no overlap, whether or not they share a slot
-- (10:20 is in the 10:15 slot of both); a visit that starts in the third slot of another's four
-- is one. The answers are one node's.
BEGIN;
SET LOCAL citus.propagate_set_commands = 'local';
SET LOCAL session_replication_role = replica;
INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at,
                                 appointment_type, created_by, updated_by)
VALUES ('00000000-0000-4000-8000-0000000c0011', :'eve', :'ann', '2027-06-01 10:00', '2027-06-01 10:20',
        'follow_up', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000c0012', :'fay', :'ann', '2027-06-01 10:20', '2027-06-01 10:40',
        'follow_up', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000c0013', :'eve', :'ann', '2027-06-01 11:00', '2027-06-01 11:30',
        'follow_up', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000c0014', :'fay', :'ann', '2027-06-01 11:30', '2027-06-01 12:00',
        'follow_up', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000c0015', :'eve', :'ann', '2027-06-02 09:00', '2027-06-02 10:00',
        'follow_up', 'loader', 'loader'),
       ('00000000-0000-4000-8000-0000000c0016', :'fay', :'ann', '2027-06-02 09:40', '2027-06-02 09:50',
        'follow_up', 'loader', 'loader');
COMMIT;
SELECT violated_rows, sample FROM clinic.validate(checks => ARRAY['appointments.provider.overlap']);

-- The planted rows out again (replica: no trail for what the trail never saw); Eve and Fay stay.
BEGIN;
SET LOCAL citus.propagate_set_commands = 'local';
SET LOCAL session_replication_role = replica;
DELETE FROM clinic.allergies WHERE id IN ('00000000-0000-4000-8000-0000000a0001',
                                          '00000000-0000-4000-8000-0000000a0002');
DELETE FROM clinic.patients WHERE id = :'hal';
DELETE FROM clinic.medical_records WHERE id = '00000000-0000-4000-8000-0000000d0005';
DELETE FROM clinic.appointments WHERE id IN ('00000000-0000-4000-8000-0000000b0005',
                                             '00000000-0000-4000-8000-0000000b0006',
                                             '00000000-0000-4000-8000-0000000c0005',
                                             '00000000-0000-4000-8000-0000000c0011',
                                             '00000000-0000-4000-8000-0000000c0012',
                                             '00000000-0000-4000-8000-0000000c0013',
                                             '00000000-0000-4000-8000-0000000c0014',
                                             '00000000-0000-4000-8000-0000000c0015',
                                             '00000000-0000-4000-8000-0000000c0016');
COMMIT;
SELECT check_id, status FROM clinic.validate() WHERE status NOT IN ('pass', 'warn');

-- generate_demo() loads through Citus, on the coordinator and on a worker: each table's rows go
-- into a temporary table of its shape and then INSERT ... SELECT, which Citus routes to the
-- shards, after the claims of the live patients and the booked appointments. The counts are one
-- node's for the same call (test/expected/generate_demo.out); the rows break no rule (one
-- plausibility warning counts them: the generator's few systolic pressures of 90 or less); each
-- row has its audit row under the logical table's name; chains verify.
CREATE TEMPORARY TABLE checks_before AS
    SELECT check_id, violated_rows, total_rows FROM clinic.validate();
CREATE TEMPORARY TABLE log_before AS
    SELECT table_name, count(*) AS n FROM clinic.audit_log GROUP BY table_name;
SELECT * FROM clinic.generate_demo(300, 11);
SELECT success, result FROM master_run_on_worker(ARRAY['127.0.0.1'], ARRAY[current_setting('port')::int + 1],
    ARRAY['SELECT sum(inserted) FROM clinic.generate_demo(10, 4)'], false);
SELECT (SELECT count(*) FROM clinic.patients WHERE live_mrn IS NOT NULL)
       = (SELECT count(*) FROM clinic.mrn_claims c JOIN clinic.patients p ON (p.id, p.live_mrn) = (c.holder, c.mrn))
           AS live_patients_claimed,
       (SELECT count(*) FROM clinic.appointments WHERE booked_during IS NOT NULL)
       = (SELECT count(*) FROM clinic.booking_claims c JOIN clinic.appointments a
            ON (a.patient_id, a.id, a.provider_id, a.booked_during) = (c.holder, c.appointment_id, c.provider_id, c.during))
           AS bookings_claimed;
SELECT count(*) FILTER (WHERE a.total_rows > b.total_rows) AS checks_with_more_rows,
       string_agg(a.check_id || ' ' || b.violated_rows || ' -> ' || a.violated_rows, ', ')
           FILTER (WHERE a.violated_rows <> b.violated_rows) AS new_violations
  FROM clinic.validate() a JOIN checks_before b USING (check_id);
SELECT l.table_name, l.n - coalesce(b.n, 0) AS audit_rows_added
  FROM (SELECT table_name, count(*) AS n FROM clinic.audit_log GROUP BY table_name) l
  LEFT JOIN log_before b USING (table_name)
 WHERE l.n > coalesce(b.n, 0) ORDER BY 1;
SELECT ok, problem FROM clinic.verify_audit_log();
-- The same seed again: its provider's id is taken (23505), as on one node.
SELECT * FROM clinic.generate_demo(300, 11);

-- The audit reads a Citus table's sizes and statistics from its shards, on every node: after
-- ANALYZE (which Citus runs on the shards) the patients' estimate is the cluster's row count, not
-- that of the coordinator's own heap (the rows it held before distribution).
ANALYZE clinic.patients;
SELECT (SELECT (e->>'estimated_rows')::bigint FROM jsonb_array_elements(a.detail) e WHERE e->>'table' = 'patients')
       = (SELECT count(*) FROM clinic.patients) AS patients_estimate_is_the_clusters
  FROM clinic.audit() a WHERE a.check_id = 'table.sizes';
-- The text the audit runs on the nodes names every operator with its schema: an operator that the
-- database's owner puts first in the nodes' search_path (here on the coordinator, one of the
-- nodes run_command_on_all_nodes() reaches) is never called. The control shows it is live.
SET citus.enable_ddl_propagation = off;
CREATE SCHEMA hijack;
CREATE FUNCTION hijack.name_eq(name, name) RETURNS boolean LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'hijacked'; END$$;
CREATE OPERATOR hijack.= (LEFTARG = name, RIGHTARG = name, FUNCTION = hijack.name_eq);
RESET citus.enable_ddl_propagation;
ALTER ROLE CURRENT_USER SET search_path = hijack, pg_catalog;
SELECT success, result AS control FROM run_command_on_all_nodes(
    $$SELECT count(*) FROM pg_catalog.pg_namespace n WHERE n.nspname = 'clinic'$$)
 WHERE nodeid = (SELECT nodeid FROM pg_dist_node WHERE groupid = 0);
SELECT count(*) AS checks FROM clinic.audit();
ALTER ROLE CURRENT_USER RESET search_path;
SET citus.enable_ddl_propagation = off;
DROP SCHEMA hijack CASCADE;
RESET citus.enable_ddl_propagation;
-- A node that does not answer leaves the node's own figures, with a WARNING: here an auditor who
-- may not call pg_stat_get_numscans() on the second worker. (A role of another name than the
-- dropped citus_suite_auditor: Citus would reuse this session's connections opened as that one.)
CREATE ROLE citus_suite_reader LOGIN IN ROLE clinic_auditor;
SELECT success FROM master_run_on_worker(ARRAY['127.0.0.1'], ARRAY[current_setting('port')::int + 2],
    ARRAY['REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_get_numscans(oid) FROM PUBLIC'], false);
SET ROLE citus_suite_reader;
\set VERBOSITY terse
SELECT count(*) AS checks FROM clinic.audit();
\set VERBOSITY default
RESET ROLE;
SELECT success FROM master_run_on_worker(ARRAY['127.0.0.1'], ARRAY[current_setting('port')::int + 2],
    ARRAY['GRANT EXECUTE ON FUNCTION pg_catalog.pg_stat_get_numscans(oid) TO PUBLIC'], false);
DROP ROLE citus_suite_reader;
