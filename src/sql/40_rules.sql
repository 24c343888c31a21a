-- Row rules and audit columns, in C++ (src/schema/stamps.cpp, src/schema/row_rules.cpp).

CREATE FUNCTION clinic.audit_columns_trigger() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_columns_trigger';
COMMENT ON FUNCTION clinic.audit_columns_trigger() IS
    'BEFORE INSERT OR UPDATE row trigger: fills created_at/by, stamps updated_at/by and deleted_by (actor = clinic.actor or the session user), rejects changes to id, patient_id, created_at and created_by (23514).';

CREATE FUNCTION clinic.patient_rules_trigger() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_patient_rules_trigger';
COMMENT ON FUNCTION clinic.patient_rules_trigger() IS
    'BEFORE INSERT OR UPDATE row trigger on patients: date of birth not in the future, time of death not in the future and not before birth (23514).';

CREATE FUNCTION clinic.appointment_rules_trigger() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_appointment_rules_trigger';
COMMENT ON FUNCTION clinic.appointment_rules_trigger() IS
    'BEFORE UPDATE row trigger on appointments: status changes follow the transition table in doc/schema.md (23514, constraint appointments_status_transition).';

-- Audit columns on every table of the schema: one trigger function serves them all.
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_catalog.pg_class c
         WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER audit_columns BEFORE INSERT OR UPDATE ON clinic.%I '
            'FOR EACH ROW EXECUTE FUNCTION clinic.audit_columns_trigger()', t);
    END LOOP;
END
$$;

CREATE TRIGGER patient_rules BEFORE INSERT OR UPDATE OF date_of_birth, deceased_at ON clinic.patients
    FOR EACH ROW EXECUTE FUNCTION clinic.patient_rules_trigger();

CREATE TRIGGER appointment_rules BEFORE UPDATE OF status ON clinic.appointments
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION clinic.appointment_rules_trigger();
