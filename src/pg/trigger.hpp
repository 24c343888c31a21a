// What a C++ row trigger needs from TriggerData, validated once.
#pragma once

#include "pg/boundary.hpp"

extern "C" {
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace clinic {

struct BeforeRowTrigger {
  TriggerData *data;
  bool is_insert;     // else update
  HeapTuple old_row;  // NULL on insert
  HeapTuple new_row;  // the row about to be written
  TupleDesc desc;
  const char *schema;  // palloc'd
  const char *table;

  // Column number by name, or 0 if the table has no such (live) column.
  int column(const char *name) const {
    const int n = SPI_fnumber(desc, name);
    return n > 0 ? n : 0;
  }
  Datum new_value(int attnum, bool *isnull) const {
    return heap_getattr(new_row, attnum, desc, isnull);
  }
  Datum old_value(int attnum, bool *isnull) const {
    return heap_getattr(old_row, attnum, desc, isnull);
  }
  Error constraint_error(const std::string &constraint, const std::string &message,
                         std::string detail = {}, std::string hint = {}) const {
    Error e(ERRCODE_CHECK_VIOLATION, message, std::move(detail), std::move(hint));
    e.on_constraint(schema, table, constraint);
    return e;
  }
};

// Validates that fcinfo is a BEFORE ... FOR EACH ROW trigger on INSERT or UPDATE.
inline BeforeRowTrigger before_row_trigger(FunctionCallInfo fcinfo, const char *function_name) {
  if (!CALLED_AS_TRIGGER(fcinfo))
    throw Error(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                std::string(function_name) + " must be called as a trigger");
  auto *data = reinterpret_cast<TriggerData *>(fcinfo->context);
  const TriggerEvent ev = data->tg_event;
  if (!TRIGGER_FIRED_BEFORE(ev) || !TRIGGER_FIRED_FOR_ROW(ev) ||
      !(TRIGGER_FIRED_BY_INSERT(ev) || TRIGGER_FIRED_BY_UPDATE(ev)))
    throw Error(
        ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
        std::string(function_name) + " must be a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger");
  BeforeRowTrigger t{};
  t.data = data;
  t.is_insert = TRIGGER_FIRED_BY_INSERT(ev);
  t.old_row = t.is_insert ? nullptr : data->tg_trigtuple;
  t.new_row = t.is_insert ? data->tg_trigtuple : data->tg_newtuple;
  t.desc = RelationGetDescr(data->tg_relation);
  t.table = RelationGetRelationName(data->tg_relation);
  const Oid nsp = RelationGetNamespace(data->tg_relation);
  t.schema = pg_guard([nsp] { return get_namespace_name(nsp); });
  return t;
}

}  // namespace clinic
