// Fuzz target: the clinical code checks on arbitrary bytes. Besides "no crash", each check's
// answer must agree with properties that hold by definition.
#include "core/schema/clinical_codes.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view s(reinterpret_cast<const char *>(data), size);
  using namespace clinic::codes;

  const int check = luhn_check_digit(s);
  require(check >= -1 && check <= 9);
  require((check == -1) == (s.empty() || !all_digits(s)));

  if (is_valid_npi(s)) {
    require(s.size() == 10 && all_digits(s));
    std::string other(s);  // any other last digit is invalid
    other[9] = static_cast<char>('0' + (other[9] - '0' + 1) % 10);
    require(!is_valid_npi(other));
  }
  if (is_valid_icd10cm(s)) {
    require(s.size() >= 3 && s.size() <= 8 && s[0] >= 'A' && s[0] <= 'Z');
    require(s.size() == 3 || s[3] == '.');
  }
  if (is_valid_rxnorm(s)) require(!s.empty() && s.size() <= 10 && all_digits(s) && s[0] != '0');
  if (is_valid_loinc(s)) {
    const auto dash = s.find('-');
    require(dash != std::string_view::npos && dash + 2 == s.size());
    require(luhn_check_digit(s.substr(0, dash)) == s[dash + 1] - '0');
  }
  if (is_valid_snomed_ct(s)) {
    require(s.size() >= 6 && s.size() <= 18 && all_digits(s) && s[0] != '0');
    std::string other(s);  // any other check digit is invalid
    other.back() = static_cast<char>('0' + (other.back() - '0' + 1) % 10);
    require(!is_valid_snomed_ct(other));
  }
  return 0;
}
