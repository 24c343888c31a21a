-- Seed data: the default provider, and a small realistic demo chart set.
-- Idempotent: fixed ids and ON CONFLICT DO NOTHING, so a second run inserts nothing.

-- Password hashing through pgcrypto, wherever pgcrypto is installed: clinic._crypt and
-- clinic._gen_salt (src/pg/pgcrypto.cpp) call its functions by their membership of the
-- extension, never by a schema name, which the schema's owner could move onto look-alikes.
CREATE FUNCTION clinic._crypt(password text, salt text) RETURNS text
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_crypt';
COMMENT ON FUNCTION clinic._crypt(text, text) IS 'pgcrypto''s crypt(text, text), called by OID.';
REVOKE ALL ON FUNCTION clinic._crypt(text, text) FROM PUBLIC;
CREATE FUNCTION clinic._gen_salt(type text, rounds integer) RETURNS text
    LANGUAGE c VOLATILE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_gen_salt';
COMMENT ON FUNCTION clinic._gen_salt(text, integer) IS 'pgcrypto''s gen_salt(text, integer), called by OID.';
REVOKE ALL ON FUNCTION clinic._gen_salt(text, integer) FROM PUBLIC;

CREATE FUNCTION clinic._hash_password(password text) RETURNS text
    LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT clinic._crypt(password, clinic._gen_salt('bf', 10)) $$;
CREATE FUNCTION clinic.verify_provider_password(email text, password text) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT EXISTS (SELECT FROM clinic.providers p
                          WHERE pg_catalog.lower(p.email) = pg_catalog.lower($1)
                            AND p.deleted_at IS NULL AND p.is_active
                            AND p.password_hash OPERATOR(pg_catalog.=) clinic._crypt($2, p.password_hash)) $$;
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
    'A small demo seed (1 provider, 5 patients, 4 allergies, 3 conditions, 3 appointments, 2 records, 2 symptoms, 1 prescription, 2 vital-sign sets). Idempotent; returns rows inserted per table.';

CREATE FUNCTION clinic.generate_demo(patients integer, seed integer DEFAULT 1,
                                     OUT table_name text, OUT inserted bigint)
    RETURNS SETOF record
    LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    SET clinic.actor = 'clinic.generate_demo'
    AS 'MODULE_PATHNAME', 'clinic_generate_demo';
COMMENT ON FUNCTION clinic.generate_demo(integer, integer) IS
    'Loads deterministic synthetic charts (1 to 10,000,000 patients; one provider per 2,000) through COPY FROM, valid by every constraint. The same seed gives the same rows; a seed already loaded fails with 23505. Returns rows inserted per table.';
