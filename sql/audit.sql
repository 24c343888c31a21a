-- clinic.audit on the extension's own schema, seeded: no check fails. Statistics-based checks
-- (index.unused) and sizes (table.sizes) are left out of the rows shown: they depend on when
-- statistics flush and autovacuum runs.
SELECT check_id, checklist_item, category, status, severity, actual
  FROM clinic.audit() WHERE check_id NOT IN ('index.unused', 'table.sizes');
SELECT count(*) FILTER (WHERE status = 'fail') AS failed,
       count(*) FILTER (WHERE checklist_item IS NOT NULL) AS checklist_checks,
       count(DISTINCT checklist_item) AS checklist_items_covered
  FROM clinic.audit();
-- The warnings name their objects exactly.
SELECT check_id, detail FROM clinic.audit() WHERE status = 'warn' AND check_id <> 'index.unused' ORDER BY 1;
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
SELECT has_function_privilege('public', 'clinic.audit(regnamespace)', 'EXECUTE') AS public_may_audit;
