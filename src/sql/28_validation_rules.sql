-- The integrity validator's rules (src/validate/validate.cpp, doc/validator-design.md): one row per check,
-- with the DBA's threshold and limits. The defaults are inserted once the audit columns exist
-- (47_validation.sql).
CREATE TABLE clinic.validation_rules (
    check_id           text    NOT NULL,
    check_type         text    NOT NULL,
    category           text    NOT NULL,
    table_name         text    NOT NULL,
    column_name        text    NOT NULL,
    threshold          numeric NOT NULL,
    low                numeric,
    high               numeric,
    enabled            boolean NOT NULL DEFAULT true,
    default_threshold  numeric NOT NULL,
    default_low        numeric,
    default_high       numeric,
    CONSTRAINT validation_rules_pkey PRIMARY KEY (check_id),
    CONSTRAINT validation_rules_threshold_percent CHECK (threshold BETWEEN 0 AND 100),
    CONSTRAINT validation_rules_category_known CHECK (category IN ('conformance', 'completeness', 'plausibility')),
    CONSTRAINT validation_rules_range_ordered CHECK (low <= high)
);
COMMENT ON TABLE clinic.validation_rules IS
    'The checks of clinic.validate(), one row each, with their thresholds and limits. A DBA may change threshold, low, high and enabled; the rest is the catalogue. Holds no patient data.';
COMMENT ON COLUMN clinic.validation_rules.check_id IS 'Stable id: table.column.what.';
COMMENT ON COLUMN clinic.validation_rules.check_type IS 'OHDSI Data Quality Dashboard check type (isRequired, plausibleValueHigh, ...), or ours where DQD has none.';
COMMENT ON COLUMN clinic.validation_rules.category IS 'conformance, completeness or plausibility (Kahn et al. 2016).';
COMMENT ON COLUMN clinic.validation_rules.table_name IS 'The table checked.';
COMMENT ON COLUMN clinic.validation_rules.column_name IS 'The column (or columns) checked.';
COMMENT ON COLUMN clinic.validation_rules.threshold IS 'Largest percentage of rows that may violate for warn; above it, fail. 0: any violation fails.';
COMMENT ON COLUMN clinic.validation_rules.low IS 'Low end of the violating range, for range rules (NULL: unbounded).';
COMMENT ON COLUMN clinic.validation_rules.high IS 'High end of the violating range, for range rules (NULL: unbounded).';
COMMENT ON COLUMN clinic.validation_rules.enabled IS 'False: clinic.validate() skips the check.';
COMMENT ON COLUMN clinic.validation_rules.default_threshold IS 'The threshold the extension ships.';
COMMENT ON COLUMN clinic.validation_rules.default_low IS 'The low limit the extension ships.';
COMMENT ON COLUMN clinic.validation_rules.default_high IS 'The high limit the extension ships.';
