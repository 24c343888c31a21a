-- clinic.validate()'s part on a Citus node (src/validate/validate.cpp, doc/citus.md): its own
-- part, so that the update script takes it whole (-- include:).
CREATE FUNCTION clinic._validate_shard(shard regclass, checks text[], override_ids text[],
                                       lows double precision[], highs double precision[],
                                       sample_limit integer, run_start bigint, time_zone text,
                                       first_shard bigint)
    RETURNS jsonb
    LANGUAGE c STABLE STRICT PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    SET row_security = off
    AS 'MODULE_PATHNAME', 'clinic_validate_shard';
COMMENT ON FUNCTION clinic._validate_shard(regclass, text[], text[], double precision[], double precision[], integer, bigint, text, bigint) IS
    'clinic.validate()''s part on a Citus node (doc/citus.md): the checks named (exact ids) over the shard group of the patients shard given, with the row limits of override_ids overridden by lows and highs (NULL: unchanged), the caller''s transaction start (run_start, microseconds since 2000-01-01 UTC) as now and its TimeZone, and the lowest patients shard (the one group that checks the reference tables'' rows), as JSON [{check_id, status, violated, total, sample, note}] for the caller to add up. 22023 when shard is not a shard of a distributed patients table.';
