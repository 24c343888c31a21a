#include "core/util/json_value.hpp"

#include "core/util/json.hpp"

#include <algorithm>
#include "core/pure.hpp"

namespace clinic::json {
namespace {

constexpr int kMaxDepth = 256;

// One strict parser (RFC 8259), reporting what it reads to a Sink in document order: the tree
// builder (parse) and the flat tokenizer (tokenize) share it.
template <class Sink>
class Parser {
 public:
  Parser(std::string_view s, Sink &sink) : s_(s), sink_(sink) {}

  bool document(ParseError *error) {
    if (value(0)) {
      skip_space();
      if (pos_ == s_.size()) return true;
      fail("trailing characters after the document");
    }
    if (error) *error = {pos_, message_};
    return false;
  }

 private:
  bool fail(const char *message) {
    if (message_.empty()) message_ = message;
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail("invalid literal");
    pos_ += word.size();
    return true;
  }
  bool value(int depth) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    skip_space();
    if (pos_ >= s_.size()) return fail("unexpected end of input");
    switch (s_[pos_]) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"': {
        std::string_view text;
        if (!string(text)) return false;
        sink_.string(text);
        return true;
      }
      case 't':
        if (!literal("true")) return false;
        sink_.boolean(true);
        return true;
      case 'f':
        if (!literal("false")) return false;
        sink_.boolean(false);
        return true;
      case 'n':
        if (!literal("null")) return false;
        sink_.null();
        return true;
      default: {
        std::string_view text;
        if (!number(text)) return false;
        sink_.number(text);
        return true;
      }
    }
  }
  bool object(int depth) {
    sink_.begin_object();
    ++pos_;  // {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      sink_.end_object();
      return ++pos_, true;
    }
    for (;;) {
      skip_space();
      std::string_view key;
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a member name");
      if (!string(key)) return false;
      sink_.key(key);
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':'");
      ++pos_;
      if (!value(depth + 1)) return false;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        sink_.end_object();
        return ++pos_, true;
      }
      return fail("expected ',' or '}'");
    }
  }
  bool array(int depth) {
    sink_.begin_array();
    ++pos_;  // [
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      sink_.end_array();
      return ++pos_, true;
    }
    for (;;) {
      if (!value(depth + 1)) return false;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        sink_.end_array();
        return ++pos_, true;
      }
      return fail("expected ',' or ']'");
    }
  }
  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(unsigned &out) {
    if (pos_ + 4 > s_.size()) return fail("truncated \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex(s_[pos_++]);
      if (h < 0) return fail("invalid \\u escape");
      out = out * 16 + static_cast<unsigned>(h);
    }
    return true;
  }
  static void utf8(std::string &out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  // A string's text: a view into the source when it has no escapes (the audit's detail is
  // megabytes of plain names), else its unescaped text in scratch_ (valid until the next string).
  bool string(std::string_view &text) {
    ++pos_;  // "
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' &&
           static_cast<unsigned char>(s_[pos_]) >= 0x20)
      ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '"') {
      text = s_.substr(start, pos_ - start);
      return ++pos_, true;
    }
    std::string &out = scratch_;
    out.assign(s_.data() + start, pos_ - start);
    while (pos_ < s_.size()) {
      // A run of plain characters is copied at once.
      const size_t run = pos_;
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' &&
             static_cast<unsigned char>(s_[pos_]) >= 0x20)
        ++pos_;
      out.append(s_.data() + run, pos_ - run);
      if (pos_ >= s_.size()) break;
      const char c = s_[pos_++];
      if (c == '"') {
        text = out;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in a string");
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
            unsigned low;
            if (s_.substr(pos_, 2) != "\\u") return fail("unpaired surrogate");
            pos_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return fail("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail("unpaired surrogate");
          }
          utf8(out, cp);
          break;
        }
        default:
          return fail("invalid escape");
      }
    }
    return fail("unterminated string");
  }
  bool number(std::string_view &out) {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0')
      ++pos_;
    else if (!digits())
      return fail("invalid value");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail("invalid number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("invalid number");
    }
    out = s_.substr(start, pos_ - start);
    return true;
  }

  std::string_view s_;
  Sink &sink_;
  size_t pos_ = 0;
  std::string message_;
  std::string scratch_;
};

// Builds a Value tree. A container being filled is on the stack; its parent does not grow
// until it is closed, so the pointers stay valid.
class TreeSink {
 public:
  Value root;

  void begin_object() { open(Value::Kind::object); }
  void end_object() {
    stack_.back()->members.finish();  // a repeated key: the last wins
    stack_.pop_back();
  }
  void begin_array() { open(Value::Kind::array); }
  void end_array() { stack_.pop_back(); }
  void key(std::string_view k) { key_.assign(k); }
  void string(std::string_view s) { scalar(Value::Kind::string).text.assign(s); }
  void number(std::string_view s) { scalar(Value::Kind::number).text.assign(s); }
  void boolean(bool b) { scalar(Value::Kind::boolean).boolean = b; }
  void null() { scalar(Value::Kind::null); }

 private:
  Value &place() {
    if (stack_.empty()) return root;
    Value &top = *stack_.back();
    if (top.kind == Value::Kind::array) return top.items.emplace_back();
    return top.members.append(std::move(key_), Value{});
  }
  Value &scalar(Value::Kind kind) {
    Value &v = place();
    v.kind = kind;
    return v;
  }
  void open(Value::Kind kind) { stack_.push_back(&scalar(kind)); }

