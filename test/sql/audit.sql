-- clinic.audit on the extension's own schema, seeded: no check fails. Statistics-based checks
-- (index.unused, table.bloat) and sizes (table.sizes) are left out of the rows shown: they depend on when
-- statistics flush and autovacuum runs.
-- The server's version (extension.version) is masked: the suite runs on several majors.
SELECT check_id, checklist_item, category, status, severity,
       regexp_replace(actual, '^server [0-9.]+,', 'server N,') AS actual
  FROM clinic.audit() WHERE check_id NOT IN ('index.unused', 'table.sizes', 'table.bloat');
SELECT count(*) FILTER (WHERE status = 'fail') AS failed,
       count(*) FILTER (WHERE checklist_item IS NOT NULL) AS checklist_checks,
       count(DISTINCT checklist_item) AS checklist_items_covered
  FROM clinic.audit();
-- The warnings name their objects exactly.
SELECT check_id, detail FROM clinic.audit() WHERE status = 'warn' AND check_id NOT IN ('index.unused', 'table.bloat') ORDER BY 1;
-- Every row is complete, and remediation is given exactly for warn and fail.
SELECT count(*) AS incomplete FROM clinic.audit()
 WHERE check_id IS NULL OR category IS NULL OR title IS NULL OR severity IS NULL OR expected IS NULL
    OR actual IS NULL OR jsonb_typeof(detail) <> 'array'
    OR (status IN ('warn', 'fail')) <> (remediation IS NOT NULL);

-- Bad input: a clear error with a SQLSTATE.
SELECT regress.try($$SELECT * FROM clinic.audit(NULL)$$);
SELECT regress.try($$SELECT * FROM clinic.audit('no_such_schema')$$);
SELECT regress.try($$SELECT * FROM clinic.audit(4000000000::oid::regnamespace)$$);
SELECT regress.try($$SELECT clinic.audit_report('clinic', 'pdf')$$);
SELECT regress.try($$SELECT clinic.audit_report('clinic', NULL)$$);
SELECT regress.try($$SELECT * FROM clinic.audit('"we""ird; DROP TABLE x"')$$);
-- A schema the caller may not use.
CREATE SCHEMA regress_private;
CREATE ROLE regress_auditor_only IN ROLE clinic_auditor;
GRANT USAGE ON SCHEMA regress TO regress_auditor_only;
GRANT EXECUTE ON FUNCTION regress.try(text) TO regress_auditor_only;
SET ROLE regress_auditor_only;
SELECT regress.try($$SELECT count(*) FROM clinic.audit('regress_private')$$);
SELECT regress.try($$SELECT count(*) FROM clinic.audit('clinic')$$) AS auditors_may_audit;
RESET ROLE;
REVOKE ALL ON SCHEMA regress FROM regress_auditor_only;
REVOKE ALL ON FUNCTION regress.try(text) FROM regress_auditor_only;
DROP ROLE regress_auditor_only;
DROP SCHEMA regress_private;
-- PUBLIC may not audit.
SELECT has_function_privilege('public', 'clinic.audit(regnamespace)', 'EXECUTE') AS public_may_audit,
       has_function_privilege('public', 'clinic.audit(regnamespace, text)', 'EXECUTE') AS public_may_audit_profile,
       has_function_privilege('public', 'clinic.audit_profile(regnamespace)', 'EXECUTE') AS public_may_ask_profile;

-- Placeholder values in PHI text are found (seed data quality).
BEGIN;
UPDATE clinic.patients SET first_name = 'test123' WHERE mrn = 'MRN-100231';
UPDATE clinic.allergies SET reaction = 'Lorem ipsum dolor' WHERE id = 'a11e0000-0000-4000-8000-000000000001';
SELECT status, actual, detail FROM clinic.audit() WHERE check_id = 'seed.placeholder_values';
ROLLBACK;

-- Suppressions: a DBA accepts a finding for a named object, with a reason, until a date.
SELECT clinic.audit_suppress('clinic', 'columns.defaults', 'consent_records.status',
                             'Consent must be stated explicitly, never defaulted', DATE '2999-12-31');
SELECT check_id, status, actual, detail FROM clinic.audit() WHERE check_id IN ('columns.defaults', 'audit.suppressions');
-- Expired, it no longer applies, and is reported.
UPDATE clinic_audit.suppressions SET expires_on = DATE '2000-01-01';
SELECT check_id, status, actual, detail FROM clinic.audit() WHERE check_id IN ('columns.defaults', 'audit.suppressions');
-- Bad input.
SELECT regress.try($$SELECT clinic.audit_suppress('clinic', 'no.such.check', NULL, 'why', DATE '2999-01-01')$$);
SELECT regress.try($$SELECT clinic.audit_suppress('clinic', 'columns.defaults', NULL, 'why', DATE '2000-01-01')$$);
SELECT regress.try($$SELECT clinic.audit_suppress('clinic', 'columns.defaults', NULL, NULL, DATE '2999-01-01')$$);
SELECT regress.try($$SELECT clinic.audit_suppress('clinic', 'columns.defaults', NULL, '   ', DATE '2999-01-01')$$);
DELETE FROM clinic_audit.suppressions;

-- Recorded runs, for trends and evidence.
SELECT clinic.audit_record() > 0 AS recorded;
SELECT clinic.audit_record('clinic', 'generic') > 0 AS recorded_generic;
-- Each run with its profile: detected (clinic) or named; the policies skip under generic.
SELECT schema_name, profile, failed, passed + warnings + failed + skipped = jsonb_array_length(findings) AS complete,
       (SELECT count(*) FROM jsonb_array_elements(findings) f
         WHERE f ->> 'status' = 'skip' AND f ->> 'actual' LIKE 'a policy of the clinic checklist%') AS policies_skipped
  FROM clinic_audit.runs ORDER BY run_id;
SELECT regress.try($$SELECT clinic.audit_record(NULL)$$);
SELECT regress.try($$SELECT clinic.audit_record('clinic', 'strict')$$);
DELETE FROM clinic_audit.runs;

-- Migration status of the extension itself.
SELECT * FROM clinic.migration_status();
