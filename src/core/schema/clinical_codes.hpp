// Formats and check digits of the clinical code systems the schema stores (no PostgreSQL here:
// this file is shared by the extension and the C++ unit tests).
//   NPI        10 digits, Luhn check digit over "80840" + the first 9 digits (CMS)
//   ICD-10-CM  ^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$
//   RxNorm     RxCUI: 1 to 10 digits
//   LOINC      1 to 7 digits, '-', a mod-10 check digit
//   SNOMED CT  concept id: 6 to 18 digits, no leading zero, partition 00 or 10 (a concept, in
//              the core or an extension) before a Verhoeff check digit (SNOMED CT TIG, SCTID)
#pragma once

#include <string_view>

namespace clinic::codes {

// The Luhn check digit for a string of decimal digits (the digit that would be appended).
// Returns -1 if payload is empty or holds a non-digit.
int luhn_check_digit(std::string_view payload) noexcept;

bool is_valid_npi(std::string_view npi) noexcept;
bool is_valid_icd10cm(std::string_view code) noexcept;
bool is_valid_rxnorm(std::string_view code) noexcept;
bool is_valid_loinc(std::string_view code) noexcept;
bool is_valid_snomed_ct(std::string_view code) noexcept;

}  // namespace clinic::codes
