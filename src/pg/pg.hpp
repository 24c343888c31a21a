// PostgreSQL's headers, included the way C++ code in a backend must include them.
//
// Include this first in every translation unit that talks to PostgreSQL, before any C++
// standard header: port.h redefines snprintf and friends, c.h defines Max/Min/Abs.
#pragma once

// PG15 leaves PGDLLEXPORT empty on ELF; we build with -fvisibility=hidden, so the entry points
// PostgreSQL looks up with dlsym() must be made visible explicitly. PG16+ define it the same way.
#ifndef PGDLLEXPORT
#define PGDLLEXPORT __attribute__((visibility("default")))
#endif

extern "C" {
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/memutils.h"
}
