#include "core/schema/clinical_codes.hpp"
#include "core/pure.hpp"

namespace clinic::codes {
namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}
bool is_upper_or_digit(char c) noexcept {
  return is_digit(c) || is_upper(c);
}

bool all_digits(std::string_view s) noexcept {
  for (char c : s)
    if (!is_digit(c)) return false;
  return !s.empty();
}

}  // namespace

int luhn_check_digit(std::string_view payload) noexcept {
  if (!all_digits(payload)) return -1;
  int sum = 0;
  bool doubled = true;  // the rightmost payload digit is doubled: the check digit follows it
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return (10 - sum % 10) % 10;
}

bool is_valid_npi(std::string_view npi) noexcept {
  if (npi.size() != 10 || !all_digits(npi)) return false;
  // The prefix 80840 identifies US health applications in ISO/IEC 7812 card numbering.
  char payload[14] = {'8', '0', '8', '4', '0'};
  for (int i = 0; i < 9; ++i) payload[5 + i] = npi[i];
  return luhn_check_digit(std::string_view(payload, sizeof payload)) == npi[9] - '0';
}

bool is_valid_icd10cm(std::string_view code) noexcept {
  if (code.size() < 3 || !is_upper(code[0]) || !is_digit(code[1]) || !is_upper_or_digit(code[2]))
    return false;
  if (code.size() == 3) return true;
  if (code[3] != '.' || code.size() < 5 || code.size() > 8) return false;
  for (size_t i = 4; i < code.size(); ++i)
    if (!is_upper_or_digit(code[i])) return false;
  return true;
}

bool is_valid_rxnorm(std::string_view code) noexcept {
  return code.size() <= 10 && all_digits(code) && code[0] != '0';
}

bool is_valid_loinc(std::string_view code) noexcept {
  const auto dash = code.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash > 7 || code.size() != dash + 2)
    return false;
  const std::string_view body = code.substr(0, dash);
  const char check = code[dash + 1];
  return all_digits(body) && is_digit(check) && luhn_check_digit(body) == check - '0';
}

bool is_valid_snomed_ct(std::string_view code) noexcept {
  if (code.size() < 6 || code.size() > 18 || !all_digits(code) || code[0] == '0') return false;
  if (code[code.size() - 2] != '0' ||
      (code[code.size() - 3] != '0' && code[code.size() - 3] != '1'))
    return false;
  // Verhoeff: the dihedral group D5 (kMultiply) and a position-dependent permutation (kPermute)
  // catch every single-digit error and every adjacent transposition.
  static constexpr unsigned char kMultiply[10][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
      {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
      {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
      {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static constexpr unsigned char kPermute[8][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
      {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
      {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  int check = 0;
  for (size_t i = 0; i < code.size(); ++i)  // from the rightmost digit, the check digit itself
    check = kMultiply[check][kPermute[i % 8][code[code.size() - 1 - i] - '0']];
  return check == 0;
}

}  // namespace clinic::codes
