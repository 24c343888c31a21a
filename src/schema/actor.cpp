#include "schema/actor.hpp"

#include "pg/boundary.hpp"

#include <cstring>

extern "C" {
#include "utils/guc.h"
}

namespace {

char *actor_value = nullptr;

constexpr size_t kMaxActorLength = 200;

// An actor name ends up in audit columns and the audit log: keep it short and printable.
bool check_actor(char **newval, void **extra, GucSource source) {
  if (*newval == nullptr) return true;
  const size_t len = std::strlen(*newval);
  if (len > kMaxActorLength) {
    GUC_check_errdetail("clinic.actor is limited to %zu bytes.", kMaxActorLength);
    return false;
  }
  for (size_t i = 0; i < len; ++i)
    if (static_cast<unsigned char>((*newval)[i]) < 0x20 || (*newval)[i] == 0x7f) {
      GUC_check_errdetail("clinic.actor may not contain control characters.");
      return false;
    }
  return true;
}

}  // namespace

namespace clinic {

void define_actor_setting() {
  DefineCustomStringVariable(
      "clinic.actor", "Who the application acts for, recorded in audit columns and the audit log.",
      "Empty means the session user. Applications that share one database role set this per "
      "transaction: SET LOCAL clinic.actor = 'dr.lee'.",
      &actor_value, "", PGC_USERSET, 0, check_actor, nullptr, nullptr);
}

const char *actor_setting() {
  return actor_value != nullptr && actor_value[0] != '\0' ? actor_value : nullptr;
}

Datum current_actor_datum() {
  return pg_guard([] {
    if (actor_value != nullptr && actor_value[0] != '\0') return CStringGetTextDatum(actor_value);
    return CStringGetTextDatum(GetUserNameFromId(GetSessionUserId(), false));
  });
}

}  // namespace clinic
