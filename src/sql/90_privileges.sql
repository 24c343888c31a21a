-- Function privileges, last: nothing is executable by PUBLIC unless it is harmless and needed.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA clinic FROM PUBLIC;

-- Pure checks (CHECK constraints call them as the writing role) and version information.
GRANT EXECUTE ON FUNCTION clinic.is_valid_npi(text), clinic.is_valid_icd10cm(text),
                          clinic.is_valid_rxnorm(text), clinic.is_valid_loinc(text),
                          clinic.version(), clinic.version_check()
    TO PUBLIC;

-- Seeding is administration.
GRANT EXECUTE ON FUNCTION clinic.seed_demo(), clinic.seed_production(), clinic.generate_demo(integer, integer)
    TO clinic_admin;

-- Auditing is for administrators and auditors.
GRANT EXECUTE ON FUNCTION clinic.audit(regnamespace), clinic.audit_report(regnamespace, text),
                          clinic.schema_snapshot(regnamespace), clinic.schema_diff(jsonb, jsonb)
    TO clinic_admin, clinic_auditor;
