#!/usr/bin/env bash
# A/B of two builds of clinic.so on the same database: each round installs A, then B, and times
# one `SELECT * FROM clinic.audit(SCHEMA)` in a new session with each (rows sent to psql and
# discarded, as in audit.sh). Reports the medians of the wall time (server clock) and of the
# backend's CPU time for the call (from /proc/<pid>/schedstat, less noisy than the wall time on
# a shared machine). For judging one change at a time; audit.sh is the benchmark of record.
#   CLINIC_BENCH_KEEP=1 bash test/bench/audit.sh      (once: leaves the database auditbench)
#   bash test/bench/audit_ab.sh A.so B.so [rounds] [schema]     (default 9 big)
# The bench cluster must be running (source scripts/lib.sh; cluster_start bench 55434). The
# installed clinic.so is put back when the script ends.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

A=${1:?A.so} B=${2:?B.so} ROUNDS=${3:-9} SCHEMA=${4:-big}
PORT=${CLINIC_BENCH_PORT:-55434}
ensure_packages
LIB=$("$PG_CONFIG" --pkglibdir)/clinic.so
SAVED=$(mktemp)
cp "$LIB" "$SAVED"
trap 'cp "$SAVED" "$LIB"; rm -f "$SAVED"' EXIT

# one_call: "wall_ms cpu_ms" of one audit in a new session.
one_call() {
  as_pg psql -X -q -tA -h "$WORK/bench" -p "$PORT" -d auditbench -v s="$SCHEMA" <<'SQL' | tail -1
SELECT pg_backend_pid() AS pid \gset
\setenv BPID :pid
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
\! cut -d' ' -f1 /proc/$BPID/schedstat > /tmp/clinic_ab_cpu0.$BPID
\o /dev/null
SELECT * FROM clinic.audit(:'s');
\o
SELECT round(((extract(epoch FROM clock_timestamp()) - :t0) * 1000)::numeric, 1) AS wall \gset
\setenv WALL :wall
\! echo $WALL $(( ($(cut -d' ' -f1 /proc/$BPID/schedstat) - $(cat /tmp/clinic_ab_cpu0.$BPID)) / 1000000 )); rm -f /tmp/clinic_ab_cpu0.$BPID
SQL
}

out=$(mktemp)
for r in $(seq 1 "$ROUNDS"); do
  for v in A B; do
    cp "${!v}" "$LIB"
    echo "$v $(one_call)" >>"$out"
  done
done
for v in A B; do
  w=$(awk -v v=$v '$1 == v {print $2}' "$out" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  c=$(awk -v v=$v '$1 == v {print $3}' "$out" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$v (${!v}): median wall ${w} ms, median backend CPU ${c} ms over $ROUNDS calls"
done
rm -f "$out"
