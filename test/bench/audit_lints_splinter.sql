-- Baseline for the audit benchmark, second form: every check of clinic.audit() that is a lint over
-- a schema's catalog (or its statistics) written the way Supabase splinter writes its lints
-- (https://github.com/supabase/splinter, lints/*.sql): one query per lint, returning one row per
-- offending object with splinter's columns name, title, level, facing, categories, description,
-- detail (format()), remediation, metadata (jsonb_build_object with schema/name/type) and
-- cache_key. Where splinter excludes system schemas with `n.nspname not in (...)`, these are
-- restricted to the schema in psql variable :'schema' (psql -v schema=NAME). Unlike splinter, they
-- do not leave out objects that belong to an extension (the audit does not: clinic's own schema
-- is one). Each query finds the same offenders as the audit's check (its `detail`), one row per
-- entry the audit lists, except where a comment says otherwise.
--
-- Left out: the checks that are not lints over the schema's catalog or statistics.
--   migration.status       - the clinic extension's installed/default version and the rows of
--                            the schema's _prisma_migrations table, not the catalog
--   migration.files        - whether clinic's own install scripts are on the server
--                            (pg_available_extension_versions)
--   migration.naming       - reads the rows of _prisma_migrations
--   migration.history      - reads the rows of _prisma_migrations
--   drift.manifest         - compares the live schema with a stored baseline/manifest
--   drift.none             - summary of drift.manifest
--   inventory.table_count  - count compared with a stored baseline/manifest
--   inventory.tables_present, inventory.foreign_keys, inventory.uniques, inventory.enums
--                          - sets compared with a stored baseline/manifest
--   extension.version      - server version and clinic's installed vs newest version
--   extension.library_sync - clinic's loaded shared library vs its SQL version
--   audit.suppressions     - reads clinic_audit.suppressions (the audit's own configuration)
--
-- Checks that read table data:
--   seed.data_present       - statistics only (pg_class.reltuples, pg_stat live tuples): mirrored
--                             whole.
--   seed.placeholder_values - its data part scans only the text columns of PHI tables of at most
--                             100,000 rows; only the catalog part is mirrored: the query lists
--                             the columns the audit would scan (the audit's "N PHI text columns
--                             scanned"), not those holding placeholders.
--   secrets.plaintext       - the catalog part (names, defaults, comments) is mirrored; its value
--                             scan covers every readable password/secret-like column whatever
--                             the table's size, so it is mirrored too, with query_to_xml() (one
--                             count per such column, as the audit runs).
-- Checks whose detail is not a list of offenders:
--   seed.function, hipaa.consent_tracking - the offender is the schema when the function or table
--                             is missing: one row then (the audit's detail lists those found).
--   table.sizes             - informational: one row per table, the ten largest (as the audit).
--   fk.cascade              - the audit lists the unworkable rules, then every foreign key with
--                             its ON DELETE action, then the cascade closure: the query returns
--                             the same rows, the closure as one row per root table.

-- catalog.valid: invalid indexes, NOT VALID constraints and disabled triggers (the audit also
-- compiles SQL and PL/pgSQL function bodies with their validators; a lint query cannot, so that
-- part is not mirrored: the benchmark schema has no functions)
select
    'catalog_invalid_object' as name,
    'Invalid Catalog Object' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['VALIDITY'] as categories,
    'Detects indexes left invalid by a failed CREATE INDEX CONCURRENTLY, constraints added NOT VALID and never validated, and disabled triggers.' as description,
    format(
        '%s `%s` on `%s.%s` %s',
        initcap(o.object_type),
        o.object_name,
        n.nspname,
        c.relname,
        o.problem
    ) as detail,
    'REINDEX INDEX CONCURRENTLY the invalid index; ALTER TABLE ... VALIDATE CONSTRAINT; ALTER TABLE ... ENABLE TRIGGER.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        o.object_type, o.object_name
    ) as metadata,
    format(
        'catalog_invalid_object_%s_%s_%s',
        n.nspname,
        c.relname,
        o.object_name
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    join (
        select i.indrelid, 'index', ic.relname, 'is invalid (a failed CREATE INDEX CONCURRENTLY?)'
        from
            pg_catalog.pg_index i
            join pg_catalog.pg_class ic
                on ic.oid = i.indexrelid
        where
            not i.indisvalid
            or not i.indisready
        union all
        select k.conrelid, 'constraint', k.conname, 'is NOT VALID: existing rows were never checked'
        from pg_catalog.pg_constraint k
        where
            not k.convalidated
            and k.contype in ('p', 'u', 'f', 'c', 'x')
        union all
        select t.tgrelid, 'trigger', t.tgname, 'is disabled'
        from pg_catalog.pg_trigger t
        where
            t.tgenabled = 'D'
            and not t.tgisinternal
    ) o(relid, object_type, object_name, problem)
        on o.relid = c.oid
where
    c.relkind in ('r', 'p', 'v', 'm', 'f')
    and n.nspname = :'schema';

-- naming.conventions: names off the schema's own style (the most common one, per tables and per
-- columns), reserved words, names of 63 bytes or more; one row per name and problem
with reserved_words as (
    select word from pg_catalog.pg_get_keywords() where catcode in ('R', 'T')
    union
    select 'system_user' -- reserved from PostgreSQL 16; the audit treats it as reserved on every version
),
names as (
    select c.relname as table_name, 'table' as kind, c.relname::text as object_name
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
    union all
    select c.relname, 'column', a.attname::text
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        join pg_catalog.pg_attribute a
            on a.attrelid = c.oid
            and a.attnum > 0
            and not a.attisdropped
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
),
styled as (
    select
        nm.*,
        case
            when nm.object_name = '' or nm.object_name ~ '[^A-Za-z0-9_]' then 'mixed'
            when nm.object_name !~ '[A-Z]' and nm.object_name ~ '^[_a-z]' then 'snake_case'
            when nm.object_name ~ '_' then 'mixed'
            when nm.object_name ~ '^[A-Z]' then 'PascalCase'
            when nm.object_name ~ '^[a-z]' then 'camelCase'
            else 'mixed'
        end as style
    from names nm
),
schema_style as (
    select distinct on (kind) kind, style
    from styled
    where style <> 'mixed'
    group by kind, style
    order by kind, count(*) desc, array_position(array['snake_case', 'PascalCase', 'camelCase'], style)
)
select
    'naming_convention' as name,
    'Naming Convention' as title,
    case when p.too_long then 'ERROR' else 'WARN' end as level,
    'EXTERNAL' as facing,
    array['NAMING'] as categories,
    'Detects table and column names off the schema''s own case style, reserved words, and names of 63 bytes or more (truncated by PostgreSQL).' as description,
    format(
        '%s `%s` is %s',
        initcap(s.kind),
        case when s.kind = 'table' then format('%s.%s', :'schema', s.object_name)
             else format('%s.%s.%s', :'schema', s.table_name, s.object_name) end,
        p.problem
    ) as detail,
    'Rename the listed objects (ALTER TABLE ... RENAME) in a migration.' as remediation,
    jsonb_build_object(
        'schema', :'schema',
        'name', s.table_name,
        'type', s.kind,
        'object_name', s.object_name,
        'style', s.style,
        'schema_style', coalesce(ss.style, 'snake_case')
    ) as metadata,
    format(
        'naming_convention_%s_%s_%s_%s',
        :'schema',
        s.table_name,
        s.object_name,
        p.key
    ) as cache_key
from
    styled s
    left join schema_style ss
        on ss.kind = s.kind
    cross join lateral (
        values
            ('length', octet_length(s.object_name) >= 63, true, '63 bytes, the limit: possibly cut from a longer name (PostgreSQL truncates with only a NOTICE)'),
            ('reserved', lower(s.object_name) in (select word from reserved_words), false, 'a reserved word'),
            ('style', s.style <> coalesce(ss.style, 'snake_case')
                      and not (coalesce(ss.style, 'snake_case') = 'camelCase' and s.style = 'snake_case'),
             false, 'not ' || coalesce(ss.style, 'snake_case'))
    ) p(key, found, too_long, problem)
where
    p.found;

-- orm.introspectable: tables without a primary key; columns of types ORMs map as Unsupported
with offenders as (
    select n.nspname as schema_name, c.relname as table_name, null::name as column_name, null::text as column_type,
           'has no primary key: ORMs cannot address its rows' as problem, 'ERROR' as level
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        left join pg_catalog.pg_constraint pk
            on pk.conrelid = c.oid
            and pk.contype = 'p'
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
        and pk.oid is null
    union all
    select n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
           'is of a type ORMs map as Unsupported', 'WARN'
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        join pg_catalog.pg_attribute a
            on a.attrelid = c.oid
            and a.attnum > 0
            and not a.attisdropped
        join pg_catalog.pg_type t
            on t.oid = a.atttypid
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
        and t.typname in ('tsvector', 'tsquery', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle',
                          'interval', 'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange')
)
select
    'orm_not_introspectable' as name,
    'ORM Cannot Introspect' as title,
    o.level as level,
    'EXTERNAL' as facing,
    array['STRUCTURE'] as categories,
    'Detects tables an ORM cannot introspect: no primary key, or columns of types mapped as Unsupported.' as description,
    case when o.column_name is null
         then format('Table `%s.%s` %s', o.schema_name, o.table_name, o.problem)
         else format('Column `%s.%s.%s` (%s) %s', o.schema_name, o.table_name, o.column_name, o.column_type, o.problem)
    end as detail,
    'Add a primary key; map unsupported types explicitly.' as remediation,
    jsonb_build_object(
        'schema', o.schema_name,
        'name', o.table_name,
        'type', 'table',
        'column', o.column_name,
        'column_type', o.column_type
    ) as metadata,
    format(
        'orm_not_introspectable_%s_%s_%s',
        o.schema_name,
        o.table_name,
        coalesce(o.column_name, '')
    ) as cache_key
from
    offenders o;

-- index.tables_indexed: tables without any index
select
    'table_without_index' as name,
    'Table Without Index' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects tables that have no index at all.' as description,
    format(
        'Table `%s.%s` has no index',
        n.nspname,
        c.relname
    ) as detail,
    'Add a primary key or the indexes its queries need.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'table_without_index_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    c.relkind in ('r', 'p')
    and n.nspname = :'schema'
    and not exists (
        select 1
        from pg_catalog.pg_index i
        where i.indrelid = c.oid
    );

-- pk.present: tables without a primary key, and primary keys not named <table>_pkey
select
    'no_primary_key' as name,
    'No Primary Key' as title,
    case when pk.oid is null then 'ERROR' else 'WARN' end as level,
    'EXTERNAL' as facing,
    array['STRUCTURE'] as categories,
    'Detects tables without a primary key, and primary keys not named <table>_pkey.' as description,
    case when pk.oid is null
         then format('Table `%s.%s` does not have a primary key', n.nspname, c.relname)
         else format('Primary key `%s` of table `%s.%s` is not named %s_pkey', pk.conname, n.nspname, c.relname, c.relname)
    end as detail,
    'ALTER TABLE ... ADD PRIMARY KEY; rename keys to <table>_pkey.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'constraint', pk.conname
    ) as metadata,
    format(
        'no_primary_key_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_constraint pk
        on pk.conrelid = c.oid
        and pk.contype = 'p'
where
    c.relkind in ('r', 'p')
    and n.nspname = :'schema'
    and (pk.oid is null or pk.conname <> c.relname || '_pkey');

-- seed.function: the extension's schema without a seed function (the offender is the schema; in
-- another schema the audit skips the check: ORM seeds run outside the database)
select
    'no_seed_function' as name,
    'No Seed Function' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['SEED'] as categories,
    'Detects a schema without a seed function (a function whose name starts with seed).' as description,
    format(
        'Schema `%s` has no seed function',
        n.nspname
    ) as detail,
    'Provide seed functions (clinic.seed_demo, clinic.seed_production).' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', n.nspname,
        'type', 'schema'
    ) as metadata,
    format(
        'no_seed_function_%s',
        n.nspname
    ) as cache_key
