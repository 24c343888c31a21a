-- clinic extension install script, assembled by `make` from src/sql/*.sql in name order.
-- Every object is schema-qualified; every function pins its search_path.
\echo Use "CREATE EXTENSION clinic" to load this file. \quit
-- CREATE EXTENSION searches clinic and the schemas of pgcrypto and btree_gist (often public,
-- where other roles may create objects). Operators are resolved by argument type, and where
-- pg_catalog has no exact match (numeric > integer literal, name || unknown) an exact match in
-- such a schema would win and be bound into constraints and defaults for good. Nothing here
-- needs those schemas: search only pg_catalog. CREATE EXTENSION restores the setting afterwards.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
-- Core: library version and the C++ boundary self-test.

CREATE FUNCTION clinic.version() RETURNS text
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_version';
COMMENT ON FUNCTION clinic.version() IS
    'Version of the loaded clinic shared library (compare with pg_extension.extversion).';

CREATE FUNCTION clinic.version_check(
        OUT library_version text, OUT sql_version text, OUT matches boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT clinic.version(), e.extversion, clinic.version() = e.extversion
          FROM pg_catalog.pg_extension e
         WHERE e.extname = 'clinic'
    $$;
COMMENT ON FUNCTION clinic.version_check() IS
    'Library version, installed SQL version, and whether they match (a mismatch is a broken upgrade).';

CREATE FUNCTION clinic._boundary_selftest(kind text) RETURNS text
    LANGUAGE c VOLATILE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_boundary_selftest';
COMMENT ON FUNCTION clinic._boundary_selftest(text) IS
    'Raises each kind of C++/PostgreSQL failure the error boundary handles; for tests only.';
REVOKE ALL ON FUNCTION clinic._boundary_selftest(text) FROM PUBLIC;

CREATE FUNCTION clinic._jsonb_image_matches(json text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_jsonb_image_matches';
COMMENT ON FUNCTION clinic._jsonb_image_matches(text) IS
    'Whether the extension''s jsonb encoder writes this JSON text byte for byte as jsonb_in does (NULL when it is not JSON); for tests only.';
REVOKE ALL ON FUNCTION clinic._jsonb_image_matches(text) FROM PUBLIC;
-- Clinical code formats and check digits (C++: src/codes.cpp, logic in src/core/clinical_codes.cpp).
-- Pure functions: IMMUTABLE, STRICT, PARALLEL SAFE, and executable by everyone because CHECK
-- constraints call them with the privileges of whoever writes the row.

CREATE FUNCTION clinic.is_valid_npi(npi text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_npi';
COMMENT ON FUNCTION clinic.is_valid_npi(text) IS
    'True for a 10-digit NPI whose Luhn check digit (over 80840 + the first 9 digits) is right.';

CREATE FUNCTION clinic.is_valid_icd10cm(code text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_icd10cm';
COMMENT ON FUNCTION clinic.is_valid_icd10cm(text) IS
    'True for an ICD-10-CM code of the form ^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$.';

CREATE FUNCTION clinic.is_valid_rxnorm(code text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_rxnorm';
COMMENT ON FUNCTION clinic.is_valid_rxnorm(text) IS
    'True for an RxNorm concept id (RxCUI): 1 to 10 digits, no leading zero.';

CREATE FUNCTION clinic.is_valid_loinc(code text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_loinc';
COMMENT ON FUNCTION clinic.is_valid_loinc(text) IS
    'True for a LOINC code: 1 to 7 digits, a dash, and the right mod-10 check digit.';
-- Enums. The first four are TICKET-001's, same labels in the same order; the rest are FHIR's
-- value sets for the columns the ticket does not have (shared/clinical-domain.md).

CREATE TYPE clinic.sex AS ENUM ('male', 'female', 'other');
COMMENT ON TYPE clinic.sex IS 'Administrative sex (TICKET-001 Sex).';

CREATE TYPE clinic.allergy_severity AS ENUM ('mild', 'moderate', 'severe', 'life_threatening');
COMMENT ON TYPE clinic.allergy_severity IS 'Severity of the reaction (TICKET-001 AllergySeverity).';

CREATE TYPE clinic.appointment_type AS ENUM
    ('new_patient', 'follow_up', 'routine_checkup', 'sick_visit', 'telehealth');
COMMENT ON TYPE clinic.appointment_type IS 'Kind of visit (TICKET-001 AppointmentType).';

CREATE TYPE clinic.appointment_status AS ENUM
    ('scheduled', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show');
COMMENT ON TYPE clinic.appointment_status IS
    'Appointment state (TICKET-001 AppointmentStatus); transitions enforced by clinic.appointment_rules_trigger().';

CREATE TYPE clinic.allergy_criticality AS ENUM ('low', 'high', 'unable_to_assess');
COMMENT ON TYPE clinic.allergy_criticality IS
    'Potential for a future life-threatening reaction (FHIR AllergyIntolerance.criticality), distinct from severity.';

CREATE TYPE clinic.allergy_clinical_status AS ENUM ('active', 'inactive', 'resolved');
COMMENT ON TYPE clinic.allergy_clinical_status IS 'FHIR AllergyIntolerance.clinicalStatus.';

CREATE TYPE clinic.allergen_code_system AS ENUM ('rxnorm', 'snomed_ct');
COMMENT ON TYPE clinic.allergen_code_system IS
    'Code system of a coded allergen: RxNorm for drugs, SNOMED CT otherwise.';

CREATE TYPE clinic.condition_clinical_status AS ENUM
    ('active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved');
COMMENT ON TYPE clinic.condition_clinical_status IS 'FHIR Condition.clinicalStatus.';

CREATE TYPE clinic.prescription_status AS ENUM
    ('active', 'on_hold', 'cancelled', 'completed', 'entered_in_error', 'stopped', 'draft');
COMMENT ON TYPE clinic.prescription_status IS 'FHIR MedicationRequest.status.';

CREATE TYPE clinic.consent_kind AS ENUM
    ('treatment', 'privacy_notice', 'telehealth', 'research', 'email_communication',
     'sms_communication', 'photography');
COMMENT ON TYPE clinic.consent_kind IS 'What a consent record covers.';

CREATE TYPE clinic.consent_status AS ENUM ('granted', 'declined', 'revoked');
COMMENT ON TYPE clinic.consent_status IS
    'granted (with granted_at), declined, or revoked (with revoked_at); expiry is expires_at.';
-- The integrity validator's rules (src/validate.cpp, doc/validator-design.md): one row per check,
-- with the DBA's threshold and limits. The defaults are inserted once the audit columns exist
-- (47_validation.sql).
CREATE TABLE clinic.validation_rules (
    check_id           text    NOT NULL,
    check_type         text    NOT NULL,
    category           text    NOT NULL,
    table_name         text    NOT NULL,
    column_name        text    NOT NULL,
    threshold          numeric NOT NULL,
    low                numeric,
    high               numeric,
    enabled            boolean NOT NULL DEFAULT true,
    default_threshold  numeric NOT NULL,
    default_low        numeric,
    default_high       numeric,
    CONSTRAINT validation_rules_pkey PRIMARY KEY (check_id),
    CONSTRAINT validation_rules_threshold_percent CHECK (threshold BETWEEN 0 AND 100),
    CONSTRAINT validation_rules_category_known CHECK (category IN ('conformance', 'completeness', 'plausibility')),
    CONSTRAINT validation_rules_range_ordered CHECK (low <= high)
);
COMMENT ON TABLE clinic.validation_rules IS
    'The checks of clinic.validate(), one row each, with their thresholds and limits. A DBA may change threshold, low, high and enabled; the rest is the catalogue. Holds no patient data.';
COMMENT ON COLUMN clinic.validation_rules.check_id IS 'Stable id: table.column.what.';
COMMENT ON COLUMN clinic.validation_rules.check_type IS 'OHDSI Data Quality Dashboard check type (isRequired, plausibleValueHigh, ...), or ours where DQD has none.';
COMMENT ON COLUMN clinic.validation_rules.category IS 'conformance, completeness or plausibility (Kahn et al. 2016).';
COMMENT ON COLUMN clinic.validation_rules.table_name IS 'The table checked.';
COMMENT ON COLUMN clinic.validation_rules.column_name IS 'The column (or columns) checked.';
COMMENT ON COLUMN clinic.validation_rules.threshold IS 'Largest percentage of rows that may violate for warn; above it, fail. 0: any violation fails.';
COMMENT ON COLUMN clinic.validation_rules.low IS 'Low end of the violating range, for range rules (NULL: unbounded).';
COMMENT ON COLUMN clinic.validation_rules.high IS 'High end of the violating range, for range rules (NULL: unbounded).';
COMMENT ON COLUMN clinic.validation_rules.enabled IS 'False: clinic.validate() skips the check.';
COMMENT ON COLUMN clinic.validation_rules.default_threshold IS 'The threshold the extension ships.';
COMMENT ON COLUMN clinic.validation_rules.default_low IS 'The low limit the extension ships.';
COMMENT ON COLUMN clinic.validation_rules.default_high IS 'The high limit the extension ships.';
-- Tables: TICKET-001's nine plus consent_records, hardened (doc/schema.md).
--
-- Distribution-ready (shared/citus-notes.md): every patient-owned table carries
-- patient_id NOT NULL; every primary key, unique and exclusion constraint of a patient-owned
-- table includes patient_id, and foreign keys among them carry patient_id on both sides.
-- Primary keys are (id, patient_id): lookups by id use them, and Citus accepts them.
-- The audit columns (created_at .. deleted_by) are the same on every table: they are added,
-- with their comments, by one loop after the tables.

CREATE TABLE clinic.providers (
    id             uuid        NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    email          text        NOT NULL,
    password_hash  text        NOT NULL,
    first_name     text        NOT NULL,
    last_name      text        NOT NULL,
    npi            text,
    specialty      text,
    phone          text,
    is_active      boolean     NOT NULL DEFAULT true,
    CONSTRAINT providers_pkey PRIMARY KEY (id),
    CONSTRAINT providers_email_format CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    CONSTRAINT providers_password_is_bcrypt CHECK (password_hash ~ '^\$2[abxy]\$[0-9]{2}\$[./A-Za-z0-9]{53}$'),
    CONSTRAINT providers_npi_valid CHECK (clinic.is_valid_npi(npi)),
    CONSTRAINT providers_names_not_blank CHECK (btrim(first_name) <> '' AND btrim(last_name) <> '')
);
COMMENT ON TABLE clinic.providers IS
    'Clinicians who see patients (TICKET-001 Provider). A reference table under Citus. Soft-deleted, never removed while appointments reference them.';
COMMENT ON COLUMN clinic.providers.id IS 'Primary key, generated in the database.';
COMMENT ON COLUMN clinic.providers.email IS 'Login e-mail; unique among live providers, case-insensitively.';
COMMENT ON COLUMN clinic.providers.password_hash IS 'bcrypt hash (pgcrypto crypt/gen_salt bf); never a plaintext password. Readable by clinic_admin only.';
COMMENT ON COLUMN clinic.providers.first_name IS 'Given name.';
COMMENT ON COLUMN clinic.providers.last_name IS 'Family name.';
COMMENT ON COLUMN clinic.providers.npi IS 'US National Provider Identifier, check digit validated; unique among live providers.';
COMMENT ON COLUMN clinic.providers.specialty IS 'Clinical specialty, free text.';
COMMENT ON COLUMN clinic.providers.phone IS 'Work phone.';
COMMENT ON COLUMN clinic.providers.is_active IS 'False when the provider takes no new appointments.';

CREATE TABLE clinic.patients (
    id                       uuid        NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    mrn                      text        NOT NULL,
    first_name               text        NOT NULL,
    last_name                text        NOT NULL,
    date_of_birth            date        NOT NULL,
    sex                      clinic.sex  NOT NULL,
    email                    text,
    phone                    text,
    address_line1            text,
    address_line2            text,
    city                     text,
    state                    text,
    postal_code              text,
    country                  text        NOT NULL DEFAULT 'US',
    emergency_contact_name   text,
    emergency_contact_phone  text,
    deceased_at              timestamptz,
    CONSTRAINT patients_pkey PRIMARY KEY (id),
    CONSTRAINT patients_mrn_format CHECK (mrn ~ '^[A-Za-z0-9-]{1,32}$'),
    CONSTRAINT patients_names_not_blank CHECK (btrim(first_name) <> '' AND btrim(last_name) <> ''),
    CONSTRAINT patients_date_of_birth_plausible CHECK (date_of_birth >= DATE '1880-01-01'),
    CONSTRAINT patients_email_format CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    CONSTRAINT patients_country_iso CHECK (country ~ '^[A-Z]{2}$'),
    CONSTRAINT patients_us_postal_code CHECK (country <> 'US' OR postal_code ~ '^[0-9]{5}(-[0-9]{4})?$')
);
CREATE INDEX patients_last_name_first_name_idx ON clinic.patients (last_name, first_name);
CREATE INDEX patients_phone_idx ON clinic.patients (phone);
CREATE INDEX patients_email_idx ON clinic.patients (email);
COMMENT ON TABLE clinic.patients IS
    'People receiving care (TICKET-001 Patient; FHIR Patient). PHI. The Citus distribution root (by id). Soft-deleted.';
COMMENT ON COLUMN clinic.patients.id IS 'Primary key, generated in the database; every chart row carries it as patient_id.';
COMMENT ON COLUMN clinic.patients.mrn IS 'Medical record number (FHIR Patient.identifier); unique among live patients. PHI.';
COMMENT ON COLUMN clinic.patients.first_name IS 'Given name. PHI.';
COMMENT ON COLUMN clinic.patients.last_name IS 'Family name. PHI.';
COMMENT ON COLUMN clinic.patients.date_of_birth IS 'Date of birth; not in the future (clinic.patient_rules_trigger). PHI.';
COMMENT ON COLUMN clinic.patients.sex IS 'Administrative sex.';
COMMENT ON COLUMN clinic.patients.email IS 'Contact e-mail. PHI.';
COMMENT ON COLUMN clinic.patients.phone IS 'Contact phone. PHI.';
COMMENT ON COLUMN clinic.patients.address_line1 IS 'Street address, first line. PHI.';
COMMENT ON COLUMN clinic.patients.address_line2 IS 'Street address, second line. PHI.';
COMMENT ON COLUMN clinic.patients.city IS 'City. PHI.';
COMMENT ON COLUMN clinic.patients.state IS 'State or region.';
COMMENT ON COLUMN clinic.patients.postal_code IS 'Postal code; a US ZIP or ZIP+4 when country is US. PHI (only its first 3 digits survive de-identification).';
COMMENT ON COLUMN clinic.patients.country IS 'ISO 3166-1 alpha-2 country code.';
COMMENT ON COLUMN clinic.patients.emergency_contact_name IS 'Emergency contact. PHI.';
COMMENT ON COLUMN clinic.patients.emergency_contact_phone IS 'Emergency contact phone. PHI.';
COMMENT ON COLUMN clinic.patients.deceased_at IS 'Time of death (FHIR Patient.deceasedDateTime); not before birth, not in the future.';

CREATE TABLE clinic.allergies (
    id                    uuid                           NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id            uuid                           NOT NULL,
    allergen              text                           NOT NULL,
    allergen_code         text,
    allergen_code_system  clinic.allergen_code_system,
    severity              clinic.allergy_severity        NOT NULL,
    criticality           clinic.allergy_criticality,
    clinical_status       clinic.allergy_clinical_status NOT NULL DEFAULT 'active',
    reaction              text,
    noted_on              date,
    CONSTRAINT allergies_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT allergies_patient_fkey FOREIGN KEY (patient_id)
        REFERENCES clinic.patients (id) ON DELETE CASCADE,
    CONSTRAINT allergies_allergen_not_blank CHECK (btrim(allergen) <> ''),
    CONSTRAINT allergies_code_with_system CHECK ((allergen_code IS NULL) = (allergen_code_system IS NULL)),
    CONSTRAINT allergies_code_format CHECK (
        allergen_code_system IS NULL
        OR (allergen_code_system = 'rxnorm' AND clinic.is_valid_rxnorm(allergen_code))
        OR (allergen_code_system = 'snomed_ct' AND allergen_code ~ '^[1-9][0-9]{5,17}$'))
);
CREATE INDEX allergies_patient_id_idx ON clinic.allergies (patient_id);
COMMENT ON TABLE clinic.allergies IS 'Allergies and intolerances (TICKET-001 Allergy; FHIR AllergyIntolerance). PHI. Soft-deleted.';
COMMENT ON COLUMN clinic.allergies.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.allergies.patient_id IS 'The patient (distribution key); deleting the patient deletes the allergy.';
COMMENT ON COLUMN clinic.allergies.allergen IS 'Substance, as written.';
COMMENT ON COLUMN clinic.allergies.allergen_code IS 'Coded substance: an RxNorm RxCUI for drugs, a SNOMED CT concept id otherwise.';
COMMENT ON COLUMN clinic.allergies.allergen_code_system IS 'Code system of allergen_code; set exactly when allergen_code is.';
COMMENT ON COLUMN clinic.allergies.severity IS 'Severity of the reaction (TICKET-001).';
COMMENT ON COLUMN clinic.allergies.criticality IS 'Risk of a future severe reaction (FHIR criticality).';
COMMENT ON COLUMN clinic.allergies.clinical_status IS 'active, inactive or resolved.';
COMMENT ON COLUMN clinic.allergies.reaction IS 'Manifestation, free text.';
COMMENT ON COLUMN clinic.allergies.noted_on IS 'Date the allergy was first noted.';

CREATE TABLE clinic.chronic_conditions (
    id               uuid                             NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id       uuid                             NOT NULL,
    condition_name   text                             NOT NULL,
    icd10_code       text,
    clinical_status  clinic.condition_clinical_status NOT NULL DEFAULT 'active',
    onset_date       date,
    abatement_date   date,
    notes            text,
    CONSTRAINT chronic_conditions_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT chronic_conditions_patient_fkey FOREIGN KEY (patient_id)
        REFERENCES clinic.patients (id) ON DELETE CASCADE,
    CONSTRAINT chronic_conditions_name_not_blank CHECK (btrim(condition_name) <> ''),
    CONSTRAINT chronic_conditions_icd10_format CHECK (clinic.is_valid_icd10cm(icd10_code)),
    CONSTRAINT chronic_conditions_abatement_after_onset CHECK (abatement_date >= onset_date)
);
CREATE INDEX chronic_conditions_patient_id_idx ON clinic.chronic_conditions (patient_id);
COMMENT ON TABLE clinic.chronic_conditions IS 'Long-term conditions (TICKET-001 ChronicCondition; FHIR Condition). PHI. Soft-deleted.';
COMMENT ON COLUMN clinic.chronic_conditions.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.chronic_conditions.patient_id IS 'The patient (distribution key); deleting the patient deletes the condition.';
COMMENT ON COLUMN clinic.chronic_conditions.condition_name IS 'Condition, as written.';
COMMENT ON COLUMN clinic.chronic_conditions.icd10_code IS 'ICD-10-CM code, format checked.';
COMMENT ON COLUMN clinic.chronic_conditions.clinical_status IS 'FHIR Condition.clinicalStatus.';
COMMENT ON COLUMN clinic.chronic_conditions.onset_date IS 'Date of onset.';
COMMENT ON COLUMN clinic.chronic_conditions.abatement_date IS 'Date it resolved; not before onset.';
COMMENT ON COLUMN clinic.chronic_conditions.notes IS 'Free-text notes. PHI.';

CREATE TABLE clinic.appointments (
    id                uuid                      NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id        uuid                      NOT NULL,
    provider_id       uuid                      NOT NULL,
    appointment_date  timestamptz               NOT NULL,
    ends_at           timestamptz               NOT NULL,
    appointment_type  clinic.appointment_type   NOT NULL,
    status            clinic.appointment_status NOT NULL DEFAULT 'scheduled',
    reason            text,
    notes             text,
    CONSTRAINT appointments_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT appointments_patient_fkey FOREIGN KEY (patient_id)
        REFERENCES clinic.patients (id) ON DELETE CASCADE,
    CONSTRAINT appointments_provider_fkey FOREIGN KEY (provider_id)
        REFERENCES clinic.providers (id) ON DELETE RESTRICT,
    CONSTRAINT appointments_ends_after_start CHECK (ends_at > appointment_date),
    CONSTRAINT appointments_at_most_12_hours CHECK (ends_at - appointment_date <= interval '12 hours')
);
CREATE INDEX appointments_patient_id_idx ON clinic.appointments (patient_id);
CREATE INDEX appointments_provider_id_idx ON clinic.appointments (provider_id);
CREATE INDEX appointments_appointment_date_idx ON clinic.appointments (appointment_date);
CREATE INDEX appointments_status_idx ON clinic.appointments (status);
COMMENT ON TABLE clinic.appointments IS
    'Visits (TICKET-001 Appointment; FHIR Appointment). PHI. Status changes follow clinic.appointment_rules_trigger(); no provider is double-booked. Soft-deleted.';
COMMENT ON COLUMN clinic.appointments.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.appointments.patient_id IS 'The patient (distribution key); deleting the patient deletes the appointment and its record and vitals.';
COMMENT ON COLUMN clinic.appointments.provider_id IS 'The provider; a provider with appointments cannot be deleted (RESTRICT).';
COMMENT ON COLUMN clinic.appointments.appointment_date IS 'Start time (TICKET-001 appointmentDate).';
COMMENT ON COLUMN clinic.appointments.ends_at IS 'End time; after the start, at most 12 hours later.';
COMMENT ON COLUMN clinic.appointments.appointment_type IS 'Kind of visit.';
COMMENT ON COLUMN clinic.appointments.status IS 'State; see the transition table in doc/schema.md.';
COMMENT ON COLUMN clinic.appointments.reason IS 'Reason for the visit, free text. PHI.';
COMMENT ON COLUMN clinic.appointments.notes IS 'Scheduling notes, free text. PHI.';

CREATE TABLE clinic.medical_records (
    id               uuid        NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id       uuid        NOT NULL,
    appointment_id   uuid        NOT NULL,
    chief_complaint  text,
    subjective       text,
    objective        text,
    assessment       text,
    plan             text,
    diagnosis_code   text,
    recorded_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT medical_records_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT medical_records_one_per_appointment UNIQUE (patient_id, appointment_id),
    CONSTRAINT medical_records_appointment_fkey FOREIGN KEY (patient_id, appointment_id)
        REFERENCES clinic.appointments (patient_id, id) ON DELETE CASCADE,
    CONSTRAINT medical_records_diagnosis_icd10_format CHECK (clinic.is_valid_icd10cm(diagnosis_code))
);
COMMENT ON TABLE clinic.medical_records IS
    'The clinical note of one appointment, SOAP-structured (TICKET-001 MedicalRecord). PHI. At most one per appointment. Soft-deleted.';
COMMENT ON COLUMN clinic.medical_records.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.medical_records.patient_id IS 'The patient (distribution key); always the appointment''s patient (composite foreign key).';
COMMENT ON COLUMN clinic.medical_records.appointment_id IS 'The appointment; deleting it deletes the record, its symptoms and prescriptions.';
COMMENT ON COLUMN clinic.medical_records.chief_complaint IS 'Chief complaint, in the patient''s words. PHI.';
COMMENT ON COLUMN clinic.medical_records.subjective IS 'SOAP subjective. PHI.';
COMMENT ON COLUMN clinic.medical_records.objective IS 'SOAP objective. PHI.';
COMMENT ON COLUMN clinic.medical_records.assessment IS 'SOAP assessment (diagnosis). PHI.';
COMMENT ON COLUMN clinic.medical_records.plan IS 'SOAP plan. PHI.';
COMMENT ON COLUMN clinic.medical_records.diagnosis_code IS 'Primary diagnosis, ICD-10-CM, format checked.';
COMMENT ON COLUMN clinic.medical_records.recorded_at IS 'When the note was written.';

CREATE TABLE clinic.symptoms (
    id                 uuid        NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id         uuid        NOT NULL,
    medical_record_id  uuid        NOT NULL,
    description        text        NOT NULL,
    snomed_code        text,
    severity           smallint,
    onset_date         date,
    duration_days      integer,
    CONSTRAINT symptoms_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT symptoms_medical_record_fkey FOREIGN KEY (patient_id, medical_record_id)
        REFERENCES clinic.medical_records (patient_id, id) ON DELETE CASCADE,
    CONSTRAINT symptoms_description_not_blank CHECK (btrim(description) <> ''),
    CONSTRAINT symptoms_snomed_format CHECK (snomed_code ~ '^[1-9][0-9]{5,17}$'),
    CONSTRAINT symptoms_severity_range CHECK (severity BETWEEN 1 AND 10),
    CONSTRAINT symptoms_duration_range CHECK (duration_days BETWEEN 0 AND 36500)
);
-- Leads with medical_record_id (TICKET-001's index) and covers the foreign key's columns.
CREATE INDEX symptoms_medical_record_id_idx ON clinic.symptoms (medical_record_id, patient_id);
COMMENT ON TABLE clinic.symptoms IS 'Symptoms noted in a medical record (TICKET-001 Symptom). PHI. Soft-deleted.';
COMMENT ON COLUMN clinic.symptoms.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.symptoms.patient_id IS 'The patient (distribution key); always the record''s patient.';
COMMENT ON COLUMN clinic.symptoms.medical_record_id IS 'The medical record; deleting it deletes the symptom.';
COMMENT ON COLUMN clinic.symptoms.description IS 'Symptom, as written. PHI.';
COMMENT ON COLUMN clinic.symptoms.snomed_code IS 'SNOMED CT concept id (digits; check digit verified by the validator).';
COMMENT ON COLUMN clinic.symptoms.severity IS 'Patient-reported severity, 1 (least) to 10.';
COMMENT ON COLUMN clinic.symptoms.onset_date IS 'Date the symptom began.';
COMMENT ON COLUMN clinic.symptoms.duration_days IS 'How long it has lasted, in days (0 to 36500).';

CREATE TABLE clinic.prescriptions (
    id                 uuid                       NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id         uuid                       NOT NULL,
    medical_record_id  uuid                       NOT NULL,
    medication_name    text                       NOT NULL,
    rxnorm_code        text,
    dosage             text                       NOT NULL,
    frequency          text                       NOT NULL,
    route              text,
    quantity           numeric(10,2),
    refills            smallint                   NOT NULL DEFAULT 0,
    days_supply        smallint,
    status             clinic.prescription_status NOT NULL DEFAULT 'active',
    prescribed_at      timestamptz                NOT NULL DEFAULT pg_catalog.now(),
    start_date         date,
    end_date           date,
    instructions       text,
    CONSTRAINT prescriptions_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT prescriptions_medical_record_fkey FOREIGN KEY (patient_id, medical_record_id)
        REFERENCES clinic.medical_records (patient_id, id) ON DELETE CASCADE,
    CONSTRAINT prescriptions_medication_not_blank CHECK (btrim(medication_name) <> ''),
    CONSTRAINT prescriptions_rxnorm_format CHECK (clinic.is_valid_rxnorm(rxnorm_code)),
    CONSTRAINT prescriptions_quantity_positive CHECK (quantity > 0),
    CONSTRAINT prescriptions_refills_range CHECK (refills BETWEEN 0 AND 24),
    CONSTRAINT prescriptions_days_supply_range CHECK (days_supply BETWEEN 1 AND 365),
    CONSTRAINT prescriptions_end_after_start CHECK (end_date >= start_date)
);
CREATE INDEX prescriptions_medical_record_id_idx ON clinic.prescriptions (medical_record_id, patient_id);
COMMENT ON TABLE clinic.prescriptions IS 'Medication orders written in a medical record (TICKET-001 Prescription; FHIR MedicationRequest). PHI. Soft-deleted.';
COMMENT ON COLUMN clinic.prescriptions.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.prescriptions.patient_id IS 'The patient (distribution key); always the record''s patient.';
COMMENT ON COLUMN clinic.prescriptions.medical_record_id IS 'The medical record; deleting it deletes the prescription.';
COMMENT ON COLUMN clinic.prescriptions.medication_name IS 'Medication, as written.';
COMMENT ON COLUMN clinic.prescriptions.rxnorm_code IS 'RxNorm RxCUI of the medication.';
COMMENT ON COLUMN clinic.prescriptions.dosage IS 'Dose per administration, e.g. 500 mg.';
COMMENT ON COLUMN clinic.prescriptions.frequency IS 'How often, e.g. twice daily.';
COMMENT ON COLUMN clinic.prescriptions.route IS 'Route of administration, e.g. oral.';
COMMENT ON COLUMN clinic.prescriptions.quantity IS 'Quantity dispensed; positive.';
COMMENT ON COLUMN clinic.prescriptions.refills IS 'Refills allowed, 0 to 24.';
COMMENT ON COLUMN clinic.prescriptions.days_supply IS 'Days the quantity lasts, 1 to 365.';
COMMENT ON COLUMN clinic.prescriptions.status IS 'FHIR MedicationRequest.status.';
COMMENT ON COLUMN clinic.prescriptions.prescribed_at IS 'When it was prescribed.';
COMMENT ON COLUMN clinic.prescriptions.start_date IS 'First day of use.';
COMMENT ON COLUMN clinic.prescriptions.end_date IS 'Last day of use; not before start_date.';
COMMENT ON COLUMN clinic.prescriptions.instructions IS 'Patient instructions, free text. PHI.';

CREATE TABLE clinic.vital_signs (
    id                      uuid         NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id              uuid         NOT NULL,
    appointment_id          uuid         NOT NULL,
    systolic_mmhg           smallint,
    diastolic_mmhg          smallint,
    heart_rate_per_min      smallint,
    respiratory_rate_per_min smallint,
    temperature_c           numeric(4,1),
    spo2_pct                numeric(4,1),
    weight_kg               numeric(5,2),
    height_cm               numeric(5,1),
    bmi                     numeric GENERATED ALWAYS AS
                                (round(weight_kg / ((height_cm / 100) * (height_cm / 100)), 1)) STORED,
    measured_at             timestamptz  NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT vital_signs_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT vital_signs_one_per_appointment UNIQUE (patient_id, appointment_id),
    CONSTRAINT vital_signs_appointment_fkey FOREIGN KEY (patient_id, appointment_id)
        REFERENCES clinic.appointments (patient_id, id) ON DELETE CASCADE,
    -- Hard limits (shared/clinical-domain.md): impossible values or unit errors.
    CONSTRAINT vital_signs_systolic_range CHECK (systolic_mmhg BETWEEN 40 AND 300),
    CONSTRAINT vital_signs_diastolic_range CHECK (diastolic_mmhg BETWEEN 20 AND 200),
    CONSTRAINT vital_signs_systolic_above_diastolic CHECK (systolic_mmhg > diastolic_mmhg),
    CONSTRAINT vital_signs_heart_rate_range CHECK (heart_rate_per_min BETWEEN 20 AND 300),
    CONSTRAINT vital_signs_respiratory_rate_range CHECK (respiratory_rate_per_min > 0 AND respiratory_rate_per_min < 70),
    CONSTRAINT vital_signs_temperature_range CHECK (temperature_c BETWEEN 25 AND 45),
    CONSTRAINT vital_signs_spo2_range CHECK (spo2_pct > 0 AND spo2_pct <= 100),
    CONSTRAINT vital_signs_weight_range CHECK (weight_kg BETWEEN 2 AND 500),
    CONSTRAINT vital_signs_height_range CHECK (height_cm BETWEEN 20 AND 250),
    CONSTRAINT vital_signs_bmi_range CHECK (bmi > 10 AND bmi < 100)
);
COMMENT ON TABLE clinic.vital_signs IS
    'Vital signs of one appointment in fixed units (TICKET-001 VitalSigns; FHIR vital-signs profile). PHI. At most one set per appointment. Soft-deleted.';
COMMENT ON COLUMN clinic.vital_signs.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.vital_signs.patient_id IS 'The patient (distribution key); always the appointment''s patient.';
COMMENT ON COLUMN clinic.vital_signs.appointment_id IS 'The appointment; deleting it deletes the vitals.';
COMMENT ON COLUMN clinic.vital_signs.systolic_mmhg IS 'Systolic blood pressure, mm[Hg] (LOINC 8480-6); 40 to 300, above diastolic.';
COMMENT ON COLUMN clinic.vital_signs.diastolic_mmhg IS 'Diastolic blood pressure, mm[Hg] (LOINC 8462-4); 20 to 200.';
COMMENT ON COLUMN clinic.vital_signs.heart_rate_per_min IS 'Heart rate, /min (LOINC 8867-4); 20 to 300.';
COMMENT ON COLUMN clinic.vital_signs.respiratory_rate_per_min IS 'Respiratory rate, /min (LOINC 9279-1); 1 to 69.';
COMMENT ON COLUMN clinic.vital_signs.temperature_c IS 'Body temperature, Cel (LOINC 8310-5); 25 to 45 (86 to 113 would be Fahrenheit).';
COMMENT ON COLUMN clinic.vital_signs.spo2_pct IS 'Oxygen saturation, % (LOINC 59408-5); above 0, at most 100 (0 to 1 would be a fraction).';
COMMENT ON COLUMN clinic.vital_signs.weight_kg IS 'Body weight, kg (LOINC 29463-7); 2 to 500.';
COMMENT ON COLUMN clinic.vital_signs.height_cm IS 'Body height, cm (LOINC 8302-2); 20 to 250.';
COMMENT ON COLUMN clinic.vital_signs.bmi IS 'Body mass index, kg/m2 (LOINC 39156-5), derived from weight and height; above 10, below 100.';
COMMENT ON COLUMN clinic.vital_signs.measured_at IS 'When the vitals were taken.';

CREATE TABLE clinic.consent_records (
    id                uuid                  NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    patient_id        uuid                  NOT NULL,
    kind              clinic.consent_kind   NOT NULL,
    status            clinic.consent_status NOT NULL,
    granted_at        timestamptz,
    revoked_at        timestamptz,
    expires_at        timestamptz,
    document_version  text                  NOT NULL,
    recorded_by       text                  NOT NULL,
    CONSTRAINT consent_records_pkey PRIMARY KEY (id, patient_id),
    CONSTRAINT consent_records_patient_fkey FOREIGN KEY (patient_id)
        REFERENCES clinic.patients (id) ON DELETE CASCADE,
    CONSTRAINT consent_records_granted_has_time CHECK (status <> 'granted' OR granted_at IS NOT NULL),
    CONSTRAINT consent_records_revoked_has_time CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
    CONSTRAINT consent_records_revoked_after_granted CHECK (revoked_at >= granted_at),
    CONSTRAINT consent_records_expires_after_granted CHECK (expires_at > granted_at),
    CONSTRAINT consent_records_document_version_not_blank CHECK (btrim(document_version) <> '')
);
CREATE INDEX consent_records_patient_id_kind_idx ON clinic.consent_records (patient_id, kind);
COMMENT ON TABLE clinic.consent_records IS
    'Consents a patient gave, declined or revoked, with the document version. PHI. Never soft-deleted: a revocation is a new state, not a deletion.';
COMMENT ON COLUMN clinic.consent_records.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.consent_records.patient_id IS 'The patient (distribution key).';
COMMENT ON COLUMN clinic.consent_records.kind IS 'What the consent covers.';
COMMENT ON COLUMN clinic.consent_records.status IS 'granted, declined or revoked.';
COMMENT ON COLUMN clinic.consent_records.granted_at IS 'When consent was given; required when granted.';
COMMENT ON COLUMN clinic.consent_records.revoked_at IS 'When consent was withdrawn; set exactly when revoked, not before granted_at.';
COMMENT ON COLUMN clinic.consent_records.expires_at IS 'When the consent lapses; after granted_at.';
COMMENT ON COLUMN clinic.consent_records.document_version IS 'Version of the consent form signed.';
COMMENT ON COLUMN clinic.consent_records.recorded_by IS 'Staff member who recorded it.';

-- The audit columns, declared once for every table: created_at/updated_at/created_by/
-- updated_by everywhere, soft delete (deleted_at/deleted_by) everywhere but consent_records
-- (a revocation is a new state, not a deletion). clinic.audit_columns_trigger() fills them.
DO $$
DECLARE
    t name;
    soft_delete boolean;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r' ORDER BY 1
    LOOP
        soft_delete := t NOT IN ('consent_records', 'validation_rules');
        EXECUTE pg_catalog.format($f$
            ALTER TABLE clinic.%1$I
                ADD COLUMN created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
                ADD COLUMN updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
                ADD COLUMN created_by text NOT NULL,
                ADD COLUMN updated_by text NOT NULL;
            COMMENT ON COLUMN clinic.%1$I.created_at IS 'When the row was inserted.';
            COMMENT ON COLUMN clinic.%1$I.updated_at IS 'When the row was last changed (maintained by clinic.audit_columns_trigger).';
            COMMENT ON COLUMN clinic.%1$I.created_by IS 'Who inserted the row: the clinic.actor setting when the application sets it, else the session user.';
            COMMENT ON COLUMN clinic.%1$I.updated_by IS 'Who last changed the row (clinic.actor, else the session user).';
        $f$, t);
        IF soft_delete THEN
            EXECUTE pg_catalog.format($f$
                ALTER TABLE clinic.%1$I
                    ADD COLUMN deleted_at timestamptz,
                    ADD COLUMN deleted_by text,
                    ADD CONSTRAINT %2$I CHECK ((deleted_at IS NULL) = (deleted_by IS NULL));
                COMMENT ON COLUMN clinic.%1$I.deleted_at IS 'Soft delete: when the row was retired; NULL for a live row.';
                COMMENT ON COLUMN clinic.%1$I.deleted_by IS 'Soft delete: who retired the row; set exactly when deleted_at is.';
            $f$, t, t || '_deleted_by_with_deleted_at');
        END IF;
    END LOOP;
END
$$;

-- Rules on live rows (they name deleted_at, so they follow the audit columns).

-- Unique among live rows: a soft-deleted row frees its e-mail, NPI or MRN. Under Citus patients
-- is distributed by id, and a unique index without id is refused: the MRN index then goes, and
-- duplicate MRNs are found by the validator (doc/schema.md).
CREATE UNIQUE INDEX providers_email_live_key ON clinic.providers (lower(email)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX providers_npi_live_key ON clinic.providers (npi) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX patients_mrn_live_key ON clinic.patients (mrn) WHERE deleted_at IS NULL;

-- A provider is never booked twice for overlapping time. Single-node only: Citus refuses an
-- exclusion constraint without patient_id (doc/schema.md, "Distribution").
ALTER TABLE clinic.appointments ADD CONSTRAINT appointments_provider_no_overlap EXCLUDE USING gist (
    provider_id WITH =,
    pg_catalog.tstzrange(appointment_date, ends_at) WITH &&)
    WHERE (status NOT IN ('cancelled', 'no_show') AND deleted_at IS NULL);
-- Row rules and audit columns, in C++ (src/audit_columns.cpp, src/row_rules.cpp).

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
-- The tamper-evident audit trail of PHI (src/audit_trail.cpp, design in doc/audit-trail.md).
-- One AFTER row trigger on every PHI table appends to clinic.audit_log; each row is chained
-- into its patient's SHA-256 hash chain. Table-level events (TRUNCATE, retention) go to the
-- system chain, patient_id 00000000-0000-0000-0000-000000000000.

CREATE TABLE clinic.audit_log (
    patient_id        uuid        NOT NULL,
    seq               bigint      NOT NULL,
    logged_at         timestamptz NOT NULL,
    transaction_id    xid8        NOT NULL,
    operation         text        NOT NULL,
    table_name        text        NOT NULL,
    row_id            uuid,
    old_values        jsonb,
    new_values        jsonb,
    actor             text,
    db_user           text        NOT NULL,
    application_name  text,
    client_addr       inet,
    prev_hash         bytea       NOT NULL,
    hash              bytea       NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (patient_id, seq),
    CONSTRAINT audit_log_seq_positive CHECK (seq > 0),
    CONSTRAINT audit_log_operation_known
        CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'ACCESS', 'RETENTION')),
    CONSTRAINT audit_log_hashes_sha256 CHECK (length(prev_hash) = 32 AND length(hash) = 32)
);
CREATE INDEX audit_log_logged_at_idx ON clinic.audit_log USING brin (logged_at);
COMMENT ON TABLE clinic.audit_log IS
    'Append-only, hash-chained audit trail of PHI: every insert, update and delete of a PHI table row (cascades included), TRUNCATEs, chart accesses recorded by clinic.log_access and retention purges. One SHA-256 chain per patient; verify with clinic.verify_audit_log(). Written only by the extension''s C++ code.';
COMMENT ON COLUMN clinic.audit_log.patient_id IS 'The patient whose chain holds the row (distribution key); the all-zero uuid for the system chain (TRUNCATE, RETENTION).';
COMMENT ON COLUMN clinic.audit_log.seq IS 'Position in the patient''s chain, from 1 without gaps.';
COMMENT ON COLUMN clinic.audit_log.logged_at IS 'Time of the change: the writing transaction''s start time.';
COMMENT ON COLUMN clinic.audit_log.transaction_id IS 'The writing transaction''s id.';
COMMENT ON COLUMN clinic.audit_log.operation IS 'INSERT, UPDATE, DELETE, TRUNCATE, ACCESS (a read recorded by clinic.log_access) or RETENTION (a purge).';
COMMENT ON COLUMN clinic.audit_log.table_name IS 'The PHI table (unqualified name; the schema is clinic).';
COMMENT ON COLUMN clinic.audit_log.row_id IS 'The id of the changed row.';
COMMENT ON COLUMN clinic.audit_log.old_values IS 'DELETE: the row; UPDATE: the changed columns'' old values; ACCESS: NULL.';
COMMENT ON COLUMN clinic.audit_log.new_values IS 'INSERT: the row; UPDATE: the changed columns'' new values; ACCESS: the purpose; TRUNCATE and RETENTION: what was removed.';
COMMENT ON COLUMN clinic.audit_log.actor IS 'The clinic.actor setting when the application set it.';
COMMENT ON COLUMN clinic.audit_log.db_user IS 'The session user.';
COMMENT ON COLUMN clinic.audit_log.application_name IS 'The client''s application_name.';
COMMENT ON COLUMN clinic.audit_log.client_addr IS 'The client''s address; NULL over a Unix socket.';
COMMENT ON COLUMN clinic.audit_log.prev_hash IS 'hash of the previous row of the chain; 32 zero bytes for the first.';
COMMENT ON COLUMN clinic.audit_log.hash IS 'SHA-256 over prev_hash and a session-independent encoding of every other column (doc/audit-trail.md).';

-- Where a retention purge cut each chain: the last purged row, so the first kept row still links.
CREATE TABLE clinic.audit_log_purges (
    patient_id  uuid        NOT NULL,
    seq         bigint      NOT NULL,
    hash        bytea       NOT NULL,
    purged_at   timestamptz NOT NULL,
    CONSTRAINT audit_log_purges_pkey PRIMARY KEY (patient_id),
    CONSTRAINT audit_log_purges_hash_sha256 CHECK (length(hash) = 32)
);
COMMENT ON TABLE clinic.audit_log_purges IS
    'Per chain, the last row removed by clinic.audit_log_purge(): the first kept row must link to it. Written only by the purge.';
COMMENT ON COLUMN clinic.audit_log_purges.patient_id IS 'The chain.';
COMMENT ON COLUMN clinic.audit_log_purges.seq IS 'seq of the last purged row.';
COMMENT ON COLUMN clinic.audit_log_purges.hash IS 'hash of the last purged row.';
COMMENT ON COLUMN clinic.audit_log_purges.purged_at IS 'When the purge ran.';

-- Seals: a chain's newest rows are protected by its later rows; the newest of all by a seal.
-- clinic.audit_log_seal() records every chain head that moved since the previous seal, chained
-- seal to seal; its digest, kept outside the database, proves later that nothing sealed changed.
CREATE TABLE clinic.audit_log_seals (
    seal_id      bigint      NOT NULL,
    sealed_at    timestamptz NOT NULL,
    heads        bytea       NOT NULL,
    prev_digest  bytea       NOT NULL,
    digest       bytea       NOT NULL,
    CONSTRAINT audit_log_seals_pkey PRIMARY KEY (seal_id),
    CONSTRAINT audit_log_seals_heads_whole CHECK (length(heads) % 56 = 0),
    CONSTRAINT audit_log_seals_digests_sha256 CHECK (length(prev_digest) = 32 AND length(digest) = 32)
);
COMMENT ON TABLE clinic.audit_log_seals IS
    'Seals of the audit trail, each chained to the previous one: the heads (patient_id, seq, hash) of the chains that grew since the previous seal. Written only by clinic.audit_log_seal().';
COMMENT ON COLUMN clinic.audit_log_seals.seal_id IS 'Position in the chain of seals, from 1.';
COMMENT ON COLUMN clinic.audit_log_seals.sealed_at IS 'When the seal was taken.';
COMMENT ON COLUMN clinic.audit_log_seals.heads IS '56 bytes per chain, in patient_id order: the 16 bytes of patient_id, seq as 8 bytes big-endian, the 32-byte hash of that row.';
COMMENT ON COLUMN clinic.audit_log_seals.prev_digest IS 'digest of the previous seal; 32 zero bytes for the first.';
COMMENT ON COLUMN clinic.audit_log_seals.digest IS 'SHA-256 of prev_digest, seal_id (8 bytes big-endian) and heads. Keep it outside the database.';

-- Where each chain stood at the last seal (what the next seal leaves out).
CREATE TABLE clinic.audit_log_sealed_heads (
    patient_id  uuid   NOT NULL,
    seq         bigint NOT NULL,
    CONSTRAINT audit_log_sealed_heads_pkey PRIMARY KEY (patient_id)
);
COMMENT ON TABLE clinic.audit_log_sealed_heads IS
    'Per chain, the seq of its head at the last seal; lets a seal record only the chains that grew.';
COMMENT ON COLUMN clinic.audit_log_sealed_heads.patient_id IS 'The chain.';
COMMENT ON COLUMN clinic.audit_log_sealed_heads.seq IS 'Its head''s seq at the last seal.';

CREATE FUNCTION clinic._audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamptz,
                                       OUT chains integer, OUT digest bytea)
    RETURNS record
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    prev bytea;
    moved bytea;
BEGIN
    -- One sealer at a time; writers of the audit log are not blocked.
    LOCK TABLE clinic.audit_log_seals IN EXCLUSIVE MODE;
    SELECT s.seal_id + 1, s.digest INTO seal_id, prev
      FROM clinic.audit_log_seals s ORDER BY s.seal_id DESC LIMIT 1;
    seal_id := coalesce(seal_id, 1);
    prev := coalesce(prev, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'));
    WITH heads AS (
        SELECT DISTINCT ON (l.patient_id) l.patient_id, l.seq, l.hash
          FROM clinic.audit_log l ORDER BY l.patient_id, l.seq DESC)
    SELECT pg_catalog.string_agg(pg_catalog.uuid_send(h.patient_id) || pg_catalog.int8send(h.seq) || h.hash,
                                 ''::bytea ORDER BY h.patient_id),
           count(*)
      INTO moved, chains
      FROM heads h LEFT JOIN clinic.audit_log_sealed_heads s USING (patient_id)
     WHERE s.seq IS DISTINCT FROM h.seq;
    moved := coalesce(moved, ''::bytea);
    sealed_at := pg_catalog.now();
    digest := pg_catalog.sha256(prev || pg_catalog.int8send(seal_id) || moved);
    INSERT INTO clinic.audit_log_seals VALUES (seal_id, sealed_at, moved, prev, digest);
    INSERT INTO clinic.audit_log_sealed_heads AS s (patient_id, seq)
    SELECT DISTINCT ON (l.patient_id) l.patient_id, l.seq FROM clinic.audit_log l ORDER BY l.patient_id, l.seq DESC
        ON CONFLICT (patient_id) DO UPDATE SET seq = excluded.seq WHERE s.seq <> excluded.seq;
END
$$;
-- SECURITY DEFINER: the sealer (an auditor's cron job) needs no write access to the seal tables.
COMMENT ON FUNCTION clinic._audit_log_seal() IS
    'The work of clinic.audit_log_seal(), which alone may move audit_log_sealed_heads (append-only otherwise).';

CREATE FUNCTION clinic.audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamptz,
                                      OUT chains integer, OUT digest bytea)
    RETURNS record
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_log_seal';
COMMENT ON FUNCTION clinic.audit_log_seal() IS
    'Seals the audit trail: records the head of every chain that grew since the previous seal, chained to it, and returns the digest to keep outside the database (a deleted or rewritten sealed row is then detected by clinic.verify_audit_log()). Run it periodically, e.g. every minute.';

-- The first sealed head that no longer matches the log, or a seal that no longer recomputes.
CREATE FUNCTION clinic._audit_log_seal_problem(patient uuid,
    OUT seals_checked bigint, OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)
    RETURNS record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
    WITH seals AS (
        SELECT s.*, pg_catalog.lag(s.digest) OVER (ORDER BY s.seal_id) AS before,
               pg_catalog.row_number() OVER (ORDER BY s.seal_id) AS n
          FROM clinic.audit_log_seals s),
    bad_seal AS (
        SELECT NULL::uuid AS patient_id, NULL::bigint AS seq, s.seal_id,
               CASE WHEN s.seal_id <> s.n THEN 'seal ' || s.seal_id || ' is out of sequence: a seal was removed'
                    WHEN s.prev_digest <> coalesce(s.before, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'))
                        THEN 'seal ' || s.seal_id || ' does not link to the previous seal'
                    ELSE 'seal ' || s.seal_id || ' does not match its digest: the seal was edited' END AS problem
          FROM seals s
         WHERE s.seal_id <> s.n
            OR s.prev_digest <> coalesce(s.before, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'))
            OR s.digest <> pg_catalog.sha256(s.prev_digest || pg_catalog.int8send(s.seal_id) || s.heads)),
    entries AS (
        SELECT s.seal_id,
               pg_catalog.encode(pg_catalog.substr(s.heads, i * 56 + 1, 16), 'hex')::uuid AS patient_id,
               ('x' || pg_catalog.encode(pg_catalog.substr(s.heads, i * 56 + 17, 8), 'hex'))::bit(64)::bigint AS seq,
               pg_catalog.substr(s.heads, i * 56 + 25, 32) AS hash
          FROM clinic.audit_log_seals s,
               pg_catalog.generate_series(0, pg_catalog.length(s.heads) / 56 - 1) AS i),
    bad_entry AS (
        SELECT e.patient_id, e.seq, e.seal_id,
               CASE WHEN l.hash IS NULL THEN 'row sealed by seal ' || e.seal_id || ' is missing: it was deleted'
                    ELSE 'row sealed by seal ' || e.seal_id || ' has another hash: the chain was rewritten' END
          FROM entries e
          LEFT JOIN clinic.audit_log l ON l.patient_id = e.patient_id AND l.seq = e.seq
          LEFT JOIN clinic.audit_log_purges p ON p.patient_id = e.patient_id
         WHERE (patient IS NULL OR e.patient_id = patient)
           AND l.hash IS DISTINCT FROM e.hash
           AND NOT (l.hash IS NULL AND p.seq IS NOT NULL AND e.seq <= p.seq)),
    first_bad AS (
        SELECT * FROM (SELECT * FROM bad_seal UNION ALL SELECT * FROM bad_entry) b
         ORDER BY b.seal_id, b.patient_id NULLS FIRST
         LIMIT 1)
    SELECT (SELECT count(*) FROM clinic.audit_log_seals), f.patient_id, f.seq, f.problem
      FROM (SELECT) AS one LEFT JOIN first_bad f ON true;
    END;
COMMENT ON FUNCTION clinic._audit_log_seal_problem(uuid) IS
    'Used by clinic.verify_audit_log(): the first seal that does not recompute or link, or the first sealed chain head missing from or different in the log.';

CREATE FUNCTION clinic.audit_trail_trigger() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_trail_trigger';
COMMENT ON FUNCTION clinic.audit_trail_trigger() IS
    'AFTER INSERT OR UPDATE OR DELETE row trigger on PHI tables (argument: the patient key column), and BEFORE TRUNCATE statement trigger: appends the change to clinic.audit_log, chained per patient. Does nothing while clinic.audit_trail is off (restores).';

CREATE FUNCTION clinic.audit_log_append_only() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_log_append_only';
COMMENT ON FUNCTION clinic.audit_log_append_only() IS
    'BEFORE UPDATE OR DELETE row and BEFORE TRUNCATE statement trigger on the audit_log tables: refuses (42501) for every role, the owner included; only clinic.audit_log_purge() and clinic.audit_log_seal() may change them, as documented.';

CREATE FUNCTION clinic.verify_audit_log(
    patient uuid DEFAULT NULL,
    OUT ok boolean, OUT chains_checked bigint, OUT rows_checked bigint, OUT seals_checked bigint,
    OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)
    RETURNS record
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_verify_audit_log';
COMMENT ON FUNCTION clinic.verify_audit_log(uuid) IS
    'Recomputes every hash of clinic.audit_log (or of one patient''s chain), checks each link and every seal: returns ok, the chains, rows and seals checked, and the first broken link (patient, seq) with what is wrong there. Compare the newest seal''s digest with the copy kept outside the database.';

CREATE FUNCTION clinic.log_access(patient uuid, purpose text) RETURNS bigint
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_log_access';
COMMENT ON FUNCTION clinic.log_access(uuid, text) IS
    'Records a read of a patient''s chart (HIPAA access audit) in the patient''s chain with its purpose; returns the row''s seq. 23503 for an unknown patient, 22023 for an empty purpose.';

CREATE FUNCTION clinic.audit_log_purge(older_than interval) RETURNS bigint
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_log_purge';
COMMENT ON FUNCTION clinic.audit_log_purge(interval) IS
    'Retention: deletes audit rows logged more than older_than ago (at least 6 years, HIPAA 164.316(b)(2)), keeps every chain verifiable through clinic.audit_log_purges, and records the purge in the system chain. Returns the rows deleted.';

CREATE FUNCTION clinic.patient_history(patient uuid)
    RETURNS TABLE (seq bigint, logged_at timestamptz, operation text, table_name text, row_id uuid,
                   changes jsonb, actor text, db_user text)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT l.seq, l.logged_at, l.operation, l.table_name, l.row_id,
               CASE l.operation
                   WHEN 'UPDATE' THEN (SELECT pg_catalog.jsonb_object_agg(k.key,
                                          pg_catalog.jsonb_build_object('old', l.old_values -> k.key,
                                                                        'new', l.new_values -> k.key))
                                         FROM pg_catalog.jsonb_object_keys(l.new_values) AS k(key))
                   WHEN 'DELETE' THEN l.old_values
                   ELSE l.new_values
               END,
               l.actor, l.db_user
          FROM clinic.audit_log l
         WHERE l.patient_id = patient_history.patient
         ORDER BY l.seq;
    END;
-- SECURITY DEFINER: readers of one chart's history need not read the whole audit_log.
COMMENT ON FUNCTION clinic.patient_history(uuid) IS
    'A patient''s chart as a timeline of changes and recorded accesses, oldest first: for an UPDATE, changes maps each changed column to {old, new}; for an INSERT the row, for a DELETE the row removed, for an ACCESS the purpose.';

-- Every PHI table: the row trigger (its argument names the patient key) and the TRUNCATE record.
-- ENABLE ALWAYS: session_replication_role = replica does not skip them.
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
                AND (c.relname = 'patients' OR EXISTS (
                     SELECT FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = 'patient_id' AND NOT a.attisdropped))
                AND c.relname NOT LIKE 'audit\_log%'
              ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format($f$
            CREATE TRIGGER audit_trail AFTER INSERT OR UPDATE OR DELETE ON clinic.%1$I
                FOR EACH ROW EXECUTE FUNCTION clinic.audit_trail_trigger(%2$L);
            CREATE TRIGGER audit_trail_truncate BEFORE TRUNCATE ON clinic.%1$I
                FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_trail_trigger();
            ALTER TABLE clinic.%1$I ENABLE ALWAYS TRIGGER audit_trail;
            ALTER TABLE clinic.%1$I ENABLE ALWAYS TRIGGER audit_trail_truncate;
        $f$, t, CASE t WHEN 'patients' THEN 'id' ELSE 'patient_id' END);
    END LOOP;
END
$$;

CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log_purges
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log_purges
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log_sealed_heads
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log_sealed_heads
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
ALTER TABLE clinic.audit_log_sealed_heads ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log_sealed_heads ENABLE ALWAYS TRIGGER append_only_truncate;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON clinic.audit_log_seals
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_log_append_only();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON clinic.audit_log_seals
    FOR EACH STATEMENT EXECUTE FUNCTION clinic.audit_log_append_only();
ALTER TABLE clinic.audit_log_seals ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log_seals ENABLE ALWAYS TRIGGER append_only_truncate;
ALTER TABLE clinic.audit_log ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log ENABLE ALWAYS TRIGGER append_only_truncate;
ALTER TABLE clinic.audit_log_purges ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE clinic.audit_log_purges ENABLE ALWAYS TRIGGER append_only_truncate;

-- Disabling or dropping these triggers is refused (the chain would detect the gap, but only later).
CREATE FUNCTION clinic.audit_trail_guard() RETURNS event_trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_audit_trail_guard';
COMMENT ON FUNCTION clinic.audit_trail_guard() IS
    'Event trigger: ALTER TABLE ... DISABLE/ENABLE [REPLICA] TRIGGER and DROP TRIGGER on the audit_trail and append_only triggers of clinic tables fail with 42501.';
CREATE EVENT TRIGGER clinic_audit_trail_guard ON ddl_command_start
    WHEN TAG IN ('ALTER TABLE', 'DROP TRIGGER')
    EXECUTE FUNCTION clinic.audit_trail_guard();
ALTER EVENT TRIGGER clinic_audit_trail_guard ENABLE ALWAYS;
-- The integrity validator (src/validate.cpp, doc/validator-design.md).

CREATE FUNCTION clinic._validation_rule_defaults()
    RETURNS TABLE (check_id text, check_type text, category text, table_name text, column_name text,
                   threshold numeric, low numeric, high numeric)
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_validation_rule_defaults';
COMMENT ON FUNCTION clinic._validation_rule_defaults() IS
    'The checks the extension ships, row-level and set-level, with their default thresholds and limits (the source of clinic.validation_rules).';

-- Only threshold, low, high and enabled are the DBA's; an INSERT of an existing check (a restore
-- of a dump, which holds every row) updates it instead, so edits survive pg_dump and restore.
CREATE FUNCTION clinic._validation_rules_edit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT FROM clinic.validation_rules r WHERE r.check_id = NEW.check_id) THEN
            UPDATE clinic.validation_rules r
               SET threshold = NEW.threshold, low = NEW.low, high = NEW.high, enabled = NEW.enabled
             WHERE r.check_id = NEW.check_id;
            RETURN NULL;
        END IF;
        IF NOT EXISTS (SELECT FROM clinic._validation_rule_defaults() d WHERE d.check_id = NEW.check_id) THEN
            RAISE EXCEPTION 'unknown check "%"', pg_catalog.left(NEW.check_id, 64)
                USING ERRCODE = '22023', HINT = 'Checks are built in; a DBA edits their threshold, low, high and enabled.';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.check_id, NEW.check_type, NEW.category, NEW.table_name, NEW.column_name,
        NEW.default_threshold, NEW.default_low, NEW.default_high)
       IS DISTINCT FROM
       (OLD.check_id, OLD.check_type, OLD.category, OLD.table_name, OLD.column_name,
        OLD.default_threshold, OLD.default_low, OLD.default_high) THEN
        RAISE EXCEPTION 'only threshold, low, high and enabled of a validation rule can change'
            USING ERRCODE = '23514', CONSTRAINT = 'validation_rules_catalogue_immutable',
                  TABLE = 'validation_rules', SCHEMA = 'clinic';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION clinic._validation_rules_edit() IS
    'BEFORE INSERT OR UPDATE trigger on validation_rules: keeps the catalogue columns fixed (23514) and turns the INSERT of an existing check into an update of its settings (restores).';
CREATE TRIGGER edit BEFORE INSERT OR UPDATE ON clinic.validation_rules
    FOR EACH ROW EXECUTE FUNCTION clinic._validation_rules_edit();

INSERT INTO clinic.validation_rules (check_id, check_type, category, table_name, column_name,
                                     threshold, low, high, default_threshold, default_low, default_high)
SELECT d.check_id, d.check_type, d.category, d.table_name, d.column_name,
       d.threshold, d.low, d.high, d.threshold, d.low, d.high
  FROM clinic._validation_rule_defaults() d;

CREATE FUNCTION clinic._appointment_transition_allowed(from_status text, to_status text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_appointment_transition_allowed';
COMMENT ON FUNCTION clinic._appointment_transition_allowed(text, text) IS
    'Whether an appointment status may change from from_status to to_status (doc/schema.md''s transition table; unknown labels: false). Used by the validator''s status-history check over the audit trail.';

CREATE FUNCTION clinic.validate(target regnamespace DEFAULT 'clinic', checks text[] DEFAULT NULL,
                                sample_limit integer DEFAULT 5)
    RETURNS TABLE (check_id text, check_type text, category text, table_name text, column_name text,
                   status text, violated_rows bigint, total_rows bigint, pct_violated numeric,
                   threshold numeric, sample jsonb)
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Rows of the target's tables are read whole or not at all: a row-level security policy
    -- that applies to the caller is an error (42501), never a silently partial answer.
    SET row_security = off
    AS 'MODULE_PATHNAME', 'clinic_validate';
COMMENT ON FUNCTION clinic.validate(regnamespace, text[], integer) IS
    'Validates the clinical data of a clinic schema: one row per check (clinic.validation_rules) with its status (pass, warn, fail, error), violating and total rows, percentage, threshold and the keys of up to sample_limit violating rows. Each table is scanned once for all its row checks; set-level checks run as SQL. checks selects by id, dotted prefix, check type or category. A NOTICE per table reports progress; cancel and statement_timeout stop it.';

CREATE FUNCTION clinic._validation_set_checks(target regnamespace)
    RETURNS TABLE (check_id text, query text)
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_validation_set_checks';
COMMENT ON FUNCTION clinic._validation_set_checks(regnamespace) IS
    'The SQL of each set-level check of clinic.validate() for a target schema ($1 is the sample limit): what the validator runs, for review.';
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
-- Seed data (TICKET-001): the default provider, and a small realistic demo chart set.
-- Idempotent: fixed ids and ON CONFLICT DO NOTHING, so a second run inserts nothing.

-- Password hashing through pgcrypto, wherever pgcrypto is installed: its schema is written into
-- the function bodies now, so no search_path lookup happens at run time.
DO $do$
DECLARE
    s name := (SELECT n.nspname FROM pg_catalog.pg_extension e
                 JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'pgcrypto');
BEGIN
    -- The body is built first (the schema quoted as an identifier), then quoted as a literal:
    -- a schema name with a quote in it cannot end the body early.
    EXECUTE pg_catalog.format($f$
        CREATE FUNCTION clinic._hash_password(password text) RETURNS text
            LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
            SET search_path = pg_catalog, pg_temp
            AS %L
        $f$, pg_catalog.format('SELECT %1$I.crypt(password, %1$I.gen_salt(''bf'', 10))', s));
    EXECUTE pg_catalog.format($f$
        CREATE FUNCTION clinic.verify_provider_password(email text, password text) RETURNS boolean
            LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
            AS %L
        $f$, pg_catalog.format('SELECT EXISTS (SELECT FROM clinic.providers p
                                WHERE pg_catalog.lower(p.email) = pg_catalog.lower($1)
                                  AND p.deleted_at IS NULL AND p.is_active
                                  AND p.password_hash OPERATOR(pg_catalog.=) %1$I.crypt($2, p.password_hash))', s));
END
$do$;
COMMENT ON FUNCTION clinic._hash_password(text) IS 'bcrypt hash (cost 10) of a password, through pgcrypto.';
REVOKE ALL ON FUNCTION clinic._hash_password(text) FROM PUBLIC;
-- SECURITY DEFINER: callers may not read password_hash; this answers only yes or no.
COMMENT ON FUNCTION clinic.verify_provider_password(text, text) IS
    'True when a live, active provider has this e-mail (case-insensitive) and password. SECURITY DEFINER: reads password_hash for callers who cannot.';
REVOKE ALL ON FUNCTION clinic.verify_provider_password(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic.verify_provider_password(text, text)
    TO clinic_admin, clinic_clinician, clinic_front_desk;

CREATE FUNCTION clinic._seed_default_provider() RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    n bigint;
BEGIN
    INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name, npi, specialty, phone)
    VALUES ('5b0c3c52-7f4e-4c1a-9a57-0d1f8e2a4b01', 'doctor@example.com',
            clinic._hash_password('password123'), 'Sarah', 'Mitchell', '1234567893',
            'Family Medicine', '+1-555-0100')
    ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION clinic._seed_default_provider() IS 'Inserts the default provider if missing; returns rows inserted.';
REVOKE ALL ON FUNCTION clinic._seed_default_provider() FROM PUBLIC;

CREATE FUNCTION clinic.seed_production(OUT table_name text, OUT inserted bigint) RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET clinic.actor = 'clinic.seed_production'
    AS $$
BEGIN
    table_name := 'providers';
    inserted := clinic._seed_default_provider();
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION clinic.seed_production() IS
    'Production seed: only the default provider (doctor@example.com). Idempotent; returns rows inserted per table.';

CREATE FUNCTION clinic.seed_demo(OUT table_name text, OUT inserted bigint) RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET clinic.actor = 'clinic.seed_demo'
    AS $$
DECLARE
    provider constant uuid := '5b0c3c52-7f4e-4c1a-9a57-0d1f8e2a4b01';
    -- The upcoming visit is booked a week after the first seeding; re-seeding keeps it.
    upcoming constant timestamptz := pg_catalog.date_trunc('day', pg_catalog.now()) + interval '7 days 10 hours';
BEGIN
    table_name := 'providers';
    inserted := clinic._seed_default_provider();
    RETURN NEXT;

    table_name := 'patients';
    INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex, email, phone,
                                 address_line1, city, state, postal_code,
                                 emergency_contact_name, emergency_contact_phone)
    VALUES
        ('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01', 'MRN-100231', 'Maria', 'Garcia', '1985-03-14', 'female',
         'maria.garcia@example.com', '+1-555-0141', '1427 Alder Street', 'Portland', 'OR', '97205',
         'Luis Garcia', '+1-555-0142'),
        ('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02', 'MRN-100232', 'James', 'Wilson', '1958-11-02', 'male',
         'james.wilson@example.com', '+1-555-0153', '88 Birch Lane', 'Beaverton', 'OR', '97005',
         'Ellen Wilson', '+1-555-0154'),
        ('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b03', 'MRN-100233', 'Aisha', 'Khan', '1992-07-23', 'female',
         'aisha.khan@example.com', '+1-555-0165', '302 Cedar Court', 'Portland', 'OR', '97214',
         'Omar Khan', '+1-555-0166'),
        ('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b04', 'MRN-100234', 'Robert', 'Chen', '1974-01-30', 'male',
         'robert.chen@example.com', '+1-555-0177', '19 Dogwood Drive', 'Hillsboro', 'OR', '97124',
         'Grace Chen', '+1-555-0178'),
        ('0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b05', 'MRN-100235', 'Emily', 'Johnson', '2001-05-09', 'female',
         'emily.johnson@example.com', '+1-555-0189', '7 Elm Row', 'Gresham', 'OR', '97030',
         'Karen Johnson', '+1-555-0190')
    ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;

    table_name := 'allergies';
    INSERT INTO clinic.allergies (id, patient_id, allergen, allergen_code, allergen_code_system,
                                  severity, criticality, reaction, noted_on)
    VALUES
        ('a11e0000-0000-4000-8000-000000000001', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01', 'Penicillin G',
         '7980', 'rxnorm', 'severe', 'high', 'Hives and facial swelling', '2009-06-01'),
        ('a11e0000-0000-4000-8000-000000000002', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01', 'Peanut',
         '256349002', 'snomed_ct', 'life_threatening', 'high', 'Anaphylaxis', '1991-04-12'),
        ('a11e0000-0000-4000-8000-000000000003', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02', 'Sulfamethoxazole',
         '10180', 'rxnorm', 'moderate', 'low', 'Maculopapular rash', '2015-09-20'),
        ('a11e0000-0000-4000-8000-000000000004', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b03', 'Latex',
         '111088007', 'snomed_ct', 'mild', 'low', 'Contact dermatitis', '2018-02-03')
    ON CONFLICT (id, patient_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;

    table_name := 'chronic_conditions';
    INSERT INTO clinic.chronic_conditions (id, patient_id, condition_name, icd10_code, onset_date, notes)
    VALUES
        ('c0d10000-0000-4000-8000-000000000001', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02',
         'Type 2 diabetes mellitus without complications', 'E11.9', '2012-05-15', 'Managed with metformin.'),
        ('c0d10000-0000-4000-8000-000000000002', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02',
         'Essential (primary) hypertension', 'I10', '2010-08-01', 'Home BP log reviewed each visit.'),
        ('c0d10000-0000-4000-8000-000000000003', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b03',
         'Asthma, unspecified, uncomplicated', 'J45.909', '2004-03-10', 'Uses albuterol as needed.')
    ON CONFLICT (id, patient_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;

    table_name := 'appointments';
    INSERT INTO clinic.appointments (id, patient_id, provider_id, appointment_date, ends_at,
                                     appointment_type, status, reason)
    VALUES
        ('a9900000-0000-4000-8000-000000000001', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01', provider,
         '2026-02-20 09:00:00+00', '2026-02-20 09:30:00+00', 'routine_checkup', 'completed',
         'Annual physical'),
        ('a9900000-0000-4000-8000-000000000002', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02', provider,
         '2026-02-20 10:00:00+00', '2026-02-20 10:30:00+00', 'follow_up', 'completed',
         'Diabetes follow-up'),
        ('a9900000-0000-4000-8000-000000000003', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b03', provider,
         upcoming, upcoming + interval '30 minutes', 'sick_visit', 'scheduled',
         'Wheezing for three days')
    ON CONFLICT (id, patient_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;

    table_name := 'medical_records';
    INSERT INTO clinic.medical_records (id, patient_id, appointment_id, chief_complaint, subjective,
                                        objective, assessment, plan, diagnosis_code, recorded_at)
    VALUES
        ('3ec00000-0000-4000-8000-000000000001', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01',
         'a9900000-0000-4000-8000-000000000001', 'Routine physical',
         'Occasional tension headaches, otherwise well.', 'Normal examination.',
         'Healthy adult; tension-type headache.', 'Hydration, sleep hygiene; return in one year.',
         'G44.209', '2026-02-20 09:25:00+00'),
        ('3ec00000-0000-4000-8000-000000000002', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02',
         'a9900000-0000-4000-8000-000000000002', 'Increased thirst',
         'Polydipsia for two weeks; adherent to metformin.', 'BP 138/86, HbA1c 7.9%.',
         'Type 2 diabetes, suboptimally controlled.', 'Increase metformin; recheck HbA1c in 3 months.',
         'E11.65', '2026-02-20 10:25:00+00')
    ON CONFLICT (id, patient_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;

    table_name := 'symptoms';
    INSERT INTO clinic.symptoms (id, patient_id, medical_record_id, description, snomed_code,
                                 severity, onset_date, duration_days)
    VALUES
        ('5e700000-0000-4000-8000-000000000001', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01',
         '3ec00000-0000-4000-8000-000000000001', 'Headache', '25064002', 3, '2026-01-30', 21),
        ('5e700000-0000-4000-8000-000000000002', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02',
         '3ec00000-0000-4000-8000-000000000002', 'Excessive thirst', '17173007', 5, '2026-02-06', 14)
    ON CONFLICT (id, patient_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;

    table_name := 'prescriptions';
    INSERT INTO clinic.prescriptions (id, patient_id, medical_record_id, medication_name, rxnorm_code,
                                      dosage, frequency, route, quantity, refills, days_supply,
                                      prescribed_at, start_date, end_date, instructions)
    VALUES
        ('9e5c0000-0000-4000-8000-000000000001', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02',
         '3ec00000-0000-4000-8000-000000000002', 'Metformin hydrochloride 1000 mg tablet', '861004',
         '1000 mg', 'twice daily', 'oral', 180, 3, 90,
         '2026-02-20 10:28:00+00', '2026-02-21', '2026-05-21', 'Take with breakfast and dinner.')
    ON CONFLICT (id, patient_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;

    table_name := 'vital_signs';
    INSERT INTO clinic.vital_signs (id, patient_id, appointment_id, systolic_mmhg, diastolic_mmhg,
                                    heart_rate_per_min, respiratory_rate_per_min, temperature_c,
                                    spo2_pct, weight_kg, height_cm, measured_at)
    VALUES
        ('71750000-0000-4000-8000-000000000001', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01',
         'a9900000-0000-4000-8000-000000000001', 118, 76, 68, 14, 36.7, 99, 63.50, 165.0,
         '2026-02-20 09:05:00+00'),
        ('71750000-0000-4000-8000-000000000002', '0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b02',
         'a9900000-0000-4000-8000-000000000002', 138, 86, 78, 16, 36.9, 97, 94.20, 178.0,
         '2026-02-20 10:05:00+00')
    ON CONFLICT (id, patient_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION clinic.seed_demo() IS
    'Demo seed of TICKET-001''s size (1 provider, 5 patients, 4 allergies, 3 conditions, 3 appointments, 2 records, 2 symptoms, 1 prescription, 2 vital-sign sets). Idempotent; returns rows inserted per table.';

CREATE FUNCTION clinic.generate_demo(patients integer, seed integer DEFAULT 1,
                                     OUT table_name text, OUT inserted bigint)
    RETURNS SETOF record
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    SET clinic.actor = 'clinic.generate_demo'
    AS 'MODULE_PATHNAME', 'clinic_generate_demo';
COMMENT ON FUNCTION clinic.generate_demo(integer, integer) IS
    'Loads deterministic synthetic charts (1 to 10,000,000 patients; one provider per 2,000) through COPY FROM, valid by every constraint. The same seed gives the same rows; a seed already loaded fails with 23505. Returns rows inserted per table.';
-- Data safety: pg_dump dumps the rows of the extension's tables, and DROP EXTENSION refuses
-- while they hold rows (src/drop_guard.cpp).

-- One call per statement: each call rewrites the same pg_extension row.
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r' ORDER BY 1
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(pg_catalog.format('clinic.%I', t)::regclass, '');
    END LOOP;
END
$$;

-- validation_rules is installed with its rows: pg_dump keeps only the rules a DBA edited, and a
-- restore's INSERT of one updates the installed row (clinic._validation_rules_edit()).
SELECT pg_catalog.pg_extension_config_dump('clinic.validation_rules',
    'WHERE (threshold, low, high, enabled) IS DISTINCT FROM (default_threshold, default_low, default_high, true)');

CREATE FUNCTION clinic._tables_with_rows() RETURNS TABLE (table_name name)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
DECLARE
    t name;
    found_row boolean;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
          JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
                                        AND d.refobjid = e.oid AND d.deptype = 'e'
         WHERE e.extname = 'clinic' AND c.relkind IN ('r', 'p')
           AND c.relnamespace = 'clinic'::regnamespace  -- clinical data, not audit records
         ORDER BY c.relname
    LOOP
        IF t = 'validation_rules' THEN  -- installed with rows: only the DBA's edits are data
            SELECT EXISTS (SELECT FROM clinic.validation_rules r
                            WHERE (r.threshold, r.low, r.high, r.enabled)
                                  IS DISTINCT FROM (r.default_threshold, r.default_low, r.default_high, true))
              INTO found_row;
        ELSE
            EXECUTE pg_catalog.format('SELECT EXISTS (SELECT FROM clinic.%I)', t) INTO found_row;
        END IF;
        IF found_row THEN
            table_name := t;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION clinic._tables_with_rows() IS
    'The extension''s tables that hold at least one row (used by the DROP EXTENSION guard); validation_rules counts only when a DBA edited a rule.';
REVOKE ALL ON FUNCTION clinic._tables_with_rows() FROM PUBLIC;

CREATE FUNCTION clinic.drop_guard() RETURNS event_trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_drop_guard';
COMMENT ON FUNCTION clinic.drop_guard() IS
    'Event trigger: DROP EXTENSION clinic, a CASCADE drop of pgcrypto or btree_gist, or DROP SCHEMA clinic CASCADE fails with 55006 while clinic tables hold rows, unless clinic.allow_drop_with_data is on.';

CREATE EVENT TRIGGER clinic_drop_guard ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA')
    EXECUTE FUNCTION clinic.drop_guard();
-- The schema audit (C++: src/audit.cpp, src/catalog_loader.cpp, src/core/audit_checks.cpp).

CREATE FUNCTION clinic._target_schema(target regnamespace) RETURNS name
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_target_schema';
COMMENT ON FUNCTION clinic._target_schema(regnamespace) IS
    'The target schema''s name, after the checks of every function taking one: 22004 for NULL, 3F000 when it does not exist, 42501 without USAGE on it.';
REVOKE ALL ON FUNCTION clinic._target_schema(regnamespace) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._target_schema(regnamespace) TO clinic_admin, clinic_auditor;

CREATE FUNCTION clinic.audit(target regnamespace DEFAULT 'clinic',
        OUT check_id text, OUT checklist_item integer, OUT category text, OUT title text,
        OUT status text, OUT severity text, OUT expected text, OUT actual text, OUT detail jsonb,
        OUT remediation text)
    RETURNS SETOF record
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Catalog text (defaults, CHECKs) deparses constants with these: pinned so results do not
    -- depend on the session's settings.
    SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
    SET extra_float_digits = 1
    -- Rows of the target's tables are read whole or not at all: a row-level security policy
    -- that applies to the caller is an error (42501), never a silently partial answer.
    SET row_security = off
    -- SQL and PL/pgSQL bodies are compiled by their validators (catalog.valid).
    SET check_function_bodies = on
    AS 'MODULE_PATHNAME', 'clinic_audit';
COMMENT ON FUNCTION clinic.audit(regnamespace) IS
    'Audits a schema: one row per check (the 32-item checklist and the schema lints), with status pass/warn/fail/skip, what was expected and found, the offending objects in detail, and how to fix them.';

CREATE FUNCTION clinic.audit_report(target regnamespace DEFAULT 'clinic', format text DEFAULT 'text')
    RETURNS text
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Catalog text (defaults, CHECKs) deparses constants with these: pinned so results do not
    -- depend on the session's settings.
    SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
    SET extra_float_digits = 1
    -- Rows of the target's tables are read whole or not at all: a row-level security policy
    -- that applies to the caller is an error (42501), never a silently partial answer.
    SET row_security = off
    SET check_function_bodies = on
    AS 'MODULE_PATHNAME', 'clinic_audit_report';
COMMENT ON FUNCTION clinic.audit_report(regnamespace, text) IS
    'The audit as a report: text (the checklist''s shape, ending in OVERALL STATUS), json, markdown, tap (for pg_prove) or sarif (SARIF 2.1.0).';
-- Schema snapshots and their differences (C++: src/snapshot.cpp, src/core/snapshot.cpp).

CREATE FUNCTION clinic.schema_snapshot(target regnamespace DEFAULT 'clinic') RETURNS jsonb
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Catalog text (defaults, CHECKs) deparses constants with these: pinned so results do not
    -- depend on the session's settings.
    SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
    SET extra_float_digits = 1
    -- Rows of the target's tables are read whole or not at all: a row-level security policy
    -- that applies to the caller is an error (42501), never a silently partial answer.
    SET row_security = off
    AS 'MODULE_PATHNAME', 'clinic_schema_snapshot';
COMMENT ON FUNCTION clinic.schema_snapshot(regnamespace) IS
    'A canonical, deterministic description of a schema: tables, columns, types, nullability, defaults, constraints with FK actions, indexes, triggers and whether enabled, RLS and policies, grants, comments, enums with ordered labels, functions.';

CREATE FUNCTION clinic.schema_diff(expected jsonb, actual jsonb,
        OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)
    RETURNS SETOF record
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_schema_diff';
COMMENT ON FUNCTION clinic.schema_diff(jsonb, jsonb) IS
    'One row per difference between two schema snapshots: change is missing (expected, not found), unexpected (found, not expected) or altered (expected and actual hold only the properties that differ).';
-- Drift of the extension's own schema against the manifest of the installed version.

CREATE FUNCTION clinic.drift(
        OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- plpgsql: clinic._manifest() is created at the end of the install script.
    AS $$ BEGIN RETURN QUERY SELECT * FROM clinic.schema_diff(clinic._manifest(), clinic.schema_snapshot('clinic')); END $$;
COMMENT ON FUNCTION clinic.drift() IS
    'Differences between the live clinic schema and the manifest shipped with the installed version (a snapshot of a fresh install). No rows: no drift.';
GRANT EXECUTE ON FUNCTION clinic.drift() TO clinic_admin, clinic_auditor;
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
GRANT SELECT, INSERT ON clinic_audit.baselines TO clinic_admin, clinic_auditor;

CREATE FUNCTION clinic.audit_baseline(target regnamespace) RETURNS timestamptz
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    taken timestamptz;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'target schema must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO clinic_audit.baselines (schema_name, snapshot)
    VALUES ((SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = target), clinic.schema_snapshot(target))
    RETURNING taken_at INTO taken;
    RETURN taken;
END
$$;
COMMENT ON FUNCTION clinic.audit_baseline(regnamespace) IS
    'Records the schema''s current snapshot as its baseline: later audits compare the live schema with it. Returns when it was taken.';
GRANT EXECUTE ON FUNCTION clinic.audit_baseline(regnamespace) TO clinic_admin, clinic_auditor;
-- The audit's records: suppressions (accepted findings, with a reason and an expiry) and the
-- history of recorded runs. Both in schema clinic_audit.

CREATE TABLE clinic_audit.suppressions (
    schema_name  name        NOT NULL,
    check_id     text        NOT NULL,
    object_name  text,
    reason       text        NOT NULL,
    expires_on   date        NOT NULL,
    created_by   text        NOT NULL DEFAULT CURRENT_USER,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT suppressions_reason_given CHECK (pg_catalog.btrim(reason) <> ''),
    CONSTRAINT suppressions_object_not_blank CHECK (pg_catalog.btrim(object_name) <> '')
);
CREATE UNIQUE INDEX suppressions_key ON clinic_audit.suppressions (schema_name, check_id, COALESCE(object_name, ''));
COMMENT ON TABLE clinic_audit.suppressions IS
    'Findings a DBA has accepted: clinic.audit() leaves the named object out of the check''s detail until expires_on, then reports the suppression as expired.';
COMMENT ON COLUMN clinic_audit.suppressions.schema_name IS 'The audited schema.';
COMMENT ON COLUMN clinic_audit.suppressions.check_id IS 'The check, e.g. columns.defaults.';
COMMENT ON COLUMN clinic_audit.suppressions.object_name IS 'The object as the detail names it (table, table.column, table.index, ...); NULL: every object of the check.';
COMMENT ON COLUMN clinic_audit.suppressions.reason IS 'Why the finding is accepted.';
COMMENT ON COLUMN clinic_audit.suppressions.expires_on IS 'Last day the suppression applies.';
COMMENT ON COLUMN clinic_audit.suppressions.created_by IS 'Who accepted it.';
COMMENT ON COLUMN clinic_audit.suppressions.created_at IS 'When.';
SELECT pg_catalog.pg_extension_config_dump('clinic_audit.suppressions', '');
GRANT SELECT ON clinic_audit.suppressions TO clinic_auditor;
GRANT SELECT, INSERT, UPDATE, DELETE ON clinic_audit.suppressions TO clinic_admin;

CREATE FUNCTION clinic.audit_suppress(target regnamespace, check_id text, object_name text,
                                      reason text, expires_on date) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
BEGIN
    IF target IS NULL OR check_id IS NULL OR reason IS NULL OR expires_on IS NULL THEN
        RAISE EXCEPTION 'target, check_id, reason and expires_on are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT FROM clinic.audit(target) a WHERE a.check_id = audit_suppress.check_id) THEN
        RAISE EXCEPTION 'unknown check "%"', pg_catalog.left(check_id, 64) USING ERRCODE = 'invalid_parameter_value',
            HINT = 'The check ids are those of SELECT check_id FROM clinic.audit().';
    END IF;
    IF expires_on < CURRENT_DATE THEN
        RAISE EXCEPTION 'expiry % is in the past', coalesce(pg_catalog.to_char(expires_on, 'YYYY-MM-DD'), expires_on::text) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO clinic_audit.suppressions (schema_name, check_id, object_name, reason, expires_on)
    VALUES (clinic._target_schema(target), check_id, object_name, reason, expires_on)
    ON CONFLICT (schema_name, check_id, COALESCE(object_name, ''))
    DO UPDATE SET reason = EXCLUDED.reason, expires_on = EXCLUDED.expires_on,
                  created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at;
END
$$;
COMMENT ON FUNCTION clinic.audit_suppress(regnamespace, text, text, text, date) IS
    'Accepts a finding: the check''s named object (NULL: all its objects) in the schema is left out of the audit until expires_on, for the given reason. Re-suppressing renews.';
GRANT EXECUTE ON FUNCTION clinic.audit_suppress(regnamespace, text, text, text, date) TO clinic_admin;

CREATE TABLE clinic_audit.runs (
    run_id       bigint      GENERATED ALWAYS AS IDENTITY,
    schema_name  name        NOT NULL,
    ran_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    ran_by       text        NOT NULL DEFAULT CURRENT_USER,
    passed       integer     NOT NULL,
    warnings     integer     NOT NULL,
    failed       integer     NOT NULL,
    skipped      integer     NOT NULL,
    findings     jsonb       NOT NULL,
    CONSTRAINT runs_pkey PRIMARY KEY (run_id)
);
CREATE INDEX runs_schema_name_ran_at_idx ON clinic_audit.runs (schema_name, ran_at);
COMMENT ON TABLE clinic_audit.runs IS 'Recorded audit runs (clinic.audit_record), for trends and evidence.';
COMMENT ON COLUMN clinic_audit.runs.run_id IS 'Run number.';
COMMENT ON COLUMN clinic_audit.runs.schema_name IS 'The audited schema.';
COMMENT ON COLUMN clinic_audit.runs.ran_at IS 'When it ran.';
COMMENT ON COLUMN clinic_audit.runs.ran_by IS 'Who ran it.';
COMMENT ON COLUMN clinic_audit.runs.passed IS 'Checks passed.';
COMMENT ON COLUMN clinic_audit.runs.warnings IS 'Checks warning.';
COMMENT ON COLUMN clinic_audit.runs.failed IS 'Checks failed.';
COMMENT ON COLUMN clinic_audit.runs.skipped IS 'Checks skipped.';
COMMENT ON COLUMN clinic_audit.runs.findings IS 'Every finding, as clinic.audit() returned it.';
SELECT pg_catalog.pg_extension_config_dump('clinic_audit.runs', '');
GRANT SELECT ON clinic_audit.runs TO clinic_admin, clinic_auditor;
GRANT INSERT ON clinic_audit.runs TO clinic_admin, clinic_auditor;

CREATE FUNCTION clinic.audit_record(target regnamespace DEFAULT 'clinic') RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    id bigint;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'target schema must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO clinic_audit.runs (schema_name, passed, warnings, failed, skipped, findings)
    SELECT (SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = target),
           count(*) FILTER (WHERE a.status = 'pass'), count(*) FILTER (WHERE a.status = 'warn'),
           count(*) FILTER (WHERE a.status = 'fail'), count(*) FILTER (WHERE a.status = 'skip'),
           jsonb_agg(to_jsonb(a) ORDER BY a.check_id)
      FROM clinic.audit(target) a
    RETURNING run_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION clinic.audit_record(regnamespace) IS
    'Runs the audit and records it in clinic_audit.runs; returns the run number.';
GRANT EXECUTE ON FUNCTION clinic.audit_record(regnamespace) TO clinic_admin, clinic_auditor;

CREATE FUNCTION clinic.migration_status(target regnamespace DEFAULT 'clinic',
        OUT source text, OUT name text, OUT state text, OUT detail text,
        OUT started_at timestamptz, OUT finished_at timestamptz)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    nsp name := clinic._target_schema(target);
    r record;
BEGIN
    -- The clinic extension: installed and default version, and the update path between them.
    FOR r IN
        SELECT e.extversion, a.default_version,
               (SELECT p.path FROM pg_catalog.pg_extension_update_paths('clinic') p
                 WHERE p.source = e.extversion AND p.target = a.default_version) AS path
          FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_available_extensions a ON a.name = e.extname
         WHERE e.extname = 'clinic' AND e.extnamespace = target
    LOOP
        source := 'extension'; name := 'clinic';
        state := CASE WHEN r.extversion = r.default_version THEN 'current'
                      WHEN r.path IS NOT NULL THEN 'update available' ELSE 'no update path' END;
        detail := format('installed %s, default %s%s', r.extversion, r.default_version,
                         CASE WHEN r.path IS NOT NULL AND r.extversion <> r.default_version
                              THEN ', path ' || r.path ELSE '' END);
        started_at := NULL; finished_at := NULL;
        RETURN NEXT;
    END LOOP;
    -- Prisma: each migration's state (a failed one has neither finished_at nor rolled_back_at).
    IF EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace = target
                 AND c.relname = '_prisma_migrations' AND c.relkind = 'r') THEN
        FOR r IN EXECUTE format(
            'SELECT migration_name::text AS m, started_at, finished_at, rolled_back_at, applied_steps_count, logs
               FROM %I._prisma_migrations ORDER BY started_at, migration_name', nsp)
        LOOP
            source := 'prisma'; name := r.m;
            state := CASE WHEN r.rolled_back_at IS NOT NULL THEN 'rolled back'
                          WHEN r.finished_at IS NULL THEN 'failed' ELSE 'applied' END;
            detail := CASE WHEN r.finished_at IS NULL AND r.rolled_back_at IS NULL
                           THEN coalesce(left(r.logs, 200), 'no log') ELSE r.applied_steps_count || ' steps' END;
            started_at := r.started_at; finished_at := r.finished_at;
            RETURN NEXT;
        END LOOP;
    END IF;
END
$$;
COMMENT ON FUNCTION clinic.migration_status(regnamespace) IS
    'The extension''s installed vs default version and update path (for clinic''s schema), and each _prisma_migrations row''s state: applied, failed or rolled back.';
GRANT EXECUTE ON FUNCTION clinic.migration_status(regnamespace) TO clinic_admin, clinic_auditor;
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
-- Validation is for administrators and auditors; administrators edit the rules.
GRANT EXECUTE ON FUNCTION clinic.validate(regnamespace, text[], integer) TO clinic_admin, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic._validation_rule_defaults(), clinic._validation_set_checks(regnamespace),
                          clinic._appointment_transition_allowed(text, text) TO clinic_admin, clinic_auditor;
GRANT SELECT ON clinic.validation_rules TO clinic_auditor;
REVOKE INSERT, DELETE ON clinic.validation_rules FROM clinic_admin;

-- The PHI audit trail: chart readers record accesses; auditors verify and read histories.
GRANT EXECUTE ON FUNCTION clinic.log_access(uuid, text) TO clinic_admin, clinic_clinician, clinic_front_desk;
GRANT EXECUTE ON FUNCTION clinic.patient_history(uuid) TO clinic_admin, clinic_clinician, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic.verify_audit_log(uuid) TO clinic_admin, clinic_auditor;
GRANT EXECUTE ON FUNCTION clinic.audit_log_seal(), clinic._audit_log_seal(), clinic._audit_log_seal_problem(uuid) TO clinic_admin, clinic_auditor;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON clinic.audit_log, clinic.audit_log_purges, clinic.audit_log_seals,
                                          clinic.audit_log_sealed_heads FROM clinic_admin;
GRANT SELECT ON clinic.audit_log, clinic.audit_log_purges, clinic.audit_log_seals, clinic.audit_log_sealed_heads
    TO clinic_admin, clinic_auditor;

GRANT EXECUTE ON FUNCTION clinic.audit(regnamespace), clinic.audit_report(regnamespace, text),
                          clinic.schema_snapshot(regnamespace), clinic.schema_diff(jsonb, jsonb)
    TO clinic_admin, clinic_auditor;

-- The manifest: clinic.schema_snapshot() of a fresh install of this version.
CREATE OR REPLACE FUNCTION clinic._manifest() RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $manifest$ SELECT $json$
{
    "enums": {
        "sex": {
            "labels": [
                "male",
                "female",
                "other"
            ],
            "comment": "Administrative sex (TICKET-001 Sex)."
        },
        "consent_kind": {
            "labels": [
                "treatment",
                "privacy_notice",
                "telehealth",
                "research",
                "email_communication",
                "sms_communication",
                "photography"
            ],
            "comment": "What a consent record covers."
        },
        "consent_status": {
            "labels": [
                "granted",
                "declined",
                "revoked"
            ],
            "comment": "granted (with granted_at), declined, or revoked (with revoked_at); expiry is expires_at."
        },
        "allergy_severity": {
            "labels": [
                "mild",
                "moderate",
                "severe",
                "life_threatening"
            ],
            "comment": "Severity of the reaction (TICKET-001 AllergySeverity)."
        },
        "appointment_type": {
            "labels": [
                "new_patient",
                "follow_up",
                "routine_checkup",
                "sick_visit",
                "telehealth"
            ],
            "comment": "Kind of visit (TICKET-001 AppointmentType)."
        },
        "appointment_status": {
            "labels": [
                "scheduled",
                "checked_in",
                "in_progress",
                "completed",
                "cancelled",
                "no_show"
            ],
            "comment": "Appointment state (TICKET-001 AppointmentStatus); transitions enforced by clinic.appointment_rules_trigger()."
        },
        "allergy_criticality": {
            "labels": [
                "low",
                "high",
                "unable_to_assess"
            ],
            "comment": "Potential for a future life-threatening reaction (FHIR AllergyIntolerance.criticality), distinct from severity."
        },
        "prescription_status": {
            "labels": [
                "active",
                "on_hold",
                "cancelled",
                "completed",
                "entered_in_error",
                "stopped",
                "draft"
            ],
            "comment": "FHIR MedicationRequest.status."
        },
        "allergen_code_system": {
            "labels": [
                "rxnorm",
                "snomed_ct"
            ],
            "comment": "Code system of a coded allergen: RxNorm for drugs, SNOMED CT otherwise."
        },
        "allergy_clinical_status": {
            "labels": [
                "active",
                "inactive",
                "resolved"
            ],
            "comment": "FHIR AllergyIntolerance.clinicalStatus."
        },
        "condition_clinical_status": {
            "labels": [
                "active",
                "recurrence",
                "relapse",
                "inactive",
                "remission",
                "resolved"
            ],
            "comment": "FHIR Condition.clinicalStatus."
        }
    },
    "format": 1,
    "schema": "clinic",
    "tables": {
        "patients": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:INSERT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "INSERT"
                },
                "clinic_front_desk:SELECT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:UPDATE": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Primary key, generated in the database; every chart row carries it as patient_id.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "mrn": {
                    "type": "text",
                    "comment": "Medical record number (FHIR Patient.identifier); unique among live patients. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "sex": {
                    "type": "clinic.sex",
                    "comment": "Administrative sex.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "city": {
                    "type": "text",
                    "comment": "City. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "email": {
                    "type": "text",
                    "comment": "Contact e-mail. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "phone": {
                    "type": "text",
                    "comment": "Contact phone. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "state": {
                    "type": "text",
                    "comment": "State or region.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": false
                },
                "country": {
                    "type": "text",
                    "comment": "ISO 3166-1 alpha-2 country code.",
                    "default": "'US'::text",
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "last_name": {
                    "type": "text",
                    "comment": "Family name. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 18,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 20,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 22,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 23,
                    "generated": false
                },
                "first_name": {
                    "type": "text",
                    "comment": "Given name. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 19,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 21,
                    "generated": false
                },
                "deceased_at": {
                    "type": "timestamp with time zone",
                    "comment": "Time of death (FHIR Patient.deceasedDateTime); not before birth, not in the future.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 17,
                    "generated": false
                },
                "postal_code": {
                    "type": "text",
                    "comment": "Postal code; a US ZIP or ZIP+4 when country is US. PHI (only its first 3 digits survive de-identification).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "address_line1": {
                    "type": "text",
                    "comment": "Street address, first line. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "address_line2": {
                    "type": "text",
                    "comment": "Street address, second line. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "date_of_birth": {
                    "type": "date",
                    "comment": "Date of birth; not in the future (clinic.patient_rules_trigger). PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "emergency_contact_name": {
                    "type": "text",
                    "comment": "Emergency contact. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "emergency_contact_phone": {
                    "type": "text",
                    "comment": "Emergency contact phone. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                }
            },
            "comment": "People receiving care (TICKET-001 Patient; FHIR Patient). PHI. The Citus distribution root (by id). Soft-deleted.",
            "indexes": {
                "patients_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id)"
                },
                "patients_email_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (email)"
                },
                "patients_phone_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (phone)"
                },
                "patients_mrn_live_key": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (mrn) WHERE (deleted_at IS NULL)"
                },
                "patients_last_name_first_name_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (last_name, first_name)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "patient_rules": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.patient_rules_trigger()",
                    "update_of": [
                        "date_of_birth",
                        "deceased_at"
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "patients_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id"
                    ],
                    "validated": true
                },
                "patients_mrn_format": {
                    "type": "check",
                    "columns": [
                        "mrn"
                    ],
                    "validated": true,
                    "definition": "CHECK ((mrn ~ '^[A-Za-z0-9-]{1,32}$'::text))"
                },
                "patients_country_iso": {
                    "type": "check",
                    "columns": [
                        "country"
                    ],
                    "validated": true,
                    "definition": "CHECK ((country ~ '^[A-Z]{2}$'::text))"
                },
                "patients_email_format": {
                    "type": "check",
                    "columns": [
                        "email"
                    ],
                    "validated": true,
                    "definition": "CHECK ((email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'::text))"
                },
                "patients_us_postal_code": {
                    "type": "check",
                    "columns": [
                        "country",
                        "postal_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (((country <> 'US'::text) OR (postal_code ~ '^[0-9]{5}(-[0-9]{4})?$'::text)))"
                },
                "patients_names_not_blank": {
                    "type": "check",
                    "columns": [
                        "first_name",
                        "last_name"
                    ],
                    "validated": true,
                    "definition": "CHECK (((btrim(first_name) <> ''::text) AND (btrim(last_name) <> ''::text)))"
                },
                "patients_date_of_birth_plausible": {
                    "type": "check",
                    "columns": [
                        "date_of_birth"
                    ],
                    "validated": true,
                    "definition": "CHECK ((date_of_birth >= '1880-01-01'::date))"
                },
                "patients_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "symptoms": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "severity": {
                    "type": "smallint",
                    "comment": "Patient-reported severity, 1 (least) to 10.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "onset_date": {
                    "type": "date",
                    "comment": "Date the symptom began.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the record's patient.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "description": {
                    "type": "text",
                    "comment": "Symptom, as written. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "snomed_code": {
                    "type": "text",
                    "comment": "SNOMED CT concept id (digits; check digit verified by the validator).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "duration_days": {
                    "type": "integer",
                    "comment": "How long it has lasted, in days (0 to 36500).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "medical_record_id": {
                    "type": "uuid",
                    "comment": "The medical record; deleting it deletes the symptom.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                }
            },
            "comment": "Symptoms noted in a medical record (TICKET-001 Symptom). PHI. Soft-deleted.",
            "indexes": {
                "symptoms_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "symptoms_medical_record_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (medical_record_id, patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "symptoms_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "symptoms_snomed_format": {
                    "type": "check",
                    "columns": [
                        "snomed_code"
                    ],
                    "validated": true,
                    "definition": "CHECK ((snomed_code ~ '^[1-9][0-9]{5,17}$'::text))"
                },
                "symptoms_duration_range": {
                    "type": "check",
                    "columns": [
                        "duration_days"
                    ],
                    "validated": true,
                    "definition": "CHECK (((duration_days >= 0) AND (duration_days <= 36500)))"
                },
                "symptoms_severity_range": {
                    "type": "check",
                    "columns": [
                        "severity"
                    ],
                    "validated": true,
                    "definition": "CHECK (((severity >= 1) AND (severity <= 10)))"
                },
                "symptoms_medical_record_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "medical_record_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "medical_records",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "symptoms_description_not_blank": {
                    "type": "check",
                    "columns": [
                        "description"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(description) <> ''::text))"
                },
                "symptoms_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "allergies": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "allergen": {
                    "type": "text",
                    "comment": "Substance, as written.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "noted_on": {
                    "type": "date",
                    "comment": "Date the allergy was first noted.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "reaction": {
                    "type": "text",
                    "comment": "Manifestation, free text.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "severity": {
                    "type": "clinic.allergy_severity",
                    "comment": "Severity of the reaction (TICKET-001).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); deleting the patient deletes the allergy.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "criticality": {
                    "type": "clinic.allergy_criticality",
                    "comment": "Risk of a future severe reaction (FHIR criticality).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "allergen_code": {
                    "type": "text",
                    "comment": "Coded substance: an RxNorm RxCUI for drugs, a SNOMED CT concept id otherwise.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                },
                "clinical_status": {
                    "type": "clinic.allergy_clinical_status",
                    "comment": "active, inactive or resolved.",
                    "default": "'active'::clinic.allergy_clinical_status",
                    "identity": false,
                    "not_null": true,
                    "position": 8,
                    "generated": false
                },
                "allergen_code_system": {
                    "type": "clinic.allergen_code_system",
                    "comment": "Code system of allergen_code; set exactly when allergen_code is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                }
            },
            "comment": "Allergies and intolerances (TICKET-001 Allergy; FHIR AllergyIntolerance). PHI. Soft-deleted.",
            "indexes": {
                "allergies_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "allergies_patient_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "allergies_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "allergies_code_format": {
                    "type": "check",
                    "columns": [
                        "allergen_code_system",
                        "allergen_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (((allergen_code_system IS NULL) OR ((allergen_code_system = 'rxnorm'::clinic.allergen_code_system) AND clinic.is_valid_rxnorm(allergen_code)) OR ((allergen_code_system = 'snomed_ct'::clinic.allergen_code_system) AND (allergen_code ~ '^[1-9][0-9]{5,17}$'::text))))"
                },
                "allergies_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "allergies_code_with_system": {
                    "type": "check",
                    "columns": [
                        "allergen_code",
                        "allergen_code_system"
                    ],
                    "validated": true,
                    "definition": "CHECK (((allergen_code IS NULL) = (allergen_code_system IS NULL)))"
                },
                "allergies_allergen_not_blank": {
                    "type": "check",
                    "columns": [
                        "allergen"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(allergen) <> ''::text))"
                },
                "allergies_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "seq": {
                    "type": "bigint",
                    "comment": "Position in the patient's chain, from 1 without gaps.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "hash": {
                    "type": "bytea",
                    "comment": "SHA-256 over prev_hash and a session-independent encoding of every other column (doc/audit-trail.md).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 15,
                    "generated": false
                },
                "actor": {
                    "type": "text",
                    "comment": "The clinic.actor setting when the application set it.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "row_id": {
                    "type": "uuid",
                    "comment": "The id of the changed row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "db_user": {
                    "type": "text",
                    "comment": "The session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "logged_at": {
                    "type": "timestamp with time zone",
                    "comment": "Time of the change: the writing transaction's start time.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "operation": {
                    "type": "text",
                    "comment": "INSERT, UPDATE, DELETE, TRUNCATE, ACCESS (a read recorded by clinic.log_access) or RETENTION (a purge).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "prev_hash": {
                    "type": "bytea",
                    "comment": "hash of the previous row of the chain; 32 zero bytes for the first.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "new_values": {
                    "type": "jsonb",
                    "comment": "INSERT: the row; UPDATE: the changed columns' new values; ACCESS: the purpose; TRUNCATE and RETENTION: what was removed.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "old_values": {
                    "type": "jsonb",
                    "comment": "DELETE: the row; UPDATE: the changed columns' old values; ACCESS: NULL.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient whose chain holds the row (distribution key); the all-zero uuid for the system chain (TRUNCATE, RETENTION).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "table_name": {
                    "type": "text",
                    "comment": "The PHI table (unqualified name; the schema is clinic).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "client_addr": {
                    "type": "inet",
                    "comment": "The client's address; NULL over a Unix socket.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "transaction_id": {
                    "type": "xid8",
                    "comment": "The writing transaction's id.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "application_name": {
                    "type": "text",
                    "comment": "The client's application_name.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": false
                }
            },
            "comment": "Append-only, hash-chained audit trail of PHI: every insert, update and delete of a PHI table row (cascades included), TRUNCATEs, chart accesses recorded by clinic.log_access and retention purges. One SHA-256 chain per patient; verify with clinic.verify_audit_log(). Written only by the extension's C++ code.",
            "indexes": {
                "audit_log_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (patient_id, seq)"
                },
                "audit_log_logged_at_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "brin (logged_at)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_pkey": {
                    "type": "primary key",
                    "columns": [
                        "patient_id",
                        "seq"
                    ],
                    "validated": true
                },
                "audit_log_seq_positive": {
                    "type": "check",
                    "columns": [
                        "seq"
                    ],
                    "validated": true,
                    "definition": "CHECK ((seq > 0))"
                },
                "audit_log_hashes_sha256": {
                    "type": "check",
                    "columns": [
                        "prev_hash",
                        "hash"
                    ],
                    "validated": true,
                    "definition": "CHECK (((length(prev_hash) = 32) AND (length(hash) = 32)))"
                },
                "audit_log_operation_known": {
                    "type": "check",
                    "columns": [
                        "operation"
                    ],
                    "validated": true,
                    "definition": "CHECK ((operation = ANY (ARRAY['INSERT'::text, 'UPDATE'::text, 'DELETE'::text, 'TRUNCATE'::text, 'ACCESS'::text, 'RETENTION'::text])))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "providers": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT(id)": {
                    "column": "id",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(npi)": {
                    "column": "npi",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(id)": {
                    "column": "id",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(email)": {
                    "column": "email",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(phone)": {
                    "column": "phone",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(npi)": {
                    "column": "npi",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(id)": {
                    "column": "id",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(npi)": {
                    "column": "npi",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(email)": {
                    "column": "email",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(phone)": {
                    "column": "phone",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(email)": {
                    "column": "email",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(phone)": {
                    "column": "phone",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(is_active)": {
                    "column": "is_active",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(last_name)": {
                    "column": "last_name",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(specialty)": {
                    "column": "specialty",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(created_at)": {
                    "column": "created_at",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(created_by)": {
                    "column": "created_by",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(deleted_at)": {
                    "column": "deleted_at",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(deleted_by)": {
                    "column": "deleted_by",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(first_name)": {
                    "column": "first_name",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(updated_at)": {
                    "column": "updated_at",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(updated_by)": {
                    "column": "updated_by",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(is_active)": {
                    "column": "is_active",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(last_name)": {
                    "column": "last_name",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(specialty)": {
                    "column": "specialty",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(created_at)": {
                    "column": "created_at",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(created_by)": {
                    "column": "created_by",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(deleted_at)": {
                    "column": "deleted_at",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(deleted_by)": {
                    "column": "deleted_by",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(first_name)": {
                    "column": "first_name",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(updated_at)": {
                    "column": "updated_at",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(updated_by)": {
                    "column": "updated_by",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(is_active)": {
                    "column": "is_active",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(last_name)": {
                    "column": "last_name",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(specialty)": {
                    "column": "specialty",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(created_at)": {
                    "column": "created_at",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(created_by)": {
                    "column": "created_by",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(deleted_at)": {
                    "column": "deleted_at",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(deleted_by)": {
                    "column": "deleted_by",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(first_name)": {
                    "column": "first_name",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(updated_at)": {
                    "column": "updated_at",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(updated_by)": {
                    "column": "updated_by",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Primary key, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "npi": {
                    "type": "text",
                    "comment": "US National Provider Identifier, check digit validated; unique among live providers.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "email": {
                    "type": "text",
                    "comment": "Login e-mail; unique among live providers, case-insensitively.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "phone": {
                    "type": "text",
                    "comment": "Work phone.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "is_active": {
                    "type": "boolean",
                    "comment": "False when the provider takes no new appointments.",
                    "default": "true",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "last_name": {
                    "type": "text",
                    "comment": "Family name.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "specialty": {
                    "type": "text",
                    "comment": "Clinical specialty, free text.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "first_name": {
                    "type": "text",
                    "comment": "Given name.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "password_hash": {
                    "type": "text",
                    "comment": "bcrypt hash (pgcrypto crypt/gen_salt bf); never a plaintext password. Readable by clinic_admin only.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                }
            },
            "comment": "Clinicians who see patients (TICKET-001 Provider). A reference table under Citus. Soft-deleted, never removed while appointments reference them.",
            "indexes": {
                "providers_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id)"
                },
                "providers_npi_live_key": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (npi) WHERE (deleted_at IS NULL)"
                },
                "providers_email_live_key": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (lower(email)) WHERE (deleted_at IS NULL)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "providers_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id"
                    ],
                    "validated": true
                },
                "providers_npi_valid": {
                    "type": "check",
                    "columns": [
                        "npi"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_npi(npi))"
                },
                "providers_email_format": {
                    "type": "check",
                    "columns": [
                        "email"
                    ],
                    "validated": true,
                    "definition": "CHECK ((email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'::text))"
                },
                "providers_names_not_blank": {
                    "type": "check",
                    "columns": [
                        "first_name",
                        "last_name"
                    ],
                    "validated": true,
                    "definition": "CHECK (((btrim(first_name) <> ''::text) AND (btrim(last_name) <> ''::text)))"
                },
                "providers_password_is_bcrypt": {
                    "type": "check",
                    "columns": [
                        "password_hash"
                    ],
                    "validated": true,
                    "definition": "CHECK ((password_hash ~ '^\\$2[abxy]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$'::text))"
                },
                "providers_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "vital_signs": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "bmi": {
                    "type": "numeric",
                    "comment": "Body mass index, kg/m2 (LOINC 39156-5), derived from weight and height; above 10, below 100.",
                    "default": "round((weight_kg / ((height_cm / (100)::numeric) * (height_cm / (100)::numeric))), 1)",
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": true
                },
                "spo2_pct": {
                    "type": "numeric(4,1)",
                    "comment": "Oxygen saturation, % (LOINC 59408-5); above 0, at most 100 (0 to 1 would be a fraction).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "height_cm": {
                    "type": "numeric(5,1)",
                    "comment": "Body height, cm (LOINC 8302-2); 20 to 250.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "weight_kg": {
                    "type": "numeric(5,2)",
                    "comment": "Body weight, kg (LOINC 29463-7); 2 to 500.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 16,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 18,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 19,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the appointment's patient.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 15,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 17,
                    "generated": false
                },
                "measured_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the vitals were taken.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "systolic_mmhg": {
                    "type": "smallint",
                    "comment": "Systolic blood pressure, mm[Hg] (LOINC 8480-6); 40 to 300, above diastolic.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                },
                "temperature_c": {
                    "type": "numeric(4,1)",
                    "comment": "Body temperature, Cel (LOINC 8310-5); 25 to 45 (86 to 113 would be Fahrenheit).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "appointment_id": {
                    "type": "uuid",
                    "comment": "The appointment; deleting it deletes the vitals.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "diastolic_mmhg": {
                    "type": "smallint",
                    "comment": "Diastolic blood pressure, mm[Hg] (LOINC 8462-4); 20 to 200.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "heart_rate_per_min": {
                    "type": "smallint",
                    "comment": "Heart rate, /min (LOINC 8867-4); 20 to 300.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "respiratory_rate_per_min": {
                    "type": "smallint",
                    "comment": "Respiratory rate, /min (LOINC 9279-1); 1 to 69.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                }
            },
            "comment": "Vital signs of one appointment in fixed units (TICKET-001 VitalSigns; FHIR vital-signs profile). PHI. At most one set per appointment. Soft-deleted.",
            "indexes": {
                "vital_signs_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "vital_signs_one_per_appointment": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (patient_id, appointment_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "vital_signs_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "vital_signs_bmi_range": {
                    "type": "check",
                    "columns": [
                        "bmi"
                    ],
                    "validated": true,
                    "definition": "CHECK (((bmi > (10)::numeric) AND (bmi < (100)::numeric)))"
                },
                "vital_signs_spo2_range": {
                    "type": "check",
                    "columns": [
                        "spo2_pct"
                    ],
                    "validated": true,
                    "definition": "CHECK (((spo2_pct > (0)::numeric) AND (spo2_pct <= (100)::numeric)))"
                },
                "vital_signs_height_range": {
                    "type": "check",
                    "columns": [
                        "height_cm"
                    ],
                    "validated": true,
                    "definition": "CHECK (((height_cm >= (20)::numeric) AND (height_cm <= (250)::numeric)))"
                },
                "vital_signs_weight_range": {
                    "type": "check",
                    "columns": [
                        "weight_kg"
                    ],
                    "validated": true,
                    "definition": "CHECK (((weight_kg >= (2)::numeric) AND (weight_kg <= (500)::numeric)))"
                },
                "vital_signs_systolic_range": {
                    "type": "check",
                    "columns": [
                        "systolic_mmhg"
                    ],
                    "validated": true,
                    "definition": "CHECK (((systolic_mmhg >= 40) AND (systolic_mmhg <= 300)))"
                },
                "vital_signs_diastolic_range": {
                    "type": "check",
                    "columns": [
                        "diastolic_mmhg"
                    ],
                    "validated": true,
                    "definition": "CHECK (((diastolic_mmhg >= 20) AND (diastolic_mmhg <= 200)))"
                },
                "vital_signs_appointment_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "appointments",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "vital_signs_heart_rate_range": {
                    "type": "check",
                    "columns": [
                        "heart_rate_per_min"
                    ],
                    "validated": true,
                    "definition": "CHECK (((heart_rate_per_min >= 20) AND (heart_rate_per_min <= 300)))"
                },
                "vital_signs_temperature_range": {
                    "type": "check",
                    "columns": [
                        "temperature_c"
                    ],
                    "validated": true,
                    "definition": "CHECK (((temperature_c >= (25)::numeric) AND (temperature_c <= (45)::numeric)))"
                },
                "vital_signs_one_per_appointment": {
                    "type": "unique",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "validated": true
                },
                "vital_signs_respiratory_rate_range": {
                    "type": "check",
                    "columns": [
                        "respiratory_rate_per_min"
                    ],
                    "validated": true,
                    "definition": "CHECK (((respiratory_rate_per_min > 0) AND (respiratory_rate_per_min < 70)))"
                },
                "vital_signs_systolic_above_diastolic": {
                    "type": "check",
                    "columns": [
                        "systolic_mmhg",
                        "diastolic_mmhg"
                    ],
                    "validated": true,
                    "definition": "CHECK ((systolic_mmhg > diastolic_mmhg))"
                },
                "vital_signs_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "appointments": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:INSERT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "INSERT"
                },
                "clinic_front_desk:SELECT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:UPDATE": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "UPDATE"
                },
                "clinic_clinician:UPDATE(notes)": {
                    "column": "notes",
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                },
                "clinic_clinician:UPDATE(status)": {
                    "column": "status",
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "notes": {
                    "type": "text",
                    "comment": "Scheduling notes, free text. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "reason": {
                    "type": "text",
                    "comment": "Reason for the visit, free text. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "status": {
                    "type": "clinic.appointment_status",
                    "comment": "State; see the transition table in doc/schema.md.",
                    "default": "'scheduled'::clinic.appointment_status",
                    "identity": false,
                    "not_null": true,
                    "position": 7,
                    "generated": false
                },
                "ends_at": {
                    "type": "timestamp with time zone",
                    "comment": "End time; after the start, at most 12 hours later.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); deleting the patient deletes the appointment and its record and vitals.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "provider_id": {
                    "type": "uuid",
                    "comment": "The provider; a provider with appointments cannot be deleted (RESTRICT).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "appointment_date": {
                    "type": "timestamp with time zone",
                    "comment": "Start time (TICKET-001 appointmentDate).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "appointment_type": {
                    "type": "clinic.appointment_type",
                    "comment": "Kind of visit.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                }
            },
            "comment": "Visits (TICKET-001 Appointment; FHIR Appointment). PHI. Status changes follow clinic.appointment_rules_trigger(); no provider is double-booked. Soft-deleted.",
            "indexes": {
                "appointments_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "appointments_status_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (status)"
                },
                "appointments_patient_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id)"
                },
                "appointments_provider_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (provider_id)"
                },
                "appointments_provider_no_overlap": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "gist (provider_id, tstzrange(appointment_date, ends_at)) WHERE ((status <> ALL (ARRAY['cancelled'::clinic.appointment_status, 'no_show'::clinic.appointment_status])) AND (deleted_at IS NULL))"
                },
                "appointments_appointment_date_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (appointment_date)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "appointment_rules": {
                    "when": "(old.status IS DISTINCT FROM new.status)",
                    "level": "row",
                    "events": [
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.appointment_rules_trigger()",
                    "update_of": [
                        "status"
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "appointments_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "appointments_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "appointments_provider_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "provider_id"
                    ],
                    "on_delete": "RESTRICT",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "providers",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "appointments_at_most_12_hours": {
                    "type": "check",
                    "columns": [
                        "ends_at",
                        "appointment_date"
                    ],
                    "validated": true,
                    "definition": "CHECK (((ends_at - appointment_date) <= '12:00:00'::interval))"
                },
                "appointments_ends_after_start": {
                    "type": "check",
                    "columns": [
                        "ends_at",
                        "appointment_date"
                    ],
                    "validated": true,
                    "definition": "CHECK ((ends_at > appointment_date))"
                },
                "appointments_provider_no_overlap": {
                    "type": "exclusion",
                    "columns": [
                        "provider_id",
                        "(expression)"
                    ],
                    "validated": true,
                    "definition": "EXCLUDE USING gist (provider_id WITH =, tstzrange(appointment_date, ends_at) WITH &&) WHERE (((status <> ALL (ARRAY['cancelled'::clinic.appointment_status, 'no_show'::clinic.appointment_status])) AND (deleted_at IS NULL)))"
                },
                "appointments_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "prescriptions": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "route": {
                    "type": "text",
                    "comment": "Route of administration, e.g. oral.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "dosage": {
                    "type": "text",
                    "comment": "Dose per administration, e.g. 500 mg.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "status": {
                    "type": "clinic.prescription_status",
                    "comment": "FHIR MedicationRequest.status.",
                    "default": "'active'::clinic.prescription_status",
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "refills": {
                    "type": "smallint",
                    "comment": "Refills allowed, 0 to 24.",
                    "default": "0",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "end_date": {
                    "type": "date",
                    "comment": "Last day of use; not before start_date.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "quantity": {
                    "type": "numeric(10,2)",
                    "comment": "Quantity dispensed; positive.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "frequency": {
                    "type": "text",
                    "comment": "How often, e.g. twice daily.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 7,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 17,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 19,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 21,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 22,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the record's patient.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "start_date": {
                    "type": "date",
                    "comment": "First day of use.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 18,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 20,
                    "generated": false
                },
                "days_supply": {
                    "type": "smallint",
                    "comment": "Days the quantity lasts, 1 to 365.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "rxnorm_code": {
                    "type": "text",
                    "comment": "RxNorm RxCUI of the medication.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "instructions": {
                    "type": "text",
                    "comment": "Patient instructions, free text. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                },
                "prescribed_at": {
                    "type": "timestamp with time zone",
                    "comment": "When it was prescribed.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "medication_name": {
                    "type": "text",
                    "comment": "Medication, as written.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "medical_record_id": {
                    "type": "uuid",
                    "comment": "The medical record; deleting it deletes the prescription.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                }
            },
            "comment": "Medication orders written in a medical record (TICKET-001 Prescription; FHIR MedicationRequest). PHI. Soft-deleted.",
            "indexes": {
                "prescriptions_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "prescriptions_medical_record_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (medical_record_id, patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "prescriptions_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "prescriptions_refills_range": {
                    "type": "check",
                    "columns": [
                        "refills"
                    ],
                    "validated": true,
                    "definition": "CHECK (((refills >= 0) AND (refills <= 24)))"
                },
                "prescriptions_rxnorm_format": {
                    "type": "check",
                    "columns": [
                        "rxnorm_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_rxnorm(rxnorm_code))"
                },
                "prescriptions_end_after_start": {
                    "type": "check",
                    "columns": [
                        "end_date",
                        "start_date"
                    ],
                    "validated": true,
                    "definition": "CHECK ((end_date >= start_date))"
                },
                "prescriptions_days_supply_range": {
                    "type": "check",
                    "columns": [
                        "days_supply"
                    ],
                    "validated": true,
                    "definition": "CHECK (((days_supply >= 1) AND (days_supply <= 365)))"
                },
                "prescriptions_quantity_positive": {
                    "type": "check",
                    "columns": [
                        "quantity"
                    ],
                    "validated": true,
                    "definition": "CHECK ((quantity > (0)::numeric))"
                },
                "prescriptions_medical_record_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "medical_record_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "medical_records",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "prescriptions_medication_not_blank": {
                    "type": "check",
                    "columns": [
                        "medication_name"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(medication_name) <> ''::text))"
                },
                "prescriptions_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log_seals": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "heads": {
                    "type": "bytea",
                    "comment": "56 bytes per chain, in patient_id order: the 16 bytes of patient_id, seq as 8 bytes big-endian, the 32-byte hash of that row.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "digest": {
                    "type": "bytea",
                    "comment": "SHA-256 of prev_digest, seal_id (8 bytes big-endian) and heads. Keep it outside the database.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "seal_id": {
                    "type": "bigint",
                    "comment": "Position in the chain of seals, from 1.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "sealed_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the seal was taken.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "prev_digest": {
                    "type": "bytea",
                    "comment": "digest of the previous seal; 32 zero bytes for the first.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                }
            },
            "comment": "Seals of the audit trail, each chained to the previous one: the heads (patient_id, seq, hash) of the chains that grew since the previous seal. Written only by clinic.audit_log_seal().",
            "indexes": {
                "audit_log_seals_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (seal_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_seals_pkey": {
                    "type": "primary key",
                    "columns": [
                        "seal_id"
                    ],
                    "validated": true
                },
                "audit_log_seals_heads_whole": {
                    "type": "check",
                    "columns": [
                        "heads"
                    ],
                    "validated": true,
                    "definition": "CHECK (((length(heads) % 56) = 0))"
                },
                "audit_log_seals_digests_sha256": {
                    "type": "check",
                    "columns": [
                        "prev_digest",
                        "digest"
                    ],
                    "validated": true,
                    "definition": "CHECK (((length(prev_digest) = 32) AND (length(digest) = 32)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "consent_records": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:INSERT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "INSERT"
                },
                "clinic_front_desk:SELECT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:UPDATE": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "kind": {
                    "type": "clinic.consent_kind",
                    "comment": "What the consent covers.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "status": {
                    "type": "clinic.consent_status",
                    "comment": "granted, declined or revoked.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "expires_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the consent lapses; after granted_at.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "granted_at": {
                    "type": "timestamp with time zone",
                    "comment": "When consent was given; required when granted.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "revoked_at": {
                    "type": "timestamp with time zone",
                    "comment": "When consent was withdrawn; set exactly when revoked, not before granted_at.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "recorded_by": {
                    "type": "text",
                    "comment": "Staff member who recorded it.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "document_version": {
                    "type": "text",
                    "comment": "Version of the consent form signed.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 8,
                    "generated": false
                }
            },
            "comment": "Consents a patient gave, declined or revoked, with the document version. PHI. Never soft-deleted: a revocation is a new state, not a deletion.",
            "indexes": {
                "consent_records_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "consent_records_patient_id_kind_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id, kind)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "consent_records_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "consent_records_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "consent_records_granted_has_time": {
                    "type": "check",
                    "columns": [
                        "status",
                        "granted_at"
                    ],
                    "validated": true,
                    "definition": "CHECK (((status <> 'granted'::clinic.consent_status) OR (granted_at IS NOT NULL)))"
                },
                "consent_records_revoked_has_time": {
                    "type": "check",
                    "columns": [
                        "status",
                        "revoked_at"
                    ],
                    "validated": true,
                    "definition": "CHECK (((status = 'revoked'::clinic.consent_status) = (revoked_at IS NOT NULL)))"
                },
                "consent_records_expires_after_granted": {
                    "type": "check",
                    "columns": [
                        "expires_at",
                        "granted_at"
                    ],
                    "validated": true,
                    "definition": "CHECK ((expires_at > granted_at))"
                },
                "consent_records_revoked_after_granted": {
                    "type": "check",
                    "columns": [
                        "revoked_at",
                        "granted_at"
                    ],
                    "validated": true,
                    "definition": "CHECK ((revoked_at >= granted_at))"
                },
                "consent_records_document_version_not_blank": {
                    "type": "check",
                    "columns": [
                        "document_version"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(document_version) <> ''::text))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "medical_records": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "plan": {
                    "type": "text",
                    "comment": "SOAP plan. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "objective": {
                    "type": "text",
                    "comment": "SOAP objective. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "assessment": {
                    "type": "text",
                    "comment": "SOAP assessment (diagnosis). PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the appointment's patient (composite foreign key).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "subjective": {
                    "type": "text",
                    "comment": "SOAP subjective. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "recorded_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the note was written.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "appointment_id": {
                    "type": "uuid",
                    "comment": "The appointment; deleting it deletes the record, its symptoms and prescriptions.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "diagnosis_code": {
                    "type": "text",
                    "comment": "Primary diagnosis, ICD-10-CM, format checked.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "chief_complaint": {
                    "type": "text",
                    "comment": "Chief complaint, in the patient's words. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                }
            },
            "comment": "The clinical note of one appointment, SOAP-structured (TICKET-001 MedicalRecord). PHI. At most one per appointment. Soft-deleted.",
            "indexes": {
                "medical_records_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "medical_records_one_per_appointment": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (patient_id, appointment_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "medical_records_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "medical_records_appointment_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "appointments",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "medical_records_one_per_appointment": {
                    "type": "unique",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "validated": true
                },
                "medical_records_diagnosis_icd10_format": {
                    "type": "check",
                    "columns": [
                        "diagnosis_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_icd10cm(diagnosis_code))"
                },
                "medical_records_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log_purges": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "seq": {
                    "type": "bigint",
                    "comment": "seq of the last purged row.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "hash": {
                    "type": "bytea",
                    "comment": "hash of the last purged row.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "purged_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the purge ran.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The chain.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                }
            },
            "comment": "Per chain, the last row removed by clinic.audit_log_purge(): the first kept row must link to it. Written only by the purge.",
            "indexes": {
                "audit_log_purges_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_purges_pkey": {
                    "type": "primary key",
                    "columns": [
                        "patient_id"
                    ],
                    "validated": true
                },
                "audit_log_purges_hash_sha256": {
                    "type": "check",
                    "columns": [
                        "hash"
                    ],
                    "validated": true,
                    "definition": "CHECK ((length(hash) = 32))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "validation_rules": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "low": {
                    "type": "numeric",
                    "comment": "Low end of the violating range, for range rules (NULL: unbounded).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "high": {
                    "type": "numeric",
                    "comment": "High end of the violating range, for range rules (NULL: unbounded).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "enabled": {
                    "type": "boolean",
                    "comment": "False: clinic.validate() skips the check.",
                    "default": "true",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "category": {
                    "type": "text",
                    "comment": "conformance, completeness or plausibility (Kahn et al. 2016).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "check_id": {
                    "type": "text",
                    "comment": "Stable id: table.column.what.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "threshold": {
                    "type": "numeric",
                    "comment": "Largest percentage of rows that may violate for warn; above it, fail. 0: any violation fails.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "check_type": {
                    "type": "text",
                    "comment": "OHDSI Data Quality Dashboard check type (isRequired, plausibleValueHigh, ...), or ours where DQD has none.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 15,
                    "generated": false
                },
                "table_name": {
                    "type": "text",
                    "comment": "The table checked.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 16,
                    "generated": false
                },
                "column_name": {
                    "type": "text",
                    "comment": "The column (or columns) checked.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "default_low": {
                    "type": "numeric",
                    "comment": "The low limit the extension ships.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "default_high": {
                    "type": "numeric",
                    "comment": "The high limit the extension ships.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": false
                },
                "default_threshold": {
                    "type": "numeric",
                    "comment": "The threshold the extension ships.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                }
            },
            "comment": "The checks of clinic.validate(), one row each, with their thresholds and limits. A DBA may change threshold, low, high and enabled; the rest is the catalogue. Holds no patient data.",
            "indexes": {
                "validation_rules_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (check_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "edit": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic._validation_rules_edit()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "validation_rules_pkey": {
                    "type": "primary key",
                    "columns": [
                        "check_id"
                    ],
                    "validated": true
                },
                "validation_rules_range_ordered": {
                    "type": "check",
                    "columns": [
                        "low",
                        "high"
                    ],
                    "validated": true,
                    "definition": "CHECK ((low <= high))"
                },
                "validation_rules_category_known": {
                    "type": "check",
                    "columns": [
                        "category"
                    ],
                    "validated": true,
                    "definition": "CHECK ((category = ANY (ARRAY['conformance'::text, 'completeness'::text, 'plausibility'::text])))"
                },
                "validation_rules_threshold_percent": {
                    "type": "check",
                    "columns": [
                        "threshold"
                    ],
                    "validated": true,
                    "definition": "CHECK (((threshold >= (0)::numeric) AND (threshold <= (100)::numeric)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "chronic_conditions": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "notes": {
                    "type": "text",
                    "comment": "Free-text notes. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "icd10_code": {
                    "type": "text",
                    "comment": "ICD-10-CM code, format checked.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                },
                "onset_date": {
                    "type": "date",
                    "comment": "Date of onset.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); deleting the patient deletes the condition.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "abatement_date": {
                    "type": "date",
                    "comment": "Date it resolved; not before onset.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "condition_name": {
                    "type": "text",
                    "comment": "Condition, as written.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "clinical_status": {
                    "type": "clinic.condition_clinical_status",
                    "comment": "FHIR Condition.clinicalStatus.",
                    "default": "'active'::clinic.condition_clinical_status",
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                }
            },
            "comment": "Long-term conditions (TICKET-001 ChronicCondition; FHIR Condition). PHI. Soft-deleted.",
            "indexes": {
                "chronic_conditions_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "chronic_conditions_patient_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "chronic_conditions_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "chronic_conditions_icd10_format": {
                    "type": "check",
                    "columns": [
                        "icd10_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_icd10cm(icd10_code))"
                },
                "chronic_conditions_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "chronic_conditions_name_not_blank": {
                    "type": "check",
                    "columns": [
                        "condition_name"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(condition_name) <> ''::text))"
                },
                "chronic_conditions_abatement_after_onset": {
                    "type": "check",
                    "columns": [
                        "abatement_date",
                        "onset_date"
                    ],
                    "validated": true,
                    "definition": "CHECK ((abatement_date >= onset_date))"
                },
                "chronic_conditions_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log_sealed_heads": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "seq": {
                    "type": "bigint",
                    "comment": "Its head's seq at the last seal.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The chain.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                }
            },
            "comment": "Per chain, the seq of its head at the last seal; lets a seal record only the chains that grew.",
            "indexes": {
                "audit_log_sealed_heads_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_sealed_heads_pkey": {
                    "type": "primary key",
                    "columns": [
                        "patient_id"
                    ],
                    "validated": true
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        }
    },
    "functions": {
        "version()": {
            "comment": "Version of the loaded clinic shared library (compare with pg_extension.extversion).",
            "language": "c",
            "volatility": "stable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_manifest()": {
            "comment": "The snapshot of a fresh install of this version (src/manifest/), which clinic.drift() compares the live schema with.",
            "language": "sql",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "drop_guard()": {
            "comment": "Event trigger: DROP EXTENSION clinic, a CASCADE drop of pgcrypto or btree_gist, or DROP SCHEMA clinic CASCADE fails with 55006 while clinic tables hold rows, unless clinic.allow_drop_with_data is on.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_tables_with_rows()": {
            "comment": "The extension's tables that hold at least one row (used by the DROP EXTENSION guard); validation_rules counts only when a DBA edited a rule.",
            "language": "plpgsql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_trail_guard()": {
            "comment": "Event trigger: ALTER TABLE ... DISABLE/ENABLE [REPLICA] TRIGGER and DROP TRIGGER on the audit_trail and append_only triggers of clinic tables fail with 42501.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_trail_trigger()": {
            "comment": "AFTER INSERT OR UPDATE OR DELETE row trigger on PHI tables (argument: the patient key column), and BEFORE TRUNCATE statement trigger: appends the change to clinic.audit_log, chained per patient. Does nothing while clinic.audit_trail is off (restores).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_npi(npi text)": {
            "comment": "True for a 10-digit NPI whose Luhn check digit (over 80840 + the first 9 digits) is right.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_columns_trigger()": {
            "comment": "BEFORE INSERT OR UPDATE row trigger: fills created_at/by, stamps updated_at/by and deleted_by (actor = clinic.actor or the session user), rejects changes to id, patient_id, created_at and created_by (23514).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_log_append_only()": {
            "comment": "BEFORE UPDATE OR DELETE row and BEFORE TRUNCATE statement trigger on the audit_log tables: refuses (42501) for every role, the owner included; only clinic.audit_log_purge() and clinic.audit_log_seal() may change them, as documented.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "patient_rules_trigger()": {
            "comment": "BEFORE INSERT OR UPDATE row trigger on patients: date of birth not in the future, time of death not in the future and not before birth (23514).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_seed_default_provider()": {
            "comment": "Inserts the default provider if missing; returns rows inserted.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_validation_rules_edit()": {
            "comment": "BEFORE INSERT OR UPDATE trigger on validation_rules: keeps the catalogue columns fixed (23514) and turns the INSERT of an existing check into an update of its settings (restores).",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_loinc(code text)": {
            "comment": "True for a LOINC code: 1 to 7 digits, a dash, and the right mod-10 check digit.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_rxnorm(code text)": {
            "comment": "True for an RxNorm concept id (RxCUI): 1 to 10 digits, no leading zero.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_validation_rule_defaults()": {
            "comment": "The checks the extension ships, row-level and set-level, with their default thresholds and limits (the source of clinic.validation_rules).",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "appointment_rules_trigger()": {
            "comment": "BEFORE UPDATE row trigger on appointments: status changes follow the transition table in doc/schema.md (23514, constraint appointments_status_transition).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_icd10cm(code text)": {
            "comment": "True for an ICD-10-CM code of the form ^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_boundary_selftest(kind text)": {
            "comment": "Raises each kind of C++/PostgreSQL failure the error boundary handles; for tests only.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_hash_password(password text)": {
            "comment": "bcrypt hash (cost 10) of a password, through pgcrypto.",
            "language": "sql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "patient_history(patient uuid)": {
            "comment": "A patient's chart as a timeline of changes and recorded accesses, oldest first: for an UPDATE, changes maps each changed column to {old, new}; for an INSERT the row, for a DELETE the row removed, for an ACCESS the purpose.",
            "language": "sql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": true,
            "search_path_pinned": true
        },
        "_jsonb_image_matches(json text)": {
            "comment": "Whether the extension's jsonb encoder writes this JSON text byte for byte as jsonb_in does (NULL when it is not JSON); for tests only.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_record(target regnamespace)": {
            "comment": "Runs the audit and records it in clinic_audit.runs; returns the run number.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_target_schema(target regnamespace)": {
            "comment": "The target schema's name, after the checks of every function taking one: 22004 for NULL, 3F000 when it does not exist, 42501 without USAGE on it.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_baseline(target regnamespace)": {
            "comment": "Records the schema's current snapshot as its baseline: later audits compare the live schema with it. Returns when it was taken.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_log_purge(older_than interval)": {
            "comment": "Retention: deletes audit rows logged more than older_than ago (at least 6 years, HIPAA 164.316(b)(2)), keeps every chain verifiable through clinic.audit_log_purges, and records the purge in the system chain. Returns the rows deleted.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "schema_snapshot(target regnamespace)": {
            "comment": "A canonical, deterministic description of a schema: tables, columns, types, nullability, defaults, constraints with FK actions, indexes, triggers and whether enabled, RLS and policies, grants, comments, enums with ordered labels, functions.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "log_access(patient uuid, purpose text)": {
            "comment": "Records a read of a patient's chart (HIPAA access audit) in the patient's chain with its purpose; returns the row's seq. 23503 for an unknown patient, 22023 for an empty purpose.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_validation_set_checks(target regnamespace)": {
            "comment": "The SQL of each set-level check of clinic.validate() for a target schema ($1 is the sample limit): what the validator runs, for review.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_report(target regnamespace, format text)": {
            "comment": "The audit as a report: text (the checklist's shape, ending in OVERALL STATUS), json, markdown, tap (for pg_prove) or sarif (SARIF 2.1.0).",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "seed_demo(OUT table_name text, OUT inserted bigint)": {
            "comment": "Demo seed of TICKET-001's size (1 provider, 5 patients, 4 allergies, 3 conditions, 3 appointments, 2 records, 2 symptoms, 1 prescription, 2 vital-sign sets). Idempotent; returns rows inserted per table.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "verify_provider_password(email text, password text)": {
            "comment": "True when a live, active provider has this e-mail (case-insensitive) and password. SECURITY DEFINER: reads password_hash for callers who cannot.",
            "language": "sql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": true,
            "search_path_pinned": true
        },
        "seed_production(OUT table_name text, OUT inserted bigint)": {
            "comment": "Production seed: only the default provider (doctor@example.com). Idempotent; returns rows inserted per table.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_appointment_transition_allowed(from_status text, to_status text)": {
            "comment": "Whether an appointment status may change from from_status to to_status (doc/schema.md's transition table; unknown labels: false). Used by the validator's status-history check over the audit trail.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "validate(target regnamespace, checks text[], sample_limit integer)": {
            "comment": "Validates the clinical data of a clinic schema: one row per check (clinic.validation_rules) with its status (pass, warn, fail, error), violating and total rows, percentage, threshold and the keys of up to sample_limit violating rows. Each table is scanned once for all its row checks; set-level checks run as SQL. checks selects by id, dotted prefix, check type or category. A NOTICE per table reports progress; cancel and statement_timeout stop it.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "version_check(OUT library_version text, OUT sql_version text, OUT matches boolean)": {
            "comment": "Library version, installed SQL version, and whether they match (a mismatch is a broken upgrade).",
            "language": "sql",
            "volatility": "stable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "generate_demo(patients integer, seed integer, OUT table_name text, OUT inserted bigint)": {
            "comment": "Loads deterministic synthetic charts (1 to 10,000,000 patients; one provider per 2,000) through COPY FROM, valid by every constraint. The same seed gives the same rows; a seed already loaded fails with 23505. Returns rows inserted per table.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_suppress(target regnamespace, check_id text, object_name text, reason text, expires_on date)": {
            "comment": "Accepts a finding: the check's named object (NULL: all its objects) in the schema is left out of the audit until expires_on, for the given reason. Re-suppressing renews.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "drift(OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)": {
            "comment": "Differences between the live clinic schema and the manifest shipped with the installed version (a snapshot of a fresh install). No rows: no drift.",
            "language": "plpgsql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamp with time zone, OUT chains integer, OUT digest bytea)": {
            "comment": "Seals the audit trail: records the head of every chain that grew since the previous seal, chained to it, and returns the digest to keep outside the database (a deleted or rewritten sealed row is then detected by clinic.verify_audit_log()). Run it periodically, e.g. every minute.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamp with time zone, OUT chains integer, OUT digest bytea)": {
            "comment": "The work of clinic.audit_log_seal(), which alone may move audit_log_sealed_heads (append-only otherwise).",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": true,
            "search_path_pinned": true
        },
        "_audit_log_seal_problem(patient uuid, OUT seals_checked bigint, OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)": {
            "comment": "Used by clinic.verify_audit_log(): the first seal that does not recompute or link, or the first sealed chain head missing from or different in the log.",
            "language": "sql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "schema_diff(expected jsonb, actual jsonb, OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)": {
            "comment": "One row per difference between two schema snapshots: change is missing (expected, not found), unexpected (found, not expected) or altered (expected and actual hold only the properties that differ).",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "migration_status(target regnamespace, OUT source text, OUT name text, OUT state text, OUT detail text, OUT started_at timestamp with time zone, OUT finished_at timestamp with time zone)": {
            "comment": "The extension's installed vs default version and update path (for clinic's schema), and each _prisma_migrations row's state: applied, failed or rolled back.",
            "language": "plpgsql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "verify_audit_log(patient uuid, OUT ok boolean, OUT chains_checked bigint, OUT rows_checked bigint, OUT seals_checked bigint, OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)": {
            "comment": "Recomputes every hash of clinic.audit_log (or of one patient's chain), checks each link and every seal: returns ok, the chains, rows and seals checked, and the first broken link (patient, seq) with what is wrong there. Compare the newest seal's digest with the copy kept outside the database.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit(target regnamespace, OUT check_id text, OUT checklist_item integer, OUT category text, OUT title text, OUT status text, OUT severity text, OUT expected text, OUT actual text, OUT detail jsonb, OUT remediation text)": {
            "comment": "Audits a schema: one row per check (the 32-item checklist and the schema lints), with status pass/warn/fail/skip, what was expected and found, the offending objects in detail, and how to fix them.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        }
    }
}
$json$::jsonb $manifest$;
COMMENT ON FUNCTION clinic._manifest() IS 'The snapshot of a fresh install of this version (src/manifest/), which clinic.drift() compares the live schema with.';
REVOKE ALL ON FUNCTION clinic._manifest() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._manifest() TO clinic_admin, clinic_auditor;
