#!/usr/bin/env bash
# Benchmark: the cost of clinic's C++ audit trail per write, against the same write with no
# trigger and with a PL/pgSQL trigger doing the same work (test/bench/audit_trail/setup.sql),
# measured side by side, interleaved, with pgbench (prepared statements, asynchronous commit).
#   bash test/bench/audit_trail.sh [seconds per run] [repetitions]     (default 10 3)
# Prints, per operation and client count, the median tps, server CPU per write (CPU time of the
# exited backends, read from the postmaster's children times) and WAL bytes per write.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

SECONDS_PER_RUN=${1:-10}
REPS=${2:-3}
PORT=${CLINIC_BENCH_PORT:-55434}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

bench_cluster_start "$PORT"
psql_q() { as_pg psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# CLINIC_BENCH_SHARED_BUFFERS (e.g. 4GB): run with that shared_buffers instead of the default
# 128MB, so that the audit logs' indexes stay in PostgreSQL's buffer cache (ALTER SYSTEM, then a
# restart; unset, the setting is reset to the default).
if [ -n "${CLINIC_BENCH_SHARED_BUFFERS:-}" ]; then
  psql_q -d postgres -c "ALTER SYSTEM SET shared_buffers = '$CLINIC_BENCH_SHARED_BUFFERS'"
else
  psql_q -d postgres -c "ALTER SYSTEM RESET shared_buffers"
fi
cluster_stop bench
cluster_start bench "$PORT"
log "shared_buffers = $(psql_q -d postgres -Atc 'SHOW shared_buffers')"
psql_q -d postgres -c "DROP DATABASE IF EXISTS trailbench WITH (FORCE)" -c "CREATE DATABASE trailbench"
psql_q -d trailbench -c "SET client_min_messages = warning" -c "CREATE EXTENSION clinic CASCADE"
psql_q -d trailbench -f "$HERE/audit_trail/setup.sql"
psql_q -d trailbench -c "ALTER DATABASE trailbench SET synchronous_commit = off"

scripts=$WORK/bench/scripts
as_pg mkdir -p "$scripts"
for op in insert update; do
  for v in none cpp plpgsql; do
    sed "s/:variant/$v/g" "$HERE/audit_trail/$op.sql" | as_pg tee "$scripts/$op-$v.sql" >/dev/null
  done
done

postmaster_pid=$(as_pg head -1 "$WORK/bench/data/postmaster.pid")
hz=$(getconf CLK_TCK)
# CPU seconds (user+system) of the postmaster's reaped children: the backends that have exited.
children_cpu() { awk -v hz="$hz" '{ print ($16 + $17) / hz }' "/proc/$postmaster_pid/stat"; }
wal_lsn() { psql_q -d trailbench -Atc "SELECT pg_current_wal_lsn() - '0/0'"; }

declare -A tps cpu wal
for ((rep = 1; rep <= REPS; rep++)); do
  for clients in 1 2; do
    for op in insert update; do
      for v in none cpp plpgsql; do
        psql_q -d trailbench -c "CHECKPOINT" >/dev/null
        c0=$(children_cpu); w0=$(wal_lsn)
        out=$(as_pg pgbench -n -M prepared -c "$clients" -j "$clients" -T "$SECONDS_PER_RUN" \
          -f "$scripts/$op-$v.sql" trailbench 2>&1)
        sleep 0.3  # let the postmaster reap the backends
        c1=$(children_cpu); w1=$(wal_lsn)
        n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
        t=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
        key="$op,$clients,$v"
        tps[$key]+="$t "
        cpu[$key]+="$(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN { printf "%.2f", (b - a) * 1e6 / n }') "
        wal[$key]+="$(awk -v a="$w0" -v b="$w1" -v n="$n" 'BEGIN { printf "%.0f", (b - a) / n }') "
      done
    done
  done
done

echo "operation,clients,variant,tps,cpu_us_per_write,wal_bytes_per_write,tps_ratio_vs_none,cpu_ratio_vs_none,tps_ratio_cpp_vs_plpgsql"
for op in insert update; do
  for clients in 1 2; do
    base_t=$(median ${tps[$op,$clients,none]}); base_c=$(median ${cpu[$op,$clients,none]})
    pl_t=$(median ${tps[$op,$clients,plpgsql]})
    for v in none cpp plpgsql; do
      t=$(median ${tps[$op,$clients,$v]}); c=$(median ${cpu[$op,$clients,$v]}); w=$(median ${wal[$op,$clients,$v]})
      awk -v op="$op" -v cl="$clients" -v v="$v" -v t="$t" -v c="$c" -v w="$w" -v bt="$base_t" -v bc="$base_c" -v pt="$pl_t" \
        'BEGIN { printf "%s,%s,%s,%.0f,%.1f,%.0f,%.2f,%.2f,%s\n", op, cl, v, t, c, w, t / bt, c / bc, (v == "cpp" ? sprintf("%.2f", t / pt) : "") }'
    done
  done
done
echo "audit rows: $(psql_q -d trailbench -Atc "SELECT count(*) FROM clinic.audit_log") (C++), $(psql_q -d trailbench -Atc "SELECT count(*) FROM bench.audit_plpgsql") (PL/pgSQL); verify: $(psql_q -d trailbench -Atc "SELECT ok FROM clinic.verify_audit_log()")"
echo "log primary-key index size at the end: $(psql_q -d trailbench -Atc "SELECT pg_size_pretty(pg_relation_size('clinic.audit_log_pkey'))") (C++); shared_buffers $(psql_q -d trailbench -Atc 'SHOW shared_buffers')"
