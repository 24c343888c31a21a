#!/usr/bin/env bash
# The mutation campaign: each mutant of test/mutation/mutants.txt (a small wrong change: a negated
# condition, a dropped check, a constant return, an off-by-one limit) is applied alone to a scratch
# copy of the tree, which is built and run through the suites that should catch it. A mutant no
# suite fails on has survived: a test is missing, or the mutant is equivalent (RELIABILITY.md says
# which). On demand, not in CI: it builds once per mutant.
#   bash test/mutation/run.sh [ID-PREFIX ...]     every mutant, or those whose id starts so
# Uses PostgreSQL 15 from scripts/pg_major.sh (a private root: the system's server is untouched)
# and a throwaway cluster on CLINIC_MUTATION_PORT (default 55470). Prints one line per mutant and
# ends with "mutants: N, killed: K, survived: S" (N counts the mutants that applied and built;
# "invalid" ones are listed above it). Logs: tmp/mutation/logs/ID.log.
#   CLINIC_MUTATION_BASELINE=0    skip the baseline run (only when it just passed on this commit)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PORT=${CLINIC_MUTATION_PORT:-55470}
CATALOGUE=$REPO/test/mutation/mutants.txt
require_root
PG_CONFIG=${PG_CONFIG:-$(bash "$REPO/scripts/pg_major.sh" 15)}
ensure_packages
prepare_work_dir
MUT=$WORK/mutation
TREE=$MUT/tree
rm -rf "$MUT"
mkdir -p "$MUT/logs" "$MUT/mutants"
stage_tree "$TREE"
find "$TREE" \( -name '*.o' -o -name '*.so' -o -name '*.bc' \) -delete
chown -R "$PG_USER:" "$MUT"

# The catalogue, one directory per mutant: id, file, suites, why, from, to.
perl -e '
  my ($cat, $out) = @ARGV; open(my $in, "<", $cat) or die "$cat: $!";
  my ($n, $m, $state) = (0, {}, "");
  sub flush { my $m = shift; return unless exists $m->{id};
    $n++; my $d = sprintf("%s/%03d", $out, $n); mkdir $d;
    for my $k (qw(id file suites why from to)) {
      open(my $f, ">", "$d/$k") or die; print $f ($m->{$k} // ""); close $f; } }
  while (my $l = <$in>) {
    if ($state eq "from") { if ($l eq "===\n") { $state = "to"; next } $m->{from} .= $l; next }
    if ($state eq "to") { if ($l eq ">>>\n") { $state = ""; flush($m); $m = {}; next } $m->{to} .= $l; next }
    if ($l =~ /^\@\@ (id|file|suites|why) (.*)$/) { $m->{$1} = $2; next }
    if ($l eq "<<<\n") { $state = "from"; $m->{from} = ""; $m->{to} = ""; next }
  }
  die "unterminated mutant $m->{id}\n" if $state;
' "$CATALOGUE" "$MUT/mutants"

# apply FILE FROM TO: replace the one occurrence of FROM's text in FILE by TO's; fails (3) when
# it does not occur exactly once.
apply() {
  perl -e '
    my ($file, $from, $to) = @ARGV; local $/;
    open(my $f, "<", $file) or exit 2; my $s = <$f>; close $f;
    open($f, "<", $from) or exit 2; my $a = <$f>; close $f;
    open($f, "<", $to) or exit 2; my $b = <$f> // ""; close $f;
    my $count = () = $s =~ /\Q$a\E/g; exit 3 if $count != 1;
    $s =~ s/\Q$a\E/$b/;
    open($f, ">", $file) or exit 2; print $f $s; close $f;
  ' "$1" "$2" "$3"
}

pg_installcheck() {
  as_pg env PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PG_USER" \
    make -C "$TREE" -s installcheck PG_CONFIG="$PG_CONFIG" "$@"
}

# build_core LOG: the PostgreSQL-free core and its tests (CMake).
build_core() {
  { cmake -S "$TREE" -B "$MUT/cmake" -DCLINIC_WERROR=ON >/dev/null &&
    cmake --build "$MUT/cmake" -j2 >/dev/null; } >>"$1" 2>&1
}

# run_suites SUITES LOG: 0 when every suite passes, else the first failing suite's name on stdout.
run_suites() {
  local s
  for s in $1; do
    case $s in
      unit)
        { build_core "$2" && ctest --test-dir "$MUT/cmake" >>"$2" 2>&1; } || { echo unit; return 1; } ;;
      regress=*)
        pg_installcheck REGRESS="$(tr ',' ' ' <<<"${s#regress=}")" ISOLATION= TAP_TESTS= >>"$2" 2>&1 ||
          { echo "$s"; return 1; } ;;
      isolation)
        pg_installcheck REGRESS= TAP_TESTS= >>"$2" 2>&1 || { echo isolation; return 1; } ;;
      tap=*)
        pg_installcheck REGRESS= ISOLATION= PROVE_TESTS="test/t/${s#tap=}.pl" >>"$2" 2>&1 ||
          { echo "$s"; return 1; } ;;
      *) die "unknown suite $s" ;;
    esac
  done
}

