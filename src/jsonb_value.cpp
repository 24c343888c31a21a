// jsonb <-> json::Value without text. Each direction has a PostgreSQL half that owns no C++
// object (a walk of the jsonb into a flat token array in palloc'd memory; a JsonbValue tree
// built from a token array) and a C++ half that builds or flattens the tree, so no PostgreSQL error
// can jump over a live C++ object.
#include "jsonb_value.hpp"

#include "boundary.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
}

namespace clinic {
namespace {

// One step of a walk: { } [ ] k(ey) s(tring) n(umber) t(rue) f(alse) z (null), as
// json::tokenize makes them.
using json::Token;

constexpr int kMaxDepth = 256;  // as json::parse

// jsonb's key order: shorter first, then bytes.
int key_order(const char *a, int alen, const char *b, int blen) {
  if (alen != blen) return alen < blen ? -1 : 1;
  return memcmp(a, b, static_cast<size_t>(alen));
}

// A palloc'd token array that grows by doubling: a slot for the next token.
struct TokenArray {
  Token *data = nullptr;
  int count = 0, capacity = 0;
  Token &next() {
    if (count == capacity) {
      capacity = capacity == 0 ? 256 : capacity * 2;
      data = static_cast<Token *>(data ? repalloc(data, sizeof(Token) * capacity)
                                       : palloc(sizeof(Token) * capacity));
    }
    return data[count];
  }
};

// The members of the root's member `under` to leave out of a walk, in jsonb key order.
struct Skip {
  const char *under = nullptr;
  const Token *keys = nullptr;
  int count = 0;
};

// PostgreSQL half of jsonb -> tokens. Strings point into the detoasted jsonb.
Token *walk_jsonb(Jsonb *jb, int *count, Skip skip) {
  TokenArray tokens;
  JsonbIterator *it = JsonbIteratorInit(&jb->root);
  JsonbValue v;
  JsonbIteratorToken r;
  bool raw_scalar = false;
  int depth = 0, cursor = 0;
  bool under_next = false, in_under = false;  // the next value is / we are in root.under
  while ((r = JsonbIteratorNext(&it, &v, false)) != WJB_DONE) {
    Token &t = tokens.next();
    t.data = nullptr;
    t.len = 0;
    switch (r) {
      case WJB_BEGIN_OBJECT:
        t.type = '{';
        ++depth;
        in_under = under_next && depth == 2;
        under_next = false;
        break;
      case WJB_END_OBJECT:
        t.type = '}';
        if (depth == 2) in_under = false;
        --depth;
        break;
      case WJB_BEGIN_ARRAY:
        // A top-level scalar is stored as a one-element "raw scalar" array: not an array.
        raw_scalar = v.val.array.rawScalar;
        under_next = false;
        if (raw_scalar) continue;
        t.type = '[';
        ++depth;
        break;
      case WJB_END_ARRAY:
        if (raw_scalar) continue;
        t.type = ']';
        --depth;
        break;
      case WJB_KEY:
        if (in_under && depth == 2 && skip.count > 0) {
          while (cursor < skip.count && key_order(skip.keys[cursor].data, skip.keys[cursor].len,
                                                  v.val.string.val, v.val.string.len) < 0)
            ++cursor;
          if (cursor < skip.count && key_order(skip.keys[cursor].data, skip.keys[cursor].len,
                                               v.val.string.val, v.val.string.len) == 0) {
            JsonbIteratorNext(&it, &v, true);  // its value, whole, unread
            continue;
          }
        }
        under_next = depth == 1 && skip.under != nullptr &&
                     key_order(v.val.string.val, v.val.string.len, skip.under,
                               static_cast<int>(strlen(skip.under))) == 0;
        t.type = 'k';
        t.data = v.val.string.val;
        t.len = v.val.string.len;
        break;
      default:  // WJB_VALUE, WJB_ELEM: a scalar
        switch (v.type) {
          case jbvString:
            t.type = 's';
            t.data = v.val.string.val;
            t.len = v.val.string.len;
            break;
          case jbvNumeric:
            t.type = 'n';
            t.data =
                DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v.val.numeric)));
            t.len = static_cast<int>(strlen(t.data));
            break;
          case jbvBool:
            t.type = v.val.boolean ? 't' : 'f';
            break;
          default:
            t.type = 'z';
            break;
        }
    }
    ++tokens.count;
  }
  *count = tokens.count;
  return tokens.data;
}

