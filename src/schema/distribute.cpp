// clinic.distribute()'s helpers in C++ (the function itself is PL/pgSQL,
// src/sql/48_distribution.sql).
//
// clinic._in_transaction_block(): PostgreSQL's IsTransactionBlock(). Citus sends a SET LOCAL to
// the workers when it is true (among other cases), and clinic.distribute() needs its SET LOCAL
// of clinic.audit_trail on the workers while Citus copies rows into shards.
//
// clinic._discard_local_rows(table): Citus's truncate_local_data_after_distributing_table() with
// the trail's TRUNCATE triggers standing aside for Citus tables (trail/log.hpp).
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/citus.hpp"
#include "trail/log.hpp"

extern "C" {
#include "access/xact.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
}

CLINIC_FUNCTION(clinic_in_transaction_block) {
  PG_RETURN_BOOL(IsTransactionBlock());
}

CLINIC_FUNCTION(clinic_discard_local_rows) {
  const Oid table = PG_GETARG_OID(0);
  if (!clinic::pg_guard([] { return superuser(); }))
    throw clinic::Error(ERRCODE_INSUFFICIENT_PRIVILEGE,
                        "clinic._discard_local_rows() is a superuser's: clinic.distribute() "
                        "calls it");
  if (!clinic::pg_guard([table] { return clinic::pg::citus_table(table); }))
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "clinic._discard_local_rows() discards only a Citus table's own rows",
                        "The rows of a table Citus does not know are its rows.");
  clinic::pg_guard([table] {
    Oid types[1] = {REGCLASSOID};
    Datum args[1] = {ObjectIdGetDatum(table)};
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    // The TRUNCATE cascades along the foreign keys with a NOTICE per table: not news here.
    const int nest = NewGUCNestLevel();
    (void)set_config_option("client_min_messages", "warning", PGC_USERSET, PGC_S_SESSION,
                            GUC_ACTION_SAVE, true, 0, false);
    clinic::trail::discarding_local_rows = true;
    PG_TRY();
    {
      if (SPI_execute_with_args(
              "SELECT pg_catalog.truncate_local_data_after_distributing_table($1)", 1, types, args,
              nullptr, false, 1) != SPI_OK_SELECT)
        elog(ERROR, "truncate_local_data_after_distributing_table failed");
    }
    PG_FINALLY();
    { clinic::trail::discarding_local_rows = false; }
    PG_END_TRY();
    AtEOXact_GUC(false, nest);  // both settings back, Citus's ddl propagation too
    SPI_finish();
  });
  PG_RETURN_VOID();
}
