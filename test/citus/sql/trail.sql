-- The audit trail on the distributed schema (distribute ran before): each change goes
-- into the audit_log shard co-located with its row, under the logical table's name, and its
-- patient's chain verifies from the coordinator (doc/citus-trail-design.md).
\set ada '00000000-0000-4000-8000-00000000e001'
\set ben '00000000-0000-4000-8000-00000000e002'
\set cyd '00000000-0000-4000-8000-00000000e003'
SET clinic.actor = 'citus-suite';
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-3', :'cyd');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES (:'cyd', 'M-3', 'Cyd', 'Three', '1975-02-02', 'other');
INSERT INTO clinic.allergies (patient_id, allergen, severity) VALUES (:'cyd', 'Pollen', 'mild');
UPDATE clinic.allergies SET severity = 'moderate' WHERE patient_id = :'cyd';
UPDATE clinic.patients SET last_name = 'Drei' WHERE id = :'cyd';

-- Every chain as the cluster holds it: logical table names, seq from 1 without gaps; Ada's
-- rows (her delete cascaded) and Ben's are there too.
SELECT patient_id, seq, operation, table_name, new_values ->> 'severity' AS severity
  FROM clinic.audit_log ORDER BY patient_id, seq;
-- Each row sits in the audit_log shard its patient_id hashes to (the shard a query for that
-- patient reads): every shard holds exactly the rows that hash to it.
WITH held AS (SELECT shardid, result::bigint AS n
                FROM run_command_on_shards('clinic.audit_log', $$SELECT count(*) FROM %s$$)),
     hashed AS (SELECT get_shard_id_for_distribution_column('clinic.audit_log', patient_id) AS shardid, count(*) AS n
                  FROM clinic.audit_log GROUP BY 1)
SELECT count(*) FILTER (WHERE coalesce(h.n, 0) <> coalesce(x.n, 0)) AS shards_off, sum(h.n) AS rows_held
  FROM held h FULL JOIN hashed x USING (shardid);
-- The workers' own audit_log tables (the shells Citus reads through) stay empty: not a page
-- written (1.1 wrote every change there).
SELECT nodeport - current_setting('port')::int AS worker, result AS shell_bytes
  FROM run_command_on_workers($$SELECT pg_catalog.pg_relation_size('clinic.audit_log')$$) ORDER BY 1;
SELECT ok, chains_checked, rows_checked, broken_patient_id, problem FROM clinic.verify_audit_log();
SELECT ok, chains_checked, rows_checked FROM clinic.verify_audit_log(:'cyd');
-- The whole log is verified shard by shard, each on its node (clinic._verify_shard() through
-- run_command_on_shards()): the parts' chains and rows add up to the call's. In a transaction
-- block the log is read through this node (the parts would not see the block's writes): the same.
SELECT count(*) AS shards, sum((result::jsonb ->> 'chains')::int) AS chains,
       sum((result::jsonb ->> 'checked')::int) AS rows_checked,
       count(*) FILTER (WHERE result::jsonb ->> 'patient' IS NOT NULL) AS broken
  FROM run_command_on_shards('clinic.audit_log', $$SELECT clinic._verify_shard(%L::regclass)$$);
BEGIN;
SELECT ok, chains_checked, rows_checked, broken_patient_id, problem FROM clinic.verify_audit_log();
COMMIT;
-- From a worker (Citus gives workers the metadata), the same.
SELECT nodeport - current_setting('port')::int AS worker, result
  FROM run_command_on_workers($$SELECT row(ok, chains_checked, rows_checked)::text
                                 FROM clinic.verify_audit_log()$$) ORDER BY 1;
-- After its transaction locked audit_log (here in a DO block), the log is read through this
-- node too: the parts' connections would wait for that lock (the timeout turns a wait into an
-- error).
SET statement_timeout = '60s';
DO $$
DECLARE v record;
BEGIN
    LOCK TABLE clinic.audit_log IN ACCESS EXCLUSIVE MODE;
    SELECT ok, chains_checked, rows_checked INTO v FROM clinic.verify_audit_log();
    RAISE NOTICE 'after LOCK: %', v;
END
$$;
RESET statement_timeout;
-- A part verifies only a shard of audit_log placed on its node.
\set VERBOSITY terse
SELECT clinic._verify_shard('clinic.audit_log');
SELECT clinic._verify_shard('clinic.patients');
\set VERBOSITY default
SELECT seq, operation, table_name, changes - 'updated_at' - 'created_at' - 'id' AS changes
  FROM clinic.patient_history(:'cyd');