from
    pg_catalog.pg_namespace n
where
    n.nspname = :'schema'
    and exists (
        select 1
        from pg_catalog.pg_extension e
        where e.extname = 'clinic' and e.extnamespace = n.oid
    )
    and not exists (
        select 1
        from pg_catalog.pg_proc p
        where
            p.pronamespace = n.oid
            and p.prokind in ('f', 'p')
            and p.proname like 'seed%'
    );

-- seed.data_present: core tables that look empty by statistics (reltuples, live tuples); core
-- tables are every table, or patients, providers and appointments in the extension's own schema
select
    'empty_table' as name,
    'Empty Core Table' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SEED'] as categories,
    'Detects core tables that look empty by statistics (pg_class.reltuples and pg_stat live tuples).' as description,
    format(
        'Table `%s.%s` looks empty (estimated rows %s)',
        n.nspname,
        c.relname,
        greatest(c.reltuples::bigint, pg_catalog.pg_stat_get_live_tuples(c.oid))
    ) as detail,
    'Run the seed (SELECT * FROM clinic.seed_production()), or ANALYZE if statistics are stale.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'estimated_rows', greatest(c.reltuples::bigint, pg_catalog.pg_stat_get_live_tuples(c.oid))
    ) as metadata,
    format(
        'empty_table_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_extension e
        on e.extname = 'clinic'
        and e.extnamespace = n.oid
where
    c.relkind in ('r', 'p')
    and n.nspname = :'schema'
    and case when e.oid is null then c.relname <> '_prisma_migrations'
             else c.relname in ('patients', 'providers', 'appointments') end
    and greatest(c.reltuples::bigint, pg_catalog.pg_stat_get_live_tuples(c.oid)) <= 0;

-- seed.placeholder_values: (catalog part only) the text columns of readable PHI tables of at most
-- 100,000 rows, which the audit scans for placeholder values; the scan itself is not mirrored
select
    'phi_text_column_to_scan' as name,
    'PHI Text Column To Scan For Placeholders' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['SEED'] as categories,
    'Lists the text columns of small PHI tables, whose values must not be placeholders (test123, asdf, lorem...).' as description,
    format(
        'Column `%s.%s.%s` holds PHI text to check for placeholder values',
        n.nspname,
        c.relname,
        a.attname
    ) as detail,
    'Replace placeholder values with realistic data, or remove the rows.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'column', a.attname
    ) as metadata,
    format(
        'phi_text_column_to_scan_%s_%s_%s',
        n.nspname,
        c.relname,
        a.attname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_description d
        on d.objoid = c.oid
        and d.classoid = 'pg_catalog.pg_class'::regclass
        and d.objsubid = 0
    join pg_catalog.pg_attribute a
        on a.attrelid = c.oid
        and a.attnum > 0
        and not a.attisdropped
    join pg_catalog.pg_type t
        on t.oid = a.atttypid
where
    c.relkind in ('r', 'p')
    and n.nspname = :'schema'
    and t.typname in ('text', 'varchar')
    and pg_catalog.has_table_privilege(c.oid, 'SELECT')
    and greatest(c.reltuples::bigint, pg_catalog.pg_stat_get_live_tuples(c.oid)) <= 100000
    and ( -- a PHI table: named for patients, with a patient id, or commented PHI
        lower(c.relname) like '%patient%'
        or exists (
            select 1
            from pg_catalog.pg_attribute pa
            where pa.attrelid = c.oid and pa.attname in ('patient_id', 'patientId') and pa.attnum > 0
        )
        or d.description ~* '(^|[^[:alnum:]_])phi([^[:alnum:]_]|$)'
    );

-- fk.indexed: foreign keys whose columns are not the leading key columns (in any order) of a
-- valid, non-partial index
with foreign_keys as (
    select
        n.nspname as schema_name,
        cl.relname as table_name,
        cl.oid as table_oid,
        ct.conname as fkey_name,
        ct.conkey as col_attnums,
        ct.confrelid
    from
        pg_catalog.pg_constraint ct
        join pg_catalog.pg_class cl -- fkey owning table
            on ct.conrelid = cl.oid
        join pg_catalog.pg_namespace n
            on cl.relnamespace = n.oid
    where
        ct.contype = 'f' -- foreign key constraints
        and n.nspname = :'schema'
),
index_ as (
    select
        pi.indrelid as table_oid,
        pi.indexrelid as index_,
        pi.indnkeyatts,
        string_to_array(pi.indkey::text, ' ')::smallint[] as col_attnums
    from
        pg_catalog.pg_index pi
    where
        pi.indisvalid
        and pi.indpred is null
)
select
    'unindexed_foreign_keys' as name,
    'Unindexed foreign keys' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Identifies foreign key constraints without a covering index, which can impact database performance.' as description,
    format(
        'Table `%s.%s` has a foreign key `%s` (%s) referencing `%s` without a covering index. This can lead to suboptimal query performance.',
        fk.schema_name,
        fk.table_name,
        fk.fkey_name,
        cols.names,
        fk.confrelid::regclass
    ) as detail,
    'CREATE INDEX CONCURRENTLY on the foreign-key columns (a composite index may lead with them in any order).' as remediation,
    jsonb_build_object(
        'schema', fk.schema_name,
        'name', fk.table_name,
        'type', 'table',
        'fkey_name', fk.fkey_name,
        'fkey_columns', cols.names,
        'references', fk.confrelid::regclass::text
    ) as metadata,
    format('unindexed_foreign_keys_%s_%s_%s', fk.schema_name, fk.table_name, fk.fkey_name) as cache_key
from
    foreign_keys fk
    left join index_ idx
        on fk.table_oid = idx.table_oid
        and idx.indnkeyatts >= cardinality(fk.col_attnums)
        and idx.col_attnums[1:cardinality(fk.col_attnums)] @> fk.col_attnums
    cross join lateral (
        select string_agg(a.attname, ', ' order by k.ord) as names
        from
            unnest(fk.col_attnums) with ordinality k(attnum, ord)
            join pg_catalog.pg_attribute a
                on a.attrelid = fk.table_oid
                and a.attnum = k.attnum
    ) cols
where
    idx.index_ is null
order by
    fk.schema_name,
    fk.table_name,
    fk.fkey_name;

-- table.sizes: (informational) the ten largest tables, heap, TOAST and indexes from relpages
with sizes as (
    select
        n.nspname as schema_name,
        c.relname as table_name,
        c.reltuples::bigint as estimated_rows,
        (c.relpages::bigint + coalesce(t.relpages, 0)) * current_setting('block_size')::bigint
            + coalesce((
                select sum(ic.relpages::bigint)
                from
                    pg_catalog.pg_index i
                    join pg_catalog.pg_class ic
                        on ic.oid = i.indexrelid
                where i.indrelid = c.oid
            ), 0) * current_setting('block_size')::bigint as size_bytes
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        left join pg_catalog.pg_class t
            on t.oid = c.reltoastrelid
    where
        c.relkind in ('r', 'p')
        and n.nspname = :'schema'
)
select
    'table_size' as name,
    'Table Size' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['CAPACITY'] as categories,
    'Lists the largest tables, with their indexes, from pg_class.relpages (as of the last VACUUM or ANALYZE).' as description,
    format(
        'Table `%s.%s` takes %s with its indexes (about %s rows)',
        s.schema_name,
        s.table_name,
        pg_catalog.pg_size_pretty(s.size_bytes),
        s.estimated_rows
    ) as detail,
    null as remediation,
    jsonb_build_object(
        'schema', s.schema_name,
        'name', s.table_name,
        'type', 'table',
        'size_bytes', s.size_bytes,
        'estimated_rows', s.estimated_rows,
        'schema_tables', count(*) over (),
        'schema_size_bytes', sum(s.size_bytes) over (),
        'schema_tables_never_analyzed', count(*) filter (where s.estimated_rows < 0) over ()
    ) as metadata,
    format(
        'table_size_%s_%s',
        s.schema_name,
        s.table_name
    ) as cache_key
from
    sizes s
order by
    s.size_bytes desc,
    s.table_name
limit 10;

-- columns.timestamps: created_at / updated_at (or createdAt / updatedAt) missing, not timestamptz,
-- created_at without a default, updated_at without an enabled BEFORE UPDATE row trigger; tables
-- whose enabled BEFORE row triggers refuse UPDATE and DELETE (append-only logs) are left out
with tables_ as (
    select n.nspname as schema_name, c.oid, c.relname as table_name
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
        and not ( -- append-only: one unconditional BEFORE row trigger on UPDATE and DELETE, no updated_at
            exists (
                select 1 from pg_catalog.pg_trigger t
                where t.tgrelid = c.oid and not t.tgisinternal and t.tgenabled <> 'D' and t.tgtype & 3 = 3
                    and t.tgtype & 24 = 24 and t.tgattr = ''::int2vector and t.tgqual is null
            )
            and not exists (
                select 1 from pg_catalog.pg_attribute ua
                where ua.attrelid = c.oid and ua.attname in ('updated_at', 'updatedAt') and ua.attnum > 0 and not ua.attisdropped
            )
        )
),
columns_ as (
    select
        t.*,
        cr.attname as created_name, cr.typname as created_type, cr.atthasdef as created_default,
        up.attname as updated_name, up.typname as updated_type,
        exists (
            select 1 from pg_catalog.pg_trigger tg
            where tg.tgrelid = t.oid and not tg.tgisinternal and tg.tgenabled <> 'D'
                and tg.tgtype & 3 = 3 and tg.tgtype & 16 = 16
        ) as update_trigger
    from
        tables_ t
        left join lateral (
            select a.attname, ty.typname, a.atthasdef
            from
                pg_catalog.pg_attribute a
                join pg_catalog.pg_type ty
                    on ty.oid = a.atttypid
            where a.attrelid = t.oid and a.attname in ('created_at', 'createdAt') and a.attnum > 0
            order by a.attname = 'created_at' desc
            limit 1
        ) cr on true
        left join lateral (
            select a.attname, ty.typname
            from
                pg_catalog.pg_attribute a
                join pg_catalog.pg_type ty
                    on ty.oid = a.atttypid
            where a.attrelid = t.oid and a.attname in ('updated_at', 'updatedAt') and a.attnum > 0
            order by a.attname = 'updated_at' desc
            limit 1
        ) up on true
)
select
    'timestamp_columns' as name,
    'Timestamp Columns' as title,
    case when p.key = 'no_created_at' then 'ERROR' else 'WARN' end as level,
    'EXTERNAL' as facing,
    array['AUDIT COLUMNS'] as categories,
    'Detects tables without created_at and updated_at, timestamptz, with a default and an enabled BEFORE UPDATE trigger maintaining updated_at.' as description,
    format(
        'Table `%s.%s`: %s',
        c.schema_name,
        c.table_name,
        p.problem
    ) as detail,
    'Add the columns with DEFAULT now() and a BEFORE UPDATE trigger (clinic.audit_columns_trigger).' as remediation,
    jsonb_build_object(
        'schema', c.schema_name,
        'name', c.table_name,
        'type', 'table',
        'column', p.column_name
    ) as metadata,
    format(
        'timestamp_columns_%s_%s_%s',
        c.schema_name,
        c.table_name,
        p.key
    ) as cache_key
from
    columns_ c
    cross join lateral (
        values
            ('no_created_at', c.created_name is null, null::name, 'no created_at'),
            ('created_default', c.created_name is not null and not c.created_default, c.created_name,
             format('column %s has no default', c.created_name)),
            ('created_type', c.created_name is not null and c.created_type <> 'timestamptz', c.created_name,
             format('column %s is not timestamptz', c.created_name)),
            ('no_updated_at', c.updated_name is null, null::name, 'no updated_at'),
            ('updated_type', c.updated_name is not null and c.updated_type <> 'timestamptz', c.updated_name,
             format('column %s is not timestamptz', c.updated_name)),
            ('updated_trigger', c.updated_name is not null and not c.update_trigger, c.updated_name,
             format('no enabled BEFORE UPDATE trigger maintains column %s (only the application does)', c.updated_name))
    ) p(key, found, column_name, problem)
where
    p.found;

-- columns.audit_trail: created_by, updated_by, and deleted_by where deleted_at exists (either
-- spelling); append-only tables are left out
with tables_ as (
    select n.nspname as schema_name, c.oid, c.relname as table_name
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
        and not ( -- append-only: one unconditional BEFORE row trigger on UPDATE and DELETE, no updated_at
            exists (
                select 1 from pg_catalog.pg_trigger t
                where t.tgrelid = c.oid and not t.tgisinternal and t.tgenabled <> 'D' and t.tgtype & 3 = 3
                    and t.tgtype & 24 = 24 and t.tgattr = ''::int2vector and t.tgqual is null
            )
            and not exists (
                select 1 from pg_catalog.pg_attribute ua
                where ua.attrelid = c.oid and ua.attname in ('updated_at', 'updatedAt') and ua.attnum > 0 and not ua.attisdropped
            )
        )
),
missing as (
    select t.*, m.column_name
    from
        tables_ t
        cross join lateral (
            select 'created_by'
            where not exists (
                select 1 from pg_catalog.pg_attribute a
                where a.attrelid = t.oid and a.attname in ('created_by', 'createdBy') and a.attnum > 0
            )
            union all
            select 'updated_by'
            where not exists (
                select 1 from pg_catalog.pg_attribute a
                where a.attrelid = t.oid and a.attname in ('updated_by', 'updatedBy', 'last_modified_by', 'lastModifiedBy')
                    and a.attnum > 0
            )
            union all
            select 'deleted_by'
            where exists (
                select 1 from pg_catalog.pg_attribute a
                where a.attrelid = t.oid and a.attname in ('deleted_at', 'deletedAt') and a.attnum > 0
            )
            and not exists (
                select 1 from pg_catalog.pg_attribute a
                where a.attrelid = t.oid and a.attname in ('deleted_by', 'deletedBy') and a.attnum > 0
            )
        ) m(column_name)
)
select
    'audit_trail_columns' as name,
    'Audit Trail Columns' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['AUDIT COLUMNS'] as categories,
    'Detects tables without created_by and updated_by, and soft-deletable tables without deleted_by.' as description,
    format(
        'Table `%s.%s` has no %s column',
        m.schema_name,
        m.table_name,
        m.column_name
    ) as detail,
    'Add the columns and maintain them in a trigger.' as remediation,
    jsonb_build_object(
        'schema', m.schema_name,
        'name', m.table_name,
        'type', 'table',
        'missing', m.column_name
    ) as metadata,
    format(
        'audit_trail_columns_%s_%s_%s',
        m.schema_name,
        m.table_name,
        m.column_name
    ) as cache_key
from
    missing m;

-- fk.cascade: ON DELETE SET NULL on a NOT NULL column (one row per such column); every foreign key
-- with its ON DELETE action; the transitive ON DELETE CASCADE closure from each root table (one
-- row per root) -- the rows the audit's detail lists
with recursive foreign_keys as (
    select
        n.nspname as schema_name,
        c.relname as table_name,
        k.conrelid,
        k.conname,
        k.conkey,
        k.confdeltype,
        r.relname as ref_table,
        r.relnamespace = n.oid as ref_in_schema
    from
        pg_catalog.pg_constraint k
        join pg_catalog.pg_class c
            on c.oid = k.conrelid
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        join pg_catalog.pg_class r
            on r.oid = k.confrelid
    where
        k.contype = 'f'
        and n.nspname = :'schema'
),
cascade_edges as (
    select distinct ref_table as parent, table_name as child
    from foreign_keys
    where confdeltype = 'c' and ref_in_schema
),
closure as (
    select parent as root, child from cascade_edges
    union
    select cl.root, e.child
    from
        closure cl
        join cascade_edges e
            on e.parent = cl.child
),
rows_ as (
    select
        fk.schema_name, fk.table_name, fk.conname, 'ERROR' as level,
        format('Foreign key `%s` on `%s.%s` is ON DELETE SET NULL on NOT NULL column %s: every delete of a referenced row fails',
               fk.conname, fk.schema_name, fk.table_name, a.attname) as detail,
        jsonb_build_object('schema', fk.schema_name, 'name', fk.table_name, 'type', 'table', 'constraint', fk.conname,
                           'column', a.attname) as metadata,
        'set_null_' || a.attname as key
    from
        foreign_keys fk
        join pg_catalog.pg_attribute a
            on a.attrelid = fk.conrelid
            and a.attnum = any (fk.conkey)
    where
        fk.confdeltype = 'n'
        and a.attnotnull
    union all
    select
        fk.schema_name, fk.table_name, fk.conname, 'INFO',
        format('Foreign key `%s` on `%s.%s` references `%s` ON DELETE %s', fk.conname, fk.schema_name, fk.table_name, fk.ref_table,
               case fk.confdeltype when 'c' then 'CASCADE' when 'r' then 'RESTRICT' when 'n' then 'SET NULL'
                                   when 'd' then 'SET DEFAULT' else 'NO ACTION' end),
        jsonb_build_object('schema', fk.schema_name, 'name', fk.table_name, 'type', 'table', 'constraint', fk.conname,
                           'references', fk.ref_table, 'on_delete', fk.confdeltype),
        'action'
    from
        foreign_keys fk
    union all
    select
        :'schema', cl.root, null, 'INFO',
        format('A delete on `%s.%s` cascades to %s', :'schema', cl.root, string_agg(cl.child, ', ' order by cl.child)),
        jsonb_build_object('schema', :'schema', 'name', cl.root, 'type', 'table',
                           'deletes_cascade_to', array_agg(cl.child order by cl.child)),
        'closure'
    from
        closure cl
    group by
        cl.root
)
select
    'foreign_key_delete_rule' as name,
    'Foreign Key Delete Rule' as title,
    r.level,
    'EXTERNAL' as facing,
    array['RELATIONSHIPS'] as categories,
    'Detects delete rules that cannot work (ON DELETE SET NULL on a NOT NULL column), and reports every foreign key''s delete action and the cascade closure.' as description,
    r.detail,
    'Change ON DELETE SET NULL on NOT NULL columns to CASCADE or RESTRICT.' as remediation,
    r.metadata,
    format(
        'foreign_key_delete_rule_%s_%s_%s_%s',
        r.schema_name,
        r.table_name,
        coalesce(r.conname, ''),
        r.key
    ) as cache_key
from
    rows_ r;

-- columns.defaults: NOT NULL status columns, boolean columns and creation-time columns without a
-- default (generated and identity columns aside)
select
    'column_without_default' as name,
    'Column Without Default' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['DEFAULTS'] as categories,
    'Detects status, boolean and creation-time columns without a default.' as description,
    format(
        'Column `%s.%s.%s` (%s) has no default',
        n.nspname,
        c.relname,
        a.attname,
        pg_catalog.format_type(a.atttypid, a.atttypmod)
    ) as detail,
    'ALTER TABLE ... ALTER COLUMN ... SET DEFAULT.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'column', a.attname,
        'column_type', pg_catalog.format_type(a.atttypid, a.atttypmod)
    ) as metadata,
    format(
        'column_without_default_%s_%s_%s',
        n.nspname,
        c.relname,
        a.attname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    join pg_catalog.pg_attribute a
        on a.attrelid = c.oid
        and a.attnum > 0
        and not a.attisdropped
    join pg_catalog.pg_type t
        on t.oid = a.atttypid
where
    c.relkind in ('r', 'p')
    and c.relname <> '_prisma_migrations'
    and n.nspname = :'schema'
    and not a.atthasdef
    and a.attgenerated = ''
    and a.attidentity = ''
    and (
        (a.attnotnull and (lower(a.attname) = 'status' or (length(a.attname) > 7 and right(lower(a.attname), 7) = '_status')))
        or t.typname = 'bool'
        or lower(a.attname) in ('created_at', 'createdat')
    );

-- integrity.enforced: foreign keys and checks not enforced on existing rows (NOT VALID)
select
    'constraint_not_validated' as name,
    'Constraint Not Validated' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['INTEGRITY'] as categories,
    'Detects foreign keys and check constraints added NOT VALID: existing rows were never checked.' as description,
    format(
        'Constraint `%s` on `%s.%s` is not enforced on existing rows (NOT VALID)',
        k.conname,
        n.nspname,
        c.relname
    ) as detail,
    'ALTER TABLE ... VALIDATE CONSTRAINT after fixing violating rows.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'constraint', k.conname
    ) as metadata,
    format(
        'constraint_not_validated_%s_%s_%s',
        n.nspname,
        c.relname,
        k.conname
    ) as cache_key
