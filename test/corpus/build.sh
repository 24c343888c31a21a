#!/usr/bin/env bash
# test/corpus/build.sh [NAME...]: rebuild the corpus databases (every one in sources.txt, or the
# named ones) from local mirrors of their repositories, create clinic in each, ANALYZE, and save
# clinic.audit() of the schema under tmp/corpus/results/.
# test/corpus/build.sh audit [NAME...]: keep the databases as built; in each, drop clinic (only
# clinic: pgcrypto and btree_gist stay where they are), create it again from the installed SQL, ANALYZE
# and save the audit as a rebuild would (after `make install` of a changed clinic; the load log
# is kept, the re-audit's output goes to <name>.audit.log).
# test/corpus/build.sh stop: stop the corpus cluster.
#
# Run as root (the server runs as postgres). The cluster lives in tmp/corpus/cluster on port
# CORPUS_PORT (55511), jit off; it is left running (build.sh stop). PG_CONFIG picks the server
# (default: scripts/pg_major.sh 15's relocated root), into which clinic must already be installed
# (make install PG_CONFIG=...). CORPUS_MIRROR (default /work/.mirror) holds the mirrors, one bare
# git directory per repository: $CORPUS_MIRROR/<owner>+<name>/repo (or .../repo/.git).
#
# Nothing from those repositories is committed: their files are extracted at the pinned commit
# into tmp/corpus/src/<name>/ and loaded from there. The loaders (sources.txt's fifth column):
#   prisma  each <dir>/*/migration.sql in folder-name order, as `prisma migrate deploy` does: one
#           simple-protocol query per file (an implicit transaction; a single CONCURRENTLY
#           statement runs outside one), recorded in _prisma_migrations as Prisma records it.
#   omop    the OHDSI DDL files in the given order, @cdmDatabaseSchema replaced by the schema.
#   i2b2    i2b2's CRC cell (first path: its data_build.xml; then the scripts): the table and
#           procedure scripts its ant targets name, in their order, with search_path set to the
#           schema (i2b2's own scripts name no schema).
#   sql     plain SQL files in order, with search_path set to the schema (created first).
#   pgdump  a pg_dump file (Rails' db/structure.sql) as is. PostGIS, when the file needs it and
#           the server lacks it, is unpacked from Debian's packages into the relocated root.
set -euo pipefail

. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
require_root

CORPUS=$WORK/corpus
SOURCES=$REPO/test/corpus/sources.txt
MIRROR=${CORPUS_MIRROR:-/work/.mirror}
PORT=${CORPUS_PORT:-55511}
PG_CONFIG=${PG_CONFIG:-$(bash "$REPO/scripts/pg_major.sh" 15)}
PGBIN=$("$PG_CONFIG" --bindir)
export PG_CONFIG PGBIN
export CLINIC_SERVER_OPTS="-c jit=off"

if [ "${1:-}" = stop ]; then
  cluster_stop corpus/cluster
  exit 0
fi
AUDIT_ONLY=0
if [ "${1:-}" = audit ]; then
  AUDIT_ONLY=1
  shift
fi

prepare_work_dir
mkdir -p "$CORPUS/src" "$CORPUS/results" "$CORPUS/cluster"
chown "$PG_USER:" "$CORPUS" "$CORPUS/cluster"
cluster_start corpus/cluster "$PORT"

psql_db() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

gitdir_of() {
  local d=$MIRROR/${1/\//+}/repo
  [ -d "$d/.git" ] && d=$d/.git
  git --git-dir="$d" rev-parse --git-dir >/dev/null 2>&1 || die "no mirror of $1 at $d (fetch github:$1)"
  echo "$d"
}

# extract NAME REPO COMMIT PATHS: the paths (comma-separated files or folders) at the commit, into
# $CORPUS/src/NAME/<path>. Only those trees and blobs are read (a mirror may lack large blobs).
extract() {
  local name=$1 repo=$2 commit=$3 gd p dest paths
  gd=$(gitdir_of "$repo")
  git --git-dir="$gd" cat-file -e "$commit^{commit}" 2>/dev/null || die "$repo's mirror lacks commit $commit"
  rm -rf "${CORPUS:?}/src/$name"
  IFS=, read -r -a paths <<<"$4"
  for p in "${paths[@]}"; do
    dest=$CORPUS/src/$name/$p
    case $(git --git-dir="$gd" cat-file -t "$commit:$p") in
      tree) mkdir -p "$dest" && git --git-dir="$gd" archive "$commit:$p" | tar -x -C "$dest" ;;
      blob) mkdir -p "$(dirname "$dest")" && git --git-dir="$gd" cat-file blob "$commit:$p" >"$dest" ;;
      *) die "$repo@$commit has no $p" ;;
    esac
  done
}

