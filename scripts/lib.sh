# Shared by scripts/demo.sh and scripts/test.sh: packages, build, and throwaway clusters.
# Source it; it sets -euo pipefail.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=${PG_MAJOR:-15}
PG_USER=postgres
WORK=$REPO/tmp # ignored by git; owned by $PG_USER so the server can write there

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

require_root() {
  [ "$(id -u)" = 0 ] || die "run as root: this installs packages and the extension (the server itself runs as '$PG_USER')"
}

# Debian packages the build, the server and every test suite need. Installed only when missing.
PACKAGES=(
  "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" # server, contrib, PGXS, pg_regress, isolation, TAP modules
  g++ make cmake libgtest-dev                              # C++ build and unit tests
  perl libipc-run-perl                                     # TAP tests (PostgreSQL::Test::Cluster)
  clang-format                                             # format check
  sqlsmith                                                 # random-SQL fuzzing (test/fuzz/sqlsmith.sh)
)
# What building the Debian package needs besides PACKAGES (debian/control's Build-Depends, and
# lintian); scripts/test.sh adds them when it runs the package suite.
PACKAGE_BUILD_PACKAGES=(build-essential dpkg-dev debhelper postgresql-server-dev-all fakeroot lintian)

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    # A fresh package install would create and start a 'main' cluster we do not use.
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
      mkdir -p /etc/postgresql-common
      echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef \
      -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
  fi
  id -u "$PG_USER" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$PG_USER"
  PG_CONFIG=${PG_CONFIG:-$(command -v "/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" || command -v pg_config)}
  PGBIN=$("$PG_CONFIG" --bindir)
  export PG_CONFIG PGBIN
}

as_pg() { runuser -u "$PG_USER" -- "$@"; }

build_and_install() {
  log "building (warnings are errors: WERROR=${WERROR:-0})"
  make -C "$REPO" -s -j2 PG_CONFIG="$PG_CONFIG" WERROR="${WERROR:-0}"
  make -C "$REPO" -s install PG_CONFIG="$PG_CONFIG" >/dev/null
}

# The server runs as $PG_USER, so it must be able to reach $WORK: add search (x) permission to
# any ancestor that lacks it for others (a mktemp -d clone is 0700). Nothing becomes readable.
prepare_work_dir() {
  mkdir -p "$WORK"
  chown "$PG_USER:" "$WORK"
  local d=$WORK
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    if ! as_pg test -x "$d"; then
      log "granting search permission on $d so '$PG_USER' can reach $WORK"
      chmod o+x "$d"
    fi
  done
}

# cluster_start NAME PORT: a throwaway cluster in $WORK/NAME, listening only on a Unix socket
# in that directory, with the server options in CLINIC_SERVER_OPTS. Reuses an existing data
# directory.
cluster_start() {
  local dir=$WORK/$1 port=$2
  as_pg mkdir -p "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$PGBIN/initdb" -D "$dir/data" -U "$PG_USER" -A trust -E UTF8 --no-locale --no-sync >/dev/null
  fi
  if as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    log "cluster $1 already running"
  else
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses='' ${CLINIC_SERVER_OPTS:-}" start >/dev/null ||
      { cat "$dir/server.log" >&2; die "cluster $1 did not start (see $dir/server.log)"; }
  fi
  export PGHOST=$dir PGPORT=$port PGUSER=$PG_USER
}

# cluster_stop NAME: stop the postmaster of $WORK/NAME by the pid in its postmaster.pid.
cluster_stop() {
  local dir=$WORK/$1
  [ -f "$dir/data/postmaster.pid" ] || return 0
  local pid
  pid=$(head -1 "$dir/data/postmaster.pid")
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
}

# bench_cluster_start PORT: build, install and start the throwaway benchmark cluster in
# $WORK/bench, stopped when the calling script exits.
bench_cluster_start() {
  require_root
  ensure_packages
  build_and_install
  prepare_work_dir
  trap 'cluster_stop bench' EXIT
  cluster_start bench "$1"
}

