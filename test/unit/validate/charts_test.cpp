#include "core/validate/charts.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace clinic::validation;

namespace {

Uuid key(uint8_t n) {
  Uuid u{};
  u[15] = n;
  return u;
}

// An active visit of `patient` with `provider` from `start` to `end` (minutes).
Visit visit(uint8_t id, uint8_t patient, uint8_t provider, int64_t start, int64_t end) {
  Visit v;
  v.id = key(id);
  v.patient = key(patient);
  v.provider = key(provider);
  v.has_provider = v.has_start = v.has_end = v.active = true;
  v.start = start;
  v.end = end;
  return v;
}

std::vector<std::string> ids(const Answer &a) {
  std::vector<std::string> out;
  for (const std::string &t : a.sample.texts()) out.push_back(t.substr(34));
  return out;
}

}  // namespace

TEST(Charts, UuidTextIsPostgresFormat) {
  Uuid u;
  for (size_t i = 0; i < u.size(); ++i) u[i] = static_cast<uint8_t>(i * 17);
  EXPECT_EQ(uuid_text(u), "00112233-4455-6677-8899-aabbccddeeff");
}

TEST(Charts, LeastKeysKeepsTheLeastInByteOrder) {
  LeastKeys k(2);
  for (uint8_t n : {9, 3, 200, 3, 7}) k.add(key(n));
  EXPECT_EQ(k.texts(), (std::vector<std::string>{uuid_text(key(3)), uuid_text(key(3))}));
  LeastKeys none(0);
  none.add(key(1));
  EXPECT_TRUE(none.texts().empty());
}

TEST(Charts, LookupFindsByPatientAndId) {
  Lookup<Record> records;
  for (uint8_t n = 0; n < 100; ++n) {
    Record r;
    r.patient = key(n % 7);
    r.id = key(n);
    r.visit = n;
    records.rows.push_back(r);
  }
  ASSERT_TRUE(records.index());
  ASSERT_NE(records.find(key(3), key(10)), nullptr);
  EXPECT_EQ(records.find(key(3), key(10))->visit, 10);
  EXPECT_EQ(records.find(key(4), key(10)), nullptr);  // another patient's id
  EXPECT_EQ(records.find(key(3), key(101)), nullptr);
  // Two rows with one pair: a join would match both, so the lookup refuses to index.
  records.rows.push_back(records.rows[10]);
  EXPECT_FALSE(records.index());
  EXPECT_EQ(records.find(key(3), key(10)), nullptr);
  EXPECT_GT(Lookup<Record>::index_bytes(100), 100u * 4 * 2 - 1);
}

TEST(Charts, OverlapsPerPatientAndPerProvider) {
  std::vector<Visit> v = {
      visit(1, 1, 1, 0, 30),
      visit(2, 1, 2, 10, 20),  // patient 1 again during visit 1 (another provider)
      visit(3, 2, 1, 30, 60),  // provider 1 again when visit 1 ends: no overlap
      visit(4, 3, 1, 40, 50),  // provider 1 during visit 3
      visit(5, 1, 1, 25, 26),  // patient 1 and provider 1 during visit 1
  };
  Answer by_patient = overlaps(v, false, 5);
  EXPECT_TRUE(by_patient.settled);
  EXPECT_EQ(by_patient.total, 5);
  EXPECT_EQ(by_patient.violated, 2);
  EXPECT_EQ(ids(by_patient), (std::vector<std::string>{"02", "05"}));
  Answer by_provider = overlaps(v, true, 1);
  EXPECT_EQ(by_provider.violated, 2);  // visits 5 and 4
  EXPECT_EQ(ids(by_provider), std::vector<std::string>{"04"});
}

TEST(Charts, OverlapsFollowTheWindowsNulls) {
  std::vector<Visit> v = {visit(1, 1, 1, 0, 30), visit(2, 1, 1, 10, 20)};
  v[1].active = false;  // cancelled, no-show or deleted: holds no slot
  EXPECT_EQ(overlaps(v, false, 5).violated, 0);
  EXPECT_EQ(overlaps(v, false, 5).total, 1);
  v[1].active = true;
  v[0].has_end = false;  // a NULL end ends nothing
  EXPECT_EQ(overlaps(v, false, 5).violated, 0);
  v[0].has_end = true;
  v[1].has_start = false;  // a NULL start sorts last and overlaps nothing
  EXPECT_EQ(overlaps(v, false, 5).violated, 0);
  v[1].has_start = true;
  v[0].has_provider = v[1].has_provider = false;  // NULL providers: one partition
  v[1].provider = key(9);
  EXPECT_EQ(overlaps(v, true, 5).violated, 1);
  // The later start by id breaks a tie of starts: the first of equal starts is not flagged.
  std::vector<Visit> tie = {visit(7, 1, 1, 0, 30), visit(6, 1, 1, 0, 30)};
  EXPECT_EQ(ids(overlaps(tie, false, 5)), std::vector<std::string>{"07"});
  // Equal start and id: the window's order between them is not defined, nor its answer.
  std::vector<Visit> twins = {visit(7, 1, 1, 0, 30), visit(7, 1, 1, 0, 10)};
  EXPECT_FALSE(overlaps(twins, false, 5).settled);
  // Both starts NULL, one id: a tie too.
  std::vector<Visit> nulls = {visit(7, 1, 1, 0, 30), visit(7, 1, 1, 5, 10)};
  nulls[0].has_start = nulls[1].has_start = false;
  EXPECT_FALSE(overlaps(nulls, false, 5).settled);
  // Infinite times are the int64 ends PostgreSQL stores: -infinity starts first, infinity ends
  // last.
  std::vector<Visit> endless = {visit(1, 1, 1, INT64_MIN, INT64_MAX), visit(2, 1, 1, 10, 20)};
  EXPECT_EQ(ids(overlaps(endless, false, 5)), std::vector<std::string>{"02"});
}
