// clinic._boundary_selftest(kind): raises each kind of failure the boundary must handle, so the
// regression suite can prove that none of them crashes the backend or loses its SQLSTATE.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/datum.hpp"

#include <cstring>
#include <string>

namespace {

// Counts live instances, so a test can see that unwinding ran their destructors.
int live_tracked_objects = 0;

struct Tracked {
  std::string payload;
  Tracked() : payload(256, 'x') { ++live_tracked_objects; }
  ~Tracked() { --live_tracked_objects; }
  Tracked(const Tracked &) = delete;
  Tracked &operator=(const Tracked &) = delete;
};

// A PostgreSQL ERROR (invalid_text_representation, 22P02) raised from inside PostgreSQL.
Datum parse_int4(const char *text) {
  return clinic::pg_guard([text] { return DirectFunctionCall1(int4in, CStringGetDatum(text)); });
}

}  // namespace

CLINIC_FUNCTION(clinic_boundary_selftest) {
  const std::string kind = clinic::text_arg(fcinfo, 0);
  if (kind == "ok") return clinic::text_datum("ok");
  if (kind == "live_objects") return clinic::text_datum(std::to_string(live_tracked_objects));
  if (kind == "clinic_error")
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE, "self-test: a clinic::Error",
                        "raised in C++", "nothing to fix: this is a test");
  if (kind == "std_exception") throw std::runtime_error("self-test: a std::runtime_error");
  if (kind == "long_utf8") {  // 600 bytes: the 512-byte cut falls inside a 2-byte character
    std::string message;
    for (int i = 0; i < 300; ++i) message += "\u00e9";
    throw clinic::Error(ERRCODE_DATA_EXCEPTION, message);
  }
  if (kind == "bad_alloc") throw std::bad_alloc();
  if (kind == "unknown_exception") throw 42;
  if (kind == "pg_error") {
    Tracked alive;  // must be destroyed while the PostgreSQL error unwinds
    parse_int4("not a number");
  }
  if (kind == "pg_error_nested") {
    Tracked outer;
    auto inner = [] {
      Tracked inner_object;
      parse_int4("99999999999999999999");  // 22003 numeric_value_out_of_range
    };
    inner();
  }
  if (kind == "pg_error_caught_in_cpp") {
    // C++ may observe a PostgreSQL error on its way out, but must let it continue.
    Tracked alive;
    try {
      parse_int4("12x");
    } catch (const clinic::PgError &e) {
      if (e.edata()->sqlerrcode != ERRCODE_INVALID_TEXT_REPRESENTATION)
        throw clinic::Error(ERRCODE_INTERNAL_ERROR, "self-test: wrong SQLSTATE carried");
      throw;
    }
  }
  throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                      "unknown self-test kind " + clinic::quoted_input(kind), {},
                      "Use one of: ok, live_objects, clinic_error, std_exception, bad_alloc, "
                      "unknown_exception, pg_error, pg_error_nested, pg_error_caught_in_cpp.");
}
