#!/usr/bin/env bash
# Benchmark: clinic.generate_demo(N) against a plain COPY FROM of the same rows, side by side.
#   bash test/bench/generate_demo.sh [patients] [repetitions]     (default 100000 3)
# Each repetition: load with generate_demo into a fresh database (timed); export those rows to
# server files; COPY them into another fresh database, one COPY per table in load order, in one
# transaction (timed). Both paths run the same triggers, constraints and foreign-key checks.
# Prints the median times and the rate ratio (generate rows/s divided by COPY rows/s).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PATIENTS=${1:-100000}
REPS=${2:-3}
PORT=${CLINIC_BENCH_PORT:-55434}
TABLES="providers patients allergies chronic_conditions consent_records appointments medical_records vital_signs symptoms prescriptions"

bench_cluster_start "$PORT"
DUMP=$WORK/bench/rows
as_pg mkdir -p "$DUMP"

psql_q() { as_pg psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fresh_db() { psql_q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" &&
  psql_q -d "$1" -c "CREATE EXTENSION clinic CASCADE" 2>/dev/null; }
# Seconds (with fractions) taken by a psql script, measured by the server's clock.
timed() {
  local db=$1 sql=$2
  psql_q -d "$db" -tA <<EOF
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
$sql
SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 3);
EOF
}
# The columns COPY reads: all but the generated bmi and those the audit trigger fills.
columns_of() {
  psql_q -d gen -tA -c "SELECT string_agg(quote_ident(attname), ',' ORDER BY attnum) FROM pg_attribute
    WHERE attrelid = 'clinic.$1'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      AND attname NOT IN ('created_at','updated_at','created_by','updated_by','deleted_by')"
}

gen_times=() copy_times=()
for rep in $(seq 1 "$REPS"); do
  fresh_db gen
  gen_times+=("$(timed gen "SELECT sum(inserted) FROM clinic.generate_demo($PATIENTS, 1) \\g /dev/null")")
  rows=$(psql_q -d gen -tA -c "SELECT sum(n) FROM (SELECT count(*) n FROM clinic.patients UNION ALL SELECT count(*) FROM clinic.appointments UNION ALL SELECT count(*) FROM clinic.providers UNION ALL SELECT count(*) FROM clinic.allergies UNION ALL SELECT count(*) FROM clinic.chronic_conditions UNION ALL SELECT count(*) FROM clinic.consent_records UNION ALL SELECT count(*) FROM clinic.medical_records UNION ALL SELECT count(*) FROM clinic.vital_signs UNION ALL SELECT count(*) FROM clinic.symptoms UNION ALL SELECT count(*) FROM clinic.prescriptions) s")
  copy_script="BEGIN;"
  for t in $TABLES; do
    cols=$(columns_of "$t")
    psql_q -d gen -c "COPY clinic.$t ($cols) TO '$DUMP/$t.tsv'"
    copy_script+=$'\n'"COPY clinic.$t ($cols) FROM '$DUMP/$t.tsv';"
  done
  copy_script+=$'\n'"COMMIT;"
  fresh_db copied
  copy_times+=("$(timed copied "$copy_script")")
  check=$(psql_q -d copied -tA -c "SELECT count(*) FROM clinic.appointments")
  log "rep $rep: generate_demo ${gen_times[-1]} s, COPY ${copy_times[-1]} s ($rows rows; $check appointments copied)"
done

g=$(median "${gen_times[@]}") c=$(median "${copy_times[@]}")
echo "patients=$PATIENTS rows=$rows reps=$REPS median_generate_s=$g median_copy_s=$c" \
  "generate_rows_per_s=$(awk -v r="$rows" -v t="$g" 'BEGIN {printf "%.0f", r/t}')" \
  "copy_rows_per_s=$(awk -v r="$rows" -v t="$c" 'BEGIN {printf "%.0f", r/t}')" \
  "rate_ratio=$(awk -v g="$g" -v c="$c" 'BEGIN {printf "%.2f", c/g}')"
psql_q -d postgres -c "DROP DATABASE IF EXISTS gen WITH (FORCE)" -c "DROP DATABASE IF EXISTS copied WITH (FORCE)"
as_pg rm -rf "$DUMP"
