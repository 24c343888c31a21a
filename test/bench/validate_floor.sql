-- The floor under clinic.validate()'s set-level checks (issue 18): every one of them, written by
-- hand as the cheapest plain SQL with the validator's own predicates, counting violations only
-- (no sample keys, no totals, no constraint trusted). Each query is preceded by an \echo of its
-- check id; test/bench/validate.sh times the file in one session (after the bare scan) and adds
-- the scan to its total. Keep it in step with src/core/validate/set_checks.cpp: one query per
-- check validate() runs by default.

-- <table>.id.unique: no id twice (a grouping; the primary key index is not trusted).
\echo providers.id.unique
SELECT count(*) FROM (SELECT FROM clinic.providers GROUP BY id HAVING count(*) > 1) d;
\echo patients.id.unique
SELECT count(*) FROM (SELECT FROM clinic.patients GROUP BY id HAVING count(*) > 1) d;
\echo allergies.id.unique
SELECT count(*) FROM (SELECT FROM clinic.allergies GROUP BY id HAVING count(*) > 1) d;
\echo chronic_conditions.id.unique
SELECT count(*) FROM (SELECT FROM clinic.chronic_conditions GROUP BY id HAVING count(*) > 1) d;
\echo appointments.id.unique
SELECT count(*) FROM (SELECT FROM clinic.appointments GROUP BY id HAVING count(*) > 1) d;
\echo medical_records.id.unique
SELECT count(*) FROM (SELECT FROM clinic.medical_records GROUP BY id HAVING count(*) > 1) d;
\echo symptoms.id.unique
SELECT count(*) FROM (SELECT FROM clinic.symptoms GROUP BY id HAVING count(*) > 1) d;
\echo prescriptions.id.unique
SELECT count(*) FROM (SELECT FROM clinic.prescriptions GROUP BY id HAVING count(*) > 1) d;
\echo vital_signs.id.unique
SELECT count(*) FROM (SELECT FROM clinic.vital_signs GROUP BY id HAVING count(*) > 1) d;
\echo consent_records.id.unique
SELECT count(*) FROM (SELECT FROM clinic.consent_records GROUP BY id HAVING count(*) > 1) d;

-- patients.mrn.unique_live, patients.person.duplicate: groupings of the live patients.
\echo patients.mrn.unique_live
SELECT count(*) FROM (SELECT FROM clinic.patients WHERE deleted_at IS NULL GROUP BY mrn HAVING count(*) > 1) d;
\echo patients.person.duplicate
SELECT count(*) FROM (SELECT FROM clinic.patients WHERE deleted_at IS NULL
                       GROUP BY lower(first_name), lower(last_name), date_of_birth HAVING count(*) > 1) d;

-- <child>.<key>.foreign_key: rows whose parent is missing (anti-joins; the foreign keys are
-- not trusted: their triggers can be bypassed).
\echo allergies.patient_id.foreign_key
SELECT count(*) FROM clinic.allergies c WHERE NOT EXISTS (SELECT FROM clinic.patients p WHERE p.id = c.patient_id);
\echo chronic_conditions.patient_id.foreign_key
SELECT count(*) FROM clinic.chronic_conditions c WHERE NOT EXISTS (SELECT FROM clinic.patients p WHERE p.id = c.patient_id);
\echo appointments.patient_id.foreign_key
SELECT count(*) FROM clinic.appointments c WHERE NOT EXISTS (SELECT FROM clinic.patients p WHERE p.id = c.patient_id);
\echo appointments.provider_id.foreign_key
SELECT count(*) FROM clinic.appointments c WHERE NOT EXISTS (SELECT FROM clinic.providers p WHERE p.id = c.provider_id);
\echo medical_records.appointment_id.foreign_key
SELECT count(*) FROM clinic.medical_records c
 WHERE NOT EXISTS (SELECT FROM clinic.appointments p WHERE p.patient_id = c.patient_id AND p.id = c.appointment_id);
\echo symptoms.medical_record_id.foreign_key
SELECT count(*) FROM clinic.symptoms c
 WHERE NOT EXISTS (SELECT FROM clinic.medical_records p WHERE p.patient_id = c.patient_id AND p.id = c.medical_record_id);
\echo prescriptions.medical_record_id.foreign_key
SELECT count(*) FROM clinic.prescriptions c
 WHERE NOT EXISTS (SELECT FROM clinic.medical_records p WHERE p.patient_id = c.patient_id AND p.id = c.medical_record_id);
\echo vital_signs.appointment_id.foreign_key
SELECT count(*) FROM clinic.vital_signs c
 WHERE NOT EXISTS (SELECT FROM clinic.appointments p WHERE p.patient_id = c.patient_id AND p.id = c.appointment_id);
\echo consent_records.patient_id.foreign_key
SELECT count(*) FROM clinic.consent_records c WHERE NOT EXISTS (SELECT FROM clinic.patients p WHERE p.id = c.patient_id);

