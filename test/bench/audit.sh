#!/usr/bin/env bash
# Benchmark: clinic.audit() on a generated schema against the same lints as one SQL query each,
# side by side; then how the audit's time grows with size. Two baselines:
#  - test/bench/audit_lints_splinter.sql (the one the issue's goal is measured against): every
#    catalog lint the audit runs, written as Supabase splinter writes its lints, each returning
#    one row per offender with splinter's columns; the audit likewise returns its rows. Both
#    send their rows to psql, which discards them (\o /dev/null).
#  - test/bench/audit_lints_as_sql.sql (the first baseline, kept for comparison with earlier
#    runs): 20 of the lints, each returning only count(*).
#   bash test/bench/audit.sh [tables] [repetitions]       (default 10000 5)
# The schema: test/bench/schema.sh.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/schema.sh"

TABLES=${1:-10000}
REPS=${2:-5}
PORT=${CLINIC_BENCH_PORT:-55434}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SPLINTER_SQL=$HERE/audit_lints_splinter.sql COUNTS_SQL=$HERE/audit_lints_as_sql.sql

bench_cluster_start "$PORT"
psql_q() { as_pg psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_q -d postgres -c "DROP DATABASE IF EXISTS auditbench WITH (FORCE)" -c "CREATE DATABASE auditbench"
psql_q -d auditbench -c "SET client_min_messages = warning" -c "CREATE EXTENSION clinic CASCADE"

# timed SCHEMA FILE-OR-SQL: seconds taken, by the server's clock, with psql variable :schema set;
# the rows go to psql, which discards them.
timed() {
  local schema=$1 script=$2
  {
    echo "SELECT extract(epoch FROM clock_timestamp()) AS t0 \\gset"
    echo "\\o /dev/null"
    if [ -f "$script" ]; then cat "$script"; else echo "$script"; fi
    echo "\\o"
    echo "SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 3);"
  } | psql_q -d auditbench -tA -v schema="$schema" | tail -1
}

log "building schema big with $TABLES tables"
make_schema auditbench big "$TABLES"
# Settle the new catalogs (hint bits, visibility map) so that autovacuum does not run during
# the timings: both sides measure a steady-state database, as a DBA's is.
psql_q -d auditbench -c "VACUUM (ANALYZE)"
psql_q -d auditbench -tA \
  -c "SELECT 'tables=' || count(*) FILTER (WHERE relkind = 'r') || ' indexes=' || count(*) FILTER (WHERE relkind = 'i') FROM pg_class WHERE relnamespace = 'big'::regnamespace" \
  -c "SELECT 'foreign_keys=' || count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'big'::regnamespace" \
  -c "SELECT 'unindexed_fks_found_by_audit=' || jsonb_array_length(detail) FROM clinic.audit('big') WHERE check_id = 'fk.indexed'"

audit_t=() splinter_t=() counts_t=()
for rep in $(seq 1 "$REPS"); do
  audit_t+=("$(timed big "SELECT * FROM clinic.audit('big');")")
  splinter_t+=("$(timed big "$SPLINTER_SQL")")
  counts_t+=("$(timed big "$COUNTS_SQL")")
  log "rep $rep: clinic.audit ${audit_t[-1]} s, splinter-style lints ${splinter_t[-1]} s, count-only lints ${counts_t[-1]} s"
done
a=$(median "${audit_t[@]}") q=$(median "${splinter_t[@]}") c=$(median "${counts_t[@]}")
ratio() { awk -v a="$1" -v q="$2" 'BEGIN {printf "%.1f", q/a}'; }
echo "tables=$TABLES reps=$REPS median_audit_s=$a median_splinter_lints_s=$q speedup=$(ratio "$a" "$q") median_count_only_lints_s=$c speedup_count_only=$(ratio "$a" "$c")"

# schema_snapshot + schema_diff: a stored baseline against a live snapshot (goal: under 1 s).
psql_q -d auditbench -c "CREATE TABLE bench_baseline AS SELECT clinic.schema_snapshot('big') AS s"
snap_t=()
for rep in $(seq 1 "$REPS"); do
  snap_t+=("$(timed big "SELECT * FROM clinic.schema_diff((SELECT s FROM bench_baseline), clinic.schema_snapshot('big'));")")
done
echo "tables=$TABLES reps=$REPS median_snapshot_plus_diff_s=$(median "${snap_t[@]}")"

# Growth: the audit's median time at 100 and 1000 tables, next to the figure above.
for n in 100 1000; do
  [ "$n" -lt "$TABLES" ] || continue
  make_schema auditbench "s$n" "$n"
  t=()
  for rep in 1 2 3; do t+=("$(timed "s$n" "SELECT * FROM clinic.audit('s$n');")"); done
  echo "growth tables=$n median_audit_s=$(median "${t[@]}")"
done
echo "growth tables=$TABLES median_audit_s=$a"
# CLINIC_BENCH_KEEP=1 keeps the database for profiling.
[ -n "${CLINIC_BENCH_KEEP:-}" ] || psql_q -d postgres -c "DROP DATABASE IF EXISTS auditbench WITH (FORCE)"
