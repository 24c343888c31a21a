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

std::string index_definition(const IndexRow &row, const catalog::Table &t, const catalog::Index &i,
                             std::map<std::pair<Oid, Oid>, Oid> &default_opclass) {
  const Form_pg_index x = row.index;
  const Oid am = row.am;
  const oidvector *classes = row.classes, *collations = row.collations;
  const int2vector *options = row.options;
  bool plain =
      pg::kInternalsChecked && !row.has_reloptions && !row.has_expressions && !row.has_predicate;
  plain = plain && !x->indnullsnotdistinct;
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
      if (classes->values[k] != it->second || collations->values[k] != c->collation ||
          options->values[k] != 0)
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
  const Oid index_oid = x->indexrelid;
  std::string def = take_cstring(pg_guard([index_oid] {
    return TextDatumGetCString(DirectFunctionCall1(pg_get_indexdef, ObjectIdGetDatum(index_oid)));
  }));
  const auto at = def.find(" USING ");
  return at == std::string::npos ? def : def.substr(at + 7);
}

}  // namespace clinic
