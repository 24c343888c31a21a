-- clinic 1.1 -> 1.2: security hardening (doc/security.md).
\echo Use "ALTER EXTENSION clinic UPDATE TO '1.2'" to load this file. \quit
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

-- Reading an audited schema never runs its owner's code: Prisma's table is read only with
-- Prisma's column types (one check for the audit and migration_status()).
-- Prisma's migration table, if the target has one that reads safely (src/catalog_loader.cpp:
-- the audit and migration_status() share the test).
CREATE FUNCTION clinic._prisma_migrations_table(target regnamespace) RETURNS regclass
    LANGUAGE c STABLE STRICT PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_prisma_migrations_table';
COMMENT ON FUNCTION clinic._prisma_migrations_table(regnamespace) IS
    'The target''s _prisma_migrations when it is a plain table the caller may read whole, with Prisma''s column types; else NULL.';
REVOKE ALL ON FUNCTION clinic._prisma_migrations_table(regnamespace) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._prisma_migrations_table(regnamespace) TO clinic_admin, clinic_auditor;

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
    IF clinic._prisma_migrations_table(target) IS NOT NULL THEN
        FOR r IN EXECUTE format(
            'SELECT migration_name::text AS m, started_at, finished_at, rolled_back_at, applied_steps_count, logs
               FROM ONLY %I._prisma_migrations ORDER BY started_at, migration_name', nsp)
        LOOP
            source := 'prisma'; name := r.m;
            state := CASE WHEN r.rolled_back_at IS NOT NULL THEN 'rolled back'
                          WHEN r.finished_at IS NULL THEN 'failed' ELSE 'applied' END;
            detail := CASE WHEN r.finished_at IS NULL AND r.rolled_back_at IS NULL
                           THEN coalesce(left(r.logs, 200), 'no log') ELSE r.applied_steps_count || ' steps' END;
            started_at := r.started_at; finished_at := r.finished_at;
            RETURN NEXT;
        END LOOP;
    END IF;
END
$$;
COMMENT ON FUNCTION clinic.migration_status(regnamespace) IS
    'The extension''s installed vs default version and update path (for clinic''s schema), and each _prisma_migrations row''s state: applied, failed or rolled back.';
