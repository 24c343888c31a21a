-- One JSON document of the catalog facts the labels are judged from. psql -v schema=...
SELECT jsonb_build_object(
  'tables', (SELECT jsonb_object_agg(c.relname, jsonb_build_object(
      'oid', c.oid::int,
      'kind', c.relkind,
      'extension_member', EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'),
      'reltuples', c.reltuples,
      'comment', obj_description(c.oid, 'pg_class'),
      'columns', (SELECT jsonb_agg(jsonb_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                     'notnull', a.attnotnull, 'default', pg_get_expr(ad.adbin, ad.adrelid), 'identity', a.attidentity) ORDER BY a.attnum)
                  FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
      'indexes', (SELECT jsonb_agg(jsonb_build_object('name', ic.relname, 'unique', i.indisunique, 'primary', i.indisprimary,
                     'partial', i.indpred IS NOT NULL, 'valid', i.indisvalid, 'nulls_not_distinct', i.indnullsnotdistinct,
                     'nkeys', i.indnkeyatts,
                     'cols', (SELECT jsonb_agg(CASE WHEN k.attnum = 0 THEN NULL ELSE (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = k.attnum) END ORDER BY k.ord)
                              FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) WHERE k.ord <= i.indnkeyatts),
                     'constraint', (SELECT conname FROM pg_constraint WHERE conindid = i.indexrelid AND conrelid = c.oid LIMIT 1),
                     'def', pg_get_indexdef(i.indexrelid)) ORDER BY ic.relname)
                  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid),
      'fks', (SELECT jsonb_agg(jsonb_build_object('name', co.conname, 'validated', co.convalidated,
                     'cols', (SELECT jsonb_agg(attname ORDER BY array_position(co.conkey, attnum)) FROM pg_attribute WHERE attrelid = c.oid AND attnum = ANY (co.conkey)),
                     'ref', co.confrelid::regclass::text, 'on_delete', co.confdeltype) ORDER BY co.conname)
                  FROM pg_constraint co WHERE co.conrelid = c.oid AND co.contype = 'f'),
      'constraints', (SELECT jsonb_agg(jsonb_build_object('name', co.conname, 'type', co.contype, 'validated', co.convalidated, 'def', pg_get_constraintdef(co.oid)) ORDER BY co.conname)
                  FROM pg_constraint co WHERE co.conrelid = c.oid),
      'triggers', (SELECT jsonb_agg(jsonb_build_object('name', t.tgname, 'enabled', t.tgenabled, 'def', pg_get_triggerdef(t.oid)))
                  FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal),
      'acl', c.relacl::text[]
    ))
    FROM pg_class c WHERE c.relnamespace = :'schema'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')),
  'functions', (SELECT jsonb_agg(jsonb_build_object('name', p.proname, 'args', pg_get_function_arguments(p.oid),
       'identity', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       'language', l.lanname, 'secdef', p.prosecdef, 'config', p.proconfig,
       'extension', (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e' LIMIT 1)))
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = :'schema'::regnamespace),
  'extensions', (SELECT jsonb_agg(jsonb_build_object('name', extname, 'schema', extnamespace::regnamespace::text, 'version', extversion)) FROM pg_extension),
  'enums', (SELECT jsonb_agg(t.typname) FROM pg_type t WHERE t.typnamespace = :'schema'::regnamespace AND t.typtype = 'e')
);
