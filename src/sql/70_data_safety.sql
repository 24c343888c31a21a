-- Data safety: pg_dump dumps the rows of the extension's tables, and no DROP removes them
-- while they hold rows (src/schema/drop_guard.cpp).

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

-- validation_rules is installed with its rows: pg_dump keeps only the rules a DBA edited, and a
-- restore's INSERT of one updates the installed row (clinic._validation_rules_edit()).
SELECT pg_catalog.pg_extension_config_dump('clinic.validation_rules',
    'WHERE (threshold, low, high, enabled) IS DISTINCT FROM (default_threshold, default_low, default_high, true)');

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
        IF t = 'validation_rules' THEN  -- installed with rows: only the DBA's edits are data
            SELECT EXISTS (SELECT 1 FROM clinic.validation_rules r
                            WHERE (r.threshold, r.low, r.high, r.enabled)
                                  IS DISTINCT FROM (r.default_threshold, r.default_low, r.default_high, true))
              INTO found_row;
        ELSE
            -- A select list: Citus cannot plan a subquery of a distributed table without one.
            EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM clinic.%I)', t) INTO found_row;
        END IF;
        IF found_row THEN
            table_name := t;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION clinic._tables_with_rows() IS
    'The extension''s tables that hold at least one row (used by the DROP EXTENSION guard); validation_rules counts only when a DBA edited a rule.';
REVOKE ALL ON FUNCTION clinic._tables_with_rows() FROM PUBLIC;

CREATE FUNCTION clinic.drop_guard() RETURNS event_trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_drop_guard';
COMMENT ON FUNCTION clinic.drop_guard() IS
    'Event trigger: any DROP (DROP SCHEMA public CASCADE, DROP OWNED, DROP TYPE ... CASCADE, a renamed schema) whose dependencies reach the clinic extension or a table of the clinic schema fails with 55006 while those tables hold rows, unless clinic.allow_drop_with_data is on. On a Citus coordinator a drop of the extension it lets through drops the shards of its tables first: only by the extension''s owner (42501), not with citus.enable_ddl_propagation off (55000).';

-- Every command: which DROP reaches clinic is known only by following its dependencies, and a
-- tag list would miss kinds of objects added later. ALWAYS: fires under replication roles too.
CREATE EVENT TRIGGER clinic_drop_guard ON ddl_command_start
    EXECUTE FUNCTION clinic.drop_guard();
ALTER EVENT TRIGGER clinic_drop_guard ENABLE ALWAYS;
