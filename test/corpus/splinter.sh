#!/usr/bin/env bash
# test/corpus/splinter.sh [NAME...]: run Supabase's splinter lints (lints/*.sql of a local mirror
# of supabase/splinter, at the commit below) against the corpus databases that build.sh made, for
# comparison with clinic.audit(). Each database's run is one transaction that is rolled back: the
# lint views are created in a schema `lint`, queried, and dropped with the rollback. Lints whose
# view cannot be created on a plain PostgreSQL (they read Supabase's auth, storage or roles) are
# listed in the output as not created; those that fail when queried (roles anon, authenticated) are
# in <name>.errors. Output: tmp/corpus/splinter/<name>.tsv
# (lint, level, detail, metadata), and <name>.created (the lints that ran).
set -euo pipefail

. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
require_root

SPLINTER_REPO=supabase/splinter
SPLINTER_COMMIT=55db5b1f28e58d816f7d9136eed87eabcd95868d
MIRROR=${CORPUS_MIRROR:-/work/.mirror}
PORT=${CORPUS_PORT:-55511}
PG_CONFIG=${PG_CONFIG:-$(bash "$REPO/scripts/pg_major.sh" 15)}
PGBIN=$("$PG_CONFIG" --bindir)
export PGHOST=$WORK/corpus/cluster PGPORT=$PORT PGUSER=$PG_USER
OUT=$WORK/corpus/splinter
mkdir -p "$OUT"
chown "$PG_USER:" "$OUT"

gd=$MIRROR/${SPLINTER_REPO/\//+}/repo
git --git-dir="$gd" cat-file -e "$SPLINTER_COMMIT^{commit}" 2>/dev/null || die "no mirror of $SPLINTER_REPO@$SPLINTER_COMMIT at $gd"
mapfile -t lints < <(git --git-dir="$gd" ls-tree --name-only "$SPLINTER_COMMIT" lints/ | grep '\.sql$' | LC_ALL=C sort)

names=("$@")
if [ ${#names[@]} = 0 ]; then
  mapfile -t names < <(awk -F'\t' '$1 !~ /^(#|$)/ {print $1}' "$REPO/test/corpus/sources.txt")
fi

for db in "${names[@]}"; do
  {
    echo '\set ON_ERROR_ROLLBACK on'
    echo '\set ECHO errors'
    echo 'BEGIN;'
    echo 'CREATE SCHEMA lint;'
    for l in "${lints[@]}"; do
      git --git-dir="$gd" show "$SPLINTER_COMMIT:$l"
      echo ';'
    done
    echo '\o '"$OUT/$db.created"
    echo "SELECT viewname FROM pg_views WHERE schemaname = 'lint' ORDER BY 1;"
    echo '\o '"$OUT/$db.tsv"
    echo "SELECT format('SELECT %L AS lint, level, detail, metadata::text FROM lint.%I', viewname, viewname) FROM pg_views WHERE schemaname = 'lint' ORDER BY viewname \\gexec"
    echo '\o'
    echo 'ROLLBACK;'
  } | as_pg "$PGBIN/psql" -X -q -d "$db" -At -F $'\t' 2>"$OUT/$db.errors" >/dev/null
  chmod a+r "$OUT/$db".*
  printf '%s: %s lints created of %s, %s findings\n' "$db" "$(wc -l <"$OUT/$db.created")" "${#lints[@]}" "$(wc -l <"$OUT/$db.tsv")"
done
