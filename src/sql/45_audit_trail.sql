-- The tamper-evident audit trail of PHI (src/trail/, design in doc/audit-trail.md).
-- One AFTER row trigger on every PHI table appends to clinic.audit_log; each row is chained
-- into its patient's SHA-256 hash chain. Table-level events (TRUNCATE, retention) go to the
-- system chain, patient_id 00000000-0000-0000-0000-000000000000.

CREATE TABLE clinic.audit_log (
    patient_id        uuid        NOT NULL,
    seq               bigint      NOT NULL,
    logged_at         timestamptz NOT NULL,
    transaction_id    xid8        NOT NULL,
    operation         text        NOT NULL,
    table_name        text        NOT NULL,
    row_id            uuid,
    old_values        jsonb,
    new_values        jsonb,
    actor             text,
    db_user           text        NOT NULL,
    application_name  text,
    client_addr       inet,
    prev_hash         bytea       NOT NULL,
    hash              bytea       NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (patient_id, seq),
    CONSTRAINT audit_log_seq_positive CHECK (seq > 0),
    CONSTRAINT audit_log_operation_known
        CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'ACCESS', 'RETENTION')),
    CONSTRAINT audit_log_hashes_sha256 CHECK (length(prev_hash) = 32 AND length(hash) = 32)
);
CREATE INDEX audit_log_logged_at_idx ON clinic.audit_log USING brin (logged_at);
COMMENT ON TABLE clinic.audit_log IS
    'Append-only, hash-chained audit trail of PHI: every insert, update and delete of a PHI table row (cascades included), TRUNCATEs, chart accesses recorded by clinic.log_access and retention purges. One SHA-256 chain per patient; verify with clinic.verify_audit_log(). Written only by the extension''s C++ code.';
COMMENT ON COLUMN clinic.audit_log.patient_id IS 'The patient whose chain holds the row (distribution key); the all-zero uuid for the system chain (TRUNCATE, RETENTION).';
COMMENT ON COLUMN clinic.audit_log.seq IS 'Position in the patient''s chain, from 1 without gaps.';
COMMENT ON COLUMN clinic.audit_log.logged_at IS 'Time of the change: the writing transaction''s start time.';
COMMENT ON COLUMN clinic.audit_log.transaction_id IS 'The writing transaction''s id.';
COMMENT ON COLUMN clinic.audit_log.operation IS 'INSERT, UPDATE, DELETE, TRUNCATE, ACCESS (a read recorded by clinic.log_access) or RETENTION (a purge).';
COMMENT ON COLUMN clinic.audit_log.table_name IS 'The PHI table (unqualified name; the schema is clinic).';
COMMENT ON COLUMN clinic.audit_log.row_id IS 'The id of the changed row.';
COMMENT ON COLUMN clinic.audit_log.old_values IS 'DELETE: the row; UPDATE: the changed columns'' old values; ACCESS: NULL.';
COMMENT ON COLUMN clinic.audit_log.new_values IS 'INSERT: the row; UPDATE: the changed columns'' new values; ACCESS: the purpose; TRUNCATE and RETENTION: what was removed.';
COMMENT ON COLUMN clinic.audit_log.actor IS 'The clinic.actor setting when the application set it.';
COMMENT ON COLUMN clinic.audit_log.db_user IS 'The session user.';
COMMENT ON COLUMN clinic.audit_log.application_name IS 'The client''s application_name.';
COMMENT ON COLUMN clinic.audit_log.client_addr IS 'The client''s address; NULL over a Unix socket.';
COMMENT ON COLUMN clinic.audit_log.prev_hash IS 'hash of the previous row of the chain; 32 zero bytes for the first.';
COMMENT ON COLUMN clinic.audit_log.hash IS 'SHA-256 over prev_hash and a session-independent encoding of every other column (doc/audit-trail.md).';

