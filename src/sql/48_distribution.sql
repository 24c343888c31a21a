-- Distribution on Citus (doc/citus.md): clinic.distribute() turns the installed schema into its
-- distributed form. Two single-node rules do not survive it, because Citus refuses a UNIQUE or
-- EXCLUDE constraint without the distribution column: one live patient per MRN, and no provider
-- booked twice for overlapping time. On the cluster they are claims: a reference table (a copy
-- on every node, changed by two-phase commit) holds the unique value under the same constraint,
-- and a foreign key from the live row to its claim makes the claim obligatory. distribute()
-- creates the claims' tables: they are the cluster's, not the extension's (a single node has
-- none). A claim's patient is its holder, not a patient_id: a claim copies what an audited row
-- holds and is not itself a PHI table of the trail (whose row trigger cannot run on a reference
-- table, where every node's copy fires it).

-- The statement that claims what the live rows of `source` hold: their MRNs (claimant
-- 'patients') or their booked times ('appointments'). `source` is clinic's table or one of its
-- shape (generate_demo()'s staging table), as a qualified, quoted name; skip_claimed leaves
-- claims that exist (distribute() run again). One statement for both callers.
CREATE FUNCTION clinic._claims_statement(claimant text, source text, skip_claimed boolean) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT CASE claimant
         WHEN 'patients' THEN
           'INSERT INTO clinic.mrn_claims (mrn, holder) SELECT s.mrn, s.id FROM ' || source
           || ' s WHERE s.live_mrn IS NOT NULL'
         WHEN 'appointments' THEN
           'INSERT INTO clinic.booking_claims (holder, appointment_id, provider_id, during)'
           || ' SELECT s.patient_id, s.id, s.provider_id, s.booked_during FROM ' || source
           || ' s WHERE s.booked_during IS NOT NULL'
       END
       || CASE WHEN skip_claimed THEN ' ON CONFLICT DO NOTHING' ELSE '' END
$$;
COMMENT ON FUNCTION clinic._claims_statement(text, text, boolean) IS
    'Used by clinic.distribute() and clinic.generate_demo() on Citus: the INSERT that claims the MRNs (claimant patients) or booked times (appointments) of the live rows of source, a qualified table name; with skip_claimed, existing claims are left. NULL for another claimant.';

-- The DDL that gives the tables their distributed shape, one idempotent statement per row, in
-- order: distribute() runs each on the coordinator, and on every worker those whose `workers`
-- says when: 'first', before anything is distributed (Citus leaves the workers' copies of the
-- extension's tables as they were installed), or 'after', once the claims are there (Citus
-- creates the claims' copies on the workers itself, without their comments, and adds no foreign
-- key to the extension's copies there).
CREATE FUNCTION clinic._distribution_ddl() RETURNS TABLE (statement text, workers text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT d.statement, d.workers FROM (VALUES
    -- The claims (see the top of this file).
    (1, $d$CREATE TABLE IF NOT EXISTS clinic.mrn_claims (
           mrn        text        NOT NULL,
           holder     uuid        NOT NULL,
           created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
           CONSTRAINT mrn_claims_pkey PRIMARY KEY (mrn),
           CONSTRAINT mrn_claims_holder_key UNIQUE (mrn, holder))$d$, NULL),
    (2, $d$COMMENT ON TABLE clinic.mrn_claims IS
           'Created by clinic.distribute(): one row per MRN, naming the patient who may hold it while live; a live patient must have its claim (doc/citus.md). PHI (MRN).'$d$, 'after'),
    -- An appointment id belongs to one patient (one_patient), so that "another appointment"
    -- in no_overlap is one; a reschedule claims its new time before it releases the old one.
    (3, $d$CREATE TABLE IF NOT EXISTS clinic.booking_claims (
           holder         uuid      NOT NULL,
           appointment_id uuid      NOT NULL,
           provider_id    uuid      NOT NULL,
           during         tstzrange NOT NULL,
           created_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
           CONSTRAINT booking_claims_pkey PRIMARY KEY (holder, appointment_id, provider_id, during),
           CONSTRAINT booking_claims_provider_fkey FOREIGN KEY (provider_id)
               REFERENCES clinic.providers (id) ON DELETE RESTRICT,
           CONSTRAINT booking_claims_one_patient EXCLUDE USING gist (appointment_id WITH =, holder WITH <>),
           CONSTRAINT booking_claims_no_overlap EXCLUDE USING gist (
               provider_id WITH =, during WITH &&, appointment_id WITH <>))$d$, NULL),
    (4, $d$COMMENT ON TABLE clinic.booking_claims IS
           'Created by clinic.distribute(): the provider time [appointment_date, ends_at) each booked appointment holds; no two appointments claim overlapping time of one provider, and a live booked appointment must have its claim (doc/citus.md).'$d$, 'after'),
    (5, $d$COMMENT ON COLUMN clinic.mrn_claims.mrn IS 'The medical record number, unique across the cluster.'$d$, 'after'),
    (6, $d$COMMENT ON COLUMN clinic.mrn_claims.holder IS 'The patient who may hold the MRN while live.'$d$, 'after'),
    (7, $d$COMMENT ON COLUMN clinic.booking_claims.holder IS 'The appointment''s patient.'$d$, 'after'),
    (8, $d$COMMENT ON COLUMN clinic.booking_claims.appointment_id IS 'The appointment (unique per patient).'$d$, 'after'),
    (9, $d$COMMENT ON COLUMN clinic.booking_claims.provider_id IS 'The provider booked.'$d$, 'after'),
    (10, $d$COMMENT ON COLUMN clinic.booking_claims.during IS 'The time claimed, [appointment_date, ends_at).'$d$, 'after'),
    (11, $d$COMMENT ON COLUMN clinic.mrn_claims.created_at IS 'When the MRN was claimed (a claim is inserted and deleted, never updated).'$d$, 'after'),
    (12, $d$COMMENT ON COLUMN clinic.booking_claims.created_at IS 'When the time was claimed (a claim is inserted and deleted, never updated).'$d$, 'after'),
    (13, 'GRANT SELECT, INSERT, UPDATE, DELETE ON clinic.mrn_claims, clinic.booking_claims TO clinic_admin', NULL),
    (14, 'GRANT SELECT, INSERT, DELETE ON clinic.mrn_claims, clinic.booking_claims TO clinic_front_desk', NULL),
    (15, 'GRANT SELECT ON clinic.mrn_claims, clinic.booking_claims TO clinic_auditor', NULL),
    -- The single-node rules go, and the live rows' claimed values appear as generated columns
    -- (NULL for a retired patient or a cancelled appointment: a foreign key skips NULLs).
    (16, 'DROP INDEX IF EXISTS clinic.patients_mrn_live_key', 'first'),
    (17, 'ALTER TABLE clinic.appointments DROP CONSTRAINT IF EXISTS appointments_provider_no_overlap', 'first'),
    (18, $d$ALTER TABLE clinic.patients ADD COLUMN IF NOT EXISTS live_mrn text
           GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN mrn END) STORED$d$, 'first'),
    (19, $d$ALTER TABLE clinic.appointments ADD COLUMN IF NOT EXISTS booked_during tstzrange
           GENERATED ALWAYS AS (CASE WHEN status OPERATOR(pg_catalog.<>) ALL ('{cancelled,no_show}'::clinic.appointment_status[])
                                          AND deleted_at IS NULL
                                     THEN pg_catalog.tstzrange(appointment_date, ends_at) END) STORED$d$, 'first'),
    (20, $d$COMMENT ON COLUMN clinic.patients.live_mrn IS 'Generated: the MRN while the patient is live (not deleted), which must be claimed in clinic.mrn_claims; NULL otherwise.'$d$, 'first'),
    (21, $d$COMMENT ON COLUMN clinic.appointments.booked_during IS 'Generated: the booked time while the appointment holds it (not cancelled, no-show or deleted), which must be claimed in clinic.booking_claims; NULL otherwise.'$d$, 'first'),
    -- The claims of the rows already there (the single-node rules held for them); none on a
    -- worker, whose copies are empty.
    (22, clinic._claims_statement('patients', 'clinic.patients', true), NULL),
    (23, clinic._claims_statement('appointments', 'clinic.appointments', true), NULL),
    (24, $d$DO $x$ BEGIN
           IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint
                           WHERE conrelid = 'clinic.patients'::pg_catalog.regclass AND conname = 'patients_mrn_claim_fkey') THEN
               ALTER TABLE clinic.patients ADD CONSTRAINT patients_mrn_claim_fkey FOREIGN KEY (live_mrn, id)
                   REFERENCES clinic.mrn_claims (mrn, holder);
           END IF;
           IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint
                           WHERE conrelid = 'clinic.appointments'::pg_catalog.regclass AND conname = 'appointments_booking_claim_fkey') THEN
               ALTER TABLE clinic.appointments ADD CONSTRAINT appointments_booking_claim_fkey
                   FOREIGN KEY (patient_id, id, provider_id, booked_during)
                   REFERENCES clinic.booking_claims (holder, appointment_id, provider_id, during);
           END IF;
       END $x$ $d$, 'after')
) AS d(n, statement, workers)
 ORDER BY d.n
$$;
COMMENT ON FUNCTION clinic._distribution_ddl() IS
    'Used by clinic.distribute(): the statements, each idempotent, that give a node''s tables their distributed shape (the claims, the generated columns and foreign keys that replace the MRN and double-booking rules).';

CREATE FUNCTION clinic._in_transaction_block() RETURNS boolean
    LANGUAGE c VOLATILE STRICT PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_in_transaction_block';
COMMENT ON FUNCTION clinic._in_transaction_block() IS
    'Used by clinic.distribute(): PostgreSQL''s IsTransactionBlock() (inside BEGIN ... COMMIT, or a subtransaction), which Citus also asks before it sends a SET LOCAL to the workers.';

-- Whether the schema is distributed: Citus's own catalog (only a superuser writes it) names
-- clinic.patients, not anything a table's owner could add. Chooses the manifest (_manifest()).
CREATE FUNCTION clinic._distributed() RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    found boolean;
BEGIN
    IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE 'SELECT EXISTS (SELECT FROM pg_catalog.pg_dist_partition WHERE logicalrelid = pg_catalog.to_regclass($1))'
        INTO found USING 'clinic.patients';
    RETURN found;
END
$$;
COMMENT ON FUNCTION clinic._distributed() IS
    'Whether clinic.patients is a Citus table (in pg_dist_partition): clinic._manifest() is then the distributed form''s.';

-- The distributed form: each table's Citus form, distribution column and co-location.
CREATE FUNCTION clinic._distribution_plan()
    RETURNS TABLE (table_name text, form text, distribution_column name)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT t, f, c
  FROM (VALUES (1, 'clinic.providers', 'reference', NULL::name),
               (2, 'clinic.mrn_claims', 'reference', NULL),
               (3, 'clinic.booking_claims', 'reference', NULL),
               (4, 'clinic.patients', 'distributed', 'id'),
               (5, 'clinic.allergies', 'distributed', 'patient_id'),
               (6, 'clinic.chronic_conditions', 'distributed', 'patient_id'),
               (7, 'clinic.appointments', 'distributed', 'patient_id'),
               (8, 'clinic.medical_records', 'distributed', 'patient_id'),
               (9, 'clinic.symptoms', 'distributed', 'patient_id'),
               (10, 'clinic.prescriptions', 'distributed', 'patient_id'),
               (11, 'clinic.vital_signs', 'distributed', 'patient_id'),
               (12, 'clinic.consent_records', 'distributed', 'patient_id'),
               (13, 'clinic.audit_log', 'distributed', 'patient_id')) AS p(o, t, f, c)
 ORDER BY o
$$;
COMMENT ON FUNCTION clinic._distribution_plan() IS
    'Used by clinic.distribute(): each table''s Citus form (reference or distributed) and distribution column, in the order they are distributed.';

-- Used by distribute(): the statements of _distribution_ddl() for the workers at `step`, on every
-- worker; returns how many workers the step left out. Citus runs them in the workers' own
-- transactions (on fresh connections), so a call that fails after them is completed by a second
-- one. One DO statement each: Citus reports only the first statement's result of a command
-- string, so an error in a later one would pass. The 'after' statements leave out a worker
-- without its copies of the claims (distribute() does not call it in the distributing
-- transaction, whose claims those connections would not see).
CREATE FUNCTION clinic._distribution_ddl_on_workers(step text) RETURNS integer
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    cmd text;
    problem text;
    left_out integer := 0;
    -- On a worker: whether it has the claims, which the step 'after' needs.
    has_claims constant text := $w$pg_catalog.to_regclass('clinic.mrn_claims') IS NOT NULL
                                  AND pg_catalog.to_regclass('clinic.booking_claims') IS NOT NULL$w$;
BEGIN
    IF step NOT IN ('first', 'after') THEN
        RAISE EXCEPTION 'clinic._distribution_ddl_on_workers(): step must be first or after'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE EXCEPTION 'clinic._distribution_ddl_on_workers(): Citus is not installed in this database'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF step = 'after' THEN
        SELECT count(*) FILTER (WHERE w.success AND w.result OPERATOR(pg_catalog.=) 'f'),
               string_agg(pg_catalog.format('%s:%s: %s', w.nodename, w.nodeport, w.result), '; ')
                   FILTER (WHERE NOT w.success)
          INTO left_out, problem
          FROM run_command_on_workers('SELECT ' OPERATOR(pg_catalog.||) has_claims) w;
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'clinic.distribute(): a worker did not answer'
                USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = problem;
        END IF;
    END IF;
    FOR cmd IN SELECT d.statement FROM clinic._distribution_ddl() d WHERE d.workers = step LOOP
        SELECT string_agg(pg_catalog.format('%s:%s: %s', w.nodename, w.nodeport, w.result), '; ')
          INTO problem
          FROM run_command_on_workers('DO ' OPERATOR(pg_catalog.||) pg_catalog.quote_literal(pg_catalog.format(
                   $w$BEGIN
                       PERFORM pg_catalog.set_config('citus.enable_ddl_propagation', 'off', true);
                       PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
                       IF %L OPERATOR(pg_catalog.=) 'first' OR (%s) THEN
                           EXECUTE %L;
                       END IF;
                   END$w$, step, has_claims, cmd))) w
         WHERE NOT w.success;
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'clinic.distribute(): a worker refused the distributed shape'
                USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = problem;
        END IF;
    END LOOP;
    RETURN left_out;
END
$$;
COMMENT ON FUNCTION clinic._distribution_ddl_on_workers(text) IS
    'Used by clinic.distribute(): runs on every worker the statements of clinic._distribution_ddl() for step ''first'' (before distribution) or ''after'' (where the worker has the claims: not before the distributing transaction commits), each in a DO statement with DDL propagation off, and returns how many workers it left out; 55000 naming the workers that refuse one or do not answer, or without Citus; 22023 for another step.';

CREATE FUNCTION clinic.distribute()
    RETURNS TABLE (table_name regclass, form text, distribution_column name, colocated_with_patients boolean)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
DECLARE
    version text;
    problem text;
    done int;
    left_out int;
    total int;
    cmd text;
    fresh boolean;
    copying boolean := false;
    logged bigint;
    trail text;
    propagate text;
    unsafe_triggers text;
    local_reference_keys text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
        RAISE EXCEPTION 'clinic.distribute(): Citus is not installed in this database'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Load citus in shared_preload_libraries, CREATE EXTENSION citus, add the workers, then call it again.';
    END IF;
    IF (SELECT groupid FROM pg_dist_local_group) <> 0 THEN
        RAISE EXCEPTION 'clinic.distribute(): this node is a Citus worker'
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Call it on the coordinator.';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_dist_node WHERE isactive AND noderole = 'primary' AND groupid <> 0) THEN
        RAISE EXCEPTION 'clinic.distribute(): the cluster has no active worker'
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Add one with citus_add_node(), then call it again.';
    END IF;
    SELECT extversion INTO version FROM pg_extension WHERE extname = 'clinic';
    SELECT string_agg(pg_catalog.format('%s:%s has %s', w.nodename, w.nodeport,
                                        CASE WHEN NOT w.success THEN 'an error: ' || w.result
                                             WHEN w.result = '' THEN 'no clinic' ELSE 'clinic ' || w.result END),
                      '; ' ORDER BY w.nodename, w.nodeport)
      INTO problem
      FROM run_command_on_workers($c$SELECT coalesce((SELECT extversion FROM pg_catalog.pg_extension
                                                       WHERE extname OPERATOR(pg_catalog.=) 'clinic'), '')$c$) w
     WHERE NOT w.success OR w.result IS DISTINCT FROM version;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'clinic.distribute(): every node must have clinic %', version
            USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = problem,
                  HINT = 'Install the same clinic package on every node and ALTER EXTENSION clinic UPDATE there.';
    END IF;

    -- Already distributed (idempotent), not at all, or otherwise (refused).
    SELECT count(*) FILTER (WHERE d.logicalrelid IS NOT NULL), count(*),
           string_agg(pg_catalog.format('%s is %s', p.table_name,
                          CASE WHEN d.logicalrelid IS NULL THEN 'not distributed'
                               WHEN d.partmethod = 'n' AND d.repmodel = 't' THEN 'a reference table'
                               WHEN d.partmethod = 'h' THEN 'distributed by '
                                   || pg_catalog.column_to_column_name(d.logicalrelid, d.partkey)
                               ELSE 'a Citus table of method ' || d.partmethod::text END), '; ')
               FILTER (WHERE d.logicalrelid IS NULL
                          OR (p.form = 'reference') <> (d.partmethod = 'n' AND d.repmodel = 't')
                          OR (p.form = 'distributed' AND (d.partmethod <> 'h'
                              OR pg_catalog.column_to_column_name(d.logicalrelid, d.partkey) <> p.distribution_column
                              OR d.colocationid <> (SELECT colocationid FROM pg_dist_partition
                                                     WHERE logicalrelid = 'clinic.patients'::regclass))))
      INTO done, total, problem
      FROM clinic._distribution_plan() p LEFT JOIN pg_dist_partition d ON d.logicalrelid = pg_catalog.to_regclass(p.table_name);
    IF done > 0 AND (done < total OR problem IS NOT NULL) THEN
        RAISE EXCEPTION 'clinic.distribute(): the schema is partly distributed, not as clinic.distribute() does'
            USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = problem,
                  HINT = 'See doc/citus.md: undo the distribution of these tables, then call it again.';
    END IF;
    fresh := done = 0;

    IF fresh THEN
        -- Only clinic's own triggers: Citus copies every trigger to the shards
        -- (enable_unsafe_triggers), and the copy of the rows runs them as the caller.
        SELECT string_agg(pg_catalog.format('%I on %s', g.tgname, g.tgrelid::regclass), ', ' ORDER BY 1)
          INTO problem
          FROM pg_trigger g
         WHERE NOT g.tgisinternal
           AND g.tgrelid IN (SELECT pg_catalog.to_regclass(p.table_name) FROM clinic._distribution_plan() p)
           AND NOT EXISTS (SELECT FROM pg_depend x JOIN pg_extension e ON e.oid = x.refobjid AND e.extname = 'clinic'
                            WHERE x.classid = 'pg_proc'::regclass AND x.objid = g.tgfoid AND x.deptype = 'e');
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'clinic.distribute(): the tables have triggers that are not clinic''s'
                USING ERRCODE = 'insufficient_privilege', DETAIL = 'Triggers: ' || problem || '.',
                      HINT = 'Citus would copy them to every shard and run them as the caller: drop them first.';
        END IF;
        -- Nor anything else a table's owner may have added that the copy would run as the caller
        -- (a CHECK, an index expression, a default): the tables must be a superuser's and exactly
        -- as installed (this also refuses claims' tables that were there before).
        SELECT string_agg(pg_catalog.format('%s (%s)', c.oid::regclass, pg_catalog.pg_get_userbyid(c.relowner)), ', ')
          INTO problem
          FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
         WHERE c.oid IN (SELECT pg_catalog.to_regclass(p.table_name) FROM clinic._distribution_plan() p) AND NOT r.rolsuper;
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'clinic.distribute(): tables owned by a role that is not a superuser'
                USING ERRCODE = 'insufficient_privilege', DETAIL = 'Tables: ' || problem || '.',
                      HINT = 'Their owner could make the copy run code as the caller: ALTER TABLE ... OWNER TO the extension''s owner.';
        END IF;
        SELECT string_agg(pg_catalog.format('%s %s %s', x.change, x.object_type, x.object_name), '; ')
          INTO problem
          FROM (SELECT * FROM clinic.drift() ORDER BY 1, 2 LIMIT 10) x;
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'clinic.distribute(): the schema differs from the installed one'
                USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = 'Drift (first 10): ' || problem || '.',
                      HINT = 'SELECT * FROM clinic.drift() lists every difference; distribute the schema as installed.';
        END IF;
        -- Citus copies the rows into the shards, whose trail triggers would log each row again
        -- (audit_log already holds their history and is copied too): the trail is off for the
        -- copy, which only a superuser may do, and on the workers' connections too, where only a
        -- transaction block sends it (doc/citus.md).
        copying := EXISTS (SELECT FROM clinic._tables_with_rows() r
                            WHERE r.table_name::text <> ALL (ARRAY['providers', 'validation_rules']));
        IF copying AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION 'clinic.distribute(): distributing tables with rows needs a superuser'
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = 'Citus copies the rows into shards; the audit trail is turned off for the copy (clinic.audit_trail), which only a superuser may do.',
                      HINT = 'Call it as a superuser, or on an empty schema.';
        END IF;
        IF copying AND NOT clinic._in_transaction_block() THEN
            RAISE EXCEPTION 'clinic.distribute(): distributing tables with rows must run inside BEGIN ... COMMIT'
                USING ERRCODE = 'no_active_sql_transaction',
                      DETAIL = 'The audit trail is turned off on the workers for Citus''s copy of the rows, and Citus sends SET LOCAL to the workers only inside a transaction block.',
                      HINT = 'BEGIN; SELECT * FROM clinic.distribute(); COMMIT;';
        END IF;
    END IF;

    -- The workers' copies of the tables, each statement idempotent, on every call: a worker
    -- added since gets the extension's tables as installed, which Citus leaves as they are.
    PERFORM clinic._distribution_ddl_on_workers('first');

    IF NOT fresh THEN
        RAISE NOTICE 'clinic.distribute(): already distributed';
    ELSE
        FOR cmd IN SELECT d.statement FROM clinic._distribution_ddl() d LOOP
            EXECUTE cmd;
        END LOOP;
        -- The trail's triggers are row triggers on shards (Citus's "unsafe" triggers); a local
        -- table's foreign key to a reference table would have Citus convert it, dropping triggers.
        -- Both, like the trail's setting, as the caller had them afterwards.
        unsafe_triggers := pg_catalog.current_setting('citus.enable_unsafe_triggers');
        local_reference_keys := pg_catalog.current_setting('citus.enable_local_reference_table_foreign_keys');
        PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', 'on', true);
        PERFORM pg_catalog.set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);
        IF copying THEN
            propagate := pg_catalog.current_setting('citus.propagate_set_commands');
            trail := pg_catalog.current_setting('clinic.audit_trail');
            SET LOCAL citus.propagate_set_commands = 'local';
            SET LOCAL clinic.audit_trail = off;
            SELECT count(*) INTO logged FROM clinic.audit_log;
        END IF;
        PERFORM create_reference_table(p.table_name::regclass) FROM clinic._distribution_plan() p WHERE p.form = 'reference';
        PERFORM create_distributed_table('clinic.patients', 'id');
        PERFORM create_distributed_table(p.table_name::regclass, p.distribution_column::text, colocate_with => 'clinic.patients')
           FROM clinic._distribution_plan() p
          WHERE p.form = 'distributed' AND p.table_name <> 'clinic.patients';
        IF copying THEN
            -- SET LOCAL, not set_config(): only a statement reaches the workers' connections.
            EXECUTE pg_catalog.format('SET LOCAL clinic.audit_trail = %L', trail);
            EXECUTE pg_catalog.format('SET LOCAL citus.propagate_set_commands = %L', propagate);
            -- Proof that the copy logged nothing again (else all of it is rolled back).
            IF (SELECT count(*) FROM clinic.audit_log) <> logged THEN
                RAISE EXCEPTION 'clinic.distribute(): the copy into the shards was logged again'
                    USING ERRCODE = 'internal_error',
                          DETAIL = pg_catalog.format('audit_log held %s rows before the copy and %s after.',
                                                     logged, (SELECT count(*) FROM clinic.audit_log)),
                          HINT = 'Nothing was distributed. Report it: the trail was not off on every worker.';
            END IF;
        END IF;
        -- The copy Citus left on this node's disk goes (see _discard_local_rows), providers'
        -- too; a superuser's.
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            PERFORM clinic._discard_local_rows(p.table_name::regclass) FROM clinic._distribution_plan() p;
        ELSIF EXISTS (SELECT FROM clinic._distribution_plan() p
                       WHERE pg_catalog.pg_relation_size(p.table_name::regclass) > 0) THEN
            RAISE WARNING 'clinic.distribute(): the rows Citus copied into the shards stay, invisible, in this node''s files'
                USING HINT = 'A superuser removes them: SELECT clinic._discard_local_rows(table_name::regclass) FROM clinic._distribution_plan();';
        END IF;
        PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', unsafe_triggers, true);
        PERFORM pg_catalog.set_config('citus.enable_local_reference_table_foreign_keys', local_reference_keys, true);
        -- log_access runs on the patient's node, where its audit_log shard is.
        PERFORM create_distributed_function('clinic.log_access(uuid, text)', 'patient',
                                            colocate_with := 'clinic.audit_log', force_delegation := true);
    END IF;
    -- The workers' copies of the claims get their comments, and of patients and appointments
    -- the foreign keys to them, as the coordinator's: the audit run on a worker judges them.
    -- Not in the call that creates the claims: they reach the workers with its commit, and the
    -- step's connections would not see them (nor should a failure there undo the distribution).
    IF fresh THEN
        RAISE NOTICE 'clinic.distribute(): the workers'' copies of the claims are completed by the next call'
            USING DETAIL = 'Their copies of the claims are created in this transaction; the statements that give them their comments, and the workers'' copies of patients and appointments the foreign keys to them, run over other connections.',
                  HINT = 'Call clinic.distribute() again after COMMIT.';
    ELSE
        left_out := clinic._distribution_ddl_on_workers('after');
        IF left_out > 0 THEN
            RAISE WARNING 'clinic.distribute(): % worker(s) have no copy of the claims', left_out
                USING DETAIL = 'Their copies of the claims did not get their comments, nor their copies of patients and appointments the foreign keys to them: the audit run there reports drift.',
                      HINT = 'Let Citus sync its metadata to the worker (citus_activate_node()), then call clinic.distribute() again.';
        END IF;
    END IF;
    RETURN QUERY
        SELECT d.logicalrelid::regclass, p.form, p.distribution_column,
               d.colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'clinic.patients'::regclass)
          FROM clinic._distribution_plan() p JOIN pg_dist_partition d ON d.logicalrelid = pg_catalog.to_regclass(p.table_name);
