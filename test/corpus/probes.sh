#!/usr/bin/env bash
# test/corpus/probes.sh: what the audit says when a corpus database is given a defect or a value
# it must judge. Each probe runs in one transaction on a database that build.sh made, and is
# rolled back: the corpus is left as built. The bloat probe uses a scratch database of its own
# (corpus_bloat), dropped at the end. Output: tmp/corpus/probes/<probe>.txt, one per probe, with
# the audit's rows for the checks concerned (and splinter's 0020 for bloat, if its mirror exists).
#
#   phi-*        GRANT SELECT ON ALL TABLES IN SCHEMA ... TO PUBLIC on a clinical model
#   secret-*     one row with a plaintext (or hashed, or encrypted) value in a credential column
#   migration-*  _prisma_migrations edited into a state `prisma migrate status` judges (pending and
#                unknown: with the repository recorded first, as the names build.sh applied)
#   bloat        a 1,000,000-row table cut to 10,000 rows and VACUUMed (not FULL)
set -euo pipefail

. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
require_root

PORT=${CORPUS_PORT:-55511}
PG_CONFIG=${PG_CONFIG:-$(bash "$REPO/scripts/pg_major.sh" 15)}
PGBIN=$("$PG_CONFIG" --bindir)
export PGHOST=$WORK/corpus/cluster PGPORT=$PORT PGUSER=$PG_USER
OUT=$WORK/corpus/probes
mkdir -p "$OUT"

psql_db() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# A temporary helper: one row in table T with the given column values; every other NOT NULL
# column without a default gets a value of its type. Foreign keys are not enforced in these
# transactions (session_replication_role = replica), so no parent rows are needed.
HELPER=$(
  cat <<'SQL'
SET session_replication_role = replica;
CREATE FUNCTION pg_temp.probe_row(t regclass, vals jsonb) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE cols text[] := '{}'; exprs text[] := '{}'; a record;
BEGIN
  FOR a IN SELECT attname, format_type(atttypid, atttypmod) AS ty, attnotnull, atthasdef, typtype,
                  attidentity, attgenerated
             FROM pg_attribute JOIN pg_type ty ON ty.oid = atttypid
            WHERE attrelid = t AND attnum > 0 AND NOT attisdropped ORDER BY attnum LOOP
    IF vals ? a.attname THEN
      cols := cols || quote_ident(a.attname);
      exprs := exprs || format('%L::%s', vals ->> a.attname, a.ty);
    ELSIF a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = '' THEN
      cols := cols || quote_ident(a.attname);
      exprs := exprs || (CASE
        WHEN a.typtype = 'e' THEN format('enum_first(NULL::%s)', a.ty)
        WHEN a.ty = 'boolean' THEN 'false'
        WHEN a.ty ~ '^(integer|bigint|smallint|numeric|double precision|real)' THEN '1'
        WHEN a.ty ~ '^(timestamp|date)' THEN 'now()'
        WHEN a.ty ~ '^jsonb?$' OR a.ty ~ '\[\]$' THEN quote_literal('{}')
        WHEN a.ty = 'uuid' THEN 'gen_random_uuid()'
        ELSE quote_literal('probe-' || a.attname)
      END || '::' || a.ty);
    END IF;
  END LOOP;
  EXECUTE format('INSERT INTO %s (%s) VALUES (%s)', t, array_to_string(cols, ', '), array_to_string(exprs, ', '));
END $f$;
SQL
)

# probe NAME DB SCHEMA CHECKS SQL: run SQL, then the audit's rows for CHECKS (a regex), rolled back.
probe() {
  local name=$1 db=$2 schema=$3 checks=$4 sql=$5
  {
    echo "-- probe $name on $db ($schema)"
    echo "-- $sql"
    {
      echo 'BEGIN;'
      echo "$HELPER"
      echo "$sql"
      echo "SELECT check_id, status, actual, detail FROM clinic.audit('$schema') WHERE check_id ~ '$checks' ORDER BY check_id;"
      echo 'ROLLBACK;'
    } | psql_db -d "$db" -P pager=off -x 2>&1
  } >"$OUT/$name.txt"
  printf '%-28s %s\n' "$name" "$(grep -E '^(status|check_id)' "$OUT/$name.txt" | paste -sd' ' | sed 's/check_id *| //g; s/status *| /= /g')"
}

