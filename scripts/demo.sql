-- What scripts/demo.sh runs in the fresh demo database.
\set ECHO none
SET client_min_messages = warning;
CREATE EXTENSION clinic CASCADE;
\echo
\echo '== clinic extension'
SELECT * FROM clinic.version_check();
\echo '== demo data (clinic.seed_demo(): rows inserted)'
SELECT * FROM clinic.seed_demo();
\echo '== schema report (the full audit report replaces this once clinic.audit exists)'
SELECT c.relname AS table_name,
       (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid) AS indexes,
       (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f') AS foreign_keys,
       (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c') AS checks,
       (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) AS triggers,
       c.oid = ANY (e.extconfig) AS dumped_by_pg_dump,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS documented
  FROM pg_class c, pg_extension e
 WHERE e.extname = 'clinic' AND c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
 ORDER BY 1;
