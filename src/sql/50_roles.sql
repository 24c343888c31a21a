-- Group roles and least privilege (doc/schema.md, "Privileges").
--
-- Roles are cluster-wide: created only when missing, so a second database can install the
-- extension. A pre-existing role of the same name that can log in or bypass privileges is
-- refused rather than silently handed PHI.
DO $$
DECLARE
    r text;
    existing record;
BEGIN
    FOREACH r IN ARRAY ARRAY['clinic_admin', 'clinic_clinician', 'clinic_front_desk', 'clinic_auditor'] LOOP
        SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole INTO existing
          FROM pg_catalog.pg_roles WHERE rolname = r;
        IF NOT FOUND THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        ELSIF existing.rolcanlogin OR existing.rolsuper OR existing.rolbypassrls OR existing.rolcreaterole THEN
            RAISE EXCEPTION 'role "%" already exists and is not a plain group role', r
                USING ERRCODE = 'duplicate_object',
                      DETAIL = 'The clinic group roles must be NOLOGIN, without SUPERUSER, BYPASSRLS or CREATEROLE.',
                      HINT = pg_catalog.format('Rename or alter the existing role %I, then create the extension.', r);
        END IF;
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA clinic TO clinic_admin, clinic_clinician, clinic_front_desk, clinic_auditor;

-- Administration: everything on the tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA clinic TO clinic_admin;

-- Clinicians: read charts; write clinical rows (soft delete is an UPDATE of deleted_at);
-- change an appointment's status and notes; never delete, never read password hashes.
GRANT SELECT ON clinic.patients, clinic.allergies, clinic.chronic_conditions, clinic.appointments,
                clinic.medical_records, clinic.symptoms, clinic.prescriptions, clinic.vital_signs,
                clinic.consent_records
    TO clinic_clinician;
GRANT INSERT, UPDATE ON clinic.allergies, clinic.chronic_conditions, clinic.medical_records,
                        clinic.symptoms, clinic.prescriptions, clinic.vital_signs
    TO clinic_clinician;
GRANT UPDATE (status, notes) ON clinic.appointments TO clinic_clinician;

-- Front desk: demographics, bookings and consents; no clinical content.
GRANT SELECT, INSERT, UPDATE ON clinic.patients, clinic.appointments, clinic.consent_records
    TO clinic_front_desk;

-- Auditors: read everything, change nothing.
GRANT SELECT ON clinic.patients, clinic.allergies, clinic.chronic_conditions, clinic.appointments,
                clinic.medical_records, clinic.symptoms, clinic.prescriptions, clinic.vital_signs,
                clinic.consent_records
    TO clinic_auditor;

-- Providers: every column but password_hash for the non-admin roles.
GRANT SELECT (id, email, first_name, last_name, npi, specialty, phone, is_active,
              created_at, updated_at, created_by, updated_by, deleted_at, deleted_by)
    ON clinic.providers TO clinic_clinician, clinic_front_desk, clinic_auditor;
