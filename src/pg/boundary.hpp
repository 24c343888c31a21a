// The one place where C++ and PostgreSQL error handling meet.
//
// Two rules (see doc/cpp-boundary.md):
//  1. No C++ exception may leave an extern "C" function: every SQL-callable function is
//     declared with CLINIC_FUNCTION, whose body runs inside at_boundary(). at_boundary catches,
//     copies the message into plain storage, leaves the catch block, and only then raises the
//     PostgreSQL ERROR.
//  2. No PostgreSQL ERROR (a longjmp) may skip the destructors of live C++ objects: a call into
//     PostgreSQL that can raise is made through pg_guard(), which turns the ERROR into a
//     clinic::PgError exception; C++ unwinding then runs the destructors, and at_boundary
//     re-raises the original error with its SQLSTATE intact.
#pragma once

#include "pg/pg.hpp"

#include <cstdio>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace clinic {

// An error raised by our C++ code, with the SQLSTATE the caller should see. A rule that acts
// like a constraint names it (and its table), so applications can tell rejections apart through
// PG_DIAG_CONSTRAINT_NAME as they do for CHECK constraints.
class Error : public std::runtime_error {
 public:
  Error(int sqlstate, const std::string &message, std::string detail = {}, std::string hint = {})
      : std::runtime_error(message),
        sqlstate_(sqlstate),
        detail_(std::move(detail)),
        hint_(std::move(hint)) {}
  Error &on_constraint(std::string schema, std::string table, std::string constraint) {
    schema_ = std::move(schema);
    table_ = std::move(table);
    constraint_ = std::move(constraint);
    return *this;
  }
  int sqlstate() const noexcept { return sqlstate_; }
  const std::string &detail() const noexcept { return detail_; }
  const std::string &hint() const noexcept { return hint_; }
  const std::string &schema() const noexcept { return schema_; }
  const std::string &table() const noexcept { return table_; }
  const std::string &constraint() const noexcept { return constraint_; }

 private:
  int sqlstate_;
  std::string detail_, hint_, schema_, table_, constraint_;
};

// A PostgreSQL ERROR caught by pg_guard(). It owns nothing C++ needs to free: the ErrorData is
// palloc'd in the memory context that was current when pg_guard() was called. It must reach
// at_boundary(), which re-raises it: swallowing it is only legal inside a subtransaction.
class PgError : public std::exception {
 public:
  explicit PgError(ErrorData *edata) noexcept : edata_(edata) {}
  ErrorData *edata() const noexcept { return edata_; }
  const char *what() const noexcept override {
    return edata_ && edata_->message ? edata_->message : "PostgreSQL error";
  }

 private:
  ErrorData *edata_;
};

namespace boundary_detail {

// Moves the current PostgreSQL error out of ErrorContext. The copy lives in the (sub)transaction's
// context, not the caller's: unwinding may run destructors that delete the caller's context, and
// the (sub)transaction ends only after ReThrowError has copied the error again, so nothing
// accumulates in a PL/pgSQL loop that catches these errors. (If CopyErrorData itself runs out of
// memory, that new ERROR skips the C++ frames between here and the boundary: their heap memory
// leaks for the life of the backend. Nothing better is possible inside PG_CATCH.)
inline ErrorData *take_error(MemoryContext caller_context) {
  MemoryContextSwitchTo(CurTransactionContext ? CurTransactionContext : caller_context);
  ErrorData *edata = CopyErrorData();
  FlushErrorState();
  MemoryContextSwitchTo(caller_context);
  return edata;
}

}  // namespace boundary_detail

// Runs fn, which calls PostgreSQL APIs that may ereport(ERROR), and converts such an ERROR into
// a PgError. fn itself must own no C++ objects with destructors (it is longjmp'd out of), and
// its result must be a scalar (a Datum, a pointer, a number).
template <typename Fn>
auto pg_guard(Fn &&fn) -> decltype(fn()) {
  using Result = decltype(fn());
  static_assert(std::is_void_v<Result> || std::is_scalar_v<Result>,
                "pg_guard returns only scalar values");
  MemoryContext volatile caller_context = CurrentMemoryContext;
  ErrorData *volatile edata = nullptr;
  if constexpr (std::is_void_v<Result>) {
    PG_TRY();
    { fn(); }
    PG_CATCH();
    { edata = boundary_detail::take_error(caller_context); }
    PG_END_TRY();
    if (edata != nullptr) throw PgError(edata);
  } else {
    Result volatile result{};
    PG_TRY();
    { result = fn(); }
    PG_CATCH();
    { edata = boundary_detail::take_error(caller_context); }
    PG_END_TRY();
    if (edata != nullptr) throw PgError(edata);
    return result;
  }
}

