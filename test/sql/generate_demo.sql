-- clinic.generate_demo: deterministic synthetic charts loaded through COPY, valid by every
-- constraint (a violation would abort the load).
BEGIN;
SELECT * FROM clinic.generate_demo(300, 11);
-- Deterministic: the same seed gives the same rows (audit timestamps aside).
SELECT md5((SELECT string_agg((p.id, p.mrn, p.first_name, p.last_name, p.date_of_birth, p.sex, p.postal_code, p.deceased_at)::text, '' ORDER BY p.id) FROM clinic.patients p) ||
           (SELECT string_agg((a.id, a.provider_id, a.appointment_date, a.status)::text, '' ORDER BY a.id) FROM clinic.appointments a)) AS first_run \gset
ROLLBACK;
BEGIN;
SELECT sum(inserted) AS rows FROM clinic.generate_demo(300, 11);
SELECT md5((SELECT string_agg((p.id, p.mrn, p.first_name, p.last_name, p.date_of_birth, p.sex, p.postal_code, p.deceased_at)::text, '' ORDER BY p.id) FROM clinic.patients p) ||
           (SELECT string_agg((a.id, a.provider_id, a.appointment_date, a.status)::text, '' ORDER BY a.id) FROM clinic.appointments a)) = :'first_run' AS same_rows_again;
-- Every completed visit has its note and vitals; no provider is double-booked (the exclusion
-- constraint held during the load); audit columns name the generator.
SELECT count(*) FILTER (WHERE status = 'completed') AS completed,
       (SELECT count(*) FROM clinic.medical_records) AS records,
       (SELECT count(*) FROM clinic.vital_signs) AS vitals
  FROM clinic.appointments;
SELECT DISTINCT created_by FROM clinic.appointments;
-- The charts are clinically consistent where no constraint says so: a deceased patient's visits
-- all come before the death, and prescriptions fall in the validator's window of their visit.
SELECT count(DISTINCT p.id) FILTER (WHERE p.deceased_at IS NOT NULL) > 0 AS some_deceased,
       count(*) FILTER (WHERE a.appointment_date > p.deceased_at) AS visits_after_death
  FROM clinic.patients p JOIN clinic.appointments a ON a.patient_id = p.id;
SET LOCAL client_min_messages = warning;
SELECT check_id, status, violated_rows, total_rows > 0 AS judged
  FROM clinic.validate(checks => ARRAY['prescriptions.prescribed_at.visit_window']);
-- Loading the same seed twice collides on its ids.
SELECT regress.try('SELECT * FROM clinic.generate_demo(300, 11)');
ROLLBACK;
-- Like COPY, it refuses a read-only transaction and tables under row-level security.
BEGIN READ ONLY;
SELECT regress.try('SELECT * FROM clinic.generate_demo(5, 1)');
ROLLBACK;
-- (A superuser bypasses row-level security, as with COPY; an administrator does not.)
CREATE ROLE regress_admin IN ROLE clinic_admin;
GRANT USAGE ON SCHEMA regress TO regress_admin;
GRANT EXECUTE ON FUNCTION regress.try(text) TO regress_admin;
BEGIN;
ALTER TABLE clinic.patients ENABLE ROW LEVEL SECURITY;
SET LOCAL ROLE regress_admin;
SELECT regress.try('SELECT * FROM clinic.generate_demo(5, 1)');
ROLLBACK;
REVOKE ALL ON FUNCTION regress.try(text) FROM regress_admin;
REVOKE ALL ON SCHEMA regress FROM regress_admin;
DROP ROLE regress_admin;
-- Bad arguments.
SELECT regress.try('SELECT * FROM clinic.generate_demo(0, 1)');
SELECT regress.try('SELECT * FROM clinic.generate_demo(10000001, 1)');
SELECT count(*) AS rows_for_null_patients FROM clinic.generate_demo(NULL, 1);
-- Only roles with INSERT on the tables (and EXECUTE) may load.
CREATE ROLE regress_loader;
GRANT USAGE ON SCHEMA regress TO regress_loader;
GRANT EXECUTE ON FUNCTION regress.try(text) TO regress_loader;
GRANT EXECUTE ON FUNCTION clinic.generate_demo(integer, integer) TO regress_loader;
GRANT USAGE ON SCHEMA clinic TO regress_loader;
SET ROLE regress_loader;
SELECT regress.try('SELECT * FROM clinic.generate_demo(5, 1)');
RESET ROLE;
REVOKE ALL ON FUNCTION clinic.generate_demo(integer, integer) FROM regress_loader;
REVOKE ALL ON SCHEMA clinic FROM regress_loader;
REVOKE ALL ON FUNCTION regress.try(text) FROM regress_loader;
REVOKE ALL ON SCHEMA regress FROM regress_loader;
DROP ROLE regress_loader;
