-- Drift of the extension's own schema against the manifest of the installed version.

CREATE FUNCTION clinic.drift(
        OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- plpgsql: clinic._manifest() is created at the end of the install script.
    AS $$ BEGIN RETURN QUERY SELECT * FROM clinic.schema_diff(clinic._manifest(), clinic.schema_snapshot('clinic')); END $$;
COMMENT ON FUNCTION clinic.drift() IS
    'Differences between the live clinic schema and the manifest shipped with the installed version (a snapshot of a fresh install). No rows: no drift.';
GRANT EXECUTE ON FUNCTION clinic.drift() TO clinic_admin, clinic_auditor;