# citus_server MAJOR: PostgreSQL MAJOR with Citus for the Citus suite (issue 19): sets PG_CONFIG
# and PGBIN to it (scripts/citus.sh builds Citus when missing) and CITUS_PORT, the coordinator's
# port (CLINIC_CITUS_PORT, default 55480; the workers take the two after it). Exits with
# citus.sh's status when Citus cannot be had (3: it cannot be built here).
citus_server() {
  local rc=0
  PG_CONFIG=$(bash "$REPO/scripts/citus.sh" "$1") || rc=$?
  [ "$rc" = 0 ] || exit "$rc"
  PGBIN=$("$PG_CONFIG" --bindir)
  CITUS_PORT=${CLINIC_CITUS_PORT:-55480}
  export PG_CONFIG PGBIN
}

# citus_bench_cluster: a benchmark's fresh Citus cluster of PostgreSQL 15 (scripts/citus_cluster.sh),
# stopped when the script exits (kept running with CLINIC_BENCH_KEEP=1, to look further; stop it
# with `bash scripts/citus_cluster.sh stop 15`); psql_c runs psql against its coordinator. Run as
# root.
citus_bench_cluster() {
  require_root
  ensure_packages
  citus_server 15
  bash "$REPO/scripts/citus_cluster.sh" stop 15
  rm -rf "$WORK/citus-cluster"
  [ "${CLINIC_BENCH_KEEP:-0}" = 1 ] || trap 'bash "$REPO/scripts/citus_cluster.sh" stop 15 || true' EXIT
  bash "$REPO/scripts/citus_cluster.sh" start 15
}
psql_c() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$CITUS_PORT" "$@"; }
# citus_bench_databases [PATIENTS]: clinic in clinic_citus (the cluster's database) and in
# clinic_single (a database of the coordinator's server where Citus is not created, made anew),
# each then given generate_demo(PATIENTS, 1) when PATIENTS is set.
citus_bench_databases() {
  psql_c -d postgres -c "DROP DATABASE IF EXISTS clinic_single" -c "CREATE DATABASE clinic_single"
  local db
  for db in clinic_citus clinic_single; do
    psql_c -d "$db" -c "SET client_min_messages = warning" -c "CREATE SCHEMA extensions" \
      -c "CREATE EXTENSION pgcrypto SCHEMA extensions" -c "CREATE EXTENSION btree_gist SCHEMA extensions" \
      -c "CREATE EXTENSION clinic" >/dev/null
    if [ -n "${1:-}" ]; then psql_c -d "$db" -c "SELECT count(*) FROM clinic.generate_demo($1, 1)" >/dev/null; fi
  done
}
# citus_same_answers: stops unless validate() answers alike in clinic_citus and clinic_single
# (each check's status, violated and total rows; the samples are each side's first keys).
citus_same_answers() {
  local answers="SELECT check_id, status, violated_rows, total_rows FROM clinic.validate() ORDER BY check_id"
  mkdir -p "$WORK/bench"
  psql_c -d clinic_single -At -c "SET client_min_messages = warning" -c "$answers" >"$WORK/bench/single.answers"
  psql_c -d clinic_citus -At -c "SET client_min_messages = warning" -c "$answers" >"$WORK/bench/citus.answers"
  if ! diff "$WORK/bench/single.answers" "$WORK/bench/citus.answers"; then
    die "the cluster's answers differ from one node's"
  fi
  echo "answers: identical ($(wc -l <"$WORK/bench/citus.answers") checks)"
}
# citus_bench_report LABEL CLUSTER_RUNS SINGLE_RUNS: the runs (seconds, space-separated) of both
# sides, their medians and the cluster's ÷ one node's.
citus_bench_report() {
  local cluster single
  # shellcheck disable=SC2086 # the runs are words
  cluster=$(median $2)
  # shellcheck disable=SC2086
  single=$(median $3)
  printf '%s, runs (s): cluster %s| one node %s\n' "$1" "$2" "$3"
  printf 'median: cluster %.2f s, one node %.2f s, cluster / one node = %.2f\n' "$cluster" "$single" \
    "$(awk -v a="$cluster" -v b="$single" 'BEGIN { print a / b }')"
}
# busy_seconds: the CPU time every core of this machine has spent busy since boot (not idle, not
# waiting on I/O), in seconds. Where all of a cluster's nodes share the machine, the difference
# over a run is the run's CPU time, whichever node spent it (and anything else running then).
busy_seconds() {
  # user, nice, system, irq, softirq; not idle, iowait, or steal (the hypervisor's)
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz; exit }' /proc/stat
}
# wall_and_cpu COMMAND...: "WALL CPU" of a command (its output dropped), in seconds: its wall time
# and the machine's busy CPU time over it (busy_seconds).
wall_and_cpu() {
  local t0 c0
  t0=$(date +%s.%N)
  c0=$(busy_seconds)
  "$@" >/dev/null
  awk -v a="$t0" -v b="$(date +%s.%N)" -v c="$c0" -v d="$(busy_seconds)" 'BEGIN { printf "%.3f %.2f\n", b - a, d - c }'
}
# wall_seconds COMMAND...: the wall time of a command (its output dropped), in seconds.
wall_seconds() {
  local t0
  t0=$(date +%s.%N)
  "$@" >/dev/null
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
}

