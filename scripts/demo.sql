-- What scripts/demo.sh runs in the fresh demo database.
\set ECHO none
CREATE EXTENSION clinic CASCADE;
\echo '== clinic extension'
SELECT * FROM clinic.version_check();
