-- A chart write: one allergy's reaction changes (always to a new value, so it is always audited).
\set a random(1, :nallergies)
SET clinic.actor = 'soak.chart';
UPDATE clinic.allergies SET reaction = 'soak ' || pg_catalog.clock_timestamp()
 WHERE id = (SELECT id FROM soak.allergies WHERE n = :a);
