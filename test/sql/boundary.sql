-- The C++/PostgreSQL error boundary: every kind of failure becomes an ERROR with the right
-- SQLSTATE, the session stays usable, and no C++ object is leaked by a PostgreSQL error.
\set VERBOSITY default
\set SHOW_CONTEXT never

-- The postmaster must not restart during this test (a crash restarts it).
SELECT pg_postmaster_start_time() AS started \gset

SELECT clinic._boundary_selftest('ok');

-- A clinic::Error keeps its own SQLSTATE (22023, shown below), detail and hint.
SELECT clinic._boundary_selftest('clinic_error');

-- Foreign exceptions become internal errors (XX000) or out_of_memory (53200), never a crash.
DO $$
DECLARE
    k text;
    state text;
    msg text;
BEGIN
    FOREACH k IN ARRAY ARRAY['clinic_error', 'std_exception', 'bad_alloc', 'unknown_exception',
                             'pg_error', 'pg_error_nested', 'pg_error_caught_in_cpp'] LOOP
        BEGIN
            PERFORM clinic._boundary_selftest(k);
            RAISE EXCEPTION 'self-test % did not fail', k;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            RAISE NOTICE '% -> % %', k, state, msg;
        END;
    END LOOP;
END
$$;

-- PostgreSQL errors raised inside guarded code keep their SQLSTATE and message.
SELECT clinic._boundary_selftest('pg_error');
SELECT clinic._boundary_selftest('pg_error_nested');
SELECT clinic._boundary_selftest('pg_error_caught_in_cpp');

-- Every C++ object alive when those errors were raised was destroyed.
SELECT clinic._boundary_selftest('live_objects') AS live_objects;

-- Unknown input is rejected with invalid_parameter_value and a hint; NULL is STRICT.
SELECT clinic._boundary_selftest('nonsense');
SELECT clinic._boundary_selftest(NULL) IS NULL AS strict_null;

-- The same session still works, inside and after a failed transaction.
-- An internal error names the C++ function it came from.
\set SHOW_CONTEXT errors
BEGIN;
SELECT clinic._boundary_selftest('std_exception');
ROLLBACK;
\set SHOW_CONTEXT never
SELECT clinic._boundary_selftest('ok') AS still_usable;
-- A message over the boundary's 511 bytes is cut at a character, never inside one.
SELECT length(m) AS characters, octet_length(m) AS bytes, m ~ '^(é)+$' AS whole_characters
  FROM (SELECT substring(regress.try($$SELECT clinic._boundary_selftest('long_utf8')$$) FROM 8) AS m) x;
SELECT pg_postmaster_start_time() = :'started' AS server_not_restarted;

-- Only superusers (and roles granted it explicitly) may run the self-test.
SELECT has_function_privilege('public', 'clinic._boundary_selftest(text)', 'EXECUTE') AS public_can_execute;
