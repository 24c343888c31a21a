#include "core/schema/appointment_status.hpp"

#include <gtest/gtest.h>

using namespace clinic::status;
using A = Appointment;

TEST(AppointmentStatus, LabelsRoundTripInEnumOrder) {
  const char *labels[] = {"scheduled", "checked_in", "in_progress",
                          "completed", "cancelled",  "no_show"};
  for (int i = 0; i < 6; ++i) {
    auto parsed = parse(labels[i]);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(static_cast<int>(*parsed), i);
    EXPECT_EQ(label(*parsed), labels[i]);
  }
  EXPECT_FALSE(parse("done").has_value());
  EXPECT_FALSE(parse("").has_value());
}

// The whole table of shared/clinical-domain.md, cell by cell.
TEST(AppointmentStatus, TransitionTable) {
  const A all[] = {A::scheduled, A::checked_in, A::in_progress,
                   A::completed, A::cancelled,  A::no_show};
  // allowed[from][to] with the start time already passed
  const bool allowed[6][6] = {
      /* scheduled   */ {false, true, false, false, true, true},
      /* checked_in  */ {false, false, true, false, true, false},
      /* in_progress */ {false, false, false, true, false, false},
      /* completed   */ {false, false, false, false, false, false},
      /* cancelled   */ {false, false, false, false, false, false},
      /* no_show     */ {false, false, false, false, false, false},
  };
  for (int f = 0; f < 6; ++f)
    for (int t = 0; t < 6; ++t) {
      const Verdict v = check_transition(all[f], all[t], true);
      if (f == t)
        EXPECT_EQ(v, Verdict::unchanged);
      else if (f >= 3)
        EXPECT_EQ(v, Verdict::terminal);
      else
        EXPECT_EQ(v == Verdict::allowed, allowed[f][t]) << f << "->" << t;
    }
}

TEST(AppointmentStatus, NoShowOnlyAfterStart) {
  EXPECT_EQ(check_transition(A::scheduled, A::no_show, false), Verdict::no_show_too_early);
  EXPECT_EQ(check_transition(A::scheduled, A::no_show, true), Verdict::allowed);
}

TEST(AppointmentStatus, SlotOccupancy) {
  EXPECT_TRUE(occupies_slot(A::scheduled));
  EXPECT_TRUE(occupies_slot(A::checked_in));
  EXPECT_TRUE(occupies_slot(A::in_progress));
  EXPECT_TRUE(occupies_slot(A::completed));
  EXPECT_FALSE(occupies_slot(A::cancelled));
  EXPECT_FALSE(occupies_slot(A::no_show));
}
