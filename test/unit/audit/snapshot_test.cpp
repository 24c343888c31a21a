#include "core/util/json_value.hpp"
#include "core/audit/snapshot.hpp"

#include <gtest/gtest.h>

using namespace clinic;

TEST(JsonParse, ValuesAndCanonicalDump) {
  auto v = json::parse(R"( {"b": [1, -2.5e3, true, null], "a": "x\u00e9\ud83d\ude00\n"} )");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->dump(), "{\"a\":\"x\xc3\xa9\xf0\x9f\x98\x80\\n\",\"b\":[1,-2.5e3,true,null]}");
  EXPECT_EQ(*json::parse(v->dump()), *v);
  EXPECT_EQ(json::parse(R"({"k":1,"k":2})")->dump(), R"({"k":2})");  // last wins, as in jsonb
}

// Members is a flat map kept in key order, whatever order keys arrive in.
TEST(JsonMembers, SortedLookupsAndLastDuplicateWins) {
  json::Value v;
  v.kind = json::Value::Kind::object;
  for (const char *k : {"m", "a", "z", "b"}) v.members[k].text = k;  // inserts out of order
  v.members["a"].text = "again";                                     // updates in place
  std::string order;
  for (const auto &[k, _] : v.members) order += k;
  EXPECT_EQ(order, "abmz");
  ASSERT_NE(v.get("a"), nullptr);
  EXPECT_EQ(v.get("a")->text, "again");
  EXPECT_EQ(v.get("c"), nullptr);

  json::Members m;  // a parser's way: append in any order, then finish()
  for (const char *k : {"t10", "t9", "t10", "t1"}) m.append(k, json::Value{}).text = k;
  m.append("t9", json::Value{}).text = "last t9";
  m.finish();
  order.clear();
  for (const auto &[k, val] : m) order += k + "=" + val.text + " ";
  EXPECT_EQ(order, "t1=t1 t10=t10 t9=last t9 ");
  EXPECT_EQ(m.size(), 3u);
}

// The tokenizer: document order, counts on the openers, plain text pointing into the source and
// unescaped text into the arena; the parser's errors.
TEST(JsonTokenize, FlatTokensInDocumentOrder) {
  const std::string text = R"( {"b": [1, "x\u00e9", true, null], "a": {}, "b": false} )";
  std::vector<json::Token> tokens;
  std::string arena;
  ASSERT_TRUE(json::tokenize(text, tokens, arena));
  std::string shape;
  for (const auto &t : tokens) {
    shape += t.type;
    if (t.type == '{' || t.type == '[') shape += std::to_string(t.len);
    if (t.data) shape += "(" + std::string(t.data, t.len) + ")";
  }
  EXPECT_EQ(shape, "{3k(b)[4n(1)s(x\xc3\xa9)tz]k(a){0}k(b)f}");
  EXPECT_EQ(tokens[1].data, text.data() + 3);  // "b": in the source, not copied
  EXPECT_EQ(tokens[4].data, arena.data());     // the unescaped string: in the arena
  json::ParseError e;
  EXPECT_FALSE(json::tokenize("[1,]", tokens, arena, &e));
  EXPECT_EQ(e.offset, 3u);
  EXPECT_EQ(e.message, "invalid value");
}

TEST(JsonTokenize, RootArrayItemsHandedOverOneByOne) {
  std::vector<std::string> items;
  std::vector<size_t> held;  // tokens the sink held when each item came
  std::vector<json::Token> tokens;
  std::string arena;
  const auto shape = [](const json::Token *t, size_t n) {
    std::string out;
    for (size_t k = 0; k < n; ++k) {
      out += t[k].type;
      if (t[k].data) out += "(" + std::string(t[k].data, t[k].len) + ")";
    }
    return out;
  };
  const json::ItemHook hook = [&](const json::Token *t, size_t n) {
    items.push_back(shape(t, n));
    held.push_back(tokens.size());
  };
  ASSERT_TRUE(json::tokenize_items(R"([1, {"a": ["é", null]}, "x", []])", tokens, arena, &hook));
  EXPECT_EQ(items, (std::vector<std::string>{"n(1)", "{k(a)[s(\xc3\xa9)z]}", "s(x)", "[]"}));
  EXPECT_EQ(held, (std::vector<size_t>{2, 8, 2, 3}));  // the root's '[' and the item only
  ASSERT_EQ(tokens.size(), 2u);                        // '[' with its count, and ']'
  EXPECT_EQ(tokens[0].len, 4);
  // Not a root array: no items, all tokens, as tokenize.
  items.clear();
  ASSERT_TRUE(json::tokenize_items(R"({"a": [1]})", tokens, arena, &hook));
  EXPECT_TRUE(items.empty());
  EXPECT_EQ(tokens.size(), 6u);
  // Items before an error still came; the result says the document is not JSON.
  items.clear();
  EXPECT_FALSE(json::tokenize_items("[1, 2, tru]", tokens, arena, &hook));
  EXPECT_EQ(items.size(), 2u);
}

