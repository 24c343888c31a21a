#!/usr/bin/env bash
# The SQL-level fuzzer: every SQL-callable C function of the extension (from the catalog:
# schemas clinic and clinic_audit, language C, so a new one is fuzzed without a change here)
# called CALLS times in total, round robin, with generated valid and invalid values of each
# argument's type (test/fuzz/sql_fuzz.sql has the pools and the generator); trigger functions
# through INSERT, UPDATE, DELETE and TRUNCATE on the tables whose triggers use them, event
# trigger functions through the DDL their triggers fire on. A call runs as the superuser or a
# member of a clinic group role (or of none), sometimes under odd settings, in its own
# statement and subtransaction, always rolled back. Deterministic: call i depends only on the
# seed and i (fuzz.gen(i) shows it). Fails when a function has no generator.
# Prints per function: calls, ok, errors by SQLSTATE, crashes; then internal errors (XX000,
# but the boundary self-test's deliberate ones), the slowest calls, and last
# "calls: N, crashes: C". A crash is a lost connection, a crash in the server log, or a changed
# postmaster start time; the call that was running is recorded and the run goes on. Exits
# non-zero on any crash or internal error, or when a call has no result.
#   bash test/fuzz/sql_fuzz.sh [CALLS] [SEED]      default 20000 calls, seed 1
# Uses the running cluster named by PGHOST/PGPORT/PGUSER when CLINIC_SQLFUZZ_REUSE=1
# (scripts/test.sh; CLINIC_SQLFUZZ_SERVER_LOG names its server log if it can be read), else
# builds, installs and starts its own in tmp/sqlfuzz (port CLINIC_SQLFUZZ_PORT, 55437).
#   CLINIC_SQLFUZZ_CALL_TIMEOUT=20s   statement_timeout of one call
#   CLINIC_SQLFUZZ_TIMEOUT=N          stop (and fail) after N seconds of calls (default none)
#   CLINIC_SQLFUZZ_KEEP=1             keep the database clinic_sqlfuzz and its roles afterwards
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

CALLS=${1:-20000}
SEED=${2:-1}
DB=clinic_sqlfuzz
ROLES="clinic_sqlfuzz_admin clinic_sqlfuzz_auditor clinic_sqlfuzz_clinician clinic_sqlfuzz_front_desk clinic_sqlfuzz_nobody"
require_root
ensure_packages
if [ "${CLINIC_SQLFUZZ_REUSE:-0}" = 1 ]; then
  SERVER_LOG=${CLINIC_SQLFUZZ_SERVER_LOG:-}
else
  soak_cluster sqlfuzz "${CLINIC_SQLFUZZ_PORT:-55437}" 0
fi
OUT=$WORK/sqlfuzz-run
mkdir -p "$OUT"
chown "$PG_USER:" "$OUT"
: >"$OUT/psql.err"

psql_pg() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
log_lines() { if [ -n "${SERVER_LOG:-}" ]; then server_log_lines; else echo 0; fi; }

# A scratch database: the extension (its prerequisites in a schema of their own), the demo
# charts and 30 generated ones; the roles calls run as; the generator.
psql_pg -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB"
for r in $ROLES; do psql_pg -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $r"; done
psql_pg -d postgres -c "CREATE DATABASE $DB"
psql_pg -d "$DB" -c "SET client_min_messages = warning" -c "CREATE SCHEMA extensions" \
  -c "CREATE EXTENSION pgcrypto SCHEMA extensions" -c "CREATE EXTENSION btree_gist SCHEMA extensions" \
  -c "CREATE EXTENSION clinic" -c "SELECT count(*) FROM clinic.seed_demo()" \
  -c "SELECT count(*) FROM clinic.generate_demo(30, $SEED)" >/dev/null
psql_pg -d postgres -c "CREATE ROLE clinic_sqlfuzz_admin IN ROLE clinic_admin" \
  -c "CREATE ROLE clinic_sqlfuzz_auditor IN ROLE clinic_auditor" \
  -c "CREATE ROLE clinic_sqlfuzz_clinician IN ROLE clinic_clinician" \
  -c "CREATE ROLE clinic_sqlfuzz_front_desk IN ROLE clinic_front_desk" -c "CREATE ROLE clinic_sqlfuzz_nobody"
