// The module's identity: the magic block PostgreSQL checks on load, and the library version.
#include "pg.hpp"

#include "boundary.hpp"
#include "datum.hpp"

extern "C" {
PG_MODULE_MAGIC;
}

// clinic.version(): the version this shared library was built as. The install script's own
// version is pg_extension.extversion; clinic.version_check() compares the two.
CLINIC_FUNCTION(clinic_version) {
  (void)fcinfo;
  return clinic::text_datum(CLINIC_VERSION);
}
