// clinic.generate_demo(patients, seed): deterministic synthetic charts at COPY speed.
//
// The rows come from src/core/schema/demo.cpp as COPY text and go through PostgreSQL's own
// COPY FROM machinery (BeginCopyFrom with a data-source callback, CopyFrom), the path logical
// replication's table sync uses: triggers, constraints, foreign keys and batched inserts are
// exactly those of a plain COPY. Patients are loaded in chunks so the foreign-key checks that
// COPY queues per row stay bounded in memory.
//
// A Citus table's rows are in its shards, which this COPY cannot reach: for such a table the
// rows are copied into a temporary table of its shape and moved with INSERT ... SELECT, which
// Citus routes to the shards, after the claims they need (doc/citus.md).
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/citus.hpp"
#include "pg/datum.hpp"
#include "pg/spi.hpp"
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
#include "parser/parse_func.h"
#include "parser/parse_relation.h"
#include "lib/stringinfo.h"
#include "utils/acl.h"
#include "utils/builtins.h"
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

// The clinic table a generated table's rows go to, after the checks DoCopy makes before a
// COPY FROM and this path would otherwise skip.
Oid clinic_table(const char *name) {
  return clinic::pg_guard([name] {
    PreventCommandIfReadOnly("clinic.generate_demo");
    const Oid nsp = get_namespace_oid("clinic", false);
    const Oid relid = get_relname_relid(name, nsp);
    if (!OidIsValid(relid))
      ereport(ERROR,
              (errcode(ERRCODE_UNDEFINED_TABLE), errmsg("table clinic.%s does not exist", name)));
    const AclResult acl = pg_class_aclcheck(relid, GetUserId(), ACL_INSERT);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, name);
    if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
      ereport(
          ERROR,
          (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
           errmsg(
               "clinic.generate_demo cannot load into table \"%s\": row-level security is enabled",
               name),
           errhint("Disable row-level security on the table while loading demo data, or load as a "
                   "role with BYPASSRLS.")));
    return relid;
  });
}

