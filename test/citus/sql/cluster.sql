-- The cluster the Citus suite runs on (scripts/citus_cluster.sh): Citus loaded on the
-- coordinator, two active workers. Issue 19's capability table is tested here as it is built:
-- so far the extension's installation across the nodes (this file), the schema distributed
-- by clinic.distribute() and the drop guard over it (distribute), the trail (trail), validate(),
-- generate_demo() and the audit (validate), DROP EXTENSION (drop, last).
SELECT split_part(citus_version(), ' ', 2) AS citus;
SELECT count(*) AS active_workers FROM citus_get_active_worker_nodes();

-- As the README installs it: the required extensions in a schema only superusers own. Citus
-- propagates CREATE SCHEMA and CREATE EXTENSION from the coordinator to every worker.
CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto SCHEMA extensions;
CREATE EXTENSION btree_gist SCHEMA extensions;
CREATE EXTENSION clinic;
SELECT nodeport - current_setting('port')::int AS worker,
       result = (SELECT extversion FROM pg_extension WHERE extname = 'clinic') AS same_version_as_coordinator
  FROM run_command_on_workers($$SELECT extversion FROM pg_extension WHERE extname = 'clinic'$$)
 ORDER BY 1;
