-- Book a random patient with a random provider into a random half-hour of 2030's first month.
-- A slot the provider already has is skipped (the exclusion constraint decides, not a check
-- that could race).
\set p random(1, :npatients)
\set v random(1, :nproviders)
\set slot random(0, 1439)
SET clinic.actor = 'soak.booking';
INSERT INTO clinic.appointments (patient_id, provider_id, appointment_date, ends_at, appointment_type)
SELECT p.id, v.id, timestamptz '2030-01-01 08:00+00' + :slot * interval '30 minutes',
       timestamptz '2030-01-01 08:00+00' + (:slot + 1) * interval '30 minutes', 'follow_up'
  FROM soak.patients p, soak.providers v WHERE p.n = :p AND v.n = :v
    ON CONFLICT DO NOTHING;
