-- Core: library version and the C++ boundary self-test.

CREATE FUNCTION clinic.version() RETURNS text
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_version';
COMMENT ON FUNCTION clinic.version() IS
    'Version of the loaded clinic shared library (compare with pg_extension.extversion).';

CREATE FUNCTION clinic.version_check(
        OUT library_version text, OUT sql_version text, OUT matches boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT clinic.version(), e.extversion, clinic.version() = e.extversion
          FROM pg_catalog.pg_extension e
         WHERE e.extname = 'clinic'
    $$;
COMMENT ON FUNCTION clinic.version_check() IS
    'Library version, installed SQL version, and whether they match (a mismatch is a broken upgrade).';

CREATE FUNCTION clinic._boundary_selftest(kind text) RETURNS text
    LANGUAGE c VOLATILE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_boundary_selftest';
COMMENT ON FUNCTION clinic._boundary_selftest(text) IS
    'Raises each kind of C++/PostgreSQL failure the error boundary handles; for tests only.';
REVOKE ALL ON FUNCTION clinic._boundary_selftest(text) FROM PUBLIC;

CREATE FUNCTION clinic._jsonb_image_matches(json_text text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_jsonb_image_matches';
COMMENT ON FUNCTION clinic._jsonb_image_matches(text) IS
    'Whether the extension''s jsonb encoder writes this JSON text byte for byte as jsonb_in does (NULL when it is not JSON); for tests only.';
REVOKE ALL ON FUNCTION clinic._jsonb_image_matches(text) FROM PUBLIC;
