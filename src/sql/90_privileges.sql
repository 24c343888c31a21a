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
-- The seeds' own helpers, which they call as their caller.
GRANT EXECUTE ON FUNCTION clinic._seed_default_provider(), clinic._hash_password(text),
                          clinic._crypt(text, text), clinic._gen_salt(text, integer) TO clinic_admin;

-- On a cluster, releasing claims is part of booking (doc/citus.md); distribute() needs the
-- tables' owner, as Citus does.
GRANT EXECUTE ON FUNCTION clinic.release_claims() TO clinic_admin, clinic_front_desk;
-- _manifest() asks it, as its caller.
GRANT EXECUTE ON FUNCTION clinic._distributed() TO clinic_admin, clinic_auditor;

-- Auditing is for administrators and auditors.
-- Validation is for administrators and auditors; administrators edit the rules.
GRANT EXECUTE ON FUNCTION clinic.validate(regnamespace, text[], integer, boolean) TO clinic_admin, clinic_auditor;
-- validate()'s part on a Citus node, run there as its caller.
GRANT EXECUTE ON FUNCTION clinic._validate_shard(regclass, text[], text[], double precision[], double precision[], integer, bigint, text, bigint)
    TO clinic_admin, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic._validation_rule_defaults(), clinic._validation_set_checks(regnamespace),
                          clinic._appointment_transition_allowed(text, text) TO clinic_admin, clinic_auditor;
GRANT SELECT ON clinic.validation_rules TO clinic_auditor;
REVOKE INSERT, DELETE ON clinic.validation_rules FROM clinic_admin;

-- The PHI audit trail: chart readers record accesses; auditors verify and read histories.
GRANT EXECUTE ON FUNCTION clinic.log_access(uuid, text) TO clinic_admin, clinic_clinician, clinic_front_desk;
GRANT EXECUTE ON FUNCTION clinic.patient_history(uuid) TO clinic_admin, clinic_clinician, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic.verify_audit_log(uuid) TO clinic_admin, clinic_auditor;
-- verify_audit_log()'s part on a Citus node, run there as its caller.
GRANT EXECUTE ON FUNCTION clinic._verify_shard(regclass) TO clinic_admin, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic.audit_log_seal(), clinic._audit_log_seal(), clinic._audit_log_seal_problem(uuid) TO clinic_admin, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic._audit_trail_problems() TO clinic_admin, clinic_auditor;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON clinic.audit_log, clinic.audit_log_purges, clinic.audit_log_seals,
                                          clinic.audit_log_sealed_heads FROM clinic_admin;
GRANT SELECT ON clinic.audit_log, clinic.audit_log_purges, clinic.audit_log_seals, clinic.audit_log_sealed_heads
    TO clinic_admin, clinic_auditor;

GRANT EXECUTE ON FUNCTION clinic.audit(regnamespace), clinic.audit(regnamespace, text),
                          clinic.audit_report(regnamespace, text), clinic.audit_report(regnamespace, text, text),
                          clinic.audit_profile(regnamespace),
                          clinic.schema_snapshot(regnamespace), clinic.schema_diff(jsonb, jsonb)
    TO clinic_admin, clinic_auditor;
