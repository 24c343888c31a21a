// Loads a schema's catalog into the audit's in-memory model (src/core/audit/catalog.hpp).
#pragma once

#include "pg/pg.hpp"

#include "core/audit/catalog.hpp"
#include "pg/access.hpp"

namespace clinic {

// Reads the schema with OID nsp: one query per catalog. Raises 3F000 for a schema that does not
// exist and 42501 without USAGE on it. Needs no SPI connection of the caller's.
// with_sql_definitions: for a snapshot: also deparse each index (pg_get_indexdef), and skip
// what a snapshot does not hold (baseline, suppressions, index statistics, Prisma migrations,
// the data checks' counts).
catalog::Schema load_schema(Oid nsp, bool with_sql_definitions = false);

// Only what decides the audit's profile (clinic::audit::detect_profile): the server, clinic's
// extension when nsp is its schema, Prisma's migration table. Same errors as load_schema.
catalog::Schema load_schema_identity(Oid nsp);

}  // namespace clinic