from
    pg_catalog.pg_constraint k
    join pg_catalog.pg_class c
        on c.oid = k.conrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    k.contype in ('f', 'c')
    and not k.convalidated
    and c.relkind in ('r', 'p')
    and c.relname <> '_prisma_migrations'
    and n.nspname = :'schema';

-- hipaa.no_public_access: privileges granted to PUBLIC on PHI tables (table or column grants); a
-- PHI table is named for patients, has a patient_id / patientId column, or is commented PHI
with phi_tables as (
    select n.nspname as schema_name, c.oid, c.relname as table_name, c.relacl
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        left join pg_catalog.pg_description d
            on d.objoid = c.oid
            and d.classoid = 'pg_catalog.pg_class'::regclass
            and d.objsubid = 0
    where
        c.relkind in ('r', 'p')
        and n.nspname = :'schema'
        and (
            lower(c.relname) like '%patient%'
            or exists (
                select 1
                from pg_catalog.pg_attribute pa
                where pa.attrelid = c.oid and pa.attname in ('patient_id', 'patientId') and pa.attnum > 0
            )
            or d.description ~* '(^|[^[:alnum:]_])phi([^[:alnum:]_]|$)'
        )
),
public_grants as (
    select pt.schema_name, pt.table_name, null::name as column_name, g.privilege_type
    from
        phi_tables pt
        cross join lateral pg_catalog.aclexplode(pt.relacl) g
    where
        g.grantee = 0
    union all
    select pt.schema_name, pt.table_name, a.attname, g.privilege_type
    from
        phi_tables pt
        join pg_catalog.pg_attribute a
            on a.attrelid = pt.oid
            and a.attacl is not null
        cross join lateral pg_catalog.aclexplode(a.attacl) g
    where
        g.grantee = 0
)
select
    'phi_public_access' as name,
    'PHI Accessible To PUBLIC' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['HIPAA', 'SECURITY'] as categories,
    'Detects privileges granted to PUBLIC on tables holding protected health information.' as description,
    format(
        '%s on %s `%s.%s%s` is granted to PUBLIC',
        g.privilege_type,
        case when g.column_name is null then 'table' else 'column' end,
        g.schema_name,
        g.table_name,
        coalesce('.' || g.column_name, '')
    ) as detail,
    'REVOKE ALL ON TABLE ... FROM PUBLIC; grant to group roles instead.' as remediation,
    jsonb_build_object(
        'schema', g.schema_name,
        'name', g.table_name,
        'type', 'table',
        'privilege', g.privilege_type,
        'column', g.column_name
    ) as metadata,
    format(
        'phi_public_access_%s_%s_%s_%s',
        g.schema_name,
        g.table_name,
        coalesce(g.column_name, ''),
        g.privilege_type
    ) as cache_key
