#include "pg/internals/numeric.hpp"

#include "pg/boundary.hpp"
#include "pg/compat.hpp"

#include <cstring>

extern "C" {
#include "utils/numeric.h"
}

namespace clinic {

// A numeric as the nearest double, read from its stored digits (numeric.c's layout: a 2-byte
// header, a 2-byte weight unless short, base-10,000 digits): numeric_float8 goes through text.
// The digits become one integer and one division or multiplication by an exact power of ten, so
// the result is the correctly rounded value strtod would give, as long as the integer is exact
// in a double (at most 2^53) and the power of ten too (at most 1e22). NaN, infinities and every
// other value take PostgreSQL's own path.
namespace {

// The fast path: false, leaving out unset, when the value is not one it reads exactly.
bool from_digits(Datum d, double *out) {
  if (!pg::kInternalsChecked) return false;
  const struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
  const uint8 *p = reinterpret_cast<const uint8 *>(VARDATA_ANY(v));
  const int size = VARSIZE_ANY_EXHDR(v);
  if (size < 2) return false;
  uint16 header;
  memcpy(&header, p, sizeof header);
  const uint16 flags = header & 0xC000;
  if (flags == 0xC000) return false;  // NaN or an infinity
  bool negative;
  int weight, offset;
  if (flags == 0x8000) {  // short: sign, display scale and a 7-bit weight in the header
    negative = (header & 0x2000) != 0;
    weight = (header & 0x0040) ? static_cast<int>(header | ~0x003F) : (header & 0x003F);
    offset = 2;
  } else {
    negative = flags == 0x4000;
    int16 w;
    memcpy(&w, p + 2, sizeof w);
    weight = w;
    offset = 4;
  }
  const int ndigits = (size - offset) / 2;
  if (ndigits == 0) {
    *out = 0.0;
    return true;
  }
  if (ndigits > 4) return false;
  int64 n = 0;
  for (int i = 0; i < ndigits; ++i) {
    int16 digit;
    memcpy(&digit, p + offset + 2 * i, sizeof digit);
    n = n * 10000 + digit;
  }
  if (n > (int64{1} << 53)) return false;  // not exact in a double: two roundings would not be one
  static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const int exponent = 4 * (weight - (ndigits - 1));
  if (exponent < -22 || exponent > 22) return false;
  const double magnitude = exponent >= 0 ? static_cast<double>(n) * kPow10[exponent]
                                         : static_cast<double>(n) / kPow10[-exponent];
  *out = negative ? -magnitude : magnitude;
  return true;
}

}  // namespace

double numeric_to_double(Datum d) {
  double value;
  if (from_digits(d, &value)) return value;
  return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
}

}  // namespace clinic

// For test/sql/internals.sql only (the install script does not declare it): the double read from
// the stored digits, to compare with PostgreSQL's numeric_float8_no_overflow.
CLINIC_FUNCTION(clinic_test_numeric_to_double) {
  const Datum d = PG_GETARG_DATUM(0);
  return clinic::pg_guard([d] { return Float8GetDatum(clinic::numeric_to_double(d)); });
}
