-- The integrity validator (src/validate/validate.cpp, doc/validator-design.md).

CREATE FUNCTION clinic._validation_rule_defaults()
    RETURNS TABLE (check_id text, check_type text, category text, table_name text, column_name text,
                   threshold numeric, low numeric, high numeric)
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_validation_rule_defaults';
COMMENT ON FUNCTION clinic._validation_rule_defaults() IS
    'The checks the extension ships, row-level and set-level, with their default thresholds and limits (the source of clinic.validation_rules).';

-- Only threshold, low, high and enabled are the DBA's; an INSERT of an existing check (a restore
-- of a dump, which holds every row) updates it instead, so edits survive pg_dump and restore.
CREATE FUNCTION clinic._validation_rules_edit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT FROM clinic.validation_rules r WHERE r.check_id = NEW.check_id) THEN
            UPDATE clinic.validation_rules r
               SET threshold = NEW.threshold, low = NEW.low, high = NEW.high, enabled = NEW.enabled
             WHERE r.check_id = NEW.check_id;
            RETURN NULL;
        END IF;
        IF NOT EXISTS (SELECT FROM clinic._validation_rule_defaults() d WHERE d.check_id = NEW.check_id) THEN
            RAISE EXCEPTION 'unknown check "%"', pg_catalog.left(NEW.check_id, 64)
                USING ERRCODE = '22023', HINT = 'Checks are built in; a DBA edits their threshold, low, high and enabled.';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.check_id, NEW.check_type, NEW.category, NEW.table_name, NEW.column_name,
        NEW.default_threshold, NEW.default_low, NEW.default_high)
       IS DISTINCT FROM
       (OLD.check_id, OLD.check_type, OLD.category, OLD.table_name, OLD.column_name,
        OLD.default_threshold, OLD.default_low, OLD.default_high) THEN
        RAISE EXCEPTION 'only threshold, low, high and enabled of a validation rule can change'
            USING ERRCODE = '23514', CONSTRAINT = 'validation_rules_catalogue_immutable',
                  TABLE = 'validation_rules', SCHEMA = 'clinic';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION clinic._validation_rules_edit() IS
    'BEFORE INSERT OR UPDATE trigger on validation_rules: keeps the catalogue columns fixed (23514) and turns the INSERT of an existing check into an update of its settings (restores).';
CREATE TRIGGER edit BEFORE INSERT OR UPDATE ON clinic.validation_rules
    FOR EACH ROW EXECUTE FUNCTION clinic._validation_rules_edit();

INSERT INTO clinic.validation_rules (check_id, check_type, category, table_name, column_name,
                                     threshold, low, high, default_threshold, default_low, default_high)
SELECT d.check_id, d.check_type, d.category, d.table_name, d.column_name,
       d.threshold, d.low, d.high, d.threshold, d.low, d.high
  FROM clinic._validation_rule_defaults() d;

CREATE FUNCTION clinic._appointment_transition_allowed(from_status text, to_status text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_appointment_transition_allowed';
COMMENT ON FUNCTION clinic._appointment_transition_allowed(text, text) IS
    'Whether an appointment status may change from from_status to to_status (doc/schema.md''s transition table; unknown labels: false). Used by the validator''s status-history check over the audit trail.';

CREATE FUNCTION clinic.validate(target regnamespace DEFAULT 'clinic', checks text[] DEFAULT NULL,
                                sample_limit integer DEFAULT 5, trust_constraints boolean DEFAULT false)
    RETURNS TABLE (check_id text, check_type text, category text, table_name text, column_name text,
                   status text, violated_rows bigint, total_rows bigint, pct_violated numeric,
                   threshold numeric, sample jsonb)
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    -- Rows of the target's tables are read whole or not at all: a row-level security policy
    -- that applies to the caller is an error (42501), never a silently partial answer.
    SET row_security = off
    AS 'MODULE_PATHNAME', 'clinic_validate';
COMMENT ON FUNCTION clinic.validate(regnamespace, text[], integer, boolean) IS
    'Validates the clinical data of a clinic schema: one row per check (clinic.validation_rules) with its status (pass, warn, fail, error), violating and total rows, percentage, threshold and the keys of up to sample_limit violating rows. Each table is scanned once for all its row checks, and the checks keyed by patient (references to patients, patients without appointments) are answered in that scan; the other set-level checks run as SQL, every one of them by default (a foreign key proves nothing about rows written while its triggers did not fire). trust_constraints => true skips the set-level checks that a valid, non-deferrable unique index or the exclusion constraint with a validated CHECK proves, naming it in sample ({"enforced_by": name}). checks selects by id, dotted prefix, check type or category. A NOTICE per table reports progress; cancel and statement_timeout stop it. On Citus (patients distributed) the row checks and the checks keyed by patient run per shard group on the nodes holding the shards, in parallel, and add up; the checks across patients run over the distributed tables.';

CREATE FUNCTION clinic._validation_set_checks(target regnamespace)
    RETURNS TABLE (check_id text, query text)
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_validation_set_checks';
COMMENT ON FUNCTION clinic._validation_set_checks(regnamespace) IS
    'The SQL of each set-level check of clinic.validate() for a target schema ($1 is the sample limit): what the validator runs, for review.';
