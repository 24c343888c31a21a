#!/usr/bin/env bash
# Benchmark (issue 19): the audit trail's CPU per write on the Citus cluster beside one node.
# One UPDATE of a random patient's allergy per transaction, with the trail on and off (SET LOCAL
# clinic.audit_trail, which reaches the workers under citus.propagate_set_commands = 'local'),
# against the coordinator of scripts/citus_cluster.sh after clinic.distribute(), and against a
# database of the same server with the same rows, not distributed. Runs interleaved; CPU per
# write = CPU time of the exited backends of all three nodes (their postmasters' children times:
# a coordinator backend's connections to the workers end with it) ÷ writes.
#   bash test/bench/citus_trail.sh [seconds per run] [repetitions] [patients]   (default 10 3 10000)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

SECONDS_PER_RUN=${1:-10}
REPS=${2:-3}
PATIENTS=${3:-10000}
citus_bench_cluster

# The same rows in both databases: a provider, patients with one allergy each (ids from the
# patient's number, so that pgbench can name one).
load_rows() {
  psql_c -d "$1" <<SQL
SET client_min_messages = warning;
INSERT INTO clinic.providers (id, email, password_hash, first_name, last_name)
VALUES ('00000000-0000-4000-8000-00000000d001', 'bench@example.org', '\$2a\$06\$' || repeat('a', 53), 'Ben', 'Ch');
$2
INSERT INTO clinic.patients (id, mrn, first_name, last_name, date_of_birth, sex)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'B-' || i, 'P' || i, 'Bench', '1980-01-01', 'other'
  FROM generate_series(1, $PATIENTS) i;
INSERT INTO clinic.allergies (patient_id, allergen, severity)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'Dust', 'mild' FROM generate_series(1, $PATIENTS) i;
SQL
}
psql_c -d clinic_citus -c "SET client_min_messages = warning" -c "CREATE SCHEMA extensions" \
  -c "CREATE EXTENSION pgcrypto SCHEMA extensions" -c "CREATE EXTENSION btree_gist SCHEMA extensions" \
  -c "CREATE EXTENSION clinic" -c "SELECT count(*) FROM clinic.distribute()" >/dev/null
load_rows clinic_citus "INSERT INTO clinic.mrn_claims (mrn, holder)
SELECT 'B-' || i, ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid FROM generate_series(1, $PATIENTS) i;"
psql_c -d clinic_citus -c "ALTER DATABASE clinic_citus SET citus.propagate_set_commands = 'local'"
# One node: a database of the coordinator's server where Citus is not created.
psql_c -d postgres -c "DROP DATABASE IF EXISTS clinic_single" -c "CREATE DATABASE clinic_single"
psql_c -d clinic_single -c "SET client_min_messages = warning" -c "CREATE SCHEMA extensions" \
  -c "CREATE EXTENSION pgcrypto SCHEMA extensions" -c "CREATE EXTENSION btree_gist SCHEMA extensions" \
  -c "CREATE EXTENSION clinic"
load_rows clinic_single ""
for db in clinic_citus clinic_single; do psql_c -d "$db" -c "VACUUM ANALYZE" >/dev/null; done

scripts=$WORK/bench/citus-scripts
as_pg mkdir -p "$scripts"
for trail in on off; do
  as_pg tee "$scripts/update-$trail.sql" >/dev/null <<SQL
\set n random(1, $PATIENTS)
BEGIN;
SET LOCAL clinic.audit_trail = $trail;
UPDATE clinic.allergies SET severity = CASE severity WHEN 'mild' THEN 'moderate'::clinic.allergy_severity ELSE 'mild' END
 WHERE patient_id = ('00000000-0000-4000-8000-' || lpad(to_hex(:n), 12, '0'))::uuid;
END;
SQL
done

hz=$(getconf CLK_TCK)
pids=()
for n in coordinator worker1 worker2; do pids+=("$(as_pg head -1 "$WORK/citus-cluster/$n/data/postmaster.pid")"); done
# CPU seconds (user+system) of the three postmasters' reaped children.
children_cpu() {
  local p
  for p in "${pids[@]}"; do cat "/proc/$p/stat"; done | awk -v hz="$hz" '{ s += $16 + $17 } END { print s / hz }'
}

declare -A tps cpu
for ((rep = 1; rep <= REPS; rep++)); do
  for db in clinic_citus clinic_single; do
    for trail in on off; do
      c0=$(children_cpu)
      out=$(as_pg "$PGBIN/pgbench" -n -M simple -c 2 -j 2 -T "$SECONDS_PER_RUN" -h 127.0.0.1 -p "$CITUS_PORT" \
        -f "$scripts/update-$trail.sql" "$db" 2>&1)
      sleep 0.5 # let the postmasters reap the backends
      c1=$(children_cpu)
      n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
      [ -n "$n" ] && [ "$n" -gt 0 ] || die "pgbench failed: $out"
      t=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
      tps[$db,$trail]+="$t "
      cpu[$db,$trail]+="$(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN { printf "%.1f", (b - a) * 1e6 / n }') "
    done
  done
done

echo "setup,trail,tps,cpu_us_per_write,cpu_spread"
for db in clinic_citus clinic_single; do
  for trail in on off; do
    awk -v s="${db#clinic_}" -v tr="$trail" -v t="$(median ${tps[$db,$trail]})" -v c="$(median ${cpu[$db,$trail]})" \
      -v sp="$(spread ${cpu[$db,$trail]})" 'BEGIN { printf "%s,%s,%.0f,%.1f,%s\n", s, tr, t, c, sp }'
  done
done
for db in clinic_citus clinic_single; do
  on=$(median ${cpu[$db,on]}) off=$(median ${cpu[$db,off]})
  echo "${db#clinic_}: the trail adds $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.1f", a - b }') µs of CPU per write" \
    "(on ÷ off $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.2f", a / b }'))"
done
for db in clinic_citus clinic_single; do
  echo "${db#clinic_}: $(psql_c -d "$db" -Atc "SELECT format('audit rows %s, verify %s', (SELECT count(*) FROM clinic.audit_log), (SELECT ok FROM clinic.verify_audit_log()))")"
done
