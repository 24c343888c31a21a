-- What scripts/demo.sh runs in the fresh demo database.
\set ECHO none
SET client_min_messages = warning;
CREATE EXTENSION clinic CASCADE;
\echo
\echo '== clinic extension'
SELECT * FROM clinic.version_check();
\echo '== demo data (clinic.seed_demo(): rows inserted)'
SELECT * FROM clinic.seed_demo();
\echo '== audit report: SELECT clinic.audit_report();'
\pset format unaligned
\pset tuples_only on
SELECT clinic.audit_report();
