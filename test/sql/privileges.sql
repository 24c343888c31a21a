-- Least privilege: what PUBLIC and each group role may do, asserted as a matrix, then exercised.
-- S=SELECT I=INSERT U=UPDATE D=DELETE T=TRUNCATE; lower case = on some columns only.
SELECT c.relname AS table_name, r.role,
       CASE WHEN has_table_privilege(r.role, c.oid, 'SELECT') THEN 'S'
            WHEN has_any_column_privilege(r.role, c.oid, 'SELECT') THEN 's' ELSE '-' END ||
       CASE WHEN has_table_privilege(r.role, c.oid, 'INSERT') THEN 'I' ELSE '-' END ||
       CASE WHEN has_table_privilege(r.role, c.oid, 'UPDATE') THEN 'U'
            WHEN has_any_column_privilege(r.role, c.oid, 'UPDATE') THEN 'u' ELSE '-' END ||
       CASE WHEN has_table_privilege(r.role, c.oid, 'DELETE') THEN 'D' ELSE '-' END ||
       CASE WHEN has_table_privilege(r.role, c.oid, 'TRUNCATE') THEN 'T' ELSE '-' END AS privileges
  FROM pg_class c
 CROSS JOIN unnest(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor']) r(role)
 WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
 ORDER BY 1, array_position(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor'], r.role)
\crosstabview table_name role privileges

-- Columns: wherever a role's access to a column differs from its access to the whole table
-- (column grants). S/I/U = may SELECT/INSERT/UPDATE the column.
SELECT c.relname AS table_name, r.role,
       CASE WHEN has_column_privilege(r.role, c.oid, a.attnum, 'SELECT') THEN 'S' ELSE '-' END ||
       CASE WHEN has_column_privilege(r.role, c.oid, a.attnum, 'INSERT') THEN 'I' ELSE '-' END ||
       CASE WHEN has_column_privilege(r.role, c.oid, a.attnum, 'UPDATE') THEN 'U' ELSE '-' END AS privileges,
       string_agg(a.attname, ', ' ORDER BY a.attnum) AS columns
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 CROSS JOIN unnest(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor']) r(role)
 WHERE c.relnamespace IN ('clinic'::regnamespace, 'clinic_audit'::regnamespace) AND c.relkind = 'r'
   AND (has_column_privilege(r.role, c.oid, a.attnum, 'SELECT') <> has_table_privilege(r.role, c.oid, 'SELECT')
     OR has_column_privilege(r.role, c.oid, a.attnum, 'INSERT') <> has_table_privilege(r.role, c.oid, 'INSERT')
     OR has_column_privilege(r.role, c.oid, a.attnum, 'UPDATE') <> has_table_privilege(r.role, c.oid, 'UPDATE'))
 GROUP BY 1, 2, 3
 ORDER BY 1, array_position(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor'], r.role), 3;

-- The audit engine's own tables, schemas and sequences.
SELECT c.oid::regclass AS relation, r.role,
       CASE WHEN has_table_privilege(r.role, c.oid, 'SELECT') THEN 'S' ELSE '-' END ||
       CASE WHEN c.relkind = 'S' THEN CASE WHEN has_sequence_privilege(r.role, c.oid, 'USAGE') THEN 'u' ELSE '-' END
            ELSE CASE WHEN has_table_privilege(r.role, c.oid, 'INSERT') THEN 'I' ELSE '-' END ||
                 CASE WHEN has_table_privilege(r.role, c.oid, 'UPDATE') THEN 'U' ELSE '-' END ||
                 CASE WHEN has_table_privilege(r.role, c.oid, 'DELETE') THEN 'D' ELSE '-' END END AS privileges
  FROM pg_class c
 CROSS JOIN unnest(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor']) r(role)
 WHERE (c.relnamespace = 'clinic_audit'::regnamespace AND c.relkind IN ('r', 'S'))
    OR (c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'S')
 ORDER BY c.oid::regclass::text, array_position(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor'], r.role)
\crosstabview relation role privileges
SELECT n.nspname AS schema, r.role,
       CASE WHEN has_schema_privilege(r.role, n.oid, 'USAGE') THEN 'usage' ELSE '-' END ||
       CASE WHEN has_schema_privilege(r.role, n.oid, 'CREATE') THEN '+create' ELSE '' END AS privileges
  FROM pg_namespace n
 CROSS JOIN unnest(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor']) r(role)
 WHERE n.nspname IN ('clinic', 'clinic_audit')
 ORDER BY 1, array_position(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor'], r.role)
\crosstabview schema role privileges

-- Who can read password hashes.
SELECT r AS role, has_column_privilege(r, 'clinic.providers', 'password_hash', 'SELECT') AS reads_password_hash
  FROM unnest(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor']) r;

-- Functions each role may execute (PUBLIC's are inherited by every role).
SELECT p.oid::regprocedure AS function,
       string_agg(r, ' ' ORDER BY r) FILTER (WHERE has_function_privilege(r, p.oid, 'EXECUTE')) AS executable_by
  FROM pg_proc p
 CROSS JOIN unnest(ARRAY['public', 'clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor']) r
 WHERE p.pronamespace = 'clinic'::regnamespace
 GROUP BY p.oid ORDER BY p.oid::regprocedure::text;

-- Group roles cannot log in.
SELECT rolname, rolcanlogin, rolsuper, rolinherit FROM pg_roles WHERE rolname LIKE 'clinic\_%' ORDER BY 1;

-- Exercise them through login roles that are members.
CREATE ROLE regress_desk LOGIN IN ROLE clinic_front_desk;
CREATE ROLE regress_doc LOGIN IN ROLE clinic_clinician;
CREATE ROLE regress_auditor LOGIN IN ROLE clinic_auditor;
CREATE ROLE regress_nobody LOGIN;
GRANT USAGE ON SCHEMA regress TO regress_desk, regress_doc, regress_auditor, regress_nobody;
GRANT EXECUTE ON FUNCTION regress.try(text) TO regress_desk, regress_doc, regress_auditor, regress_nobody;

SET ROLE regress_desk;
SET clinic.actor = 'desk.amy';
SELECT regress.try($$INSERT INTO clinic.patients (mrn, first_name, last_name, date_of_birth, sex) VALUES ('P-1', 'Noor', 'Ali', '1999-09-09', 'female')$$) AS desk_registers_patient;
SELECT regress.try($$SELECT first_name, last_name, email FROM clinic.providers$$) AS desk_reads_provider_names;
SELECT regress.try($$SELECT password_hash FROM clinic.providers$$) AS desk_reads_hash;
SELECT regress.try($$SELECT * FROM clinic.medical_records$$) AS desk_reads_notes;
SELECT regress.try($$DELETE FROM clinic.patients WHERE mrn = 'P-1'$$) AS desk_deletes_patient;
SELECT regress.try($$SELECT clinic.verify_provider_password('doctor@example.com', 'password123')$$) AS desk_checks_login;
SELECT regress.try($$SELECT * FROM clinic.seed_demo()$$) AS desk_seeds;
RESET ROLE;

SET ROLE regress_doc;
BEGIN;  -- the clinician's writes are undone afterwards
SET clinic.actor = 'dr.mitchell';
SELECT regress.try($$UPDATE clinic.appointments SET status = 'checked_in' WHERE id = 'a9900000-0000-4000-8000-000000000003'$$) AS doc_updates_status;
SELECT regress.try($$UPDATE clinic.appointments SET provider_id = provider_id WHERE id = 'a9900000-0000-4000-8000-000000000003'$$) AS doc_rebooks;
SELECT regress.try($$UPDATE clinic.allergies SET reaction = 'Urticaria' WHERE id = 'a11e0000-0000-4000-8000-000000000001'$$) AS doc_edits_allergy;
SELECT regress.try($$DELETE FROM clinic.allergies$$) AS doc_deletes;
SELECT regress.try($$UPDATE clinic.patients SET phone = '1'$$) AS doc_edits_demographics;
SELECT updated_by FROM clinic.allergies WHERE id = 'a11e0000-0000-4000-8000-000000000001';
ROLLBACK;
RESET ROLE;

SET ROLE regress_auditor;
SELECT regress.try($$SELECT count(*) FROM clinic.medical_records$$) AS auditor_reads;
SELECT regress.try($$UPDATE clinic.patients SET phone = '1'$$) AS auditor_writes;
SELECT regress.try($$SELECT password_hash FROM clinic.providers$$) AS auditor_reads_hash;
RESET ROLE;

-- An administrator seeds (in a transaction rolled back: the seed suite owns the seeded rows), and
-- no auditor or administrator writes the audit's own records directly.
CREATE ROLE regress_admin LOGIN IN ROLE clinic_admin;
GRANT USAGE ON SCHEMA regress TO regress_admin;
GRANT EXECUTE ON FUNCTION regress.try(text) TO regress_admin;
SET ROLE regress_admin;
BEGIN;
SELECT regress.try($$SELECT * FROM clinic.seed_demo()$$) AS admin_seeds;
ROLLBACK;
SELECT regress.try($$INSERT INTO clinic_audit.baselines (schema_name, taken_at, snapshot) VALUES ('public', '9999-12-31', '{}')$$) AS admin_forges_baseline;
SELECT regress.try($$INSERT INTO clinic_audit.runs (schema_name, passed, warnings, failed, skipped, findings) VALUES ('public', 1, 0, 0, 0, '[]')$$) AS admin_forges_run;
SELECT regress.try($$INSERT INTO clinic_audit.repositories (schema_name, recorded_by, migrations) VALUES ('public', 'x', '{}')$$) AS admin_forges_repository;
RESET ROLE;
SET ROLE regress_auditor;
SELECT regress.try($$INSERT INTO clinic_audit.baselines (schema_name, taken_at, snapshot) VALUES ('public', '9999-12-31', '{}')$$) AS auditor_forges_baseline;
BEGIN;
SELECT regress.try($$SELECT clinic.audit_baseline('public')$$) AS auditor_takes_baseline;
SELECT clinic.audit_record('public') IS NOT NULL AS auditor_records_run;
-- A recorded repository (pending, unknown migrations) and a baseline (drift) change verdicts, as
-- a suppression does: the administrator's to record, not the auditor's.
SELECT regress.try($$SELECT clinic.audit_repository('public', ARRAY['20251221153503_init'])$$) AS auditor_records_repository;
SELECT schema_name, taken_by FROM clinic_audit.baselines WHERE schema_name = 'public';
SELECT schema_name, ran_by FROM clinic_audit.runs WHERE schema_name = 'public';
ROLLBACK;
RESET ROLE;
SET ROLE regress_admin;
BEGIN;
SELECT clinic.audit_repository('public', ARRAY['20251221153503_init']) AS admin_records_repository;
SELECT schema_name, recorded_by, migrations FROM clinic_audit.repositories WHERE schema_name = 'public';
SELECT clinic.audit_baseline('public') IS NOT NULL AS admin_takes_baseline;
SELECT schema_name, taken_by FROM clinic_audit.baselines WHERE schema_name = 'public';
ROLLBACK;
RESET ROLE;

SET ROLE regress_nobody;
SELECT regress.try($$SELECT count(*) FROM clinic.patients$$) AS nobody_reads;
SELECT regress.try($$SELECT clinic.is_valid_npi('1234567893')$$) AS nobody_checks_npi;
RESET ROLE;
RESET clinic.actor;

DELETE FROM clinic.patients WHERE mrn = 'P-1';
REVOKE ALL ON FUNCTION regress.try(text) FROM regress_desk, regress_doc, regress_auditor, regress_nobody, regress_admin;
REVOKE ALL ON SCHEMA regress FROM regress_desk, regress_doc, regress_auditor, regress_nobody, regress_admin;
DROP ROLE regress_desk, regress_doc, regress_auditor, regress_nobody, regress_admin;
