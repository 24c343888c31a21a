-- The floor under three set-level checks issue 5 requires, each written as the cheapest plain
-- SQL with the validator's own predicates (no sample keys, no totals), to set beside the bare
-- scan: if these alone take more than twice the scan, no validator that runs them is within 2x
-- of it. Run by test/bench/validate.sh after its repetitions.
\timing on
-- patients.appointments.present: live patients without any appointment (an anti-join).
SELECT count(*) FROM clinic.patients p
 WHERE p.deleted_at IS NULL AND NOT EXISTS (SELECT FROM clinic.appointments a WHERE a.patient_id = p.id);
-- patients.person.duplicate: live patients sharing name and date of birth (a grouping).
SELECT count(*) FROM (SELECT FROM clinic.patients WHERE deleted_at IS NULL
                       GROUP BY lower(first_name), lower(last_name), date_of_birth HAVING count(*) > 1) d;
-- appointments.patient.overlap: an active appointment starting before the latest end of the
-- patient's earlier ones (one ordered pass over the appointments).
SELECT count(*) FROM (SELECT appointment_date, max(ends_at) OVER w AS earlier_end
                        FROM clinic.appointments WHERE deleted_at IS NULL AND status::text NOT IN ('cancelled', 'no_show')
                      WINDOW w AS (PARTITION BY patient_id ORDER BY appointment_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) s
 WHERE appointment_date < earlier_end;
