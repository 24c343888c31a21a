// What the calling user may read: every capability that takes a target schema or reads a table
// asks here, so the audit and the validator refuse and skip alike.
#pragma once

#include "pg/pg.hpp"

namespace clinic {

// The name of the schema with OID nsp, which the caller may read: 3F000 when it does not exist,
// 42501 without USAGE on it. Every function that takes a target schema checks it here.
const char *readable_schema_name(Oid nsp);

// Whether the current user may SELECT the column: table-level SELECT, or SELECT on the column
// (the column check alone sees only column grants). Plain PostgreSQL calls: call it inside
// pg_guard.
bool may_select_column(Oid relid, AttrNumber attnum);

// Whether a row-level security policy applies to the caller on this table (its policies are
// the table owner's code: the audit then leaves the rows unread).
bool row_security_applies(Oid relid);

}  // namespace clinic
