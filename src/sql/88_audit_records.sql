-- The audit's records: suppressions (accepted findings, with a reason and an expiry) and the
-- history of recorded runs. Both in schema clinic_audit.

CREATE TABLE clinic_audit.suppressions (
    schema_name  name        NOT NULL,
    check_id     text        NOT NULL,
    object_name  text,
    reason       text        NOT NULL,
    expires_on   date        NOT NULL,
    created_by   text        NOT NULL DEFAULT CURRENT_USER,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT suppressions_reason_given CHECK (pg_catalog.btrim(reason) <> ''),
    CONSTRAINT suppressions_object_not_blank CHECK (pg_catalog.btrim(object_name) <> '')
);
CREATE UNIQUE INDEX suppressions_key ON clinic_audit.suppressions (schema_name, check_id, COALESCE(object_name, ''));
COMMENT ON TABLE clinic_audit.suppressions IS
    'Findings a DBA has accepted: clinic.audit() leaves the named object out of the check''s detail until expires_on, then reports the suppression as expired.';
COMMENT ON COLUMN clinic_audit.suppressions.schema_name IS 'The audited schema.';
COMMENT ON COLUMN clinic_audit.suppressions.check_id IS 'The check, e.g. columns.defaults.';
COMMENT ON COLUMN clinic_audit.suppressions.object_name IS 'The object as the detail names it (table, table.column, table.index, ...); NULL: every object of the check.';
COMMENT ON COLUMN clinic_audit.suppressions.reason IS 'Why the finding is accepted.';
COMMENT ON COLUMN clinic_audit.suppressions.expires_on IS 'Last day the suppression applies.';
COMMENT ON COLUMN clinic_audit.suppressions.created_by IS 'Who accepted it.';
COMMENT ON COLUMN clinic_audit.suppressions.created_at IS 'When.';
SELECT pg_catalog.pg_extension_config_dump('clinic_audit.suppressions', '');
GRANT SELECT ON clinic_audit.suppressions TO clinic_auditor;
GRANT SELECT, INSERT, UPDATE, DELETE ON clinic_audit.suppressions TO clinic_admin;

CREATE FUNCTION clinic.audit_suppress(target regnamespace, check_id text, object_name text,
                                      reason text, expires_on date) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
BEGIN
    IF target IS NULL OR check_id IS NULL OR reason IS NULL OR expires_on IS NULL THEN
        RAISE EXCEPTION 'target, check_id, reason and expires_on are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT FROM clinic.audit(target) a WHERE a.check_id = audit_suppress.check_id) THEN
        RAISE EXCEPTION 'unknown check "%"', pg_catalog.left(check_id, 64) USING ERRCODE = 'invalid_parameter_value',
            HINT = 'The check ids are those of SELECT check_id FROM clinic.audit().';
    END IF;
    IF expires_on < CURRENT_DATE THEN
        RAISE EXCEPTION 'expiry % is in the past', coalesce(pg_catalog.to_char(expires_on, 'YYYY-MM-DD'), expires_on::text) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO clinic_audit.suppressions (schema_name, check_id, object_name, reason, expires_on)
    VALUES (clinic._target_schema(target), check_id, object_name, reason, expires_on)
    ON CONFLICT (schema_name, check_id, COALESCE(object_name, ''))
    DO UPDATE SET reason = EXCLUDED.reason, expires_on = EXCLUDED.expires_on,
                  created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at;
END
$$;
COMMENT ON FUNCTION clinic.audit_suppress(regnamespace, text, text, text, date) IS
    'Accepts a finding: the check''s named object (NULL: all its objects) in the schema is left out of the audit until expires_on, for the given reason. Re-suppressing renews.';
GRANT EXECUTE ON FUNCTION clinic.audit_suppress(regnamespace, text, text, text, date) TO clinic_admin;

CREATE TABLE clinic_audit.runs (
    run_id       bigint      GENERATED ALWAYS AS IDENTITY,
    schema_name  name        NOT NULL,
    ran_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    ran_by       text        NOT NULL DEFAULT CURRENT_USER,
    passed       integer     NOT NULL,
    warnings     integer     NOT NULL,
    failed       integer     NOT NULL,
    skipped      integer     NOT NULL,
    findings     jsonb       NOT NULL,
    profile      text        NOT NULL,
    CONSTRAINT runs_pkey PRIMARY KEY (run_id)
);
CREATE INDEX runs_schema_name_ran_at_idx ON clinic_audit.runs (schema_name, ran_at);
COMMENT ON TABLE clinic_audit.runs IS 'Recorded audit runs (clinic.audit_record), for trends and evidence.';
COMMENT ON COLUMN clinic_audit.runs.run_id IS 'Run number.';
COMMENT ON COLUMN clinic_audit.runs.schema_name IS 'The audited schema.';
COMMENT ON COLUMN clinic_audit.runs.ran_at IS 'When it ran.';
COMMENT ON COLUMN clinic_audit.runs.ran_by IS 'Who ran it.';
COMMENT ON COLUMN clinic_audit.runs.passed IS 'Checks passed.';
COMMENT ON COLUMN clinic_audit.runs.warnings IS 'Checks warning.';
COMMENT ON COLUMN clinic_audit.runs.failed IS 'Checks failed.';
COMMENT ON COLUMN clinic_audit.runs.skipped IS 'Checks skipped.';
COMMENT ON COLUMN clinic_audit.runs.findings IS 'Every finding, as clinic.audit() returned it.';
COMMENT ON COLUMN clinic_audit.runs.profile IS 'The profile the audit ran under (runs recorded before 1.2: checklist, the only one there was).';
SELECT pg_catalog.pg_extension_config_dump('clinic_audit.runs', '');
GRANT SELECT ON clinic_audit.runs TO clinic_admin, clinic_auditor;

-- C (src/audit/records.cpp): the audit runs as the caller, the row is written as the extension's owner.
CREATE FUNCTION clinic.audit_record(target regnamespace DEFAULT 'clinic', profile text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE c VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_record';
COMMENT ON FUNCTION clinic.audit_record(regnamespace, text) IS
    'Runs the audit (profile as for clinic.audit()) and records it, with the profile, in clinic_audit.runs; returns the run number.';
GRANT EXECUTE ON FUNCTION clinic.audit_record(regnamespace, text) TO clinic_admin, clinic_auditor;

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
GRANT EXECUTE ON FUNCTION clinic.audit_repository(regnamespace, text[]) TO clinic_admin;

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

CREATE FUNCTION clinic.migration_status(target regnamespace DEFAULT 'clinic',
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
GRANT EXECUTE ON FUNCTION clinic.migration_status(regnamespace) TO clinic_admin, clinic_auditor;
