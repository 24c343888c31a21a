#!/usr/bin/env bash
# Concurrency soak: pgbench at 2 clients mixing bookings, chart writes, audits, validations and
# seals for a bounded time, then proves: no transaction failed (deadlocks and serialization
# failures are retried by pgbench, up to 10 tries), no provider is double-booked, every booking
# and every chart write has its audit row, and the audit log verifies.
#   bash test/soak/concurrency.sh [SECONDS]        default 60
# Uses the running cluster named by PGHOST/PGPORT when CLINIC_SOAK_REUSE=1 (scripts/test.sh),
# else builds, installs and starts its own in tmp/soak (port 55437).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

DURATION=${1:-60}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DB=clinic_soak
require_root
ensure_packages
soak_cluster soak "${CLINIC_SOAK_PORT:-55437}" "${CLINIC_SOAK_REUSE:-0}" "${CLINIC_SOAK_SERVER_LOG:-}"
OUT=$WORK/soak-run
as_pg rm -rf "$OUT"
as_pg mkdir -p "$OUT"
as_pg cp "$HERE"/*.sql "$OUT/"

psql_db() { as_pg psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
as_pg psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
psql_db -f "$OUT/setup.sql" >/dev/null
count() { psql_db -tAc "SELECT count(*) FROM soak.$1"; }
log_lines_before=$(server_log_lines)

log "pgbench: 2 clients, ${DURATION}s"
set +e
as_pg "$PGBIN/pgbench" -n -c 2 -j 2 -T "$DURATION" --max-tries=10 \
  -D npatients="$(count patients)" -D nproviders="$(count providers)" -D nallergies="$(count allergies)" \
  -f "$OUT/booking.sql@10" -f "$OUT/chart.sql@10" -f "$OUT/audit.sql@1" -f "$OUT/validate.sql@1" \
  -f "$OUT/seal.sql@1" "$DB" >"$OUT/pgbench.out" 2>&1
rc=$?
set -e
cat "$OUT/pgbench.out" | grep -E 'transactions|failed|retried|tps|SQL script' || true

# Per-script transaction counts ("SQL script 2: .../chart.sql" then " - N transactions").
script_tx() { awk -v s="$1" '/^SQL script/ { cur = ($0 ~ s) } cur && /- [0-9]+ transactions/ { print $2; exit }' "$OUT/pgbench.out"; }
chart_tx=$(script_tx chart.sql)
failed=$(grep -oE 'number of failed transactions: [0-9]+' "$OUT/pgbench.out" | head -1 | grep -oE '[0-9]+$' || echo unknown)
deadlocks=$(server_log_since "$log_lines_before" | grep -c 'deadlock detected' || true)
crashes=$(crashes_since "$log_lines_before")

read -r bookings booked_unaudited chart_audited double_booked verified < <(psql_db -tA -F ' ' -c "
  SELECT (SELECT count(*) FROM clinic.appointments WHERE created_by = 'soak.booking'),
         (SELECT count(*) FROM clinic.appointments a WHERE a.created_by = 'soak.booking'
             AND NOT EXISTS (SELECT FROM clinic.audit_log l WHERE l.table_name = 'appointments'
                               AND l.operation = 'INSERT' AND l.row_id = a.id)),
         (SELECT count(*) FROM clinic.audit_log WHERE table_name = 'allergies' AND operation = 'UPDATE'
             AND actor = 'soak.chart'),
         (SELECT count(*) FROM clinic.appointments a JOIN clinic.appointments b
             ON a.provider_id = b.provider_id AND a.id < b.id
            AND tstzrange(a.appointment_date, a.ends_at) && tstzrange(b.appointment_date, b.ends_at)
          WHERE a.status NOT IN ('cancelled', 'no_show') AND b.status NOT IN ('cancelled', 'no_show')
            AND a.deleted_at IS NULL AND b.deleted_at IS NULL),
         (SELECT ok FROM clinic.verify_audit_log())")

as_pg psql -X -q -d postgres -c "DROP DATABASE $DB"
echo "concurrency: pgbench exit $rc, failed transactions $failed, deadlocks detected (and retried) $deadlocks, crashes $crashes;" \
  "bookings $bookings (unaudited $booked_unaudited), double-booked pairs $double_booked;" \
  "chart writes $chart_tx, audited $chart_audited; audit log verifies: $verified"
[ "$rc" = 0 ] && [ "$failed" = 0 ] && [ "$crashes" = 0 ] && [ "$booked_unaudited" = 0 ] &&
  [ "$double_booked" = 0 ] && [ -n "$chart_tx" ] && [ "$chart_tx" = "$chart_audited" ] && [ "$verified" = t ] &&
  [ "$bookings" -gt 0 ]
