#!/usr/bin/env bash
# The Citus suite (issue 19): a fresh coordinator and two workers (scripts/citus_cluster.sh),
# then pg_regress runs test/citus/sql against the coordinator's clinic_citus database, and the
# cluster is stopped. Exits 3, saying why, when Citus cannot be built here (scripts/citus.sh):
# scripts/test.sh counts the suite as skipped then. Run as root.
#   bash test/citus/run.sh [MAJOR]      (default 15)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

MAJOR=${1:-15}
require_root
ensure_packages
citus_server "$MAJOR"

# A fresh cluster every run: a reused one hides what an earlier run left.
bash "$REPO/scripts/citus_cluster.sh" stop "$MAJOR"
rm -rf "$WORK/citus-cluster"
# The stop's own status never replaces the suite's (3 means skipped to scripts/test.sh).
trap 'bash "$REPO/scripts/citus_cluster.sh" stop "$MAJOR" || true' EXIT
bash "$REPO/scripts/citus_cluster.sh" start "$MAJOR"

out=$WORK/citus-regress
rm -rf "$out"
stage_tree "$out/tree"
chown "$PG_USER:" "$out" # pg_regress writes its results there
# trail.sql's writer runs psql from a shell (pg_regress sets PGHOST and PGPORT) and keeps its
# files in the output directory.
export PATH="$PGBIN:$PATH" CLINIC_CITUS_OUT="$out"
# In name order, but drop last: it removes the extension.
tests="$(cd "$REPO/test/citus/sql" && ls ./*.sql | sed 's|^\./||; s|\.sql$||' | grep -vx drop | sort) drop"
as_pg "$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress" \
  --inputdir="$out/tree/test/citus" --outputdir="$out" --bindir="$PGBIN" \
  --host=127.0.0.1 --port="$CITUS_PORT" --user="$PG_USER" --use-existing --dbname=clinic_citus \
  $tests || {
  rc=$?
  [ ! -f "$out/regression.diffs" ] || cat "$out/regression.diffs"
  exit "$rc"
}
