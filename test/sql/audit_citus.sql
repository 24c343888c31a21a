-- On a Citus node the catalogs also hold shard relations (../shared/citus-notes.md, rule 10):
-- the audit and the snapshot must not count them. Citus is not installed here, so the two
-- things the audit reads of it are simulated for the length of this test: a `citus` row in
-- pg_extension and a pg_dist_shard naming the shards (relation name + '_' + shard id).
SET client_min_messages = warning;
CREATE SCHEMA citus_sim;
CREATE TABLE citus_sim.visits (id bigint PRIMARY KEY, patient_id bigint NOT NULL);
-- A shard of visits, as a worker holds it, with its own index.
CREATE TABLE citus_sim.visits_102008 (id bigint PRIMARY KEY, patient_id bigint NOT NULL);
CREATE INDEX visits_102008_patient ON citus_sim.visits_102008 (patient_id);

-- Without Citus, both are tables of the schema.
SELECT o->>'table' AS uncommented_table
  FROM clinic.audit('citus_sim', 'checklist'), jsonb_array_elements(detail) o
 WHERE check_id = 'docs.comments' AND NOT o ? 'column' ORDER BY 1;

SET allow_system_table_mods = on;
CREATE TABLE pg_catalog.pg_dist_shard (logicalrelid regclass NOT NULL, shardid bigint NOT NULL);
INSERT INTO pg_catalog.pg_dist_shard VALUES ('citus_sim.visits', 102008);
INSERT INTO pg_catalog.pg_extension (oid, extname, extowner, extnamespace, extrelocatable, extversion)
SELECT (SELECT max(oid::int8) + 1000 FROM pg_catalog.pg_extension)::oid, 'citus', 10, 'pg_catalog'::regnamespace,
       false, '13.2';
RESET allow_system_table_mods;

-- With Citus present: the shard is not a table of the schema, nor its index, in the audit or
-- in the snapshot.
SELECT o->>'table' AS uncommented_table
  FROM clinic.audit('citus_sim', 'checklist'), jsonb_array_elements(detail) o
 WHERE check_id = 'docs.comments' AND NOT o ? 'column' ORDER BY 1;
SELECT check_id, actual FROM clinic.audit('citus_sim')
 WHERE check_id IN ('pk.present', 'table.sizes') ORDER BY 1;
SELECT jsonb_object_keys(clinic.schema_snapshot('citus_sim') -> 'tables') AS snapshot_table;

-- Citus simulated no longer.
SET allow_system_table_mods = on;
DELETE FROM pg_catalog.pg_extension WHERE extname = 'citus';
DROP TABLE pg_catalog.pg_dist_shard;
RESET allow_system_table_mods;
DROP SCHEMA citus_sim CASCADE;
