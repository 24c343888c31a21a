// clinic.drop_guard(): an event trigger on ddl_command_start. It reads the DROP statement's
// parse tree (only a C event trigger can), so it knows the target before anything is dropped.
#include "pg.hpp"

#include "boundary.hpp"
#include "drop_guard.hpp"
#include "spi.hpp"

#include <string>

extern "C" {
#include "commands/event_trigger.h"
#include "nodes/parsenodes.h"
#include "utils/guc.h"
}

namespace {

bool allow_drop_with_data = false;

// Whether a DROP statement would remove clinic: DROP EXTENSION clinic, a CASCADE drop of an
// extension clinic requires, or DROP SCHEMA clinic CASCADE (the extension depends on its schema).
bool drops_clinic(const DropStmt *stmt) {
  if (stmt->removeType != OBJECT_EXTENSION && stmt->removeType != OBJECT_SCHEMA) return false;
  ListCell *lc;
  foreach (lc, stmt->objects) {
    const std::string name = strVal(lfirst(lc));
    if (stmt->removeType == OBJECT_SCHEMA) {
      if (stmt->behavior == DROP_CASCADE && name == "clinic") return true;
      continue;
    }
    if (name == "clinic") return true;
    if (stmt->behavior == DROP_CASCADE && (name == "pgcrypto" || name == "btree_gist")) return true;
  }
  return false;
}

}  // namespace

namespace clinic {

void define_drop_guard_setting() {
  DefineCustomBoolVariable(
      "clinic.allow_drop_with_data",
      "Lets DROP EXTENSION clinic remove tables that still hold rows.",
      "Off by default: dropping the extension drops every clinical table with it.",
      &allow_drop_with_data, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
}

}  // namespace clinic

CLINIC_FUNCTION(clinic_drop_guard) {
  if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
    throw clinic::Error(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED,
                        "clinic.drop_guard() must be called as an event trigger");
  const auto *event = reinterpret_cast<EventTriggerData *>(fcinfo->context);
  if (event->parsetree == nullptr || !IsA(event->parsetree, DropStmt)) return 0;
  if (!drops_clinic(reinterpret_cast<const DropStmt *>(event->parsetree))) return 0;
  if (allow_drop_with_data) return 0;

  clinic::spi::Connection spi;
  const auto tables = clinic::spi::query_text(
      "SELECT pg_catalog.string_agg(t.table_name, ', ' ORDER BY t.table_name) "
      "FROM clinic._tables_with_rows() t");
  if (!tables) return 0;
  throw clinic::Error(ERRCODE_OBJECT_IN_USE, "cannot drop extension clinic: its tables hold rows",
                      "Tables with rows: " + *tables + ".",
                      "Dump or delete the data first, or SET clinic.allow_drop_with_data = on "
                      "in this session to drop it with the extension.");
}
