// The cumulative statistics of many relations at once: one pass over the shared statistics hash,
// keeping the entries asked for. pg_stat_get_numscans() and friends look each relation up in a
// snapshot of every relation of the database, which dominates the audit of a large schema.
#pragma once

#include "pg/pg.hpp"

#include "pg/oid_map.hpp"

namespace clinic {

// What pg_stat_get_numscans, pg_stat_get_live_tuples and pg_stat_get_dead_tuples return: 0 for
// a relation without statistics.
struct RelationStats {
  int64 numscans = 0;
  int64 live_tuples = 0;
  int64 dead_tuples = 0;
};

// For each relation OID in `wanted`, its statistics into out[position]. Entries of this database
// and shared ones, as pgstat_fetch_stat_tabentry finds them; each read under its entry's lock,
// as pgstat_build_snapshot reads them. Plain PostgreSQL calls: call it inside pg_guard.
void read_relation_stats(const OidMap<size_t> &wanted, RelationStats *out);

}  // namespace clinic
