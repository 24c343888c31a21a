// SPI from C++: a connection whose lifetime is a C++ scope, and guarded queries.
#pragma once

#include "pg/boundary.hpp"

#include <exception>
#include <optional>
#include <string>

extern "C" {
#include "executor/spi.h"
}

namespace clinic::spi {

class Connection {
 public:
  Connection() {
    pg_guard([] {
      if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    });
  }
  // While an error unwinds, the transaction abort that follows pops the connection
  // (AtEOXact_SPI); finishing it here would free executor state that abort still cleans up.
  // This relies on every exception reaching at_boundary, which always raises: C++ code must
  // never catch and handle an exception thrown while a Connection is alive.
  ~Connection() {
    if (std::uncaught_exceptions() == 0) SPI_finish();
  }
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;
};

// Runs a query (no parameters) and returns column 1 of row 1 as text, or nullopt for no row or
// NULL. The caller holds a Connection.
inline std::optional<std::string> query_text(const char *sql, bool read_only = true) {
  char *value = pg_guard([sql, read_only]() -> char * {
    if (SPI_execute(sql, read_only, 1) < 0) elog(ERROR, "SPI_execute failed: %s", sql);
    if (SPI_processed == 0) return nullptr;
    return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
  });
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

// Runs one statement (no parameters, read-write) and returns the rows it processed. The caller
// holds a Connection.
inline uint64 execute(const std::string &sql) {
  return pg_guard([&sql]() -> uint64 {
    if (SPI_execute(sql.c_str(), false, 0) < 0) elog(ERROR, "SPI_execute failed: %s", sql.c_str());
    return SPI_processed;
  });
}

}  // namespace clinic::spi
