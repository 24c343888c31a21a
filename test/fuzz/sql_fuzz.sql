-- The SQL-level fuzzer's generator and runner (test/fuzz/sql_fuzz.sh loads it into a scratch
-- database that has the extension and the demo data). Schema fuzz:
--   fuzz.target        every SQL-callable C function of schemas clinic and clinic_audit, from the
--                      catalog, and how it is reached: called (kind 'call'), through DML on the
--                      tables whose triggers use it ('trigger'), or through DDL ('event')
--   fuzz.type_pool     values per argument type, valid and invalid (SQL expressions giving text)
--   fuzz.valid_pool    valid values per function argument (e.g. real codes, real patients)
--   fuzz.gen(i)        call i: the function, the role it runs as, settings, the statement.
--                      Deterministic: a function of the seed and i only (md5, not random())
--   fuzz.one(i)        runs call i in a subtransaction that is always rolled back, and records
--                      its outcome ('ok' or the SQLSTATE) in fuzz.result
-- fuzz.check() fails when a function has no generator: a parameter type without a pool, a
-- trigger function on no table, an event trigger function with no DDL that fires it.
-- Expressions in the pools may use $1 (the call number) and $2 (a key) for their randomness.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE SCHEMA fuzz;
CREATE TABLE fuzz.config (seed integer NOT NULL);
INSERT INTO fuzz.config VALUES (:seed);

-- The target schemas: hostile names, a copy of the clinic tables to validate, one the fuzzing
-- roles may not read, an empty one, a Prisma one.
CREATE SCHEMA "x""; DROP SCHEMA clinic CASCADE; --";
CREATE SCHEMA "Пациенты 🙂 'q' \";
CREATE SCHEMA fuzz_empty;
CREATE SCHEMA fuzz_secret;
CREATE SCHEMA fuzz_prisma;
SET search_path = "x""; DROP SCHEMA clinic CASCADE; --";
CREATE TABLE "t""; DROP TABLE clinic.patients; --" (
    "id""; --" int PRIMARY KEY, "Ω 'name'" text, "parent;" int REFERENCES "t""; DROP TABLE clinic.patients; --");
CREATE INDEX "i""; --" ON "t""; DROP TABLE clinic.patients; --" ("Ω 'name'");
CREATE TYPE "mood ""x""" AS ENUM ('a', 'b', 'Ω');
CREATE DOMAIN "pos" AS integer CHECK (VALUE > 0);
CREATE TABLE "UPPER Case" (
    id int PRIMARY KEY, "select" text, "Ω" jsonb, arr int[], n numeric(1000, 500), v varchar(10485760),
    gen int GENERATED ALWAYS AS (id * 2) STORED, ts timestamptz DEFAULT now(), m "mood ""x""", p "pos",
    created_at timestamptz, updated_at timestamptz, password text, ssn text);
INSERT INTO "UPPER Case" (id, "select", "Ω", arr, n, v, m, p) VALUES
    (1, 'a', '{"k": [1, {"z": null}]}', '{1,2}', 1.5, repeat('v', 300), 'Ω', 1),
    (2, NULL, 'null', '{}', 'NaN', '', 'a', 2);
ALTER TABLE "UPPER Case" ADD CONSTRAINT "not valid ;" CHECK (id < 100) NOT VALID;
CREATE TABLE parts (id int, d date, note text) PARTITION BY RANGE (d);
CREATE TABLE parts_old PARTITION OF parts FOR VALUES FROM (MINVALUE) TO ('2000-01-01');
CREATE TABLE parts_new PARTITION OF parts FOR VALUES FROM ('2000-01-01') TO (MAXVALUE);
CREATE INDEX ON parts (d);
INSERT INTO parts VALUES (1, '1999-01-01', 'old'), (2, '2020-01-01', 'new');
CREATE VIEW "v;" AS SELECT * FROM "UPPER Case";
CREATE MATERIALIZED VIEW mv AS SELECT id FROM "UPPER Case";
CREATE SEQUENCE "s""q";
CREATE TABLE rls (id int PRIMARY KEY, owner_name text);
ALTER TABLE rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON rls USING (owner_name = current_user);
CREATE FUNCTION "f""; --"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER "tr;" BEFORE INSERT ON rls FOR EACH ROW EXECUTE FUNCTION "f""; --"();
ALTER TABLE rls DISABLE TRIGGER "tr;";
CREATE UNLOGGED TABLE unlogged (id int);
SELECT format('CREATE TABLE wide (%s)', string_agg(format('c%s text', g), ', ')) FROM generate_series(1, 200) g \gexec
COMMENT ON TABLE "UPPER Case" IS 'Zoë 🙂 ''q'' \ "x"';
SET search_path = fuzz_prisma;
CREATE TABLE "_prisma_migrations" (
    id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
    migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
    started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count, rolled_back_at, logs) VALUES
    ('m1', 'c1', '20251221153503_initial', '2025-12-21 15:35:03+00', '2025-12-21 15:35:04+00', 1, NULL, NULL),
    ('m2', 'c2', 'no timestamp ''; --', '2025-12-21 20:02:00+00', NULL, 0, NULL, repeat('log ', 1000)),
    ('m3', 'c3', '20251222090000_x', 'infinity', '-infinity', -1, '2025-12-22 09:05:00+00', 'Zoë 🙂');
