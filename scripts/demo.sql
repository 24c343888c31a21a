-- What scripts/demo.sh runs in the fresh demo database.
\set ECHO none
SET client_min_messages = warning;
-- The prerequisites in a schema only a superuser owns: in public (the database owner's in
-- PostgreSQL 15) they would be the database owner's to drop or shadow.
CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto SCHEMA extensions;
CREATE EXTENSION btree_gist SCHEMA extensions;
CREATE EXTENSION clinic;
\echo
\echo '== clinic extension'
SELECT * FROM clinic.version_check();
\echo '== demo data (clinic.seed_demo(): rows inserted)'
SELECT * FROM clinic.seed_demo();
\echo '== audit report: SELECT clinic.audit_report();'
\pset format unaligned
\pset tuples_only on
SELECT clinic.audit_report();
