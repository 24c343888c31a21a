#!/usr/bin/env bash
# Benchmark: clinic.validate() on generate_demo data, side by side with
#  (a) a bare sequential scan of the same tables (SELECT count(*) of each);
#  (b) the floor (issue 18's goal: validate() within 1.25x of it): that scan plus every
#      set-level check validate() runs, each as the cheapest plain SQL with the validator's
#      predicates, counting only (test/bench/validate_floor.sql; the run stops if that file and
#      validate()'s set checks differ by one check);
#  (c) the same checks as one SQL query per rule (issue 18's goal: validate() at least 3x
#      faster), exactly the checks validate() runs on this data (a dry run lists them): each row
#      rule as its own scan of its table (with the cheapest predicate, `column IS NULL`, so the
#      baseline is if anything flattered) and each set-level check as the very query validate()
#      runs.
# Each repetition opens one new session per side and times its first call and a warm one.
#   bash test/bench/validate.sh [patients] [repetitions]     (default 1000000 3)
# The demo data is loaded with clinic.audit_trail off (synthetic rows; the trail would add one
# audit row per row loaded). Prints medians, ratios and how far the ratios moved between
# repetitions, then the floor's time per check (one warm run). CLINIC_BENCH_MWM: see below.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PATIENTS=${1:-1000000}
REPS=${2:-3}
# Every session of every side gets the same maintenance_work_mem, the budget of validate()'s
# lookups (doc/validator-design.md, 4a); the SQL sides do not use it. CLINIC_BENCH_MWM=64MB (the
# default setting) shows validate() with its lookups past the budget at a million patients.
MWM=${CLINIC_BENCH_MWM:-1GB}
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
# The floor: the bare scan, then validate_floor.sql, which must name exactly the set checks run.
FLOOR_SQL=$(dirname "${BASH_SOURCE[0]}")/validate_floor.sql
ran_sets=$(psql_q -d validatebench -At -c "SELECT check_id FROM clinic._validation_set_checks('clinic')
                                           WHERE check_id IN (SELECT check_id FROM bench_ran) ORDER BY 1")
floor_ids=$(sed -n 's/^\\echo //p' "$FLOOR_SQL" | sort)
if [ "$ran_sets" != "$floor_ids" ]; then
  diff <(echo "$ran_sets") <(echo "$floor_ids") >&2 || true
  die "validate_floor.sql does not hold one query per set check validate() runs (< validate, > floor)"
fi
cat "$work/scan.sql" "$FLOOR_SQL" | as_pg tee "$work/floor.sql" >/dev/null

log "every session: maintenance_work_mem = $MWM"
export PGOPTIONS="-c maintenance_work_mem=$MWM"
declare -A first warm
for ((rep = 1; rep <= REPS; rep++)); do
  for side in scan floor validate per_rule; do
    pair=$(timed_session validatebench "$work/$side.sql")  # a failed psql stops the run (set -e)
    read -r f w <<<"$pair"
    first[$side]+="$f " warm[$side]+="$w "
    log "rep $rep: $side: first call $f s, warm call $w s"
  done
done
echo "call,patients,rows,scan_s,floor_s,validate_s,per_rule_sql_s,validate_over_floor,per_rule_over_validate,validate_over_floor_per_rep,per_rule_over_validate_per_rep"
for call in first warm; do
  declare -n t=$call
  s=$(median ${t[scan]}) f=$(median ${t[floor]}) v=$(median ${t[validate]}) p=$(median ${t[per_rule]})
  awk -v c="$call" -v n="$PATIENTS" -v r="$rows" -v s="$s" -v f="$f" -v v="$v" -v p="$p" \
    -v vf="$(ratios "${t[floor]}" "${t[validate]}")" -v pv="$(ratios "${t[validate]}" "${t[per_rule]}")" \
    'BEGIN { printf "%s,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%s,%s\n", c, n, r, s, f, v, p, v / f, p / v, vf, pv }'
  unset -n t
done
# Where the floor goes: each set check's query, one warm run after the bare scan.
echo "floor_check,seconds"
{ cat "$work/scan.sql"; echo '\timing on'; cat "$FLOOR_SQL"; } | psql_q -d validatebench -o /dev/null |
  awk '/^Time:/ { if (id != "") printf "%s,%.3f\n", id, $2 / 1000; id = "" } !/^Time:/ { id = $0 }'
psql_q -d validatebench -c "SET client_min_messages = notice" -c "SELECT status, count(*) FROM clinic.validate() GROUP BY 1 ORDER BY 1" 2>&1 | sed 's/^/  /'
