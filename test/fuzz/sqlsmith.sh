#!/usr/bin/env bash
# Random SQL against a seeded database with the extension: sqlsmith (Debian package) generates
# queries over every table and function it can see (clinic's among them), as a non-superuser
# member of clinic_admin and clinic_auditor with a 2 s statement_timeout. Counts statements,
# statements that used a clinic object, and backend crashes (server log "terminated by signal",
# or a changed postmaster start time). Exits non-zero on any crash.
#   bash test/fuzz/sqlsmith.sh [QUERIES] [SEED]     default 20000 queries (the on-demand soak)
# Uses the running cluster named by PGHOST/PGPORT when CLINIC_SQLSMITH_REUSE=1 (scripts/test.sh),
# else builds, installs and starts its own in tmp/sqlsmith (port 55436).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

QUERIES=${1:-20000}
SEED=${2:-1}
DB=clinic_sqlsmith
require_root
ensure_packages  # sqlsmith is one of lib.sh's packages
soak_cluster sqlsmith "${CLINIC_SQLSMITH_PORT:-55436}" "${CLINIC_SQLSMITH_REUSE:-0}" "${CLINIC_SQLSMITH_SERVER_LOG:-}"
OUT=$WORK/sqlsmith-run
as_pg mkdir -p "$OUT"

psql_pg() { as_pg psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_pg -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
psql_pg -d "$DB" -c "SET client_min_messages = warning" -c "CREATE EXTENSION clinic CASCADE" \
  -c "SELECT count(*) FROM clinic.seed_demo()" -c "SELECT count(*) FROM clinic.generate_demo(50, $SEED)" >/dev/null
psql_pg -d postgres -c "DROP ROLE IF EXISTS clinic_sqlsmith" \
  -c "CREATE ROLE clinic_sqlsmith LOGIN IN ROLE clinic_admin, clinic_auditor" \
  -c "ALTER ROLE clinic_sqlsmith SET statement_timeout = '2s'"

started=$(psql_pg -d postgres -tAc "SELECT pg_postmaster_start_time()")
log_lines_before=$(server_log_lines)
log "sqlsmith: $QUERIES queries, seed $SEED"
t0=$(date +%s)
set +e
(cd "$OUT" && as_pg timeout "${CLINIC_SQLSMITH_TIMEOUT:-1800}" sqlsmith \
  --target="host=$PGHOST port=$PGPORT dbname=$DB user=clinic_sqlsmith" \
  --max-queries="$QUERIES" --seed="$SEED" --verbose --dump-all-queries >"$OUT/queries.sql" 2>"$OUT/sqlsmith.err")
rc=$?
set -e
elapsed=$(($(date +%s) - t0))

crashes=$(crashes_since "$log_lines_before")
now=$(psql_pg -d postgres -tAc "SELECT pg_postmaster_start_time()")
[ "$now" = "$started" ] || crashes=$((crashes > 0 ? crashes : 1))
# Statements in the dump: each starts in column 0 after a line ending in ';'.
read -r statements touching < <(awk '
  start && /^[A-Za-z]/ { n++; if (hit) t++; hit = 0 }
  /clinic\./ { hit = 1 }
  { start = /;[[:space:]]*$/ }
  BEGIN { start = 1 }
  END { if (hit) t++; print n + 0, t + 0 }' "$OUT/queries.sql")
error_rate=$(grep -oE 'error rate: [0-9.]+' "$OUT/sqlsmith.err" | tail -1 | awk '{print $3}')

psql_pg -d postgres -c "DROP DATABASE $DB" -c "DROP ROLE clinic_sqlsmith"
echo "sqlsmith: $statements statements ($touching used a clinic object) in ${elapsed}s, error rate ${error_rate:-?}, sqlsmith exit $rc, backend crashes: $crashes"
[ "$crashes" = 0 ] && [ "$statements" -gt 0 ]
