-- clinic 1.1 -> 1.2: security hardening (doc/security.md).
\echo Use "ALTER EXTENSION clinic UPDATE TO '1.2'" to load this file. \quit
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

-- Reading an audited schema never runs its owner's code: Prisma's table is read only with
-- Prisma's column types (one check for the audit and migration_status()).
-- Prisma's migration table, read as the audit reads it (src/audit/prisma.cpp: locked, checked,
-- scanned; the audit and migration_status() share it).
CREATE FUNCTION clinic._prisma_migrations_rows(target regnamespace,
        OUT migration_name text, OUT started_at timestamptz, OUT finished_at timestamptz,
        OUT rolled_back_at timestamptz, OUT applied_steps_count integer, OUT logs text)
    RETURNS SETOF record
    LANGUAGE c STABLE STRICT PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_prisma_migrations_rows';
COMMENT ON FUNCTION clinic._prisma_migrations_rows(regnamespace) IS
    'The rows of the target''s _prisma_migrations as the audit reads them: locked, checked to be a plain table the caller may read whole with Prisma''s column types, then scanned (a timestamp without time zone read as UTC); no rows otherwise.';
REVOKE ALL ON FUNCTION clinic._prisma_migrations_rows(regnamespace) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._prisma_migrations_rows(regnamespace) TO clinic_admin, clinic_auditor;

CREATE OR REPLACE FUNCTION clinic.migration_status(target regnamespace DEFAULT 'clinic',
        OUT source text, OUT name text, OUT state text, OUT detail text,
        OUT started_at timestamptz, OUT finished_at timestamptz)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    nsp name := clinic._target_schema(target);
    r record;
BEGIN
    -- The clinic extension: installed and default version, and the update path between them.
    FOR r IN
        SELECT e.extversion, a.default_version,
               (SELECT p.path FROM pg_catalog.pg_extension_update_paths('clinic') p
                 WHERE p.source = e.extversion AND p.target = a.default_version) AS path
          FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_available_extensions a ON a.name = e.extname
         WHERE e.extname = 'clinic' AND e.extnamespace = target
    LOOP
        source := 'extension'; name := 'clinic';
        state := CASE WHEN r.extversion = r.default_version THEN 'current'
                      WHEN r.path IS NOT NULL THEN 'update available' ELSE 'no update path' END;
        detail := format('installed %s, default %s%s', r.extversion, r.default_version,
                         CASE WHEN r.path IS NOT NULL AND r.extversion <> r.default_version
                              THEN ', path ' || r.path ELSE '' END);
        started_at := NULL; finished_at := NULL;
        RETURN NEXT;
    END LOOP;
    -- Prisma: each migration's state (a failed one has neither finished_at nor rolled_back_at).
    -- In the audit's order: started_at, then the name in its column's collation.
    FOR r IN SELECT * FROM clinic._prisma_migrations_rows(target) WITH ORDINALITY m ORDER BY m.ordinality
    LOOP
        source := 'prisma'; name := r.migration_name;
        state := CASE WHEN r.rolled_back_at IS NOT NULL THEN 'rolled back'
                      WHEN r.finished_at IS NULL THEN 'failed' ELSE 'applied' END;
        detail := CASE WHEN r.finished_at IS NULL AND r.rolled_back_at IS NULL
                       THEN coalesce(left(r.logs, 200), 'no log') ELSE r.applied_steps_count || ' steps' END;
        started_at := r.started_at; finished_at := r.finished_at;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION clinic.migration_status(regnamespace) IS
    'The extension''s installed vs default version and update path (for clinic''s schema), and each _prisma_migrations row''s state: applied, failed or rolled back.';
-- Trail hardening
-- log_access caps the purpose.
COMMENT ON FUNCTION clinic.log_access(uuid, text) IS
    'Records a read of a patient''s chart (HIPAA access audit) in the patient''s chain with its purpose; returns the row''s seq. 23503 for an unknown patient, 22023 for an empty purpose, 22001 for a purpose over 1,000 characters.';

-- Retention cuts keep their history and name the RETENTION row that vouches for them; seals
-- cover the cuts made since the previous seal.
ALTER TABLE clinic.audit_log_purges
    DROP CONSTRAINT audit_log_purges_pkey,
    ADD COLUMN retention_seq bigint,
    ADD CONSTRAINT audit_log_purges_pkey PRIMARY KEY (patient_id, seq);
COMMENT ON TABLE clinic.audit_log_purges IS
    'Per chain, the last row removed by each clinic.audit_log_purge(): the first kept row must link to the newest. Written only by the purge.';
COMMENT ON COLUMN clinic.audit_log_purges.retention_seq IS 'seq of the purge''s RETENTION row in the system chain, whose cuts_digest covers this cut (NULL: a cut made before 1.2, which verification cannot prove).';
ALTER TABLE clinic.audit_log_seals
    ADD COLUMN cuts bytea NOT NULL DEFAULT ''::bytea,
    ADD CONSTRAINT audit_log_seals_cuts_whole CHECK (length(cuts) % 56 = 0);
COMMENT ON COLUMN clinic.audit_log_seals.digest IS 'SHA-256 of prev_digest, seal_id (8 bytes big-endian), heads and cuts. Keep it outside the database.';
COMMENT ON COLUMN clinic.audit_log_seals.cuts IS 'The retention cuts made since the previous seal, 56 bytes each as in heads (patient_id, seq and hash of the last purged row), in patient_id, seq order.';

-- The seal refuses foreign triggers and rules on its tables, and covers the cuts.
CREATE OR REPLACE FUNCTION clinic._audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamptz,
                                       OUT chains integer, OUT digest bytea)
    RETURNS record
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    prev bytea;
    moved bytea;
    cut bytea;
    bad text;
