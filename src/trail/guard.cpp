// What keeps the trail on: the event trigger that refuses commands leaving it off or altered, and
// the append-only trigger of its tables.
#include "pg/pg.hpp"

#include "trail/log.hpp"
#include "pg/boundary.hpp"
#include "pg/citus.hpp"
#include "pg/role.hpp"
#include "pg/compat.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "commands/event_trigger.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

#include <cstring>

namespace clinic::trail {

// ---------------------------------------------------------------------------------------------
// The guard against disabling or dropping the triggers

bool protected_trigger(const char *name) {
  return name != nullptr &&
         (strcmp(name, "audit_trail") == 0 || strcmp(name, "audit_trail_truncate") == 0 ||
          strcmp(name, "append_only") == 0 || strcmp(name, "append_only_truncate") == 0);
}

bool in_clinic_schema(RangeVar *rv) {
  const Oid relid = RangeVarGetRelid(rv, NoLock, true);
  if (relid == InvalidOid) return false;
  const Oid nsp = get_namespace_oid("clinic", true);
  return nsp != InvalidOid && get_rel_namespace(relid) == nsp;
}

void refuse(const char *what, const char *table) {
  ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                  errmsg("cannot %s on clinic.%s: the PHI audit trail must stay on", what, table),
                  errhint("The audit_trail and append_only triggers are ENABLE ALWAYS; for a "
                          "restore, SET clinic.audit_trail = off instead.")));
}

void audit_trail_guard(Node *parsetree) {
  if (IsA(parsetree, AlterTableStmt)) {
    auto *stmt = reinterpret_cast<AlterTableStmt *>(parsetree);
    if (stmt->relation == nullptr || !in_clinic_schema(stmt->relation)) return;
    ListCell *lc;
    foreach (lc, stmt->cmds) {
      auto *cmd = static_cast<AlterTableCmd *>(lfirst(lc));
      switch (cmd->subtype) {
        case AT_EnableTrig:
        case AT_EnableReplicaTrig:
        case AT_DisableTrig:
          if (protected_trigger(cmd->name)) refuse("change trigger", stmt->relation->relname);
          break;
        case AT_EnableTrigAll:
        case AT_EnableTrigUser:
        case AT_DisableTrigAll:
        case AT_DisableTrigUser:
          refuse("change all triggers", stmt->relation->relname);
          break;
        default:
          break;
      }
    }
    return;
  }
  if (IsA(parsetree, DropStmt)) {
    auto *stmt = reinterpret_cast<DropStmt *>(parsetree);
    if (stmt->removeType != OBJECT_TRIGGER) return;
    ListCell *lc;
    foreach (lc, stmt->objects) {
      List *names = static_cast<List *>(lfirst(lc));
      if (list_length(names) < 2) continue;
      const char *trigger = strVal(llast(names));
      if (!protected_trigger(trigger)) continue;
      RangeVar *rv =
          makeRangeVarFromNameList(list_truncate(list_copy(names), list_length(names) - 1));
      if (in_clinic_schema(rv)) refuse("drop trigger", rv->relname);
    }
  }
}

// The first problem clinic._audit_trail_problems() reports, as "clinic.table: problem" (or the
// problem alone), limited to `tables` (an SQL list of quoted names) if given; NULL if none. The
// caller is connected to SPI; `latest` reads the catalog as the current command left it (a new
// snapshot), not as the caller's snapshot saw it.
const char *first_trail_problem(const char *tables, bool latest) {
  const char *sql = psprintf(
      "SELECT coalesce('clinic.' || table_name || ': ', '') || problem "
      "FROM clinic._audit_trail_problems() %s%s%s LIMIT 1",
      tables ? "WHERE table_name IN (" : "", tables ? tables : "", tables ? ")" : "");
  if (SPI_execute(sql, !latest, 1) != SPI_OK_SELECT) elog(ERROR, "SPI_execute failed: %s", sql);
  if (SPI_processed == 0) return nullptr;
  return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

// After a command that could have touched the trail: refuse it (42501) if it left any problem.
// The check runs as the guard function's owner (a superuser): the command's author need not be
// allowed to read clinic's catalog helpers, only to leave the trail as it was.
void audit_trail_state_guard(Oid guard_function) {
  HeapTuple proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(guard_function));
  if (!HeapTupleIsValid(proc)) elog(ERROR, "cache lookup failed for function %u", guard_function);
  const Oid owner = reinterpret_cast<Form_pg_proc>(GETSTRUCT(proc))->proowner;
  ReleaseSysCache(proc);
  const char *problem = nullptr;
  clinic::pg::as_role(owner, [&problem]() noexcept {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    problem = first_trail_problem(nullptr, true);
    if (problem != nullptr) problem = pstrdup(problem);  // SPI's memory goes at SPI_finish
    SPI_finish();
  });
  if (problem != nullptr)
    ereport(ERROR,
            (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
             errmsg("the PHI audit trail must stay on: %s", problem),
             errdetail("The command would leave the trail's triggers or tables in that state."),
             errhint("The audit_trail and append_only triggers stay ENABLE ALWAYS whatever their "
                     "name, and only clinic's own triggers may be on the trail's tables; for a "
                     "restore, SET clinic.audit_trail = off instead.")));
}

}  // namespace clinic::trail

using namespace clinic::trail;

CLINIC_FUNCTION(clinic_audit_trail_guard) {
  if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
    throw clinic::Error(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED,
                        "clinic.audit_trail_guard() must be called as an event trigger");
  const auto *data = reinterpret_cast<EventTriggerData *>(fcinfo->context);
  if (strcmp(data->event, "ddl_command_end") == 0) {
    const Oid self = fcinfo->flinfo->fn_oid;
    clinic::pg_guard([self] { audit_trail_state_guard(self); });
    return 0;
  }
  Node *parsetree = data->parsetree;
  if (parsetree != nullptr) clinic::pg_guard([parsetree] { audit_trail_guard(parsetree); });
  return 0;
}

// Refuses every UPDATE, DELETE and TRUNCATE of the trail, except the purge's own.
CLINIC_FUNCTION(clinic_audit_log_append_only) {
  if (!CALLED_AS_TRIGGER(fcinfo))
    throw clinic::Error(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                        "clinic.audit_log_append_only() must be called as a trigger");
  const auto *data = reinterpret_cast<TriggerData *>(fcinfo->context);
  const TriggerEvent ev = data->tg_event;
  if (maintenance_in_progress && TRIGGER_FIRED_FOR_ROW(ev))
    return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(ev) ? data->tg_newtuple : data->tg_trigtuple);
  // A Citus table's own rows are the invisible copy Citus left at distribution: the trail is in
  // its shards, which a TRUNCATE of this node's table does not reach.
  const Oid relid = RelationGetRelid(data->tg_relation);
  if (discarding_local_rows && TRIGGER_FIRED_BY_TRUNCATE(ev) &&
      clinic::pg_guard([relid] { return clinic::pg::citus_table(relid); }))
    return PointerGetDatum(nullptr);
  const char *op = TRIGGER_FIRED_BY_UPDATE(ev)   ? "UPDATE"
                   : TRIGGER_FIRED_BY_DELETE(ev) ? "DELETE"
                                                 : "TRUNCATE";
  throw clinic::Error(ERRCODE_INSUFFICIENT_PRIVILEGE,
                      std::string(op) + " of clinic." + RelationGetRelationName(data->tg_relation) +
                          " is not allowed: the audit trail is append-only",
                      "No role may change or remove audit rows, the table owner included.",
                      "Retention: SELECT clinic.audit_log_purge(interval), which records itself.");
}