END
$$;
COMMENT ON FUNCTION clinic.distribute() IS
    'On a Citus coordinator: distributes the clinic schema (providers and the claims as reference tables, patients by id, every patient-owned table and audit_log by patient_id, co-located) and replaces the MRN and double-booking rules by claims (doc/citus.md). Idempotent; refuses a partial or foreign distribution. Call it again after the distributing transaction commits: that call gives the workers'' copies of the claims their comments and the foreign keys to them. Returns each table''s form.';

-- Citus leaves the rows it copied into the shards on the coordinator's disk, invisible to every
-- query: a copy of the PHI in its files and backups. Its cleanup is a TRUNCATE of that copy,
-- which the trail's TRUNCATE triggers would record (on a chain of no node) or refuse (audit_log
-- is append-only): for a Citus table they stand aside while this function runs it.
CREATE FUNCTION clinic._discard_local_rows(tbl regclass) RETURNS void
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_discard_local_rows';
COMMENT ON FUNCTION clinic._discard_local_rows(regclass) IS
    'Used by clinic.distribute(): Citus''s truncate_local_data_after_distributing_table() for a Citus table, the trail''s TRUNCATE triggers standing aside (the rows are the invisible copy Citus left on this node). Superusers only (42501); 22023 for a table Citus does not know.';

