-- Tables: the specification's nine plus consent_records, hardened (doc/schema.md).
--
-- Distribution-ready (Citus): every patient-owned table carries
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
    'Clinicians who see patients. A reference table under Citus. Soft-deleted, never removed while appointments reference them.';
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
    'People receiving care (FHIR Patient). PHI. The Citus distribution root (by id). Soft-deleted.';
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
COMMENT ON TABLE clinic.allergies IS 'Allergies and intolerances (FHIR AllergyIntolerance). PHI. Soft-deleted.';
COMMENT ON COLUMN clinic.allergies.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.allergies.patient_id IS 'The patient (distribution key); deleting the patient deletes the allergy.';
COMMENT ON COLUMN clinic.allergies.allergen IS 'Substance, as written.';
COMMENT ON COLUMN clinic.allergies.allergen_code IS 'Coded substance: an RxNorm RxCUI for drugs, a SNOMED CT concept id otherwise.';
COMMENT ON COLUMN clinic.allergies.allergen_code_system IS 'Code system of allergen_code; set exactly when allergen_code is.';
COMMENT ON COLUMN clinic.allergies.severity IS 'Severity of the reaction.';
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
COMMENT ON TABLE clinic.chronic_conditions IS 'Long-term conditions (FHIR Condition). PHI. Soft-deleted.';
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
    'Visits (FHIR Appointment). PHI. Status changes follow clinic.appointment_rules_trigger(); no provider is double-booked. Soft-deleted.';
COMMENT ON COLUMN clinic.appointments.id IS 'Row id, generated in the database.';
COMMENT ON COLUMN clinic.appointments.patient_id IS 'The patient (distribution key); deleting the patient deletes the appointment and its record and vitals.';
COMMENT ON COLUMN clinic.appointments.provider_id IS 'The provider; a provider with appointments cannot be deleted (RESTRICT).';
COMMENT ON COLUMN clinic.appointments.appointment_date IS 'Start time.';
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
    'The clinical note of one appointment, SOAP-structured. PHI. At most one per appointment. Soft-deleted.';
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
-- Leads with medical_record_id (the specification's index) and covers the foreign key's columns.
CREATE INDEX symptoms_medical_record_id_idx ON clinic.symptoms (medical_record_id, patient_id);
COMMENT ON TABLE clinic.symptoms IS 'Symptoms noted in a medical record. PHI. Soft-deleted.';
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
COMMENT ON TABLE clinic.prescriptions IS 'Medication orders written in a medical record (FHIR MedicationRequest). PHI. Soft-deleted.';
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
    -- Hard limits: impossible values or unit errors.
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
    'Vital signs of one appointment in fixed units (FHIR vital-signs profile). PHI. At most one set per appointment. Soft-deleted.';
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
