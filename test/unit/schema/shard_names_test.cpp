#include "core/schema/shard_names.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace clinic::shard_names;

namespace {
std::string stripped_quoted(std::string text) {
  strip_quoted(text.data());
  return text.c_str();
}
std::string stripped(std::string name) {
  strip(name.data());
  return name.c_str();
}
}  // namespace

TEST(ShardNames, SuffixIsTheShardIdOfAShardName) {
  EXPECT_STREQ(suffix("patients_102015"), "102015");
  EXPECT_STREQ(suffix("patients_mrn_claim_fkey_102015"), "102015");
  EXPECT_EQ(suffix("patients"), nullptr);
  EXPECT_EQ(suffix("vital_signs"), nullptr);
  EXPECT_EQ(suffix("patients_"), nullptr);
  EXPECT_EQ(suffix("patients_0102"), nullptr);                 // no leading zero
  EXPECT_EQ(suffix("patients_12a"), nullptr);                  // digits only
  EXPECT_EQ(suffix("patients_1234567890123456789"), nullptr);  // more than an int8
  EXPECT_STREQ(suffix("patients_123456789012345678"), "123456789012345678");
}

TEST(ShardNames, StripRemovesOnlyAShardId) {
  EXPECT_EQ(stripped("allergies_102051"), "allergies");
  EXPECT_EQ(stripped("allergies_severity_check_102051"), "allergies_severity_check");
  EXPECT_EQ(stripped("vital_signs"), "vital_signs");
  EXPECT_EQ(stripped("_102051"), "_102051");  // no name before the id
  EXPECT_EQ(stripped("x_0"), "x_0");
}

TEST(ShardNames, StripQuotedRewritesEveryQuotedShardName) {
  EXPECT_EQ(stripped_quoted("insert or update on table \"patients_102015\" violates foreign key "
                            "constraint \"patients_mrn_claim_fkey_102015\""),
            "insert or update on table \"patients\" violates foreign key constraint "
            "\"patients_mrn_claim_fkey\"");
  EXPECT_EQ(stripped_quoted("Key (live_mrn, id)=(M_102015, 7) is not present in table "
                            "\"mrn_claims_102009\"."),
            "Key (live_mrn, id)=(M_102015, 7) is not present in table \"mrn_claims\".");
  // Names that are not a shard's, ids under six digits (a column "dose_2"), an unclosed quote,
  // and an empty one stay.
  EXPECT_EQ(
      stripped_quoted("\"vital_signs\" and \"x_0\" and \"dose_2\" and \"t_99999\" and \"\" and "
                      "\"open_123456"),
      "\"vital_signs\" and \"x_0\" and \"dose_2\" and \"t_99999\" and \"\" and \"open_123456");
  // Values in parentheses stay, quotes and all (a jsonb value, nested parentheses).
  EXPECT_EQ(
      stripped_quoted("new row for relation \"audit_log_102300\" violates check constraint "
                      "\"audit_log_op_check_102300\"; Failing row contains (7, {\"mrn\": "
                      "\"M_102015\"}, (\"x_123456\"), \"a)\", \"y_123456\"), \"after_102300\"."),
      "new row for relation \"audit_log\" violates check constraint \"audit_log_op_check\"; "
      "Failing row contains (7, {\"mrn\": \"M_102015\"}, (\"x_123456\"), \"a)\", \"y_123456\"), "
      "\"after\".");
  std::string same = "no names here";
  EXPECT_FALSE(strip_quoted(same.data()));
  std::string shard = "\"a_102008\"";
  EXPECT_TRUE(strip_quoted(shard.data()));
  EXPECT_STREQ(shard.c_str(), "\"a\"");
}