from
    public_grants g;

-- hipaa.audit_trail: PHI tables (append-only logs aside) without enabled AFTER row triggers that
-- between them fire on INSERT, UPDATE and DELETE and whose functions' (schema-qualified) names
-- mention audit
select
    'phi_changes_not_audited' as name,
    'PHI Changes Not Audited' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['HIPAA'] as categories,
    'Detects tables holding protected health information whose changes no audit trigger records.' as description,
    format(
        'Table `%s.%s` has no enabled AFTER row trigger recording its inserts, updates and deletes in an audit log',
        n.nspname,
        c.relname
    ) as detail,
    'Attach an AFTER INSERT OR UPDATE OR DELETE row trigger writing to an append-only audit log.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'phi_changes_not_audited_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_description d
        on d.objoid = c.oid
        and d.classoid = 'pg_catalog.pg_class'::regclass
        and d.objsubid = 0
where
    c.relkind in ('r', 'p')
    and n.nspname = :'schema'
    and (
        lower(c.relname) like '%patient%'
        or exists (
            select 1
            from pg_catalog.pg_attribute pa
            where pa.attrelid = c.oid and pa.attname in ('patient_id', 'patientId') and pa.attnum > 0
        )
        or d.description ~* '(^|[^[:alnum:]_])phi([^[:alnum:]_]|$)'
    )
    and not ( -- append-only: one unconditional BEFORE row trigger on UPDATE and DELETE, no updated_at
        exists (
            select 1 from pg_catalog.pg_trigger t
            where t.tgrelid = c.oid and not t.tgisinternal and t.tgenabled <> 'D' and t.tgtype & 3 = 3
                and t.tgtype & 24 = 24 and t.tgattr = ''::int2vector and t.tgqual is null
        )
        and not exists (
            select 1 from pg_catalog.pg_attribute ua
            where ua.attrelid = c.oid and ua.attname in ('updated_at', 'updatedAt') and ua.attnum > 0 and not ua.attisdropped
        )
    )
    and (
        -- enabled AFTER row triggers of an audit function, between them on INSERT, UPDATE, DELETE
        select coalesce(bit_or(t.tgtype::int) & 28, 0)
        from
            pg_catalog.pg_trigger t
            join pg_catalog.pg_proc p
                on p.oid = t.tgfoid
            join pg_catalog.pg_namespace pn
                on pn.oid = p.pronamespace
        where
            t.tgrelid = c.oid
            and not t.tgisinternal
            and t.tgenabled <> 'D'
            and t.tgtype & 3 = 1 -- row-level, not BEFORE
            and lower(pn.nspname || '.' || p.proname) like '%audit%'
    ) <> 28;

