-- clinic extension install script, assembled by `make` from src/sql/*.sql in name order.
-- Every object is schema-qualified; every function pins its search_path.
\echo Use "CREATE EXTENSION clinic" to load this file. \quit
