#include "core/schema/shard_names.hpp"

#include <cstring>

namespace clinic::shard_names {
namespace {

// Whether [begin, end) is a shard id as Citus writes it.
bool shard_id(const char *begin, const char *end) noexcept {
  if (begin == end || *begin == '0' || end - begin > 18) return false;
  for (const char *p = begin; p < end; ++p)
    if (*p < '0' || *p > '9') return false;
  return true;
}

// Where the "_<shard id>" of the name [begin, end) starts, or end when it has none (a shard's
// name has a non-empty prefix).
const char *suffix_start(const char *begin, const char *end) noexcept {
  const char *underscore = nullptr;
  for (const char *p = begin; p < end; ++p)
    if (*p == '_') underscore = p;
  if (underscore == nullptr || underscore == begin || !shard_id(underscore + 1, end)) return end;
  return underscore;
}

}  // namespace

const char *suffix(const char *name) noexcept {
  const char *underscore = std::strrchr(name, '_');
  if (underscore == nullptr || !shard_id(underscore + 1, name + std::strlen(name))) return nullptr;
  return underscore + 1;
}

bool strip(char *name) noexcept {
  char *end = name + std::strlen(name);
  char *at = const_cast<char *>(suffix_start(name, end));
  if (at == end) return false;
  *at = '\0';
  return true;
}

bool strip_quoted(char *text) noexcept {
  bool changed = false;
  char *out = text;
  const char *in = text;
  int depth = 0;  // of parentheses, outside quotes
  while (*in != '\0') {
    if (*in == '(') ++depth;
    if (*in == ')' && depth > 0) --depth;
    const char *close = *in == '"' ? std::strchr(in + 1, '"') : nullptr;
    if (close == nullptr) {
      *out++ = *in++;
      continue;
    }
    // A quoted name: its shard id goes unless it lies inside a value; a parenthesis within the
    // quotes counts for nothing.
    const char *keep = depth > 0 ? close : suffix_start(in + 1, close);
    if (close - keep < 7) keep = close;  // "_" and at least six digits
    changed = changed || keep != close;
    const char *end = close + 1;
    std::memmove(out, in, keep - in);
    out += keep - in;
    *out++ = '"';
    in = end;
  }
  *out = '\0';
  return changed;
}

}  // namespace clinic::shard_names
