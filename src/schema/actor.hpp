// Who is acting: the clinic.actor setting when the application sets it, else the session user.
#pragma once

#include "pg/pg.hpp"

namespace clinic {

// Registers the clinic.actor setting (called from _PG_init).
void define_actor_setting();

// The clinic.actor setting, or nullptr when the application has not set it.
const char *actor_setting();

// The current actor as a text Datum in the current memory context. Guarded.
Datum current_actor_datum();

}  // namespace clinic
