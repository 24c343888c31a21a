#!/usr/bin/env bash
# scripts/pg_major.sh N: obtain PostgreSQL major N from Debian's packages into a relocated root
# under tmp/pg/N/root (ignored by git), and print the path of its pg_config.
#   bash scripts/pg_major.sh 17      # trixie's postgresql-17
#   bash scripts/pg_major.sh 18      # forky's postgresql-18
#   bash scripts/pg_major.sh 15      # bookworm's postgresql-15 (the system's own suite)
# Nothing is installed into the system: the packages and the runtime libraries they need (from
# the same suite: its glibc, libstdc++, ICU, OpenSSL ...) are only downloaded and unpacked with
# `dpkg -x`, and every program in the root's bin/ runs through the root's own dynamic loader.
# apt runs with a private configuration (its own sources list, package lists and cache under
# tmp/pg/N/apt), so the system's apt sources and lists are never changed and there is nothing
# to restore, even if this script is killed. Idempotent: a finished root is reused.
# Must run as root only for the first `apt-get` of a fresh machine (to install dpkg-dev tools
# it needs, none today); the download itself runs fine as root in CI.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MAJOR=${1:?usage: pg_major.sh MAJOR}
DIR=$REPO/tmp/pg/$MAJOR
ROOT=$DIR/root
PG_CONFIG_PATH=$ROOT/usr/lib/postgresql/$MAJOR/bin/pg_config

log() { printf '==> pg%s: %s\n' "$MAJOR" "$*" >&2; }
die() {
  printf 'error: pg%s: %s\n' "$MAJOR" "$*" >&2
  exit 1
}

# Bump when the recipe changes: a cache made by an older recipe is made again.
RECIPE=2
if [ "$(sed -n 1p "$DIR/.complete" 2>/dev/null)" = "recipe $RECIPE" ] && [ -x "$PG_CONFIG_PATH" ]; then
  echo "$PG_CONFIG_PATH"
  exit 0
fi

case $MAJOR in
  15) SUITE=bookworm ;;
  17) SUITE=trixie ;;
  18) SUITE=forky ;;
  *) die "no Debian suite known to carry postgresql-$MAJOR (16 is in none)" ;;
esac

started=$(date +%s)
APT=$DIR/apt
rm -rf "$DIR"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" "$ROOT"
trap 'rc=$?; [ "$rc" = 0 ] || { log "failed (exit $rc); removing $DIR"; rm -rf "$DIR"; }' EXIT

# The private apt: only this suite, its own lists and cache; no system state read or written
# except the archive keyring. An empty dpkg status, so "candidate" is simply the suite's version.
cat >"$APT/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main
EOF
: >"$APT/status"
apt_private() {
  apt-get -q -o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
    -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache" -o Dir::State::status="$APT/status" \
    -o APT::Sandbox::User=root -o Acquire::Languages=none "$@"
}
apt_cache_private() {
  apt-cache -o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache" -o Dir::State::status="$APT/status" "$@"
}

log "reading $SUITE's package lists"
apt_private update >/dev/null || die "apt-get update of $SUITE failed (is deb.debian.org reachable?)"

# The packages: server, headers/PGXS, client, and every library package in their dependency
# closure (glibc, libstdc++, ICU, libxml2, OpenSSL, LDAP, GSSAPI, ...). Non-library packages
# (perl, debconf, tzdata, postgresql-common scripts) are not needed to run the binaries.
WANT=("postgresql-$MAJOR" "postgresql-server-dev-$MAJOR" "postgresql-client-$MAJOR")
mapfile -t closure < <(apt_cache_private depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances "${WANT[@]}" libpq5 2>/dev/null |
  grep -vE '^ |^<' | sort -u)
PKGS=("${WANT[@]}")
for p in "${closure[@]}"; do
  case $p in
    lib*-dev | libperl* | libpython* | libllvm* | libclang* | libgcc-*-dev | libstdc++-*-dev) ;;
    lib* | zlib1g) PKGS+=("$p") ;;
  esac
done
log "downloading ${#PKGS[@]} packages"
(cd "$APT/debs" && apt_private download "${PKGS[@]}" >/dev/null) || die "apt-get download failed"

log "unpacking"
for deb in "$APT/debs"/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
# Debian 12's usrmerge layout lives in the packages of newer suites too; make /lib paths resolve.
LIBDIR=$ROOT/usr/lib/x86_64-linux-gnu
LOADER=$LIBDIR/ld-linux-x86-64.so.2
[ -e "$LOADER" ] || LOADER=$ROOT/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
[ -e "$LOADER" ] || LOADER=$ROOT/lib64/ld-linux-x86-64.so.2
[ -e "$LOADER" ] || die "no dynamic loader in $SUITE's libc6"

# Every ELF program of the major (bin/, and pg_regress, pg_isolation_regress, isolationtester
# under lib/pgxs) runs through the root's own loader and libraries: they need the suite's glibc.
BIN=$ROOT/usr/lib/postgresql/$MAJOR/bin
while IFS= read -r f; do
  [ "$(head -c4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  mv "$f" "$f.real"
  cat >"$f" <<EOF
#!/bin/sh
exec "$LOADER" --library-path "$LIBDIR:$ROOT/lib/x86_64-linux-gnu" --argv0 "\$0" "\$0.real" "\$@"
EOF
  chmod 755 "$f"
done < <(find "$ROOT/usr/lib/postgresql/$MAJOR" -type f -perm -u+x ! -name '*.so' ! -name '*.so.*')
# No LLVM in the root: without llvmjit.so the server finds no JIT provider and runs without JIT
# (with it, the first costly query would fail to load libLLVM).
rm -f "$ROOT/usr/lib/postgresql/$MAJOR/lib/llvmjit.so" "$ROOT/usr/lib/postgresql/$MAJOR/lib/llvmjit_types.bc"
rm -rf "$ROOT/usr/lib/postgresql/$MAJOR/lib/bitcode"

"$PG_CONFIG_PATH" --version >/dev/null || die "the relocated pg_config does not run"
"$BIN/postgres" --version >/dev/null || die "the relocated postgres does not run"
# Everything readable by the server's OS user.
chmod -R a+rX "$ROOT"
rm -rf "$APT/debs" "$APT/cache"
printf 'recipe %s\nseconds %s\n' "$RECIPE" "$(($(date +%s) - started))" >"$DIR/.complete"
log "$("$PG_CONFIG_PATH" --version) in $ROOT ($(($(date +%s) - started)) s)"
echo "$PG_CONFIG_PATH"
