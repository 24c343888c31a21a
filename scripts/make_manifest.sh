#!/usr/bin/env bash
# Regenerates src/manifest/clinic--VERSION.json: the snapshot of a fresh install of the clinic
# extension, which the install script embeds as clinic._manifest() and clinic.drift() compares
# the live schema with; and clinic--VERSION.distributed.json, the same after clinic.distribute()'s
# DDL (the expected shape on a Citus cluster). Run it after changing the schema; the regression suite fails (test
# drift) while the manifest is stale.
#   bash scripts/make_manifest.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${CLINIC_MANIFEST_PORT:-55435}
require_root
ensure_packages
version=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\(.*\)'/\1/p" "$REPO/clinic.control")
manifest=$REPO/src/manifest/clinic--$version.json
build_and_install
prepare_work_dir
trap 'cluster_stop manifest' EXIT
cluster_stop manifest
rm -rf "$WORK/manifest"
cluster_start manifest "$PORT"
as_pg psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
  -c "CREATE EXTENSION clinic CASCADE"
as_pg psql -X -q -v ON_ERROR_STOP=1 -d postgres -tA -c "SELECT jsonb_pretty(clinic.schema_snapshot('clinic'))" >"$manifest.new"
mv "$manifest.new" "$manifest"
log "wrote $manifest"
# The distributed form: the same database after clinic.distribute()'s DDL (no Citus needed: the
# statements are the schema's, the distribution itself changes no snapshot).
distributed=$REPO/src/manifest/clinic--$version.distributed.json
as_pg psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
  -c "DO \$\$ DECLARE s text; BEGIN FOR s IN SELECT statement FROM clinic._distribution_ddl() LOOP EXECUTE s; END LOOP; END \$\$"
as_pg psql -X -q -v ON_ERROR_STOP=1 -d postgres -tA -c "SELECT jsonb_pretty(clinic.schema_snapshot('clinic'))" >"$distributed.new"
mv "$distributed.new" "$distributed"
log "wrote $distributed"
build_and_install  # embed the new manifest
