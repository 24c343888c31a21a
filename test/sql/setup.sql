-- Helpers for the regression suite (schema regress, kept for later files).
CREATE SCHEMA regress;

-- Runs a statement and reports how it ended: "ok (N rows)" or
-- "SQLSTATE [constraint]: message". Lets a test assert an error's identity compactly.
CREATE FUNCTION regress.try(statement text) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
    state text;
    msg text;
    cons text;
BEGIN
    EXECUTE statement;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN 'ok (' || n || ' rows)';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, cons = CONSTRAINT_NAME;
    RETURN state || CASE WHEN cons <> '' THEN ' [' || cons || ']' ELSE '' END || ': ' || msg;
END
$$;
SELECT regress.try('SELECT 1');
SELECT regress.try('SELECT 1/0');