BEGIN
    -- One sealer at a time; writers of the audit log are not blocked. The lock also keeps
    -- triggers and rules off the two tables until the seal commits.
    LOCK TABLE clinic.audit_log_seals, clinic.audit_log_sealed_heads IN EXCLUSIVE MODE;
    -- This runs as the owner: no trigger or rule but clinic's own may run inside it.
    SELECT 'clinic.' || p.table_name || ': ' || p.problem INTO bad
      FROM clinic._audit_trail_problems() p
     WHERE p.table_name IN ('audit_log_seals', 'audit_log_sealed_heads') LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'refusing to seal: %', bad USING ERRCODE = '42501',
            HINT = 'Only clinic''s own triggers may be on the audit trail''s tables.';
    END IF;
    SELECT s.seal_id + 1, s.digest INTO seal_id, prev
      FROM clinic.audit_log_seals s ORDER BY s.seal_id DESC LIMIT 1;
    seal_id := coalesce(seal_id, 1);
    prev := coalesce(prev, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'));
    WITH heads AS (
        SELECT DISTINCT ON (l.patient_id) l.patient_id, l.seq, l.hash
          FROM clinic.audit_log l ORDER BY l.patient_id, l.seq DESC)
    SELECT pg_catalog.string_agg(pg_catalog.uuid_send(h.patient_id) || pg_catalog.int8send(h.seq) || h.hash,
                                 ''::bytea ORDER BY h.patient_id),
           count(*)
      INTO moved, chains
      FROM heads h LEFT JOIN clinic.audit_log_sealed_heads s USING (patient_id)
     WHERE s.seq IS DISTINCT FROM h.seq;
    moved := coalesce(moved, ''::bytea);
    -- The cuts of the purges whose RETENTION rows the previous seal did not cover.
    SELECT pg_catalog.string_agg(pg_catalog.uuid_send(p.patient_id) || pg_catalog.int8send(p.seq) || p.hash,
                                 ''::bytea ORDER BY p.patient_id, p.seq)
      INTO cut
      FROM clinic.audit_log_purges p
     WHERE p.retention_seq > coalesce((SELECT h.seq FROM clinic.audit_log_sealed_heads h
                                        WHERE h.patient_id = '00000000-0000-0000-0000-000000000000'), 0);
    cut := coalesce(cut, ''::bytea);
    sealed_at := pg_catalog.now();
    digest := pg_catalog.sha256(prev || pg_catalog.int8send(seal_id) || moved || cut);
    INSERT INTO clinic.audit_log_seals (seal_id, sealed_at, heads, prev_digest, digest, cuts)
    VALUES (seal_id, sealed_at, moved, prev, digest, cut);
    INSERT INTO clinic.audit_log_sealed_heads AS s (patient_id, seq)
    SELECT DISTINCT ON (l.patient_id) l.patient_id, l.seq FROM clinic.audit_log l ORDER BY l.patient_id, l.seq DESC
        ON CONFLICT (patient_id) DO UPDATE SET seq = excluded.seq WHERE s.seq <> excluded.seq;
END
$$;

CREATE OR REPLACE FUNCTION clinic._audit_log_seal_problem(patient uuid,
    OUT seals_checked bigint, OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)
    RETURNS record
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    -- PL/pgSQL, not SQL: Citus plans a query on the distributed audit_log only with the patient
    -- bound (a SQL function's parameter stays unbound: "parameters in SQL functions").
    WITH seals AS (
        SELECT s.*, pg_catalog.lag(s.digest) OVER (ORDER BY s.seal_id) AS before,
               pg_catalog.row_number() OVER (ORDER BY s.seal_id) AS n
          FROM clinic.audit_log_seals s),
    bad_seal AS (
        SELECT NULL::uuid AS patient_id, NULL::bigint AS seq, s.seal_id,
               CASE WHEN s.seal_id <> s.n THEN 'seal ' || s.seal_id || ' is out of sequence: a seal was removed'
                    WHEN s.prev_digest <> coalesce(s.before, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'))
                        THEN 'seal ' || s.seal_id || ' does not link to the previous seal'
                    ELSE 'seal ' || s.seal_id || ' does not match its digest: the seal was edited' END AS problem
          FROM seals s
         WHERE s.seal_id <> s.n
            OR s.prev_digest <> coalesce(s.before, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'))
            OR s.digest <> pg_catalog.sha256(s.prev_digest || pg_catalog.int8send(s.seal_id) || s.heads || s.cuts)),
    entries AS (
        SELECT s.seal_id,
               pg_catalog.encode(pg_catalog.substr(s.heads, i * 56 + 1, 16), 'hex')::uuid AS patient_id,
               ('x' || pg_catalog.encode(pg_catalog.substr(s.heads, i * 56 + 17, 8), 'hex'))::bit(64)::bigint AS seq,
               pg_catalog.substr(s.heads, i * 56 + 25, 32) AS hash
          FROM clinic.audit_log_seals s,
               pg_catalog.generate_series(0, pg_catalog.length(s.heads) / 56 - 1) AS i),
    bad_entry AS (
        SELECT e.patient_id, e.seq, e.seal_id,
               CASE WHEN l.hash IS NULL THEN 'row sealed by seal ' || e.seal_id || ' is missing: it was deleted'
                    ELSE 'row sealed by seal ' || e.seal_id || ' has another hash: the chain was rewritten' END
          FROM entries e
          LEFT JOIN clinic.audit_log l ON l.patient_id = e.patient_id AND l.seq = e.seq
          LEFT JOIN (SELECT c.patient_id, max(c.seq) AS seq FROM clinic.audit_log_purges c GROUP BY 1) p
                 ON p.patient_id = e.patient_id
         WHERE (patient IS NULL OR e.patient_id = patient)
           AND l.hash IS DISTINCT FROM e.hash
           AND NOT (l.hash IS NULL AND p.seq IS NOT NULL AND e.seq <= p.seq)),
    -- Retention: every cut is vouched for by a RETENTION row of the system chain (whose hash the
    -- chain checks) through that row's digest of its cuts, and no purge reached rows younger than
    -- the minimum retention, by the RETENTION row's own cutoff or by the seals: a row first
    -- sealed by seal N was committed after seal N-1 was taken.
    retention AS (
        SELECT l.seq AS retention_seq, l.logged_at, (l.new_values ->> 'logged_before')::timestamptz AS cutoff,
               l.new_values ->> 'cuts_digest' AS cuts_digest,
               l.logged_at - pg_catalog.make_interval(days => pg_catalog.current_setting('clinic.audit_log_min_retention_days')::integer) AS latest_allowed
          FROM clinic.audit_log l
         WHERE l.patient_id = '00000000-0000-0000-0000-000000000000' AND l.operation = 'RETENTION'),
    cuts AS (
        SELECT c.*, r.retention_seq IS NOT NULL AS vouched, r.latest_allowed
          FROM clinic.audit_log_purges c LEFT JOIN retention r USING (retention_seq)
         WHERE patient IS NULL OR c.patient_id = patient),
    bad_cut AS (
        SELECT c.patient_id, c.seq, NULL::bigint AS seal_id,
               'purge record has no retention record in the system chain: it was forged' AS problem
          FROM cuts c WHERE NOT c.vouched
        UNION ALL
        SELECT NULL, r.retention_seq, NULL,
               'retention at system seq ' || r.retention_seq || ' does not match its purge records: one was forged, edited or removed'
          FROM retention r
         WHERE patient IS NULL AND r.cuts_digest IS DISTINCT FROM (
               SELECT pg_catalog.encode(pg_catalog.sha256(coalesce(pg_catalog.string_agg(
                          pg_catalog.uuid_send(c.patient_id) || pg_catalog.int8send(c.seq) || c.hash,
                          ''::bytea ORDER BY c.patient_id, c.seq), ''::bytea)), 'hex')
                 FROM clinic.audit_log_purges c WHERE c.retention_seq = r.retention_seq)
        UNION ALL
        SELECT NULL, r.retention_seq, NULL,
               'retention at system seq ' || r.retention_seq || ' cut later than the minimum retention allows: rows younger than that may have been purged'
          FROM retention r WHERE patient IS NULL AND r.cutoff > r.latest_allowed
        UNION ALL
        SELECT e.patient_id, e.seq, e.seal_id,
               'row sealed by seal ' || e.seal_id || ' was purged younger than the minimum retention: it was committed after seal ' || b.seal_id
          FROM entries e
          JOIN cuts c ON c.patient_id = e.patient_id AND e.seq <= c.seq AND c.vouched
          JOIN clinic.audit_log_seals b ON b.seal_id = e.seal_id - 1
         WHERE b.sealed_at > c.latest_allowed + interval '1 day'  -- a transaction open across the cutoff
           AND NOT EXISTS (SELECT FROM cuts o WHERE o.patient_id = c.patient_id AND e.seq <= o.seq AND o.seq < c.seq)
        UNION ALL
        SELECT k.patient_id, k.seq, k.seal_id,
               'purge record sealed by seal ' || k.seal_id || ' is missing or altered'
          FROM (SELECT s.seal_id,
                       pg_catalog.encode(pg_catalog.substr(s.cuts, i * 56 + 1, 16), 'hex')::uuid AS patient_id,
                       ('x' || pg_catalog.encode(pg_catalog.substr(s.cuts, i * 56 + 17, 8), 'hex'))::bit(64)::bigint AS seq,
                       pg_catalog.substr(s.cuts, i * 56 + 25, 32) AS hash
                  FROM clinic.audit_log_seals s,
                       pg_catalog.generate_series(0, pg_catalog.length(s.cuts) / 56 - 1) AS i) k
          LEFT JOIN clinic.audit_log_purges c ON c.patient_id = k.patient_id AND c.seq = k.seq
         WHERE (patient IS NULL OR k.patient_id = patient) AND c.hash IS DISTINCT FROM k.hash),
    first_bad AS (
        SELECT * FROM (SELECT * FROM bad_seal UNION ALL SELECT * FROM bad_entry UNION ALL SELECT * FROM bad_cut) b
         ORDER BY b.seal_id, b.patient_id NULLS FIRST, b.seq
         LIMIT 1)
    SELECT (SELECT count(*) FROM clinic.audit_log_seals), f.patient_id, f.seq, f.problem
      INTO seals_checked, broken_patient_id, broken_seq, problem
      FROM (SELECT) AS one LEFT JOIN first_bad f ON true;
END
$$;

-- Citus: verify_audit_log() and patient_history() on a distributed audit_log (issue 19); CREATE OR
-- REPLACE keeps the function's privileges.
CREATE OR REPLACE FUNCTION clinic.patient_history(patient uuid)
    RETURNS TABLE (seq bigint, logged_at timestamptz, operation text, table_name text, row_id uuid,
                   changes jsonb, actor text, db_user text)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    -- PL/pgSQL, not SQL: Citus plans a query on the distributed audit_log only with the patient
    -- bound (a SQL function's parameter stays unbound: "parameters in SQL functions").
    RETURN QUERY
        SELECT l.seq, l.logged_at, l.operation, l.table_name, l.row_id,
               CASE l.operation
                   WHEN 'UPDATE' THEN (SELECT pg_catalog.jsonb_object_agg(k.key,
                                          pg_catalog.jsonb_build_object('old', l.old_values -> k.key,
                                                                        'new', l.new_values -> k.key))
                                         FROM pg_catalog.jsonb_object_keys(l.new_values) AS k(key))
                   WHEN 'DELETE' THEN l.old_values
                   ELSE l.new_values
               END,
               l.actor, l.db_user
          FROM clinic.audit_log l
         WHERE l.patient_id = patient_history.patient
         ORDER BY l.seq;
END
$$;

-- What is wrong now with the trail's triggers and tables, one row per problem. clinic's trigger
-- functions are known by OID (members of the extension, C, the expected symbol, owned by a
-- superuser, settings as installed), the triggers by function, events and enabled state, never by
-- name: a renamed trigger is still the trail, a look-alike of the right name is not.
CREATE FUNCTION clinic._audit_trail_problems(OUT table_name text, OUT problem text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
    WITH members AS (
        SELECT d.classid, d.objid
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'clinic'
         WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'),
    own AS (
        SELECT p.oid, p.prosrc AS symbol
          FROM members m
          JOIN pg_catalog.pg_proc p ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = m.objid
          JOIN pg_catalog.pg_language l ON l.oid = p.prolang AND l.lanname = 'c'
          JOIN pg_catalog.pg_roles r ON r.oid = p.proowner AND r.rolsuper
         WHERE p.probin = '$libdir/clinic'
           AND p.proconfig = ARRAY['search_path=pg_catalog, pg_temp']::text[]),
    tables AS (
        SELECT c.oid, c.relname, c.relowner, c.relacl,
               c.relname IN ('audit_log', 'audit_log_purges', 'audit_log_seals', 'audit_log_sealed_heads') AS trail,
               CASE c.relname WHEN 'patients' THEN 'id' ELSE 'patient_id' END AS key
          FROM members m
          JOIN pg_catalog.pg_class c ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid = m.objid
         WHERE c.relnamespace = 'clinic'::pg_catalog.regnamespace AND c.relkind = 'r'
           AND (c.relname IN ('audit_log', 'audit_log_purges', 'audit_log_seals', 'audit_log_sealed_heads', 'patients')
                OR (c.relname NOT LIKE 'audit\_log%' AND EXISTS (
                    SELECT FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attname = 'patient_id' AND NOT a.attisdropped)))),
    -- tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate.
    wanted AS (
        SELECT t.oid AS relid, t.relname, w.what, w.symbol, w.tgtype,
               CASE WHEN w.keyed THEN 1 ELSE 0 END AS nargs,
               CASE WHEN w.keyed THEN pg_catalog.convert_to(t.key, 'UTF8') || '\x00'::bytea ELSE ''::bytea END AS args
          FROM tables t
          JOIN (VALUES (false, 'the audit trail row trigger', 'clinic_audit_trail_trigger', 29, true),
                       (false, 'the audit trail TRUNCATE trigger', 'clinic_audit_trail_trigger', 34, false),
                       (true, 'the append-only row trigger', 'clinic_audit_log_append_only', 27, false),
                       (true, 'the append-only TRUNCATE trigger', 'clinic_audit_log_append_only', 34, false))
                AS w(trail, what, symbol, tgtype, keyed) ON w.trail = t.trail),
    found AS (
        SELECT w.relname, w.what, g.tgname, g.tgenabled
          FROM wanted w
          LEFT JOIN LATERAL (
              SELECT g.tgname, g.tgenabled
                FROM pg_catalog.pg_trigger g JOIN own o ON o.oid = g.tgfoid AND o.symbol = w.symbol
               WHERE g.tgrelid = w.relid AND g.tgtype = w.tgtype AND g.tgnargs = w.nargs
                 AND g.tgargs = w.args AND g.tgqual IS NULL AND g.tgattr = ''::pg_catalog.int2vector
                 AND g.tgconstraint = 0
               ORDER BY g.tgenabled = 'A' DESC, g.tgname LIMIT 1) g ON true)
    SELECT f.relname,
           CASE WHEN f.tgname IS NULL THEN f.what || ' is missing (dropped, replaced or its function altered)'
                WHEN f.tgenabled = 'D' THEN f.what || ' (' || f.tgname || ') is disabled'
                ELSE f.what || ' (' || f.tgname || ') is ENABLE ' || CASE f.tgenabled WHEN 'O' THEN 'ORIGIN' ELSE 'REPLICA' END
                     || ', not ENABLE ALWAYS' END
      FROM found f
     WHERE f.tgname IS NULL OR f.tgenabled <> 'A'
    UNION ALL
    SELECT t.relname, 'trigger ' || g.tgname || ' runs ' || g.tgfoid::pg_catalog.regprocedure::text
                      || ', which is not clinic''s: it would run inside the trail''s own writes'
      FROM tables t JOIN pg_catalog.pg_trigger g ON g.tgrelid = t.oid
     WHERE t.trail AND NOT g.tgisinternal
       AND NOT EXISTS (SELECT FROM members m
                        WHERE m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND m.objid = g.tgfoid)
    UNION ALL
    SELECT t.relname, 'rule ' || r.rulename || ' would run inside the trail''s own writes'
      FROM tables t JOIN pg_catalog.pg_rewrite r ON r.ev_class = t.oid
     WHERE t.trail AND r.rulename <> '_RETURN'
    UNION ALL
    SELECT t.relname, 'TRIGGER is granted to ' || CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE a.grantee::pg_catalog.regrole::text END
      FROM tables t, pg_catalog.aclexplode(t.relacl) a
     WHERE t.trail AND a.privilege_type = 'TRIGGER' AND a.grantee <> t.relowner
    UNION ALL
    SELECT NULL, 'event trigger ' || n.name || CASE WHEN e.evtenabled IS NULL THEN ' is missing'
                                                    ELSE ' is not ENABLE ALWAYS' END
      FROM (VALUES ('clinic_audit_trail_guard'), ('clinic_audit_trail_state_guard')) AS n(name)
      LEFT JOIN pg_catalog.pg_event_trigger e ON e.evtname = n.name
     WHERE e.evtenabled IS DISTINCT FROM 'A';
    END;
COMMENT ON FUNCTION clinic._audit_trail_problems() IS
    'Used by clinic.verify_audit_log(), the trail''s event triggers, clinic.audit_log_seal() and clinic.audit_log_purge(): each trail trigger (known by its function, events and enabled state, not its name) that is missing, altered or not ENABLE ALWAYS; each trigger, rule or TRIGGER grant on the trail''s tables that is not clinic''s; a guard event trigger missing or not ENABLE ALWAYS.';
REVOKE EXECUTE ON FUNCTION clinic._audit_trail_problems() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._audit_trail_problems() TO clinic_admin, clinic_auditor;

COMMENT ON FUNCTION clinic.audit_trail_guard() IS
    'Event trigger. At ddl_command_start: ALTER TABLE ... DISABLE/ENABLE [REPLICA] TRIGGER and DROP TRIGGER on the audit_trail and append_only triggers of clinic tables fail with 42501. At ddl_command_end: any command that leaves a problem reported by clinic._audit_trail_problems() (a trail trigger missing, altered or not ENABLE ALWAYS, whatever its name; a foreign trigger, rule or TRIGGER grant on the trail''s tables) fails with 42501.';

-- The state after every command that could touch a trigger, its function or the trail's tables:
-- names do not matter (a renamed trigger cannot be disabled either), functions and states do.
CREATE EVENT TRIGGER clinic_audit_trail_state_guard ON ddl_command_end
    WHEN TAG IN ('ALTER TABLE', 'ALTER TRIGGER', 'CREATE TRIGGER', 'DROP TRIGGER', 'CREATE FUNCTION',
                 'ALTER FUNCTION', 'DROP FUNCTION', 'ALTER EXTENSION', 'CREATE RULE', 'DROP RULE',
                 'ALTER RULE', 'GRANT', 'REVOKE', 'ALTER DEFAULT PRIVILEGES')
    EXECUTE FUNCTION clinic.audit_trail_guard();
ALTER EVENT TRIGGER clinic_audit_trail_state_guard ENABLE ALWAYS;

-- The drop guard follows dependencies from every DROP's targets (DROP SCHEMA public CASCADE by
-- a database owner reached clinic through btree_gist), so it fires for every command.
DROP EVENT TRIGGER clinic_drop_guard;
COMMENT ON FUNCTION clinic.drop_guard() IS
    'Event trigger: any DROP (DROP SCHEMA public CASCADE, DROP OWNED, DROP TYPE ... CASCADE, a renamed schema) whose dependencies reach the clinic extension or a table of the clinic schema fails with 55006 while those tables hold rows, unless clinic.allow_drop_with_data is on. On a Citus coordinator a drop of the extension it lets through drops the shards of its tables first: only by the extension''s owner (42501), not with citus.enable_ddl_propagation off (55000).';

-- Every command: which DROP reaches clinic is known only by following its dependencies, and a
-- tag list would miss kinds of objects added later. ALWAYS: fires under replication roles too.
CREATE EVENT TRIGGER clinic_drop_guard ON ddl_command_start
    EXECUTE FUNCTION clinic.drop_guard();
ALTER EVENT TRIGGER clinic_drop_guard ENABLE ALWAYS;

-- The drop guard's count of tables with rows works on Citus (a distributed table's subquery needs
-- a select list).
CREATE OR REPLACE FUNCTION clinic._tables_with_rows() RETURNS TABLE (table_name name)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
DECLARE
    t name;
    found_row boolean;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
          JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
                                        AND d.refobjid = e.oid AND d.deptype = 'e'
         WHERE e.extname = 'clinic' AND c.relkind IN ('r', 'p')
           AND c.relnamespace = 'clinic'::regnamespace  -- clinical data, not audit records
         ORDER BY c.relname
    LOOP
        IF t = 'validation_rules' THEN  -- installed with rows: only the DBA's edits are data
            SELECT EXISTS (SELECT 1 FROM clinic.validation_rules r
                            WHERE (r.threshold, r.low, r.high, r.enabled)
                                  IS DISTINCT FROM (r.default_threshold, r.default_low, r.default_high, true))
              INTO found_row;
        ELSE
            -- A select list: Citus cannot plan a subquery of a distributed table without one.
            EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM clinic.%I)', t) INTO found_row;
        END IF;
        IF found_row THEN
            table_name := t;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION clinic._tables_with_rows() FROM PUBLIC;

-- The audit's records are written only by their functions (a forged baseline decided drift).
REVOKE INSERT ON clinic_audit.baselines, clinic_audit.runs FROM clinic_admin, clinic_auditor;
DROP FUNCTION clinic.audit_baseline(regnamespace);
-- C (src/audit/records.cpp): the snapshot is taken as the caller, the row written as the extension's
-- owner; no role may insert a baseline of its own making.
CREATE FUNCTION clinic.audit_baseline(target regnamespace) RETURNS timestamptz
    LANGUAGE c VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_baseline';
COMMENT ON FUNCTION clinic.audit_baseline(regnamespace) IS
    'Records the schema''s current snapshot as its baseline: later audits compare the live schema with it. Returns when it was taken.';
REVOKE ALL ON FUNCTION clinic.audit_baseline(regnamespace) FROM PUBLIC;
-- clinic_admin's: a new baseline accepts the schema as it is, hiding its drift from later
-- audits (a verdict-changing record, as a suppression or a repository is).
GRANT EXECUTE ON FUNCTION clinic.audit_baseline(regnamespace) TO clinic_admin;
DROP FUNCTION clinic.audit_record(regnamespace);
-- C (src/audit/records.cpp): the audit runs as the caller, the row is written as the extension's owner.
CREATE FUNCTION clinic.audit_record(target regnamespace DEFAULT 'clinic', profile text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE c VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_record';
COMMENT ON FUNCTION clinic.audit_record(regnamespace, text) IS
    'Runs the audit (profile as for clinic.audit()) and records it, with the profile, in clinic_audit.runs; returns the run number.';
REVOKE ALL ON FUNCTION clinic.audit_record(regnamespace, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic.audit_record(regnamespace, text) TO clinic_admin, clinic_auditor;

-- pgcrypto by its membership of the extension, not by a schema name its owner could move.
-- Password hashing through pgcrypto, wherever pgcrypto is installed: clinic._crypt and
-- clinic._gen_salt (src/pg/pgcrypto.cpp) call its functions by their membership of the
-- extension, never by a schema name, which the schema's owner could move onto look-alikes.
CREATE FUNCTION clinic._crypt(password text, salt text) RETURNS text
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_crypt';
COMMENT ON FUNCTION clinic._crypt(text, text) IS 'pgcrypto''s crypt(text, text), called by OID.';
REVOKE ALL ON FUNCTION clinic._crypt(text, text) FROM PUBLIC;
CREATE FUNCTION clinic._gen_salt(type text, rounds integer) RETURNS text
    LANGUAGE c VOLATILE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_gen_salt';
COMMENT ON FUNCTION clinic._gen_salt(text, integer) IS 'pgcrypto''s gen_salt(text, integer), called by OID.';
REVOKE ALL ON FUNCTION clinic._gen_salt(text, integer) FROM PUBLIC;

CREATE OR REPLACE FUNCTION clinic._hash_password(password text) RETURNS text
    LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT clinic._crypt(password, clinic._gen_salt('bf', 10)) $$;
CREATE OR REPLACE FUNCTION clinic.verify_provider_password(email text, password text) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT EXISTS (SELECT FROM clinic.providers p
                          WHERE pg_catalog.lower(p.email) = pg_catalog.lower($1)
                            AND p.deleted_at IS NULL AND p.is_active
                            AND p.password_hash OPERATOR(pg_catalog.=) clinic._crypt($2, p.password_hash)) $$;
COMMENT ON FUNCTION clinic._hash_password(text) IS 'bcrypt hash (cost 10) of a password, through pgcrypto.';
REVOKE ALL ON FUNCTION clinic._hash_password(text) FROM PUBLIC;
-- SECURITY DEFINER: callers may not read password_hash; this answers only yes or no.
COMMENT ON FUNCTION clinic.verify_provider_password(text, text) IS
    'True when a live, active provider has this e-mail (case-insensitive) and password. SECURITY DEFINER: reads password_hash for callers who cannot.';
REVOKE ALL ON FUNCTION clinic.verify_provider_password(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic.verify_provider_password(text, text)
    TO clinic_admin, clinic_clinician, clinic_front_desk;

-- A clinic_admin could not run seed_demo(): its helpers were not granted.
GRANT EXECUTE ON FUNCTION clinic._seed_default_provider(), clinic._hash_password(text),
                          clinic._crypt(text, text), clinic._gen_salt(text, integer) TO clinic_admin;

-- The schema clinic must be a superuser's: its owner could rename it and plant look-alikes of
-- what clinic's code calls by name (a database owner could pre-create it before 1.2).
DO $$
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
             WHERE n.oid = 'clinic'::pg_catalog.regnamespace) THEN
        RAISE EXCEPTION 'schema clinic is owned by a role that is not a superuser'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Check what it holds, ALTER SCHEMA clinic OWNER TO a superuser, then update.';
    END IF;
END
$$;
-- PostgreSQL 17 and 18
-- JSON is a keyword from PostgreSQL 17 on (a col_name_keyword: not a parameter name), so 1.0 and
-- 1.1's clinic._jsonb_image_matches(json text) cannot even be created there; 1.2 names the
-- parameter json_text. A parameter's name cannot change with CREATE OR REPLACE: re-created.
DROP FUNCTION clinic._jsonb_image_matches(text);
CREATE FUNCTION clinic._jsonb_image_matches(json_text text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_jsonb_image_matches';
COMMENT ON FUNCTION clinic._jsonb_image_matches(text) IS
    'Whether the extension''s jsonb encoder writes this JSON text byte for byte as jsonb_in does (NULL when it is not JSON); for tests only.';
REVOKE ALL ON FUNCTION clinic._jsonb_image_matches(text) FROM PUBLIC;

-- Comments that named the schema's specification document, which means nothing to a user.
COMMENT ON TYPE clinic.sex IS 'Administrative sex.';
COMMENT ON TYPE clinic.allergy_severity IS 'Severity of the reaction.';
COMMENT ON TYPE clinic.appointment_type IS 'Kind of visit.';
COMMENT ON TYPE clinic.appointment_status IS
    'Appointment state; transitions enforced by clinic.appointment_rules_trigger().';
COMMENT ON TABLE clinic.providers IS
    'Clinicians who see patients. A reference table under Citus. Soft-deleted, never removed while appointments reference them.';
COMMENT ON TABLE clinic.patients IS
    'People receiving care (FHIR Patient). PHI. The Citus distribution root (by id). Soft-deleted.';
COMMENT ON TABLE clinic.allergies IS 'Allergies and intolerances (FHIR AllergyIntolerance). PHI. Soft-deleted.';
COMMENT ON COLUMN clinic.allergies.severity IS 'Severity of the reaction.';
COMMENT ON TABLE clinic.chronic_conditions IS 'Long-term conditions (FHIR Condition). PHI. Soft-deleted.';
COMMENT ON TABLE clinic.appointments IS
    'Visits (FHIR Appointment). PHI. Status changes follow clinic.appointment_rules_trigger(); no provider is double-booked. Soft-deleted.';
COMMENT ON COLUMN clinic.appointments.appointment_date IS 'Start time.';
COMMENT ON TABLE clinic.medical_records IS
    'The clinical note of one appointment, SOAP-structured. PHI. At most one per appointment. Soft-deleted.';
COMMENT ON TABLE clinic.symptoms IS 'Symptoms noted in a medical record. PHI. Soft-deleted.';
COMMENT ON TABLE clinic.prescriptions IS 'Medication orders written in a medical record (FHIR MedicationRequest). PHI. Soft-deleted.';
COMMENT ON TABLE clinic.vital_signs IS
    'Vital signs of one appointment in fixed units (FHIR vital-signs profile). PHI. At most one set per appointment. Soft-deleted.';
COMMENT ON FUNCTION clinic.seed_demo() IS
    'A small demo seed (1 provider, 5 patients, 4 allergies, 3 conditions, 3 appointments, 2 records, 2 symptoms, 1 prescription, 2 vital-sign sets). Idempotent; returns rows inserted per table.';

-- validate() verifies instead of trusting constraints: by default every set-level check runs (a
-- foreign key proves nothing about rows written under session_replication_role = replica or with
-- its triggers disabled); trust_constraints => true is the fast path. A new argument: re-created.
DROP FUNCTION clinic.validate(regnamespace, text[], integer);
CREATE FUNCTION clinic.validate(target regnamespace DEFAULT 'clinic', checks text[] DEFAULT NULL,
                                sample_limit integer DEFAULT 5, trust_constraints boolean DEFAULT false)
    RETURNS TABLE (check_id text, check_type text, category text, table_name text, column_name text,
                   status text, violated_rows bigint, total_rows bigint, pct_violated numeric,
                   threshold numeric, sample jsonb)
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Rows of the target's tables are read whole or not at all: a row-level security policy
    -- that applies to the caller is an error (42501), never a silently partial answer.
    SET row_security = off
    AS 'MODULE_PATHNAME', 'clinic_validate';
COMMENT ON FUNCTION clinic.validate(regnamespace, text[], integer, boolean) IS
    'Validates the clinical data of a clinic schema: one row per check (clinic.validation_rules) with its status (pass, warn, fail, error), violating and total rows, percentage, threshold and the keys of up to sample_limit violating rows. Each table is scanned once for all its row checks, and the checks keyed by patient (references to patients, patients without appointments) are answered in that scan; the other set-level checks run as SQL, every one of them by default (a foreign key proves nothing about rows written while its triggers did not fire). trust_constraints => true skips the set-level checks that a valid, non-deferrable unique index or the exclusion constraint with a validated CHECK proves, naming it in sample ({"enforced_by": name}). checks selects by id, dotted prefix, check type or category. A NOTICE per table reports progress; cancel and statement_timeout stop it. On Citus (patients distributed) the row checks and the checks keyed by patient run per shard group on the nodes holding the shards, in parallel, and add up; the checks across patients run over the distributed tables.';
REVOKE ALL ON FUNCTION clinic.validate(regnamespace, text[], integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic.validate(regnamespace, text[], integer, boolean) TO clinic_admin, clinic_auditor;

-- include: src/sql/49_validation_shards.sql
REVOKE ALL ON FUNCTION clinic._validate_shard(regclass, text[], text[], double precision[], double precision[], integer, bigint, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._validate_shard(regclass, text[], text[], double precision[], double precision[], integer, bigint, text, bigint) TO clinic_admin, clinic_auditor;
REVOKE ALL ON FUNCTION clinic._verify_shard(regclass) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._verify_shard(regclass) TO clinic_admin, clinic_auditor;

-- Audit profiles (issue 17): the clinic checklist's policies apply where they belong. audit()
-- and audit_report() gain forms with a profile; the forms without it are kept (views over them
-- and grants on them survive the update) and detect it. Runs record it: those before were
-- audited against every policy, as checklist does.
CREATE FUNCTION clinic.audit_profile(target regnamespace DEFAULT 'clinic',
        OUT profile text, OUT reason text)
    RETURNS record
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_profile';
COMMENT ON FUNCTION clinic.audit_profile(regnamespace) IS
    'The profile clinic.audit() uses for the schema when none is named, and why: clinic for clinic''s own schema, prisma where Prisma''s _prisma_migrations table is, else generic. 22004 for a NULL target.';
REVOKE ALL ON FUNCTION clinic.audit_profile(regnamespace) FROM PUBLIC;
COMMENT ON FUNCTION clinic.audit(regnamespace) IS
    'Audits a schema: one row per check (the 32-item checklist and the schema lints), with status pass/warn/fail/skip, what was expected and found, the offending objects in detail, and how to fix them; under the profile clinic.audit_profile(target) detects (clinic for clinic''s own schema, prisma for a Prisma-managed one, else generic).';
CREATE FUNCTION clinic.audit(target regnamespace, profile text,
        OUT check_id text, OUT checklist_item integer, OUT category text, OUT title text,
        OUT status text, OUT severity text, OUT expected text, OUT actual text, OUT detail jsonb,
        OUT remediation text)
    RETURNS SETOF record
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Catalog text (defaults, CHECKs) deparses constants with these: pinned so results do not
    -- depend on the session's settings.
    SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
    SET extra_float_digits = 1
    -- A table whose row-level security policy applies to the caller is left unread (policies
    -- are its owner's code; e2e.readable names it); off: a read missed by that test would fail
    -- with 42501, never run a policy or give a silently partial answer.
    SET row_security = off
    -- SQL and PL/pgSQL bodies are compiled by their validators (catalog.valid).
    SET check_function_bodies = on
    AS 'MODULE_PATHNAME', 'clinic_audit';
COMMENT ON FUNCTION clinic.audit(regnamespace, text) IS
    'clinic.audit(target) under a named profile: checklist (every policy of the clinic checklist), clinic, prisma or generic (the checklist''s policies skipped, unindexed foreign keys a warning); NULL detects it (clinic.audit_profile). 22023 for an unknown profile.';
REVOKE ALL ON FUNCTION clinic.audit(regnamespace, text) FROM PUBLIC;
COMMENT ON FUNCTION clinic.audit_report(regnamespace, text) IS
    'The audit as a report: text (the checklist''s shape, ending in OVERALL STATUS), json, markdown, tap (for pg_prove) or sarif (SARIF 2.1.0), under the detected profile, which the report names.';
CREATE FUNCTION clinic.audit_report(target regnamespace, format text, profile text)
    RETURNS text
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Catalog text (defaults, CHECKs) deparses constants with these: pinned so results do not
    -- depend on the session's settings.
    SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
    SET extra_float_digits = 1
    -- A table whose row-level security policy applies to the caller is left unread (policies
    -- are its owner's code; e2e.readable names it); off: a read missed by that test would fail
    -- with 42501, never run a policy or give a silently partial answer.
    SET row_security = off
    SET check_function_bodies = on
    AS 'MODULE_PATHNAME', 'clinic_audit_report';
COMMENT ON FUNCTION clinic.audit_report(regnamespace, text, text) IS
    'clinic.audit_report(target, format) under a named profile, as for clinic.audit(target, profile).';
REVOKE ALL ON FUNCTION clinic.audit_report(regnamespace, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic.audit(regnamespace, text), clinic.audit_report(regnamespace, text, text),
                          clinic.audit_profile(regnamespace)
    TO clinic_admin, clinic_auditor;
ALTER TABLE clinic_audit.runs ADD COLUMN profile text NOT NULL DEFAULT 'checklist';
ALTER TABLE clinic_audit.runs ALTER COLUMN profile DROP DEFAULT;
COMMENT ON COLUMN clinic_audit.runs.profile IS 'The profile the audit ran under (runs recorded before 1.2: checklist, the only one there was).';

-- The repository's migrations, for pending and foreign ones (issue 17).
CREATE TABLE clinic_audit.repositories (
    schema_name  name        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    recorded_by  text        NOT NULL,
    migrations   text[]      NOT NULL,
    CONSTRAINT repositories_pkey PRIMARY KEY (schema_name, recorded_at)
);
COMMENT ON TABLE clinic_audit.repositories IS
    'Per schema, the migrations its repository holds, as recorded over time (clinic.audit_repository): migration.status compares the newest with the database, naming those not yet applied and those applied that the repository does not hold.';
COMMENT ON COLUMN clinic_audit.repositories.schema_name IS 'The Prisma-managed schema.';
COMMENT ON COLUMN clinic_audit.repositories.recorded_at IS 'When the repository''s migrations were recorded.';
COMMENT ON COLUMN clinic_audit.repositories.recorded_by IS 'Who recorded them.';
COMMENT ON COLUMN clinic_audit.repositories.migrations IS 'The names of the repository''s migration folders, sorted, each once.';
SELECT pg_catalog.pg_extension_config_dump('clinic_audit.repositories', '');
GRANT SELECT ON clinic_audit.repositories TO clinic_admin, clinic_auditor;

-- C (src/audit/records.cpp): the row is written as the extension's owner; no role may write the
-- table directly (a forged repository would hide pending or foreign migrations).
CREATE FUNCTION clinic.audit_repository(target regnamespace, migrations text[]) RETURNS integer
    LANGUAGE c VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_repository';
COMMENT ON FUNCTION clinic.audit_repository(regnamespace, text[]) IS
    'Records the migrations the schema''s repository holds now (the names of its prisma/migrations/*/ folders); clinic.audit() compares the newest record with the database: those not yet applied (warn), those applied that the repository does not hold (fail). Returns how many names, each counted once. 22004 for NULL; 22023 for a NULL or empty name, one over 255 bytes or holding a /, or more than 10,000.';
REVOKE ALL ON FUNCTION clinic.audit_repository(regnamespace, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic.audit_repository(regnamespace, text[]) TO clinic_admin;

-- Citus (issue 19): clinic.distribute() and the claims that replace the MRN and double-booking
-- rules on a cluster; the part is the install script's own.
-- include: src/sql/48_distribution.sql
REVOKE ALL ON FUNCTION clinic._distribution_ddl(), clinic._distribution_ddl_on_workers(text),
                       clinic._distribution_plan(), clinic._in_transaction_block(),
                       clinic._claims_statement(text, text, boolean),
                       clinic._discard_local_rows(regclass),
                       clinic._distributed(), clinic.distribute(), clinic.release_claims() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._distributed() TO clinic_admin, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic.release_claims() TO clinic_admin, clinic_front_desk;