psql_pg -d "$DB" -v seed="$SEED" -f - <"$REPO/test/fuzz/sql_fuzz.sql" >/dev/null
# Every function has a generator (else this fails, naming it).
psql_pg -d "$DB" -P pager=off -c "SELECT fn AS function, kind, how AS \"fuzzed with\" FROM fuzz.check()"

# The calls: one statement each, streamed to one session; when the connection is lost, the
# call that was running is recorded as a crash and a new session goes on after it. Errors are
# results (fuzz.result), not server log lines.
SETTINGS="-c statement_timeout=${CLINIC_SQLFUZZ_CALL_TIMEOUT:-20s} -c client_min_messages=error -c log_min_messages=fatal -c log_min_error_statement=panic"
started=$(psql_pg -d postgres -tAc "SELECT pg_postmaster_start_time()")
log_lines_before=$(log_lines)
log "sql_fuzz: $CALLS calls, seed $SEED"
t0=$(date +%s)
next=1 lost=0 timed_out=0
deadline=${CLINIC_SQLFUZZ_TIMEOUT:-0}
while [ "$next" -le "$CALLS" ]; do
  limit=()
  if [ "$deadline" -gt 0 ]; then
    left=$((deadline - ($(date +%s) - t0)))
    [ "$left" -gt 0 ] || { timed_out=1; break; }
    limit=(timeout "$left")
  fi
  set +e
  seq -f 'SELECT fuzz.one(%.0f);' "$next" "$CALLS" |
    "${limit[@]}" runuser -u "$PG_USER" -- env PGOPTIONS="$SETTINGS" "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=0 -d "$DB" \
      >/dev/null 2>>"$OUT/psql.err"
  rc=${PIPESTATUS[1]}
  set -e
  [ "$rc" != 0 ] || break
  if [ "$rc" = 124 ]; then
    timed_out=1
    break
  fi
  lost=$((lost + 1))
  for _ in $(seq 1 120); do # the server restarts after a backend crash
    psql_pg -d "$DB" -tAc "SELECT 1" >/dev/null 2>&1 && break
    sleep 1
  done
  inflight=$(psql_pg -d "$DB" -tAc "SELECT min(g) FROM generate_series($next, $CALLS) g
                                     WHERE NOT EXISTS (SELECT 1 FROM fuzz.result r WHERE r.i = g)")
  [ -n "$inflight" ] || break
  psql_pg -d "$DB" -c "SELECT fuzz.record_crash($inflight)" >/dev/null
  log "connection lost during call $inflight (psql exit $rc)"
  next=$((inflight + 1))
  [ "$lost" -lt "${CLINIC_SQLFUZZ_MAX_CRASHES:-20}" ] || {
    log "$lost crashes: stopping"
    break
  }
done
elapsed=$(($(date +%s) - t0))

crashes=$lost
if [ -n "${SERVER_LOG:-}" ]; then
  in_log=$(crashes_since "$log_lines_before")
  [ "$in_log" -le "$crashes" ] || crashes=$in_log
fi
now=$(psql_pg -d postgres -tAc "SELECT pg_postmaster_start_time()")
[ "$now" = "$started" ] || [ "$crashes" -gt 0 ] || crashes=1

# The report. XX000 of clinic._boundary_selftest's foreign-exception kinds is its purpose.
q() { psql_pg -d "$DB" -P pager=off "$@"; }
q -c "
SELECT t.fn AS function, count(r.i) AS calls, count(*) FILTER (WHERE r.outcome = 'ok') AS ok,
       count(*) FILTER (WHERE r.outcome NOT IN ('ok', 'crash')) AS errors,
       count(*) FILTER (WHERE r.outcome = 'crash') AS crashes,
       (SELECT string_agg(e.outcome || ' ' || e.n, ', ' ORDER BY e.n DESC, e.outcome)
          FROM (SELECT x.outcome, count(*) AS n FROM fuzz.result x
                 WHERE x.fn = t.fn AND x.outcome NOT IN ('ok', 'crash') GROUP BY 1) e) AS \"errors by SQLSTATE\"
  FROM fuzz.target t LEFT JOIN fuzz.result r ON r.fn = t.fn
 GROUP BY t.ord, t.fn ORDER BY t.ord"
q -tA -c "SELECT 'errors by SQLSTATE, all functions: ' || string_agg(outcome || ' ' || n, ', ' ORDER BY n DESC, outcome)
            FROM (SELECT outcome, count(*) AS n FROM fuzz.result WHERE outcome NOT IN ('ok', 'crash') GROUP BY 1) e"
q -tA -c "CREATE VIEW fuzz.finding AS
            SELECT * FROM fuzz.result r
             WHERE r.outcome = 'crash'
                OR r.outcome LIKE 'XX%' AND NOT (r.fn = 'clinic._boundary_selftest(text)'::regprocedure
                                                 AND (r.message LIKE 'self-test:%' OR r.message = 'unknown C++ exception'))"
findings=$(q -tA -c "SELECT count(*) FROM fuzz.finding")
internal=$(q -tA -c "SELECT count(*) FROM fuzz.finding WHERE outcome <> 'crash'")
results=$(q -tA -c "SELECT count(*) FROM fuzz.result")
q -tA -c "SELECT format('internal errors (XX000): %s, the self-test''s own: %s; statement timeouts (57014): %s',
                        (SELECT count(*) FROM fuzz.finding WHERE outcome <> 'crash'),
                        count(*) FILTER (WHERE outcome LIKE 'XX%') - (SELECT count(*) FROM fuzz.finding WHERE outcome <> 'crash'),
                        count(*) FILTER (WHERE outcome = '57014')) FROM fuzz.result"
