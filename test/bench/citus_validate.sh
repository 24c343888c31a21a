#!/usr/bin/env bash
# Benchmark (issue 19): clinic.validate() on the coordinator of the Citus cluster beside one node
# with the same rows. clinic_citus gets generate_demo(PATIENTS) and clinic.distribute() (32 shards
# per table on two workers); clinic_single, a database of the coordinator's server where Citus is
# not created, gets generate_demo(PATIENTS) with the same seed. Both answers must agree (check,
# status, violated and total rows), then each is timed REPS times, interleaved: wall time and the
# machine's busy CPU time; medians and their ratio. All three nodes share this machine's cores.
# The cluster runs twice each time: with citus.max_adaptive_executor_pool_size at POOL (the
# connections, so the parts at once, on each worker; default 1: the two workers here share two
# cores) and at Citus's default (16: every part of a worker at once).
#   bash test/bench/citus_validate.sh [patients] [repetitions]   (default 200000 3)
#   CLINIC_BENCH_POOL=2 bash test/bench/citus_validate.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PATIENTS=${1:-200000}
REPS=${2:-3}
POOL=${CLINIC_BENCH_POOL:-1}
pool=(-c "SET citus.max_adaptive_executor_pool_size = $POOL")
citus_bench_cluster
citus_bench_databases "$PATIENTS"
start=$(date +%s)
psql_c -d clinic_citus -c "SET client_min_messages = warning" -c "BEGIN" \
  -c "SELECT count(*) FROM clinic.distribute()" -c "COMMIT" >/dev/null
echo "distribute(): $(($(date +%s) - start)) s for $PATIENTS patients"
for db in clinic_citus clinic_single; do psql_c -d "$db" -c "VACUUM ANALYZE" >/dev/null; done
citus_same_answers

# Besides the wall time, the machine's busy CPU time over each run: with every node on this
# machine's cores, it says whether the cluster could finish sooner here at all (a run cannot take
# less wall time than its CPU time over the cores).
declare -A runs cpu
for ((rep = 1; rep <= REPS; rep++)); do
  for run in clinic_citus clinic_citus_16 clinic_single; do
    settings=()
    [ "$run" = clinic_citus ] && settings=("${pool[@]}")
    read -r wall busy < <(wall_and_cpu psql_c -d "${run%_16}" -c "SET client_min_messages = warning" \
      "${settings[@]}" -c "SELECT count(*) FROM clinic.validate()")
    runs[$run]+="$wall "
    cpu[$run]+="$busy "
  done
done
# clinic.verify_audit_log() on both sides (reported, no goal): the cluster verifies each
# audit_log shard on its node, in parallel, and combines the verdicts.
declare -A verify_runs
declare -A verdict
for db in clinic_citus clinic_single; do
  verdict[$db]=$(psql_c -d "$db" -At -F ', ' "${pool[@]}" -c "SELECT ok, chains_checked, rows_checked FROM clinic.verify_audit_log()")
  echo "verify_audit_log() in $db (ok, chains, rows): ${verdict[$db]}"
done
[ "${verdict[clinic_citus]}" = "${verdict[clinic_single]}" ] || {
  echo "verify_audit_log() answers differ" >&2
  exit 1
}
# The cluster's log read through the coordinator (in a transaction block), as before the parts.
through=""
for ((rep = 1; rep <= REPS; rep++)); do
  for db in clinic_citus clinic_single; do
    verify_runs[$db]+="$(wall_seconds psql_c -d "$db" "${pool[@]}" -c "SELECT ok FROM clinic.verify_audit_log()") "
  done
  through+="$(wall_seconds psql_c -d clinic_citus -c BEGIN -c "SELECT ok FROM clinic.verify_audit_log()" -c COMMIT) "
done
# Where the cluster's time goes: the NOTICE of one more run (shard groups, then the checks across
# patients on the coordinator).
psql_c -d clinic_citus "${pool[@]}" -c "SELECT count(*) FROM clinic.validate()" 2>&1 >/dev/null | grep 'shard groups'
citus_bench_report "validate(), $PATIENTS patients, $REPS runs each, cluster with pool $POOL" "${runs[clinic_citus]}" "${runs[clinic_single]}"
citus_bench_report "validate(), $PATIENTS patients, $REPS runs each, cluster with Citus's default pool" "${runs[clinic_citus_16]}" "${runs[clinic_single]}"
for run in clinic_citus clinic_citus_16 clinic_single; do
  # shellcheck disable=SC2086 # the runs are words
  printf 'CPU (s, the machine busy, %s cores), %s: %s| median %.2f; cores busy on average %.2f\n' \
    "$(nproc)" "$run" "${cpu[$run]}" "$(median ${cpu[$run]})" \
    "$(awk -v c="$(median ${cpu[$run]})" -v w="$(median ${runs[$run]})" 'BEGIN { print c / w }')"
done
citus_bench_report "verify_audit_log(), $PATIENTS patients, $REPS runs each" "${verify_runs[clinic_citus]}" "${verify_runs[clinic_single]}"
# shellcheck disable=SC2086 # the runs are words
printf 'verify_audit_log() on the cluster through the coordinator (BEGIN ... COMMIT), runs (s): %s\nmedian %.2f s; parts / through the coordinator = %.2f\n' \
  "$through" "$(median $through)" "$(awk -v a="$(median ${verify_runs[clinic_citus]})" -v b="$(median $through)" 'BEGIN { print a / b }')"