-- hipaa.soft_delete: PHI tables (append-only logs and consent tables aside) without deleted_at
select
    'phi_no_soft_delete' as name,
    'PHI Table Without Soft Delete' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['HIPAA'] as categories,
    'Detects tables holding protected health information that cannot be soft-deleted (no deleted_at).' as description,
    format(
        'Table `%s.%s` has no deleted_at column',
        n.nspname,
        c.relname
    ) as detail,
    'Add deleted_at and deleted_by.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'missing', 'deleted_at'
    ) as metadata,
    format(
        'phi_no_soft_delete_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_description d
        on d.objoid = c.oid
        and d.classoid = 'pg_catalog.pg_class'::regclass
        and d.objsubid = 0
where
    c.relkind in ('r', 'p')
    and n.nspname = :'schema'
    and lower(c.relname) not like '%consent%'
    and (
        lower(c.relname) like '%patient%'
        or exists (
            select 1
            from pg_catalog.pg_attribute pa
            where pa.attrelid = c.oid and pa.attname in ('patient_id', 'patientId') and pa.attnum > 0
        )
        or d.description ~* '(^|[^[:alnum:]_])phi([^[:alnum:]_]|$)'
    )
    and not exists (
        select 1
        from pg_catalog.pg_attribute a
        where a.attrelid = c.oid and a.attname in ('deleted_at', 'deletedAt') and a.attnum > 0
    )
    and not ( -- append-only: one unconditional BEFORE row trigger on UPDATE and DELETE, no updated_at
        exists (
            select 1 from pg_catalog.pg_trigger t
            where t.tgrelid = c.oid and not t.tgisinternal and t.tgenabled <> 'D' and t.tgtype & 3 = 3
                and t.tgtype & 24 = 24 and t.tgattr = ''::int2vector and t.tgqual is null
        )
        and not exists (
            select 1 from pg_catalog.pg_attribute ua
            where ua.attrelid = c.oid and ua.attname in ('updated_at', 'updatedAt') and ua.attnum > 0 and not ua.attisdropped
        )
    );

-- hipaa.consent_tracking: a schema without a consent table (the offender is the schema)
select
    'no_consent_tracking' as name,
    'No Consent Tracking' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['HIPAA'] as categories,
    'Detects a schema with no table tracking patient consent.' as description,
    format(
        'Schema `%s` has no consent table',
        n.nspname
    ) as detail,
    'Add a consent table (kind, status, times, document version).' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', n.nspname,
        'type', 'schema'
    ) as metadata,
    format(
        'no_consent_tracking_%s',
        n.nspname
    ) as cache_key
from
    pg_catalog.pg_namespace n
where
    n.nspname = :'schema'
    and not exists (
        select 1
        from pg_catalog.pg_class c
        where
            c.relnamespace = n.oid
            and c.relkind in ('r', 'p')
            and lower(c.relname) like '%consent%'
    );

-- secrets.plaintext: password columns the auditor may not read (verify they hold hashes), values
-- of readable password/secret-like columns that are not recognised hashes (counted per column
-- with query_to_xml, as the audit counts them), credentials written in defaults and comments
with columns_ as (
    select
        n.nspname as schema_name,
        c.relname as table_name,
        c.relkind,
        c.oid as table_oid,
        a.attnum,
        a.attname as column_name,
        lower(a.attname) as lname,
        ad.adbin,
        d.description
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        join pg_catalog.pg_attribute a
            on a.attrelid = c.oid
            and a.attnum > 0
            and not a.attisdropped
        left join pg_catalog.pg_attrdef ad
            on ad.adrelid = a.attrelid
            and ad.adnum = a.attnum
        left join pg_catalog.pg_description d
            on d.objoid = c.oid
            and d.classoid = 'pg_catalog.pg_class'::regclass
            and d.objsubid = a.attnum
    where
        c.relkind in ('r', 'p', 'v', 'm', 'f')
        and n.nspname = :'schema'
),
secret_columns as (
    select
        cc.*,
        strpos(cc.lname, 'hash') = 0 and (strpos(cc.lname, 'password') > 0 or strpos(cc.lname, 'passwd') > 0) as is_password
    from columns_ cc
    where
        strpos(cc.lname, 'password') > 0
        or strpos(cc.lname, 'passwd') > 0
        or cc.lname = 'secret'
        or strpos(cc.lname, 'api_key') > 0
        or strpos(cc.lname, 'apikey') > 0
),
scanned as (
    select
        sc.schema_name, sc.table_name, sc.column_name,
        (xpath('/row/n/text()', query_to_xml(format(
            'select count(*) as n from %I.%I where %I is not null and %I::text !~ %L',
            sc.schema_name, sc.table_name, sc.column_name, sc.column_name,
            '^(\$2[abxy]\$|\$argon2|\$scrypt\$|\$pbkdf2|\$[56]\$|SCRAM-SHA-256\$|[0-9a-f]{64}$)'
        ), false, true, '')))[1]::text::bigint as non_hash_values
    from secret_columns sc
    where
        sc.relkind in ('r', 'p')
        and pg_catalog.has_column_privilege(sc.table_oid, sc.attnum, 'SELECT')
),
offenders as (
    select sc.schema_name, sc.table_name, sc.column_name, 'WARN' as level, 'unreadable' as key,
           'is a password column the auditor may not read: verify it stores a hash' as problem
    from
        secret_columns sc
        left join scanned s
            on s.table_name = sc.table_name
            and s.column_name = sc.column_name
    where
        sc.is_password
        and s.non_hash_values is null
        and sc.relkind not in ('v', 'm') -- a view's values are its base tables'
    union all
    select s.schema_name, s.table_name, s.column_name, 'ERROR', 'not_hashed',
           format('holds %s values that are not a recognised hash', s.non_hash_values)
    from scanned s
    where s.non_hash_values > 0
    union all
    select cc.schema_name, cc.table_name, cc.column_name, 'WARN', 'default', 'has a credential in its default'
    from columns_ cc
    where
        cc.adbin is not null
        and lower(pg_catalog.pg_get_expr(cc.adbin, cc.table_oid)) ~ '(password|passwd|secret|api_key|api-key|apikey)[ \t]*[=:]'
    union all
    select cc.schema_name, cc.table_name, cc.column_name, 'ERROR', 'comment', 'has a credential in its comment'
    from columns_ cc
    where lower(cc.description) ~ '(password|passwd|secret|api_key|api-key|apikey)[ \t]*[=:]'
)
select
    'plaintext_secret' as name,
    'Plaintext Secret' as title,
    o.level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects password and secret columns holding values that are not hashes, and credentials written in column defaults or comments.' as description,
    format(
        'Column `%s.%s.%s` %s',
        o.schema_name,
        o.table_name,
        o.column_name,
        o.problem
    ) as detail,
    'Store only hashes (crypt(password, gen_salt(''bf''))); remove credentials from comments and defaults.' as remediation,
    jsonb_build_object(
        'schema', o.schema_name,
        'name', o.table_name,
        'type', 'table',
        'column', o.column_name
    ) as metadata,
    format(
        'plaintext_secret_%s_%s_%s_%s',
        o.schema_name,
        o.table_name,
        o.column_name,
        o.key
    ) as cache_key
