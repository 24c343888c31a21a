#!/usr/bin/env bash
# scripts/citus.sh [MAJOR]: make Citus available to PostgreSQL MAJOR (default 15) for the Citus
# tests (issue 19), and print that server's pg_config. When its pkglibdir lacks citus.so, Citus
# is built from the vendored, unmodified source tarball (../shared/vendor/citus-*.tar.gz, or
# CITUS_TARBALL) into scripts/pg_major.sh's relocated root: nothing is installed into the
# system, and no Citus code enters this repository (the sources are unpacked under tmp/citus/).
# Exits 3, saying why, when Citus cannot be built here (no tarball): callers skip their Citus
# suite then, counting it as skipped. Run as root (the build needs a few -dev packages).
#   bash scripts/citus.sh 15
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MAJOR=${1:-15}
log() { printf '==> citus: %s\n' "$*" >&2; }

TARBALL=${CITUS_TARBALL:-$(find "$REPO/../shared/vendor" -maxdepth 1 -name 'citus-*.tar.gz' 2>/dev/null | sort -V | tail -1 || true)}
PG_CONFIG=$(bash "$REPO/scripts/pg_major.sh" "$MAJOR")
LIBDIR=$("$PG_CONFIG" --pkglibdir)
if [ -f "$LIBDIR/citus.so" ]; then
  echo "$PG_CONFIG"
  exit 0
fi
if [ -z "$TARBALL" ] || [ ! -f "$TARBALL" ]; then
  log "no Citus source tarball (../shared/vendor/citus-*.tar.gz or CITUS_TARBALL): Citus tests skipped"
  exit 3
fi

# Citus's build needs these headers (libcurl is left out: --without-libcurl). The relocated
# root has libpq's runtime but not its headers: those come from Debian's libpq-dev (its libpq.so
# to link against; the root's libpq.so.5 is what the server loads).
missing=()
for p in liblz4-dev libzstd-dev libkrb5-dev libselinux1-dev libpq-dev python3; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

SRC=$REPO/tmp/citus/$MAJOR/src
rm -rf "$SRC"
mkdir -p "$SRC"
tar -xzf "$TARBALL" -C "$SRC"
# PostgreSQL 15.20 exports have_createdb_privilege() from commands/dbcommands.h; Citus 13.2.2
# defines its own static copy for versions before 16 ("static declaration follows non-static").
# Use the server's where it has one. Only the unpacked copy under tmp/ is changed.
python3 - "$SRC/src/include/pg_version_compat.h" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path).read()
start = text.find("static inline bool\nhave_createdb_privilege(void)\n{")
if start < 0:
    sys.exit(0)  # a Citus without its own copy
end = text.index("\n}\n", start) + 3
text = (text[:start] + "#if PG_VERSION_NUM < 150020\n" + text[start:end] +
        "#else\n#include \"commands/dbcommands.h\"\n#endif\n" + text[end:])
open(path, "w").write(text)
EOF
# libpq-dev's own paths (its pg_config is /usr/bin/pg_config).
pg_config_sys() { /usr/bin/pg_config "$@"; }
log "building $(basename "$TARBALL") against PostgreSQL $MAJOR ($PG_CONFIG)"
(
  cd "$SRC"
  ./configure --without-libcurl PG_CONFIG="$PG_CONFIG" >"$SRC/configure.log" 2>&1
  flags=(CPPFLAGS="-I$(pg_config_sys --includedir)" LDFLAGS="-L$(pg_config_sys --libdir)")
  make -j"$(nproc)" "${flags[@]}" >"$SRC/make.log" 2>&1
  make install "${flags[@]}" >"$SRC/install.log" 2>&1
) || {
  log "build failed: see $SRC/*.log"
  exit 1
}
[ -f "$LIBDIR/citus.so" ] || {
  log "built, but $LIBDIR/citus.so is missing"
  exit 1
}
log "installed into $LIBDIR"
echo "$PG_CONFIG"
