#!/usr/bin/env bash
# Every test suite: format check (and release metadata) and the PostgreSQL-free C++ unit tests
# (CTest) once; pg_regress, isolation and TAP and the short soaks on each PostgreSQL major; then
# the Debian package (once) and the Citus suite (once, test/citus/run.sh). Per major: builds
# with warnings as errors, installs, runs the suites as the 'postgres' OS user against a
# throwaway cluster in tmp/; ends with one line
# "total: N passed, N failed, N skipped".
#   bash scripts/test.sh                 everything, on PostgreSQL 15, 17 and 18
#   CLINIC_PG_MAJORS="15 17"             only these majors. 15 is the system's Debian package; the
#                                        others are obtained by scripts/pg_major.sh into tmp/pg/N
#                                        (a major that cannot be obtained is skipped, with why)
#   CLINIC_PG_CONFIG_N=/path/pg_config   the server of major N (e.g. CLINIC_PG_CONFIG_15=$(bash
#                                        scripts/pg_major.sh 15): 15 without the system package)
#   PG_CONFIG=/path/pg_config            (without CLINIC_PG_MAJORS) only that server
#   CLINIC_TEST_PORT=NNNN                port of the throwaway cluster (default 55433)
#   CLINIC_PACKAGE_PORT=NNNN             port of the package suite's cluster (default: the above + 1)
#   CLINIC_PACKAGE_CHECK=1               the package build also runs its build-time unit tests
#   CLINIC_PACKAGE_UPGRADE_FROM=REV      the package suite also upgrades from the package of commit REV
#   CLINIC_PACKAGE_REGRESS_SKIP="..."    regression tests the package suite leaves out (default none)
#   CLINIC_SUITES="unit regress"         run only these suites (format unit regress isolation tap sqlsmith sqlfuzz concurrency package citus)
#   CLINIC_SQLSMITH_QUERIES=N            statements of the short sqlsmith run (default 3000)
#   CLINIC_SQLFUZZ_CALLS=N               calls of the short SQL-level fuzz run (default 3000)
#   CLINIC_CONCURRENCY_SECONDS=N         length of the short concurrency soak (default 15)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${CLINIC_TEST_PORT:-55433}
SUITES=${CLINIC_SUITES:-format unit regress isolation tap sqlsmith sqlfuzz concurrency package citus}
LOGS=$WORK/logs
PASSED=0 FAILED=0 SKIPPED=0

