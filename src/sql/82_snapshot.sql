-- Schema snapshots and their differences (C++: src/audit/snapshot.cpp, src/core/audit/snapshot.cpp).

CREATE FUNCTION clinic.schema_snapshot(target regnamespace DEFAULT 'clinic') RETURNS jsonb
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
    AS 'MODULE_PATHNAME', 'clinic_schema_snapshot';
COMMENT ON FUNCTION clinic.schema_snapshot(regnamespace) IS
    'A canonical, deterministic description of a schema: tables, columns, types, nullability, defaults, constraints with FK actions, indexes, triggers and whether enabled, RLS and policies, grants, comments, enums with ordered labels, functions.';

CREATE FUNCTION clinic.schema_diff(expected jsonb, actual jsonb,
        OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)
    RETURNS SETOF record
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_schema_diff';
COMMENT ON FUNCTION clinic.schema_diff(jsonb, jsonb) IS
    'One row per difference between two schema snapshots: change is missing (expected, not found), unexpected (found, not expected) or altered (expected and actual hold only the properties that differ).';
