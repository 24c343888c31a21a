// Secrets and documentation: items 27 and 28.
#include "core/audit/checks/common.hpp"

#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

void plaintext_secrets(const Schema &s, Finding &f) {
  json::Array d;
  bool plaintext = false;

  for (const Table &t : s.tables) {
    for (const Column &c : t.columns) {
      const SecretKind kind = secret_kind(t, c);
      // Values examined by the loader are judged by them; otherwise the name is all there is.
      // A view's or materialized view's values are its base tables' (checked there); a foreign
      // table's are remote.
      if (kind == SecretKind::credential && !c.non_hash_values && t.kind != 'v' && t.kind != 'm')
        object_ref(d, t)
            .field("column", c.name)
            .field("problem", t.kind == 'f'
                                  ? "password column of a foreign table, not scanned: verify the "
                                    "remote column stores a hash"
                                  : "password column not readable by the auditor: verify it stores "
                                    "a hash");
      if (c.non_hash_values && *c.non_hash_values > 0) {
        if (kind == SecretKind::credential) {
          plaintext = true;
          object_ref(d, t).field("column", c.name).field("rows_not_hashed", *c.non_hash_values);
        } else if (kind == SecretKind::readable) {
          object_ref(d, t)
              .field("column", c.name)
              .field("rows_readable", *c.non_hash_values)
              .field("problem",
                     "a secret the application reads back, stored readable: encrypt it or keep "
                     "the column from other readers");
        }
      }
      if (c.default_expr && mentions_credential(*c.default_expr))
        object_ref(d, t).field("column", c.name).field("problem", "credential in a default");
      if (c.comment && mentions_credential(*c.comment)) {
        plaintext = true;
        object_ref(d, t).field("column", c.name).field("problem", "credential in a comment");
      }
    }
  }
  set(f, graded(plaintext, d),
      d.empty() ? "no plaintext secrets found" : count_of(d.size(), "problems"), d);
}

void documentation(const Schema &s, Finding &f) {
  json::Array d;
  size_t objects = 0;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    ++objects;
    if (!t.comment) object_ref(d, t);
    for (const Column &c : t.columns) {
      ++objects;
      if (!c.comment) object_ref(d, t).field("column", c.name);
    }
  }
  for (const auto &e : s.enums) {
    ++objects;
    if (!e.comment) d.object().field("enum", e.name);
  }
  set(f, d.empty() ? "pass" : "warn",
      std::to_string(objects - d.size()) + "/" + std::to_string(objects) +
          " tables, columns and enums commented",
      d);
}

}  // namespace clinic::audit::check