require_root
EXTERNAL_PG_CONFIG=${PG_CONFIG:-}
case " $SUITES " in *" package "*) PACKAGES+=("${PACKAGE_BUILD_PACKAGES[@]}") ;; esac
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
# pg_regress_counts LOG RC: prints "PASSED FAILED".
pg_regress_counts() {
  local logfile=$1 rc=$2 total=0 failed=1
  if grep -qE 'All [0-9]+ tests passed' "$logfile"; then
    total=$(grep -oE 'All [0-9]+ tests passed' "$logfile" | grep -oE '[0-9]+')
    failed=0
  elif grep -qE '[0-9]+ of [0-9]+ tests failed' "$logfile"; then
    read -r failed total < <(grep -oE '[0-9]+ of [0-9]+ tests failed' "$logfile" | head -1 | awk '{print $1, $3}')
  fi # else the runner failed before any summary: one failure
  [ "$rc" = 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo $((total > failed ? total - failed : 0)) "$failed"
}

tally_pg_regress() {
  local counts
  counts=$(pg_regress_counts "$2" "$3")
  tally "$1" ${counts% *} ${counts#* } 0
}

# clang-format, and the release metadata in step with clinic.control (scripts/check_release.sh).
suite_format() {
  local pass=0 fail=0
  if command -v clang-format >/dev/null && run_logged "$LOGS/format.log" make -C "$REPO" -s format-check; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
  fi
  if run_logged "$LOGS/release.log" bash "$REPO/scripts/check_release.sh"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
  tally format "$pass" "$fail" 0
}

suite_unit() {
  local build=$WORK/cmake rc=0
  run_logged "$LOGS/unit-build.log" cmake -S "$REPO" -B "$build" -DCLINIC_WERROR=ON >/dev/null &&
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

# A short, bounded run of the SQL-level fuzzer (test/fuzz/sql_fuzz.sh): every C function of the
# extension, with generated valid and invalid arguments.
suite_sqlfuzz() {
  suite_soak sqlfuzz "$LOGS/sqlfuzz.log" CLINIC_SQLFUZZ_REUSE=1 CLINIC_SQLFUZZ_SERVER_LOG="$WORK/regress/server.log" \
    CLINIC_SQLFUZZ_TIMEOUT=300 bash "$REPO/test/fuzz/sql_fuzz.sh" "${CLINIC_SQLFUZZ_CALLS:-3000}" 1
}

# A short concurrency soak (test/soak/concurrency.sh).
suite_concurrency() {
  suite_soak concurrency "$LOGS/concurrency.log" CLINIC_SOAK_REUSE=1 CLINIC_SOAK_SERVER_LOG="$WORK/regress/server.log" \
    bash "$REPO/test/soak/concurrency.sh" "${CLINIC_CONCURRENCY_SECONDS:-15}"
}

# The Debian package (debian/), end to end, without installing anything on the machine:
#  1. build: dpkg-buildpackage -us -uc -b in a fresh copy of the tree (the files git would
#     commit, as they are in the working tree), in tmp/package/src;
#  2. lintian: no errors (the tags it reports are listed in debian/README.Debian);
#  3. install: dpkg --root into a throwaway root, tmp/package/root: a copy of the server that
#     PG_CONFIG names, without any clinic files, and a dpkg database of its own holding the
#     machine's records of the packages ours depends on (so dpkg checks Depends for real);
#  4. CREATE EXTENSION clinic CASCADE in a throwaway cluster of that root, library = SQL version;
#  5. the regression suite (make installcheck) against that cluster: one test per pg_regress test
#     (CLINIC_PACKAGE_REGRESS_SKIP="t1 t2" leaves some out);
#  6. a populated database created at 1.1 updates (ALTER EXTENSION clinic UPDATE) with no drift;
#  7. purge: dpkg -P removes every file dpkg -L listed, and the package's doc directory.
# CLINIC_PACKAGE_UPGRADE_FROM=REV (e.g. 439f011, the last 1.1 commit) also builds the package of
# that commit with this debian/ (two more tests: old-build, old-install), installs it first,
# populates a database at its version while its cluster runs, and step 3 upgrades the package
# over it; step 6 then updates that database too. The build skips the build-time unit tests
# (the unit suite runs the same CTest tests) unless CLINIC_PACKAGE_CHECK=1.
PKG_PORT=${CLINIC_PACKAGE_PORT:-$((PORT + 1))}
PKG_BIN= # the throwaway root's bindir while its cluster may run

# package_cluster_stop: stop the package suite's cluster with the root's pg_ctl.
package_cluster_stop() {
  [ -n "$PKG_BIN" ] || return 0
  local saved=$PGBIN
  PGBIN=$PKG_BIN cluster_stop package/cluster
  PGBIN=$saved
}

suite_package() {
  local dir=$WORK/package pass=0 fail=0
  local src=$dir/src/clinic root=$dir/root pkg=postgresql-$PG_MAJOR-clinic
  local admin=$root/var/lib/dpkg
  local rootbin=$root/usr/lib/postgresql/$PG_MAJOR/bin
  local version old_rev=${CLINIC_PACKAGE_UPGRADE_FROM:-} olddeb= old_version=
  version=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\(.*\)'/\1/p" "$REPO/clinic.control")
  # step NAME CMD...: one test; the output goes to $LOGS/package-NAME.log, shown on failure.
  step() {
    local name=$1
    shift
    if "$@" >"$LOGS/package-$name.log" 2>&1; then
      pass=$((pass + 1))
      printf '  %-12s ok\n' "$name"
    else
      fail=$((fail + 1))
      printf '  %-12s FAILED (%s)\n' "$name" "$LOGS/package-$name.log"
      tail -n 40 "$LOGS/package-$name.log"
      return 1
    fi
  }
  package_psql() { as_pg "$rootbin/psql" -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
  package_cluster() { # a throwaway cluster: no fsync (as pg_virtualenv runs installcheck)
    PKG_BIN=$rootbin PGBIN=$rootbin
    cluster_start package/cluster "$PKG_PORT"
    package_psql -d postgres -c 'ALTER SYSTEM SET fsync = off' -c 'SELECT pg_reload_conf()' >/dev/null
  }
  rm -rf "$dir"
  mkdir -p "$src"
  chown "$PG_USER:" "$dir"
  local saved_bin=$PGBIN saved_host=${PGHOST-} saved_port=${PGPORT-}

  # 1. Build from a fresh copy.
  if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$REPO" && git ls-files -z -c -o --exclude-standard | tar --null -T - --ignore-failed-read -cf -) | tar -C "$src" -xf -
  else
    tar -C "$REPO" --exclude=./tmp --exclude=./.git -cf - . | tar -C "$src" -xf -
    make -s -C "$src" clean PG_CONFIG="$PG_CONFIG" >/dev/null
  fi
  local options=nocheck
  [ "${CLINIC_PACKAGE_CHECK:-0}" != 1 ] || options=
  package_build() { (cd "$1" && DEB_BUILD_OPTIONS=$options dpkg-buildpackage -us -uc -b -j2); }
  local t0=$SECONDS
  step build package_build "$src" || { tally package "$pass" "$fail" 0; return; }
  local deb
  deb=$(ls "$dir"/src/"$pkg"_*_*.deb)
  log "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $((SECONDS - t0)) s"

  # What the package holds: the library, the control, install and update scripts, the docs;
  # anything else (headers, objects, test files) is a build that installs too much.
  package_contents() {
    local extra
    extra=$(dpkg-deb -c "$deb" | awk '{print $NF}' | grep -v '/$' |
      grep -vE '^\./usr/(lib/postgresql/[0-9]+/lib/clinic\.so|share/postgresql/[0-9]+/extension/clinic(\.control|--[0-9.]+(--[0-9.]+)?\.sql)|share/doc/postgresql-[0-9]+-clinic/.*)$' || true)
    [ -z "$extra" ] || { echo "files the package should not hold:"; echo "$extra"; return 1; }
  }
  step contents package_contents || true

  # 2. lintian.
  package_lintian() { lintian --fail-on error "$dir"/src/clinic_*.changes 2>&1 | { grep -v 'running with root privileges' || true; }; }
  step lintian package_lintian || true
  sed 's/^/    /' "$LOGS/package-lintian.log"

  # The previous version's package, if asked for: that commit's tree with this debian/.
  package_build_old() {
    mkdir -p "$dir/old/clinic" &&
      git -C "$REPO" archive "$old_rev" | tar -C "$dir/old/clinic" -xf - || return 1
    rm -rf "$dir/old/clinic/debian"
    cp -a "$src/debian" "$dir/old/clinic/debian"
    [ -f "$dir/old/clinic/CHANGELOG.md" ] || cp "$src/CHANGELOG.md" "$dir/old/clinic/"
    old_version=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\(.*\)'/\1/p" "$dir/old/clinic/clinic.control")
    printf 'clinic (%s-1) unstable; urgency=medium\n\n  * Upstream %s (%s), for the package upgrade test.\n\n -- %s  %s\n' \
      "$old_version" "$old_version" "$old_rev" "$(sed -n 's/^Maintainer: //p' "$src/debian/control")" \
      "$(date -R)" >"$dir/old/clinic/debian/changelog"
    package_build "$dir/old/clinic"
  }
  if [ -n "$old_rev" ]; then
    step old-build package_build_old && olddeb=$(ls "$dir"/old/"$pkg"_*_*.deb)
  fi

  # 3. The throwaway root, then the install (over the previous version's, if any).
  package_root() {
    mkdir -p "$root/usr/lib/postgresql/$PG_MAJOR" "$root/usr/share/postgresql" "$admin/info" "$admin/updates" "$admin/triggers"
    cp -a "$("$PG_CONFIG" --bindir)" "$rootbin" &&
      cp -a "$("$PG_CONFIG" --pkglibdir)" "$root/usr/lib/postgresql/$PG_MAJOR/lib" &&
      cp -a "$("$PG_CONFIG" --sharedir)" "$root/usr/share/postgresql/$PG_MAJOR" || return 1
    rm -rf "$root/usr/lib/postgresql/$PG_MAJOR/lib/clinic.so" "$root/usr/lib/postgresql/$PG_MAJOR/lib/bitcode/clinic"* \
      "$root/usr/share/postgresql/$PG_MAJOR/extension/clinic"[.-]*
    : >"$admin/status"
    : >"$admin/available"
    local p
    for p in $(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed 's/(.*)//; s/[[:space:]]//g' | sort -u); do
      dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || continue
      { dpkg-query -s "$p"; echo; } >>"$admin/status"
      : >"$admin/info/$(dpkg-query -W -f='${binary:Package}' "$p").list"
    done
  }
  package_root >"$LOGS/package-root.log" 2>&1 || {
    cat "$LOGS/package-root.log"
    tally package "$pass" $((fail + 1)) 0
    return
  }
  package_install_old() {
    dpkg --root="$root" --log="$dir/dpkg.log" -i "$olddeb" &&
      package_psql -d postgres -c 'CREATE DATABASE package_upgrade' &&
      package_psql -d package_upgrade -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION clinic CASCADE' \
        -c 'SELECT count(*) FROM clinic.seed_demo()' -c 'SELECT count(*) FROM clinic.generate_demo(200, 7)' || return 1
    package_psql -d package_upgrade -c 'SELECT count(*) FROM clinic.patients' >"$dir/old/patients"
    local got
    got=$(package_psql -d package_upgrade -c "SELECT extversion FROM pg_extension WHERE extname = 'clinic'")
    echo "database package_upgrade at $got, $(cat "$dir/old/patients") patients"
    [ "$got" = "$old_version" ]
  }
  if [ -n "$olddeb" ]; then
    package_cluster
    step old-install package_install_old || olddeb=
  fi
  package_install() {
    dpkg --root="$root" --log="$dir/dpkg.log" -i "$deb" || return 1
    dpkg-query --admindir="$admin" -L "$pkg" >"$dir/files" || return 1
    local f missing=0
    : >"$dir/files.installed"
    while read -r f; do
      if [ -d "$root$f" ]; then continue; fi
      echo "$f" >>"$dir/files.installed"
      [ -e "$root$f" ] || {
        echo "listed but missing: $f"
        missing=1
      }
    done <"$dir/files"
    echo "$(wc -l <"$dir/files.installed") files installed"
    [ -f "$root/usr/lib/postgresql/$PG_MAJOR/lib/clinic.so" ] && [ "$missing" = 0 ]
  }
  step install package_install || {
    package_cluster_stop
    PKG_BIN= PGBIN=$saved_bin PGHOST=$saved_host PGPORT=$saved_port
    tally package "$pass" "$fail" 0
    return
  }

  # 4. A throwaway cluster of the root (running already if the previous version's package was
  # installed), and CREATE EXTENSION.
  [ -n "$PKG_BIN" ] || package_cluster
  package_create() {
    package_psql -d postgres -c 'CREATE DATABASE package_create' &&
      package_psql -d package_create -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION clinic CASCADE' || return 1
    local got
    got=$(package_psql -d package_create -c 'SELECT clinic.version(), matches FROM clinic.version_check()')
    echo "clinic.version(), matches: $got"
    [ "$got" = "$version|t" ]
  }
  step create package_create || true

  # 5. The regression suite against the root's server, but for the tests in
  # CLINIC_PACKAGE_REGRESS_SKIP (default none; validate_types, the longest, is 1-2 minutes).
  chown -R "$PG_USER:" "$src"
  local rc=0 counts tests t
  tests=$(printf 'print-regress:\n\t@echo $(REGRESS)\n' |
    make -s -C "$src" -f Makefile -f - print-regress PG_CONFIG="$rootbin/pg_config")
  for t in ${CLINIC_PACKAGE_REGRESS_SKIP:-}; do tests=$(tr ' ' '\n' <<<"$tests" | grep -vx "$t" | paste -sd' '); done
  as_pg env PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PG_USER" make -C "$src" -s installcheck \
    PG_CONFIG="$rootbin/pg_config" REGRESS="$tests" ISOLATION= TAP_TESTS= >"$LOGS/package-regress.log" 2>&1 || rc=$?
  counts=$(pg_regress_counts "$LOGS/package-regress.log" "$rc")
  pass=$((pass + ${counts% *})) fail=$((fail + ${counts#* }))
  printf '  %-12s %s passed, %s failed\n' regress ${counts% *} ${counts#* }
  [ "$rc" = 0 ] || {
    tail -n 30 "$LOGS/package-regress.log"
    [ ! -f "$src/regression.diffs" ] || head -n 100 "$src/regression.diffs"
  }

  # 6. Databases at earlier versions update to this one, keep their rows and do not drift.
  package_update_db() { # DB
    package_psql -d "$1" -c 'SET client_min_messages = warning' -c 'ALTER EXTENSION clinic UPDATE' || return 1
    local got
    got=$(package_psql -d "$1" -c "SELECT extversion FROM pg_extension WHERE extname = 'clinic'" \
      -c 'SELECT count(*) FROM clinic.drift()' -c 'SELECT matches FROM clinic.version_check()' | paste -sd' ')
    echo "$1: version, drift rows, library matches: $got"
    [ "$got" = "$version 0 t" ]
  }
  package_update() {
    package_psql -d postgres -c 'CREATE DATABASE package_update' &&
      package_psql -d package_update -c 'SET client_min_messages = warning' \
        -c "CREATE EXTENSION clinic VERSION '1.1' CASCADE" -c 'SELECT count(*) FROM clinic.seed_demo()' || return 1
    package_update_db package_update || return 1
    [ -n "$olddeb" ] || return 0
    package_update_db package_upgrade || return 1
    local patients
    patients=$(package_psql -d package_upgrade -c 'SELECT count(*) FROM clinic.patients')
    echo "package_upgrade: $patients patients (before the package upgrade: $(cat "$dir/old/patients"))"
    [ "$patients" = "$(cat "$dir/old/patients")" ]
  }
  step update package_update || true
  package_cluster_stop
  PKG_BIN= PGBIN=$saved_bin PGHOST=$saved_host PGPORT=$saved_port

  # 7. Purge: every file gone.
  package_purge() {
    dpkg --root="$root" --log="$dir/dpkg.log" -P "$pkg" || return 1
    local f left=0
    while read -r f; do
      if [ -e "$root$f" ] || [ -L "$root$f" ]; then
        echo "left behind: $f"
        left=$((left + 1))
      fi
    done <"$dir/files.installed"
    [ ! -d "$root/usr/share/doc/$pkg" ] || {
      echo "left behind: /usr/share/doc/$pkg"
      left=$((left + 1))
    }
    dpkg-query --admindir="$admin" -W -f='${db:Status-Abbrev}\n' "$pkg" 2>&1 || true
    echo "$(wc -l <"$dir/files.installed") files removed, $left left behind"
    [ "$left" = 0 ]
  }
  step purge package_purge || true

  [ "$fail" != 0 ] || rm -rf "$root" "$dir/cluster" # keep the .deb files and the build trees
  tally package "$pass" "$fail" 0
}

# The Citus suite (test/citus/run.sh), once, on PostgreSQL 15 with Citus built from the vendored
# tarball when it is missing (scripts/citus.sh): a coordinator and two workers of their own.
# Skipped, and counted so, when Citus cannot be built here (no tarball: exit 3).
suite_citus() {
  local rc=0
  run_logged "$LOGS/citus.log" bash "$REPO/test/citus/run.sh" 15 || rc=$?
  if [ "$rc" = 3 ]; then
    tally citus 0 0 1
  else
    tally_pg_regress citus "$LOGS/citus.log" "$rc"
  fi
}

trap package_cluster_stop EXIT
NEED_CLUSTER=0
for s in $SUITES; do case $s in regress | isolation | tap | sqlsmith | sqlfuzz | concurrency) NEED_CLUSTER=1 ;; esac done

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
    trap 'cluster_stop regress; package_cluster_stop' EXIT
    # A fresh cluster every run: roles are cluster-wide, and a reused cluster hides leftovers.
    cluster_stop regress
    rm -rf "$WORK/regress"
    cluster_start regress "$PORT"
  fi
  local s
  for s in $SUITES; do
    [ "$s" != format ] && [ "$s" != unit ] && [ "$s" != package ] && [ "$s" != citus ] || continue
    t0=$SECONDS
    log "suite: $s$MAJOR_TAG"
    "suite_$s"
    log "suite $s$MAJOR_TAG took $((SECONDS - t0)) s"
  done
  [ "$NEED_CLUSTER" = 0 ] || cluster_stop regress
}

# Once, before the majors: neither the format nor the PostgreSQL-free unit tests depend on one.
for s in $SUITES; do
  if [ "$s" = format ] || [ "$s" = unit ]; then
    log "suite: $s"
    "suite_$s"
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
    for s in $SUITES; do [ "$s" = format ] || [ "$s" = unit ] || [ "$s" = package ] || [ "$s" = citus ] || n=$((n + 1)); done
    echo "PostgreSQL $major: cannot be obtained (see above); its $n suites are skipped"
    tally all 0 0 "$n"
    continue
  fi
  log "PostgreSQL $major: $PG_CONFIG ($(("$SECONDS" - t_major)) s to obtain)"
  run_major
  log "PostgreSQL $major: $((SECONDS - t_major)) s"
done
MAJOR_TAG=

# The Debian package: once, for the system's PostgreSQL 15 (debian/pgversions).
case " $SUITES " in
  *" package "*)
    PG_CONFIG=$(major_pg_config 15)
    PGBIN=$("$PG_CONFIG" --bindir)
    export PG_CONFIG PGBIN
    t0=$SECONDS
    log "suite: package"
    suite_package
    log "suite package took $((SECONDS - t0)) s"
    ;;
esac

case " $SUITES " in
  *" citus "*)
    t0=$SECONDS
    log "suite: citus"
    suite_citus
    log "suite citus took $((SECONDS - t0)) s"
    ;;
esac

echo
echo "total: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
