#!/usr/bin/env bash
# The main job: build, install, start a throwaway cluster under tmp/demo, create the extension,
# load the demo data and print the audit report. The cluster keeps running afterwards.
#   bash scripts/demo.sh          run it (a second run reuses the cluster, remakes database clinic)
#   bash scripts/demo.sh stop     stop the demo cluster
#   CLINIC_DEMO_PORT=NNNN         choose the port (default 55432)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${CLINIC_DEMO_PORT:-55432}
require_root
ensure_packages

if [ "${1:-}" = stop ]; then
  cluster_stop demo
  log "demo cluster stopped"
  exit 0
fi

build_and_install
prepare_work_dir
cluster_start demo "$PORT"

# The demo database is made anew on every run, so it always shows the build just installed.
as_pg psql -X -q -v ON_ERROR_STOP=1 -d postgres \
  -c "DROP DATABASE IF EXISTS clinic WITH (FORCE)" -c "CREATE DATABASE clinic"
as_pg psql -X -q -v ON_ERROR_STOP=1 -d clinic -f "$REPO/scripts/demo.sql"

cat <<EOF

The demo cluster is running (data in $WORK/demo/data).
  connect: runuser -u $PG_USER -- psql -h $PGHOST -p $PORT -d clinic
  stop:    bash scripts/demo.sh stop
EOF
