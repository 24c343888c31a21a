// clinic._crypt(password, salt) and clinic._gen_salt(type, rounds): pgcrypto's crypt(text, text)
// and gen_salt(text, integer), found by their membership of the extension pgcrypto and called by
// OID. A name written into a function body would follow whatever schema bears that name: the
// owner of pgcrypto's schema (the database owner, when it is public) could rename it and plant
// a crypt() that clinic's SECURITY DEFINER password check would then run as its owner.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/depend.hpp"

#include <string>
#include <string_view>

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

// pgcrypto's crypt() never looks for interrupts: a salt asking for a huge work factor (bcrypt
// cost 31, or sha-crypt's rounds=999999999, which 18's pgcrypto accepts) would run for hours,
// past statement_timeout and cancel, holding its backend. Such salts are refused (22023); the
// limits are far above what anyone hashes passwords with.
constexpr int kMaxBcryptCost = 16;
constexpr long kMaxRounds = 1000000;
constexpr size_t kMaxPasswordBytes = 1024;

void check_work_factor(std::string_view salt) {
  const auto digits = [](std::string_view s) {
    long n = 0;
    size_t i = 0;
    for (; i < s.size() && i < 10 && s[i] >= '0' && s[i] <= '9'; ++i) n = n * 10 + (s[i] - '0');
    return i == 0 ? -1L : n;
  };
  if (salt.size() >= 6 && salt[0] == '$' && salt[1] == '2' && salt[3] == '$') {
    const long cost = digits(salt.substr(4, 2));
    if (cost > kMaxBcryptCost)
      throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                          "bcrypt cost " + std::to_string(cost) + " is above " +
                              std::to_string(kMaxBcryptCost) +
                              ": crypt() cannot be cancelled while it runs");
  } else if (salt.size() >= 3 && salt[0] == '$' && (salt[1] == '5' || salt[1] == '6') &&
             salt[2] == '$' && salt.substr(3, 7) == "rounds=") {
    const long rounds = digits(salt.substr(10));
    if (rounds < 0 || rounds > kMaxRounds)
      throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                          "sha-crypt rounds above " + std::to_string(kMaxRounds) +
                              ": crypt() cannot be cancelled while it runs");
  } else if (!salt.empty() && salt[0] == '_') {
    // Extended DES: 4 characters of ./0-9A-Za-z, 6 bits each, least significant first.
    long count = 0;
    for (size_t i = 0; i < 4 && i + 1 < salt.size(); ++i) {
      const char c = salt[1 + i];
      const int v = c == '.'                 ? 0
                    : c == '/'               ? 1
                    : (c >= '0' && c <= '9') ? c - '0' + 2
                    : (c >= 'A' && c <= 'Z') ? c - 'A' + 12
                    : (c >= 'a' && c <= 'z') ? c - 'a' + 38
                                             : 0;
      count |= static_cast<long>(v) << (6 * i);
    }
    if (count > kMaxRounds)
      throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                          "extended DES count above " + std::to_string(kMaxRounds) +
                              ": crypt() cannot be cancelled while it runs");
  }
}

}  // namespace

CLINIC_FUNCTION(clinic_crypt) {
  // sha-crypt's work grows with the password's length times its rounds (a 1 MB password spun for
  // minutes on 18); bcrypt reads 72 bytes of it.
  const Datum password_datum = PG_GETARG_DATUM(0);
  const text *password =
      clinic::pg_guard([password_datum] { return PG_DETOAST_DATUM_PACKED(password_datum); });
  if (VARSIZE_ANY_EXHDR(password) > kMaxPasswordBytes)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "password longer than " + std::to_string(kMaxPasswordBytes) +
                            " bytes: crypt() cannot be cancelled while it runs");
  const Datum salt_datum = PG_GETARG_DATUM(1);
  const text *salt = clinic::pg_guard([salt_datum] { return PG_DETOAST_DATUM_PACKED(salt_datum); });
  check_work_factor(std::string_view(VARDATA_ANY(salt), VARSIZE_ANY_EXHDR(salt)));
  return call_pgcrypto(fcinfo, "crypt", TEXTOID);
}

CLINIC_FUNCTION(clinic_gen_salt) {
  return call_pgcrypto(fcinfo, "gen_salt", INT4OID);
}
