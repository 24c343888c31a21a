// jsonb <-> json::Value without text. jsonb -> tree has a PostgreSQL half that owns no C++ object
// (a walk of the jsonb into a flat token array in palloc'd memory) and a C++ half that builds the
// tree; tree or JSON text -> jsonb flattens or tokenizes to the same token array and writes
// jsonb's image from it in C++ (JsonbEncoder), calling PostgreSQL only through pg_guard. So no
// PostgreSQL error can jump over a live C++ object.
#include "pg/internals/jsonb.hpp"

#include "pg/boundary.hpp"
#include "pg/compat.hpp"
#include "pg/datum.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>
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

// Tokens -> jsonb's on-disk image, written directly as convertToJsonb (jsonb_util.c) lays it out:
// a container is padded to 4 bytes, then its header (count and kind), its JEntries (every 32nd
// holding an end offset instead of a length), then its children's data; an object's keys come
// first, in jsonb's key order (shorter first, then bytes; of repeated keys the last), then its
// values in the same order. Building a JsonbValue tree for pushJsonbValue and convertToJsonb
// instead cost three times as long for the audit's megabytes of findings. Plain C++ but for
// numbers, each made once by PostgreSQL (int64_to_numeric or numeric_in) through pg_guard.
class JsonbEncoder {
 public:
  // image: where the image is built (its capacity is kept for the next value).
  JsonbEncoder(const Token *tokens, std::string &image) : tokens_(tokens), out_(image) {}

  // The whole value, as a palloc'd Jsonb.
  Datum encode() {
    out_.assign(VARHDRSZ, '\0');
    int i = 0;
    JEntry ignored;
    if (tokens_[0].type == '{' || tokens_[0].type == '[')
      container(&i, 0, &ignored);
    else
      raw_scalar(&i);
    return image();
  }

