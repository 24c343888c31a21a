// A small JSON writer: enough to build finding details and reports without a library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clinic::json {

// Appends s as a JSON string literal (quoted, escaped).
void append_string(std::string &out, std::string_view s);
std::string quote(std::string_view s);

// Builds one JSON object: Object().field("a", "x").field("n", 3).str() == {"a":"x","n":3}
class Object {
 public:
  Object &field(std::string_view key, std::string_view value);
  Object &field(std::string_view key, const char *value) {
    return field(key, std::string_view(value));
  }
  Object &field(std::string_view key, const std::string &value) {
    return field(key, std::string_view(value));
  }
  Object &field(std::string_view key, int64_t value);
  Object &field(std::string_view key, int value) { return field(key, static_cast<int64_t>(value)); }
  Object &field(std::string_view key, bool value);
  Object &raw(std::string_view key, std::string_view json);  // value already JSON
  std::string str() const { return text_ + "}"; }

 private:
  friend class Array;
  void key(std::string_view k);
  std::string text_ = "{";
};

// Builds one JSON array from already-encoded JSON values.
class Array {
 public:
  Array &add(std::string_view json);
  Array &add(const Object &object);  // appended in place, without a copy of its own
  Array &add_string(std::string_view s);
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  std::string str() const { return text_ + "]"; }

 private:
  std::string text_ = "[";
  size_t count_ = 0;
};

}  // namespace clinic::json
