-- clinic 1.1 -> 1.2: security hardening (doc/security.md).
\echo Use "ALTER EXTENSION clinic UPDATE TO '1.2'" to load this file. \quit
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

-- Trail hardening
COMMENT ON FUNCTION clinic.log_access(uuid, text) IS
    'Records a read of a patient''s chart (HIPAA access audit) in the patient''s chain with its purpose; returns the row''s seq. 23503 for an unknown patient, 22023 for an empty purpose, 22001 for a purpose over 1,000 characters.';