from
    offenders o;

-- docs.comments: tables, their columns, and enums without a COMMENT
with offenders as (
    select n.nspname as schema_name, c.relname as object_name, null::name as column_name, 'table' as object_type
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        left join pg_catalog.pg_description d
            on d.objoid = c.oid
            and d.classoid = 'pg_catalog.pg_class'::regclass
            and d.objsubid = 0
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
        and d.objoid is null
    union all
    select n.nspname, c.relname, a.attname, 'column'
    from
        pg_catalog.pg_class c
        join pg_catalog.pg_namespace n
            on c.relnamespace = n.oid
        join pg_catalog.pg_attribute a
            on a.attrelid = c.oid
            and a.attnum > 0
            and not a.attisdropped
        left join pg_catalog.pg_description d
            on d.objoid = c.oid
            and d.classoid = 'pg_catalog.pg_class'::regclass
            and d.objsubid = a.attnum
    where
        c.relkind in ('r', 'p')
        and c.relname <> '_prisma_migrations'
        and n.nspname = :'schema'
        and d.objoid is null
    union all
    select n.nspname, t.typname, null, 'enum'
    from
        pg_catalog.pg_type t
        join pg_catalog.pg_namespace n
            on t.typnamespace = n.oid
        left join pg_catalog.pg_description d
            on d.objoid = t.oid
            and d.classoid = 'pg_catalog.pg_type'::regclass
    where
        t.typtype = 'e'
        and n.nspname = :'schema'
        and d.objoid is null
        and exists (select 1 from pg_catalog.pg_enum e where e.enumtypid = t.oid) -- as the audit loads enums
)
select
    'missing_comment' as name,
    'Missing Comment' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['DOCUMENTATION'] as categories,
    'Detects tables, columns and enums without a COMMENT.' as description,
    format(
        '%s `%s.%s%s` has no comment',
        initcap(o.object_type),
        o.schema_name,
        o.object_name,
        coalesce('.' || o.column_name, '')
    ) as detail,
    'COMMENT ON TABLE / COLUMN / TYPE.' as remediation,
    jsonb_build_object(
        'schema', o.schema_name,
        'name', o.object_name,
        'type', case when o.object_type = 'enum' then 'type' else 'table' end,
        'column', o.column_name
    ) as metadata,
    format(
        'missing_comment_%s_%s_%s',
        o.schema_name,
        o.object_name,
        coalesce(o.column_name, '')
    ) as cache_key
from
    offenders o;

-- e2e.readable: tables the auditing role may not SELECT from
select
    'table_not_readable' as name,
    'Table Not Readable' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['END TO END'] as categories,
    'Detects tables the auditing role may not read.' as description,
    format(
        'Table `%s.%s` is not readable by %s',
        n.nspname,
        c.relname,
        current_user
    ) as detail,
    'GRANT SELECT on the listed tables to the auditing role (clinic_auditor).' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        'table_not_readable_%s_%s',
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    c.relkind in ('r', 'p')
    and c.relname <> '_prisma_migrations'
    and n.nspname = :'schema'
    and not pg_catalog.has_table_privilege(c.oid, 'SELECT');

-- fk.type_mismatch: foreign-key columns whose type differs from the referenced column's
select
    'foreign_key_type_mismatch' as name,
    'Foreign Key Type Mismatch' as title,
    'ERROR' as level,
    'EXTERNAL' as facing,
    array['RELATIONSHIPS'] as categories,
    'Detects foreign-key columns whose type differs from the type of the column they reference.' as description,
    format(
        'Column `%s.%s.%s` (%s) of foreign key `%s` references a column of type %s',
        n.nspname,
        c.relname,
        a.attname,
        pg_catalog.format_type(a.atttypid, a.atttypmod),
        k.conname,
        pg_catalog.format_type(ra.atttypid, ra.atttypmod)
    ) as detail,
    'ALTER COLUMN ... TYPE to the referenced column''s type.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'constraint', k.conname,
        'column', a.attname,
        'column_type', pg_catalog.format_type(a.atttypid, a.atttypmod),
        'referenced_type', pg_catalog.format_type(ra.atttypid, ra.atttypmod)
    ) as metadata,
    format(
        'foreign_key_type_mismatch_%s_%s_%s_%s',
        n.nspname,
        c.relname,
        k.conname,
        a.attname
    ) as cache_key
from
    pg_catalog.pg_constraint k
    join pg_catalog.pg_class c
        on c.oid = k.conrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    cross join lateral unnest(k.conkey, k.confkey) as u(attnum, ref_attnum)
    join pg_catalog.pg_attribute a
        on a.attrelid = k.conrelid
        and a.attnum = u.attnum
    join pg_catalog.pg_attribute ra
        on ra.attrelid = k.confrelid
        and ra.attnum = u.ref_attnum
where
    k.contype = 'f'
    and n.nspname = :'schema'
    and pg_catalog.format_type(a.atttypid, a.atttypmod) <> pg_catalog.format_type(ra.atttypid, ra.atttypmod);

-- fk.duplicate: pairs of foreign keys with the same columns, referenced table and columns
select
    'duplicate_foreign_key' as name,
    'Duplicate Foreign Key' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['RELATIONSHIPS'] as categories,
    'Detects foreign keys that repeat another on the same columns and referenced columns.' as description,
    format(
        'Table `%s.%s` has identical foreign keys `%s` and `%s`. Drop one of them',
        n.nspname,
        c.relname,
        x.conname,
        y.conname
    ) as detail,
    'Drop one of the pair.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'constraint', x.conname,
        'duplicate_of', y.conname
    ) as metadata,
    format(
        'duplicate_foreign_key_%s_%s_%s_%s',
        n.nspname,
        c.relname,
        x.conname,
        y.conname
    ) as cache_key
from
    pg_catalog.pg_constraint x
    join pg_catalog.pg_constraint y
        on y.conrelid = x.conrelid
        and y.contype = 'f'
        and y.conname > x.conname
        and y.conkey = x.conkey
        and y.confrelid = x.confrelid
        and y.confkey = x.confkey
    join pg_catalog.pg_class c
        on c.oid = x.conrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    x.contype = 'f'
    and n.nspname = :'schema';

-- fk.nullable_multicolumn: multi-column foreign keys with a nullable column (MATCH SIMPLE skips
-- rows with any NULL); the first such column is named
select
    'nullable_multicolumn_foreign_key' as name,
    'Nullable Multi-Column Foreign Key' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['RELATIONSHIPS'] as categories,
    'Detects multi-column foreign keys with a nullable column: MATCH SIMPLE does not check rows where any of them is NULL.' as description,
    format(
        'Foreign key `%s` on `%s.%s` has nullable column %s',
        k.conname,
        n.nspname,
        c.relname,
        nc.attname
    ) as detail,
    'Make the columns NOT NULL, or use MATCH FULL.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'constraint', k.conname,
        'nullable_column', nc.attname
    ) as metadata,
    format(
        'nullable_multicolumn_foreign_key_%s_%s_%s',
        n.nspname,
        c.relname,
        k.conname
    ) as cache_key
from
    pg_catalog.pg_constraint k
    join pg_catalog.pg_class c
        on c.oid = k.conrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    cross join lateral (
        select a.attname
        from
            unnest(k.conkey) with ordinality u(attnum, ord)
            join pg_catalog.pg_attribute a
                on a.attrelid = k.conrelid
                and a.attnum = u.attnum
        where not a.attnotnull
        order by u.ord
        limit 1
    ) nc
where
    k.contype = 'f'
    and cardinality(k.conkey) > 1
    and n.nspname = :'schema';

