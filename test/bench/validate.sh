#!/usr/bin/env bash
# Benchmark: clinic.validate() on generate_demo data, side by side with (a) a bare sequential scan
# of the same tables (SELECT count(*) of each: the physical floor) and (b) the same checks as one
# SQL query per rule, exactly the checks validate() runs on this data (a dry run lists them; a
# set-level check a constraint proves, not run by validate(), is left out of the baseline too):
# each row rule as its own scan of its table (with the cheapest predicate, `column IS NULL`, so
# the baseline is if anything flattered) and each set-level check as the very query validate()
# runs. Each repetition opens one new session per side and times its first call and a warm one.
#   bash test/bench/validate.sh [patients] [repetitions]     (default 1000000 3)
# The demo data is loaded with clinic.audit_trail off (synthetic rows; the trail would add one
# audit row per row loaded). Prints medians, ratios and how far the ratios moved between
# repetitions.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PATIENTS=${1:-1000000}
REPS=${2:-3}
PORT=${CLINIC_BENCH_PORT:-55434}
TABLES="providers patients allergies chronic_conditions appointments medical_records symptoms prescriptions vital_signs consent_records"

bench_cluster_start "$PORT"
psql_q() { as_pg psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# CLINIC_BENCH_REUSE=1: keep a validatebench database that already holds PATIENTS demo patients
# (loading a million takes minutes) and the same catalogue of check ids; the library is the one
# just installed.
if [ "${CLINIC_BENCH_REUSE:-0}" = 1 ] &&
  [ "$(psql_q -d validatebench -Atc "SELECT count(*) FROM clinic.patients" 2>/dev/null)" = "$PATIENTS" ]; then
  log "reusing validatebench with $PATIENTS patients"
else
  psql_q -d postgres -c "DROP DATABASE IF EXISTS validatebench WITH (FORCE)" -c "CREATE DATABASE validatebench"
  psql_q -d validatebench -c "SET client_min_messages = warning" -c "CREATE EXTENSION clinic CASCADE"
  log "loading generate_demo($PATIENTS)"
  psql_q -d validatebench -c "SET clinic.audit_trail = off" -c "SELECT sum(inserted) AS rows FROM clinic.generate_demo($PATIENTS, 1)"
  psql_q -d validatebench -c "VACUUM ANALYZE"
fi
rows=$(psql_q -d validatebench -Atc "SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE schemaname = 'clinic' AND relname NOT LIKE 'audit_log%' AND relname <> 'validation_rules'")

# The three workloads as SQL files, each run in one psql session and timed by psql.
work=$WORK/bench/validate
as_pg mkdir -p "$work"
{
  for t in $TABLES; do echo "SELECT count(*) FROM clinic.$t;"; done
} | as_pg tee "$work/scan.sql" >/dev/null
echo "SET client_min_messages = warning; SELECT count(*) FROM clinic.validate();" | as_pg tee "$work/validate.sql" >/dev/null
# The checks validate() runs here: every check it reports that no constraint proves.
psql_q -d validatebench -c "DROP TABLE IF EXISTS bench_ran" \
  -c "SET client_min_messages = warning" \
  -c "CREATE TABLE bench_ran AS SELECT check_id FROM clinic.validate() WHERE status <> 'error' AND NOT coalesce(sample ? 'enforced_by', false)"
psql_q -d validatebench -At -c "
  SELECT format('SELECT count(*) FILTER (WHERE %I IS NULL), count(*) FROM clinic.%I;',
                CASE WHEN column_name LIKE 'patients.%' OR column_name LIKE '%,%' THEN 'id' ELSE column_name END, table_name)
    FROM clinic.validation_rules
   WHERE check_id IN (SELECT check_id FROM bench_ran)
     AND check_id NOT IN (SELECT check_id FROM clinic._validation_set_checks('clinic'))" | as_pg tee "$work/per_rule.sql" >/dev/null
psql_q -d validatebench -At -c "SELECT replace(query, '\$1', '5') || ';' FROM clinic._validation_set_checks('clinic')
                                 WHERE check_id IN (SELECT check_id FROM bench_ran)" | as_pg tee -a "$work/per_rule.sql" >/dev/null
log "validate() runs $(psql_q -d validatebench -Atc 'SELECT count(*) FROM bench_ran') checks here; per-rule baseline: $(grep -c ';$' "$work/per_rule.sql") queries"

declare -A first warm
for ((rep = 1; rep <= REPS; rep++)); do
  for side in scan validate per_rule; do
    pair=$(timed_session validatebench "$work/$side.sql")  # a failed psql stops the run (set -e)
    read -r f w <<<"$pair"
    first[$side]+="$f " warm[$side]+="$w "
    log "rep $rep: $side: first call $f s, warm call $w s"
  done
done
echo "call,patients,rows,scan_s,validate_s,per_rule_sql_s,validate_over_scan,per_rule_over_validate,per_rule_over_validate_per_rep"
for call in first warm; do
  declare -n t=$call
  s=$(median ${t[scan]}) v=$(median ${t[validate]}) p=$(median ${t[per_rule]})
  awk -v c="$call" -v n="$PATIENTS" -v r="$rows" -v s="$s" -v v="$v" -v p="$p" -v each="$(ratios "${t[validate]}" "${t[per_rule]}")" \
    'BEGIN { printf "%s,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%s\n", c, n, r, s, v, p, v / s, p / v, each }'
  unset -n t
done
s=$(median ${warm[scan]})
# The floor under three set-level checks the issue requires (test/bench/validate_floor.sql), once.
floor=$(psql_q -d validatebench -f "$(dirname "${BASH_SOURCE[0]}")/validate_floor.sql" | awk '/^Time:/ { printf "%s%.2f", sep, $2 / 1000; sep = "," }')
echo "floor_present_s,floor_duplicate_s,floor_patient_overlap_s,floor_sum_over_scan"
awk -v f="$floor" -v s="$s" 'BEGIN { split(f, x, ","); printf "%s,%.2f\n", f, (x[1] + x[2] + x[3]) / s }'
psql_q -d validatebench -c "SET client_min_messages = notice" -c "SELECT status, count(*) FROM clinic.validate() GROUP BY 1 ORDER BY 1" 2>&1 | sed 's/^/  /'