-- <child>.<key>.live_parent: a live row under a soft-deleted parent other than the patient
-- (the patient's is a row rule).
\echo medical_records.appointment_id.live_parent
SELECT count(*) FROM clinic.medical_records c JOIN clinic.appointments p ON p.patient_id = c.patient_id AND p.id = c.appointment_id
 WHERE c.deleted_at IS NULL AND p.deleted_at IS NOT NULL;
\echo symptoms.medical_record_id.live_parent
SELECT count(*) FROM clinic.symptoms c JOIN clinic.medical_records p ON p.patient_id = c.patient_id AND p.id = c.medical_record_id
 WHERE c.deleted_at IS NULL AND p.deleted_at IS NOT NULL;
\echo prescriptions.medical_record_id.live_parent
SELECT count(*) FROM clinic.prescriptions c JOIN clinic.medical_records p ON p.patient_id = c.patient_id AND p.id = c.medical_record_id
 WHERE c.deleted_at IS NULL AND p.deleted_at IS NOT NULL;
\echo vital_signs.appointment_id.live_parent
SELECT count(*) FROM clinic.vital_signs c JOIN clinic.appointments p ON p.patient_id = c.patient_id AND p.id = c.appointment_id
 WHERE c.deleted_at IS NULL AND p.deleted_at IS NOT NULL;

-- <table>.appointment_id.one_per_appointment: one live record per appointment.
\echo medical_records.appointment_id.one_per_appointment
SELECT count(*) FROM (SELECT FROM clinic.medical_records WHERE deleted_at IS NULL
                       GROUP BY patient_id, appointment_id HAVING count(*) > 1) d;
\echo vital_signs.appointment_id.one_per_appointment
SELECT count(*) FROM (SELECT FROM clinic.vital_signs WHERE deleted_at IS NULL
                       GROUP BY patient_id, appointment_id HAVING count(*) > 1) d;

-- patients.appointments.present: live patients without any appointment (an anti-join).
\echo patients.appointments.present
SELECT count(*) FROM clinic.patients p
 WHERE p.deleted_at IS NULL AND NOT EXISTS (SELECT FROM clinic.appointments a WHERE a.patient_id = p.id);

-- appointments.completed.<table>: completed live visits without a record of that visit.
\echo appointments.completed.medical_records
SELECT count(*) FROM clinic.appointments a WHERE a.status = 'completed' AND a.deleted_at IS NULL
   AND NOT EXISTS (SELECT FROM clinic.medical_records x WHERE x.patient_id = a.patient_id AND x.appointment_id = a.id);
\echo appointments.completed.vital_signs
SELECT count(*) FROM clinic.appointments a WHERE a.status = 'completed' AND a.deleted_at IS NULL
   AND NOT EXISTS (SELECT FROM clinic.vital_signs x WHERE x.patient_id = a.patient_id AND x.appointment_id = a.id);

-- <table>.<column>.visit_day, prescriptions.prescribed_at.visit_window: timing against the visit.
\echo vital_signs.measured_at.visit_day
SELECT count(*) FROM clinic.vital_signs x JOIN clinic.appointments a ON a.patient_id = x.patient_id AND a.id = x.appointment_id
 WHERE x.measured_at::date <> a.appointment_date::date;
\echo medical_records.recorded_at.visit_day
SELECT count(*) FROM clinic.medical_records x JOIN clinic.appointments a ON a.patient_id = x.patient_id AND a.id = x.appointment_id
 WHERE x.recorded_at::date <> a.appointment_date::date;
\echo prescriptions.prescribed_at.visit_window
SELECT count(*) FROM clinic.prescriptions x
  JOIN clinic.medical_records r ON r.patient_id = x.patient_id AND r.id = x.medical_record_id
  JOIN clinic.appointments a ON a.patient_id = r.patient_id AND a.id = r.appointment_id
 WHERE abs(x.prescribed_at::date - a.appointment_date::date) > 7;

-- appointments.<provider|patient>.overlap: an active appointment starting before the latest end
-- of the earlier ones of the same provider or patient (one ordered pass each).
\echo appointments.provider.overlap
SELECT count(*) FROM (SELECT appointment_date, max(ends_at) OVER w AS earlier_end
                        FROM clinic.appointments WHERE deleted_at IS NULL AND status::text NOT IN ('cancelled', 'no_show')
                      WINDOW w AS (PARTITION BY provider_id ORDER BY appointment_date, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) s
 WHERE appointment_date < earlier_end;
\echo appointments.patient.overlap
SELECT count(*) FROM (SELECT appointment_date, max(ends_at) OVER w AS earlier_end
                        FROM clinic.appointments WHERE deleted_at IS NULL AND status::text NOT IN ('cancelled', 'no_show')
                      WINDOW w AS (PARTITION BY patient_id ORDER BY appointment_date, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) s
 WHERE appointment_date < earlier_end;

-- appointments.status.history: status changes the audit trail recorded outside the machine.
\echo appointments.status.history
SELECT count(*) FROM clinic.audit_log l
 WHERE l.table_name = 'appointments' AND l.operation = 'UPDATE' AND l.new_values ? 'status'
   AND NOT clinic._appointment_transition_allowed(l.old_values ->> 'status', l.new_values ->> 'status');