CREATE FUNCTION clinic.release_claims()
    RETURNS TABLE (mrn_claims bigint, booking_claims bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_variable
DECLARE
    m bigint := 0;
    b bigint := 0;
    n bigint;
    r record;
BEGIN
    IF pg_catalog.to_regclass('clinic.mrn_claims') IS NULL OR pg_catalog.to_regclass('clinic.booking_claims') IS NULL THEN
        RAISE EXCEPTION 'clinic.release_claims(): there are no claims; the schema is not distributed'
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Claims exist after clinic.distribute() (doc/citus.md).';
    END IF;
    -- The claims no live row holds, then a delete of each by its key: Citus deletes from a
    -- reference table neither by a subquery on a distributed one nor by a STABLE expression.
    FOR r IN (SELECT 'mrn' AS kind, c.holder, c.mrn, NULL::uuid AS appointment_id, NULL::uuid AS provider_id,
                     NULL::tstzrange AS during
                FROM clinic.mrn_claims c
              EXCEPT SELECT 'mrn', p.id, p.live_mrn, NULL, NULL, NULL FROM clinic.patients p WHERE p.live_mrn IS NOT NULL)
             UNION ALL
             (SELECT 'booking', c.holder, NULL, c.appointment_id, c.provider_id, c.during FROM clinic.booking_claims c
              EXCEPT SELECT 'booking', a.patient_id, NULL, a.id, a.provider_id, a.booked_during
                       FROM clinic.appointments a WHERE a.booked_during IS NOT NULL)
    LOOP
        -- A claim its row took in the meantime (Citus reads the nodes without one snapshot) is
        -- kept: the foreign key refuses its delete.
        BEGIN
            IF r.kind = 'mrn' THEN
                DELETE FROM clinic.mrn_claims c WHERE c.mrn = r.mrn AND c.holder = r.holder;
            ELSE
                DELETE FROM clinic.booking_claims c
                 WHERE c.holder = r.holder AND c.appointment_id = r.appointment_id
                   AND c.provider_id = r.provider_id AND c.during = r.during;
            END IF;
            GET DIAGNOSTICS n = ROW_COUNT;
            IF r.kind = 'mrn' THEN m := m + n; ELSE b := b + n; END IF;
        EXCEPTION WHEN foreign_key_violation THEN
            NULL;
        END;
    END LOOP;
    RETURN QUERY SELECT m, b;
END
$$;
COMMENT ON FUNCTION clinic.release_claims() IS
    'After clinic.distribute(): deletes the claims no live row holds (a cancelled, rescheduled or deleted appointment''s time, a deleted patient''s or changed MRN), so that they can be claimed again. Returns how many of each.';