# Prisma's own migrations table (prisma-engines' Postgres flavour creates exactly this).
PRISMA_TABLE='CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)'

# load_prisma DB DIR: as `prisma migrate deploy`: for each migration folder in name order, a row
# is inserted (started_at now(), 0 steps), the script runs as one query, the step is counted and
# finished_at set. A failing script leaves its row unfinished with the error in logs, and stops.
load_prisma() {
  local db=$1 dir=$2 m f sum id err n=0
  psql_db -d "$db" -c "$PRISMA_TABLE"
  while IFS= read -r m; do
    f=$dir/$m/migration.sql
    [ -f "$f" ] || continue
    [[ $m != *"'"* ]] || die "unexpected migration folder name: $m"
    sum=$(sha256sum <"$f" | cut -d' ' -f1)
    id=$(cat /proc/sys/kernel/random/uuid)
    psql_db -d "$db" -c "INSERT INTO \"_prisma_migrations\" (id, checksum, started_at, migration_name, applied_steps_count) VALUES ('$id', '$sum', now(), '$m', 0)"
    if ! err=$(psql_db -d "$db" -c "$(cat "$f")" 2>&1); then
      psql_db -d "$db" -c "UPDATE \"_prisma_migrations\" SET logs = \$log\$$err\$log\$ WHERE id = '$id'"
      log "$db: migration $m failed: $err"
      return 1
    fi
    psql_db -d "$db" -c "UPDATE \"_prisma_migrations\" SET applied_steps_count = applied_steps_count + 1 WHERE id = '$id'" \
      -c "UPDATE \"_prisma_migrations\" SET finished_at = now() WHERE id = '$id'"
    n=$((n + 1))
  done < <(find "$dir" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)
  echo "$n migrations applied"
}

# run_files DB SCHEMA FILE...: each file in one transaction, search_path = SCHEMA, public.
run_files() {
  local db=$1 schema=$2 f
  shift 2
  for f in "$@"; do
    PGOPTIONS="-c search_path=$schema,public" psql_db -d "$db" -1 <"$f" >/dev/null
  done
}

load_omop() {
  local db=$1 src=$2 schema=$3 f
  shift 3
  psql_db -d "$db" -c "CREATE SCHEMA $schema"
  for f in "$@"; do
    sed "s/@cdmDatabaseSchema/$schema/g" "$src/$f" | psql_db -d "$db" -1 >/dev/null
  done
  echo "$# files, @cdmDatabaseSchema -> $schema"
}

