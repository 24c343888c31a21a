// Fuzz target: the clinical code checks on arbitrary bytes, against independent references.
// Each reference below follows its code system's published procedure in its own words (CMS's
// NPI worksheet with the constant 24, LOINC's "odd positions doubled, appended" steps, the
// Verhoeff generator with its inverse table, ICD-10-CM and RxNorm as regular patterns), not the
// extension's formulation, and must give the same verdict on every input. Random bytes almost
// never hold a valid code, so each input is also turned into one candidate per system whose
// check digit the reference computes: those must be accepted, and each single-digit change of
// them rejected where the system's check digit promises it.
#include "core/schema/clinical_codes.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>
#include <utility>

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

bool digits_only(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// CMS, "Requirements for the NPI check digit": double every other digit of the 9-digit base
// starting from its rightmost, add the digits of the products and the untouched digits, add 24
// (the 80840 prefix's contribution), and subtract from the next multiple of ten.
int reference_npi_check(std::string_view base9) {
  int total = 24;
  for (int i = 0; i < 9; ++i) {
    const int d = base9[8 - i] - '0';
    if (i % 2 == 0) {
      const int twice = 2 * d;
      total += twice / 10 + twice % 10;
    } else {
      total += d;
    }
  }
  return (10 - total % 10) % 10;
}

bool reference_npi(std::string_view s) {
  return s.size() == 10 && digits_only(s) && reference_npi_check(s.substr(0, 9)) == s[9] - '0';
}

// LOINC's mod-10 steps: number the digits from the right; the odd positions, read left to right
// as one number, doubled; the even positions appended in front of that product's digits; add
// those digits; subtract from the next multiple of ten.
int reference_loinc_check(std::string_view body) {
  std::string odd, even;
  for (size_t i = 0; i < body.size(); ++i) {
    const size_t position = body.size() - i;  // 1 is the rightmost
    (position % 2 == 1 ? odd : even) += body[i];
  }
  std::string doubled;  // odd * 2, as decimal text, by hand: odd may exceed 64 bits elsewhere
  int carry = 0;
  for (auto it = odd.rbegin(); it != odd.rend(); ++it) {
    const int v = (*it - '0') * 2 + carry;
    doubled.insert(doubled.begin(), static_cast<char>('0' + v % 10));
    carry = v / 10;
  }
  if (carry) doubled.insert(doubled.begin(), static_cast<char>('0' + carry));
  int sum = 0;
  for (char c : even + doubled) sum += c - '0';
  return (10 - sum % 10) % 10;
}

bool reference_loinc(std::string_view s) {
  static const std::regex pattern("[0-9]{1,7}-[0-9]");
  const std::string text(s);
  if (!std::regex_match(text, pattern)) return false;
  const auto dash = s.find('-');
  return reference_loinc_check(s.substr(0, dash)) == s[dash + 1] - '0';
}

// Verhoeff, as a generator: the digit to append is inv[c] after running the payload with the
// position shifted by one (the check digit takes position 0).
constexpr int kD[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                            {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                            {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                            {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                            {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
constexpr int kInv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};
// p(pos, d) = p(1, p(pos - 1, d)): the permutation of position 1, applied pos times.
constexpr int kP1[10] = {1, 5, 7, 6, 2, 8, 3, 0, 9, 4};
int permute(int position, int digit) {
  for (int i = 0; i < position % 8; ++i) digit = kP1[digit];
  return digit;
}

int reference_verhoeff_check(std::string_view payload) {
  int c = 0;
  for (size_t i = 0; i < payload.size(); ++i)
    c = kD[c][permute(static_cast<int>(i) + 1, payload[payload.size() - 1 - i] - '0')];
  return kInv[c];
}

// SNOMED CT concept id (SCTID): 6 to 18 digits, no leading zero, partition identifier "00"
// (core concept) or "10" (extension concept) before the Verhoeff check digit.
bool reference_snomed(std::string_view s) {
  static const std::regex pattern("[1-9][0-9]{2,14}[01]0[0-9]");
  const std::string text(s);
  if (!std::regex_match(text, pattern)) return false;
  return reference_verhoeff_check(s.substr(0, s.size() - 1)) == s.back() - '0';
}

bool reference_icd10cm(std::string_view s) {
  static const std::regex pattern("[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?");
  return std::regex_match(std::string(s), pattern);
}

bool reference_rxnorm(std::string_view s) {
  static const std::regex pattern("[1-9][0-9]{0,9}");
  return std::regex_match(std::string(s), pattern);
}

// Inputs accepted as they came (the seed corpus's real codes reach these) and candidates built.
struct Counts {
  long npi = 0, loinc = 0, snomed = 0, icd10cm = 0, rxnorm = 0;
};
Counts accepted, built;

std::string digits_from(std::string_view s, size_t n, char first_nonzero) {
  std::string out;
  for (size_t i = 0; out.size() < n; ++i)
    out += static_cast<char>('0' + (i < s.size() ? static_cast<unsigned char>(s[i]) : i * 7) % 10);
  if (first_nonzero && out[0] == '0') out[0] = first_nonzero;
  return out;
}

// Every other digit at one position (chosen by the input) must be rejected: Luhn and Verhoeff
// both catch every single-digit error.
template <class Valid>
void single_digit_errors_rejected(const std::string &code, Valid valid, size_t position) {
  size_t i = position % code.size();
  if (code[i] < '0' || code[i] > '9') i = 0;  // LOINC's dash
  for (char d = '0'; d <= '9'; ++d) {
    if (d == code[i]) continue;
    std::string other = code;
    other[i] = d;
    require(!valid(other));
  }
}

void constructed(std::string_view s) {
  using namespace clinic::codes;
  const size_t seed = s.empty() ? 0 : static_cast<unsigned char>(s[0]);

  std::string npi = digits_from(s, 9, 0);
  npi += static_cast<char>('0' + reference_npi_check(npi));
  require(is_valid_npi(npi));
  single_digit_errors_rejected(npi, is_valid_npi, s.size());
  ++built.npi;

  std::string loinc = digits_from(s, 1 + seed % 7, 0);
  loinc += '-';
  loinc += static_cast<char>('0' + reference_loinc_check(loinc.substr(0, loinc.size() - 1)));
  require(is_valid_loinc(loinc));
  single_digit_errors_rejected(loinc, is_valid_loinc, s.size());
  ++built.loinc;

  std::string snomed = digits_from(s, 3 + seed % 13, '1');
  snomed += seed % 2 ? "10" : "00";
  snomed += static_cast<char>('0' + reference_verhoeff_check(snomed));
  require(is_valid_snomed_ct(snomed));
  single_digit_errors_rejected(snomed, is_valid_snomed_ct, s.size());
  ++built.snomed;

  std::string icd = "E11";
  if (s.size() > 1) icd[0] = static_cast<char>('A' + static_cast<unsigned char>(s[1]) % 26);
  if (seed % 3) icd += "." + digits_from(s, 1 + seed % 4, 0);
  require(is_valid_icd10cm(icd));
  ++built.icd10cm;

  const std::string rx = digits_from(s, 1 + seed % 10, '1');
  require(is_valid_rxnorm(rx));
  ++built.rxnorm;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view s(reinterpret_cast<const char *>(data), size);
  using namespace clinic::codes;

  // The extension and the references agree on the raw input, both ways.
  require(is_valid_npi(s) == reference_npi(s));
  require(is_valid_loinc(s) == reference_loinc(s));
  require(is_valid_snomed_ct(s) == reference_snomed(s));
  require(is_valid_icd10cm(s) == reference_icd10cm(s));
  require(is_valid_rxnorm(s) == reference_rxnorm(s));
  if (is_valid_npi(s)) ++accepted.npi;
  if (is_valid_loinc(s)) ++accepted.loinc;
  if (is_valid_snomed_ct(s)) ++accepted.snomed;
  if (is_valid_icd10cm(s)) ++accepted.icd10cm;
  if (is_valid_rxnorm(s)) ++accepted.rxnorm;

  const int check = luhn_check_digit(s);
  require(check >= -1 && check <= 9);
  require((check == -1) == !digits_only(s));
  if (check >= 0) require(check == reference_loinc_check(s));

  constructed(s);
  return 0;
}

// Called by the standalone driver after its run: every system must have accepted inputs as
// they came (the seed corpus holds real codes of each), or the run proved nothing about the
// accepting side.
extern "C" int clinic_fuzz_report() {
  for (const auto &[name, c] :
       {std::pair{"accepted as given", accepted}, {"built and accepted", built}})
    std::printf("%s: NPI %ld, LOINC %ld, SNOMED CT %ld, ICD-10-CM %ld, RxNorm %ld\n", name, c.npi,
                c.loinc, c.snomed, c.icd10cm, c.rxnorm);
  return accepted.npi && accepted.loinc && accepted.snomed && accepted.icd10cm && accepted.rxnorm
             ? 0
             : 1;
}
