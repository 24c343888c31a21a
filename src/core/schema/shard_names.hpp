// Citus's names: a shard of table t is t_<shard id>, and the shard's constraints and indexes are
// named the same way. No PostgreSQL here: shared by the shard lookups (src/pg/citus.cpp), the
// rewriting of errors raised on shards, and the unit tests.
#pragma once

namespace clinic::shard_names {

// The digits after the last underscore of `name` when it ends <prefix>_<digits> as Citus names a
// shard (decimal, no leading zero, at most 18 digits: an int8), else nullptr.
const char *suffix(const char *name) noexcept;

// Removes the shard id from `name` when it ends as a shard's does, in place; whether it did.
bool strip(char *name) noexcept;

// Removes the shard id from every double-quoted name in `text` that ends as a shard's does with
// an id of at least six digits (Citus numbers shards from 102008), in place (the text only gets
// shorter); whether anything changed. PostgreSQL's messages quote the names of relations and
// constraints, and show values in parentheses: what is inside parentheses stays as it is (a
// value may hold quotes, a jsonb value quoted keys and strings).
bool strip_quoted(char *text) noexcept;

}  // namespace clinic::shard_names
