// SQL wrappers of the code-format checks in src/core/schema/clinical_codes.cpp.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "core/schema/clinical_codes.hpp"
#include "pg/datum.hpp"

#include <string_view>

CLINIC_FUNCTION(clinic_is_valid_npi) {
  return BoolGetDatum(clinic::codes::is_valid_npi(clinic::text_view_arg(fcinfo, 0)));
}

CLINIC_FUNCTION(clinic_is_valid_icd10cm) {
  return BoolGetDatum(clinic::codes::is_valid_icd10cm(clinic::text_view_arg(fcinfo, 0)));
}

CLINIC_FUNCTION(clinic_is_valid_rxnorm) {
  return BoolGetDatum(clinic::codes::is_valid_rxnorm(clinic::text_view_arg(fcinfo, 0)));
}

CLINIC_FUNCTION(clinic_is_valid_loinc) {
  return BoolGetDatum(clinic::codes::is_valid_loinc(clinic::text_view_arg(fcinfo, 0)));
}
