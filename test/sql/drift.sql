-- The manifest shipped with the extension matches a fresh install: no drift. (If this fails
-- after a schema change, regenerate it: bash scripts/make_manifest.sh.)
SELECT object_type, object_name, change FROM clinic.drift();
SELECT check_id, status, actual FROM clinic.audit()
 WHERE checklist_item IN (4, 6, 7, 10, 11, 12, 32) ORDER BY checklist_item;
-- Judged by the installed form's manifest (the distributed form's on Citus: test/citus).
SELECT expected FROM clinic.audit() WHERE check_id = 'drift.manifest';

-- Drift of the extension's own schema is found and named.
BEGIN;
ALTER TABLE clinic.appointments DROP CONSTRAINT appointments_provider_no_overlap;
ALTER TYPE clinic.sex ADD VALUE 'unknown';
SELECT object_type, object_name, change FROM clinic.drift();
SELECT check_id, status, actual FROM clinic.audit() WHERE checklist_item IN (4, 12, 32) ORDER BY checklist_item;
ROLLBACK;

-- Any other schema: no baseline, no comparison; record one, and changes are found.
CREATE SCHEMA regress_app;
CREATE TABLE regress_app.orders (id int PRIMARY KEY, code text UNIQUE, customer int);
CREATE TABLE regress_app.customers (id int PRIMARY KEY);
ALTER TABLE regress_app.orders ADD FOREIGN KEY (customer) REFERENCES regress_app.customers;
CREATE TYPE regress_app.state AS ENUM ('new', 'paid');
SELECT check_id, status, actual FROM clinic.audit('regress_app') WHERE checklist_item = 4;
SELECT clinic.audit_baseline('regress_app') <= clock_timestamp() AS recorded;
SELECT check_id, status, actual FROM clinic.audit('regress_app')
 WHERE checklist_item IN (4, 6, 7, 10, 11, 12, 32) ORDER BY checklist_item;
DROP TABLE regress_app.orders;
ALTER TYPE regress_app.state ADD VALUE 'open' BEFORE 'new';
SELECT check_id, status, actual, detail FROM clinic.audit('regress_app')
 WHERE checklist_item IN (4, 6, 7, 10, 11, 12, 32) ORDER BY checklist_item;
-- The newest baseline counts.
SELECT clinic.audit_baseline('regress_app') IS NOT NULL AS recorded_again;
SELECT check_id, status FROM clinic.audit('regress_app') WHERE checklist_item IN (4, 32) ORDER BY checklist_item;
SELECT count(*) AS baselines FROM clinic_audit.baselines WHERE schema_name = 'regress_app';
SELECT regress.try($$SELECT clinic.audit_baseline(NULL)$$);
DELETE FROM clinic_audit.baselines WHERE schema_name = 'regress_app';
DROP SCHEMA regress_app CASCADE;