  std::vector<Value *> stack_;
  std::string key_;
};

// Appends tokens; an open container's token gets its count when it closes. With an item hook,
// each item of a root array is handed to it as soon as it is complete and then dropped, so the
// tokens of a document of megabytes never pile up.
class TokenSink {
 public:
  TokenSink(std::string_view source, std::vector<Token> &out, std::string &arena,
            const ItemHook *hook = nullptr)
      : source_(source), out_(out), arena_(arena), hook_(hook) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k) {
    ++open_.back().second;
    push('k', k);
  }
  void string(std::string_view s) {
    item();
    push('s', s);
    done();
  }
  void number(std::string_view s) {
    item();
    push('n', s);
    done();
  }
  void boolean(bool b) {
    item();
    out_.push_back({b ? 't' : 'f', nullptr, 0});
    done();
  }
  void null() {
    item();
    out_.push_back({'z', nullptr, 0});
    done();
  }

 private:
  void item() {
    if (!open_.empty() && out_[open_.back().first].type == '[') ++open_.back().second;
  }
  void open(char type) {
    item();
    open_.push_back({out_.size(), 0});
    out_.push_back({type, nullptr, 0});
  }
  void close(char type) {
    out_[open_.back().first].len = open_.back().second;
    open_.pop_back();
    out_.push_back({type, nullptr, 0});
    done();
  }
  // A value is complete: when it is an item of a root array and there is a hook, hand it over.
  void done() {
    if (hook_ == nullptr || open_.size() != 1 || out_[0].type != '[') return;
    (*hook_)(out_.data() + 1, out_.size() - 1);
    out_.resize(1);
    arena_.clear();  // reserved at the source's size, so it never moved
  }
  // Text in the source is pointed at; an unescaped string is copied to the arena, which was
  // reserved at the source's size (unescaping never lengthens) and so never moves.
  void push(char type, std::string_view s) {
    const char *data = s.data();
    if (data < source_.data() || data + s.size() > source_.data() + source_.size()) {
      const size_t at = arena_.size();
      arena_.append(s);
      data = arena_.data() + at;
    }
    out_.push_back({type, data, static_cast<int>(s.size())});
  }

  std::string_view source_;
  std::vector<Token> &out_;
  std::string &arena_;
  std::vector<std::pair<size_t, int>> open_;  // (token, members or items so far)
  const ItemHook *hook_;
};

}  // namespace

namespace {
bool key_less(const Members::Entry &e, std::string_view key) {
  return e.first < key;
}
}  // namespace

Value &Members::operator[](const std::string &key) {
  if (entries_.empty() || entries_.back().first < key) {
    entries_.emplace_back(key, Value{});
    return entries_.back().second;
  }
  auto it = std::lower_bound(entries_.begin(), entries_.end(), std::string_view(key), key_less);
  if (it != entries_.end() && it->first == key) return it->second;
  return entries_.emplace(it, key, Value{})->second;
}

const Value *Members::find(std::string_view key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key, key_less);
  return it != entries_.end() && it->first == key ? &it->second : nullptr;
}

Value &Members::append(std::string key, Value value) {
  return entries_.emplace_back(std::move(key), std::move(value)).second;
}

void Members::finish() {
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry &a, const Entry &b) { return a.first < b.first; });
  // Of equal keys (now adjacent, in input order) keep the last.
  size_t out = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i + 1 < entries_.size() && entries_[i + 1].first == entries_[i].first) continue;
    if (out != i) entries_[out] = std::move(entries_[i]);
    ++out;
  }
  entries_.resize(out);
}

bool Members::operator==(const Members &other) const {
  return entries_ == other.entries_;
}

const Value *Value::get(const std::string &key) const {
  return members.find(key);
}

std::string Value::dump() const {
  switch (kind) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return boolean ? "true" : "false";
    case Kind::number:
      return text;
    case Kind::string:
      return quote(text);
    case Kind::array: {
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i].dump();
      return out + "]";
    }
    case Kind::object: {
      std::string out = "{";
      bool first = true;
      for (const auto &[k, v] : members) {
        if (!first) out += ',';
        first = false;
        append_string(out, k);
        out += ':';
        out += v.dump();
      }
      return out + "}";
    }
  }
  return "null";
}

bool Value::operator==(const Value &o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::null:
      return true;
    case Kind::boolean:
      return boolean == o.boolean;
    case Kind::number:
    case Kind::string:
      return text == o.text;
    case Kind::array:
      return items == o.items;
    case Kind::object:
      return members == o.members;
  }
  return false;
}

std::optional<Value> parse(std::string_view text, ParseError *error) {
  TreeSink tree;
  Parser<TreeSink> parser(text, tree);
  if (!parser.document(error)) return std::nullopt;
  return std::move(tree.root);
}

bool tokenize(std::string_view text, std::vector<Token> &out, std::string &arena,
              ParseError *error) {
  return tokenize_items(text, out, arena, nullptr, error);
}

bool tokenize_items(std::string_view text, std::vector<Token> &out, std::string &arena,
                    const ItemHook *hook, ParseError *error) {
  out.clear();
  arena.clear();
  arena.reserve(text.size());
  TokenSink tokens(text, out, arena, hook);
  Parser<TokenSink> parser(text, tokens);
  return parser.document(error);
}

}  // namespace clinic::json
