// The role that owns the clinic extension (its installing superuser). Writes that only the
// extension's own functions may make (audit records, the drop guard's row check) run as it.
#pragma once

#include "pg.hpp"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "utils/syscache.h"
}

namespace clinic {

// Plain PostgreSQL calls: call it inside pg_guard.
inline Oid extension_owner() {
  HeapTuple tup =
      SearchSysCache1(EXTENSIONOID, ObjectIdGetDatum(get_extension_oid("clinic", false)));
  if (!HeapTupleIsValid(tup)) elog(ERROR, "cache lookup failed for extension clinic");
  const Oid owner = reinterpret_cast<Form_pg_extension>(GETSTRUCT(tup))->extowner;
  ReleaseSysCache(tup);
  return owner;
}

}  // namespace clinic
