#!/usr/bin/env bash
# Every test suite: format check, C++ unit tests (CTest), pg_regress, isolation and TAP, on each
# PostgreSQL major. Per major: builds with warnings as errors, installs, runs the PostgreSQL suites
# as the 'postgres' OS user against a throwaway cluster in tmp/; ends with one line
# "total: N passed, N failed, N skipped".
#   bash scripts/test.sh                 everything, on PostgreSQL 15, 17 and 18
#   CLINIC_PG_MAJORS="15 17"             only these majors. 15 is the system's Debian package; the
#                                        others are obtained by scripts/pg_major.sh into tmp/pg/N
#                                        (a major that cannot be obtained is skipped, with why)
#   CLINIC_PG_CONFIG_N=/path/pg_config   the server of major N (e.g. CLINIC_PG_CONFIG_15=$(bash
#                                        scripts/pg_major.sh 15): 15 without the system package)
#   PG_CONFIG=/path/pg_config            (without CLINIC_PG_MAJORS) only that server
#   CLINIC_TEST_PORT=NNNN                port of the throwaway cluster (default 55433)
#   CLINIC_SUITES="unit regress"         run only these suites (format unit regress isolation tap sqlsmith concurrency)
#   CLINIC_SQLSMITH_QUERIES=N            statements of the short sqlsmith run (default 3000)
#   CLINIC_CONCURRENCY_SECONDS=N         length of the short concurrency soak (default 15)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${CLINIC_TEST_PORT:-55433}
SUITES=${CLINIC_SUITES:-format unit regress isolation tap sqlsmith concurrency}
LOGS=$WORK/logs
PASSED=0 FAILED=0 SKIPPED=0

require_root
EXTERNAL_PG_CONFIG=${PG_CONFIG:-}
ensure_packages
prepare_work_dir
as_pg mkdir -p "$LOGS"
MAJOR_TAG= MAJOR_DIR= # " (pgN)" and "-pgN" while the suites of major N run

# tally SUITE PASSED FAILED SKIPPED
tally() {
  PASSED=$((PASSED + $2)) FAILED=$((FAILED + $3)) SKIPPED=$((SKIPPED + $4))
  printf '%-30s %s passed, %s failed, %s skipped\n' "suite $1$MAJOR_TAG -" "$2" "$3" "$4"
}

