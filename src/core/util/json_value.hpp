// A parsed JSON value (objects keep their keys sorted) and a strict parser for it. Used to
// compare schema snapshots; numbers are kept as their text.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clinic::json {

struct Value;

// An object's members, sorted by key (byte order): a flat map, so a snapshot of thousands of
// tables is one allocation per object and lookups are binary searches. Builders that insert in
// key order append in O(1); parsers append in any order and call finish() once.
class Members {
 public:
  using Entry = std::pair<std::string, Value>;
  using const_iterator = std::vector<Entry>::const_iterator;

  Value &operator[](const std::string &key);  // inserts a null member when missing
  const Value *find(std::string_view key) const;
  Value &append(std::string key, Value value);  // any order; then finish()
  void finish();                                // sorts; of repeated keys the last wins
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  bool operator==(const Members &other) const;

 private:
  std::vector<Entry> entries_;
};

struct Value {
  enum class Kind { null, boolean, number, string, array, object } kind = Kind::null;
  bool boolean = false;
  std::string text;  // number or string
  std::vector<Value> items;
  Members members;

  bool is_object() const { return kind == Kind::object; }
  const Value *get(const std::string &key) const;
  // Canonical JSON text: no spaces, members in key order.
  std::string dump() const;
  bool operator==(const Value &other) const;
  bool operator!=(const Value &other) const { return !(*this == other); }
};

struct ParseError {
  size_t offset;
  std::string message;
};

// Parses one JSON document (RFC 8259; nesting limited to 256 levels). On failure returns
// nullopt and fills error.
std::optional<Value> parse(std::string_view text, ParseError *error = nullptr);

// One JSON document as a flat token stream in document order, without building a tree: '{' and
// '[' carry their member or item count in len, then come the members (a 'k' key token, then the
// value) or items, then '}' or ']'; 's' a string, 'n' a number's text, 't' / 'f' booleans, 'z'
// null. Objects keep their members in document order, repeated keys included. Text points into
// the source, or into `arena` for strings that had escapes: valid while both live, unchanged.
// The same parser as parse(): same rules, same errors.
struct Token {
  Token() = default;
  Token(char t, const char *d, int n) : data(d), len(n), type(t) {}
  const char *data;  // key, string or number text (not NUL-terminated)
  int len;
  char type;  // last: 16 bytes a token, not 24 (a megabyte of JSON is 100,000 tokens)
};
bool tokenize(std::string_view text, std::vector<Token> &out, std::string &arena,
              ParseError *error = nullptr);

// The same, handing each item of a root array to `hook` (its tokens, their count) as soon as the
// item is complete, then dropping its tokens (and unescaped strings): out ends holding the root's
// '[' (with the item count) and ']'. Without a hook, or for a root that is not an array, as
// tokenize. Items reach the hook before the document is known to be valid: a caller discards
// what it built when this returns false.
using ItemHook = std::function<void(const Token *, size_t)>;
bool tokenize_items(std::string_view text, std::vector<Token> &out, std::string &arena,
                    const ItemHook *hook, ParseError *error = nullptr);

}  // namespace clinic::json
