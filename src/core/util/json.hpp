// A small JSON writer: enough to build finding details and reports without a library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clinic::json {

// Appends s as a JSON string literal (quoted, escaped).
void append_string(std::string &out, std::string_view s);
std::string quote(std::string_view s);
// Appends an integer's decimal digits.
void append_integer(std::string &out, int64_t value);

// Writes an object's members into a text that already holds its '{': an Object's own, or an
// Array's for an object written in place (Array::object()). Self is the writer, for chaining.
template <class Self>
class MemberWriter {
 public:
  Self &field(std::string_view key, std::string_view value) {
    name(key);
    append_string(*out_, value);
    return self();
  }
  Self &field(std::string_view key, const char *value) {
    return field(key, std::string_view(value));
  }
  Self &field(std::string_view key, const std::string &value) {
    return field(key, std::string_view(value));
  }
  Self &field(std::string_view key, int64_t value) {
    name(key);
    append_integer(*out_, value);
    return self();
  }
  Self &field(std::string_view key, int value) { return field(key, static_cast<int64_t>(value)); }
  Self &field(std::string_view key, bool value) {
    name(key);
    *out_ += value ? "true" : "false";
    return self();
  }
  Self &raw(std::string_view key, std::string_view json) {  // value already JSON
    name(key);
    *out_ += json;
    return self();
  }

 protected:
  explicit MemberWriter(std::string *out) : out_(out) {}
  std::string *out_;
  bool empty_ = true;

 private:
  Self &self() { return static_cast<Self &>(*this); }
  void name(std::string_view key) {
    if (!empty_) *out_ += ',';
    empty_ = false;
    append_string(*out_, key);
    *out_ += ':';
  }
};

// Builds one JSON object: Object().field("a", "x").field("n", 3).str() == {"a":"x","n":3}
class Object : public MemberWriter<Object> {
 public:
  Object() : MemberWriter(&text_) {}
  Object(const Object &other) : MemberWriter(&text_), text_(other.text_) { empty_ = other.empty_; }
  Object &operator=(const Object &) = delete;
  std::string str() const { return text_ + "}"; }

 private:
  friend class Array;
  std::string text_ = "{";
};

// Builds one JSON array from already-encoded JSON values.
class Array {
 public:
  // An object written straight into the array (no text of its own): its members, then its '}'
  // when the writer goes away, so it must not outlive the expression that writes it, and no
  // other item may be added while it lives.
  class InPlace : public MemberWriter<InPlace> {
   public:
    InPlace(InPlace &&other) noexcept : MemberWriter(other.out_) {
      empty_ = other.empty_;
      other.out_ = nullptr;
    }
    InPlace(const InPlace &) = delete;
    InPlace &operator=(const InPlace &) = delete;
    InPlace &operator=(InPlace &&) = delete;
    ~InPlace() {
      if (out_ != nullptr) *out_ += '}';
    }

   private:
    friend class Array;
    explicit InPlace(std::string *out) : MemberWriter(out) {}
  };

  InPlace object();
  Array &add(std::string_view json);
  Array &add(const Object &object);  // appended in place, without a copy of its own
  Array &add_string(std::string_view s);
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  std::string str() const { return text_ + "]"; }
  // The array's text, moved out; the array is left empty.
  std::string take() {
    text_ += ']';
    std::string out = std::move(text_);
    text_ = "[";
    count_ = 0;
    return out;
  }

 private:
  std::string text_ = "[";
  size_t count_ = 0;
};

}  // namespace clinic::json
