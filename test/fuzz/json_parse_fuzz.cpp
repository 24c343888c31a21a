// Fuzz target: the JSON parser. Never crashes; anything it accepts re-parses, from its canonical
// dump, to an equal value, and dumps the same again.
#include "core/json_value.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view s(reinterpret_cast<const char *>(data), size);
  clinic::json::ParseError error;
  const auto v = clinic::json::parse(s, &error);
  if (!v) {
    if (error.message.empty() || error.offset > size) std::abort();
    return 0;
  }
  const std::string once = v->dump();
  const auto again = clinic::json::parse(once);
  if (!again || *again != *v || again->dump() != once) std::abort();
  return 0;
}