// C++ half: tokens -> tree, with an explicit stack (no recursion, however deep the input).
std::optional<json::Value> build(const Token *tokens, int count) {
  json::Value root;
  std::vector<json::Value *> stack;
  std::string key;
  // Where the next value goes: the root, the open array, or the open object under `key`.
  auto place = [&]() -> json::Value & {
    if (stack.empty()) return root;
    json::Value &parent = *stack.back();
    if (parent.kind == json::Value::Kind::array) {
      parent.items.emplace_back();
      return parent.items.back();
    }
    return parent.members.append(std::move(key), json::Value{});
  };
  for (int i = 0; i < count; ++i) {
    const Token &t = tokens[i];
    switch (t.type) {
      case '{':
      case '[': {
        if (static_cast<int>(stack.size()) >= kMaxDepth) return std::nullopt;
        json::Value &v = place();
        v.kind = t.type == '{' ? json::Value::Kind::object : json::Value::Kind::array;
        stack.push_back(&v);
        break;
      }
      case '}':
        stack.back()->members.finish();
        stack.pop_back();
        break;
      case ']':
        stack.pop_back();
        break;
      case 'k':
        key.assign(t.data, static_cast<size_t>(t.len));
        break;
      default: {
        json::Value &v = place();
        switch (t.type) {
          case 's':
            v.kind = json::Value::Kind::string;
            v.text.assign(t.data, static_cast<size_t>(t.len));
            break;
          case 'n':
            v.kind = json::Value::Kind::number;
            v.text.assign(t.data, static_cast<size_t>(t.len));
            break;
          case 't':
          case 'f':
            v.kind = json::Value::Kind::boolean;
            v.boolean = t.type == 't';
            break;
          default:
            v.kind = json::Value::Kind::null;
        }
      }
    }
  }
  return root;
}

// C++ half of tree -> jsonb: the tree as tokens pointing into it; '{' and '[' carry their
// member or item count.
void flatten(const json::Value &v, std::vector<Token> &out) {
  switch (v.kind) {
    case json::Value::Kind::object: {
      // In jsonb's own key order (shorter keys first, then bytes), which a jsonb object's
      // pairs must be in: members are in byte order, so a stable sort by length gives it.
      std::vector<const json::Members::Entry *> order(v.members.size());
      size_t longest = 0;
      for (const auto &e : v.members) longest = std::max(longest, e.first.size());
      if (longest <= 4096) {  // a counting sort by length: stable, linear
        std::vector<size_t> next(longest + 2, 0);
        for (const auto &e : v.members) ++next[e.first.size() + 1];
        for (size_t i = 1; i < next.size(); ++i) next[i] += next[i - 1];
        for (const auto &e : v.members) order[next[e.first.size()]++] = &e;
      } else {
        size_t i = 0;
        for (const auto &e : v.members) order[i++] = &e;
        std::stable_sort(order.begin(), order.end(), [](const auto *a, const auto *b) {
          return a->first.size() < b->first.size();
        });
      }
      out.push_back({'{', nullptr, static_cast<int>(order.size())});  // len: member count
      for (const auto *e : order) {
        out.push_back({'k', e->first.data(), static_cast<int>(e->first.size())});
        flatten(e->second, out);
      }
      out.push_back({'}', nullptr, 0});
      break;
    }
    case json::Value::Kind::array:
      out.push_back({'[', nullptr, static_cast<int>(v.items.size())});  // len: item count
      for (const auto &item : v.items) flatten(item, out);
      out.push_back({']', nullptr, 0});
      break;
    case json::Value::Kind::string:
      out.push_back({'s', v.text.data(), static_cast<int>(v.text.size())});
      break;
    case json::Value::Kind::number:
      out.push_back({'n', v.text.data(), static_cast<int>(v.text.size())});
      break;
    case json::Value::Kind::boolean:
      out.push_back({v.boolean ? 't' : 'f', nullptr, 0});
      break;
    case json::Value::Kind::null:
      out.push_back({'z', nullptr, 0});
  }
}

