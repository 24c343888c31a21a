// Fuzz target: the JSON parser. Never crashes; anything it accepts re-parses, from its canonical
// dump, to an equal value, and dumps the same again. The tokenizer agrees with it: same verdict,
// same error, and its tokens rebuild the same value; handed over item by item (a root array's),
// the same tokens come.
#include "core/util/json_value.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using clinic::json::Token;
using clinic::json::Value;

// The value tokens[*i] starts, as parse() would build it; moves *i past it.
Value from_tokens(const std::vector<Token> &tokens, size_t *i) {
  const Token &t = tokens.at((*i)++);
  Value v;
  switch (t.type) {
    case '{':
      v.kind = Value::Kind::object;
      for (int k = 0; k < t.len; ++k) {
        const Token &key = tokens.at((*i)++);
        if (key.type != 'k') std::abort();
        v.members.append(std::string(key.data, key.len), from_tokens(tokens, i));
      }
      v.members.finish();
      if (tokens.at((*i)++).type != '}') std::abort();
      break;
    case '[':
      v.kind = Value::Kind::array;
      for (int k = 0; k < t.len; ++k) v.items.push_back(from_tokens(tokens, i));
      if (tokens.at((*i)++).type != ']') std::abort();
      break;
    case 's':
    case 'n':
      v.kind = t.type == 's' ? Value::Kind::string : Value::Kind::number;
      v.text.assign(t.data, t.len);
      break;
    case 't':
    case 'f':
      v.kind = Value::Kind::boolean;
      v.boolean = t.type == 't';
      break;
    case 'z':
      break;
    default:
      std::abort();
  }
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view s(reinterpret_cast<const char *>(data), size);
  clinic::json::ParseError error;
  const auto v = clinic::json::parse(s, &error);
  std::vector<Token> tokens;
  std::string arena;
  clinic::json::ParseError token_error;
  const bool tokenized = clinic::json::tokenize(s, tokens, arena, &token_error);
  if (tokenized != v.has_value()) std::abort();
  if (!v) {
    if (error.message.empty() || error.offset > size) std::abort();
    if (token_error.offset != error.offset || token_error.message != error.message) std::abort();
    return 0;
  }
  size_t i = 0;
  if (from_tokens(tokens, &i) != *v || i != tokens.size()) std::abort();
  // Item by item (a root array's items handed over as they complete): the same tokens, in turn.
  std::vector<Token> items;
  const clinic::json::ItemHook hook = [&items](const Token *t, size_t n) {
    // Strings may point into the arena, which the next item reuses: compare as text now.
    items.insert(items.end(), t, t + n);
  };
  std::vector<Token> rest;
  std::string item_arena;
  if (!clinic::json::tokenize_items(s, rest, item_arena, &hook)) std::abort();
  if (tokens[0].type == '[') {
    if (rest.size() != 2 || rest[0].len != tokens[0].len || items.size() + 2 != tokens.size())
      std::abort();
  } else if (!items.empty() || rest.size() != tokens.size()) {
    std::abort();
  }
  for (size_t k = 0; k < items.size(); ++k)
    if (items[k].type != tokens[k + 1].type || items[k].len != tokens[k + 1].len) std::abort();
  const std::string once = v->dump();
  const auto again = clinic::json::parse(once);
  if (!again || *again != *v || again->dump() != once) std::abort();
  return 0;
}
