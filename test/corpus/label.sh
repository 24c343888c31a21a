#!/usr/bin/env bash
# test/corpus/label.sh: the facts the labels are judged from, then the labels and the tables.
#   1. each corpus database's catalog (test/corpus/catalog.sql) -> tmp/corpus/catalog/<name>.json
#   2. each Prisma application's schema files at the pinned commit -> tmp/corpus/prisma/<name>/
#   3. test/corpus/label.py -> test/corpus/labels/<name>.tsv (committed; review every change)
#   4. test/corpus/tables.py -> tmp/corpus/tables.md (per-check precision, splinter overlap)
# Needs build.sh's cluster running and its results, and splinter.sh's output for the overlap.
set -euo pipefail

. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
require_root

MIRROR=${CORPUS_MIRROR:-/work/.mirror}
PORT=${CORPUS_PORT:-55511}
PG_CONFIG=${PG_CONFIG:-$(bash "$REPO/scripts/pg_major.sh" 15)}
PGBIN=$("$PG_CONFIG" --bindir)
export PGHOST=$WORK/corpus/cluster PGPORT=$PORT PGUSER=$PG_USER
CORPUS=$WORK/corpus
mkdir -p "$CORPUS/catalog" "$CORPUS/prisma"

while IFS=$'\t' read -r name repo commit paths loader schema; do
  case $name in '' | '#'*) continue ;; esac
  as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$name" -At -v schema="$schema" <"$REPO/test/corpus/catalog.sql" >"$CORPUS/catalog/$name.json"
  if [ "$loader" = prisma ]; then
    gd=$MIRROR/${repo/\//+}/repo
    rm -rf "${CORPUS:?}/prisma/$name"
    mkdir -p "$CORPUS/prisma/$name"
    git --git-dir="$gd" ls-tree -r --name-only "$commit" "$(dirname "$paths")/" | grep '\.prisma$' |
      while IFS= read -r f; do git --git-dir="$gd" show "$commit:$f" >"$CORPUS/prisma/$name/$(echo "$f" | tr / _)"; done
  fi
done <"$REPO/test/corpus/sources.txt"

python3 "$REPO/test/corpus/label.py"
python3 "$REPO/test/corpus/tables.py" >"$CORPUS/tables.md"
echo "labels in test/corpus/labels/; tables in $CORPUS/tables.md"