CREATE TABLE "Patient" (id text PRIMARY KEY, "firstName" text, ssn text, "createdAt" timestamp(3));
RESET search_path;
CREATE TABLE fuzz_secret.patients (id int PRIMARY KEY, ssn text);
-- The clinic tables, copied (with their rows) into the Unicode-named schema, and broken a little.
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
               AND c.relname IN ('providers', 'patients', 'allergies', 'chronic_conditions', 'appointments',
                                 'medical_records', 'symptoms', 'prescriptions', 'vital_signs', 'consent_records',
                                 'audit_log')
    LOOP
        EXECUTE format('CREATE TABLE %I.%I (LIKE clinic.%I INCLUDING DEFAULTS)', 'Пациенты 🙂 ''q'' \', t, t);
        EXECUTE format('INSERT INTO %I.%I SELECT * FROM clinic.%I', 'Пациенты 🙂 ''q'' \', t, t);
    END LOOP;
END
$$;
UPDATE "Пациенты 🙂 'q' \".patients SET date_of_birth = '2999-01-01', email = 'not an email'
 WHERE id = (SELECT id FROM "Пациенты 🙂 'q' \".patients ORDER BY id LIMIT 1);
INSERT INTO "Пациенты 🙂 'q' \".patients SELECT * FROM "Пациенты 🙂 'q' \".patients LIMIT 1;  -- a duplicate id
GRANT USAGE ON SCHEMA "x""; DROP SCHEMA clinic CASCADE; --", "Пациенты 🙂 'q' \", fuzz_empty, fuzz_prisma TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA "x""; DROP SCHEMA clinic CASCADE; --", "Пациенты 🙂 'q' \", fuzz_prisma TO PUBLIC;

-- Randomness: md5 of (seed, call, key), so a call's values do not depend on the calls before it.
CREATE FUNCTION fuzz.rand(i integer, k text, n integer) RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN n <= 1 THEN 0
                ELSE ('x' || substr(md5((SELECT c.seed FROM fuzz.config c) || '/' || i || '/' || k), 1, 7))::bit(28)::integer % n END
$$;

-- Random text: lengths 0 to 2,000, ASCII, SQL and format metacharacters, multi-byte and
-- combining characters, zero-width and control characters. Never starts with '$' or '_'
-- (crypt() salts: a random one could ask for millions of rounds).
CREATE FUNCTION fuzz.rand_text(i integer, k text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    chars text[] := ARRAY['a', 'Z', 'q', '0', '7', ' ', '''', '"', '\', '%', '_', ';', '-', '/', '*', '(', ')',
                          '{', '}', '[', ']', ',', '.', ':', '$', '@', E'\t', E'\n', E'\r', 'é', 'ß', '🙂', 'П',
                          '中', 'ע', U&'\0301', U&'\200B', U&'\FEFF', U&'\00A0', chr(127), chr(1)];
    lens integer[] := ARRAY[0, 1, 3, 8, 30, 100, 300, 2000];
    len integer := lens[1 + fuzz.rand(i, k || 'len', 8)];
    s text;
BEGIN
    SELECT coalesce(string_agg(chars[1 + fuzz.rand(i, k || 'c' || g, array_length(chars, 1))], '' ORDER BY g), '')
      INTO s FROM generate_series(1, len) g;
    IF left(s, 1) IN ('$', '_') THEN
        s := 'a' || substr(s, 2);
    END IF;
    RETURN s;
END
$$;

-- An actor name (clinic.actor): printable up to 200 bytes, else refused.
CREATE FUNCTION fuzz.actor(i integer) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT (ARRAY['dr.lee', 'Zoë 🙂 Пациент ''q'' \ "x"', repeat('a', 200), repeat('a', 201), '''); DROP TABLE clinic.patients; --', '',
                  left(regexp_replace(fuzz.rand_text(i, 'actor'), '[[:cntrl:]]', '', 'g'), 200),
                  fuzz.rand_text(i, 'actor')])[1 + fuzz.rand(i, 'actor', 8)]
$$;

-- Random JSON shaped like a schema snapshot (its keys), up to 4 levels deep.
CREATE FUNCTION fuzz.rand_json(i integer, k text, depth integer DEFAULT 4) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    keys text[] := ARRAY['format', 'schema', 'tables', 'columns', 'enums', 'functions', 'type', 'labels', 'comment',
                         'kind', 'indexes', 'constraints', 'triggers', 'nullable', 'default', 'policies', 'grants',
                         'definition', 'patients', 'id', ''];
    kind integer := fuzz.rand(i, k || 'kind', CASE WHEN depth <= 0 THEN 4 ELSE 10 END);
    o jsonb;
    n integer;
BEGIN
    CASE kind
        WHEN 0 THEN RETURN 'null';
        WHEN 1 THEN RETURN to_jsonb(fuzz.rand(i, k || 'b', 2) = 1);
        WHEN 2 THEN RETURN (ARRAY['0', '-1', '1', '1.5', '1e300', '-0', '123456789012345678901234567890.5', '99', '1e-1000', '1e1000',
                                  '0.000', '-0.0', '1.000000000000000000001', '9007199254740993'])[1 + fuzz.rand(i, k || 'n', 14)]::jsonb;
        WHEN 3 THEN RETURN to_jsonb(CASE WHEN fuzz.rand(i, k || 's', 2) = 0 THEN keys[1 + fuzz.rand(i, k || 'sk', 21)]
                                         ELSE fuzz.rand_text(i, k || 't') END);
        WHEN 4, 5, 6, 7 THEN
            n := fuzz.rand(i, k || 'len', 5);
            o := '{}';
            FOR j IN 1 .. n LOOP
                o := o || jsonb_build_object(keys[1 + fuzz.rand(i, k || 'k' || j, 21)], fuzz.rand_json(i, k || '.' || j, depth - 1));
            END LOOP;
            IF kind = 7 THEN  -- snapshot-like
                o := jsonb_build_object('format', 1, 'schema', 'fuzz', 'tables', o, 'enums', '{}'::jsonb, 'functions', '{}'::jsonb);
            END IF;
            RETURN o;
        ELSE
            n := fuzz.rand(i, k || 'len', 5);
            o := '[]';
            FOR j IN 1 .. n LOOP
                o := o || jsonb_build_array(fuzz.rand_json(i, k || '[' || j, depth - 1));
            END LOOP;
            RETURN o;
    END CASE;
END
$$;

-- Values per type, as SQL expressions giving text (cast to the type in the call itself, so an
-- invalid one fails there). NULL is one of every type's values.
CREATE TABLE fuzz.type_pool (type regtype NOT NULL, label text NOT NULL, expr text NOT NULL, PRIMARY KEY (type, label));
INSERT INTO fuzz.type_pool VALUES
    ('text', 'null', 'NULL'), ('text', 'empty', $$''$$), ('text', 'blank', $$'   '$$), ('text', 'x', $$'x'$$),
    ('text', '1 MB', $$repeat('x', 1000000)$$), ('text', '200 kB Unicode', $$repeat('é🙂', 50000)$$),
    ('text', 'injection', $$'''); DROP TABLE clinic.patients; --'$$), ('text', 'quotes', $$'"a"."b"'$$),
    ('text', 'unicode', $$'Zoë 🙂 Пациент 中文 ' || U&'\200F' || 'עברית'$$), ('text', 'control', $$E'\t\r\n\\\x01\x7f'$$),
    ('text', 'format', $$'%s%n%x %% {0} $1'$$), ('text', 'combining', $$E'e\u0301\u200b\ufeff'$$),
    ('text', 'semicolons', $$repeat(';', 65536)$$), ('text', 'random 1', 'fuzz.rand_text($1, $2)'),
    ('text', 'random 2', 'fuzz.rand_text($1, $2 || ''2'')'), ('text', 'random 3', 'fuzz.rand_text($1, $2 || ''3'')'),
    ('regnamespace', 'null', 'NULL'), ('regnamespace', 'clinic', $$'clinic'$$), ('regnamespace', 'clinic 2', $$'clinic'$$),
    ('regnamespace', 'pg_catalog', $$'pg_catalog'$$), ('regnamespace', 'public', $$'public'$$),
    ('regnamespace', 'information_schema', $$'information_schema'$$), ('regnamespace', 'clinic_audit', $$'clinic_audit'$$),
    ('regnamespace', 'pg_toast', $$'pg_toast'$$), ('regnamespace', 'extensions', $$'extensions'$$),
    ('regnamespace', 'hostile', $$'"x""; DROP SCHEMA clinic CASCADE; --"'$$),
    ('regnamespace', 'unicode copy', $$'"Пациенты 🙂 ''q'' \"'$$), ('regnamespace', 'empty', $$'fuzz_empty'$$),
    ('regnamespace', 'secret', $$'fuzz_secret'$$), ('regnamespace', 'prisma', $$'fuzz_prisma'$$),
    ('regnamespace', 'no such', $$'no_such_schema'$$), ('regnamespace', 'oid 0', $$'0'$$),
    ('regnamespace', 'dangling oid', $$'4294967295'$$), ('regnamespace', 'oid 12345', $$'12345'$$),
    ('regnamespace', 'pg_temp', $$'pg_temp'$$), ('regnamespace', 'upper', $$'CLINIC'$$),
    ('regnamespace', 'quoted upper', $$'"CLINIC"'$$), ('regnamespace', 'qualified', $$'clinic.patients'$$),
    ('regnamespace', 'empty name', $$''$$), ('regnamespace', 'random', 'fuzz.rand_text($1, $2)'),
    ('text[]', 'null', 'NULL'), ('text[]', 'empty', $$'{}'$$), ('text[]', 'null element', $$'{NULL}'$$),
    ('text[]', 'one check', $$(SELECT ARRAY[c.check_id]::text FROM fuzz.checks c ORDER BY c.check_id OFFSET fuzz.rand($1, $2, (SELECT count(*)::integer FROM fuzz.checks)) LIMIT 1)$$),
    ('text[]', 'some checks', $$(SELECT array_agg(c.check_id)::text FROM fuzz.checks c WHERE fuzz.rand($1, $2 || c.check_id, 20) = 0)$$),
    ('text[]', 'every check', $$(SELECT array_agg(c.check_id ORDER BY c.check_id)::text FROM fuzz.checks c)$$),
    ('text[]', 'unknown', $$'{no.such.check}'$$), ('text[]', 'duplicates', $$'{patients.person.duplicate,patients.person.duplicate}'$$),
    ('text[]', '2-D', $$'{{patients.person.duplicate},{patients.person.duplicate}}'$$),
    ('text[]', '1000 elements', $$array_fill('patients.person.duplicate'::text, ARRAY[1000])::text$$),
    ('text[]', 'huge element', $$ARRAY[repeat('x', 100000)]::text$$), ('text[]', 'empty element', $$'{""}'$$),
    ('text[]', 'lower bound', $$'[0:0]={patients.person.duplicate}'$$), ('text[]', 'random', $$ARRAY[fuzz.rand_text($1, $2)]::text$$),
    ('integer', 'null', 'NULL'), ('integer', '0', '0'), ('integer', '1', '1'), ('integer', '-1', '-1'), ('integer', '2', '2'),
    ('integer', '5', '5'), ('integer', '20', '20'), ('integer', '999', '999'), ('integer', '1000', '1000'), ('integer', '1001', '1001'),
    ('integer', '10000001', '10000001'), ('integer', 'max', '2147483647'), ('integer', 'min', '-2147483648'),
    ('integer', 'random', 'fuzz.rand($1, $2, 60) - 10'), ('integer', 'not a number', $$'many'$$), ('integer', 'overflow', $$'2147483648'$$),
    ('bigint', 'null', 'NULL'), ('bigint', '0', '0'), ('bigint', '1', '1'), ('bigint', '-1', '-1'),
    ('bigint', 'max', '9223372036854775807'), ('bigint', 'min', '-9223372036854775808'), ('bigint', 'random', 'fuzz.rand($1, $2, 1000)'),
    ('smallint', 'null', 'NULL'), ('smallint', '0', '0'), ('smallint', '1', '1'), ('smallint', '-1', '-1'), ('smallint', 'max', '32767'),
    ('smallint', 'min', '-32768'), ('smallint', 'overflow', '40000'), ('smallint', 'random', 'fuzz.rand($1, $2, 300)'),
    ('numeric', 'null', 'NULL'), ('numeric', '0', '0'), ('numeric', '-1', '-1'), ('numeric', '1.5', '1.5'), ('numeric', 'NaN', $$'NaN'$$),
    ('numeric', 'Infinity', $$'Infinity'$$), ('numeric', '-Infinity', $$'-Infinity'$$), ('numeric', '1e300', $$'1e300'$$),
    ('numeric', 'tiny', $$'0.000000000000000000001'$$), ('numeric', '30 digits', $$'123456789012345678901234567890'$$),
    ('numeric', 'not a number', $$'abc'$$), ('numeric', 'random', $$(fuzz.rand($1, $2, 4000) / 10.0 - 100)::text$$),
    ('jsonb', 'null', 'NULL'), ('jsonb', 'json null', $$'null'$$), ('jsonb', 'object', $$'{}'$$), ('jsonb', 'array', $$'[]'$$),
    ('jsonb', 'string', $$'"x"'$$), ('jsonb', 'number', $$'1'$$), ('jsonb', 'true', $$'true'$$),
    ('jsonb', 'snapshot clinic', $$clinic.schema_snapshot('clinic')::text$$),
    ('jsonb', 'snapshot hostile', $$clinic.schema_snapshot('"x""; DROP SCHEMA clinic CASCADE; --"')::text$$),
    ('jsonb', 'snapshot copy', $$clinic.schema_snapshot('"Пациенты 🙂 ''q'' \"')::text$$),
    ('jsonb', 'snapshot empty', $$clinic.schema_snapshot('fuzz_empty')::text$$), ('jsonb', 'manifest', $$clinic._manifest()::text$$),
    ('jsonb', 'no patients', $$(clinic.schema_snapshot('clinic') #- '{tables,patients}')::text$$),
    ('jsonb', 'columns not object', $$jsonb_set(clinic.schema_snapshot('clinic'), '{tables,patients,columns}', '5')::text$$),
    ('jsonb', 'column a string', $$jsonb_set(clinic.schema_snapshot('clinic'), '{tables,patients,columns,id}', '"x"')::text$$),
    ('jsonb', 'format 2', $$jsonb_set(clinic.schema_snapshot('clinic'), '{format}', '2')::text$$),
    ('jsonb', 'format string', $$jsonb_set(clinic.schema_snapshot('clinic'), '{format}', '"1"')::text$$),
    ('jsonb', 'enums array', $$jsonb_set(clinic.schema_snapshot('clinic'), '{enums}', '[1]')::text$$),
    ('jsonb', 'labels object', $$jsonb_set(clinic.schema_snapshot('clinic'), '{enums,sex,labels}', '{"a": 1}')::text$$),
    ('jsonb', 'random key removed', $$(SELECT (s #- ARRAY['tables', t, k])::text FROM clinic.schema_snapshot('clinic') s,
        LATERAL (SELECT t FROM jsonb_object_keys(s -> 'tables') t ORDER BY t OFFSET fuzz.rand($1, $2, 15) LIMIT 1) a,
        LATERAL (SELECT k FROM jsonb_object_keys(s -> 'tables' -> t) k ORDER BY k OFFSET fuzz.rand($1, $2 || 'k', 10) LIMIT 1) b)$$),
    ('jsonb', 'random value replaced', $$(SELECT jsonb_set(s, ARRAY['tables', t, k], fuzz.rand_json($1, $2, 2))::text FROM clinic.schema_snapshot('clinic') s,
        LATERAL (SELECT t FROM jsonb_object_keys(s -> 'tables') t ORDER BY t OFFSET fuzz.rand($1, $2, 15) LIMIT 1) a,
        LATERAL (SELECT k FROM jsonb_object_keys(s -> 'tables' -> t) k ORDER BY k OFFSET fuzz.rand($1, $2 || 'k', 10) LIMIT 1) b)$$),
    ('jsonb', 'random deep value replaced', $$(SELECT jsonb_set(s, ARRAY['tables', t, k, k2], fuzz.rand_json($1, $2, 2))::text FROM clinic.schema_snapshot('clinic') s,
        LATERAL (SELECT t FROM jsonb_object_keys(s -> 'tables') t ORDER BY t OFFSET fuzz.rand($1, $2, 15) LIMIT 1) a,
        LATERAL (SELECT k FROM jsonb_object_keys(s -> 'tables' -> t) k WHERE jsonb_typeof(s -> 'tables' -> t -> k) = 'object'
                  ORDER BY k OFFSET fuzz.rand($1, $2 || 'k', 6) LIMIT 1) b,
        LATERAL (SELECT k2 FROM jsonb_object_keys(s -> 'tables' -> t -> k) k2 ORDER BY k2 OFFSET fuzz.rand($1, $2 || 'k2', 8) LIMIT 1) c)$$),
    ('jsonb', 'minimal', $$'{"enums": {}, "format": 1, "schema": "e", "tables": {}, "functions": {}}'$$),
    ('jsonb', 'wrong format', $$'{"format": 99, "tables": {}}'$$), ('jsonb', 'tables not object', $$'{"format": 1, "tables": [1, 2]}'$$),
    ('jsonb', 'column not object', $$'{"format": 1, "tables": {"t": {"columns": {"c": 5}}}}'$$),
    ('jsonb', 'deep arrays', $$repeat('[', 5000) || repeat(']', 5000)$$),
    ('jsonb', 'deep objects', $$repeat('{"tables": ', 2000) || '1' || repeat('}', 2000)$$),
    ('jsonb', '10,000 tables', $$(SELECT jsonb_build_object('format', 1, 'schema', 's', 'enums', '{}'::jsonb, 'functions', '{}'::jsonb,
        'tables', jsonb_object_agg('t' || g, jsonb_build_object('columns', jsonb_build_object('c', jsonb_build_object('type', 'int')))))::text
        FROM generate_series(1, 10000) g)$$),
    ('jsonb', 'NUL escape', $$'"\u0000"'$$), ('jsonb', 'malformed', $$'{"tables": '$$),
    ('jsonb', 'random 1', 'fuzz.rand_json($1, $2)::text'), ('jsonb', 'random 2', 'fuzz.rand_json($1, $2 || ''2'')::text'),
    ('uuid', 'null', 'NULL'), ('uuid', 'nil', $$'00000000-0000-0000-0000-000000000000'$$),
    ('uuid', 'a patient', $$(SELECT p.id::text FROM clinic.patients p ORDER BY p.id OFFSET fuzz.rand($1, $2, (SELECT count(*)::integer FROM clinic.patients)) LIMIT 1)$$),
    ('uuid', 'an appointment', $$(SELECT a.id::text FROM clinic.appointments a ORDER BY a.id LIMIT 1)$$),
    ('uuid', 'random', $$md5($1 || $2)::uuid::text$$), ('uuid', 'all f', $$'ffffffff-ffff-ffff-ffff-ffffffffffff'$$),
    ('uuid', 'braces', $$'{0c9f6a51-1d2e-4f7b-8a3c-5e6d7f8a9b01}'$$), ('uuid', 'malformed', $$'not-a-uuid'$$),
    ('interval', 'null', 'NULL'), ('interval', '7 years', $$'7 years'$$), ('interval', '6 years', $$'6 years'$$),
    ('interval', '2190 days', $$'2190 days'$$), ('interval', '2189 days', $$'2189 days'$$), ('interval', '6 years 1 day', $$'6 years 1 day'$$),
    ('interval', '100 years', $$'100 years'$$), ('interval', '-1 day', $$'-1 day'$$), ('interval', 'zero', $$'0'$$),
    ('interval', '1 year', $$'1 year'$$), ('interval', 'huge', $$'178000000 years'$$), ('interval', '-huge', $$'-178000000 years'$$),
    ('interval', 'infinity', $$'infinity'$$), ('interval', 'mixed', $$'1 mon -40 days 1 microsecond'$$), ('interval', 'garbage', $$'soon'$$),
    ('date', 'null', 'NULL'), ('date', '2000-01-01', $$'2000-01-01'$$), ('date', '2099-01-01', $$'2099-01-01'$$),
    ('date', 'infinity', $$'infinity'$$), ('date', '-infinity', $$'-infinity'$$), ('date', 'max', $$'5874897-12-31'$$),
    ('date', 'min', $$'4713-01-01 BC'$$), ('date', 'epoch', $$'epoch'$$), ('date', 'leap', $$'2024-02-29'$$), ('date', 'invalid', $$'2023-02-29'$$),
    ('boolean', 'null', 'NULL'), ('boolean', 'true', $$'true'$$), ('boolean', 'false', $$'false'$$), ('boolean', 'garbage', $$'maybe'$$),
    ('timestamp with time zone', 'null', 'NULL'), ('timestamp with time zone', 'infinity', $$'infinity'$$),
    ('timestamp with time zone', '-infinity', $$'-infinity'$$), ('timestamp with time zone', '2000', $$'2000-01-01 00:00+00'$$),
    ('timestamp with time zone', '2099', $$'2099-01-01 12:00+00'$$), ('timestamp with time zone', 'max', $$'294276-12-31 23:59:59+00'$$),
    ('timestamp with time zone', 'min', $$'4713-01-01 00:00+00 BC'$$), ('timestamp with time zone', '+14', $$'2024-06-01 12:00:00+14'$$),
    ('timestamp with time zone', 'garbage', $$'yesterday-ish'$$),
    ('inet', 'null', 'NULL'), ('inet', 'v4', $$'127.0.0.1'$$), ('inet', 'v6', $$'::1'$$), ('inet', 'net', $$'10.0.0.0/8'$$), ('inet', 'garbage', $$'x'$$),
    ('bytea', 'null', 'NULL'), ('bytea', 'empty', $$'\x'$$), ('bytea', '32 bytes', $$'\x' || repeat('00', 32)$$), ('bytea', 'odd', $$'\x0'$$),
    ('name', 'null', 'NULL'), ('name', 'clinic', $$'clinic'$$), ('name', 'long', $$repeat('n', 100)$$), ('name', 'random', 'fuzz.rand_text($1, $2)'),
    ('regclass', 'null', 'NULL'), ('regclass', 'patients', $$'clinic.patients'$$), ('regclass', 'catalog', $$'pg_catalog.pg_class'$$),
    ('regclass', 'shard-like', $$'clinic.patients_102008'$$), ('regclass', 'oid 0', $$'0'$$), ('regclass', 'dangling oid', $$'4294967295'$$),
    ('double precision[]', 'null', 'NULL'), ('double precision[]', 'empty', $$'{}'$$), ('double precision[]', 'one', $$'{1.5}'$$),
    ('double precision[]', 'null element', $$'{NULL}'$$), ('double precision[]', 'nan', $$'{NaN, Infinity}'$$),
    ('double precision[]', '2-D', $$'{{1},{2}}'$$), ('double precision[]', 'random', $$ARRAY[fuzz.rand($1, $2, 400) - 100]::text$$);

-- Valid values per function argument (function name, argument name); half of each argument's
-- values come from here when it has any.
CREATE TABLE fuzz.valid_pool (fn text NOT NULL, param text NOT NULL, expr text NOT NULL);
INSERT INTO fuzz.valid_pool
SELECT 'clinic._boundary_selftest', 'kind', quote_literal(k)
  FROM unnest(ARRAY['ok', 'live_objects', 'clinic_error', 'std_exception', 'long_utf8', 'bad_alloc', 'unknown_exception',
                    'pg_error', 'pg_error_nested', 'pg_error_caught_in_cpp']) k
UNION ALL SELECT 'clinic._jsonb_image_matches', 'json_text', e
  FROM unnest(ARRAY[$$'{"a": [1, 2.5]}'$$, $$'[]'$$, $$'{}'$$, $$'null'$$, $$'"x"'$$, $$'1e-7'$$, $$'-0'$$, $$'1e308'$$,
                    $$'123456789012345678901234567890.123456789'$$, $$'[1, "a", null, true, {"k": [false]}]'$$,
                    $$'{"a": 1, "a": 2}'$$, $$'"\u00e9\ud83d\ude42"'$$, $$'"\ud800"'$$, $$'"\u0000"'$$,
                    $$repeat('[', 3000) || repeat(']', 3000)$$, $$(SELECT jsonb_object_agg('k' || g, g)::text FROM generate_series(1, 1000) g)$$,
                    'fuzz.rand_json($1, $2)::text', 'fuzz.rand_json($1, $2 || ''b'')::text', $$'{"tables": '$$,
                    $$clinic.schema_snapshot('clinic')::text$$]) e
UNION ALL SELECT 'clinic.is_valid_npi', 'npi', e
  FROM unnest(ARRAY[$$'1234567893'$$, $$'1234567890'$$, $$'123456789'$$, $$'12345678931'$$, $$'0000000000'$$, $$' 1234567893'$$,
                    $$'123456789X'$$, $$'808401234567893'$$, $$lpad(fuzz.rand($1, $2, 100000)::text || fuzz.rand($1, $2 || 'b', 100000)::text, 10, '0')$$]) e
UNION ALL SELECT 'clinic.is_valid_icd10cm', 'code', e
  FROM unnest(ARRAY[$$'E11.9'$$, $$'E119'$$, $$'A00'$$, $$'S72.001A'$$, $$'Z99.89'$$, $$'e11.9'$$, $$'E11.'$$, $$'U07.1'$$, $$'X'$$,
                    $$'E11.99999'$$, $$chr(65 + fuzz.rand($1, $2, 26)) || fuzz.rand($1, $2 || 'd', 100) || '.' || fuzz.rand($1, $2 || 'e', 1000)$$]) e
UNION ALL SELECT 'clinic.is_valid_rxnorm', 'code', e
  FROM unnest(ARRAY[$$'860975'$$, $$'1'$$, $$'0'$$, $$'99999999'$$, $$'123456789'$$, $$'-1'$$, $$'12a'$$, $$fuzz.rand($1, $2, 100000000)::text$$]) e
UNION ALL SELECT 'clinic.is_valid_loinc', 'code', e
  FROM unnest(ARRAY[$$'8480-6'$$, $$'8480-5'$$, $$'2345-7'$$, $$'718-7'$$, $$'4548-4'$$, $$'1-8'$$, $$'12345678-9'$$, $$'8480-'$$, $$'-6'$$,
                    $$fuzz.rand($1, $2, 100000) || '-' || fuzz.rand($1, $2 || 'c', 10)$$]) e
UNION ALL SELECT 'clinic._appointment_transition_allowed', p, quote_literal(s)
  FROM unnest(ARRAY['from_status', 'to_status']) p,
       unnest(ARRAY['scheduled', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show', 'confirmed', 'SCHEDULED']) s
UNION ALL SELECT 'clinic._crypt', 'password', e
  FROM unnest(ARRAY[$$'secret'$$, $$'password123'$$, $$repeat('p', 100)$$, 'fuzz.rand_text($1, $2)']) e
UNION ALL SELECT 'clinic._crypt', 'salt', e
  FROM unnest(ARRAY[$$'$2a$06$abcdefghijklmnopqrstuu'$$, $$'$2b$05$abcdefghijklmnopqrstuu'$$, $$'$2y$04$ABCDEFGHIJKLMNOPQRSTUu'$$,
                    $$'$2a$04$' || translate(substr(md5($1 || $2) || md5($2 || $1), 1, 22), '0123456789', 'ghijklmnop')$$,
                    $$'$1$abcdefgh'$$, $$'ab'$$, $$'_J9..abcd'$$, $$'$2a$03$abcdefghijklmnopqrstuu'$$, $$'$2a$32$abcdefghijklmnopqrstuu'$$,
                    $$'$2a$06$short'$$, $$'$2a$'$$, $$'$5$rounds=1000$saltsalt'$$, $$'$6$saltsalt'$$,
                    $$clinic._crypt('password123', '$2a$06$abcdefghijklmnopqrstuu')$$]) e
UNION ALL SELECT 'clinic._gen_salt', 'type', quote_literal(t)
  FROM unnest(ARRAY['bf', 'md5', 'des', 'xdes', 'BF', 'sha256crypt', 'sha512crypt', 'blowfish']) t
UNION ALL SELECT 'clinic._gen_salt', 'rounds', r
  FROM unnest(ARRAY['4', '5', '6', '10', '31', '32', '3', '0', '1', '725', '16777215', '-1', 'NULL']) r
UNION ALL SELECT 'clinic.log_access', 'purpose', e
  FROM unnest(ARRAY[$$'treatment'$$, $$'payment'$$, $$'operations'$$, $$'research'$$, $$repeat('p', 1000)$$, $$repeat('p', 1001)$$,
                    $$repeat('é', 1000)$$, 'fuzz.rand_text($1, $2)']) e
UNION ALL SELECT f, 'patient', e
  FROM unnest(ARRAY['clinic.log_access', 'clinic.verify_audit_log']) f,
       unnest(ARRAY[$$(SELECT p.id::text FROM clinic.patients p ORDER BY p.id OFFSET fuzz.rand($1, $2, (SELECT count(*)::integer FROM clinic.patients)) LIMIT 1)$$,
                    $$'00000000-0000-0000-0000-000000000000'$$, 'NULL']) e
UNION ALL SELECT 'clinic.audit_log_purge', 'older_than', e
  FROM unnest(ARRAY[$$'7 years'$$, $$'2190 days'$$, $$'100 years'$$, $$'6 years 1 day'$$]) e
UNION ALL SELECT 'clinic.generate_demo', 'patients', '1 + fuzz.rand($1, $2, 20)'
UNION ALL SELECT 'clinic.generate_demo', 'seed', e FROM unnest(ARRAY['fuzz.rand($1, $2, 100000)', '1', '42', '-1', '0']) e
UNION ALL SELECT 'clinic.validate', 'target', e FROM unnest(ARRAY[$$'clinic'$$, $$'"Пациенты 🙂 ''q'' \"'$$]) e
UNION ALL SELECT 'clinic.validate', 'checks', e
  FROM unnest(ARRAY['NULL', $$(SELECT ARRAY[c.check_id]::text FROM fuzz.checks c ORDER BY c.check_id OFFSET fuzz.rand($1, $2, (SELECT count(*)::integer FROM fuzz.checks)) LIMIT 1)$$,
                    $$(SELECT array_agg(c.check_id)::text FROM fuzz.checks c WHERE fuzz.rand($1, $2 || c.check_id, 10) = 0)$$]) e
UNION ALL SELECT 'clinic.validate', 'sample_limit', e FROM unnest(ARRAY['fuzz.rand($1, $2, 1001)', '0', '5', '1000']) e
UNION ALL SELECT 'clinic.audit_report', 'format', quote_literal(f) FROM unnest(ARRAY['text', 'json', 'sarif', 'tap', 'markdown']) f
UNION ALL SELECT f, p, e
  FROM unnest(ARRAY['clinic.schema_diff']) f, unnest(ARRAY['expected', 'actual']) p,
       unnest(ARRAY[$$clinic.schema_snapshot('clinic')::text$$, $$clinic._manifest()::text$$,
                    $$clinic.schema_snapshot('"x""; DROP SCHEMA clinic CASCADE; --"')::text$$,
                    $$clinic.schema_snapshot('"Пациенты 🙂 ''q'' \"')::text$$, $$clinic.schema_snapshot('fuzz_prisma')::text$$,
                    $$(clinic.schema_snapshot('clinic') #- '{tables,patients,columns,email}')::text$$,
                    $$jsonb_set(clinic.schema_snapshot('clinic'), '{tables,patients,comment}', to_jsonb(fuzz.rand_text($1, $2)))::text$$]) e;

-- The check ids validate() knows (the rules and the set checks), and the audit's.
CREATE TABLE fuzz.checks AS
SELECT check_id FROM clinic._validation_rule_defaults() UNION SELECT check_id FROM clinic._validation_set_checks('clinic');

-- The roles a call runs as: the session's superuser (NULL) two times in three, else a member of
-- one clinic group role, or of none.
CREATE TABLE fuzz.roles (role text);
INSERT INTO fuzz.roles VALUES (NULL), (NULL), (NULL), (NULL), (NULL), (NULL), (NULL), (NULL), (NULL), (NULL), ('clinic_sqlfuzz_admin'), ('clinic_sqlfuzz_auditor'),
    ('clinic_sqlfuzz_clinician'), ('clinic_sqlfuzz_front_desk'), ('clinic_sqlfuzz_nobody');

-- Settings a call may run under (SET LOCAL, in its subtransaction): the extension's own, and
-- the session settings that change how values are written or how much memory and stack there is.
CREATE TABLE fuzz.settings (stmt text);
INSERT INTO fuzz.settings VALUES
    ($$SET LOCAL clinic.actor = %s$$), ($$SET LOCAL clinic.audit_log_min_retention_days = 0$$),
    ($$SET LOCAL clinic.audit_log_min_retention_days = 36500$$), ($$SET LOCAL clinic.audit_trail = off$$),
    ($$SET LOCAL clinic.allow_drop_with_data = on$$), ($$SET LOCAL work_mem = '64kB'$$),
    ($$SET LOCAL TimeZone = 'Pacific/Chatham'$$), ($$SET LOCAL DateStyle = 'SQL, DMY'$$),
    ($$SET LOCAL IntervalStyle = 'sql_standard'$$), ($$SET LOCAL extra_float_digits = -15$$),
    ($$SET LOCAL bytea_output = 'escape'$$), ($$SET LOCAL max_stack_depth = '100kB'$$),
    ($$SET LOCAL transaction_read_only = on$$), ($$SET LOCAL session_replication_role = replica$$),
    ($$SET LOCAL search_path = public, pg_catalog$$), ($$SET LOCAL standard_conforming_strings = off$$);

-- DDL that fires the event triggers, by command tag; placeholders are filled per call.
CREATE TABLE fuzz.ddl_pool (tag text, template text);
INSERT INTO fuzz.ddl_pool VALUES
    ('ALTER TABLE', 'ALTER TABLE {table} DISABLE TRIGGER ALL'), ('ALTER TABLE', 'ALTER TABLE {table} DISABLE TRIGGER {trigger}'),
    ('ALTER TABLE', 'ALTER TABLE {table} ENABLE REPLICA TRIGGER {trigger}'), ('ALTER TABLE', 'ALTER TABLE {table} ENABLE ALWAYS TRIGGER {trigger}'),
    ('ALTER TABLE', 'ALTER TABLE {table} DROP COLUMN {column}'), ('ALTER TABLE', 'ALTER TABLE {table} DROP COLUMN {column} CASCADE'),
    ('ALTER TABLE', 'ALTER TABLE {table} ALTER COLUMN {column} TYPE text'),
    ('ALTER TABLE', 'ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING ''REWRITTEN'''),
    ('ALTER TABLE', 'ALTER TABLE {table} RENAME TO fuzz_renamed'), ('ALTER TABLE', 'ALTER TABLE {table} ADD COLUMN fuzz_extra int'),
    ('ALTER TABLE', 'ALTER TABLE {table} SET UNLOGGED'), ('ALTER TABLE', 'ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY'),
    ('ALTER TABLE', 'ALTER TABLE {table} OWNER TO {role}'), ('ALTER TABLE', 'ALTER TABLE {table} SET SCHEMA fuzz_empty'),
    ('ALTER TABLE', 'ALTER TABLE {htable} DISABLE TRIGGER ALL'), ('ALTER TABLE', 'ALTER TABLE {htable} ADD COLUMN "Ω;" int'),
    ('DROP TRIGGER', 'DROP TRIGGER {trigger} ON {table}'), ('DROP TRIGGER', 'DROP TRIGGER IF EXISTS no_such ON {table}'),
    ('CREATE TRIGGER', 'CREATE TRIGGER fuzz_t BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()'),
    ('ALTER TRIGGER', 'ALTER TRIGGER {trigger} ON {table} RENAME TO fuzz_renamed'),
    ('CREATE RULE', 'CREATE RULE fuzz_r AS ON UPDATE TO {table} DO INSTEAD NOTHING'),
    ('DROP RULE', 'DROP RULE IF EXISTS fuzz_r ON {table}'),
    ('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION {function} RETURNS trigger LANGUAGE plpgsql AS $f$BEGIN RETURN NULL; END$f$'),
    ('CREATE FUNCTION', 'CREATE FUNCTION fuzz_empty.f() RETURNS int LANGUAGE sql AS $f$SELECT 1$f$'),
    ('ALTER FUNCTION', 'ALTER FUNCTION {function} OWNER TO {role}'), ('ALTER FUNCTION', 'ALTER FUNCTION {function} SECURITY DEFINER'),
    ('ALTER FUNCTION', 'ALTER FUNCTION {function} RESET ALL'), ('DROP FUNCTION', 'DROP FUNCTION {function} CASCADE'),
    ('ALTER EXTENSION', 'ALTER EXTENSION clinic DROP FUNCTION {function}'), ('ALTER EXTENSION', 'ALTER EXTENSION clinic UPDATE'),
    ('GRANT', 'GRANT ALL ON {table} TO {role}'), ('REVOKE', 'REVOKE ALL ON {table} FROM clinic_admin'),
    ('ALTER DEFAULT PRIVILEGES', 'ALTER DEFAULT PRIVILEGES IN SCHEMA clinic GRANT ALL ON TABLES TO {role}'),
    ('DROP TABLE', 'DROP TABLE {table}'), ('DROP TABLE', 'DROP TABLE {table} CASCADE'), ('DROP TABLE', 'DROP TABLE {htable} CASCADE'),
    ('DROP SCHEMA', 'DROP SCHEMA clinic CASCADE'), ('DROP SCHEMA', 'DROP SCHEMA public CASCADE'),
    ('DROP SCHEMA', 'DROP SCHEMA extensions CASCADE'), ('DROP SCHEMA', 'DROP SCHEMA "x""; DROP SCHEMA clinic CASCADE; --" CASCADE'),
    ('DROP EXTENSION', 'DROP EXTENSION clinic'), ('DROP EXTENSION', 'DROP EXTENSION clinic CASCADE'),
    ('DROP EXTENSION', 'DROP EXTENSION pgcrypto CASCADE'), ('DROP EXTENSION', 'DROP EXTENSION btree_gist CASCADE'),
    ('DROP OWNED', 'DROP OWNED BY {role}'), ('DROP TYPE', 'DROP TYPE {type} CASCADE'),
    ('DROP INDEX', 'DROP INDEX {index}'), ('DROP INDEX', 'DROP INDEX {index} CASCADE'),
    ('ALTER INDEX', 'ALTER INDEX {index} RENAME TO fuzz_renamed'), ('ALTER INDEX', 'ALTER INDEX {index} SET (fillfactor = 70)'),
    ('ALTER INDEX', 'ALTER INDEX {index} SET (pages_per_range = 64)'), ('ALTER INDEX', 'ALTER INDEX {index} SET (autosummarize = on)'),
    ('ALTER SCHEMA', 'ALTER SCHEMA clinic RENAME TO fuzz_clinic'), ('ALTER SCHEMA', 'ALTER SCHEMA clinic OWNER TO {role}'),
    ('CREATE TABLE', 'CREATE TABLE fuzz_empty.t (a int)'), ('COMMENT', 'COMMENT ON TABLE {table} IS ''x''');

-- Every C function of the extension, and how the fuzzer reaches it.
CREATE TABLE fuzz.target AS
SELECT (row_number() OVER (ORDER BY p.oid::regprocedure::text) - 1)::integer AS ord, p.oid::regprocedure AS fn,
       CASE p.prorettype WHEN 'trigger'::regtype THEN 'trigger' WHEN 'event_trigger'::regtype THEN 'event' ELSE 'call' END AS kind
  FROM pg_proc p
 WHERE p.pronamespace IN ('clinic'::regnamespace, 'clinic_audit'::regnamespace)
   AND p.prolang = (SELECT l.oid FROM pg_language l WHERE l.lanname = 'c');

-- Row and statement triggers using a function: its tables and their events.
CREATE VIEW fuzz.trigger_use AS
SELECT t.tgfoid::regprocedure AS fn, t.tgrelid::regclass AS tbl,
       array_remove(ARRAY[CASE WHEN t.tgtype & 4 <> 0 THEN 'INSERT' END, CASE WHEN t.tgtype & 8 <> 0 THEN 'DELETE' END,
                          CASE WHEN t.tgtype & 16 <> 0 THEN 'UPDATE' END, CASE WHEN t.tgtype & 32 <> 0 THEN 'TRUNCATE' END], NULL) AS events
  FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgenabled <> 'D';

-- The DDL that fires an event trigger function's triggers (their tags; none listed: any).
CREATE VIEW fuzz.event_ddl AS
SELECT DISTINCT e.evtfoid::regprocedure AS fn, d.tag, d.template
  FROM pg_event_trigger e JOIN fuzz.ddl_pool d ON e.evttags IS NULL OR d.tag = ANY (e.evttags)
 WHERE e.evtenabled <> 'D';

-- The type a value of TYPE is drawn as: itself if it has a pool, a domain's base type, text
-- for the other string types, timestamptz for timestamp; NULL: none (enums are drawn apart).
CREATE FUNCTION fuzz.pool_type(t regtype) RETURNS regtype LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM fuzz.type_pool p WHERE p.type = t) THEN t
                WHEN y.typtype = 'd' THEN fuzz.pool_type(y.typbasetype::regtype)
                WHEN t IN ('character varying'::regtype, 'character'::regtype) THEN 'text'::regtype
                WHEN t = 'timestamp without time zone'::regtype THEN 'timestamp with time zone'::regtype
                WHEN t IN ('double precision'::regtype, 'real'::regtype) THEN 'numeric'::regtype
                WHEN y.typcategory = 'A' AND fuzz.pool_type(y.typelem::regtype) = 'text'::regtype THEN 'text[]'::regtype
           END
      FROM pg_type y WHERE y.oid = t
$$;

-- One value of type T for argument (FN, PARAM) of call I, as SQL: a literal cast to T, or NULL.
-- Half from the argument's valid pool when it has one, else the type's pool; enums get their
-- labels and one that is not; a type without a pool (in DML only) a value of another row (a
-- subquery in the statement: the rows' timestamps differ from run to run, the statement not).
CREATE FUNCTION fuzz.draw(i integer, k text, t regtype, fn text, param text, other_row text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    expr text;
    n integer;
    v text;
    pt regtype := fuzz.pool_type(t);
BEGIN
    SELECT count(*) INTO n FROM fuzz.valid_pool p WHERE p.fn = draw.fn AND p.param = draw.param;
    IF n > 0 AND fuzz.rand(i, k || 'src', 2) = 0 THEN
        SELECT p.expr INTO expr FROM fuzz.valid_pool p WHERE p.fn = draw.fn AND p.param = draw.param
         ORDER BY p.expr OFFSET fuzz.rand(i, k || 'valid', n) LIMIT 1;
    ELSIF pt IS NOT NULL AND (other_row IS NULL OR fuzz.rand(i, k || 'other', 4) > 0) THEN
        SELECT count(*) INTO n FROM fuzz.type_pool p WHERE p.type = pt;
        SELECT p.expr INTO expr FROM fuzz.type_pool p WHERE p.type = pt ORDER BY p.label OFFSET fuzz.rand(i, k || 'type', n) LIMIT 1;
    ELSIF (SELECT y.typtype FROM pg_type y WHERE y.oid = t) = 'e' AND fuzz.rand(i, k || 'enum', 3) > 0 THEN
        SELECT count(*) + 2 INTO n FROM pg_enum e WHERE e.enumtypid = t;
        expr := coalesce((SELECT quote_literal(e.enumlabel) FROM pg_enum e WHERE e.enumtypid = t ORDER BY e.enumsortorder
                           OFFSET fuzz.rand(i, k || 'label', n) LIMIT 1),
                         (ARRAY['NULL', '''not_a_label'''])[1 + fuzz.rand(i, k || 'nolabel', 2)]);
    ELSIF other_row IS NOT NULL THEN
        RETURN '(' || other_row || ')::' || t::text;  -- the column's value in another row, read by the call
    ELSE
        RAISE EXCEPTION 'fuzz: no generator for type % (%.%)', t, fn, param;
    END IF;
    EXECUTE 'SELECT (' || expr || ')::text' INTO v USING i, k;
    RETURN CASE WHEN v IS NULL THEN 'NULL' ELSE quote_literal(v) END || '::' || t::text;
END
$$;

-- The order rows of TBL are picked in (aliased x): its primary key, the same in every run
-- (timestamps and hashes are not).
CREATE FUNCTION fuzz.row_order(tbl regclass) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT string_agg('x.' || quote_ident(a.attname), ', ' ORDER BY k.n)
                       FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(attnum, n), pg_attribute a
                      WHERE i.indrelid = tbl AND i.indisprimary AND a.attrelid = tbl AND a.attnum = k.attnum), 'x::text')
$$;

-- What a call of a function with a schema argument may find changed first (in its
-- subtransaction, as the superuser; refused ones are left out): the data of the clinic tables'
-- copy (odd values, duplicates, no rows, changed column types: what validate() reads), and the
-- catalog of the hostile and Prisma schemas and of clinic (what the audit and snapshots read).
CREATE TABLE fuzz.setup_pool (template text PRIMARY KEY);
INSERT INTO fuzz.setup_pool VALUES
    ('UPDATE {copy} x SET {ccol} = {cvalue} WHERE x.ctid IN (SELECT y.ctid FROM {copy} y ORDER BY {corder} LIMIT {n})'),
    ('UPDATE {copy} SET {ccol} = {cvalue}'), ('UPDATE {copy} SET {ccol} = NULL'), ('DELETE FROM {copy}'),
    ('INSERT INTO {copy} SELECT * FROM {copy}'), ('INSERT INTO {copy} ({ccol}) VALUES ({cvalue})'),
    ('ALTER TABLE {copy} ALTER COLUMN {ccol} TYPE {type} USING NULL'), ('ALTER TABLE {copy} ALTER COLUMN {ccol} DROP NOT NULL'),
    ('ALTER TABLE {copy} DROP COLUMN {ccol}'), ('ALTER TABLE {copy} ADD COLUMN {name} {type}'),
    ('ALTER TABLE {copy} RENAME COLUMN {ccol} TO {name}'), ('ALTER TABLE {copy} RENAME TO {name}'),
    ('CREATE INDEX ON {copy} ({ccol})'), ('ANALYZE {copy}'), ('DROP TABLE {copy}'),
    ('ALTER TABLE {copy} ENABLE ROW LEVEL SECURITY'), ('ALTER TABLE {copy} PARTITION BY RANGE (id)'),
    ('CREATE TABLE {hschema}.{name} (id int PRIMARY KEY, {name2} {type})'),
    ('CREATE TABLE {hschema}.{name} (LIKE clinic.patients INCLUDING ALL)'),
    ('CREATE TABLE {hschema}.{name} (a uuid REFERENCES clinic.patients (id))'),
    ('ALTER TABLE {htable} ADD COLUMN {name} {type}'), ('ALTER TABLE {htable} ADD COLUMN {name} text DEFAULT {text}'),
    ('ALTER TABLE {htable} ALTER COLUMN {hcol} SET DEFAULT {text}'), ('ALTER TABLE {htable} ALTER COLUMN {hcol} DROP DEFAULT'),
    ('ALTER TABLE {htable} ALTER COLUMN {hcol} TYPE {type} USING NULL'), ('ALTER TABLE {htable} DROP COLUMN {hcol} CASCADE'),
    ('ALTER TABLE {htable} ADD CONSTRAINT {name} CHECK ({hcol} IS NOT NULL) NOT VALID'),
    ('ALTER TABLE {htable} ADD CONSTRAINT {name} UNIQUE ({hcol})'),
    ('ALTER TABLE {htable} ENABLE ROW LEVEL SECURITY'), ('CREATE POLICY {name} ON {htable} USING (false)'),
    ('ALTER TABLE {htable} DISABLE TRIGGER ALL'), ('ALTER TABLE {htable} ALTER COLUMN {hcol} SET STATISTICS 0'),
    ('CREATE INDEX {name} ON {htable} (({hcol} IS NULL)) WHERE {hcol} IS NOT NULL'), ('CREATE INDEX ON {htable} ({hcol}) INCLUDE ({hcol2})'),
    ('COMMENT ON TABLE {htable} IS {text}'), ('COMMENT ON COLUMN {htable}.{hcol} IS {text}'),
    ('CREATE TYPE {hschema}.{name} AS ENUM ({text}, {text2})'), ('CREATE DOMAIN {hschema}.{name} AS text CHECK (VALUE <> {text})'),
    ('CREATE VIEW {hschema}.{name} AS SELECT {text}::text AS c'), ('CREATE SEQUENCE {hschema}.{name}'),
    ('CREATE FUNCTION {hschema}.{name}() RETURNS text LANGUAGE sql AS $f$SELECT {text}::text$f$'),
    ('ALTER TABLE fuzz_prisma._prisma_migrations ALTER COLUMN {pcol} TYPE text'),
    ('ALTER TABLE fuzz_prisma._prisma_migrations ALTER COLUMN {pcol} DROP NOT NULL'),
    ('ALTER TABLE fuzz_prisma._prisma_migrations DROP COLUMN {pcol}'),
    ('INSERT INTO fuzz_prisma._prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count, rolled_back_at, logs) VALUES ({text}, {text2}, {text}, {ts}, {ts2}, {int}, {ts}, {text2})'),
    ('UPDATE fuzz_prisma._prisma_migrations SET {pcol} = NULL'), ('DROP TABLE fuzz_prisma._prisma_migrations'),
    ('CREATE TABLE {hschema}._prisma_migrations (id int, migration_name int)'),
    ('ALTER TABLE clinic.{ctable} ADD COLUMN {name} {type}'), ('CREATE INDEX ON clinic.{ctable} ({ccol2})'),
    ('DROP INDEX clinic.{cindex}'), ('ALTER TABLE clinic.{ctable} DROP CONSTRAINT {cconstraint}'),
    ('COMMENT ON TABLE clinic.{ctable} IS {text}'), ('ALTER TABLE clinic.{ctable} ALTER COLUMN {ccol2} DROP DEFAULT'),
    ('REVOKE ALL ON clinic.{ctable} FROM clinic_auditor'), ('GRANT ALL ON clinic.{ctable} TO PUBLIC');

-- Types a setup gives a column.
CREATE TABLE fuzz.column_types (type text PRIMARY KEY);
INSERT INTO fuzz.column_types VALUES ('int'), ('text'), ('jsonb'), ('numeric(1000, 500)'), ('"char"'), ('bit(3)'), ('money'),
    ('tsvector'), ('point'), ('int4range'), ('text[]'), ('clinic.sex'), ('clinic.appointment_status'), ('oid'), ('regclass'),
    ('uuid'), ('bytea'), ('interval'), ('timetz'), ('name'), ('pg_lsn'), ('macaddr'), ('date'), ('timestamp'), ('boolean'),
    ('varchar(3)'), ('float8'), ('smallint'), ('bigint'), ('xid'), ('"x""; DROP SCHEMA clinic CASCADE; --"."mood ""x"""'),
    ('"x""; DROP SCHEMA clinic CASCADE; --".pos'), ('int[][]'), ('record'), ('anyelement'), ('no_such_type');

-- A setup statement for call I (the templates above, filled).
CREATE FUNCTION fuzz.setup(i integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s text;
    copy regclass;
    copy_order text;
    htable regclass;
    ctable regclass;
    ccol record;
    n integer;
    hcols text[];
BEGIN
    SELECT p.template INTO s FROM fuzz.setup_pool p ORDER BY p.template
     OFFSET fuzz.rand(i, 'setup', (SELECT count(*)::integer FROM fuzz.setup_pool)) LIMIT 1;
    SELECT c.oid::regclass INTO copy FROM pg_class c WHERE c.relnamespace = '"Пациенты 🙂 ''q'' \"'::regnamespace AND c.relkind = 'r'
     ORDER BY c.relname OFFSET fuzz.rand(i, 'copy', 11) LIMIT 1;
    copy_order := fuzz.row_order(('clinic.' || quote_ident((SELECT c.relname FROM pg_class c WHERE c.oid = copy)))::regclass);
    SELECT a.attname, a.atttypid::regtype AS typ INTO ccol FROM pg_attribute a
     WHERE a.attrelid = copy AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
    OFFSET fuzz.rand(i, 'ccol', (SELECT count(*)::integer FROM pg_attribute a WHERE a.attrelid = copy AND a.attnum > 0 AND NOT a.attisdropped))
     LIMIT 1;
    EXECUTE format('SELECT count(*) FROM %s', copy) INTO n;
    SELECT c.oid::regclass INTO htable FROM pg_class c WHERE c.relnamespace = '"x""; DROP SCHEMA clinic CASCADE; --"'::regnamespace
       AND c.relkind IN ('r', 'p') ORDER BY c.relname OFFSET fuzz.rand(i, 'htable', 8) LIMIT 1;
    SELECT array_agg(quote_ident(a.attname) ORDER BY a.attnum) INTO hcols FROM pg_attribute a
     WHERE a.attrelid = htable AND a.attnum > 0 AND NOT a.attisdropped;
    SELECT c.oid::regclass INTO ctable FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
     ORDER BY c.relname OFFSET fuzz.rand(i, 'ctable', 15) LIMIT 1;
    s := replace(s, '{copy}', copy::text);
    s := replace(s, '{ccol}', quote_ident(ccol.attname));
    s := replace(s, '{cvalue}', fuzz.draw(i, 'cvalue', ccol.typ, 'setup', ccol.attname,
                                          format('(SELECT x.%I::text FROM %s x ORDER BY %s LIMIT 1 OFFSET %s)', ccol.attname, copy,
                                                 copy_order, fuzz.rand(i, 'crow', n))));
    s := replace(s, '{corder}', replace(copy_order, 'x.', 'y.'));
    s := replace(s, '{n}', (1 + fuzz.rand(i, 'n', 5))::text);
    s := replace(s, '{hschema}', quote_ident('x"; DROP SCHEMA clinic CASCADE; --'));
    s := replace(s, '{htable}', htable::text);
    s := replace(s, '{hcol}', coalesce(hcols[1 + fuzz.rand(i, 'hcol', cardinality(hcols))], 'id'));
    s := replace(s, '{hcol2}', coalesce(hcols[1 + fuzz.rand(i, 'hcol2', cardinality(hcols))], 'id'));
    s := replace(s, '{ctable}', quote_ident((SELECT c.relname FROM pg_class c WHERE c.oid = ctable)));
    s := replace(s, '{ccol2}', coalesce((SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = ctable AND a.attnum > 0
                                          AND NOT a.attisdropped ORDER BY a.attnum OFFSET fuzz.rand(i, 'ccol2', 10) LIMIT 1), 'id'));
    s := replace(s, '{cindex}', coalesce((SELECT quote_ident(c.relname) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
                                           WHERE x.indrelid = ctable ORDER BY c.relname OFFSET fuzz.rand(i, 'cindex', 4) LIMIT 1), 'no_such_index'));
    s := replace(s, '{cconstraint}', coalesce((SELECT quote_ident(k.conname) FROM pg_constraint k WHERE k.conrelid = ctable
                                                ORDER BY k.conname OFFSET fuzz.rand(i, 'cconstraint', 8) LIMIT 1), 'no_such_constraint'));
    s := replace(s, '{pcol}', (ARRAY['id', 'checksum', 'finished_at', 'migration_name', 'logs', 'rolled_back_at', 'started_at',
                                     'applied_steps_count'])[1 + fuzz.rand(i, 'pcol', 8)]);
    s := replace(s, '{name}', quote_ident(left(fuzz.rand_text(i, 'name'), 40)));
    s := replace(s, '{name2}', quote_ident(left(fuzz.rand_text(i, 'name2'), 40)));
    s := replace(s, '{type}', (SELECT t.type FROM fuzz.column_types t ORDER BY t.type
                                OFFSET fuzz.rand(i, 'ctype', (SELECT count(*)::integer FROM fuzz.column_types)) LIMIT 1));
    s := replace(s, '{text}', fuzz.draw(i, 'text', 'text', 'setup', 'text'));
    s := replace(s, '{text2}', fuzz.draw(i, 'text2', 'text', 'setup', 'text'));
    s := replace(s, '{ts}', fuzz.draw(i, 'ts', 'timestamptz', 'setup', 'ts'));
    s := replace(s, '{ts2}', fuzz.draw(i, 'ts2', 'timestamptz', 'setup', 'ts'));
    s := replace(s, '{int}', fuzz.draw(i, 'int', 'integer', 'setup', 'int'));
    RETURN s;
END
$$;

-- What a call of a function that reads the audit trail may find first: the trail tampered with
-- (as the superuser, its append-only triggers off: session_replication_role = replica), sealed,
-- purged, or longer.
CREATE TABLE fuzz.trail_setup_pool (template text PRIMARY KEY);
INSERT INTO fuzz.trail_setup_pool VALUES
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; UPDATE clinic.audit_log x SET {tcol} = {tvalue} WHERE (x.patient_id, x.seq) = (SELECT y.patient_id, y.seq FROM clinic.audit_log y ORDER BY y.patient_id, y.seq LIMIT 1 OFFSET {trow}); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; UPDATE clinic.audit_log x SET {tcol} = {tvalue} WHERE x.patient_id = (SELECT y.patient_id FROM clinic.audit_log y ORDER BY y.patient_id, y.seq LIMIT 1 OFFSET {trow}); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; DELETE FROM clinic.audit_log x WHERE (x.patient_id, x.seq) = (SELECT y.patient_id, y.seq FROM clinic.audit_log y ORDER BY y.patient_id, y.seq LIMIT 1 OFFSET {trow}); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; DELETE FROM clinic.audit_log_seals WHERE seal_id = (SELECT max(seal_id) FROM clinic.audit_log_seals); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; UPDATE clinic.audit_log_seals SET heads = substr(decode(repeat(md5({text}), 7 * {n}), ''hex''), 1, 56 * {n}); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; UPDATE clinic.audit_log_seals SET heads = overlay(heads PLACING ''\xffffffffffffffff''::bytea FROM 17 FOR 8); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; UPDATE clinic.audit_log_seals SET cuts = substr(decode(repeat(md5({text}), 7 * {n}), ''hex''), 1, 56 * {n}); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; UPDATE clinic.audit_log_seals SET seal_id = seal_id + {n}; END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; INSERT INTO clinic.audit_log_purges VALUES ({uuid}, {bigint}, decode(repeat(''ab'', 32), ''hex''), {ts}, {bigint}); END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; UPDATE clinic.audit_log_sealed_heads SET seq = {bigint}; END$d$'),
    ('DO $d$BEGIN SET LOCAL session_replication_role = replica; TRUNCATE clinic.audit_log_seals, clinic.audit_log_sealed_heads; END$d$'),
    ('DO $d$BEGIN SET LOCAL clinic.audit_log_min_retention_days = 0; PERFORM clinic.audit_log_purge({interval}); END$d$'),
    ('SELECT clinic.audit_log_seal()'), ('SELECT clinic.log_access({uuid}, {text})'),
    ('SELECT count(*) FROM clinic.generate_demo({n}, {int})');

-- A trail setup statement for call I.
CREATE FUNCTION fuzz.trail_setup(i integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s text;
    col record;
BEGIN
    SELECT p.template INTO s FROM fuzz.trail_setup_pool p ORDER BY p.template
     OFFSET fuzz.rand(i, 'tsetup', (SELECT count(*)::integer FROM fuzz.trail_setup_pool)) LIMIT 1;
    SELECT a.attname, a.atttypid::regtype AS typ INTO col FROM pg_attribute a
     WHERE a.attrelid = 'clinic.audit_log'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
    OFFSET fuzz.rand(i, 'tcol', (SELECT count(*)::integer FROM pg_attribute a
                                  WHERE a.attrelid = 'clinic.audit_log'::regclass AND a.attnum > 0 AND NOT a.attisdropped)) LIMIT 1;
    s := replace(s, '{tcol}', quote_ident(col.attname));
    s := replace(s, '{tvalue}', fuzz.draw(i, 'tvalue', col.typ, 'clinic.audit_log', col.attname,
                                          format('(SELECT z.%I FROM clinic.audit_log z ORDER BY z.patient_id, z.seq LIMIT 1 OFFSET %s)',
                                                 col.attname, fuzz.rand(i, 'tother', (SELECT count(*)::integer FROM clinic.audit_log)))));
    s := replace(s, '{trow}', fuzz.rand(i, 'trow', (SELECT count(*)::integer FROM clinic.audit_log))::text);
    s := replace(s, '{n}', (1 + fuzz.rand(i, 'n', 5))::text);
    s := replace(s, '{text}', fuzz.draw(i, 'text', 'text', 'setup', 'text'));
    s := replace(s, '{uuid}', fuzz.draw(i, 'uuid', 'uuid', 'setup', 'uuid'));
    s := replace(s, '{bigint}', fuzz.draw(i, 'bigint', 'bigint', 'setup', 'bigint'));
    s := replace(s, '{int}', fuzz.draw(i, 'int', 'integer', 'setup', 'int'));
    s := replace(s, '{ts}', fuzz.draw(i, 'ts', 'timestamptz', 'setup', 'ts'));
    s := replace(s, '{interval}', fuzz.draw(i, 'interval', 'interval', 'setup', 'interval'));
    RETURN s;
END
$$;

-- The functions that read the trail (a trail setup goes before a third of their calls).
CREATE TABLE fuzz.trail_readers (fn text PRIMARY KEY);
INSERT INTO fuzz.trail_readers VALUES ('clinic.verify_audit_log'), ('clinic.log_access'), ('clinic.audit_log_seal'),
    ('clinic.audit_log_purge'), ('clinic.validate');

-- Call I: the function, the role it runs as (NULL: the session's superuser), settings, and the
-- statement.
CREATE FUNCTION fuzz.gen(i integer, OUT fn regprocedure, OUT role text, OUT pre text, OUT setup text, OUT stmt text)
LANGUAGE plpgsql AS $$
DECLARE
    tg fuzz.target;
    p pg_proc;
    names text[];
    args text[] := '{}';
    nargs integer;
    tbl regclass;
    ev text;
    col record;
    n integer;
    row_pick text;
    cols text;
    ord text;
    named boolean;
BEGIN
    SELECT * INTO tg FROM fuzz.target t WHERE t.ord = (i - 1) % (SELECT count(*) FROM fuzz.target);
    fn := tg.fn;
    SELECT * INTO p FROM pg_proc WHERE oid = tg.fn;
    SELECT r.role INTO role FROM fuzz.roles r ORDER BY r.role NULLS FIRST OFFSET fuzz.rand(i, 'role', (SELECT count(*)::integer FROM fuzz.roles)) LIMIT 1;
    IF fuzz.rand(i, 'settings', 4) = 0 THEN
        SELECT format(s.stmt, quote_literal(fuzz.actor(i))) INTO pre FROM fuzz.settings s
         ORDER BY s.stmt OFFSET fuzz.rand(i, 'setting', (SELECT count(*)::integer FROM fuzz.settings)) LIMIT 1;
    END IF;

    IF tg.kind = 'call' THEN
        SELECT array_agg(a.name ORDER BY a.n) INTO names
          FROM unnest(p.proargnames, coalesce(p.proargmodes, array_fill('i'::"char", ARRAY[p.pronargs]))) WITH ORDINALITY a(name, mode, n)
         WHERE a.mode IN ('i', 'b', 'v');
        -- Sometimes only the arguments without defaults.
        nargs := p.pronargs;
        IF p.pronargdefaults > 0 AND fuzz.rand(i, 'defaults', 5) = 0 THEN
            nargs := p.pronargs - 1 - fuzz.rand(i, 'ndefaults', p.pronargdefaults);
        END IF;
        -- Sometimes in named notation (all arguments: a positional one may not follow a named one).
        named := fuzz.rand(i, 'named', 6) = 0 AND nargs > 0 AND array_position(names, NULL) IS NULL;
        FOR j IN 1 .. nargs LOOP
            args := args || (CASE WHEN named THEN quote_ident(names[j]) || ' => ' ELSE '' END
                             || fuzz.draw(i, 'a' || j, p.proargtypes[j - 1]::regtype, p.oid::regproc::text, names[j]));
        END LOOP;
        stmt := format('%s(%s)', p.oid::regproc, array_to_string(args, ', '));
        IF fuzz.rand(i, 'setup?', 3) = 0 THEN
            IF EXISTS (SELECT 1 FROM fuzz.trail_readers r WHERE r.fn = p.oid::regproc::text)
               AND (NOT 'regnamespace'::regtype = ANY (p.proargtypes::regtype[]) OR fuzz.rand(i, 'setup kind', 2) = 0) THEN
                setup := fuzz.trail_setup(i);
            ELSIF 'regnamespace'::regtype = ANY (p.proargtypes::regtype[]) THEN
                setup := fuzz.setup(i);
            END IF;
        END IF;
        -- Called in FROM, or in the select list; every value is converted to text.
        IF fuzz.rand(i, 'form', 4) = 0 THEN
            stmt := format('SELECT count(*), sum(length(x::text)) FROM (SELECT %s AS x) s', stmt);
        ELSE
            stmt := format('SELECT count(*), sum(length(r::text)) FROM %s r', stmt);
        END IF;

    ELSIF tg.kind = 'trigger' THEN
        SELECT count(*) INTO n FROM fuzz.trigger_use u WHERE u.fn = tg.fn;
        IF n = 0 THEN
            RAISE EXCEPTION 'fuzz: no generator for %: no table uses it', tg.fn;
        END IF;
        SELECT u.tbl, u.events[1 + fuzz.rand(i, 'event', cardinality(u.events))] INTO tbl, ev
          FROM fuzz.trigger_use u WHERE u.fn = tg.fn ORDER BY u.tbl::text, u.events OFFSET fuzz.rand(i, 'table', n) LIMIT 1;
        EXECUTE format('SELECT count(*) FROM %s', tbl) INTO n;
        ord := fuzz.row_order(tbl);
        row_pick := format('(SELECT x.ctid FROM %s x ORDER BY %s LIMIT 1 OFFSET %s)', tbl, ord, fuzz.rand(i, 'row', n));
        SELECT a.attname, a.atttypid::regtype AS typ INTO col
          FROM pg_attribute a WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
         ORDER BY a.attnum OFFSET fuzz.rand(i, 'column', (SELECT count(*)::integer FROM pg_attribute a
                                                          WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''))
         LIMIT 1;
        IF pre IS NULL AND fuzz.rand(i, 'actor?', 3) = 0 THEN
            pre := format('SET LOCAL clinic.actor = %s', quote_literal(fuzz.actor(i)));
        END IF;
        IF ev = 'UPDATE' THEN
            stmt := format('UPDATE %s SET %I = %s%s', tbl, col.attname,
                           fuzz.draw(i, 'v', col.typ, tbl::text, col.attname,
                                      format('(SELECT x.%I::text FROM %s x ORDER BY %s LIMIT 1 OFFSET %s)', col.attname, tbl, ord, fuzz.rand(i, 'other', n))),
                           CASE WHEN fuzz.rand(i, 'all', 6) = 0 THEN '' ELSE ' WHERE ctid = ' || row_pick END);
        ELSIF ev = 'DELETE' THEN
            stmt := format('DELETE FROM %s%s', tbl, CASE WHEN fuzz.rand(i, 'all', 6) = 0 THEN '' ELSE ' WHERE ctid = ' || row_pick END);
        ELSIF ev = 'TRUNCATE' THEN
            stmt := format('TRUNCATE %s%s', tbl, (ARRAY['', ' CASCADE', ', clinic.patients CASCADE'])[1 + fuzz.rand(i, 'cascade', 3)]);
        ELSE  -- INSERT: another row's values, a new id, one column changed
            SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
              FROM pg_attribute a WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND a.attidentity <> 'a';
            stmt := format('INSERT INTO %s (%s) SELECT %s FROM jsonb_populate_record(NULL::%s, (SELECT to_jsonb(x) FROM %s x ORDER BY %s LIMIT 1 OFFSET %s) || jsonb_build_object(%s%L, to_jsonb(%s)))',
                           tbl, cols, cols, tbl, tbl, ord, fuzz.rand(i, 'row', n),
                           CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = 'id' AND a.atttypid = 'uuid'::regtype)
                                     AND fuzz.rand(i, 'newid', 8) > 0
                                THEN format('%L, %L::uuid, ', 'id', md5((SELECT c.seed FROM fuzz.config c) || '/' || i)) ELSE '' END,
                           col.attname, fuzz.draw(i, 'v', col.typ, tbl::text, col.attname, format('(SELECT x.%I::text FROM %s x ORDER BY %s LIMIT 1 OFFSET %s)', col.attname, tbl, ord, fuzz.rand(i, 'other', n))));
        END IF;

    ELSE  -- an event trigger function: DDL with a tag its triggers fire on
        SELECT count(*) INTO n FROM fuzz.event_ddl e WHERE e.fn = tg.fn;
        IF n = 0 THEN
            RAISE EXCEPTION 'fuzz: no generator for %: no DDL fires it', tg.fn;
        END IF;
        SELECT e.template INTO stmt FROM fuzz.event_ddl e WHERE e.fn = tg.fn ORDER BY e.tag, e.template OFFSET fuzz.rand(i, 'ddl', n) LIMIT 1;
        SELECT c.oid::regclass INTO tbl FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
         ORDER BY c.relname OFFSET fuzz.rand(i, 'table', (SELECT count(*)::integer FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r')) LIMIT 1;
        stmt := replace(stmt, '{table}', tbl::text);
        stmt := replace(stmt, '{column}', coalesce((SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped
                                                     ORDER BY a.attnum OFFSET fuzz.rand(i, 'column', 10) LIMIT 1), 'id'));
        stmt := replace(stmt, '{trigger}', coalesce((SELECT quote_ident(t.tgname) FROM pg_trigger t WHERE t.tgrelid = tbl AND NOT t.tgisinternal
                                                      ORDER BY t.tgname OFFSET fuzz.rand(i, 'trigger', 3) LIMIT 1), 'no_such_trigger'));
        stmt := replace(stmt, '{htable}', (SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace = '"x""; DROP SCHEMA clinic CASCADE; --"'::regnamespace
                                            AND c.relkind IN ('r', 'p') ORDER BY c.relname OFFSET fuzz.rand(i, 'htable', 8) LIMIT 1));
        stmt := replace(stmt, '{function}', (SELECT f.oid::regprocedure::text FROM pg_proc f WHERE f.pronamespace = 'clinic'::regnamespace
                                              ORDER BY f.oid::regprocedure::text OFFSET fuzz.rand(i, 'function', (SELECT count(*)::integer FROM pg_proc f WHERE f.pronamespace = 'clinic'::regnamespace)) LIMIT 1));
        stmt := replace(stmt, '{type}', (SELECT y.oid::regtype::text FROM pg_type y WHERE y.typnamespace = 'clinic'::regnamespace AND y.typtype = 'e'
                                          ORDER BY y.typname OFFSET fuzz.rand(i, 'type', (SELECT count(*)::integer FROM pg_type y WHERE y.typnamespace = 'clinic'::regnamespace AND y.typtype = 'e')) LIMIT 1));
        stmt := replace(stmt, '{index}', (SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'i'
                                           ORDER BY c.relname OFFSET fuzz.rand(i, 'index', (SELECT count(*)::integer FROM pg_class c WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'i')) LIMIT 1));
        stmt := replace(stmt, '{role}', (ARRAY['clinic_sqlfuzz_nobody', 'clinic_admin', 'clinic_sqlfuzz_auditor', 'CURRENT_USER'])[1 + fuzz.rand(i, 'ddlrole', 4)]);
        IF pre IS NULL AND fuzz.rand(i, 'allow?', 4) = 0 THEN
            pre := 'SET LOCAL clinic.allow_drop_with_data = on';
        END IF;
    END IF;
    IF stmt IS NULL THEN
        RAISE EXCEPTION 'fuzz: no statement for call % (%)', i, fn;
    END IF;
END
$$;

CREATE TABLE fuzz.result (
    i integer PRIMARY KEY, fn regprocedure NOT NULL, role text, outcome text NOT NULL, message text,
    stmt text NOT NULL, stmt_md5 text NOT NULL, pre text, setup text, ms numeric);

-- Runs call I in a subtransaction, always rolled back, and records what happened.
CREATE FUNCTION fuzz.one(i integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    g record;
    state text;
    msg text;
    t0 timestamptz := clock_timestamp();
BEGIN
    SELECT * INTO g FROM fuzz.gen(i);
    BEGIN
        IF g.pre IS NOT NULL THEN  -- a setting refused (a bad actor name) is left out
            BEGIN
                EXECUTE g.pre;
            EXCEPTION WHEN OTHERS THEN
                g.pre := g.pre || ' -- refused: ' || SQLSTATE;
            END;
        END IF;
        IF g.setup IS NOT NULL THEN
            BEGIN
                EXECUTE g.setup;
            EXCEPTION WHEN OTHERS THEN
                g.setup := g.setup || ' -- refused: ' || SQLSTATE;
            END;
        END IF;
        IF g.role IS NOT NULL THEN
            EXECUTE format('SET LOCAL ROLE %I', g.role);
        END IF;
        EXECUTE g.stmt;
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'fuzz: rolled back';
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    IF state = 'P0001' AND msg = 'fuzz: rolled back' THEN
        state := 'ok';
        msg := NULL;
    END IF;
    INSERT INTO fuzz.result VALUES (i, g.fn, g.role, state, left(msg, 300), left(g.stmt, 300), md5(coalesce(g.setup, '') || g.stmt),
                                    left(g.pre, 300), left(g.setup, 300), round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 1));
END
$$;

-- A crash: the call that was running when the connection was lost.
CREATE FUNCTION fuzz.record_crash(i integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    g record;
BEGIN
    SELECT * INTO g FROM fuzz.gen(i);
    INSERT INTO fuzz.result VALUES (i, g.fn, g.role, 'crash', 'connection lost', left(g.stmt, 300), md5(coalesce(g.setup, '') || g.stmt),
                                    left(g.pre, 300), left(g.setup, 300), NULL);
END
$$;

-- Fails when a function of the extension has no generator; else lists how each is reached.
CREATE FUNCTION fuzz.check() RETURNS TABLE (fn regprocedure, kind text, how text) LANGUAGE plpgsql AS $$
DECLARE
    t fuzz.target;
    pe record;
    missing text[] := '{}';
BEGIN
    FOR t IN SELECT * FROM fuzz.target ORDER BY ord LOOP
        fn := t.fn;
        kind := t.kind;
        IF t.kind = 'call' THEN
            SELECT coalesce(string_agg(format_type(a, NULL), ', '), 'no arguments') INTO how
              FROM unnest((SELECT p.proargtypes::oid[] FROM pg_proc p WHERE p.oid = t.fn)) a;
            IF EXISTS (SELECT 1 FROM unnest((SELECT p.proargtypes::oid[] FROM pg_proc p WHERE p.oid = t.fn)) a
                        WHERE fuzz.pool_type(a::regtype) IS NULL) THEN
                missing := missing || format('%s (an argument type without a pool)', t.fn);
            END IF;
        ELSIF t.kind = 'trigger' THEN
            SELECT string_agg(DISTINCT u.tbl::text, ', ') INTO how FROM fuzz.trigger_use u WHERE u.fn = t.fn;
            IF how IS NULL THEN
                missing := missing || format('%s (a trigger function no table uses)', t.fn);
            END IF;
        ELSE
            SELECT count(*) || ' DDL statements' INTO how FROM fuzz.event_ddl e WHERE e.fn = t.fn;
            IF how LIKE '0 %' THEN
                missing := missing || format('%s (an event trigger function no DDL fires)', t.fn);
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
    IF cardinality(missing) > 0 THEN
        RAISE EXCEPTION 'fuzz: no generator for %', array_to_string(missing, '; ');
    END IF;
    -- Every pool expression gives a value (a broken one would fail calls in the generator).
    FOR pe IN SELECT p.type::text AS owner, p.label, p.expr FROM fuzz.type_pool p
             UNION ALL SELECT p.fn || '.' || p.param, NULL, p.expr FROM fuzz.valid_pool p LOOP
        BEGIN
            EXECUTE 'SELECT (' || pe.expr || ')::text' USING 1, 'check';
        EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'fuzz: the pool of % has a broken expression (%): %', pe.owner, pe.expr, SQLERRM;
        END;
    END LOOP;
END
$$;
