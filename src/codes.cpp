// SQL wrappers of the code-format checks in src/core/clinical_codes.cpp.
#include "pg.hpp"

#include "boundary.hpp"
#include "core/clinical_codes.hpp"

#include <string_view>

namespace {

// The argument as a view of its bytes; the detoasted copy lives in the call's memory context.
std::string_view text_view(FunctionCallInfo fcinfo, int n) {
  text *t = clinic::pg_guard([fcinfo, n] { return PG_GETARG_TEXT_PP(n); });
  return std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

}  // namespace

CLINIC_FUNCTION(clinic_is_valid_npi) {
  return BoolGetDatum(clinic::codes::is_valid_npi(text_view(fcinfo, 0)));
}

CLINIC_FUNCTION(clinic_is_valid_icd10cm) {
  return BoolGetDatum(clinic::codes::is_valid_icd10cm(text_view(fcinfo, 0)));
}

CLINIC_FUNCTION(clinic_is_valid_rxnorm) {
  return BoolGetDatum(clinic::codes::is_valid_rxnorm(text_view(fcinfo, 0)));
}

CLINIC_FUNCTION(clinic_is_valid_loinc) {
  return BoolGetDatum(clinic::codes::is_valid_loinc(text_view(fcinfo, 0)));
}
