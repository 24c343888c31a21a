-- The installed schema: TICKET-001's objects are all there, and the hardening rules hold for
-- every table, not only the ones a test happens to touch.

-- Tables (the ticket's nine plus consent_records).
SELECT c.relname FROM pg_class c
 WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r' ORDER BY 1;

-- Enums with their labels in order; the ticket's four are exact.
SELECT t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS labels
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
 WHERE t.typnamespace = 'clinic'::regnamespace
 GROUP BY t.typname ORDER BY 1;

-- Every index, with its definition.
SELECT c.relname AS table_name, i.relname AS index_name,
       regexp_replace(pg_get_indexdef(i.oid), '^.* USING ', '') AS definition
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
 WHERE c.relnamespace = 'clinic'::regnamespace ORDER BY 1, 2;

-- Foreign keys with their actions: the ticket's cascade table, providers protected.
SELECT conrelid::regclass AS child, confrelid::regclass AS parent, conname,
       CASE confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' END AS on_delete
  FROM pg_constraint WHERE contype = 'f' AND connamespace = 'clinic'::regnamespace ORDER BY 1, 3;

-- Every foreign key is covered by an index whose leading columns are the key's columns (in any
-- order). Expect no rows for clinic; the control schema's unindexed key must be found.
CREATE FUNCTION regress.unindexed_fks(target regnamespace) RETURNS TABLE (table_name regclass, conname name)
    LANGUAGE sql AS $$
SELECT con.conrelid::regclass, con.conname
  FROM pg_constraint con
 WHERE con.contype = 'f' AND con.connamespace = target
   AND NOT EXISTS (
       SELECT FROM pg_index x
        WHERE x.indrelid = con.conrelid AND x.indpred IS NULL
          AND (SELECT array_agg(k ORDER BY k) FROM unnest((x.indkey::int2[])[0:cardinality(con.conkey) - 1]) k)
              = (SELECT array_agg(k ORDER BY k) FROM unnest(con.conkey) k))
 ORDER BY 1, 2
$$;
CREATE SCHEMA regress_control;
CREATE TABLE regress_control.parent (id int PRIMARY KEY, patient_id int NOT NULL, UNIQUE (patient_id, id));
CREATE TABLE regress_control.child_unindexed (id int, parent_id int REFERENCES regress_control.parent);
CREATE TABLE regress_control.child_composite (id int, patient_id int, parent_id int,
    PRIMARY KEY (parent_id, patient_id, id),
    FOREIGN KEY (patient_id, parent_id) REFERENCES regress_control.parent (patient_id, id));
SELECT * FROM regress.unindexed_fks('clinic');
SELECT * FROM regress.unindexed_fks('regress_control');

-- Distribution rules (shared/citus-notes.md): every table but providers, patients,
-- validation_rules and audit_log_seals (global: reference tables under Citus) carries
-- patient_id NOT NULL, and every primary key, unique and exclusion constraint and unique index
-- on those tables includes it. Expect only the provider double-booking constraint
-- (single-node, documented); the control schema's violations must be found.
CREATE FUNCTION regress.distribution_problems(target regnamespace) RETURNS TABLE (table_name text, problem text)
    LANGUAGE sql AS $$
SELECT c.relname::text, 'patient_id missing or nullable'
  FROM pg_class c
 WHERE c.relnamespace = target AND c.relkind = 'r' AND c.relname NOT IN ('providers', 'patients', 'validation_rules', 'audit_log_seals', 'parent')
   AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'patient_id' AND a.attnotnull)
UNION ALL
SELECT c.relname::text, con.conname || ' (' || con.contype::text || ') lacks patient_id'
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
 WHERE c.relnamespace = target AND con.contype IN ('p', 'u', 'x')
   AND c.relname NOT IN ('providers', 'patients', 'validation_rules', 'audit_log_seals', 'parent')
   AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'patient_id'
                                                AND a.attnum = ANY (con.conkey))
UNION ALL
SELECT c.relname::text, ic.relname || ' (unique index) lacks patient_id'
  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
 WHERE c.relnamespace = target AND i.indisunique
   AND c.relname NOT IN ('providers', 'patients', 'validation_rules', 'audit_log_seals', 'parent')
   AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)  -- reported above
   AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'patient_id'
                                                AND a.attnum = ANY (i.indkey::int2[]))
ORDER BY 1, 2
$$;
CREATE TABLE regress_control.child_unique (id int PRIMARY KEY, patient_id int NOT NULL, code text UNIQUE);
CREATE UNIQUE INDEX child_unique_code_live ON regress_control.child_unique (lower(code));
SELECT * FROM regress.distribution_problems('clinic');
SELECT * FROM regress.distribution_problems('regress_control');
DROP SCHEMA regress_control CASCADE;

-- Foreign keys among patient-owned tables carry patient_id in the same position on both sides.
SELECT con.conname
  FROM pg_constraint con
 WHERE con.contype = 'f' AND con.connamespace = 'clinic'::regnamespace
   AND con.confrelid <> 'clinic.providers'::regclass
   AND NOT EXISTS (
       SELECT FROM generate_subscripts(con.conkey, 1) s
        WHERE (SELECT attname FROM pg_attribute WHERE attrelid = con.conrelid AND attnum = con.conkey[s]) = 'patient_id'
          AND (SELECT attname FROM pg_attribute WHERE attrelid = con.confrelid AND attnum = con.confkey[s])
              = CASE WHEN con.confrelid = 'clinic.patients'::regclass THEN 'id' ELSE 'patient_id' END);

-- Ids are uuids generated in the database.
SELECT c.relname, pg_get_expr(d.adbin, d.adrelid) AS id_default, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id'
  JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r' ORDER BY 1;

-- Audit columns on every table; soft delete on all but consent_records.
SELECT c.relname,
       bool_and(a.attname IS NOT NULL) FILTER (WHERE col IN ('created_at', 'updated_at', 'created_by', 'updated_by')) AS audit_columns,
       bool_and(a.attname IS NOT NULL) FILTER (WHERE col IN ('deleted_at', 'deleted_by')) AS soft_delete
  FROM pg_class c
 CROSS JOIN unnest(ARRAY['created_at', 'updated_at', 'created_by', 'updated_by', 'deleted_at', 'deleted_by']) col
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = col AND NOT a.attisdropped
 WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
 GROUP BY c.relname ORDER BY 1;

-- Triggers, all enabled.
SELECT tgrelid::regclass AS table_name, tgname, tgenabled
  FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'clinic'::regnamespace)
 ORDER BY 1, 2;

-- Documentation: every table and every column has a comment. Expect no rows.
SELECT c.relname, a.attname
  FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r'
   AND (obj_description(c.oid, 'pg_class') IS NULL OR col_description(c.oid, a.attnum) IS NULL)
 ORDER BY 1, 2;
-- Every function and type has a comment too. Expect no rows.
SELECT p.oid::regprocedure::text FROM pg_proc p
 WHERE p.pronamespace = 'clinic'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL
UNION ALL
SELECT t.oid::regtype::text FROM pg_type t
 WHERE t.typnamespace = 'clinic'::regnamespace AND t.typtype = 'e' AND obj_description(t.oid, 'pg_type') IS NULL;

-- Every function pins its search_path. Expect no rows.
SELECT p.oid::regprocedure FROM pg_proc p
 WHERE p.pronamespace = 'clinic'::regnamespace
   AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%');

-- Every table's rows are dumped by pg_dump.
SELECT count(*) AS tables, count(*) FILTER (WHERE c.oid = ANY (e.extconfig)) AS dumped
  FROM pg_class c, pg_extension e
 WHERE e.extname = 'clinic' AND c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r';