# run_logged LOG CMD...: run, show the output, keep it in LOG; returns the command's status.
run_logged() {
  local logfile=$1
  shift
  set +e
  "$@" 2>&1 | tee "$logfile"
  local rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

# pg_regress and pg_isolation_regress (PG15) end with " All N tests passed." or " F of N tests failed."
tally_pg_regress() {
  local suite=$1 logfile=$2 rc=$3 total=0 failed=1
  if grep -qE 'All [0-9]+ tests passed' "$logfile"; then
    total=$(grep -oE 'All [0-9]+ tests passed' "$logfile" | grep -oE '[0-9]+')
    failed=0
  elif grep -qE '[0-9]+ of [0-9]+ tests failed' "$logfile"; then
    read -r failed total < <(grep -oE '[0-9]+ of [0-9]+ tests failed' "$logfile" | head -1 | awk '{print $1, $3}')
  fi # else the runner failed before any summary: one failure
  [ "$rc" = 0 ] || [ "$failed" -gt 0 ] || failed=1
  tally "$suite" $((total > failed ? total - failed : 0)) "$failed" 0
}

suite_format() {
  if command -v clang-format >/dev/null && run_logged "$LOGS/format.log" make -C "$REPO" -s format-check; then
    tally format 1 0 0
  else
    tally format 0 1 0
  fi
}

suite_unit() {
  local build=$WORK/cmake$MAJOR_DIR rc=0
  run_logged "$LOGS/unit-build.log" cmake -S "$REPO" -B "$build" -DCLINIC_WERROR=ON -DPG_CONFIG="$PG_CONFIG" >/dev/null &&
    run_logged "$LOGS/unit-build.log" cmake --build "$build" -j2 >/dev/null || {
    cat "$LOGS/unit-build.log"
    tally unit 0 1 0
    return
  }
  run_logged "$LOGS/unit.log" ctest --test-dir "$build" --output-on-failure || rc=$?
  local line failed total
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$LOGS/unit.log" || true)
  if [ -n "$line" ]; then
    failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
    total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$line")
    tally unit $((total - failed)) "$failed" 0
  else
    tally unit 0 1 0
  fi
}

# The PostgreSQL suites run as $PG_USER from a copy of the tree it owns (pg_regress and prove
# write their results next to the tests).
PGTEST=$WORK/pgtest

pg_make_installcheck() {
  as_pg env PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PG_USER" \
    make -C "$PGTEST" -s installcheck PG_CONFIG="$PG_CONFIG" "$@"
}

suite_regress() {
  local rc=0
  run_logged "$LOGS/regress.log" pg_make_installcheck ISOLATION= TAP_TESTS= || rc=$?
  [ "$rc" = 0 ] || [ ! -f "$PGTEST/regression.diffs" ] || cat "$PGTEST/regression.diffs"
  tally_pg_regress regress "$LOGS/regress.log" "$rc"
}

suite_isolation() {
  local rc=0
  if [ -z "$(ls "$REPO"/test/isolation/specs/*.spec 2>/dev/null)" ]; then
    tally isolation 0 0 0
    return
  fi
  run_logged "$LOGS/isolation.log" pg_make_installcheck REGRESS= TAP_TESTS= || rc=$?
  [ "$rc" = 0 ] || [ ! -f "$PGTEST/output_iso/regression.diffs" ] || cat "$PGTEST/output_iso/regression.diffs"
  tally_pg_regress isolation "$LOGS/isolation.log" "$rc"
}

suite_tap() {
  local rc=0 total failed
  run_logged "$LOGS/tap.log" pg_make_installcheck REGRESS= ISOLATION= PROVE_FLAGS=-v || rc=$?
  total=$(grep -oE '^Files=[0-9]+, Tests=[0-9]+' "$LOGS/tap.log" | grep -oE '[0-9]+$' || echo 0)
  failed=$({ grep -oE 'Failed [0-9]+/[0-9]+ subtests' "$LOGS/tap.log" || true; } | awk -F'[ /]' '{s += $2} END {print s + 0}')
  [ "$rc" = 0 ] || [ "$failed" -gt 0 ] || failed=1
  if [ "$rc" != 0 ] && [ -d "$PGTEST/tmp_check/log" ]; then tail -n 50 "$PGTEST"/tmp_check/log/*.log; fi
  tally tap $((total > failed ? total - failed : 0)) "$failed" 0
}

# suite_soak NAME LOG SCRIPT ARGS...: a fuzz or soak script against the suite's cluster; one
# test, passed when the script exits 0 (zero backend crashes, its invariants hold).
suite_soak() {
  local name=$1 logfile=$2
  shift 2
  if run_logged "$logfile" env "$@"; then tally "$name" 1 0 0; else tally "$name" 0 1 0; fi
}

# A short, bounded sqlsmith run (test/fuzz/sqlsmith.sh).
suite_sqlsmith() {
  suite_soak sqlsmith "$LOGS/sqlsmith.log" CLINIC_SQLSMITH_REUSE=1 CLINIC_SQLSMITH_SERVER_LOG="$WORK/regress/server.log" \
    CLINIC_SQLSMITH_TIMEOUT=300 bash "$REPO/test/fuzz/sqlsmith.sh" "${CLINIC_SQLSMITH_QUERIES:-3000}" 1
}

# A short concurrency soak (test/soak/concurrency.sh).
suite_concurrency() {
  suite_soak concurrency "$LOGS/concurrency.log" CLINIC_SOAK_REUSE=1 CLINIC_SOAK_SERVER_LOG="$WORK/regress/server.log" \
    bash "$REPO/test/soak/concurrency.sh" "${CLINIC_CONCURRENCY_SECONDS:-15}"
}

NEED_CLUSTER=0
for s in $SUITES; do case $s in regress | isolation | tap | sqlsmith | concurrency) NEED_CLUSTER=1 ;; esac done

# major_pg_config N: the pg_config of major N (CLINIC_PG_CONFIG_N; else 15 is the system's
# package, the others come from scripts/pg_major.sh). Fails, with the reason on stderr, if the
# major cannot be had.
major_pg_config() {
  local override="CLINIC_PG_CONFIG_$1"
  if [ -n "${!override:-}" ]; then
    echo "${!override}"
  elif [ "$1" = 15 ] && [ -x /usr/lib/postgresql/15/bin/pg_config ]; then
    echo /usr/lib/postgresql/15/bin/pg_config
  else
    bash "$REPO/scripts/pg_major.sh" "$1"
  fi
}

# run_major: every suite but format against $PG_CONFIG. The system's server builds in the tree
# itself; any other in its own copy of the tree (objects of one major do not link into another).
run_major() {
  local build=$REPO
  PGBIN=$("$PG_CONFIG" --bindir)
  export PG_CONFIG PGBIN
  CLINIC_SERVER_OPTS=
  if [ "$PG_CONFIG" != /usr/lib/postgresql/15/bin/pg_config ]; then
    build=$WORK/build$MAJOR_DIR
    stage_tree "$build"
    find "$build" \( -name '*.o' -o -name '*.so' -o -name '*.bc' \) -delete
    # The relocated roots have no LLVM (scripts/pg_major.sh).
    CLINIC_SERVER_OPTS='-c jit=off'
  fi
  export CLINIC_SERVER_OPTS
  local t0=$SECONDS
  if ! WERROR=1 REPO=$build build_and_install; then
    tally build 0 1 0
    return
  fi
  log "built and installed in $((SECONDS - t0)) s"
  # The TAP suite's pg_upgrade test (test/t/004_pg_upgrade.pl) upgrades from the major tested
  # before this one, which has this clinic installed.
  export CLINIC_UPGRADE_FROM_BINDIR=$PREV_BINDIR
  PREV_BINDIR=$PGBIN
  if [ "$NEED_CLUSTER" = 1 ]; then
    stage_tree "$PGTEST"
    trap 'cluster_stop regress' EXIT
    # A fresh cluster every run: roles are cluster-wide, and a reused cluster hides leftovers.
    cluster_stop regress
    rm -rf "$WORK/regress"
    cluster_start regress "$PORT"
  fi
  local s
  for s in $SUITES; do
    [ "$s" != format ] || continue
    t0=$SECONDS
    log "suite: $s$MAJOR_TAG"
    "suite_$s"
    log "suite $s$MAJOR_TAG took $((SECONDS - t0)) s"
  done
  [ "$NEED_CLUSTER" = 0 ] || cluster_stop regress
}

for s in $SUITES; do
  if [ "$s" = format ]; then
    log "suite: format"
    suite_format
  fi
done

if [ -n "$EXTERNAL_PG_CONFIG" ] && [ -z "${CLINIC_PG_MAJORS:-}" ]; then
  MAJORS=$("$EXTERNAL_PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
  export "CLINIC_PG_CONFIG_$MAJORS=$EXTERNAL_PG_CONFIG"
else
  MAJORS=${CLINIC_PG_MAJORS:-15 17 18}
fi
PREV_BINDIR=
for major in $MAJORS; do
  MAJOR_TAG=" (pg$major)" MAJOR_DIR=-pg$major
  t_major=$SECONDS
  if ! PG_CONFIG=$(major_pg_config "$major") || [ ! -x "$PG_CONFIG" ]; then
    n=0
    for s in $SUITES; do [ "$s" = format ] || n=$((n + 1)); done
    echo "PostgreSQL $major: cannot be obtained (see above); its $n suites are skipped"
    tally all 0 0 "$n"
    continue
  fi
  log "PostgreSQL $major: $PG_CONFIG ($(("$SECONDS" - t_major)) s to obtain)"
  run_major
  log "PostgreSQL $major: $((SECONDS - t_major)) s"
done
MAJOR_TAG=

echo
echo "total: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