// PostgreSQL half of tree -> jsonb: the JsonbValue tree, built directly (objects' pairs are
// already in jsonb's order and unique, so pushJsonbValue's sorting is not needed), then
// serialized. Fills *out from tokens[*i] on and moves *i past that value.
// A JSON number that is an integer of at most 18 digits (so it fits int64 without overflow).
bool small_integer(const char *s, int len, int64 *out) {
  int i = s[0] == '-' ? 1 : 0;
  if (len - i < 1 || len - i > 18) return false;
  int64 v = 0;
  for (int k = i; k < len; ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
    v = v * 10 + (s[k] - '0');
  }
  *out = i ? -v : v;
  return true;
}

// An object's pairs in jsonb's order (shorter keys first, then bytes), unique, the last of
// repeated keys kept, as pushJsonbValue leaves them. Pairs from a tree are in that order
// already; pairs from json::tokenize are in document order.
void in_jsonb_order(JsonbValue *object) {
  JsonbPair *pairs = object->val.object.pairs;
  const int n = object->val.object.nPairs;
  const auto keys = [](const JsonbPair &a, const JsonbPair &b) {
    return key_order(a.key.val.string.val, a.key.val.string.len, b.key.val.string.val,
                     b.key.val.string.len);
  };
  bool ordered = true;
  for (int k = 1; k < n && ordered; ++k) ordered = keys(pairs[k - 1], pairs[k]) < 0;
  if (ordered) return;
  std::sort(pairs, pairs + n, [&keys](const JsonbPair &a, const JsonbPair &b) {
    const int c = keys(a, b);
    return c != 0 ? c < 0 : a.order > b.order;  // of equal keys, the later first
  });
  int kept = 0;
  for (int k = 0; k < n; ++k)
    if (kept == 0 || keys(pairs[kept - 1], pairs[k]) != 0) pairs[kept++] = pairs[k];
  object->val.object.nPairs = kept;
}

