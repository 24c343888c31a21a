// Conversions between jsonb and the C++ JSON model (src/core/util/json_value.hpp) that skip the
// text form: a large schema snapshot is neither printed nor parsed on its way in or out.
#pragma once

#include "pg/pg.hpp"

#include "core/util/json_value.hpp"

#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

namespace clinic {

// The value of a jsonb datum; nullopt when it nests deeper than json::parse accepts (256).
std::optional<json::Value> jsonb_to_value(Datum jsonb);

// Both values, leaving out of each the members of the root's member `under` that are
// byte-identical in the two (for a diff, which would find nothing there): comparing a stored
// snapshot of a large schema with a live one builds only the tables that changed.
std::pair<std::optional<json::Value>, std::optional<json::Value>> jsonb_to_values_without_common(
    Datum a, Datum b, const char *under);

// A jsonb datum (in the current memory context) holding the value.
Datum value_to_jsonb(const json::Value &value);

// JSON text as a jsonb datum, straight from json::tokenize's tokens (no tree, no jsonb_in): for
// the audit's findings, megabytes of JSON built by our own writer. False when the text is not
// JSON.
bool json_text_to_jsonb(std::string_view text, Datum *out);

// The same, for many texts in turn: its buffers (tokens, unescaped strings, the image) are kept
// from one call to the next, so the audit's fifty findings reuse the memory of the largest
// instead of faulting in new pages for each.
class JsonTextToJsonb {
 public:
  bool operator()(std::string_view text, Datum *out);
  // Room for texts of up to `bytes` at once, instead of growing by doubling (each step a fresh
  // block to fault in and a copy).
  void reserve(size_t bytes) {
    arena_.reserve(bytes);
    image_.reserve(bytes * 2 + 1024);  // jsonb runs up to about 1.5 times the compact text
  }

 private:
  std::vector<json::Token> tokens_;
  std::string arena_, image_;
};

}  // namespace clinic
