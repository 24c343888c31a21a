-- The loaded library and the installed SQL agree on the version.
SELECT clinic.version() = extversion AS library_matches_sql
  FROM pg_extension WHERE extname = 'clinic';
SELECT library_version ~ '^[0-9]+\.[0-9]+$' AS well_formed, matches FROM clinic.version_check();
-- A mismatch is reported, not hidden: pretend the catalog says another version.
BEGIN;
UPDATE pg_extension SET extversion = '0.9' WHERE extname = 'clinic';
SELECT sql_version, matches FROM clinic.version_check();
ROLLBACK;
SELECT matches FROM clinic.version_check();