-- index.duplicate: pairs of indexes on a table with the same method, key and INCLUDE columns,
-- operator classes, collations, options, uniqueness, expressions and predicate (expressions and
-- predicates compared as their stored node trees without locations, as the audit compares them)
select
    'duplicate_index' as name,
    'Duplicate Index' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects cases where two or more identical indexes exist.' as description,
    format(
        'Table `%s.%s` has identical indexes `%s` and `%s`. Drop all except one of them',
        n.nspname,
        c.relname,
        ai.relname,
        bi.relname
    ) as detail,
    'DROP INDEX CONCURRENTLY one of the pair.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', case when c.relkind = 'm' then 'materialized view' else 'table' end,
        'index', ai.relname,
        'duplicate_of', bi.relname
    ) as metadata,
    format(
        'duplicate_index_%s_%s_%s_%s',
        n.nspname,
        c.relname,
        ai.relname,
        bi.relname
    ) as cache_key
from
    pg_catalog.pg_index a
    join pg_catalog.pg_class ai
        on ai.oid = a.indexrelid
    join pg_catalog.pg_index b
        on b.indrelid = a.indrelid
        and b.indexrelid <> a.indexrelid
        and b.indkey = a.indkey
        and b.indclass = a.indclass
        and b.indcollation = a.indcollation
        and b.indoption = a.indoption
        and b.indnkeyatts = a.indnkeyatts
        and b.indisunique = a.indisunique
        -- stored trees without their :location fields (where each sat in its statement's text)
        and regexp_replace(b.indexprs::text, ':location -?[0-9]+', '', 'g')
            is not distinct from regexp_replace(a.indexprs::text, ':location -?[0-9]+', '', 'g')
        and regexp_replace(b.indpred::text, ':location -?[0-9]+', '', 'g')
            is not distinct from regexp_replace(a.indpred::text, ':location -?[0-9]+', '', 'g')
    join pg_catalog.pg_class bi
        on bi.oid = b.indexrelid
        and bi.relam = ai.relam
        and bi.relname > ai.relname
    join pg_catalog.pg_class c
        on c.oid = a.indrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    c.relkind in ('r', 'p', 'v', 'm', 'f')
    and n.nspname = :'schema';

-- index.redundant: plain btree indexes (not unique, not behind a constraint, not partial, no
-- expression) whose key columns lead the keys of a longer valid, non-partial btree index (the
-- first such index by name is named)
select
    'redundant_index' as name,
    'Redundant Index' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects indexes whose key columns lead the keys of another index, which serves the same queries.' as description,
    format(
        'Index `%s` on `%s.%s` is covered by index `%s`',
        si.relname,
        n.nspname,
        c.relname,
        big.relname
    ) as detail,
    'DROP INDEX CONCURRENTLY the shorter index after checking its queries.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'index', si.relname,
        'covered_by', big.relname
    ) as metadata,
    format(
        'redundant_index_%s_%s_%s',
        n.nspname,
        c.relname,
        si.relname
    ) as cache_key
from
    pg_catalog.pg_index s
    join pg_catalog.pg_class si
        on si.oid = s.indexrelid
    join pg_catalog.pg_am sam
        on sam.oid = si.relam
    join pg_catalog.pg_class c
        on c.oid = s.indrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    cross join lateral (
        select bi.relname
        from
            pg_catalog.pg_index b
            join pg_catalog.pg_class bi
                on bi.oid = b.indexrelid
        where
            b.indrelid = s.indrelid
            and b.indexrelid <> s.indexrelid
            and b.indpred is null
            and bi.relam = si.relam
            and b.indisvalid
            and b.indnkeyatts > s.indnkeyatts
            and (string_to_array(b.indkey::text, ' ')::smallint[])[1:s.indnkeyatts]
                = (string_to_array(s.indkey::text, ' ')::smallint[])[1:s.indnkeyatts]
            -- with the same operator classes, collations and orderings
            and (string_to_array(b.indclass::text, ' '))[1:s.indnkeyatts]
                = (string_to_array(s.indclass::text, ' '))[1:s.indnkeyatts]
            and (string_to_array(b.indcollation::text, ' '))[1:s.indnkeyatts]
                = (string_to_array(s.indcollation::text, ' '))[1:s.indnkeyatts]
            and (string_to_array(b.indoption::text, ' '))[1:s.indnkeyatts]
                = (string_to_array(s.indoption::text, ' '))[1:s.indnkeyatts]
        order by bi.relname
        limit 1
    ) big
where
    c.relkind in ('r', 'p', 'v', 'm', 'f')
    and n.nspname = :'schema'
    and sam.amname = 'btree'
    and not s.indisunique
    and s.indpred is null
    and not (0 = any ((string_to_array(s.indkey::text, ' ')::smallint[])[1:s.indnkeyatts]))
    and not exists (
        select 1
        from pg_catalog.pg_constraint k
        where k.conrelid = s.indrelid and k.conindid = s.indexrelid
    );

-- index.unused: indexes never scanned since statistics were last reset (not unique, not behind a
-- constraint); statistics-based, as splinter's unused_index
select
    'unused_index' as name,
    'Unused Index' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects if an index has never been used and may be a candidate for removal.' as description,
    format(
        'Index `%s` on table `%s.%s` has not been used',
        ic.relname,
        n.nspname,
        c.relname
    ) as detail,
    'Check over a full business cycle before dropping; statistics reset with pg_stat_reset.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'index', ic.relname,
        'scans', 0,
        'size_bytes', ic.relpages::bigint * current_setting('block_size')::bigint
    ) as metadata,
    format(
        'unused_index_%s_%s_%s',
        n.nspname,
        c.relname,
        ic.relname
    ) as cache_key
from
    pg_catalog.pg_index i
    join pg_catalog.pg_class ic
        on ic.oid = i.indexrelid
    join pg_catalog.pg_class c
        on c.oid = i.indrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
where
    c.relkind in ('r', 'v', 'm', 'f') -- a partitioned table's index has no scans of its own
    and n.nspname = :'schema'
    and current_setting('track_counts')::bool
    and pg_catalog.pg_stat_get_numscans(i.indexrelid) = 0
    and not i.indisunique
    and not exists (
        select 1
        from pg_catalog.pg_constraint k
        where k.conrelid = i.indrelid and k.conindid = i.indexrelid
    );

-- types.smells: json, money, char(n), timestamp without time zone, serial (a nextval() default on
-- a column that is not an identity)
select
    'column_type_smell' as name,
    'Column Type Smell' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['TYPES'] as categories,
    'Detects columns of json, money, char(n) and timestamp without time zone, and serial columns.' as description,
    format(
        'Column `%s.%s.%s` is %s',
        n.nspname,
        c.relname,
        a.attname,
        s.problem
    ) as detail,
    'ALTER COLUMN ... TYPE jsonb / numeric / text / timestamptz; use identity columns.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'column', a.attname,
        'problem', s.problem
    ) as metadata,
    format(
        'column_type_smell_%s_%s_%s',
        n.nspname,
        c.relname,
        a.attname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    join pg_catalog.pg_attribute a
        on a.attrelid = c.oid
        and a.attnum > 0
        and not a.attisdropped
    join pg_catalog.pg_type t
        on t.oid = a.atttypid
    left join pg_catalog.pg_attrdef ad
        on ad.adrelid = a.attrelid
        and ad.adnum = a.attnum
    cross join lateral (
        select case
            when t.typname = 'json' then 'json: use jsonb'
            when t.typname = 'money' then 'money: locale-dependent, use numeric'
            when t.typname = 'bpchar' then 'char(n): pads with blanks, use text or varchar'
            when t.typname = 'timestamp' then 'timestamp without time zone: use timestamptz'
            when a.attidentity = '' and ad.adbin is not null
                 and starts_with(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), 'nextval(') then 'serial: use GENERATED ... AS IDENTITY'
        end as problem
    ) s
where
    c.relkind in ('r', 'p')
    and c.relname <> '_prisma_migrations'
    and n.nspname = :'schema'
    and s.problem is not null;

-- functions.search_path: functions and procedures that do not pin their search_path
select
    'function_search_path_mutable' as name,
    'Function Search Path Mutable' as title,
    case when p.prosecdef then 'ERROR' else 'WARN' end as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects functions where the search_path parameter is not set.' as description,
    format(
        'Function `%s.%s(%s)` has a role mutable search_path',
        n.nspname,
        p.proname,
        pg_catalog.pg_get_function_identity_arguments(p.oid)
    ) as detail,
    'ALTER FUNCTION ... SET search_path = pg_catalog, pg_temp.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', p.proname,
        'type', 'function',
        'security_definer', p.prosecdef
    ) as metadata,
    format(
        'function_search_path_mutable_%s_%s_%s',
        n.nspname,
        p.proname,
        md5(p.prosrc) -- required when function is polymorphic
    ) as cache_key
from
    pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n
        on p.pronamespace = n.oid
where
    p.prokind in ('f', 'p')
    and n.nspname = :'schema'
    -- Search path not set
    and not exists (
        select 1
        from unnest(coalesce(p.proconfig, '{}')) as config
        where config like 'search\_path=%'
    );

