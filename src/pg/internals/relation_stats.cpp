#include "pg/internals/relation_stats.hpp"

#include "pg/boundary.hpp"
#include "pg/compat.hpp"
#include "pg/datum.hpp"

#include <string>

extern "C" {
#include "miscadmin.h"
#include "utils/fmgrprotos.h"
#include "utils/pgstat_internal.h"
}

namespace clinic {

namespace {

// The public path: one lookup per relation, each reading a snapshot of the database's entries.
void read_one_by_one(const OidMap<size_t> &wanted, RelationStats *out) {
  wanted.for_each([out](Oid relid, size_t at) {
    const Datum oid = ObjectIdGetDatum(relid);
    out[at].numscans = DatumGetInt64(DirectFunctionCall1(pg_stat_get_numscans, oid));
    out[at].live_tuples = DatumGetInt64(DirectFunctionCall1(pg_stat_get_live_tuples, oid));
    out[at].dead_tuples = DatumGetInt64(DirectFunctionCall1(pg_stat_get_dead_tuples, oid));
  });
}

}  // namespace

void read_relation_stats(const OidMap<size_t> &wanted, RelationStats *out) {
  if (!pg::kInternalsChecked) return read_one_by_one(wanted, out);
  if (wanted.empty() || pgStatLocal.shared_hash == nullptr) return;
  dshash_seq_status scan;
  dshash_seq_init(&scan, pgStatLocal.shared_hash, false);
  for (void *found; (found = dshash_seq_next(&scan)) != nullptr;) {
    const auto *entry = static_cast<PgStatShared_HashEntry *>(found);
    if (entry->key.kind != PGSTAT_KIND_RELATION || entry->dropped ||
        (entry->key.dboid != MyDatabaseId && entry->key.dboid != InvalidOid))
      continue;
    const auto it = wanted.find(pg::stats_object_oid(entry->key));
    if (it == nullptr) continue;
    auto *shared =
        static_cast<PgStatShared_Relation *>(dsa_get_address(pgStatLocal.dsa, entry->body));
    RelationStats &s = out[it->second];
    LWLockAcquire(&shared->header.lock, LW_SHARED);
    s.numscans = shared->stats.numscans;
    s.live_tuples = pg::stats_live_tuples(shared->stats);
    s.dead_tuples = pg::stats_dead_tuples(shared->stats);
    LWLockRelease(&shared->header.lock);
  }
  dshash_seq_term(&scan);
}

}  // namespace clinic

// For test/sql/internals.sql only (the install script does not declare it): a relation's
// statistics as read from the shared hash, to compare with pg_stat_get_numscans() and friends.
CLINIC_FUNCTION(clinic_test_relation_stats) {
  const Oid relid = PG_GETARG_OID(0);
  clinic::OidMap<size_t> wanted;
  wanted.emplace(relid, 0);
  clinic::RelationStats stats;
  const auto *request = &wanted;
  auto *out = &stats;
  clinic::pg_guard([request, out] { clinic::read_relation_stats(*request, out); });
  const std::string text = std::to_string(stats.numscans) + " " +
                           std::to_string(stats.live_tuples) + " " +
                           std::to_string(stats.dead_tuples);
  return clinic::text_datum(text);
}
