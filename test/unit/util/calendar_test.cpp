#include "core/util/calendar.hpp"

#include <gtest/gtest.h>

using namespace clinic::calendar;

TEST(Calendar, KnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(kPostgresEpochDay, 10957);
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);  // 2000 is leap
  EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);  // 1900 is not
}

TEST(Calendar, RoundTripsAcrossCenturies) {
  for (int64_t day = days_from_civil(1600, 1, 1); day < days_from_civil(2400, 1, 1); day += 17) {
    const Civil c = civil_from_days(day);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), day);
  }
}
