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
  while (*in != '\0') {
    const char *close = *in == '"' ? std::strchr(in + 1, '"') : nullptr;
    if (close == nullptr) {
      *out++ = *in++;
      continue;
    }
    const char *keep = suffix_start(in + 1, close);
    changed = changed || keep != close;
    *out++ = '"';
    std::memmove(out, in + 1, keep - (in + 1));
    out += keep - (in + 1);
    *out++ = '"';
    in = close + 1;
  }
  *out = '\0';
  return changed;
}

}  // namespace clinic::shard_names