-- Where each retention purge cut each chain: the last purged row, so the first kept row still
-- links (a chain's newest cut is where it continues). Every cut names the RETENTION row of the
-- system chain that made it, whose cuts_digest covers it, and is sealed by the next seal.
CREATE TABLE clinic.audit_log_purges (
    patient_id     uuid        NOT NULL,
    seq            bigint      NOT NULL,
    hash           bytea       NOT NULL,
    purged_at      timestamptz NOT NULL,
    retention_seq  bigint,
    CONSTRAINT audit_log_purges_pkey PRIMARY KEY (patient_id, seq),
    CONSTRAINT audit_log_purges_hash_sha256 CHECK (length(hash) = 32)
);
COMMENT ON TABLE clinic.audit_log_purges IS
    'Per chain, the last row removed by each clinic.audit_log_purge(): the first kept row must link to the newest. Written only by the purge.';
COMMENT ON COLUMN clinic.audit_log_purges.patient_id IS 'The chain.';
COMMENT ON COLUMN clinic.audit_log_purges.seq IS 'seq of the last purged row.';
COMMENT ON COLUMN clinic.audit_log_purges.hash IS 'hash of the last purged row.';
COMMENT ON COLUMN clinic.audit_log_purges.purged_at IS 'When the purge ran.';
COMMENT ON COLUMN clinic.audit_log_purges.retention_seq IS 'seq of the purge''s RETENTION row in the system chain, whose cuts_digest covers this cut (NULL: a cut made before 1.2, which verification cannot prove).';

-- Seals: a chain's newest rows are protected by its later rows; the newest of all by a seal.
-- clinic.audit_log_seal() records every chain head that moved since the previous seal, chained
-- seal to seal; its digest, kept outside the database, proves later that nothing sealed changed.
CREATE TABLE clinic.audit_log_seals (
    seal_id      bigint      NOT NULL,
    sealed_at    timestamptz NOT NULL,
    heads        bytea       NOT NULL,
    prev_digest  bytea       NOT NULL,
    digest       bytea       NOT NULL,
    cuts         bytea       NOT NULL DEFAULT ''::bytea,
    CONSTRAINT audit_log_seals_pkey PRIMARY KEY (seal_id),
    CONSTRAINT audit_log_seals_heads_whole CHECK (length(heads) % 56 = 0),
    CONSTRAINT audit_log_seals_cuts_whole CHECK (length(cuts) % 56 = 0),
    CONSTRAINT audit_log_seals_digests_sha256 CHECK (length(prev_digest) = 32 AND length(digest) = 32)
);
COMMENT ON TABLE clinic.audit_log_seals IS
    'Seals of the audit trail, each chained to the previous one: the heads (patient_id, seq, hash) of the chains that grew since the previous seal. Written only by clinic.audit_log_seal().';
COMMENT ON COLUMN clinic.audit_log_seals.seal_id IS 'Position in the chain of seals, from 1.';
COMMENT ON COLUMN clinic.audit_log_seals.sealed_at IS 'When the seal was taken.';
COMMENT ON COLUMN clinic.audit_log_seals.heads IS '56 bytes per chain, in patient_id order: the 16 bytes of patient_id, seq as 8 bytes big-endian, the 32-byte hash of that row.';
COMMENT ON COLUMN clinic.audit_log_seals.prev_digest IS 'digest of the previous seal; 32 zero bytes for the first.';
COMMENT ON COLUMN clinic.audit_log_seals.digest IS 'SHA-256 of prev_digest, seal_id (8 bytes big-endian), heads and cuts. Keep it outside the database.';
COMMENT ON COLUMN clinic.audit_log_seals.cuts IS 'The retention cuts made since the previous seal, 56 bytes each as in heads (patient_id, seq and hash of the last purged row), in patient_id, seq order.';

-- Where each chain stood at the last seal (what the next seal leaves out).
CREATE TABLE clinic.audit_log_sealed_heads (
    patient_id  uuid   NOT NULL,
    seq         bigint NOT NULL,
    CONSTRAINT audit_log_sealed_heads_pkey PRIMARY KEY (patient_id)
);
COMMENT ON TABLE clinic.audit_log_sealed_heads IS
    'Per chain, the seq of its head at the last seal; lets a seal record only the chains that grew.';
COMMENT ON COLUMN clinic.audit_log_sealed_heads.patient_id IS 'The chain.';
COMMENT ON COLUMN clinic.audit_log_sealed_heads.seq IS 'Its head''s seq at the last seal.';

CREATE FUNCTION clinic._audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamptz,
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
-- SECURITY DEFINER: the sealer (an auditor's cron job) needs no write access to the seal tables.
COMMENT ON FUNCTION clinic._audit_log_seal() IS
    'The work of clinic.audit_log_seal(), which alone may move audit_log_sealed_heads (append-only otherwise).';

CREATE FUNCTION clinic.audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamptz,
                                      OUT chains integer, OUT digest bytea)
    RETURNS record
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_log_seal';
COMMENT ON FUNCTION clinic.audit_log_seal() IS
    'Seals the audit trail: records the head of every chain that grew since the previous seal, chained to it, and returns the digest to keep outside the database (a deleted or rewritten sealed row is then detected by clinic.verify_audit_log()). Run it periodically, e.g. every minute.';

-- The first sealed head that no longer matches the log, or a seal that no longer recomputes.
CREATE FUNCTION clinic._audit_log_seal_problem(patient uuid,
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
COMMENT ON FUNCTION clinic._audit_log_seal_problem(uuid) IS
    'Used by clinic.verify_audit_log(): the first seal that does not recompute or link, or the first sealed chain head missing from or different in the log.';

CREATE FUNCTION clinic.audit_trail_trigger() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_trail_trigger';
COMMENT ON FUNCTION clinic.audit_trail_trigger() IS
    'AFTER INSERT OR UPDATE OR DELETE row trigger on PHI tables (argument: the patient key column), and BEFORE TRUNCATE statement trigger: appends the change to clinic.audit_log, chained per patient. Does nothing while clinic.audit_trail is off (restores).';

CREATE FUNCTION clinic.audit_log_append_only() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_log_append_only';
COMMENT ON FUNCTION clinic.audit_log_append_only() IS
    'BEFORE UPDATE OR DELETE row and BEFORE TRUNCATE statement trigger on the audit_log tables: refuses (42501) for every role, the owner included; only clinic.audit_log_purge() and clinic.audit_log_seal() may change them, as documented.';

CREATE FUNCTION clinic.verify_audit_log(
    patient uuid DEFAULT NULL,
    OUT ok boolean, OUT chains_checked bigint, OUT rows_checked bigint, OUT seals_checked bigint,
    OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)
    RETURNS record
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_verify_audit_log';
COMMENT ON FUNCTION clinic.verify_audit_log(uuid) IS
    'Recomputes every hash of clinic.audit_log (or of one patient''s chain), checks each link and every seal: returns ok, the chains, rows and seals checked, and the first broken link (patient, seq) with what is wrong there. Compare the newest seal''s digest with the copy kept outside the database.';

CREATE FUNCTION clinic.log_access(patient uuid, purpose text) RETURNS bigint
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_log_access';
COMMENT ON FUNCTION clinic.log_access(uuid, text) IS
    'Records a read of a patient''s chart (HIPAA access audit) in the patient''s chain with its purpose; returns the row''s seq. 23503 for an unknown patient, 22023 for an empty purpose, 22001 for a purpose over 1,000 characters.';

CREATE FUNCTION clinic.audit_log_purge(older_than interval) RETURNS bigint
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_log_purge';
COMMENT ON FUNCTION clinic.audit_log_purge(interval) IS
    'Retention: deletes audit rows logged more than older_than ago (at least 6 years, HIPAA 164.316(b)(2)), keeps every chain verifiable through clinic.audit_log_purges, and records the purge in the system chain. Returns the rows deleted.';

CREATE FUNCTION clinic.patient_history(patient uuid)
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
-- SECURITY DEFINER: readers of one chart's history need not read the whole audit_log.
COMMENT ON FUNCTION clinic.patient_history(uuid) IS
    'A patient''s chart as a timeline of changes and recorded accesses, oldest first: for an UPDATE, changes maps each changed column to {old, new}; for an INSERT the row, for a DELETE the row removed, for an ACCESS the purpose.';

-- Every PHI table: the row trigger (its argument names the patient key) and the TRUNCATE record.
-- ENABLE ALWAYS: session_replication_role = replica does not skip them.
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
                AND (c.relname = 'patients' OR EXISTS (
                     SELECT FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = 'patient_id' AND NOT a.attisdropped))
                AND c.relname NOT LIKE 'audit\_log%'
              ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format($f$
            CREATE TRIGGER audit_trail AFTER INSERT OR UPDATE OR DELETE ON clinic.%1$I
                FOR EACH ROW EXECUTE FUNCTION clinic.audit_trail_trigger(%2$L);
            CREATE TRIGGER audit_trail_truncate BEFORE TRUNCATE ON clinic.%1$I
                FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_trail_trigger();
            ALTER TABLE clinic.%1$I ENABLE ALWAYS TRIGGER audit_trail;
            ALTER TABLE clinic.%1$I ENABLE ALWAYS TRIGGER audit_trail_truncate;
        $f$, t, CASE t WHEN 'patients' THEN 'id' ELSE 'patient_id' END);
    END LOOP;
END
$$;

CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log_purges
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log_purges
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log_sealed_heads
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log_sealed_heads
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
ALTER TABLE clinic.audit_log_sealed_heads ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log_sealed_heads ENABLE ALWAYS TRIGGER append_only_truncate;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log_seals
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log_seals
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
ALTER TABLE clinic.audit_log_seals ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log_seals ENABLE ALWAYS TRIGGER append_only_truncate;
ALTER TABLE clinic.audit_log ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log ENABLE ALWAYS TRIGGER append_only_truncate;
ALTER TABLE clinic.audit_log_purges ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log_purges ENABLE ALWAYS TRIGGER append_only_truncate;

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

-- Disabling or dropping these triggers is refused (the chain would detect the gap, but only later).
CREATE FUNCTION clinic.audit_trail_guard() RETURNS event_trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_trail_guard';
COMMENT ON FUNCTION clinic.audit_trail_guard() IS
    'Event trigger. At ddl_command_start: ALTER TABLE ... DISABLE/ENABLE [REPLICA] TRIGGER and DROP TRIGGER on the audit_trail and append_only triggers of clinic tables fail with 42501. At ddl_command_end: any command that leaves a problem reported by clinic._audit_trail_problems() (a trail trigger missing, altered or not ENABLE ALWAYS, whatever its name; a foreign trigger, rule or TRIGGER grant on the trail''s tables) fails with 42501.';
CREATE EVENT TRIGGER clinic_audit_trail_guard ON ddl_command_start
    WHEN TAG IN ('ALTER TABLE', 'DROP TRIGGER')
    EXECUTE FUNCTION clinic.audit_trail_guard();
ALTER EVENT TRIGGER clinic_audit_trail_guard ENABLE ALWAYS;

-- The state after every command that could touch a trigger, its function or the trail's tables:
-- names do not matter (a renamed trigger cannot be disabled either), functions and states do.
CREATE EVENT TRIGGER clinic_audit_trail_state_guard ON ddl_command_end
    WHEN TAG IN ('ALTER TABLE', 'ALTER TRIGGER', 'CREATE TRIGGER', 'DROP TRIGGER', 'CREATE FUNCTION',
                 'ALTER FUNCTION', 'DROP FUNCTION', 'ALTER EXTENSION', 'CREATE RULE', 'DROP RULE',
                 'ALTER RULE', 'GRANT', 'REVOKE', 'ALTER DEFAULT PRIVILEGES')
    EXECUTE FUNCTION clinic.audit_trail_guard();
ALTER EVENT TRIGGER clinic_audit_trail_state_guard ENABLE ALWAYS;
