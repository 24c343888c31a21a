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
# Each table: a bigint primary key, a foreign key to the previous table (the first to itself),
# and two more indexes, so N tables have 3N indexes and N foreign keys, half of them unindexed.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

TABLES=${1:-10000}
REPS=${2:-5}
PORT=${CLINIC_BENCH_PORT:-55434}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SPLINTER_SQL=$HERE/audit_lints_splinter.sql COUNTS_SQL=$HERE/audit_lints_as_sql.sql

bench_cluster_start "$PORT"
psql_q() { as_pg psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_q -d postgres -c "DROP DATABASE IF EXISTS auditbench WITH (FORCE)" -c "CREATE DATABASE auditbench"
psql_q -d auditbench -c "SET client_min_messages = warning" -c "CREATE EXTENSION clinic CASCADE"

# make_schema NAME N: N tables in batches of 500 per transaction (each table takes locks).
make_schema() {
  local name=$1 n=$2 first last
  psql_q -d auditbench -c "CREATE SCHEMA $name"
  for ((first = 1; first <= n; first += 500)); do
    last=$((first + 499 < n ? first + 499 : n))
    psql_q -d auditbench -c "
DO \$\$
BEGIN
  FOR i IN $first..$last LOOP
    EXECUTE format('CREATE TABLE $name.t%s (id bigint PRIMARY KEY, parent_id bigint REFERENCES $name.t%s (id),
                    name text, code text, created_at timestamptz NOT NULL DEFAULT now())',
                   i, CASE WHEN i = 1 THEN 1 ELSE i - 1 END);
    EXECUTE format('CREATE INDEX ON $name.t%s (created_at)', i);
    IF i % 2 = 0 THEN
      EXECUTE format('CREATE INDEX ON $name.t%s (parent_id)', i);
    ELSE
      EXECUTE format('CREATE INDEX ON $name.t%s (name, code)', i);
    END IF;
  END LOOP;
END
\$\$;"
  done
}

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
make_schema big "$TABLES"
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
  make_schema "s$n" "$n"
  t=()
  for rep in 1 2 3; do t+=("$(timed "s$n" "SELECT * FROM clinic.audit('s$n');")"); done
  echo "growth tables=$n median_audit_s=$(median "${t[@]}")"
done
echo "growth tables=$TABLES median_audit_s=$a"
# CLINIC_BENCH_KEEP=1 keeps the database for profiling.
[ -n "${CLINIC_BENCH_KEEP:-}" ] || psql_q -d postgres -c "DROP DATABASE IF EXISTS auditbench WITH (FORCE)"