if [ "$findings" != 0 ]; then
  q -c "SELECT i AS call, fn AS function, coalesce(role, 'superuser') AS role, outcome, message, left(stmt, 200) AS statement
          FROM fuzz.finding ORDER BY i LIMIT 20"
  # Each finding's full statement, to rerun by hand (after its settings and role).
  q -tA -c "SELECT format(E'-- call %s: %s, %s, as %s\nBEGIN;\n%s%s%s%s;\nROLLBACK;\n', f.i, f.fn, f.outcome,
                          coalesce(f.role, 'the superuser'), coalesce(g.pre || E';\n', ''), coalesce(g.setup || E';\n', ''),
                          coalesce('SET ROLE ' || g.role || E';\n', ''), g.stmt)
              FROM fuzz.finding f, LATERAL fuzz.gen(f.i) g ORDER BY f.i" >"$OUT/findings.sql"
  log "the findings' statements: $OUT/findings.sql"
fi
q -c "SELECT i AS call, fn AS function, ms, outcome, left(stmt, 100) AS statement FROM fuzz.result
       WHERE ms IS NOT NULL ORDER BY ms DESC, i LIMIT 5"
q -tA -c "SELECT format('statements md5 %s, outcomes md5 %s (the same seed and calls give the same statements)',
                        md5(string_agg(stmt_md5, '' ORDER BY i)), md5(string_agg(i || outcome, ',' ORDER BY i))) FROM fuzz.result"
[ ! -s "$OUT/psql.err" ] || {
  log "psql said ($OUT/psql.err):"
  head -n 20 "$OUT/psql.err" >&2
}

if [ "${CLINIC_SQLFUZZ_KEEP:-0}" != 1 ]; then
  psql_pg -d postgres -c "DROP DATABASE $DB"
  for r in $ROLES; do psql_pg -d postgres -c "DROP ROLE $r"; done
fi
status=0
[ "$timed_out" = 0 ] || {
  echo "stopped by CLINIC_SQLFUZZ_TIMEOUT after ${elapsed}s"
  status=1
}
[ "$results" = "$CALLS" ] || [ "$timed_out" = 1 ] || {
  echo "$((CALLS - results)) calls have no result"
  status=1
}
[ "$crashes" = 0 ] && [ "$internal" = 0 ] || status=1
echo "sql_fuzz: seed $SEED, ${elapsed}s, $results calls of $CALLS, internal errors: $internal"
echo "calls: $results, crashes: $crashes"
exit "$status"
