-- The schema audit (C++: src/audit/audit.cpp, src/audit/loader.cpp, src/core/audit/checks.cpp).

CREATE FUNCTION clinic._target_schema(target regnamespace) RETURNS name
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_target_schema';
COMMENT ON FUNCTION clinic._target_schema(regnamespace) IS
    'The target schema''s name, after the checks of every function taking one: 22004 for NULL, 3F000 when it does not exist, 42501 without USAGE on it.';
REVOKE ALL ON FUNCTION clinic._target_schema(regnamespace) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._target_schema(regnamespace) TO clinic_admin, clinic_auditor;

CREATE FUNCTION clinic.audit_profile(target regnamespace DEFAULT 'clinic',
        OUT profile text, OUT reason text)
    RETURNS record
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_profile';
COMMENT ON FUNCTION clinic.audit_profile(regnamespace) IS
    'The profile clinic.audit() uses for the schema when none is named, and why: clinic for clinic''s own schema, prisma where Prisma''s _prisma_migrations table is, else generic. 22004 for a NULL target.';

-- Each with and without a profile (one C function each): the forms without it keep the
-- signatures of 1.1, so views over them and grants on them survive ALTER EXTENSION UPDATE.
CREATE FUNCTION clinic.audit(target regnamespace DEFAULT 'clinic',
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

CREATE FUNCTION clinic.audit_report(target regnamespace DEFAULT 'clinic', format text DEFAULT 'text')
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
