// clinic._crypt(password, salt) and clinic._gen_salt(type, rounds): pgcrypto's crypt(text, text)
// and gen_salt(text, integer), found by their membership of the extension pgcrypto and called by
// OID. A name written into a function body would follow whatever schema bears that name: the
// owner of pgcrypto's schema (the database owner, when it is public) could rename it and plant
// a crypt() that clinic's SECURITY DEFINER password check would then run as its owner.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/depend.hpp"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "utils/fmgroids.h"
#include "utils/syscache.h"
}

namespace {

// The OID of pgcrypto's member function `name`(arg0, arg1); InvalidOid when pgcrypto is not
// installed or has no such member. Plain PostgreSQL calls (may ereport).
Oid pgcrypto_member(const char *name, Oid arg0, Oid arg1) {
  const Oid extension = get_extension_oid("pgcrypto", true);
  if (!OidIsValid(extension)) return InvalidOid;
  Relation depend = table_open(DependRelationId, AccessShareLock);
  Oid found = InvalidOid;
  clinic::pg::for_each_depend(
      depend, ExtensionRelationId, extension, true, [name, arg0, arg1, &found](Form_pg_depend d) {
        if (d->classid != ProcedureRelationId || d->deptype != DEPENDENCY_EXTENSION) return true;
        HeapTuple proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(d->objid));
        if (!HeapTupleIsValid(proc)) return true;
        const auto *p = reinterpret_cast<Form_pg_proc>(GETSTRUCT(proc));
        if (strcmp(NameStr(p->proname), name) == 0 && p->pronargs == 2 &&
            p->proargtypes.values[0] == arg0 && p->proargtypes.values[1] == arg1)
          found = d->objid;
        ReleaseSysCache(proc);
        return !OidIsValid(found);
      });
  table_close(depend, AccessShareLock);
  if (!OidIsValid(found))
    ereport(ERROR, (errcode(ERRCODE_UNDEFINED_FUNCTION),
                    errmsg("extension pgcrypto has no function %s(%s, %s)", name,
                           format_type_be(arg0), format_type_be(arg1)),
                    errhint("CREATE EXTENSION pgcrypto (clinic requires it).")));
  return found;
}

Datum call_pgcrypto(FunctionCallInfo fcinfo, const char *name, Oid arg1) {
  const Datum a = PG_GETARG_DATUM(0), b = PG_GETARG_DATUM(1);
  const Oid collation = PG_GET_COLLATION();
  return clinic::pg_guard([name, arg1, a, b, collation] {
    return OidFunctionCall2Coll(pgcrypto_member(name, TEXTOID, arg1), collation, a, b);
  });
}

}  // namespace

CLINIC_FUNCTION(clinic_crypt) {
  return call_pgcrypto(fcinfo, "crypt", TEXTOID);
}

CLINIC_FUNCTION(clinic_gen_salt) {
  return call_pgcrypto(fcinfo, "gen_salt", INT4OID);
}
