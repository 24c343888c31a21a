// The module's identity: the magic block PostgreSQL checks on load, and the library version.
#include "pg/pg.hpp"

#include "schema/actor.hpp"
#include "trail/trail.hpp"
#include "pg/boundary.hpp"
#include "pg/citus.hpp"
#include "pg/datum.hpp"
#include "schema/drop_guard.hpp"

extern "C" {
#include "utils/guc.h"
}

extern "C" {
PG_MODULE_MAGIC;

// Registers the settings. Runs once per backend when the library is loaded; no C++ object is
// alive here, so the PostgreSQL calls need no guard.
PGDLLEXPORT void _PG_init(void) {
  clinic::define_actor_setting();
  clinic::define_drop_guard_setting();
  clinic::define_audit_trail_settings();
  MarkGUCPrefixReserved("clinic");
  clinic::pg::install_logical_error_names();
}
}

// clinic.version(): the version this shared library was built as. The install script's own
// version is pg_extension.extversion; clinic.version_check() compares the two.
CLINIC_FUNCTION(clinic_version) {
  (void)fcinfo;
  return clinic::text_datum(CLINIC_VERSION);
}
