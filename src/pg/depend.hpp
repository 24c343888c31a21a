// pg_depend, one object's rows: what the drop guard follows and how pgcrypto's functions are
// found by their extension membership.
#pragma once

#include "pg/pg.hpp"

extern "C" {
#include "access/genam.h"
#include "catalog/indexing.h"
#include "catalog/pg_depend.h"
#include "utils/fmgroids.h"
}

namespace clinic::pg {

// Calls visit(row) for each pg_depend row of the object (classid, objid) in `depend` (pg_depend,
// open): with dependents, the rows of objects that depend on it; else the rows of what it depends
// on. Stops when visit returns false. Plain PostgreSQL code.
template <class F>
void for_each_depend(Relation depend, Oid classid, Oid objid, bool dependents, F visit) {
  ScanKeyData key[2];
  ScanKeyInit(&key[0], dependents ? Anum_pg_depend_refclassid : Anum_pg_depend_classid,
              BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(classid));
  ScanKeyInit(&key[1], dependents ? Anum_pg_depend_refobjid : Anum_pg_depend_objid,
              BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(objid));
  SysScanDesc scan = systable_beginscan(
      depend, dependents ? DependReferenceIndexId : DependDependerIndexId, true, nullptr, 2, key);
  for (HeapTuple tup; HeapTupleIsValid(tup = systable_getnext(scan));)
    if (!visit(reinterpret_cast<Form_pg_depend>(GETSTRUCT(tup)))) break;
  systable_endscan(scan);
}

}  // namespace clinic::pg
