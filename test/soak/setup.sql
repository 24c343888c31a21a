-- The concurrency soak's database: demo charts, and numbered lookups for pgbench's random picks.
SET client_min_messages = warning;
CREATE EXTENSION clinic CASCADE;
SELECT count(*) FROM clinic.generate_demo(200, 11);
CREATE SCHEMA soak;
CREATE TABLE soak.patients AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM clinic.patients;
CREATE TABLE soak.providers AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM clinic.providers;
CREATE TABLE soak.allergies AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM clinic.allergies;
CREATE UNIQUE INDEX ON soak.patients (n);
CREATE UNIQUE INDEX ON soak.providers (n);
CREATE UNIQUE INDEX ON soak.allergies (n);
