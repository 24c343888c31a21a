#include "core/schema/clinical_codes.hpp"

#include <gtest/gtest.h>

using namespace clinic::codes;

TEST(Luhn, CheckDigitOfKnownPayloads) {
  EXPECT_EQ(luhn_check_digit("7992739871"), 3);  // the textbook example: 79927398713
  EXPECT_EQ(luhn_check_digit("8480"), 6);        // LOINC 8480-6
  EXPECT_EQ(luhn_check_digit("0"), 0);
  EXPECT_EQ(luhn_check_digit(""), -1);
  EXPECT_EQ(luhn_check_digit("12a"), -1);
}

TEST(Npi, AcceptsValidNumbers) {
  EXPECT_TRUE(is_valid_npi("1234567893"));  // CMS's worked example
  EXPECT_TRUE(is_valid_npi("1245319599"));
}

TEST(Npi, RejectsWrongCheckDigitLengthAndCharacters) {
  EXPECT_FALSE(is_valid_npi("1234567890"));
  EXPECT_FALSE(is_valid_npi("123456789"));
  EXPECT_FALSE(is_valid_npi("12345678933"));
  EXPECT_FALSE(is_valid_npi("12345678a3"));
  EXPECT_FALSE(is_valid_npi(""));
}

TEST(Npi, EverySingleDigitErrorIsCaught) {
  const std::string good = "1234567893";
  for (size_t i = 0; i < good.size(); ++i)
    for (char c = '0'; c <= '9'; ++c) {
      if (c == good[i]) continue;
      std::string bad = good;
      bad[i] = c;
      EXPECT_FALSE(is_valid_npi(bad)) << bad;
    }
}

TEST(Icd10cm, Formats) {
  for (const char *ok : {"E11", "E11.9", "I10", "J45.909", "S72.001A", "O09.A0", "Z3A.01"})
    EXPECT_TRUE(is_valid_icd10cm(ok)) << ok;
  for (const char *bad :
       {"", "E1", "e11.9", "E11.", "E11.12345", "11.9", "E1A9", "E11-9", "E11.9 ", "EE1"})
    EXPECT_FALSE(is_valid_icd10cm(bad)) << bad;
}

TEST(RxNorm, Digits) {
  EXPECT_TRUE(is_valid_rxnorm("197361"));
  EXPECT_TRUE(is_valid_rxnorm("1"));
  EXPECT_FALSE(is_valid_rxnorm(""));
  EXPECT_FALSE(is_valid_rxnorm("0123"));
  EXPECT_FALSE(is_valid_rxnorm("12345678901"));
  EXPECT_FALSE(is_valid_rxnorm("19736a"));
}

TEST(Loinc, CheckDigit) {
  for (const char *ok : {"8480-6", "8462-4", "8867-4", "9279-1", "8310-5", "59408-5", "29463-7",
                         "8302-2", "39156-5"})
    EXPECT_TRUE(is_valid_loinc(ok)) << ok;
  for (const char *bad : {"8480-5", "8480", "-6", "8480-", "8480-66", "84a0-6", "12345678-9"})
    EXPECT_FALSE(is_valid_loinc(bad)) << bad;
}

TEST(SnomedCt, ConceptIdsWithVerhoeffCheckDigit) {
  // The demo's and the seed's codes, and a few well-known concepts.
  for (const char *ok : {"256349002", "111088007", "25064002", "49727002", "386661006", "84229001",
                         "17173007", "404640003", "422587007", "161891005", "22298006", "38341003",
                         "73211009", "404684003", "138875005"})
    EXPECT_TRUE(is_valid_snomed_ct(ok)) << ok;
  for (const char *bad : {"", "25064003", "25064", "025064002", "2506400a", "250640012",
                          "1234567890123456789", "25064 002"})
    EXPECT_FALSE(is_valid_snomed_ct(bad)) << bad;
}

TEST(SnomedCt, EverySingleDigitErrorAndAdjacentTranspositionIsCaught) {
  const std::string good = "404684003";
  for (size_t i = 0; i < good.size(); ++i)
    for (char c = '0'; c <= '9'; ++c) {
      if (c == good[i]) continue;
      std::string bad = good;
      bad[i] = c;
      EXPECT_FALSE(is_valid_snomed_ct(bad)) << bad;
    }
  for (size_t i = 0; i + 1 < good.size(); ++i) {
    if (good[i] == good[i + 1]) continue;
    std::string swapped = good;
    std::swap(swapped[i], swapped[i + 1]);
    EXPECT_FALSE(is_valid_snomed_ct(swapped)) << swapped;
  }
}

TEST(SnomedCt, SixDigitsIsTheShortestId) {
  EXPECT_TRUE(is_valid_snomed_ct("102002"));  // Hemoglobin Okaloosa: item 102, partition 00
  EXPECT_FALSE(is_valid_snomed_ct("10200"));
}

TEST(SnomedCt, OnlyConceptPartitions) {
  EXPECT_TRUE(is_valid_snomed_ct("138875005"));  // partition 00: a core concept
  // Partition 01 is a description id: 1234017 would need its own check digit; any digit fails
  // on the partition before the check digit is looked at.
  for (char c = '0'; c <= '9'; ++c)
    EXPECT_FALSE(is_valid_snomed_ct(std::string("12340") + "1" + c));
}
