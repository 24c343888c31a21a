#!/usr/bin/env bash
# scripts/citus_cluster.sh start|stop [MAJOR]: a throwaway Citus cluster for the Citus suite
# (issue 19): a coordinator and two workers of PostgreSQL MAJOR (default 15) with Citus loaded,
# under tmp/citus-cluster/ (coordinator, worker1, worker2), listening on 127.0.0.1 only, ports
# CLINIC_CITUS_PORT (default 55480) and the two after it, run by the postgres OS user.
# `start` builds Citus when it is missing (scripts/citus.sh; exit 3 when it cannot be built),
# installs clinic into that server (a build of its own, in tmp/citus-build), starts the three
# nodes, creates the database clinic_citus on each with the citus extension, and registers the
# workers with the coordinator. Idempotent: a running cluster is reused. `stop` stops the three
# by their postmaster.pid. Run as root.
#   bash scripts/citus_cluster.sh start && psql -h 127.0.0.1 -p 55480 -U postgres clinic_citus
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ACTION=${1:?usage: citus_cluster.sh start|stop [MAJOR]}
MAJOR=${2:-15}
NODES=(coordinator worker1 worker2)
DB=clinic_citus

require_root
ensure_packages
citus_server "$MAJOR"

stop_all() {
  local n
  for n in "${NODES[@]}"; do cluster_stop "citus-cluster/$n"; done
}

case $ACTION in
  stop)
    stop_all
    exit 0
    ;;
  start) ;;
  *) die "usage: citus_cluster.sh start|stop [MAJOR]" ;;
esac

prepare_work_dir
# clinic into this server: its own copy of the tree (objects of one server do not link into
# another).
build=$WORK/citus-build
stage_tree "$build"
find "$build" \( -name '*.o' -o -name '*.so' -o -name '*.bc' \) -delete
WERROR=1 REPO=$build build_and_install >/dev/null

# Citus connects node to node over TCP: each node listens on 127.0.0.1 (initdb's trust covers
# local TCP connections too) besides its socket directory, which only the postgres OS user may
# use. Like the suites' other throwaway clusters it trusts the machine's local users: run it
# where they are trusted. clinic is preloaded as doc/citus.md advises: every backend then gives
# errors raised on shards the logical tables' names.
export CLINIC_SERVER_OPTS="-c listen_addresses=127.0.0.1 -c unix_socket_permissions=0700 -c shared_preload_libraries=citus,clinic \
-c wal_level=logical -c max_prepared_transactions=20 -c jit=off -c citus.enable_statistics_collection=off"
i=0
for n in "${NODES[@]}"; do
  cluster_start "citus-cluster/$n" $((CITUS_PORT + i))
  i=$((i + 1))
done
node_psql() { # node_psql INDEX ARGS...: psql into clinic_citus (or postgres) of node INDEX
  local index=$1
  shift
  as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $((CITUS_PORT + index)) -U "$PG_USER" "$@"
}
for i in 0 1 2; do
  if [ -z "$(node_psql "$i" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    node_psql "$i" -d postgres -c "CREATE DATABASE $DB"
  fi
  node_psql "$i" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS citus"
done
node_psql 0 -d "$DB" -c "SELECT citus_set_coordinator_host('127.0.0.1', $CITUS_PORT)" >/dev/null
for i in 1 2; do
  node_psql 0 -d "$DB" -c "SELECT citus_add_node('127.0.0.1', $((CITUS_PORT + i)))" >/dev/null
done
log "Citus cluster up: coordinator 127.0.0.1:$CITUS_PORT, workers $((CITUS_PORT + 1)) and $((CITUS_PORT + 2)), database $DB"
