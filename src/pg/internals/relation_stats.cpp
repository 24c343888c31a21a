#include "pg/internals/relation_stats.hpp"

#include "pg/compat.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/pgstat_internal.h"
}

namespace clinic {

void read_relation_stats(const OidMap<size_t> &wanted, RelationStats *out) {
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
