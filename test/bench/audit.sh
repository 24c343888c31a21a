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

# timed SCHEMA FILE-OR-SQL: "first warm" seconds of one new session (timed_session, lib.sh),
# with psql variable :schema set.
timed() { timed_session auditbench "$2" -v schema="$1"; }

log "building schema big with $TABLES tables"
make_schema auditbench big "$TABLES"
# Settle the new catalogs (hint bits, visibility map) so that autovacuum does not run during
# the timings: both sides measure a steady-state database, as a DBA's is.
psql_q -d auditbench -c "VACUUM (ANALYZE)"
psql_q -d auditbench -tA \
  -c "SELECT 'tables=' || count(*) FILTER (WHERE relkind = 'r') || ' indexes=' || count(*) FILTER (WHERE relkind = 'i') FROM pg_class WHERE relnamespace = 'big'::regnamespace" \
  -c "SELECT 'foreign_keys=' || count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'big'::regnamespace" \
  -c "SELECT 'unindexed_fks_found_by_audit=' || jsonb_array_length(detail) FROM clinic.audit('big') WHERE check_id = 'fk.indexed'"

# Each repetition opens one new session per side and times its first call (what a DBA running
# the audit once meets: library load, catalog caches, plans) and a second, warm call.
declare -A first warm
for rep in $(seq 1 "$REPS"); do
  for side in audit splinter counts; do
    case $side in
      audit) work="SELECT * FROM clinic.audit('big');" ;;
      splinter) work=$SPLINTER_SQL ;;
      counts) work=$COUNTS_SQL ;;
    esac
    pair=$(timed big "$work")  # a failed psql stops the run (set -e)
    read -r f w <<<"$pair"
    first[$side]+="$f " warm[$side]+="$w "
    log "rep $rep: $side: first call $f s, warm call $w s"
  done
done
ratio() { awk -v a="$1" -v q="$2" 'BEGIN {printf "%.1f", q/a}'; }
for call in first warm; do
  declare -n t=$call
  a=$(median ${t[audit]}) q=$(median ${t[splinter]}) c=$(median ${t[counts]})
  echo "call=$call tables=$TABLES reps=$REPS median_audit_s=$a median_splinter_lints_s=$q speedup=$(ratio "$a" "$q") median_count_only_lints_s=$c speedup_count_only=$(ratio "$a" "$c")"
  echo "call=$call per-rep speedups: splinter $(ratios "${t[audit]}" "${t[splinter]}") (spread $(spread $(ratios "${t[audit]}" "${t[splinter]}"))), count-only $(ratios "${t[audit]}" "${t[counts]}")"
  unset -n t
done
a=$(median ${warm[audit]})

# schema_snapshot + schema_diff: a stored baseline against a live snapshot (goal: under 1 s).
psql_q -d auditbench -c "CREATE TABLE bench_baseline AS SELECT clinic.schema_snapshot('big') AS s"
snap_t=()
for rep in $(seq 1 "$REPS"); do
  pair=$(timed big "SELECT * FROM clinic.schema_diff((SELECT s FROM bench_baseline), clinic.schema_snapshot('big'));")  # a failed psql stops the run (set -e)
  read -r f w <<<"$pair"
  snap_t+=("$w")
done
echo "tables=$TABLES reps=$REPS median_snapshot_plus_diff_s=$(median "${snap_t[@]}") (warm)"

# Growth: the audit's median time at 100 and 1000 tables, next to the figure above.
for n in 100 1000; do
  [ "$n" -lt "$TABLES" ] || continue
  make_schema auditbench "s$n" "$n"
  t=()
  for rep in 1 2 3; do
    pair=$(timed "s$n" "SELECT * FROM clinic.audit('s$n');")  # a failed psql stops the run (set -e)
    read -r f w <<<"$pair"
    t+=("$w")
  done
  echo "growth tables=$n median_audit_s=$(median "${t[@]}") (warm)"
done
echo "growth tables=$TABLES median_audit_s=$a (warm)"
# CLINIC_BENCH_KEEP=1 keeps the database for profiling.
[ -n "${CLINIC_BENCH_KEEP:-}" ] || psql_q -d postgres -c "DROP DATABASE IF EXISTS auditbench WITH (FORCE)"