// Loads COPY text rows into a table through COPY FROM; returns rows loaded.
uint64 copy_rows(Oid relid, const std::vector<const char *> &columns, const std::string &data) {
  const char *const *names = columns.data();
  const int ncolumns = static_cast<int>(columns.size());
  Feed feed{&data, 0};
  FeedScope scope(&feed);
  return clinic::pg_guard([relid, names, ncolumns]() -> uint64 {
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

using clinic::spi::execute;

// clinic._claims_statement(claimant, source, false): the INSERT that claims what the live rows of
// `source` hold, the one distribute() runs over clinic's table. Called directly: the function is
// the extension's own and granted to no role, and generate_demo()'s callers need not hold it.
char *claims_statement(const char *claimant, const char *source) {
  Oid types[3] = {TEXTOID, TEXTOID, BOOLOID};
  const Oid fn = LookupFuncName(
      list_make2(makeString(pstrdup("clinic")), makeString(pstrdup("_claims_statement"))), 3, types,
      false);
  const Datum statement = OidFunctionCall3(fn, CStringGetTextDatum(claimant),
                                           CStringGetTextDatum(source), BoolGetDatum(false));
  return TextDatumGetCString(statement);
}

// Where one table's generated rows go. A Citus table's go through a temporary table of its
// shape (generated columns included, NOT NULL dropped: the clinic table's triggers and defaults
// fill what the generator leaves out), then INSERT ... SELECT through Citus, after the claims
// that its live rows' foreign keys need (the claims clinic._distribution_ddl() gives the rows
// that are there when distribute() runs).
// The temporary tables are named by call depth: a trigger on a clinic table may call
// generate_demo again while an outer call's tables exist.
int depth = 0;
struct DepthScope {
  DepthScope() { ++depth; }
  ~DepthScope() { --depth; }
  DepthScope(const DepthScope &) = delete;
  DepthScope &operator=(const DepthScope &) = delete;
};

class Target {
 public:
  explicit Target(clinic::demo::Table table) : table_(table) {
    const char *name = clinic::demo::table_name(table);
    relid_ = clinic_table(name);
    if (!clinic::pg_guard([this] { return clinic::pg::citus_table(relid_); })) return;
    const std::string staging_name =
        "clinic_demo" + (depth > 1 ? std::to_string(depth) : std::string()) + "_" + name;
    staging_ = "pg_temp." + staging_name;
    execute("CREATE TEMPORARY TABLE " + staging_ + " (LIKE clinic." + name +
            " INCLUDING GENERATED) ON COMMIT DROP");
    const char *relname = staging_name.c_str();
    const std::string drop_not_null = clinic::pg_guard([this, relname]() -> char * {
      staging_oid_ =
          RangeVarGetRelid(makeRangeVar(pstrdup("pg_temp"), pstrdup(relname), -1), NoLock, false);
      Relation rel = table_open(staging_oid_, AccessShareLock);
      StringInfoData sql;
      initStringInfo(&sql);
      const TupleDesc desc = RelationGetDescr(rel);
      for (int i = 0; i < desc->natts; ++i) {
        const Form_pg_attribute a = TupleDescAttr(desc, i);
        if (a->attisdropped || !a->attnotnull) continue;
        appendStringInfo(&sql, "%s ALTER COLUMN %s DROP NOT NULL", sql.len > 0 ? "," : "",
                         quote_identifier(NameStr(a->attname)));
      }
      table_close(rel, AccessShareLock);
      return sql.data;
    });
    if (!drop_not_null.empty()) execute("ALTER TABLE " + staging_ + drop_not_null);
    std::string columns;
    for (const char *c : clinic::demo::table_columns(table)) {
      if (!columns.empty()) columns += ", ";
      columns += c;
    }
    insert_ = std::string("INSERT INTO clinic.") + name + " (" + columns + ") SELECT " + columns +
              " FROM " + staging_;
    const bool claimed = clinic::pg_guard([this, table] {
      return get_attnum(relid_,
                        table == clinic::demo::Table::patients ? "live_mrn" : "booked_during") !=
             InvalidAttrNumber;
    });
    if (claimed)
      claims_ = clinic::pg_guard([this, name] { return claims_statement(name, staging_.c_str()); });
  }

  // Loads COPY text rows; returns rows loaded.
  uint64 load(const std::string &data) const {
    const std::vector<const char *> &columns = clinic::demo::table_columns(table_);
    if (staging_.empty()) return copy_rows(relid_, columns, data);
    copy_rows(staging_oid_, columns, data);
    if (!claims_.empty()) execute(claims_);
    const uint64 n = execute(insert_);
    execute("TRUNCATE " + staging_);
    return n;
  }

  // Drops the temporary table, so that a second call in the transaction can make its own.
  void finish() const {
    if (!staging_.empty()) execute("DROP TABLE " + staging_);
  }

 private:
  clinic::demo::Table table_;
  Oid relid_ = InvalidOid;
  std::string staging_;  // empty: COPY straight into the table
  Oid staging_oid_ = InvalidOid;
  std::string insert_;
  std::string claims_;
};

}  // namespace

CLINIC_FUNCTION(clinic_generate_demo) {
  const int64_t patients = PG_GETARG_INT32(0);
  const int64_t seed = PG_GETARG_INT32(1);
  if (patients < 1 || patients > kMaxPatients)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE, "patients must be between 1 and " +
                                                             std::to_string(kMaxPatients) +
                                                             ", not " + std::to_string(patients));

  // The result set first: if the caller cannot take one, fail before loading anything.
  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);

  using clinic::demo::Table;
  clinic::demo::Generator generator({patients, seed});
  uint64 loaded[static_cast<int>(Table::prescriptions) + 1] = {};
  {
    DepthScope nested;
    clinic::spi::Connection spi;
    std::vector<Target> targets;
    for (int t = 0; t <= static_cast<int>(Table::prescriptions); ++t)
      targets.emplace_back(static_cast<Table>(t));
    std::string text;

    generator.write_providers(text);
    loaded[static_cast<int>(Table::providers)] =
        targets[static_cast<int>(Table::providers)].load(text);

    for (int64_t first = 0; first < patients; first += kChunkPatients) {
      generator.build_chunk(first, std::min(kChunkPatients, patients - first));
      for (Table t : clinic::demo::kChartTables) {
        text.clear();
        generator.write_rows(t, text);
        loaded[static_cast<int>(t)] += targets[static_cast<int>(t)].load(text);
      }
      clinic::check_for_interrupts();
    }
    for (const Target &target : targets) target.finish();
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