  // A root array built item by item, as json::tokenize_items hands its items over: its items'
  // data is written first, then its header's JEntries are slid in before it (4 bytes each, so
  // every item keeps its alignment).
  void begin_root_array() {
    out_.assign(VARHDRSZ, '\0');
    pad();
    header_at_ = reserve(sizeof(uint32));
    items_at_ = out_.size();
    items_.clear();
  }
  void root_item(const Token *tokens) {
    tokens_ = tokens;
    int i = 0;
    JEntry meta;
    value(&i, 1, &meta);
    items_.push_back(meta);
  }
  Datum end_root_array() {
    if (items_.size() > JB_CMASK)
      throw Error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "JSON container has too many members");
    std::string entries(sizeof(JEntry) * items_.size(), '\0');
    uint32 total = 0;
    for (size_t k = 0; k < items_.size(); ++k) {
      const JEntry child = stored_entry(items_[k], k, &total);
      memcpy(&entries[k * sizeof(JEntry)], &child, sizeof child);
    }
    out_.insert(items_at_, entries);
    put_uint32(header_at_, static_cast<uint32>(items_.size()) | JB_FARRAY);
    return image();
  }

 private:
  struct Pair {
    int key, value;  // token positions
  };

  // A container's k-th child's JEntry as stored: its length, or, every JB_OFFSET_STRIDE-th, the
  // end offset of its data (*total: the children's data so far, this child's included).
  static JEntry stored_entry(JEntry child, size_t k, uint32 *total) {
    *total += JBE_OFFLENFLD(child);
    if (*total > JENTRY_OFFLENMASK)
      throw Error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "JSON container exceeds jsonb's size limit");
    return k % JB_OFFSET_STRIDE == 0 ? (child & JENTRY_TYPEMASK) | *total | JENTRY_HAS_OFF : child;
  }

  // The image built, as a palloc'd Jsonb.
  Datum image() {
    if (out_.size() > MaxAllocSize)
      throw Error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "jsonb value too large");
    const char *data = out_.data();
    const size_t size = out_.size();
    return pg_guard([data, size] {
      auto *image = static_cast<char *>(palloc(size));
      memcpy(image, data, size);
      SET_VARSIZE(image, size);
      return PointerGetDatum(image);
    });
  }

  // Pads the image to a 4-byte boundary (offsets from the varlena's start, as jsonb's buffer);
  // returns the padding's length.
  int pad() {
    const int padding = static_cast<int>(INTALIGN(out_.size()) - out_.size());
    out_.append(static_cast<size_t>(padding), '\0');
    return padding;
  }
  size_t reserve(size_t bytes) {
    const size_t at = out_.size();
    out_.append(bytes, '\0');
    return at;
  }
  void put_uint32(size_t at, uint32 v) { memcpy(&out_[at], &v, sizeof v); }

  // A lone scalar: jsonb's one-element array flagged raw scalar.
  void raw_scalar(int *i) {
    pad();
    const uint32 header = 1 | JB_FARRAY | JB_FSCALAR;
    out_.append(reinterpret_cast<const char *>(&header), sizeof header);
    const size_t entry_at = reserve(sizeof(JEntry));
    JEntry meta;
    value(i, 1, &meta);
    uint32 total = 0;
    put_uint32(entry_at, stored_entry(meta, 0, &total));
  }

  // Moves *i past one value.
  void skip(int *i) const {
    int depth = 0;
    do {
      const char type = tokens_[(*i)++].type;
      if (type == '{' || type == '[') ++depth;
      if (type == '}' || type == ']') --depth;
    } while (depth > 0);
  }

  void value(int *i, int level, JEntry *meta) {
    const Token &t = tokens_[*i];
    if (t.type == '{' || t.type == '[') return container(i, level, meta);
    ++*i;
    switch (t.type) {
      case 's':
      case 'k':
        out_.append(t.data, static_cast<size_t>(t.len));
        *meta = JENTRY_ISSTRING | static_cast<uint32>(t.len);
        break;
      case 'n': {
        const int padding = pad();
        const std::string &numeric = number(t);
        out_ += numeric;
        *meta = JENTRY_ISNUMERIC | static_cast<uint32>(padding + numeric.size());
        break;
      }
      case 't':
        *meta = JENTRY_ISBOOL_TRUE;
        break;
      case 'f':
        *meta = JENTRY_ISBOOL_FALSE;
        break;
      default:
        *meta = JENTRY_ISNULL;
    }
  }

  // An array's or object's header, entries and children; *i is on its '{' or '['.
  void container(int *i, int level, JEntry *meta) {
    if (level >= kMaxDepth) throw Error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "JSON nests too deeply");
    const Token &open = tokens_[(*i)++];
    const size_t base = out_.size();
    pad();
    const bool object = open.type == '{';
    const uint32 count = static_cast<uint32>(open.len);
    if (count > JB_CMASK)  // the header's count field
      throw Error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "JSON container has too many members");
    // An object's members are found first (keys are sorted and made unique before anything is
    // written); an array's items are written as they come.
    size_t kept = count;
    if (object) {
      if (levels_.size() <= static_cast<size_t>(level))
        levels_.resize(static_cast<size_t>(level) + 1);
      std::vector<Pair> &pairs = levels_[static_cast<size_t>(level)];
      pairs.clear();
      for (uint32 k = 0; k < count; ++k) {
        const int key = (*i)++;
        pairs.push_back({key, *i});
        skip(i);
      }
      in_key_order(pairs);
      kept = pairs.size();
    }
    const uint32 header = static_cast<uint32>(kept) | (object ? JB_FOBJECT : JB_FARRAY);
    out_.append(reinterpret_cast<const char *>(&header), sizeof header);
    size_t entry_at = reserve(sizeof(JEntry) * (object ? kept * 2 : kept));
    uint32 total = 0;
    size_t n = 0;
    const auto emit = [&](int *at) {
      JEntry child;
      value(at, level + 1, &child);
      put_uint32(entry_at, stored_entry(child, n++, &total));
      entry_at += sizeof(JEntry);
    };
    if (object) {
      // levels_ is indexed afresh each time: a nested object may grow it.
      for (size_t k = 0; k < kept; ++k) {
        int at = levels_[static_cast<size_t>(level)][k].key;
        emit(&at);
      }
      for (size_t k = 0; k < kept; ++k) {
        int at = levels_[static_cast<size_t>(level)][k].value;
        emit(&at);
      }
    } else {
      for (uint32 k = 0; k < count; ++k) emit(i);
    }
    ++*i;  // } or ]
    *meta = JENTRY_ISCONTAINER | static_cast<uint32>(out_.size() - base);
  }

  // jsonb's key order, unique, the last of repeated keys kept (as pushJsonbValue leaves them).
  void in_key_order(std::vector<Pair> &pairs) const {
    const auto order = [this](const Pair &a, const Pair &b) {
      const Token &x = tokens_[a.key], &y = tokens_[b.key];
      return key_order(x.data, x.len, y.data, y.len);
    };
    bool ordered = true;
    for (size_t k = 1; k < pairs.size() && ordered; ++k)
      ordered = order(pairs[k - 1], pairs[k]) < 0;
    if (ordered) return;
    std::sort(pairs.begin(), pairs.end(), [&order](const Pair &a, const Pair &b) {
      const int c = order(a, b);
      return c != 0 ? c < 0 : a.key > b.key;  // of equal keys, the later first
    });
    size_t kept = 0;
    for (size_t k = 0; k < pairs.size(); ++k)
      if (kept == 0 || order(pairs[kept - 1], pairs[k]) != 0) pairs[kept++] = pairs[k];
    pairs.resize(kept);
  }

  // A number's Numeric image, made once per distinct integer (counts and sizes repeat).
  const std::string &number(const Token &t) {
    int64 integer = 0;
    const bool is_integer = small_integer(t.data, t.len, &integer);
    if (is_integer)
      if (auto it = integers_.find(integer); it != integers_.end()) return it->second;
    const char *data = t.data;
    const int len = t.len;
    const Numeric n = pg_guard([is_integer, integer, data, len] {
      if (is_integer) return int64_to_numeric(integer);
      return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(pnstrdup(data, len)),
                                                 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
    });
    std::string image(reinterpret_cast<const char *>(n), VARSIZE_ANY(n));
    pfree(n);
    if (is_integer) return integers_.emplace(integer, std::move(image)).first->second;
    other_ = std::move(image);
    return other_;
  }

  const Token *tokens_;
  std::string &out_;
  size_t header_at_ = 0, items_at_ = 0;  // a root array built item by item
  std::vector<JEntry> items_;
  std::vector<std::vector<Pair>> levels_;  // each nesting level's pairs, reused
  std::unordered_map<int64, std::string> integers_;
  std::string other_;
};

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

