// Included last by every source file under src/core/: that code runs without a server (the unit
// tests and fuzzers link it alone) and must never reach a PostgreSQL call that can longjmp, so
// no server header may be included there. The CMake build compiles it without the server's
// include directory; this catches the PGXS build, which has it.
#pragma once

#if defined(POSTGRES_H) || defined(PG_VERSION_NUM) || defined(FMGR_H)
#error "src/core/ is PostgreSQL-free: a PostgreSQL server header was included"
#endif
