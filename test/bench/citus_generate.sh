#!/usr/bin/env bash
# Benchmark (issue 19): clinic.generate_demo() on the coordinator of the Citus cluster after
# clinic.distribute(), beside one node. clinic_citus is distributed empty (32 shards per table on
# two workers), so its rows go through Citus (a temporary table per table, INSERT ... SELECT to
# the shards, claims first); clinic_single, a database of the coordinator's server where Citus is
# not created, loads by COPY. Each side loads generate_demo(PATIENTS, seed) REPS times in a
# transaction rolled back, interleaved; medians and their ratio. Then each commits one load and
# both answers of validate() must agree. All three nodes share this machine's cores.
#   bash test/bench/citus_generate.sh [patients] [repetitions]   (default 20000 3)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PATIENTS=${1:-20000}
REPS=${2:-3}
citus_bench_cluster
citus_bench_databases
psql_c -d clinic_citus -c "SET client_min_messages = warning" -c "SELECT count(*) FROM clinic.distribute()" >/dev/null

declare -A runs
for ((rep = 1; rep <= REPS; rep++)); do
  for db in clinic_citus clinic_single; do
    runs[$db]+="$(wall_seconds psql_c -d "$db" -c "BEGIN" \
      -c "SELECT count(*) FROM clinic.generate_demo($PATIENTS, $((rep + 1)))" -c "ROLLBACK") "
  done
done
citus_bench_report "generate_demo($PATIENTS), $REPS runs each" "${runs[clinic_citus]}" "${runs[clinic_single]}"

# The same rows: one committed load each, the same answers.
for db in clinic_citus clinic_single; do
  psql_c -d "$db" -c "SELECT count(*) FROM clinic.generate_demo($PATIENTS, 1)" -c "VACUUM ANALYZE" >/dev/null
done
citus_same_answers
