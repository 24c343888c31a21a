// DROP EXTENSION clinic refuses while clinic's tables hold rows, unless
// clinic.allow_drop_with_data is on.
#pragma once

namespace clinic {

// Registers clinic.allow_drop_with_data (called from _PG_init).
void define_drop_guard_setting();

}  // namespace clinic
