-- clinic 1.0 -> 1.1, applied by ALTER EXTENSION clinic UPDATE (make appends the 1.1 manifest).
-- 1.1: every function taking a target schema makes the same checks, in one place
-- (clinic._target_schema: 22004 for NULL, 3F000 when missing, 42501 without USAGE), so
-- migration_status no longer answers for a schema the caller may not read or that does not
-- exist; error messages quote at most 64 bytes of a bad argument; an expiry of -infinity is
-- named in its error; the functions that read a target's rows run with row_security off (a
-- policy that applies is an error, not a partial answer) and validate() checks SELECT on each
-- table it scans. No table changes: every row stays as it is.
\echo Use "ALTER EXTENSION clinic UPDATE TO '1.1'" to load this file. \quit
-- Search only pg_catalog, as the install script does (see src/sql/00_header.sql).
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

CREATE FUNCTION clinic._target_schema(target regnamespace) RETURNS name
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_target_schema';
COMMENT ON FUNCTION clinic._target_schema(regnamespace) IS
    'The target schema''s name, after the checks of every function taking one: 22004 for NULL, 3F000 when it does not exist, 42501 without USAGE on it.';
REVOKE ALL ON FUNCTION clinic._target_schema(regnamespace) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._target_schema(regnamespace) TO clinic_admin, clinic_auditor;

CREATE OR REPLACE FUNCTION clinic._validation_rules_edit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT FROM clinic.validation_rules r WHERE r.check_id = NEW.check_id) THEN
            UPDATE clinic.validation_rules r
               SET threshold = NEW.threshold, low = NEW.low, high = NEW.high, enabled = NEW.enabled
             WHERE r.check_id = NEW.check_id;
            RETURN NULL;
        END IF;
        IF NOT EXISTS (SELECT FROM clinic._validation_rule_defaults() d WHERE d.check_id = NEW.check_id) THEN
            RAISE EXCEPTION 'unknown check "%"', pg_catalog.left(NEW.check_id, 64)
                USING ERRCODE = '22023', HINT = 'Checks are built in; a DBA edits their threshold, low, high and enabled.';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.check_id, NEW.check_type, NEW.category, NEW.table_name, NEW.column_name,
        NEW.default_threshold, NEW.default_low, NEW.default_high)
       IS DISTINCT FROM
       (OLD.check_id, OLD.check_type, OLD.category, OLD.table_name, OLD.column_name,
        OLD.default_threshold, OLD.default_low, OLD.default_high) THEN
        RAISE EXCEPTION 'only threshold, low, high and enabled of a validation rule can change'
            USING ERRCODE = '23514', CONSTRAINT = 'validation_rules_catalogue_immutable',
                  TABLE = 'validation_rules', SCHEMA = 'clinic';
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION clinic.audit_suppress(target regnamespace, check_id text, object_name text,
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
    IF EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace = target
                 AND c.relname = '_prisma_migrations' AND c.relkind = 'r') THEN
        FOR r IN EXECUTE format(
            'SELECT migration_name::text AS m, started_at, finished_at, rolled_back_at, applied_steps_count, logs
               FROM %I._prisma_migrations ORDER BY started_at, migration_name', nsp)
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

ALTER FUNCTION clinic.validate(regnamespace, text[], integer) SET row_security = off;
ALTER FUNCTION clinic.audit(regnamespace) SET row_security = off;
ALTER FUNCTION clinic.audit_report(regnamespace, text) SET row_security = off;
ALTER FUNCTION clinic.audit(regnamespace) SET check_function_bodies = on;
ALTER FUNCTION clinic.audit_report(regnamespace, text) SET check_function_bodies = on;
ALTER FUNCTION clinic.schema_snapshot(regnamespace) SET row_security = off;

CREATE FUNCTION clinic._jsonb_image_matches(json text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_jsonb_image_matches';
COMMENT ON FUNCTION clinic._jsonb_image_matches(text) IS
    'Whether the extension''s jsonb encoder writes this JSON text byte for byte as jsonb_in does (NULL when it is not JSON); for tests only.';
REVOKE ALL ON FUNCTION clinic._jsonb_image_matches(text) FROM PUBLIC;