# i2b2's CRC cell: the scripts its ant targets create_crcdata_tables_release_1-8 and
# create_procedures_release_1-8 run, in their order, for db.type postgresql.
load_i2b2() {
  local db=$1 crc=$2 schema=$3 files=()
  # shellcheck disable=SC2016 # ${db.type} is ant's own placeholder, replaced literally
  mapfile -t files < <(sed -n '/name="create_crcdata_tables_release_1-8"/,/name="db_demodata_load_data"/p' "$crc/data_build.xml" |
    sed -n 's/.*<transaction src="\.\/\([^"]*\)".*/\1/p' | sed 's/\${db.type}/postgresql/')
  [ ${#files[@]} -gt 0 ] || die "no scripts found in $crc/data_build.xml"
  psql_db -d "$db" -c "CREATE SCHEMA $schema"
  run_files "$db" "$schema" "${files[@]/#/$crc/}"
  echo "${#files[@]} scripts from data_build.xml, search_path $schema"
}

load_sql() {
  local db=$1 src=$2 schema=$3
  shift 3
  psql_db -d "$db" -c "CREATE SCHEMA IF NOT EXISTS $schema"
  run_files "$db" "$schema" "${@/#/$src/}"
  echo "$# files, search_path $schema"
}

# PostGIS 3 for PostgreSQL 15 from Debian 12's packages, with the libraries postgis-3.so needs
# that the relocated root lacks, unpacked into that root (never into the system).
POSTGIS_DEBS=(postgresql-15-postgis-3 postgresql-15-postgis-3-scripts libgeos-c1v5 libgeos3.11.1 libproj25
  libjson-c5 libprotobuf-c1 libtiff6 libcurl3-gnutls libwebp7 liblerc4 libjbig0 libjpeg62-turbo libdeflate0)
ensure_postgis() {
  local share root debs=$CORPUS/debs
  share=$("$PG_CONFIG" --sharedir)
  [ -f "$share/extension/postgis.control" ] && return 0
  case $PG_CONFIG in
    "$REPO"/tmp/pg/*/root/*) root=${PG_CONFIG%/usr/lib/postgresql/*} ;;
    *) die "PostGIS is not installed in $share (apt-get install postgresql-15-postgis-3)" ;;
  esac
  log "unpacking PostGIS into $root"
  mkdir -p "$debs"
  (cd "$debs" && apt-get download -q "${POSTGIS_DEBS[@]}" >/dev/null 2>&1) || die "apt-get download of PostGIS failed"
  local deb
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
  # The package's postinst makes postgis.control an alternative for postgis-3.control.
  ln -sf postgis-3.control "$share/extension/postgis.control"
  chmod -R a+rX "$root"
}

load_pgdump() {
  local db=$1 src=$2 f=$2/$4
  if grep -q 'CREATE EXTENSION IF NOT EXISTS postgis' "$f"; then ensure_postgis; fi
  psql_db -d "$db" <"$f" >/dev/null
  echo "pg_dump file $4 as is"
}

# audit NAME SCHEMA: create clinic as the README says (pgcrypto and btree_gist in a schema of
# their own, unless the application installed them already), ANALYZE, and save the audit.
audit() {
  local db=$1 schema=$2 out=$CORPUS/results/$1
  psql_db -d "$db" -c 'CREATE SCHEMA IF NOT EXISTS extensions' \
    -c 'CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA extensions' \
    -c 'CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA extensions' -c 'CREATE EXTENSION clinic'
  psql_db -d "$db" -c 'ANALYZE'
  psql_db -d "$db" -AtF $'\t' -c "SELECT check_id, status, severity, detail FROM clinic.audit('$schema')" >"$out.tsv"
  psql_db -d "$db" -At -c "SELECT jsonb_pretty(jsonb_agg(to_jsonb(a))) FROM clinic.audit('$schema') a" >"$out.json"
  psql_db -d "$db" -At -c "SELECT clinic.audit_report('$schema')" >"$out.report.txt"
  psql_db -d "$db" -At -c "SELECT format('%s tables, %s views, %s functions, %s indexes in schema %s', (SELECT count(*) FROM pg_class WHERE relnamespace = '$schema'::regnamespace AND relkind IN ('r','p')), (SELECT count(*) FROM pg_class WHERE relnamespace = '$schema'::regnamespace AND relkind IN ('v','m')), (SELECT count(*) FROM pg_proc WHERE pronamespace = '$schema'::regnamespace), (SELECT count(*) FROM pg_class WHERE relnamespace = '$schema'::regnamespace AND relkind IN ('i','I')), '$schema')"
  printf '%s: %s\n' "$db" "$(cut -f2 "$out.tsv" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')"
}

want() {
  [ $# -le 1 ] && return 0
  local name=$1 w
  shift
  for w in "$@"; do [ "$w" = "$name" ] && return 0; done
  return 1
}

found=0
while IFS=$'\t' read -r name repo commit paths loader schema; do
  case $name in '' | '#'*) continue ;; esac
  want "$name" "$@" || continue
  found=$((found + 1))
  if [ "$AUDIT_ONLY" = 1 ]; then
    log "$name: re-audit (clinic dropped and created again)"
    set +e
    (
      set -e
      psql_db -d "$name" -c 'DROP EXTENSION IF EXISTS clinic'
      audit "$name" "$schema"
    ) 2>&1 | tee "$CORPUS/results/$name.audit.log"
    rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" = 0 ] || die "$name: re-audit failed (see $CORPUS/results/$name.audit.log)"
    continue
  fi
  log "$name: $repo@${commit:0:12} ($loader)"
  extract "$name" "$repo" "$commit" "$paths"
  src=$CORPUS/src/$name
  as_pg "$PGBIN/dropdb" --if-exists "$name"
  as_pg "$PGBIN/createdb" "$name"
  IFS=, read -r -a files <<<"$paths"
  set +e
  (
    set -e
    echo "$name: $repo@$commit loader=$loader schema=$schema"
    case $loader in
      prisma) load_prisma "$name" "$src/${files[0]}" ;;
      omop) load_omop "$name" "$src" "$schema" "${files[@]}" ;;
      i2b2) load_i2b2 "$name" "$(dirname "$src/${files[0]}")" "$schema" ;;
      sql) load_sql "$name" "$src" "$schema" "${files[@]}" ;;
      pgdump) load_pgdump "$name" "$src" "$schema" "${files[0]}" ;;
      *) die "unknown loader $loader" ;;
    esac
    audit "$name" "$schema"
  ) 2>&1 | tee "$CORPUS/results/$name.load.log"
  rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" = 0 ] || die "$name did not load (see $CORPUS/results/$name.load.log)"
done <"$SOURCES"
[ "$found" -gt 0 ] || die "no corpus entry named: $*"
log "results in $CORPUS/results; the cluster is still running (PGHOST=$PGHOST PGPORT=$PGPORT; $0 stop)"
