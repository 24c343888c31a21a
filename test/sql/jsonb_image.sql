-- The extension writes jsonb's on-disk image itself (the audit's findings, the schema snapshot):
-- each image must be byte for byte what jsonb_in makes of the same text. Every case below is
-- expected to print t; a mismatch prints its input.
SET client_min_messages = warning;

CREATE TEMP TABLE jsonb_case (label text PRIMARY KEY, json text NOT NULL);
INSERT INTO jsonb_case VALUES
    ('scalar integer', '1'),
    ('scalar negative', '-42'),
    ('scalar string', '"a"'),
    ('scalar null', 'null'),
    ('scalar true', 'true'),
    ('scalar false', 'false'),
    ('empty array', '[]'),
    ('empty object', '{}'),
    ('empty key', '{"": 0}'),
    ('nested empties', '[{}, [], [[]], {"a": {}}]'),
    ('key order by length then bytes', '{"bb": 1, "a": 2, "ab": 3, "b": 4, "aaa": 5}'),
    ('repeated key: last wins', '{"a": 1, "b": 2, "a": 3}'),
    ('repeated keys in a nested object', '[{"k": 1, "k": 2, "k": 3}, {"k": [1], "j": 0, "k": {}}]'),
    ('numbers', '[0, -0, 1, -1, 8192, 123456789012345678, 1234567890123456789, 12345678901234567890123]'),
    ('decimals and exponents', '[0.0, 2.5, -0.001, 1e5, 1E-5, 6.02e23, -1.5e+3, 100000000000000000000.5]'),
    ('numbers between strings (alignment)', '["a", 1, "bcd", 2.5, "ef", -7, {"x": "y", "n": 3}]'),
    ('escapes', '"quote \" backslash \\ slash \/ \b\f\n\r\t \u00e9 \ud83d\ude42"'),
    ('unicode', '{"Пациент": "Zoë 🙂", "名前": ["田中"]}'),
    ('whitespace', E' \n\t{ "a" : [ 1 , 2 ] } \r\n'),
    ('deep', repeat('[', 100) || '1' || repeat(']', 100));

-- Arrays and objects across jsonb's offset stride (every 32nd entry stores an offset).
INSERT INTO jsonb_case
SELECT 'array of ' || n, '[' || string_agg(format('"item %s"', g), ', ') || ']'
  FROM generate_series(1, 200) g, (VALUES (31), (32), (33), (64), (65), (200)) v(n)
 WHERE g <= n GROUP BY n;
INSERT INTO jsonb_case
SELECT 'object of ' || n, '{' || string_agg(format('"k%s": {"v": [%s, null, false, "%s"]}', g, g, repeat('x', g % 7)), ', ') || '}'
  FROM generate_series(1, 100) g, (VALUES (16), (17), (33), (100)) v(n)
 WHERE g <= n GROUP BY n;

SELECT label, clinic._jsonb_image_matches(json) FROM jsonb_case
 WHERE clinic._jsonb_image_matches(json) IS DISTINCT FROM true ORDER BY label;
SELECT count(*) AS cases_checked FROM jsonb_case;

-- Not JSON: NULL, not an error, and not a false "mismatch"; root arrays (encoded item by item
-- as they are read) included, whichever item goes wrong.
SELECT bad, clinic._jsonb_image_matches(bad) IS NULL AS not_json_is_null
  FROM (VALUES ('{"a": }'), ('[1, 2'), ('[1,]'), ('[1 2]'), ('[{"a": 1}, tru]'), ('[[1], {"a": [}]'),
               ('[1] 2'), ('[1]]'), (' [ "\x" ]')) v(bad);

-- What the extension itself encodes: every finding's detail and the snapshot, on the clinic
-- schema and on a schema whose findings run past the stride.
CREATE SCHEMA jsonb_image;
DO $$
BEGIN
  FOR i IN 1..40 LOOP
    EXECUTE format('CREATE TABLE jsonb_image.t%s (id bigint PRIMARY KEY, parent_id bigint REFERENCES jsonb_image.t%s, note text, amount numeric(10,2) DEFAULT 0.5)',
                   i, greatest(i - 1, 1));
  END LOOP;
END $$;
SELECT target, count(*) AS findings, bool_and(clinic._jsonb_image_matches(detail::text)) AS all_match
  FROM (VALUES ('clinic'::regnamespace), ('jsonb_image'::regnamespace)) v(target),
       LATERAL clinic.audit(target)
 GROUP BY target ORDER BY target::text;
SELECT clinic._jsonb_image_matches(clinic.schema_snapshot('clinic')::text) AS clinic_snapshot,
       clinic._jsonb_image_matches(clinic.schema_snapshot('jsonb_image')::text) AS jsonb_image_snapshot;

DROP SCHEMA jsonb_image CASCADE;
