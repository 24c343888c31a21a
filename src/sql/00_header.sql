-- clinic extension install script, assembled by `make` from src/sql/*.sql in name order.
-- Every object is schema-qualified; every function pins its search_path.
\echo Use "CREATE EXTENSION clinic" to load this file. \quit
-- CREATE EXTENSION searches clinic and the schemas of pgcrypto and btree_gist (often public,
-- where other roles may create objects). Operators are resolved by argument type, and where
-- pg_catalog has no exact match (numeric > integer literal, name || unknown) an exact match in
-- such a schema would win and be bound into constraints and defaults for good. Nothing here
-- needs those schemas: search only pg_catalog. CREATE EXTENSION restores the setting afterwards.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
