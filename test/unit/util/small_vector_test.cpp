#include "core/util/small_vector.hpp"

#include <gtest/gtest.h>

#include <vector>

using clinic::SmallVector;

TEST(SmallVector, InPlaceUpToNThenOneHeapBlock) {
  SmallVector<int, 4> v = {1, 2, 3};
  EXPECT_EQ(v.size(), 3u);
  const int *in_place = v.data();
  v.assign(4, 7);
  EXPECT_EQ(v.data(), in_place);  // still in place at N
  EXPECT_EQ(std::vector<int>(v.begin(), v.end()), (std::vector<int>{7, 7, 7, 7}));
  const std::vector<int> many = {1, 2, 3, 4, 5, 6};
  v.assign(many.begin(), many.end());
  EXPECT_NE(v.data(), in_place);  // on the heap past N
  EXPECT_EQ(std::vector<int>(v.begin(), v.end()), many);
  v = {9};
  EXPECT_EQ(v.data(), in_place);
  EXPECT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], 9);
}

TEST(SmallVector, CopiesMovesAndCompares) {
  const std::vector<int> many = {1, 2, 3, 4, 5, 6};
  SmallVector<int, 4> big;
  big.assign(many.begin(), many.end());
  SmallVector<int, 4> small = {1, 2};
  SmallVector<int, 4> big_copy = big, small_copy = small;
  EXPECT_TRUE(big_copy == big);
  EXPECT_TRUE(small_copy == small);
  EXPECT_TRUE(big != small);
  SmallVector<int, 4> moved_big = std::move(big_copy), moved_small = std::move(small_copy);
  EXPECT_TRUE(moved_big == big);
  EXPECT_TRUE(moved_small == small);
  EXPECT_TRUE(big_copy.empty());    // NOLINT: moved-from is left empty, by design
  EXPECT_TRUE(small_copy.empty());  // NOLINT
  moved_small = moved_big;          // in place <- heap
  EXPECT_TRUE(moved_small == big);
  moved_big = small;  // heap <- in place
  EXPECT_TRUE(moved_big == small);
  SmallVector<int, 4> empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE((empty == SmallVector<int, 4>()));
  EXPECT_FALSE(empty == small);
}
