-- No identifier of the installed SQL is a keyword that a supported PostgreSQL major (15, 17, 18)
-- refuses where the install script writes it bare. 1.1 broke on 17 this way: its
-- clinic._jsonb_image_matches(json text) is a syntax error once JSON is a keyword.
-- What the grammar takes (src/backend/parser/gram.y, the same in 15 to 18):
--   parameter names, also OUT and TABLE columns (param_name: type_function_name), and function
--   names called unqualified (func_name): unreserved and type_func_name keywords; reserved (R) and
--   col_name (C) ones break;
--   column, table, type, index, constraint, trigger and policy names (ColId): unreserved and
--   col_name keywords; reserved (R) and type_func_name (T) ones break.
-- pg_get_keywords() lists the running server's keywords only; those that 17 and 18 added in a
-- breaking category are listed below, so that 15 finds them too (diff of parser/kwlist.h).
CREATE FUNCTION pg_temp.keyword_identifiers(VARIADIC schemas name[])
    RETURNS TABLE (kind text, object text, identifier text, category text)
    LANGUAGE sql STABLE AS $$
WITH keywords AS (
    SELECT word, catcode::text AS catcode FROM pg_get_keywords()
    UNION
    SELECT * FROM (VALUES ('json', 'C'), ('json_array', 'C'), ('json_arrayagg', 'C'),
                          ('json_exists', 'C'), ('json_object', 'C'), ('json_objectagg', 'C'),
                          ('json_query', 'C'), ('json_scalar', 'C'), ('json_serialize', 'C'),
                          ('json_table', 'C'), ('json_value', 'C'), ('merge_action', 'C'),
                          ('system_user', 'R')) AS added_in_17(word, catcode)
), nsp AS (
    SELECT oid FROM pg_namespace WHERE nspname = ANY (schemas)
), identifiers(kind, object, identifier, breaking) AS (
    SELECT 'parameter', p.oid::regprocedure::text, a.name, '{R,C}'::text[]
      FROM pg_proc p, unnest(p.proargnames) AS a(name)
     WHERE p.pronamespace IN (SELECT oid FROM nsp) AND a.name <> ''
    UNION ALL
    SELECT 'function', p.oid::regprocedure::text, p.proname, '{R,C}'
      FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT 'column', c.oid::regclass::text, a.attname, '{R,T}'
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE c.relnamespace IN (SELECT oid FROM nsp) AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'relation', c.oid::regclass::text, c.relname, '{R,T}'
      FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT 'type', t.oid::regtype::text, t.typname, '{R,T}'
      FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT 'constraint', c.conrelid::regclass::text, c.conname, '{R,T}'
      FROM pg_constraint c WHERE c.connamespace IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT 'trigger', t.tgrelid::regclass::text, t.tgname, '{R,T}'
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace IN (SELECT oid FROM nsp) AND NOT t.tgisinternal
    UNION ALL
    SELECT 'policy', p.polrelid::regclass::text, p.polname, '{R,T}'
      FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
     WHERE c.relnamespace IN (SELECT oid FROM nsp)
)
SELECT i.kind, i.object, i.identifier, k.catcode
  FROM identifiers i JOIN keywords k ON k.word = i.identifier
 WHERE k.catcode = ANY (i.breaking)
 ORDER BY 1, 2, 3
$$;

-- The extension's schemas: nothing.
SELECT * FROM pg_temp.keyword_identifiers('clinic', 'clinic_audit');
-- The check finds what it must, on every major: quoted here, each of these is an identifier the
-- install script could not write bare on at least one supported major.
CREATE SCHEMA regress_keywords;
CREATE FUNCTION regress_keywords.f("json" text, "system_user" int, "both" int, "binary" int,
                                   "merge_action" int, label text) RETURNS int
    LANGUAGE sql AS 'SELECT 1';
CREATE TABLE regress_keywords."user" ("json" text, "select" int, "left" int, "time" int, "path" int);
SELECT * FROM pg_temp.keyword_identifiers('regress_keywords');
DROP SCHEMA regress_keywords CASCADE;
