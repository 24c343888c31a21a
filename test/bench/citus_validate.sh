#!/usr/bin/env bash
# Benchmark (issue 19): clinic.validate() on the coordinator of the Citus cluster beside one node
# with the same rows. clinic_citus gets generate_demo(PATIENTS) and clinic.distribute() (32 shards
# per table on two workers); clinic_single, a database of the coordinator's server where Citus is
# not created, gets generate_demo(PATIENTS) with the same seed. Both answers must agree (check,
# status, violated and total rows), then each is timed REPS times, interleaved; medians and their
# ratio. All three nodes share this machine's cores.
#   bash test/bench/citus_validate.sh [patients] [repetitions]   (default 200000 3)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PATIENTS=${1:-200000}
REPS=${2:-3}
citus_bench_cluster

psql_c -d postgres -c "DROP DATABASE IF EXISTS clinic_single" -c "CREATE DATABASE clinic_single"
for db in clinic_citus clinic_single; do
  psql_c -d "$db" -c "SET client_min_messages = warning" -c "CREATE SCHEMA extensions" \
    -c "CREATE EXTENSION pgcrypto SCHEMA extensions" -c "CREATE EXTENSION btree_gist SCHEMA extensions" \
    -c "CREATE EXTENSION clinic" -c "SELECT count(*) FROM clinic.generate_demo($PATIENTS, 1)" >/dev/null
done
start=$(date +%s)
psql_c -d clinic_citus -c "SET client_min_messages = warning" -c "BEGIN" \
  -c "SELECT count(*) FROM clinic.distribute()" -c "COMMIT" >/dev/null
echo "distribute(): $(($(date +%s) - start)) s for $PATIENTS patients"
for db in clinic_citus clinic_single; do psql_c -d "$db" -c "VACUUM ANALYZE" >/dev/null; done

# The same answers (samples aside: each side's first keys).
answers() {
  psql_c -d "$1" -At -c "SET client_min_messages = warning" \
    -c "SELECT check_id, status, violated_rows, total_rows FROM clinic.validate() ORDER BY check_id"
}
mkdir -p "$WORK/bench"
if ! diff <(answers clinic_single) <(answers clinic_citus) >"$WORK/bench/citus-validate.diff"; then
  cat "$WORK/bench/citus-validate.diff"
  die "the cluster's answers differ from one node's"
fi
echo "answers: identical ($(answers clinic_citus | wc -l) checks)"

seconds() { # the wall time of one validate() in database $1
  local t0 t1
  t0=$(date +%s.%N)
  psql_c -d "$1" -c "SET client_min_messages = warning" -c "SELECT count(*) FROM clinic.validate()" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
declare -A runs
for ((rep = 1; rep <= REPS; rep++)); do
  for db in clinic_citus clinic_single; do runs[$db]+="$(seconds "$db") "; done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
cluster=$(echo "${runs[clinic_citus]}" | median)
single=$(echo "${runs[clinic_single]}" | median)
printf 'validate(), %d patients, %d runs each (s): cluster %s | one node %s\n' "$PATIENTS" "$REPS" \
  "${runs[clinic_citus]}" "${runs[clinic_single]}"
# Where the cluster's time goes: the NOTICE of one more run (shard groups, then the checks across
# patients on the coordinator).
psql_c -d clinic_citus -c "SELECT count(*) FROM clinic.validate()" 2>&1 >/dev/null | grep 'shard groups'
printf 'median: cluster %.2f s, one node %.2f s, cluster / one node = %.2f\n' "$cluster" "$single" \
  "$(awk -v a="$cluster" -v b="$single" 'BEGIN { print a / b }')"