void fill_value(const Token *tokens, int *i, JsonbValue *out) {
  check_stack_depth();
  const Token &t = tokens[(*i)++];
  switch (t.type) {
    case '{':
      out->type = jbvObject;
      out->val.object.nPairs = t.len;
      out->val.object.pairs =
          t.len > 0 ? static_cast<JsonbPair *>(palloc(sizeof(JsonbPair) * t.len)) : nullptr;
      for (int k = 0; k < t.len; ++k) {
        const Token &key = tokens[(*i)++];
        JsonbPair *p = &out->val.object.pairs[k];
        p->key.type = jbvString;
        p->key.val.string.val = const_cast<char *>(key.data);
        p->key.val.string.len = key.len;
        p->order = static_cast<uint32>(k);
        fill_value(tokens, i, &p->value);
      }
      ++*i;  // }
      in_jsonb_order(out);
      break;
    case '[':
      out->type = jbvArray;
      out->val.array.nElems = t.len;
      out->val.array.rawScalar = false;
      out->val.array.elems =
          t.len > 0 ? static_cast<JsonbValue *>(palloc(sizeof(JsonbValue) * t.len)) : nullptr;
      for (int k = 0; k < t.len; ++k) fill_value(tokens, i, &out->val.array.elems[k]);
      ++*i;  // ]
      break;
    case 's':
      out->type = jbvString;
      out->val.string.val = const_cast<char *>(t.data);
      out->val.string.len = t.len;
      break;
    case 'n': {
      out->type = jbvNumeric;
      int64 integer;
      if (small_integer(t.data, t.len, &integer)) {  // counts and sizes: no text parse
        out->val.numeric = int64_to_numeric(integer);
        break;
      }
      char *text = pnstrdup(t.data, t.len);
      out->val.numeric = DatumGetNumeric(DirectFunctionCall3(
          numeric_in, CStringGetDatum(text), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
      break;
    }
    case 't':
    case 'f':
      out->type = jbvBool;
      out->val.boolean = t.type == 't';
      break;
    default:
      out->type = jbvNull;
  }
}

// A scalar alone is wrapped by JsonbValueToJsonb in jsonb's raw-scalar array.
Datum tokens_to_jsonb(const Token *tokens) {
  int i = 0;
  JsonbValue root;
  fill_value(tokens, &i, &root);
  return JsonbPGetDatum(JsonbValueToJsonb(&root));
}

// PostgreSQL half: the members of root member `under` whose values are byte-identical in a
// and b, as key tokens in jsonb order (equal bytes decode to equal values; a member that is
// equal but encoded differently is simply compared the slow way).
Token *identical_members(Jsonb *a, Jsonb *b, const char *under, int *count) {
  *count = 0;
  JsonbValue ua, ub;
  const int under_len = static_cast<int>(strlen(under));
  if (!JB_ROOT_IS_OBJECT(a) || !JB_ROOT_IS_OBJECT(b) ||
      !getKeyJsonValueFromContainer(&a->root, under, under_len, &ua) ||
      !getKeyJsonValueFromContainer(&b->root, under, under_len, &ub) || ua.type != jbvBinary ||
      ub.type != jbvBinary || !JsonContainerIsObject(ua.val.binary.data) ||
      !JsonContainerIsObject(ub.val.binary.data))
    return nullptr;
  TokenArray keys;
  JsonbIterator *it = JsonbIteratorInit(ua.val.binary.data);
  JsonbValue k, v, w;
  JsonbIteratorToken r;
  while ((r = JsonbIteratorNext(&it, &k, true)) != WJB_DONE) {
    if (r != WJB_KEY) continue;
    JsonbIteratorNext(&it, &v, true);
    if (v.type != jbvBinary ||
        !getKeyJsonValueFromContainer(ub.val.binary.data, k.val.string.val, k.val.string.len, &w) ||
        w.type != jbvBinary || w.val.binary.len != v.val.binary.len ||
        memcmp(w.val.binary.data, v.val.binary.data, static_cast<size_t>(v.val.binary.len)) != 0)
      continue;
    keys.next() = {'k', k.val.string.val, k.val.string.len};
    ++keys.count;
  }
  *count = keys.count;
  return keys.data;
}

std::optional<json::Value> convert(Jsonb *jb, Skip skip) {
  int count = 0;
  Token *tokens = pg_guard([jb, &count, skip] { return walk_jsonb(jb, &count, skip); });
  auto value = build(tokens, count);
  pfree(tokens);
  return value;
}

Jsonb *detoasted(Datum d) {
  return pg_guard([d] { return DatumGetJsonbP(d); });
}

}  // namespace

std::optional<json::Value> jsonb_to_value(Datum jsonb) {
  return convert(detoasted(jsonb), Skip{});
}

std::pair<std::optional<json::Value>, std::optional<json::Value>> jsonb_to_values_without_common(
    Datum a, Datum b, const char *under) {
  Jsonb *ja = detoasted(a), *jb = detoasted(b);
  Skip skip;
  skip.under = under;
  int count = 0;
  skip.keys =
      pg_guard([ja, jb, under, &count] { return identical_members(ja, jb, under, &count); });
  skip.count = count;
  return {convert(ja, skip), convert(jb, skip)};
}

Datum value_to_jsonb(const json::Value &value) {
  std::vector<Token> tokens;
  flatten(value, tokens);
  const Token *data = tokens.data();
  return pg_guard([data] { return tokens_to_jsonb(data); });
}

bool json_text_to_jsonb(std::string_view text, Datum *out) {
  std::vector<Token> tokens;
  std::string arena;
  if (!json::tokenize(text, tokens, arena)) return false;
  const Token *data = tokens.data();
  *out = pg_guard([data] { return tokens_to_jsonb(data); });
  return true;
}

}  // namespace clinic
