#include "core/util/json.hpp"

#include <charconv>
#include <cstdio>
#include "core/pure.hpp"

namespace clinic::json {

void append_string(std::string &out, std::string_view s) {
  out += '"';
  size_t run = 0;  // start of the pending run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);  // UTF-8 passes through unchanged
  out += '"';
}

std::string quote(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

void append_integer(std::string &out, int64_t value) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

Array::InPlace Array::object() {
  if (count_++ > 0) text_ += ',';
  text_ += '{';
  return InPlace(&text_);
}

Array &Array::add(std::string_view json) {
  if (count_++ > 0) text_ += ',';
  text_ += json;
  return *this;
}

Array &Array::add(const Object &object) {
  if (count_++ > 0) text_ += ',';
  text_ += object.text_;
  text_ += '}';
  return *this;
}

Array &Array::add_string(std::string_view s) {
  return add(quote(s));
}

}  // namespace clinic::json
