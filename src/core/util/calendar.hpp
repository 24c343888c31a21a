// Proleptic Gregorian calendar arithmetic on day numbers, after H. Hinnant's days_from_civil
// (http://howardhinnant.github.io/date_algorithms.html). Day 0 is 1970-01-01; PostgreSQL's
// internal dates and timestamps count from 2000-01-01 (kPostgresEpochDay). No PostgreSQL here.
#pragma once

#include <cstdint>

namespace clinic::calendar {

struct Civil {
  int year, month, day;
};

constexpr int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

// 2000-01-01, the epoch of PostgreSQL's DateADT and Timestamp(Tz).
constexpr int64_t kPostgresEpochDay = days_from_civil(2000, 1, 1);
constexpr int64_t kMicrosPerDay = 86400LL * 1000 * 1000;

}  // namespace clinic::calendar