# soak_cluster NAME PORT REUSE REUSED_LOG: the cluster of a fuzz or soak script. With REUSE=1
# (scripts/test.sh), the running cluster named by PGHOST/PGPORT, whose server log is REUSED_LOG;
# else build, install and start $WORK/NAME on PORT, stopped when the script exits. Sets SERVER_LOG.
soak_cluster() {
  if [ "$3" = 1 ]; then
    SERVER_LOG=${4:?server log of the reused cluster}
  else
    build_and_install
    prepare_work_dir
    trap "cluster_stop $1" EXIT
    cluster_start "$1" "$2"
    SERVER_LOG=$WORK/$1/server.log
  fi
}

# server_log_lines: how many lines $SERVER_LOG has now. server_log_since N: the lines after the
# first N. crashes_since N: backend crashes logged after the first N lines.
server_log_lines() { as_pg wc -l <"$SERVER_LOG"; }
server_log_since() { as_pg tail -n +"$(($1 + 1))" "$SERVER_LOG"; }
crashes_since() { server_log_since "$1" | grep -cE 'terminated by signal|TRAP:' || true; }

# stage_tree DIR: a copy of the tree (without tmp/ and .git) owned by $PG_USER, for pg_regress
# and prove, which write their results next to the tests.
stage_tree() {
  rm -rf "$1"
  mkdir -p "$1"
  tar -C "$REPO" --exclude=./tmp --exclude=./.git -cf - . | tar -C "$1" -xf -
  chown -R "$PG_USER:" "$1"
}

# median N...: the median of numbers.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# spread X...: how far the values moved between runs, as "min–max".
spread() { printf '%s\n' "$@" | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%s–%s", lo, hi}'; }
# ratios A B: the per-run ratios B[i] / A[i] of two equally long lists given as "a1 a2 ..." strings.
ratios() { awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " "); for (i = 1; i <= n; i++) printf "%s%.2f", (i > 1 ? " " : ""), y[i] / x[i] }'; }
# timed_session DB FILE-OR-SQL [psql args]: one new psql session runs the work twice and prints
# "first warm": seconds by the server's clock of the session's first call (library load, catalog
# caches, plans made) and of the second; rows go to psql, which discards them.
timed_session() {
  local db=$1 script=$2
  shift 2
  {
    echo "SELECT extract(epoch FROM clock_timestamp()) AS t0 \\gset"
    echo "\\o /dev/null"
    if [ -f "$script" ]; then cat "$script"; else echo "$script"; fi
    echo "\\o"
    echo "SELECT extract(epoch FROM clock_timestamp()) AS t1 \\gset"
    echo "\\o /dev/null"
    if [ -f "$script" ]; then cat "$script"; else echo "$script"; fi
    echo "\\o"
    echo "SELECT round((:t1 - :t0)::numeric, 3) || ' ' || round((extract(epoch FROM clock_timestamp()) - :t1)::numeric, 3);"
  } | as_pg psql -X -q -v ON_ERROR_STOP=1 -d "$db" -tA "$@" | tail -1 | grep -E '^[0-9.]+ [0-9.]+$'
}
