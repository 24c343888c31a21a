// The tamper-evident audit trail of PHI (src/trail/, doc/audit-trail.md): what the rest of the
// module calls.
#pragma once

namespace clinic {

// Registers clinic.audit_trail and clinic.audit_log_min_retention_days, and the relcache
// callback that drops cached table layouts (called from _PG_init).
void define_audit_trail_settings();

}  // namespace clinic
