#!/usr/bin/env bash
# The regression suite with every backend under valgrind's memcheck (on demand; slow). Reports
# the error blocks valgrind logged and how many of them have a clinic frame (clinic.so) in
# their stack. Suppressions: test/valgrind/postgres.supp, PostgreSQL's own known reports only.
#   bash test/valgrind/run.sh [TEST ...]      default: the whole REGRESS list of the Makefile
#   CLINIC_VALGRIND_OPTS=--track-origins=yes  more valgrind options (where an uninitialised value came from)
# Exits non-zero when any error has a clinic frame on its stack.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PORT=${CLINIC_VALGRIND_PORT:-55438}
require_root
ensure_packages
command -v valgrind >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
build_and_install
prepare_work_dir
DIR=$WORK/valgrind
stop() {
  [ -f "$DIR/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true
}
trap stop EXIT
stop
as_pg rm -rf "$DIR"
as_pg mkdir -p "$DIR/logs"
as_pg "$PGBIN/initdb" -D "$DIR/data" -U "$PG_USER" -A trust -E UTF8 --no-locale --no-sync >/dev/null
as_pg cp "$REPO/test/valgrind/postgres.supp" "$DIR/"

log "starting postgres under valgrind (port $PORT)"
as_pg bash -c "cd '$DIR' && nohup valgrind --quiet --tool=memcheck --trace-children=yes --leak-check=no \
  --num-callers=40 ${CLINIC_VALGRIND_OPTS:-} --suppressions='$DIR/postgres.supp' --error-markers=VALGRIND-ERROR-BEGIN,VALGRIND-ERROR-END \
  --log-file='$DIR/logs/%p.log' '$PGBIN/postgres' -D '$DIR/data' -p $PORT -k '$DIR' -c listen_addresses='' \
  -c max_parallel_workers_per_gather=0 -c jit=off >'$DIR/server.log' 2>&1 &"
for _ in $(seq 1 300); do
  as_pg "$PGBIN/pg_isready" -q -h "$DIR" -p "$PORT" && break
  sleep 1
done
as_pg "$PGBIN/pg_isready" -q -h "$DIR" -p "$PORT" || die "postgres under valgrind did not start (see $DIR/server.log)"

# The suite from a copy of the tree the server's user owns, as scripts/test.sh runs it.
STAGE=$WORK/valgrind-tests
stage_tree "$STAGE"
tests=("$@")
extra=()
[ ${#tests[@]} -eq 0 ] || extra=(REGRESS="${tests[*]}")  # name setup first: later tests use its helpers
t0=$(date +%s)
set +e
as_pg env PGHOST="$DIR" PGPORT="$PORT" PGUSER="$PG_USER" make -C "$STAGE" -s installcheck \
  PG_CONFIG="$PG_CONFIG" ISOLATION= TAP_TESTS= "${extra[@]}" >"$DIR/regress.log" 2>&1
rc=$?
set -e
elapsed=$(($(date +%s) - t0))
stop
trap - EXIT

summary=$(grep -E 'tests passed|tests failed' "$DIR/regress.log" | tail -1)
# An error is clinic's when the innermost frame outside libc, the loader and valgrind is clinic's
# (clinic is the only C++ here: its frames name a .cpp/.hpp file, or clinic.so); "on the stack"
# counts errors with a clinic frame anywhere (PostgreSQL code clinic called).
read -r blocks clinic_blocks on_stack < <(cat "$DIR"/logs/*.log 2>/dev/null | awk '
  function ours(line) { return line ~ /\.(cpp|hpp):[0-9]+\)|clinic\.so/ }
  /VALGRIND-ERROR-BEGIN/ { inb = 1; decided = 0; mine = 0; seen = 0; n++; next }
  /VALGRIND-ERROR-END/ { if (mine) c++; if (seen) s++; inb = 0; next }
  inb && /Address 0x/ { decided = 1 }
  inb && /(at|by) 0x/ {
    if (ours($0)) seen = 1
    if (!decided && ($0 ~ /\/usr\/lib\/postgresql/ || ours($0))) { decided = 1; mine = ours($0) }
  }
  END { print n + 0, c + 0, s + 0 }')
echo "valgrind: regression suite in ${elapsed}s (${summary:-no summary}, make exit $rc); $blocks error blocks after suppressions, $clinic_blocks attributed to clinic, $on_stack with clinic on the stack; logs in $DIR/logs"
# clinic passing uninitialised data into PostgreSQL shows up in PostgreSQL's frames: any error
# with clinic on the stack fails the run.
[ "$on_stack" = 0 ]