-- A session's SET clinic.actor does not reach the workers, so their rows have no actor.
SELECT count(*) FILTER (WHERE actor IS NULL) AS without_actor, count(*) AS changes
  FROM clinic.audit_log WHERE patient_id = :'cyd';
-- SET LOCAL does, with citus.propagate_set_commands = 'local' (doc/schema.md).
SET citus.propagate_set_commands = 'local';
BEGIN;
SET LOCAL clinic.actor = 'dr-who';
UPDATE clinic.patients SET last_name = 'Drie' WHERE id = :'cyd';
COMMIT;
RESET citus.propagate_set_commands;
SELECT seq, actor, application_name LIKE 'citus_internal gpid=%' AS coordinator_connection
  FROM clinic.audit_log WHERE patient_id = :'cyd' ORDER BY seq DESC LIMIT 1;

-- What the distributed trail cannot record yet is refused, not lost: a TRUNCATE (its record
-- belongs to the system chain, on whichever node holds it), and clinic.log_access() where Citus
-- does not run it on the patient's node (a call nested in a DO block is not delegated).
DO $$
BEGIN
    TRUNCATE clinic.allergies;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'refused: % %', SQLSTATE, SQLERRM;
END
$$;
DO $$
BEGIN
    PERFORM clinic.log_access('00000000-0000-4000-8000-00000000e003', 'treatment');
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'refused: % %', SQLSTATE, SQLERRM;
END
$$;
-- Called as distributed (clinic.distribute() distributes it), it logs on the patient's node, in a transaction
-- block too; a patient that does not exist is refused there (23503).
SELECT clinic.log_access(:'cyd', 'treatment') AS access_seq;
BEGIN;
SELECT clinic.log_access(:'cyd', 'billing') AS access_seq;
COMMIT;
\set VERBOSITY terse
SELECT clinic.log_access('00000000-0000-4000-8000-00000000eeee', 'treatment');
\set VERBOSITY default
-- A clinician, not a superuser: the trigger's and log_access's lookups of Citus's catalog need
-- nothing they lack (Citus's shard lookup wants SELECT on audit_log, which is done as its owner).
CREATE ROLE citus_suite_nurse LOGIN IN ROLE clinic_clinician;
SET ROLE citus_suite_nurse;
UPDATE clinic.allergies SET reaction = 'hives' WHERE patient_id = :'cyd';
SELECT clinic.log_access(:'cyd', 'nurse check') AS access_seq;
RESET ROLE;
SELECT seq, operation, table_name, db_user FROM clinic.audit_log WHERE patient_id = :'cyd' ORDER BY seq DESC LIMIT 2;
SELECT count(*) AS allergies_kept FROM clinic.allergies;

-- A table the trail audits by patient_id but Citus distributes by id puts a row in another
-- chain's shard: refused (55000), nothing written.
BEGIN;
CREATE TABLE clinic.by_row_id (id uuid PRIMARY KEY, patient_id uuid NOT NULL);
CREATE TRIGGER audit_trail AFTER INSERT OR UPDATE OR DELETE ON clinic.by_row_id
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_trail_trigger('patient_id');
ALTER TABLE clinic.by_row_id ENABLE ALWAYS TRIGGER audit_trail;
SET LOCAL citus.enable_unsafe_triggers = on;
SELECT create_distributed_table('clinic.by_row_id', 'id', colocate_with => 'clinic.patients') IS NOT NULL AS distributed;
COMMIT;
DO $$
BEGIN
    INSERT INTO clinic.by_row_id VALUES ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-00000000e003');
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    RAISE NOTICE 'refused: % %', SQLSTATE, SQLERRM;
END
$$;
SELECT count(*) AS by_row_id_rows FROM clinic.by_row_id;
DROP TABLE clinic.by_row_id;

-- A shard move carries the chain: Cyd's shards move to the other worker by logical
-- replication (the trigger fires in the apply worker and must not log the change twice), then
-- back by blocking writes, and each later change continues her chain.
SET client_min_messages = error;  -- Citus: a function in pg_temp_<n> is created only here
CREATE FUNCTION pg_temp.move(patient uuid, mode citus.shard_transfer_mode) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    shard bigint := get_shard_id_for_distribution_column('clinic.patients', patient);
    src pg_dist_node;
    dst pg_dist_node;
BEGIN
    SELECT n.* INTO src FROM pg_dist_node n JOIN pg_dist_placement p USING (groupid) WHERE p.shardid = shard;
    SELECT n.* INTO dst FROM pg_dist_node n WHERE n.isactive AND n.noderole = 'primary' AND n.groupid <> 0
       AND n.nodeid <> src.nodeid;
    PERFORM citus_move_shard_placement(shard, src.nodename, src.nodeport, dst.nodename, dst.nodeport, mode);
    RETURN CASE WHEN dst.nodeport > src.nodeport THEN 'to the second worker' ELSE 'to the first worker' END;
END
$$;
RESET client_min_messages;
-- Dee, a patient whose rows share Cyd's shards, is written to the whole time the logical move
-- runs: its apply worker replays those changes into the new shards, where the trail's trigger
-- fires again and must not log them twice (a duplicate key stops the apply worker and the move
-- hangs: the timeout turns that into an error).
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS dee
  FROM generate_series(4096, 8192) i
 WHERE get_shard_id_for_distribution_column('clinic.patients', ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid)
     = get_shard_id_for_distribution_column('clinic.patients', :'cyd'::uuid)
 ORDER BY i LIMIT 1 \gset
INSERT INTO clinic.mrn_claims (mrn, holder) VALUES ('M-4', :'dee');
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
VALUES (:'dee', 'M-4', 'Dee', 'Four', '1985-04-04', 'female');
INSERT INTO clinic.allergies (patient_id, allergen, severity) VALUES (:'dee', 'Nickel', 'mild');
\setenv DEE :dee
-- The writer (one psql per update, stopping at the first error) runs until told to stop, after
-- the move, and leaves the number of updates it made; its files are in the suite's output
-- directory (test/citus/run.sh).
\! (n=0; while [ ! -f "$CLINIC_CITUS_OUT/writer.stop" ]; do psql -X -q -v ON_ERROR_STOP=1 -d clinic_citus -c "UPDATE clinic.allergies SET severity = CASE severity WHEN 'mild' THEN 'moderate'::clinic.allergy_severity ELSE 'mild' END WHERE patient_id = '$DEE'" >> "$CLINIC_CITUS_OUT/writer.log" 2>&1 || break; n=$((n + 1)); done; echo "$n" > "$CLINIC_CITUS_OUT/writer.count") &
-- The move starts once the writer has written.
SET client_min_messages = error;
CREATE FUNCTION pg_temp.wait_for_rows(patient uuid, wanted bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..600 LOOP
        IF (SELECT count(*) FROM clinic.audit_log WHERE patient_id = patient) >= wanted THEN
            RETURN true;
        END IF;
        PERFORM pg_sleep(0.1);
    END LOOP;
    RETURN false;
END
$$;
RESET client_min_messages;
SELECT pg_temp.wait_for_rows(:'dee', 12) AS writer_started;
SET statement_timeout = '150s';
SELECT pg_temp.move(:'cyd', 'force_logical') IS NOT NULL AS moved;
RESET statement_timeout;
-- The writer was still writing when the move ended (so through its last catch-up).
\! test -f "$CLINIC_CITUS_OUT/writer.count" && echo "the writer stopped before the move ended" || echo "the writer outlived the move"; touch "$CLINIC_CITUS_OUT/writer.stop"; while [ ! -f "$CLINIC_CITUS_OUT/writer.count" ]; do sleep 0.2; done
\set writes `cat "$CLINIC_CITUS_OUT/writer.count"`
-- Dee's chain holds every update the writer made, once each: her two inserts and one row per
-- update.
SELECT count(*) = :writes + 2 AS every_update_once, max(seq) = count(*) AS no_gap, :writes >= 10 AS writer_wrote
  FROM clinic.audit_log WHERE patient_id = :'dee';
SELECT ok, chains_checked, problem FROM clinic.verify_audit_log(:'dee');
UPDATE clinic.allergies SET severity = 'severe' WHERE patient_id = :'cyd';
-- Citus drops the shards the move left behind: the drop guard lets it (1.2 before this refused,
-- holding them, and the next move failed). How many it drops depends on its background cleanup.
SET client_min_messages = warning;
CALL citus_cleanup_orphaned_resources();
RESET client_min_messages;
SELECT pg_temp.move(:'cyd', 'block_writes') IS NOT NULL AS moved_back;
DELETE FROM clinic.allergies WHERE patient_id = :'cyd';
SELECT seq, operation, table_name, new_values ->> 'severity' AS severity FROM clinic.audit_log WHERE patient_id = :'cyd' ORDER BY seq;
-- Ada's 6 rows, Ben's 3, Cyd's 11, Dee's 2 and the writer's.
SELECT ok, chains_checked, rows_checked = 22 + :writes AS every_row, problem FROM clinic.verify_audit_log();

-- A split leaves its source shards behind as well, already gone from pg_dist_shard; Citus's
-- cleanup drops them past the drop guard, and Cyd's chain goes on in her new shard.
SELECT citus_split_shard_by_split_points(s.shardid,
           ARRAY[((s.shardminvalue::bigint + s.shardmaxvalue::bigint) / 2)::text],
           ARRAY[n.nodeid, n.nodeid], 'block_writes') IS NOT NULL AS split
  FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
 WHERE s.shardid = get_shard_id_for_distribution_column('clinic.patients', :'cyd');
SET client_min_messages = warning;
CALL citus_cleanup_orphaned_resources();
RESET client_min_messages;
SELECT (SELECT sum(result::int) FROM run_command_on_workers($$SELECT count(*) FROM pg_class
                                                              WHERE relname ~ '^(patients|audit_log)_[0-9]+$'$$))
     = (SELECT count(*) FROM pg_dist_shard WHERE logicalrelid IN ('clinic.patients'::regclass, 'clinic.audit_log'::regclass))
       AS no_shard_left_behind;
INSERT INTO clinic.allergies (patient_id, allergen, severity) VALUES (:'cyd', 'Wasp', 'severe');
SELECT seq, operation, table_name FROM clinic.audit_log WHERE patient_id = :'cyd' ORDER BY seq DESC LIMIT 1;
SELECT ok, chains_checked, problem FROM clinic.verify_audit_log();

-- Tampering on a shard is found from the coordinator: a superuser who disables the guards on
-- every node and edits one of Cyd's rows in place.
SELECT count(*) AS guards_off FROM run_command_on_all_nodes($$
    ALTER EVENT TRIGGER clinic_audit_trail_guard DISABLE;
    ALTER EVENT TRIGGER clinic_audit_trail_state_guard DISABLE$$) WHERE success;
SET citus.enable_unsafe_triggers = on;
ALTER TABLE clinic.audit_log DISABLE TRIGGER append_only;
UPDATE clinic.audit_log SET new_values = jsonb_set(new_values, '{allergen}', '"Peanut"')
 WHERE patient_id = :'cyd' AND seq = 2;
SELECT ok, broken_patient_id, broken_seq, problem FROM clinic.verify_audit_log();
-- A second break, in the chain of Zed, a patient whose id sorts after Cyd's and whose audit_log
-- shard comes before hers in shard order (a forged chain that starts at seq 3):
-- the break named is the least patient's, Cyd's, the one a single node reading chains in order
-- meets first, not the first shard's; read through this node (in a transaction block), the same.
SELECT u AS zed
  FROM (SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS u
          FROM generate_series(57348, 65535) i) z
 WHERE get_shard_id_for_distribution_column('clinic.audit_log', u)
     < get_shard_id_for_distribution_column('clinic.audit_log', :'cyd'::uuid)
 ORDER BY u LIMIT 1 \gset
INSERT INTO clinic.audit_log
SELECT :'zed', seq, logged_at, transaction_id, operation, table_name, row_id, old_values, new_values,
       actor, db_user, application_name, client_addr, prev_hash, hash
  FROM clinic.audit_log WHERE patient_id = :'cyd' AND seq = 3;
SELECT count(*) FILTER (WHERE result::jsonb ->> 'patient' IS NOT NULL) AS broken_shards,
       min(shardid) FILTER (WHERE result::jsonb ->> 'patient' = :'zed')
     < min(shardid) FILTER (WHERE result::jsonb ->> 'patient' = :'cyd') AS zed_shard_first
  FROM run_command_on_shards('clinic.audit_log', $$SELECT clinic._verify_shard(%L::regclass)$$);
SELECT ok, broken_patient_id = :'cyd' AS cyd, broken_seq, problem FROM clinic.verify_audit_log();
-- In one connection a node (each node's shards in one command), the same verdict.
SET citus.max_adaptive_executor_pool_size = 1;
SELECT ok, broken_patient_id = :'cyd' AS cyd, broken_seq, problem FROM clinic.verify_audit_log();
RESET citus.max_adaptive_executor_pool_size;
BEGIN;
SELECT ok, broken_patient_id = :'cyd' AS cyd, broken_seq, problem FROM clinic.verify_audit_log();
COMMIT;
DELETE FROM clinic.audit_log WHERE patient_id = :'zed';
UPDATE clinic.audit_log SET new_values = jsonb_set(new_values, '{allergen}', '"Pollen"')
 WHERE patient_id = :'cyd' AND seq = 2;
-- Rows in a shard whose hash range does not hold their patient (a copy of Cyd's second row put
-- into another audit_log shard of her node, behind Citus's back): no query routed by patient reads
-- them, and that shard's part names them (where its chain check also breaks: "seq 2 follows seq
-- 0"); read through this node, her chain shows the extra row.
SELECT n.nodename AS cyd_node, n.nodeport AS cyd_port, s.shardid AS cyd_shard,
       (SELECT min(o.shardid) FROM pg_dist_shard o JOIN pg_dist_placement op USING (shardid)
         WHERE o.logicalrelid = 'clinic.audit_log'::regclass AND op.groupid = p.groupid
           AND o.shardid <> s.shardid) AS other_shard
  FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
 WHERE s.shardid = get_shard_id_for_distribution_column('clinic.audit_log', :'cyd') \gset
SELECT success AS copied FROM master_run_on_worker(ARRAY[:'cyd_node'], ARRAY[:cyd_port],
    ARRAY[format('SET citus.enable_manual_changes_to_shards = on; '
                 'INSERT INTO clinic.audit_log_%s SELECT * FROM clinic.audit_log_%s WHERE seq = 2',
                 :other_shard, :cyd_shard)], false);
SELECT ok, broken_patient_id = :'cyd' AS cyd, broken_seq,
       regexp_replace(problem, 'shard [0-9]+', 'shard N') AS problem
  FROM clinic.verify_audit_log();
BEGIN;
SELECT ok, broken_patient_id = :'cyd' AS cyd, broken_seq, problem FROM clinic.verify_audit_log();
COMMIT;
SELECT success AS removed FROM master_run_on_worker(ARRAY[:'cyd_node'], ARRAY[:cyd_port],
    ARRAY[format('SET citus.enable_manual_changes_to_shards = on; '
                 'DELETE FROM clinic.audit_log_%s WHERE patient_id = %L', :other_shard, :'cyd')], false);
-- The guards back on, as installed.
ALTER TABLE clinic.audit_log ENABLE ALWAYS TRIGGER append_only;
SELECT count(*) AS guards_on FROM run_command_on_all_nodes($$
    ALTER EVENT TRIGGER clinic_audit_trail_guard ENABLE ALWAYS;
    ALTER EVENT TRIGGER clinic_audit_trail_state_guard ENABLE ALWAYS$$) WHERE success;
SELECT ok, problem FROM clinic.verify_audit_log();

-- The parts run on the workers as the caller. A role that cannot log in (SET ROLE to
-- clinic_auditor) is refused (42501) before any part starts. A part that fails on its node fails
-- the call (38000, with the node's message), never a verdict without it: here the auditor's
-- SELECT taken from Cyd's audit_log shard behind Citus's back.
SET ROLE clinic_auditor;
\set VERBOSITY terse
SELECT ok FROM clinic.verify_audit_log();
\set VERBOSITY default
RESET ROLE;
SET client_min_messages = warning;
CREATE ROLE citus_suite_verifier LOGIN IN ROLE clinic_auditor;
RESET client_min_messages;
SET ROLE citus_suite_verifier;
SELECT ok, problem FROM clinic.verify_audit_log();
RESET ROLE;
SELECT n.nodename, n.nodeport, 'clinic.audit_log_' || s.shardid AS cyd_log
  FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
 WHERE s.shardid = get_shard_id_for_distribution_column('clinic.audit_log', :'cyd') \gset
SELECT success AS revoked FROM master_run_on_worker(ARRAY[:'nodename'], ARRAY[:nodeport],
    ARRAY['REVOKE SELECT ON ' || :'cyd_log' || ' FROM clinic_auditor'], false);
SET ROLE citus_suite_verifier;
\set VERBOSITY sqlstate
SELECT ok FROM clinic.verify_audit_log();
\set VERBOSITY default
SELECT regexp_replace(:'LAST_ERROR_MESSAGE', '[0-9]+', 'N', 'g') AS message;
-- The node's message is the error's detail.
SELECT ok FROM clinic.verify_audit_log();
-- In one connection a node (citus.max_adaptive_executor_pool_size), the shards of Cyd's node run
-- in one command, and the message names them all.
SET citus.max_adaptive_executor_pool_size = 1;
\set VERBOSITY sqlstate
SELECT ok FROM clinic.verify_audit_log();
\set VERBOSITY default
SELECT regexp_replace(:'LAST_ERROR_MESSAGE', '[0-9]+', 'N', 'g') AS message;
RESET ROLE;
SELECT success AS granted FROM master_run_on_worker(ARRAY[:'nodename'], ARRAY[:nodeport],
    ARRAY['GRANT SELECT ON ' || :'cyd_log' || ' TO clinic_auditor'], false);
SET ROLE citus_suite_verifier;
SELECT ok, problem FROM clinic.verify_audit_log();
RESET citus.max_adaptive_executor_pool_size;
SELECT ok, problem FROM clinic.verify_audit_log();
RESET ROLE;
DROP ROLE citus_suite_verifier;
