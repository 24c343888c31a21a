// The role that owns the clinic extension (its installing superuser). Writes that only the
// extension's own functions may make (audit records, the drop guard's row check) run as it.
#pragma once

#include "pg/pg.hpp"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "utils/syscache.h"
}

namespace clinic {

// The clinic extension's pg_extension row: its owner and its schema (by OID: the schema may have
// been renamed). Plain PostgreSQL calls: call them inside pg_guard.
inline FormData_pg_extension extension_row() {
  HeapTuple tup =
      SearchSysCache1(EXTENSIONOID, ObjectIdGetDatum(get_extension_oid("clinic", false)));
  if (!HeapTupleIsValid(tup)) elog(ERROR, "cache lookup failed for extension clinic");
  const FormData_pg_extension row = *reinterpret_cast<Form_pg_extension>(GETSTRUCT(tup));
  ReleaseSysCache(tup);
  return row;
}

inline Oid extension_owner() {
  return extension_row().extowner;
}
inline Oid extension_schema() {
  return extension_row().extnamespace;
}

}  // namespace clinic
