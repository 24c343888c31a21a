-- Data safety: pg_dump dumps the rows of the extension's tables, and DROP EXTENSION refuses
-- while they hold rows (src/drop_guard.cpp).

-- One call per statement: each call rewrites the same pg_extension row.
DO $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'clinic'::regnamespace AND c.relkind = 'r' ORDER BY 1
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(pg_catalog.format('clinic.%I', t)::regclass, '');
    END LOOP;
END
$$;

CREATE FUNCTION clinic._tables_with_rows() RETURNS TABLE (table_name name)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
DECLARE
    t name;
    found_row boolean;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
          JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
                                        AND d.refobjid = e.oid AND d.deptype = 'e'
         WHERE e.extname = 'clinic' AND c.relkind IN ('r', 'p')
           AND c.relnamespace = 'clinic'::regnamespace  -- clinical data, not audit records
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format('SELECT EXISTS (SELECT FROM clinic.%I)', t) INTO found_row;
        IF found_row THEN
            table_name := t;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION clinic._tables_with_rows() IS
    'The extension''s tables that hold at least one row (used by the DROP EXTENSION guard).';
REVOKE ALL ON FUNCTION clinic._tables_with_rows() FROM PUBLIC;

CREATE FUNCTION clinic.drop_guard() RETURNS event_trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_drop_guard';
COMMENT ON FUNCTION clinic.drop_guard() IS
    'Event trigger: DROP EXTENSION clinic, a CASCADE drop of pgcrypto or btree_gist, or DROP SCHEMA clinic CASCADE fails with 55006 while clinic tables hold rows, unless clinic.allow_drop_with_data is on.';

CREATE EVENT TRIGGER clinic_drop_guard ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA')
    EXECUTE FUNCTION clinic.drop_guard();
