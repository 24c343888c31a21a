// Fuzz target: JSON string escaping. The output must be one well-formed JSON string literal:
// quoted, no raw control characters, every backslash starting a valid escape.
#include "core/util/json.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view s(reinterpret_cast<const char *>(data), size);
  const std::string q = clinic::json::quote(s);
  if (q.size() < 2 || q.front() != '"' || q.back() != '"') std::abort();
  for (size_t i = 1; i + 1 < q.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(q[i]);
    if (c < 0x20) std::abort();
    if (c == '"') std::abort();  // an unescaped quote inside
    if (c == '\\') {
      const char e = q[++i];
      if (e == 'u') {
        if (i + 4 >= q.size()) std::abort();
        i += 4;
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        std::abort();
      }
    }
  }
  return 0;
}
