// clinic.generate_demo(patients, seed): deterministic synthetic charts at COPY speed.
//
// The rows come from src/core/schema/demo.cpp as COPY text and go through PostgreSQL's own
// COPY FROM machinery (BeginCopyFrom with a data-source callback, CopyFrom), the path logical
// replication's table sync uses: triggers, constraints, foreign keys and batched inserts are
// exactly those of a plain COPY. Patients are loaded in chunks so the foreign-key checks that
// COPY queues per row stay bounded in memory.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/citus.hpp"
#include "pg/datum.hpp"
#include "core/schema/demo.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/copy.h"
#include "nodes/makefuncs.h"
#include "parser/parse_relation.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "tcop/utility.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/tuplestore.h"
}

namespace {

constexpr int64_t kMaxPatients = 10000000;
constexpr int64_t kChunkPatients = 20000;

// COPY's data-source callback takes no user pointer, so the text being fed is file state,
// set for the duration of one CopyFrom by a FeedScope.
struct Feed {
  const std::string *data;
  size_t offset;
};
Feed *current_feed = nullptr;

// Sets the feed for one CopyFrom and restores the previous one: a trigger on a clinic table may
// call generate_demo again while an outer COPY is between reads.
struct FeedScope {
  explicit FeedScope(Feed *f) : previous_(current_feed) { current_feed = f; }
  ~FeedScope() { current_feed = previous_; }
  FeedScope(const FeedScope &) = delete;
  FeedScope &operator=(const FeedScope &) = delete;

 private:
  Feed *previous_;
};

// Called by PostgreSQL inside CopyFrom: plain C, no C++ objects, cannot throw. Between it and
// the guard's PG_TRY there are only C frames, so an ERROR here is safe.
extern "C" int feed_copy(void *outbuf, int minread, int maxread) {
  Feed *f = current_feed;
  if (f == nullptr) elog(ERROR, "clinic: COPY data requested with no feed");
  const size_t left = f->data->size() - f->offset;
  const size_t n = std::min(left, static_cast<size_t>(maxread));
  std::memcpy(outbuf, f->data->data() + f->offset, n);
  f->offset += n;
  return static_cast<int>(n);
}

Oid clinic_table(const char *name) {
  return clinic::pg_guard([name] {
    const Oid nsp = get_namespace_oid("clinic", false);
    const Oid relid = get_relname_relid(name, nsp);
    if (!OidIsValid(relid))
      ereport(ERROR,
              (errcode(ERRCODE_UNDEFINED_TABLE), errmsg("table clinic.%s does not exist", name)));
    // COPY's own permission check happens in DoCopy, which this path skips: check here.
    const AclResult acl = pg_class_aclcheck(relid, GetUserId(), ACL_INSERT);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, name);
    return relid;
  });
}

// Loads COPY text rows into a table through COPY FROM; returns rows loaded.
uint64 copy_rows(clinic::demo::Table table, const std::string &data) {
  const Oid relid = clinic_table(clinic::demo::table_name(table));
  const std::vector<const char *> &columns = clinic::demo::table_columns(table);
  const char *const *names = columns.data();
  const int ncolumns = static_cast<int>(columns.size());
  Feed feed{&data, 0};
  FeedScope scope(&feed);
  return clinic::pg_guard([relid, names, ncolumns]() -> uint64 {
    // What DoCopy checks before a COPY FROM, and this path would otherwise skip.
    PreventCommandIfReadOnly("clinic.generate_demo");
    if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
      ereport(
          ERROR,
          (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
           errmsg(
               "clinic.generate_demo cannot load into table \"%s\": row-level security is enabled",
               get_rel_name(relid)),
           errhint("Disable row-level security on the table while loading demo data, or load as a "
                   "role with BYPASSRLS.")));
    Relation rel = table_open(relid, RowExclusiveLock);
    List *attnames = NIL;
    for (int i = 0; i < ncolumns; ++i) attnames = lappend(attnames, makeString(pstrdup(names[i])));
    ParseState *pstate = make_parsestate(nullptr);
    addRangeTableEntryForRelation(pstate, rel, RowExclusiveLock, nullptr, false, false);
    CopyFromState cstate =
        BeginCopyFrom(pstate, rel, nullptr, nullptr, false, feed_copy, attnames, NIL);
    const uint64 n = CopyFrom(cstate);
    EndCopyFrom(cstate);
    free_parsestate(pstate);
    table_close(rel, NoLock);
    CommandCounterIncrement();  // children's foreign-key checks must see these rows
    return n;
  });
}

}  // namespace

CLINIC_FUNCTION(clinic_generate_demo) {
  const int64_t patients = PG_GETARG_INT32(0);
  const int64_t seed = PG_GETARG_INT32(1);
  if (patients < 1 || patients > kMaxPatients)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE, "patients must be between 1 and " +
                                                             std::to_string(kMaxPatients) +
                                                             ", not " + std::to_string(patients));

  // COPY FROM here fills this node's own heap, which a Citus table does not read from (its rows
  // are in its shards): refused rather than loaded where no query sees the rows.
  const bool distributed = clinic::pg_guard([] {
    const Oid table = get_relname_relid("patients", get_namespace_oid("clinic", false));
    return OidIsValid(table) && clinic::pg::citus_table(table);
  });
  if (distributed)
    throw clinic::Error(ERRCODE_FEATURE_NOT_SUPPORTED,
                        "clinic.generate_demo() loads a node's own tables, and clinic.patients is "
                        "a Citus table",
                        {},
                        "Generate the rows before clinic.distribute(), which copies them into the "
                        "shards (doc/citus.md).");

  // The result set first: if the caller cannot take one, fail before loading anything.
  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);

  using clinic::demo::Table;
  clinic::demo::Generator generator({patients, seed});
  uint64 loaded[static_cast<int>(Table::prescriptions) + 1] = {};
  std::string text;

  generator.write_providers(text);
  loaded[static_cast<int>(Table::providers)] = copy_rows(Table::providers, text);

  for (int64_t first = 0; first < patients; first += kChunkPatients) {
    generator.build_chunk(first, std::min(kChunkPatients, patients - first));
    for (Table t : clinic::demo::kChartTables) {
      text.clear();
      generator.write_rows(t, text);
      loaded[static_cast<int>(t)] += copy_rows(t, text);
    }
    clinic::check_for_interrupts();
  }

  // One row per table, in load order.
  for (int t = 0; t <= static_cast<int>(Table::prescriptions); ++t) {
    const char *name = clinic::demo::table_name(static_cast<Table>(t));
    const uint64 n = loaded[t];
    clinic::pg_guard([rsinfo, name, n] {
      Datum values[2] = {CStringGetTextDatum(name), Int64GetDatum(static_cast<int64>(n))};
      bool nulls[2] = {false, false};
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    });
  }
  return static_cast<Datum>(0);
}
