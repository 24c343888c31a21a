#include "pg/access.hpp"

#include "pg/boundary.hpp"
#include "pg/compat.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
}

namespace clinic {

const char *readable_schema_name(Oid nsp) {
  return pg_guard([nsp] {
    char *name = get_namespace_name(nsp);
    if (name == nullptr)
      ereport(ERROR, (errcode(ERRCODE_UNDEFINED_SCHEMA),
                      errmsg("schema with OID %u does not exist", nsp)));
    const AclResult acl = pg::object_aclcheck(NamespaceRelationId, nsp, GetUserId(), ACL_USAGE);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_SCHEMA, name);
    return name;
  });
}

bool may_select_column(Oid relid, AttrNumber attnum) {
  return pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) == ACLCHECK_OK ||
         pg_attribute_aclcheck(relid, attnum, GetUserId(), ACL_SELECT) == ACLCHECK_OK;
}

bool row_security_applies(Oid relid) {
  return check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED;
}

}  // namespace clinic
