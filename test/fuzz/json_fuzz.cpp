// Fuzz target: JSON string escaping. The output must be one well-formed JSON string literal
// (quoted, no raw control characters, every backslash starting a valid escape), and it must
// round-trip: the JSON parser reads it back to exactly the input bytes, as a whole document and
// as a member value inside an object written by the same writer.
#include "core/util/json.hpp"
#include "core/util/json_value.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view s(reinterpret_cast<const char *>(data), size);
  const std::string q = clinic::json::quote(s);
  require(q.size() >= 2 && q.front() == '"' && q.back() == '"');
  for (size_t i = 1; i + 1 < q.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(q[i]);
    require(c >= 0x20);
    require(c != '"');  // an unescaped quote inside
    if (c == '\\') {
      const char e = q[++i];
      if (e == 'u') {
        require(i + 4 < q.size());
        i += 4;
      } else {
        require(std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos);
      }
    }
  }

  const auto back = clinic::json::parse(q);
  require(back && back->kind == clinic::json::Value::Kind::string && back->text == s);

  const std::string object = clinic::json::Object().field(s, s).str();
  const auto member = clinic::json::parse(object);
  require(member && member->kind == clinic::json::Value::Kind::object);
  const clinic::json::Value *value = member->members.find(s);
  require(value && value->kind == clinic::json::Value::Kind::string && value->text == s);
  return 0;
}
