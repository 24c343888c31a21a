-- Clinical code formats and check digits (C++: src/schema/codes.cpp, logic in src/core/schema/clinical_codes.cpp).
-- Pure functions: IMMUTABLE, STRICT, PARALLEL SAFE, and executable by everyone because CHECK
-- constraints call them with the privileges of whoever writes the row.

CREATE FUNCTION clinic.is_valid_npi(npi text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_npi';
COMMENT ON FUNCTION clinic.is_valid_npi(text) IS
    'True for a 10-digit NPI whose Luhn check digit (over 80840 + the first 9 digits) is right.';

CREATE FUNCTION clinic.is_valid_icd10cm(code text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_icd10cm';
COMMENT ON FUNCTION clinic.is_valid_icd10cm(text) IS
    'True for an ICD-10-CM code of the form ^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$.';

CREATE FUNCTION clinic.is_valid_rxnorm(code text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_rxnorm';
COMMENT ON FUNCTION clinic.is_valid_rxnorm(text) IS
    'True for an RxNorm concept id (RxCUI): 1 to 10 digits, no leading zero.';

CREATE FUNCTION clinic.is_valid_loinc(code text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_is_valid_loinc';
COMMENT ON FUNCTION clinic.is_valid_loinc(text) IS
    'True for a LOINC code: 1 to 7 digits, a dash, and the right mod-10 check digit.';
