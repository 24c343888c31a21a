// A numeric's value as a double without numeric_float8's detour through text: the validator
// compares every numeric it reads with its rules' limits.
#pragma once

#include "pg/pg.hpp"

namespace clinic {

// The double nearest to the numeric, as numeric_float8_no_overflow returns it (test/sql/
// internals.sql holds the two equal). Plain PostgreSQL calls: call it inside pg_guard.
double numeric_to_double(Datum numeric);

}  // namespace clinic
