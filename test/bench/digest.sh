#!/usr/bin/env bash
# The answers the benchmarks time, as digests: run before and after a change that must not change
# behaviour (a refactor, a faster path) and compare the two outputs line by line. Each line is a
# workload of a benchmark at a small scale and the md5 of its rows in a fixed order, so a changed
# row, a lost row or a changed order of detail changes the line.
#   bash test/bench/digest.sh [tables] [patients]        (default 300 3000)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/schema.sh"

TABLES=${1:-300}
PATIENTS=${2:-3000}
PORT=${CLINIC_BENCH_PORT:-55434}

bench_cluster_start "$PORT"
psql_q() { as_pg psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_q -d postgres -c "DROP DATABASE IF EXISTS digestbench WITH (FORCE)" -c "CREATE DATABASE digestbench"
psql_q -d digestbench -c "SET client_min_messages = warning" -c "CREATE EXTENSION clinic CASCADE"

make_schema digestbench big "$TABLES"  # audit.sh's schema

# digest NAME SQL: the md5 of SQL's rows, each row as text, in the order SQL gives them.
digest() {
  printf '%s %s\n' "$1" "$(psql_q -d digestbench -Atc "SET client_min_messages = warning" -c "SELECT md5(coalesce(string_agg(r::text, E'\n' ORDER BY n), '')) || ' rows=' || count(*)
                                                       FROM (SELECT r, row_number() OVER () AS n FROM ($2) r) x")"
}

# The snapshot carries the time it was taken and OIDs of this cluster: digest its structure only.
digest audit.big "SELECT * FROM clinic.audit('big')"
digest audit.clinic "SELECT * FROM clinic.audit()"
digest audit_report.text "SELECT clinic.audit_report('big')"
digest audit_report.sarif "SELECT clinic.audit_report('big', 'sarif')"
digest snapshot.tables "SELECT jsonb_object_keys(clinic.schema_snapshot('big') -> 'tables')"
digest snapshot.t7 "SELECT clinic.schema_snapshot('big') #> '{tables,t7}'"
digest schema_diff "SELECT * FROM clinic.schema_diff(clinic.schema_snapshot('big') #- '{tables,t7}', clinic.schema_snapshot('big'))"
digest drift "SELECT * FROM clinic.drift()"

psql_q -d digestbench -c "SET clinic.audit_trail = off" -c "SELECT sum(inserted) FROM clinic.generate_demo($PATIENTS, 1)" >/dev/null
for t in providers patients allergies chronic_conditions appointments medical_records symptoms prescriptions vital_signs consent_records; do
  digest "generate_demo.$t" "SELECT to_jsonb(t) - '{created_at,updated_at}'::text[] FROM clinic.$t t ORDER BY id"
done
digest validate "SELECT * FROM clinic.validate() ORDER BY 1, 2"
# The trail's rows without their times and hashes (both depend on the clock).
psql_q -d digestbench -c "SET clinic.actor = 'digest'" \
  -c "UPDATE clinic.patients SET phone = '555-0100' WHERE id IN (SELECT id FROM clinic.patients ORDER BY id LIMIT 20)" >/dev/null
digest trail "SELECT table_name, operation, row_id, actor, old_values - '{created_at,updated_at}'::text[], new_values - '{created_at,updated_at}'::text[] FROM clinic.audit_log ORDER BY patient_id, seq"
digest trail.verify "SELECT ok, chains_checked, rows_checked, seals_checked, problem FROM clinic.verify_audit_log()"
[ -n "${CLINIC_BENCH_KEEP:-}" ] || psql_q -d postgres -c "DROP DATABASE IF EXISTS digestbench WITH (FORCE)"