# build LOG: the module into the private root (and nothing else when only unit suites run).
build() {
  { make -C "$TREE" -s -j2 PG_CONFIG="$PG_CONFIG" WERROR=1 &&
    make -C "$TREE" -s install PG_CONFIG="$PG_CONFIG"; } >>"$1" 2>&1
}

trap 'cluster_stop mutation' EXIT
build "$MUT/logs/baseline.log" || die "the unmutated tree does not build (tmp/mutation/logs/baseline.log)"
CLINIC_SERVER_OPTS='-c jit=off' cluster_start mutation "$PORT"
if [ "${CLINIC_MUTATION_BASELINE:-1}" = 0 ]; then
  log "baseline skipped (CLINIC_MUTATION_BASELINE=0)"
else
log "baseline: the unmutated tree must pass every suite the catalogue names"
# Every regression test once (the schedule), and each other suite the catalogue names.
others=$(for f in "$MUT"/mutants/*/suites; do tr ' ' '\n' <"$f"; echo; done | grep -v '^regress=' | grep . | sort -u | paste -sd' ')
failed=$(run_suites "regress=$(sed -n 's/^test: *//p' "$TREE/test/schedule" | paste -sd,) $others" "$MUT/logs/baseline.log") ||
  die "the unmutated tree fails $failed (tmp/mutation/logs/baseline.log)"
fi

total=0 killed=0 survived=0 invalid=0
for d in "$MUT"/mutants/*; do
  id=$(cat "$d/id") file=$(cat "$d/file") suites=$(cat "$d/suites")
  if [ $# -gt 0 ]; then
    wanted=0
    for p in "$@"; do case $id in "$p"*) wanted=1 ;; esac done
    [ "$wanted" = 1 ] || continue
  fi
  logf=$MUT/logs/$id.log
  # Restored from the tree as staged, not from the repository, which may have moved on since.
  cp "$TREE/$file" "$d/original"
  if ! apply "$TREE/$file" "$d/from" "$d/to"; then
    echo "invalid  $id  (its text does not occur exactly once in $file)"
    invalid=$((invalid + 1))
    continue
  fi
  # Mutants the unit suite alone should catch are built by it (CMake, the core only).
  case " $suites " in *" regress="* | *" isolation "* | *" tap="*) builder=build ;; *) builder=build_core ;; esac
  if ! "$builder" "$logf"; then
    echo "invalid  $id  (does not build: $logf)"
    invalid=$((invalid + 1))
  else
    total=$((total + 1))
    if failed=$(run_suites "$suites" "$logf"); then
      echo "SURVIVED $id  ($suites pass): $(cat "$d/why")"
      survived=$((survived + 1))
    else
      echo "killed   $id  ($failed)"
      killed=$((killed + 1))
    fi
  fi
  cp "$d/original" "$TREE/$file"
  chown "$PG_USER:" "$TREE/$file"
done
build "$MUT/logs/restore.log" || true # leave the private root with the unmutated library
echo "invalid: $invalid"
echo "mutants: $total, killed: $killed, survived: $survived"
