-- src/pg/internals/ reads PostgreSQL's internal formats for speed: numeric's stored digits and
-- the shared statistics here (jsonb's image: jsonb_image). Each reading must equal what
-- PostgreSQL's own function returns. The two functions are test hooks of the library, not
-- declared by the install script.
SET client_min_messages = warning;
CREATE FUNCTION regress.numeric_to_double(numeric) RETURNS float8
    LANGUAGE c STRICT AS '$libdir/clinic', 'clinic_test_numeric_to_double';
CREATE FUNCTION regress.relation_stats(regclass) RETURNS text
    LANGUAGE c STRICT AS '$libdir/clinic', 'clinic_test_relation_stats';

-- numeric: short and long headers, signs, scales, weights across base-10,000 digits, 16-digit
-- values whose digits exceed 2^53 (which take PostgreSQL's path, as do more than four base-10,000
-- digits and exponents past 1e+-22), NaN, infinities.
SELECT setseed(0.5);
CREATE TEMP TABLE numbers AS
SELECT v FROM (VALUES (0::numeric), (-0.0), (1), (-1), (0.1), (0.0001), (-0.00012345), (12.5),
                      (99.99), (9999), (10000), (10001), (123456789012345678),
                      (1234567890123456789), (12345678901234567890123), (1e22), (1e23), (1e-22),
                      (1e-23), (1e100), (-1e-100), (2.2250738585072014e-300), (0.9999999999999999),
                      (9999.999999999999), (-9007199254740993), (9007199254740992), ('NaN'),
                      ('Infinity'), ('-Infinity')) fixed (v)
UNION ALL
SELECT round((random() * 10 ^ (i % 44 - 22))::numeric, i % 26) * (1 - 2 * (i % 2))
  FROM generate_series(1, 20000) i
UNION ALL
SELECT (i::numeric / 7) * 10::numeric ^ (i % 30 - 15) FROM generate_series(1, 2000) i
UNION ALL
SELECT overlay(lpad(floor(random() * 1e16)::bigint::text, 16, '9') placing '.' from 1 + i % 17 for 0)::numeric
  FROM generate_series(1, 20000) i;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE regress.numeric_to_double(v) IS DISTINCT FROM v::float8) AS mismatches
  FROM numbers;
SELECT v, regress.numeric_to_double(v), v::float8 FROM numbers
 WHERE regress.numeric_to_double(v) IS DISTINCT FROM v::float8 LIMIT 5;

-- The shared statistics: a table with scans, live and dead rows, and its index, flushed first.
CREATE TABLE regress.stats_probe (id integer PRIMARY KEY) WITH (autovacuum_enabled = off);
INSERT INTO regress.stats_probe SELECT generate_series(1, 100);
DELETE FROM regress.stats_probe WHERE id <= 10;
SELECT count(*) FROM regress.stats_probe;
SELECT pg_stat_force_next_flush();
SELECT 1;  -- a transaction end, at which the flush happens
SET stats_fetch_consistency = none;
SELECT r, regress.relation_stats(r) = format('%s %s %s', pg_stat_get_numscans(r),
                                             pg_stat_get_live_tuples(r), pg_stat_get_dead_tuples(r))
              AS same,
       pg_stat_get_numscans(r) > 0 AS scanned
  FROM unnest(ARRAY['regress.stats_probe', 'regress.stats_probe_pkey']::regclass[]) r;
SELECT split_part(regress.relation_stats('regress.stats_probe'), ' ', 2) AS live,
       split_part(regress.relation_stats('regress.stats_probe'), ' ', 3) AS dead;
RESET stats_fetch_consistency;
DROP TABLE regress.stats_probe;
DROP FUNCTION regress.numeric_to_double(numeric), regress.relation_stats(regclass);
