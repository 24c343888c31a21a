#include "json.hpp"

#include <cstdio>

namespace clinic::json {

void append_string(std::string &out, std::string_view s) {
  out += '"';
  for (const char c : s) {
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
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
}

std::string quote(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

void Object::key(std::string_view k) {
  if (text_.size() > 1) text_ += ',';
  append_string(text_, k);
  text_ += ':';
}

Object &Object::field(std::string_view k, std::string_view value) {
  key(k);
  append_string(text_, value);
  return *this;
}

Object &Object::field(std::string_view k, int64_t value) {
  key(k);
  text_ += std::to_string(value);
  return *this;
}

Object &Object::field(std::string_view k, bool value) {
  key(k);
  text_ += value ? "true" : "false";
  return *this;
}

Object &Object::raw(std::string_view k, std::string_view json) {
  key(k);
  text_ += json;
  return *this;
}

Array &Array::add(std::string_view json) {
  if (count_++ > 0) text_ += ',';
  text_ += json;
  return *this;
}

Array &Array::add_string(std::string_view s) {
  return add(quote(s));
}

}  // namespace clinic::json
