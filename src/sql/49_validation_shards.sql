-- The parts of clinic.validate() and clinic.verify_audit_log() on a Citus node
-- (src/validate/validate.cpp, src/trail/verify.cpp, doc/citus.md): their own file, so that the
-- update script takes it whole (-- include:).
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
    'clinic.validate()''s part on a Citus node (doc/citus.md): the checks named (exact ids) over the shard group of the patients shard given, with the row limits of override_ids overridden by lows and highs (NULL: unchanged), the caller''s transaction start (run_start, microseconds since 2000-01-01 UTC) as now and its TimeZone, and the lowest patients shard (the one group that checks the reference tables'' rows), as JSON [{check_id, status, violated, total, sample, note, digest}] for the caller to add up (digest, for a check across patients: base64 of the 40-bit hashes of its rows'' keys, or all). 22023 when shard is not a shard of a distributed patients table.';

CREATE FUNCTION clinic._verify_shard(shard regclass)
    RETURNS jsonb
    LANGUAGE c STABLE STRICT PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_verify_shard';
COMMENT ON FUNCTION clinic._verify_shard(regclass) IS
    'clinic.verify_audit_log()''s part on a Citus node (doc/citus.md): every chain of the audit_log shard given, placed on this node, recomputed as verify_audit_log() does, as JSON {chains, checked, patient, seq, problem} (the first break in patient order, null when every chain verifies) for the caller to combine. 22023 when shard is not a shard of a distributed clinic.audit_log, 55000 when it has no placement on this node.';