// Polls for query cancel and statement_timeout. Long loops call this; the resulting ERROR
// unwinds C++ frames properly.
inline void check_for_interrupts() {
  if (INTERRUPTS_PENDING_CONDITION()) pg_guard([] { ProcessInterrupts(); });
}

namespace boundary_detail {

// Fixed-size storage for an error message: filling it cannot fail or allocate. A message cut
// short is cut at a UTF-8 character boundary, so the log and clients get valid text.
struct ErrorText {
  char text[512];
  void set(const char *s) noexcept {
    const int n = std::snprintf(text, sizeof text, "%s", s ? s : "");
    if (n >= static_cast<int>(sizeof text) && GetDatabaseEncoding() == PG_UTF8) {
      // Cut where the first byte left out starts a character: if it continues one, back up to
      // that character's first byte (the text's own byte there is the NUL snprintf wrote).
      size_t end = sizeof text - 1;
      while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
      text[end] = '\0';
    }
  }
};

}  // namespace boundary_detail

// Runs the body of an SQL-callable function. Nothing thrown by body escapes: a PgError is
// re-raised as the original PostgreSQL error, a clinic::Error with its own SQLSTATE, anything
// else as an internal error naming the function. Every ereport below runs after the catch
// block has been left, in a frame that owns only plain storage.
template <typename Body>
Datum at_boundary(const char *function_name, Body &&body) noexcept {
  ErrorData *pg_error = nullptr;
  int sqlstate = ERRCODE_INTERNAL_ERROR;
  bool failed = false;
  boundary_detail::ErrorText message, detail, hint, schema, table, constraint;
  detail.set(nullptr);
  hint.set(nullptr);
  schema.set(nullptr);
  table.set(nullptr);
  constraint.set(nullptr);
  try {
    return body();
  } catch (const PgError &e) {
    pg_error = e.edata();
  } catch (const Error &e) {
    failed = true;
    sqlstate = e.sqlstate();
    message.set(e.what());
    detail.set(e.detail().c_str());
    hint.set(e.hint().c_str());
    schema.set(e.schema().c_str());
    table.set(e.table().c_str());
    constraint.set(e.constraint().c_str());
  } catch (const std::bad_alloc &) {
    failed = true;
    sqlstate = ERRCODE_OUT_OF_MEMORY;
    message.set("out of memory in C++ code");
  } catch (const std::exception &e) {
    failed = true;
    message.set(e.what());
  } catch (...) {
    failed = true;
    message.set("unknown C++ exception");
  }
  if (pg_error != nullptr) ReThrowError(pg_error);
  if (failed) {
    ereport(ERROR,
            (errcode(sqlstate), errmsg("%s", message.text),
             detail.text[0] ? errdetail("%s", detail.text) : 0,
             hint.text[0] ? errhint("%s", hint.text) : 0,
             schema.text[0] ? err_generic_string(PG_DIAG_SCHEMA_NAME, schema.text) : 0,
             table.text[0] ? err_generic_string(PG_DIAG_TABLE_NAME, table.text) : 0,
             constraint.text[0] ? err_generic_string(PG_DIAG_CONSTRAINT_NAME, constraint.text) : 0,
             sqlstate == ERRCODE_INTERNAL_ERROR || sqlstate == ERRCODE_OUT_OF_MEMORY
                 ? errcontext("C++ code of function %s", function_name)
                 : 0));
  }
  pg_unreachable();
}

}  // namespace clinic

// Declares an SQL-callable function whose body is C++ run behind the boundary:
//   CLINIC_FUNCTION(clinic_version) { return CStringGetTextDatum(...); }
#define CLINIC_FUNCTION(name)                                                    \
  extern "C" {                                                                   \
  PG_FUNCTION_INFO_V1(name);                                                     \
  }                                                                              \
  static Datum name##_body(FunctionCallInfo fcinfo);                             \
  extern "C" PGDLLEXPORT Datum name(PG_FUNCTION_ARGS) {                          \
    return clinic::at_boundary(#name, [fcinfo] { return name##_body(fcinfo); }); \
  }                                                                              \
  static Datum name##_body(FunctionCallInfo fcinfo)