-- functions.security_definer: SECURITY DEFINER functions PUBLIC may execute
select
    'public_security_definer_function_executable' as name,
    'SECURITY DEFINER Function Executable by PUBLIC' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects SECURITY DEFINER functions that PUBLIC may execute: any role can run them with their owner''s privileges.' as description,
    format(
        'SECURITY DEFINER function `%s.%s(%s)` is executable by PUBLIC',
        n.nspname,
        p.proname,
        pg_catalog.pg_get_function_identity_arguments(p.oid)
    ) as detail,
    'REVOKE EXECUTE ... FROM PUBLIC; grant to the roles that need it.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', p.proname,
        'type', 'function',
        'arguments', pg_catalog.pg_get_function_identity_arguments(p.oid),
        'security_definer', true
    ) as metadata,
    format(
        'public_security_definer_function_executable_%s_%s_%s',
        n.nspname,
        p.proname,
        pg_catalog.pg_get_function_identity_arguments(p.oid)
    ) as cache_key
from
    pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n
        on p.pronamespace = n.oid
where
    p.prokind in ('f', 'p')
    and p.prosecdef
    and n.nspname = :'schema'
    and (
        p.proacl is null -- the default: PUBLIC may execute
        or exists (
            select 1
            from pg_catalog.aclexplode(p.proacl) g
            where g.grantee = 0 and g.privilege_type = 'EXECUTE'
        )
    );

-- rls.policies: row-level security enabled without a policy; policies on a table without
-- row-level security (splinter's rls_enabled_no_policy and policy_exists_rls_disabled)
select
    case when c.relrowsecurity then 'rls_enabled_no_policy' else 'policy_exists_rls_disabled' end as name,
    case when c.relrowsecurity then 'RLS Enabled No Policy' else 'Policy Exists RLS Disabled' end as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects tables with row level security (RLS) enabled but no policy, and tables with policies but RLS disabled.' as description,
    case when c.relrowsecurity
         then format('Table `%s.%s` has RLS enabled, but no policies exist', n.nspname, c.relname)
         else format('Table `%s.%s` has RLS policies but RLS is not enabled on the table. Policies include %s.',
                     n.nspname, c.relname, array_agg(p.polname order by p.polname))
    end as detail,
    'Create policies for tables with RLS, or enable RLS where policies exist.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table'
    ) as metadata,
    format(
        '%s_%s_%s',
        case when c.relrowsecurity then 'rls_enabled_no_policy' else 'policy_exists_rls_disabled' end,
        n.nspname,
        c.relname
    ) as cache_key
from
    pg_catalog.pg_class c
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    left join pg_catalog.pg_policy p
        on p.polrelid = c.oid
where
    c.relkind in ('r', 'p')
    and n.nspname = :'schema'
group by
    n.nspname,
    c.oid,
    c.relname,
    c.relrowsecurity
having
    c.relrowsecurity = (count(p.oid) = 0);

-- index.unique_nullable: unique indexes (not the primary key, not partial, not NULLS NOT DISTINCT)
-- with a nullable key column: rows repeating the key get through with a NULL
select
    'unique_index_nullable_column' as name,
    'Unique Index On Nullable Column' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['INTEGRITY'] as categories,
    'Detects unique indexes that let rows repeat their key through NULL values.' as description,
    format(
        'Unique index `%s` on `%s.%s` has nullable key columns %s',
        ic.relname,
        n.nspname,
        c.relname,
        array_agg(a.attname order by k.ord)
    ) as detail,
    'Make the key columns NOT NULL, or recreate the index UNIQUE NULLS NOT DISTINCT (15+).' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'type', 'table',
        'index', ic.relname,
        'nullable_columns', jsonb_agg(a.attname order by k.ord)
    ) as metadata,
    format('unique_index_nullable_column_%s_%s_%s', n.nspname, c.relname, ic.relname) as cache_key
from
    pg_catalog.pg_index i
    join pg_catalog.pg_class ic
        on ic.oid = i.indexrelid
    join pg_catalog.pg_class c
        on c.oid = i.indrelid
    join pg_catalog.pg_namespace n
        on c.relnamespace = n.oid
    cross join lateral unnest((string_to_array(i.indkey::text, ' ')::smallint[])[1:i.indnkeyatts])
        with ordinality k(attnum, ord)
    join pg_catalog.pg_attribute a
        on a.attrelid = i.indrelid
        and a.attnum = k.attnum
where
    c.relkind in ('r', 'p', 'v', 'm', 'f')
    and n.nspname = :'schema'
    and i.indisunique
    and not i.indisprimary
    and i.indpred is null
    and not i.indnullsnotdistinct
    and not a.attnotnull
group by
    n.nspname,
    c.relname,
    ic.relname;

-- sequence.capacity: non-cycling sequences at 75 % of their range or more (last_value where
-- the auditor may read it, as pg_sequences shows it)
select
    'sequence_near_limit' as name,
    'Sequence Near Its Limit' as title,
    case when q.used >= 0.90 then 'ERROR' else 'WARN' end as level,
    'EXTERNAL' as facing,
    array['CAPACITY'] as categories,
    'Detects sequences that have used most of their range: an exhausted sequence stops every insert.' as description,
    format(
        'Sequence `%s.%s` (%s) has used %s%% of its range (last value %s)',
        q.schemaname,
        q.sequencename,
        q.data_type,
        floor(q.used * 100),
        q.last_value
    ) as detail,
    'ALTER SEQUENCE ... AS bigint (and the column: ALTER COLUMN ... TYPE bigint) before it runs out.' as remediation,
    jsonb_build_object(
        'schema', q.schemaname,
        'name', q.sequencename,
        'type', 'sequence',
        'last_value', q.last_value,
        'pct_used', floor(q.used * 100)
    ) as metadata,
    format('sequence_near_limit_%s_%s', q.schemaname, q.sequencename) as cache_key
from (
    select
        s.schemaname,
        s.sequencename,
        s.data_type,
        s.last_value,
        case when s.increment_by > 0
             then (s.last_value::numeric - s.min_value) / nullif(s.max_value::numeric - s.min_value, 0)
             else (s.max_value::numeric - s.last_value) / nullif(s.max_value::numeric - s.min_value, 0)
        end as used
    from pg_catalog.pg_sequences s
    where
        s.schemaname = :'schema'
        and not s.cycle
        and s.last_value is not null
) q
where
    q.used >= 0.75;

-- table.bloat: tables whose statistics count 20 % dead rows or more and at least 10,000
select
    'table_bloat' as name,
    'Table Bloat' as title,
    'INFO' as level,
    'EXTERNAL' as facing,
    array['PERFORMANCE'] as categories,
    'Detects tables with many dead rows by the statistics (evidence, not proof).' as description,
    format(
        'Table `%s.%s` has %s dead rows against %s live',
        s.schemaname,
        s.relname,
        s.n_dead_tup,
        s.n_live_tup
    ) as detail,
    'Check autovacuum on the table (pg_stat_user_tables), then VACUUM it.' as remediation,
    jsonb_build_object(
        'schema', s.schemaname,
        'name', s.relname,
        'type', 'table',
        'dead_rows', s.n_dead_tup,
        'live_rows', s.n_live_tup
    ) as metadata,
    format('table_bloat_%s_%s', s.schemaname, s.relname) as cache_key
from
    pg_catalog.pg_stat_user_tables s
where
    s.schemaname = :'schema'
    and s.n_dead_tup >= 10000
    and s.n_dead_tup * 5 >= s.n_live_tup + s.n_dead_tup;

-- extension.placement: extensions installed into the schema (splinter's extension_in_public,
-- for the audited schema), other than one that owns the schema
select
    'extension_in_schema' as name,
    'Extension In Application Schema' as title,
    'WARN' as level,
    'EXTERNAL' as facing,
    array['SECURITY'] as categories,
    'Detects extensions installed into the application schema.' as description,
    format('Extension `%s` is installed in the `%s` schema. Move it to another schema.', e.extname, n.nspname) as detail,
    'ALTER EXTENSION ... SET SCHEMA extensions (a schema of their own), where relocatable.' as remediation,
    jsonb_build_object(
        'schema', n.nspname,
        'name', e.extname,
        'type', 'extension',
        'version', e.extversion
    ) as metadata,
    format('extension_in_schema_%s_%s', n.nspname, e.extname) as cache_key
from
    pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n
        on n.oid = e.extnamespace
where
    n.nspname = :'schema'
    and e.extname <> 'clinic'
    and not exists (
        select 1 from pg_catalog.pg_depend d
        where d.classid = 'pg_catalog.pg_namespace'::regclass and d.objid = n.oid
            and d.refclassid = 'pg_catalog.pg_extension'::regclass and d.refobjid = e.oid
            and d.deptype = 'e'
    );
