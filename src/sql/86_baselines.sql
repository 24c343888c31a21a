-- Audit baselines: the snapshot a schema is expected to match (for the clinic schema itself,
-- the manifest). Kept in schema clinic_audit, apart from the clinical schema.

CREATE SCHEMA clinic_audit;
COMMENT ON SCHEMA clinic_audit IS 'The audit''s own records: baselines.';
REVOKE ALL ON SCHEMA clinic_audit FROM PUBLIC;
GRANT USAGE ON SCHEMA clinic_audit TO clinic_admin, clinic_auditor;

CREATE TABLE clinic_audit.baselines (
    schema_name  name        NOT NULL,
    taken_at     timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    taken_by     text        NOT NULL DEFAULT CURRENT_USER,
    snapshot     jsonb       NOT NULL,
    CONSTRAINT baselines_pkey PRIMARY KEY (schema_name, taken_at),
    CONSTRAINT baselines_snapshot_is_object CHECK (pg_catalog.jsonb_typeof(snapshot) = 'object')
);
COMMENT ON TABLE clinic_audit.baselines IS
    'Snapshots a schema is expected to match: clinic.audit() compares the live schema with the newest one (checklist items 4, 6, 7, 10, 11, 12, 32).';
COMMENT ON COLUMN clinic_audit.baselines.schema_name IS 'The schema the snapshot describes.';
COMMENT ON COLUMN clinic_audit.baselines.taken_at IS 'When it was taken.';
COMMENT ON COLUMN clinic_audit.baselines.taken_by IS 'Who took it.';
COMMENT ON COLUMN clinic_audit.baselines.snapshot IS 'clinic.schema_snapshot() of the schema at that time.';
SELECT pg_catalog.pg_extension_config_dump('clinic_audit.baselines', '');
GRANT SELECT ON clinic_audit.baselines TO clinic_admin, clinic_auditor;

-- C (src/audit/records.cpp): the snapshot is taken as the caller, the row written as the extension's
-- owner; no role may insert a baseline of its own making.
CREATE FUNCTION clinic.audit_baseline(target regnamespace) RETURNS timestamptz
    LANGUAGE c VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_baseline';
COMMENT ON FUNCTION clinic.audit_baseline(regnamespace) IS
    'Records the schema''s current snapshot as its baseline: later audits compare the live schema with it. Returns when it was taken.';
-- clinic_admin's: a new baseline accepts the schema as it is, hiding its drift from later
-- audits (a verdict-changing record, as a suppression or a repository is).
GRANT EXECUTE ON FUNCTION clinic.audit_baseline(regnamespace) TO clinic_admin;
