-- clinic extension install script, assembled by `make` from src/sql/*.sql in name order.
-- Every object is schema-qualified; every function pins its search_path.
\echo Use "CREATE EXTENSION clinic" to load this file. \quit
-- CREATE EXTENSION searches clinic and the schemas of pgcrypto and btree_gist (often public,
-- where other roles may create objects). Operators are resolved by argument type, and where
-- pg_catalog has no exact match (numeric > integer literal, name || unknown) an exact match in
-- such a schema would win and be bound into constraints and defaults for good. Nothing here
-- needs those schemas: search only pg_catalog. CREATE EXTENSION restores the setting afterwards.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

-- The schema clinic holds every PHI table and the functions clinic's C code and guards call by
-- name: whoever owns it could rename it and plant look-alikes. CREATE EXTENSION reuses an
-- existing schema of that name, so refuse one that a non-superuser owns or that holds anything.
DO $$
DECLARE
    owner_is_superuser boolean;
BEGIN
    SELECT r.rolsuper INTO owner_is_superuser
      FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
     WHERE n.nspname = 'clinic';
    IF NOT owner_is_superuser THEN
        RAISE EXCEPTION 'schema clinic exists and is owned by a role that is not a superuser'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Drop it, or ALTER SCHEMA clinic OWNER TO a superuser after checking what it holds.';
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace = 'clinic'::pg_catalog.regnamespace)
       OR EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'clinic'::pg_catalog.regnamespace)
       OR EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.typnamespace = 'clinic'::pg_catalog.regnamespace) THEN
        RAISE EXCEPTION 'schema clinic exists and already holds objects'
            USING ERRCODE = 'duplicate_schema',
                  HINT = 'Install into a database whose schema clinic is absent or empty.';
    END IF;
    -- The prerequisites in a schema a non-superuser owns are that role's to shadow and drop.
    IF EXISTS (SELECT FROM pg_catalog.pg_extension e
                 JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                 JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
                WHERE e.extname IN ('pgcrypto', 'btree_gist') AND NOT r.rolsuper) THEN
        RAISE WARNING 'pgcrypto or btree_gist is installed in a schema a non-superuser owns (public, in PostgreSQL 15, belongs to the database owner)'
            USING HINT = 'Install them into a schema only superusers own, as the README says (doc/security.md).';
    END IF;
END
$$;
