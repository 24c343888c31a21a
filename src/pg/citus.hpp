// Citus's metadata read without linking to Citus (doc/citus-trail-design.md, section 1): which
// relations are shards, which shard of another table is co-located with one, and where shards
// are placed. Plain PostgreSQL calls (they may ereport): call them inside pg_guard.
#pragma once

#include "pg/pg.hpp"

namespace clinic::pg {

// Whether Citus's catalog is in this database (its extension created here).
bool citus_present();

// A shard of a distributed table, as Citus's RelationIsAKnownShard decides: named
// <table>_<shardid> (the id in decimal, as Citus writes it), that shard id in pg_dist_shard, of
// a table of the same schema and that name. Returns the shard id (*logical: the distributed table),
// or 0 for any other relation and where Citus is not installed.
int64 citus_shard_of(Oid relid, Oid *logical);
// Whether `table` is a Citus table of any kind (its rows then live in shards, not in it).
bool citus_table(Oid table);
// Whether `table` is distributed by hash (not a reference or Citus-local table).
bool citus_hash_distributed(Oid table);
// The shard of `table` co-located with `shard`: both tables hash-distributed in one co-location
// group, the same hash range (a shard move moves them together). 0 when there is none.
int64 citus_colocated_shard(int64 shard, Oid table);
// Whether `table` is a reference table, or hash-distributed in the co-location group of `with`.
bool citus_colocated_or_reference(Oid table, Oid with);
// How many shards `table` has.
int64 citus_shard_count(Oid table);
// The lowest shard id of `table`, 0 when it has none.
int64 citus_first_shard(Oid table);
// The only shard of `table` when it is a reference table (on every node), else 0.
int64 citus_reference_shard(Oid table);
// Whether this backend is the apply worker of a Citus shard move or split (its subscription and
// the subscription's owner named as Citus names them).
bool citus_shard_transfer_worker();
// Whether rel is named as a shard of a Citus table is: <table>_<digits>, <table> a Citus table
// of the same schema (the shard id may already be gone from pg_dist_shard: a split removes the
// source shards' rows before Citus drops them).
bool citus_shard_name(Oid relid);
// The current role's name when it cannot log in, else NULL: Citus opens the connections of
// kCitusShardRuns to the workers as the current role, so one without LOGIN (SET ROLE to
// clinic_auditor) fails on every shard.
const char *citus_role_without_login();
// run_command_on_shards() in at most citus.max_adaptive_executor_pool_size connections a node
// (it opens one a shard, each a new backend: sixteen of a node's parts at once on its cores cost
// more CPU than one after another, and shards beyond max_connections fail). The shards of a node
// are dealt round to that many commands, each running its shards' commands one after another.
// A FROM item over $1 (the table, regclass) and $2 (a shard's command: format() with %L for the
// shard's name; it answers one JSON value), a row a shard run at its first placement: shardid
// bigint, success boolean, result jsonb (the shard's answer when success), message text (its
// command's error otherwise), shards text (the shards run in that command, for the message:
// "shard 102039" or "shards 102039, 102041"). A command's shards share its transaction: its
// snapshot, its locks until the last ends, a worker's statement_timeout. Needs SPI connected.
extern const char kCitusShardRuns[];
// The name of the column `table` is distributed by, or NULL (palloc'd).
char *citus_distribution_column(Oid table);
// Whether `shard` has a placement on this node: a shard left behind by a move has none (Citus
// drops it later; its rows live on at the new placement).
bool citus_placement_here(int64 shard);

// Installs the emit_log_hook that gives errors raised on a shard of a clinic table the logical
// table's and constraint's names (called from _PG_init: on the nodes of a cluster where clinic is
// in shared_preload_libraries every backend has it, elsewhere those that loaded clinic).
void install_logical_error_names();

}  // namespace clinic::pg