// The public path, for majors whose jsonb layout is not checked (pg::kInternalsChecked): jsonb
// printed by PostgreSQL and parsed by json::parse, and JSON text read by jsonb_in.
std::optional<json::Value> via_text(Datum jsonb) {
  const std::string text = take_cstring(pg_guard([jsonb] {
    Jsonb *jb = DatumGetJsonbP(jsonb);
    return JsonbToCString(nullptr, &jb->root, VARSIZE(jb));
  }));
  return json::parse(text);
}
Datum from_text(const std::string &text) {
  const char *data = text.c_str();
  return pg_guard([data] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(data)); });
}

}  // namespace

std::optional<json::Value> jsonb_to_value(Datum jsonb) {
  if (!pg::kInternalsChecked) return via_text(jsonb);
  return convert(detoasted(jsonb), Skip{});
}

std::pair<std::optional<json::Value>, std::optional<json::Value>> jsonb_to_values_without_common(
    Datum a, Datum b, const char *under) {
  if (!pg::kInternalsChecked) return {via_text(a), via_text(b)};  // common members kept: no diff
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
  if (!pg::kInternalsChecked) return from_text(value.dump());
  std::vector<Token> tokens;
  flatten(value, tokens);
  std::string image;
  return JsonbEncoder(tokens.data(), image).encode();
}

bool JsonTextToJsonb::operator()(std::string_view text, Datum *out) {
  if (!pg::kInternalsChecked) {
    if (!json::tokenize(text, tokens_, arena_)) return false;  // jsonb_in would raise
    *out = from_text(std::string(text));
    return true;
  }
  const size_t start = text.find_first_not_of(" \t\n\r");
  if (start == std::string_view::npos || text[start] != '[') {
    if (!json::tokenize(text, tokens_, arena_)) return false;
    *out = JsonbEncoder(tokens_.data(), image_).encode();
    return true;
  }
  // A root array (every finding's detail): each item is encoded as soon as it is tokenized, so
  // the tokens of a detail of megabytes never pile up.
  JsonbEncoder encoder(nullptr, image_);
  encoder.begin_root_array();
  const json::ItemHook hook = [&encoder](const Token *tokens, size_t) {
    encoder.root_item(tokens);
  };
  if (!json::tokenize_items(text, tokens_, arena_, &hook)) return false;
  *out = encoder.end_root_array();
  return true;
}

bool json_text_to_jsonb(std::string_view text, Datum *out) {
  return JsonTextToJsonb()(text, out);
}

}  // namespace clinic

// clinic._jsonb_image_matches(json_text text): whether JsonbEncoder writes the text byte for byte
// as jsonb_in does (NULL when the text is not JSON), so the regression suite can hold the encoder
// to PostgreSQL's own layout: jsonb's operators read any image, but a lookup by key needs keys in
// order, and a wrong offset reads the wrong bytes.
CLINIC_FUNCTION(clinic_jsonb_image_matches) {
  const std::string text = clinic::text_arg(fcinfo, 0);
  Datum ours;
  if (!clinic::json_text_to_jsonb(text, &ours)) PG_RETURN_NULL();
  const char *data = text.c_str();
  return clinic::pg_guard([data, ours] {
    const Datum theirs = DirectFunctionCall1(jsonb_in, CStringGetDatum(data));
    const Size size = VARSIZE(DatumGetPointer(ours));
    return BoolGetDatum(size == VARSIZE(DatumGetPointer(theirs)) &&
                        memcmp(DatumGetPointer(ours), DatumGetPointer(theirs), size) == 0);
  });
}
