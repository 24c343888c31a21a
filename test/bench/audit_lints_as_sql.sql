-- Baseline for the audit benchmark: the audit's lints written the way SQL linters write them
-- (one catalog query per lint, regclass/text joins, pg_indexes for definitions), restricted to
-- the schema in psql variable :'schema'. Written for this project; each returns the offenders.
-- unindexed foreign keys
WITH fks AS (SELECT ct.conrelid::regclass AS tbl, ct.conname, ct.conkey FROM pg_constraint ct
              JOIN pg_class cl ON cl.oid = ct.conrelid WHERE ct.contype = 'f' AND cl.relnamespace::regnamespace::text = :'schema'),
     idx AS (SELECT indrelid::regclass AS tbl, string_to_array(indkey::text, ' ')::smallint[] AS cols FROM pg_index WHERE indisvalid)
SELECT count(*) FROM fks LEFT JOIN idx ON idx.tbl = fks.tbl AND fks.conkey = idx.cols[1:array_length(fks.conkey, 1)] WHERE idx.tbl IS NULL;
-- no primary key
SELECT count(*) FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = :'schema'
   AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary);
-- unused index
SELECT count(*) FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
 WHERE s.schemaname = :'schema' AND s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary;
-- duplicate index
SELECT count(*) FROM (SELECT tablename, replace(indexdef, indexname, '') FROM pg_indexes WHERE schemaname = :'schema'
                      GROUP BY 1, 2 HAVING count(*) > 1) d;
-- invalid index
SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace::regnamespace::text = :'schema' AND NOT i.indisvalid;
-- NOT VALID constraints
SELECT count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE c.relnamespace::regnamespace::text = :'schema' AND NOT k.convalidated;
-- disabled triggers
SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace::regnamespace::text = :'schema' AND t.tgenabled = 'D';
-- RLS enabled without policy; policy without RLS
SELECT count(*) FROM pg_class c WHERE c.relnamespace::regnamespace::text = :'schema' AND c.relrowsecurity
   AND NOT EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid);
SELECT count(*) FROM pg_class c WHERE c.relnamespace::regnamespace::text = :'schema' AND NOT c.relrowsecurity
   AND EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid);
-- functions with a mutable search_path; SECURITY DEFINER executable by PUBLIC
SELECT count(*) FROM pg_proc p WHERE p.pronamespace::regnamespace::text = :'schema'
   AND NOT EXISTS (SELECT FROM unnest(coalesce(p.proconfig, '{}')) c WHERE c LIKE 'search_path=%');
SELECT count(*) FROM pg_proc p WHERE p.pronamespace::regnamespace::text = :'schema' AND p.prosecdef
   AND has_function_privilege('public', p.oid, 'EXECUTE');
-- tables without any index
SELECT count(*) FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = :'schema'
   AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid);
-- foreign-key column type differs from the referenced column
SELECT count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
  CROSS JOIN LATERAL unnest(k.conkey, k.confkey) u(a, b)
  JOIN pg_attribute fa ON fa.attrelid = k.conrelid AND fa.attnum = u.a
  JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.b
 WHERE k.contype = 'f' AND c.relnamespace::regnamespace::text = :'schema'
   AND format_type(fa.atttypid, fa.atttypmod) <> format_type(ra.atttypid, ra.atttypmod);
-- nullable columns in multi-column foreign keys
SELECT count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
 WHERE k.contype = 'f' AND cardinality(k.conkey) > 1 AND c.relnamespace::regnamespace::text = :'schema'
   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) AND NOT a.attnotnull);
-- redundant (prefix) btree indexes
SELECT count(*) FROM pg_index a JOIN pg_index b ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid
  JOIN pg_class c ON c.oid = a.indrelid
 WHERE c.relnamespace::regnamespace::text = :'schema' AND NOT a.indisunique AND a.indpred IS NULL AND b.indpred IS NULL
   AND a.indnkeyatts < b.indnkeyatts
   AND (string_to_array(b.indkey::text, ' '))[1:a.indnkeyatts] = string_to_array(a.indkey::text, ' ');
-- tables and columns without comments
SELECT count(*) FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = :'schema' AND obj_description(c.oid, 'pg_class') IS NULL;
SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = :'schema' AND a.attnum > 0 AND NOT a.attisdropped
   AND col_description(c.oid, a.attnum) IS NULL;
-- type smells
SELECT count(*) FROM information_schema.columns WHERE table_schema = :'schema'
   AND (data_type IN ('json', 'money', 'character', 'timestamp without time zone') OR column_default LIKE 'nextval(%');
-- privileges for PUBLIC on tables
SELECT count(*) FROM information_schema.role_table_grants WHERE table_schema = :'schema' AND grantee = 'PUBLIC';
-- tables without created_at
SELECT count(*) FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = :'schema'
   AND NOT EXISTS (SELECT FROM information_schema.columns ic WHERE ic.table_schema = :'schema' AND ic.table_name = c.relname
                                                           AND ic.column_name IN ('created_at', 'createdAt'));