TEST(JsonParse, RejectsMalformedInputWithAPosition) {
  for (const char *bad : {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "\"\\x\"", "01", "1.", "tru",
                          "[1] x", "\"\\ud83d\"", "{\"a\":\"\x01\"}", "-", "1e"}) {
    json::ParseError e, te;
    EXPECT_FALSE(json::parse(bad, &e)) << bad;
    EXPECT_FALSE(e.message.empty()) << bad;
    std::vector<json::Token> tokens;
    std::string arena;
    EXPECT_FALSE(json::tokenize(bad, tokens, arena, &te)) << bad;
    EXPECT_EQ(te.offset, e.offset) << bad;
    EXPECT_EQ(te.message, e.message) << bad;
  }
  std::string deep(300, '[');
  deep += std::string(300, ']');
  json::ParseError e;
  EXPECT_FALSE(json::parse(deep, &e));
  EXPECT_EQ(e.message, "nested too deeply");
}

namespace {

catalog::Schema one_table() {
  catalog::Schema s;
  s.name = "s";
  catalog::Table t;
  t.name = "patients";
  t.owner = "owner";
  catalog::Column id;
  id.attnum = 1;
  id.name = "id";
  id.type = "uuid";
  id.not_null = true;
  catalog::Column phone = id;
  phone.attnum = 3;  // a dropped column left a gap: positions stay 1, 2
  phone.name = "phone";
  phone.type = "text";
  phone.not_null = false;
  t.columns = {id, phone};
  t.grants = {{"owner", "SELECT", {}}, {"clinic_auditor", "SELECT", {}}};
  s.tables = {t};
  s.enums = {{"sex", {"male", "female"}, {}}};
  return s;
}

}  // namespace

TEST(Snapshot, DeterministicAndIndependentOfAttnumsAndOwner) {
  catalog::Schema a = one_table(), b = one_table();
  b.tables[0].columns[1].attnum = 2;
  b.tables[0].owner = "someone_else";
  b.tables[0].grants[0].grantee = "someone_else";
  b.name = "other_schema_name";
  EXPECT_TRUE(snapshot::diff(snapshot::of(a), snapshot::of(b)).empty());
  EXPECT_EQ(snapshot::of(a)
                .get("tables")
                ->get("patients")
                ->get("columns")
                ->get("phone")
                ->get("position")
                ->text,
            "2");
  std::string why;
  EXPECT_TRUE(snapshot::is_snapshot(snapshot::of(a), &why)) << why;
}

TEST(Snapshot, DiffNamesEachChange) {
  catalog::Schema expected = one_table(), actual = one_table();
  actual.tables[0].columns[1].not_null = true;                      // altered column
  actual.tables[0].columns.push_back(actual.tables[0].columns[0]);  // unexpected column
  actual.tables[0].columns.back().name = "nickname";
  actual.tables[0].grants.push_back({"PUBLIC", "SELECT", {}});  // unexpected grant
  actual.enums[0].labels.push_back("other");                    // altered enum
  catalog::Table gone;
  gone.name = "allergies";
  expected.tables.push_back(gone);  // missing table
  const auto d = snapshot::diff(snapshot::of(expected), snapshot::of(actual));
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0].object_type + " " + d[0].object_name + " " + d[0].change,
            "table allergies missing");
  EXPECT_EQ(d[1].object_type + " " + d[1].object_name + " " + d[1].change,
            "column patients.nickname unexpected");
  EXPECT_EQ(d[2].object_type + " " + d[2].object_name + " " + d[2].change,
            "column patients.phone altered");
  EXPECT_EQ(d[2].expected->dump(), R"({"not_null":false})");
  EXPECT_EQ(d[2].actual->dump(), R"({"not_null":true})");
  EXPECT_EQ(d[3].object_type + " " + d[3].object_name + " " + d[3].change,
            "grant patients.PUBLIC:SELECT unexpected");
  EXPECT_EQ(d[4].object_type + " " + d[4].object_name + " " + d[4].change, "enum sex altered");
}

TEST(Snapshot, ShapeIsChecked) {
  std::string why;
  EXPECT_FALSE(snapshot::is_snapshot(*json::parse("[]"), &why));
  EXPECT_EQ(why, "A snapshot is a JSON object.");
  EXPECT_FALSE(snapshot::is_snapshot(
      *json::parse(R"({"format":2,"tables":{},"enums":{},"functions":{}})"), &why));
  EXPECT_FALSE(snapshot::is_snapshot(
      *json::parse(R"({"format":1,"tables":[],"enums":{},"functions":{}})"), &why));
  EXPECT_FALSE(snapshot::is_snapshot(
      *json::parse(R"({"format":1,"tables":{"t":1},"enums":{},"functions":{}})"), &why));
  EXPECT_TRUE(snapshot::is_snapshot(
      *json::parse(R"({"format":1,"tables":{},"enums":{},"functions":{}})"), &why));
}
