#include "pg/internals/indexdef.hpp"

#include "pg/boundary.hpp"
#include "pg/compat.hpp"
#include "pg/datum.hpp"

#include <vector>

extern "C" {
#include "commands/defrem.h"
#include "utils/builtins.h"
#include "utils/ruleutils.h"
}

namespace clinic {

std::string index_definition(Oid index_oid, Oid am, bool has_reloptions, bool has_expressions,
                             const catalog::Table &t, const catalog::Index &i,
                             std::map<std::pair<Oid, Oid>, Oid> &default_opclass) {
  bool plain = pg::kInternalsChecked && !has_reloptions && !has_expressions && !i.partial &&
               !i.nulls_not_distinct;
  std::vector<std::string> keys, included;
  for (size_t k = 0; plain && k < i.columns.size(); ++k) {
    const catalog::Column *c = t.column(i.columns[k]);
    if (c == nullptr) {  // an expression (attnum 0)
      plain = false;
      break;
    }
    if (static_cast<int>(k) < i.key_columns) {
      const Oid type = c->type_oid;
      auto it = default_opclass.find({type, am});
      if (it == default_opclass.end())
        it = default_opclass
                 .emplace(std::make_pair(type, am),
                          pg_guard([type, am] { return GetDefaultOpClass(type, am); }))
                 .first;
      if (i.key_opclasses[k] != it->second || i.key_collations[k] != c->collation ||
          i.key_options[k] != 0)
        plain = false;
    }
    const char *name = c->name.c_str();
    std::string quoted = pg_guard([name] { return quote_identifier(name); });
    (static_cast<int>(k) < i.key_columns ? keys : included).push_back(std::move(quoted));
  }
  if (plain) {
    std::string out = i.method + " (";
    for (size_t k = 0; k < keys.size(); ++k) out += (k ? ", " : "") + keys[k];
    out += ")";
    if (!included.empty()) {
      out += " INCLUDE (";
      for (size_t k = 0; k < included.size(); ++k) out += (k ? ", " : "") + included[k];
      out += ")";
    }
    return out;
  }
  std::string def = take_cstring(pg_guard([index_oid] {
    return TextDatumGetCString(DirectFunctionCall1(pg_get_indexdef, ObjectIdGetDatum(index_oid)));
  }));
  const auto at = def.find(" USING ");
  return at == std::string::npos ? def : def.substr(at + 7);
}

}  // namespace clinic
