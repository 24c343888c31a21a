-- Seeds: TICKET-001's demo data, idempotent; production seed is the default provider only.
SELECT * FROM clinic.seed_production();
SELECT * FROM clinic.seed_production();
SELECT email, first_name, last_name, npi, created_by FROM clinic.providers;
-- The demo seed adds the ticket's rows; the provider is already there.
SELECT * FROM clinic.seed_demo();
-- Running it again changes nothing: no rows inserted, and no row updated either.
CREATE TEMP TABLE before AS
SELECT 'patients' AS t, md5(string_agg(p::text, '' ORDER BY p.id)) AS h FROM clinic.patients p
UNION ALL SELECT 'appointments', md5(string_agg(a::text, '' ORDER BY a.id)) FROM clinic.appointments a
UNION ALL SELECT 'providers', md5(string_agg(v::text, '' ORDER BY v.id)) FROM clinic.providers v;
SELECT * FROM clinic.seed_demo();
SELECT b.t, b.h = a.h AS unchanged FROM before b JOIN (
SELECT 'patients' AS t, md5(string_agg(p::text, '' ORDER BY p.id)) AS h FROM clinic.patients p
UNION ALL SELECT 'appointments', md5(string_agg(a::text, '' ORDER BY a.id)) FROM clinic.appointments a
UNION ALL SELECT 'providers', md5(string_agg(v::text, '' ORDER BY v.id)) FROM clinic.providers v) a USING (t) ORDER BY 1;
-- The ticket's row counts.
SELECT (SELECT count(*) FROM clinic.providers) AS providers, (SELECT count(*) FROM clinic.patients) AS patients,
       (SELECT count(*) FROM clinic.allergies) AS allergies, (SELECT count(*) FROM clinic.chronic_conditions) AS conditions,
       (SELECT count(*) FROM clinic.appointments) AS appointments, (SELECT count(*) FROM clinic.medical_records) AS records,
       (SELECT count(*) FROM clinic.symptoms) AS symptoms, (SELECT count(*) FROM clinic.prescriptions) AS prescriptions,
       (SELECT count(*) FROM clinic.vital_signs) AS vitals;
-- The test credentials work, and only as a bcrypt hash is the password stored.
SELECT clinic.verify_provider_password('doctor@example.com', 'password123') AS login,
       (SELECT password_hash ~ '^\$2a\$10\$' AND password_hash NOT LIKE '%password123%' FROM clinic.providers) AS hashed;
-- Rows record who seeded them; statuses and vitals are plausible.
SELECT DISTINCT created_by FROM clinic.patients;
SELECT status, count(*) FROM clinic.appointments GROUP BY 1 ORDER BY 1;
SELECT systolic_mmhg, diastolic_mmhg, bmi FROM clinic.vital_signs ORDER BY measured_at;
-- Each visit's note and vitals fall on the visit.
SELECT count(*) AS on_the_visit_day
  FROM clinic.appointments a
  JOIN clinic.vital_signs v ON (v.patient_id, v.appointment_id) = (a.patient_id, a.id)
  JOIN clinic.medical_records r ON (r.patient_id, r.appointment_id) = (a.patient_id, a.id)
 WHERE v.measured_at BETWEEN a.appointment_date AND a.ends_at AND r.recorded_at BETWEEN a.appointment_date AND a.ends_at;
