// A parsed JSON value (objects keep their keys sorted) and a strict parser for it. Used to
// compare schema snapshots; numbers are kept as their text.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clinic::json {

struct Value {
  enum class Kind { null, boolean, number, string, array, object } kind = Kind::null;
  bool boolean = false;
  std::string text;  // number or string
  std::vector<Value> items;
  std::map<std::string, Value> members;

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

}  // namespace clinic::json
