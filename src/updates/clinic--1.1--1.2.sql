-- clinic 1.1 -> 1.2: security hardening (doc/security.md).
\echo Use "ALTER EXTENSION clinic UPDATE TO '1.2'" to load this file. \quit
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