# PHI on clinical models: every table readable by PUBLIC.
for spec in omop:cdm pcornet:pcori_cdmv3 i2b2:i2b2demodata; do
  db=${spec%%:*} schema=${spec#*:}
  probe "phi-$db" "$db" "$schema" '^hipaa\.' "GRANT SELECT ON ALL TABLES IN SCHEMA $schema TO PUBLIC;"
done

# Credentials and secrets.
# shellcheck disable=SC2016 # a bcrypt hash, not an expansion
BCRYPT='$2b$12$KIXQJ6l0M1pTqJxwKo1mUeJ8QyQ3Y0s3W9s6n7Zt5u1oYJmQ3bC6u'
probe secret-documenso-password documenso public '^secrets\.' \
  "SELECT pg_temp.probe_row('\"User\"', '{\"email\": \"a@example.org\", \"password\": \"hunter2\"}');"
probe secret-documenso-bcrypt documenso public '^secrets\.' \
  "SELECT pg_temp.probe_row('\"User\"', '{\"email\": \"a@example.org\", \"password\": \"$BCRYPT\"}');"
probe secret-documenso-totp documenso public '^secrets\.' \
  "SELECT pg_temp.probe_row('\"User\"', '{\"email\": \"a@example.org\", \"password\": \"$BCRYPT\", \"twoFactorSecret\": \"JBSWY3DPEHPK3PXP\"}');"
probe secret-documenso-webhook documenso public '^secrets\.' \
  "SELECT pg_temp.probe_row('\"Webhook\"', '{\"secret\": \"whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH\"}');"
probe secret-osm-pass_crypt osm public '^secrets\.' \
  "SELECT pg_temp.probe_row('users', '{\"email\": \"a@example.org\", \"pass_crypt\": \"hunter2\", \"display_name\": \"probe\"}');"
probe secret-langfuse-api_key_id langfuse public '^secrets\.' \
  "SELECT pg_temp.probe_row('audit_logs', '{\"api_key_id\": \"clx9q2w3e0000abcd1234efgh\"}');"
probe secret-langfuse-encrypted langfuse public '^secrets\.' \
  "SELECT pg_temp.probe_row('posthog_integrations', '{\"encrypted_posthog_api_key\": \"9f1c2b7a41d3e8f0a6b5c4d3:3e5a7c9b1d2f4e6a8c0b:7d1e3f5a9b2c4d6e\"}');"
probe secret-triggerdev-apikey triggerdev public '^secrets\.' \
  "SELECT pg_temp.probe_row('\"RuntimeEnvironment\"', '{\"apiKey\": \"tr_dev_7hG2kLmN9pQrS4tUvW\", \"pkApiKey\": \"pk_dev_2bC4dE6fG8hJ0kL\"}');"
probe secret-triggerdev-hashcolumn triggerdev public '^secrets\.' \
  "SELECT pg_temp.probe_row('\"OrganizationAccessToken\"', '{\"hashedToken\": \"tr_oat_hunter2\"}');"
# Columns named like a secret that hold none: a token's expiry time, a secret's masked display
# form, a flag that says whether a value is secret.
probe secret-rallly-expiry rallly public '^secrets\.' \
  "SELECT pg_temp.probe_row('accounts', '{\"access_token_expires_at\": \"2026-01-01 00:00:00\"}');"
probe secret-langfuse-display langfuse public '^secrets\.' \
  "SELECT pg_temp.probe_row('api_keys', '{\"display_secret_key\": \"sk-lf-...3f9a\", \"hashed_secret_key\": \"$BCRYPT\", \"fast_hashed_secret_key\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}');"
# langfuse encrypts LLM API keys before storing them (encrypt(): iv:ciphertext:tag in hex).
probe secret-langfuse-llm-key langfuse public '^secrets\.' \
  "SELECT pg_temp.probe_row('llm_api_keys', '{\"secret_key\": \"9f1c2b7a41d3e8f0a6b5c4d3:3e5a7c9b1d2f4e6a8c0b:7d1e3f5a9b2c4d6e\", \"display_secret_key\": \"...4d6e\"}');"
probe secret-triggerdev-isSecret triggerdev public '^secrets\.' \
  "SELECT pg_temp.probe_row('\"EnvironmentVariableValue\"', '{\"isSecret\": \"true\"}');"

# Migration histories, judged by what `prisma migrate status` reports for them. The failed
# attempt of failed-then-reapplied started just before the successful one (as `migrate resolve
# --rolled-back` then `migrate deploy` leave it).
LAST="(SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1)"
probe migration-failed-then-reapplied documenso public '^migration\.' \
  "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
   SELECT gen_random_uuid()::text, checksum, migration_name, 'Database error: probe', started_at - interval '0.5 ms', started_at - interval '1 ms', 0
     FROM _prisma_migrations WHERE migration_name = $LAST;"
probe migration-failed documenso public '^migration\.' \
  "UPDATE _prisma_migrations SET finished_at = NULL, applied_steps_count = 0, logs = 'Database error: probe' WHERE migration_name = $LAST;"
REPOSITORY="SELECT clinic.audit_repository('public', (SELECT array_agg(DISTINCT migration_name) FROM _prisma_migrations));"
probe migration-pending documenso public '^migration\.' \
  "$REPOSITORY DELETE FROM _prisma_migrations WHERE migration_name IN (SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 3);"
probe migration-empty-history documenso public '^migration\.' \
  "DELETE FROM _prisma_migrations;"
probe migration-unknown documenso public '^migration\.' \
  "$REPOSITORY INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
   VALUES (gen_random_uuid()::text, repeat('0', 64), now(), '29990101000000_not_in_the_repository', now(), 1);"
probe migration-modified documenso public '^migration\.' \
  "UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = $LAST;"

# Bloat after a plain VACUUM: the file keeps its size, the dead rows are gone.
as_pg "$PGBIN/dropdb" --if-exists corpus_bloat
as_pg "$PGBIN/createdb" corpus_bloat
{
  # Separate sessions, as in production: a backend's own pending table counts are flushed
  # to the shared statistics when it ends, after a VACUUM in the same session would report.
  psql_db -d corpus_bloat -c 'CREATE EXTENSION clinic CASCADE'
  psql_db -d corpus_bloat -c 'CREATE TABLE public.events (id bigint PRIMARY KEY, payload text NOT NULL)' \
    -c 'INSERT INTO public.events SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 1000000) g'
  # 99 rows of every 100 go, spread over every page: VACUUM frees them but cannot truncate.
  psql_db -d corpus_bloat -c 'DELETE FROM public.events WHERE id % 100 <> 0'
  psql_db -d corpus_bloat -c 'VACUUM public.events'
  psql_db -d corpus_bloat -c 'ANALYZE public.events'
  sleep 2
  psql_db -d corpus_bloat -c "SELECT pg_size_pretty(pg_table_size('public.events')) AS table_size, n_live_tup, n_dead_tup
                                 FROM pg_stat_user_tables WHERE relid = 'public.events'::regclass"
  psql_db -d corpus_bloat -x -P pager=off -c "SELECT check_id, status, actual, detail FROM clinic.audit('public') WHERE check_id = 'table.bloat'"
  gd=${CORPUS_MIRROR:-/work/.mirror}/supabase+splinter/repo
  if git --git-dir="$gd" cat-file -e 55db5b1f28e58d816f7d9136eed87eabcd95868d:lints/0020_table_bloat.sql 2>/dev/null; then
    echo '-- splinter 0020_table_bloat:'
    {
      echo 'BEGIN; CREATE SCHEMA lint;'
      git --git-dir="$gd" show 55db5b1f28e58d816f7d9136eed87eabcd95868d:lints/0020_table_bloat.sql
      echo '; SELECT detail, metadata FROM lint."0020_table_bloat"; ROLLBACK;'
    } | psql_db -d corpus_bloat -x -P pager=off
  fi
} >"$OUT/bloat.txt" 2>&1
as_pg "$PGBIN/dropdb" corpus_bloat
printf '%-28s %s\n' bloat "$(grep -E '^(status|table_size|n_live_tup|n_dead_tup|detail)' "$OUT/bloat.txt" | paste -sd' ')"
