// clinic._in_transaction_block(): PostgreSQL's IsTransactionBlock(). Citus sends a SET LOCAL to
// the workers when it is true (among other cases), and clinic.distribute() needs its SET LOCAL
// of clinic.audit_trail on the workers while Citus copies rows into shards.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"

extern "C" {
#include "access/xact.h"
}

CLINIC_FUNCTION(clinic_in_transaction_block) {
  PG_RETURN_BOOL(IsTransactionBlock());
}
