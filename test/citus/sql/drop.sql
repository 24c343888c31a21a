-- DROP EXTENSION on the cluster (runs last: it removes the extension). Citus drops only the
-- metadata of a table dropped with its extension; the drop guard drops the shards first, so no
-- shard and none of its PHI stays on any node (doc/citus.md, "Dropping the extension").
-- A DROP by someone other than the extension's owner that would remove it by cascade: here the
-- owner of the schema the required extensions live in, given the setting by a superuser
-- (ALTER ROLE ... SET). PostgreSQL checks only the schema's ownership; the guard refuses (42501)
-- rather than drop the extension and leave its shards.
SELECT current_user AS superuser \gset
CREATE ROLE citus_suite_owner LOGIN;
ALTER SCHEMA extensions OWNER TO citus_suite_owner;
ALTER ROLE citus_suite_owner SET clinic.allow_drop_with_data = on;
\c - citus_suite_owner
\set VERBOSITY terse
DROP SCHEMA extensions CASCADE;
\set VERBOSITY default
\c - :superuser
ALTER SCHEMA extensions OWNER TO :superuser;
DROP ROLE citus_suite_owner;

SET citus.enable_ddl_propagation = off;  -- a function of this session only
CREATE FUNCTION pg_temp.relations() RETURNS TABLE (node int, relations bigint)
    LANGUAGE sql AS $$
SELECT n.nodeport - current_setting('port')::int, r.result::bigint
  FROM run_command_on_all_nodes($r$SELECT count(*) FROM pg_catalog.pg_class c
                                    JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
                                   WHERE s.nspname = 'clinic'$r$) r
  JOIN pg_dist_node n USING (nodeid)
 ORDER BY 1
$$;
-- What a drop that removes the extension must leave: no relation in schema clinic on any node,
-- no Citus table, no clinic extension anywhere.
CREATE FUNCTION pg_temp.left_behind() RETURNS TABLE (what text, count bigint)
    LANGUAGE sql AS $$
SELECT what, count FROM (
    SELECT 1 AS k, node, 'relations in schema clinic on node ' || node AS what, relations AS count
      FROM pg_temp.relations()
    UNION ALL
    SELECT 2, 0, 'Citus tables', count(*) FROM pg_dist_partition
    UNION ALL
    SELECT 3, 0, 'nodes with the clinic extension', count(*)
      FROM run_command_on_all_nodes($r$SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'clinic'$r$)
     WHERE result = '1') x
 ORDER BY k, node
$$;
RESET citus.enable_ddl_propagation;
-- generate_demo() as clinic_admin (not a superuser): its claims come from the extension's own
-- clinic._claims_statement(), which no role is granted.
CREATE ROLE citus_suite_admin LOGIN IN ROLE clinic_admin;
SET ROLE citus_suite_admin;
SELECT table_name, inserted FROM clinic.generate_demo(3, 12) WHERE table_name IN ('providers', 'patients');
RESET ROLE;
DROP ROLE citus_suite_admin;
SELECT count(*) > 0 AS patients_hold_rows FROM clinic.patients;
CREATE TEMP TABLE before AS SELECT * FROM pg_temp.relations();
SELECT node, relations > 0 AS has_relations FROM before ORDER BY node;

-- With rows and without the setting: refused (55006).
\set VERBOSITY terse
DROP EXTENSION clinic CASCADE;
\set VERBOSITY default

-- Allowed but without CASCADE: the claims' foreign keys refuse it, and the shards dropped ahead
-- come back with the rollback.
BEGIN;
SET LOCAL clinic.allow_drop_with_data = on;
SET LOCAL client_min_messages = warning;  -- the shards' drop cascades, with a NOTICE naming one
\set VERBOSITY terse
DROP EXTENSION clinic;
\set VERBOSITY default
ROLLBACK;
SELECT b.node, a.relations = b.relations AS unchanged
  FROM pg_temp.relations() a JOIN before b USING (node) ORDER BY 1;
SELECT count(*) > 0 AS patients_still_read FROM clinic.patients;

-- Allowed, with CASCADE, then rolled back to a savepoint (as a DROP in a function that catches
-- its error would be): the shards come back on every node.
BEGIN;
SAVEPOINT before_drop;
SET LOCAL clinic.allow_drop_with_data = on;
SET LOCAL client_min_messages = warning;
DROP EXTENSION clinic CASCADE;
ROLLBACK TO SAVEPOINT before_drop;
COMMIT;
SELECT b.node, a.relations = b.relations AS unchanged
  FROM pg_temp.relations() a JOIN before b USING (node) ORDER BY 1;
SELECT count(*) > 0 AS patients_still_read FROM clinic.patients;

-- Allowed, but with Citus's DDL propagation off: refused (55000), as Citus would drop neither
-- the shards nor their metadata.
BEGIN;
SET LOCAL clinic.allow_drop_with_data = on;
SET LOCAL citus.enable_ddl_propagation = off;
\set VERBOSITY terse
DROP EXTENSION clinic CASCADE;
\set VERBOSITY default
ROLLBACK;

-- Allowed, by the cascade of DROP SCHEMA extensions (pgcrypto and btree_gist, which clinic
-- requires): the extension, its shards and the claims leave every node. During a DROP SCHEMA
-- Citus drops only the metadata of the coordinator's own copies of the reference tables; the
-- guard drops them too.
BEGIN;
SET LOCAL clinic.allow_drop_with_data = on;
SET LOCAL client_min_messages = warning;  -- the cascade's NOTICE names shards
DROP SCHEMA extensions CASCADE;
COMMIT;
SELECT * FROM pg_temp.left_behind();

-- Installed and distributed again (its seed rows), then DROP EXTENSION clinic CASCADE: the same.
SET client_min_messages = warning;
CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto SCHEMA extensions;
CREATE EXTENSION btree_gist SCHEMA extensions;
CREATE EXTENSION clinic;
SELECT count(*) AS tables FROM clinic.distribute();
RESET client_min_messages;
SELECT node, relations > 0 AS has_relations FROM pg_temp.relations();
BEGIN;
SET LOCAL clinic.allow_drop_with_data = on;
SET LOCAL client_min_messages = warning;
DROP EXTENSION clinic CASCADE;
COMMIT;
SELECT * FROM pg_temp.left_behind();
