// Running code as another role: the extension's owner or a function's owner, for work the caller
// may not do itself (write a record row, read the trail's helpers, count rows before a DROP).
#pragma once

#include "pg/pg.hpp"

#include <type_traits>

namespace clinic::pg {

// Calls fn() as `role` in a security-restricted operation with the user id changed locally (no
// SET ROLE or temporary objects from inside, as SECURITY DEFINER code runs), then gives the
// caller's user and security context back, also when fn raises an ERROR. Plain PostgreSQL code:
// fn must own no C++ object with a destructor, and must not throw (a C++ exception would leave
// PG_TRY's frame without restoring either): it is declared noexcept.
template <class F>
void as_role(Oid role, F fn) {
  static_assert(std::is_nothrow_invocable_v<F>, "as_role: declare the lambda noexcept");
  Oid saved_user;
  int saved_context;
  GetUserIdAndSecContext(&saved_user, &saved_context);
  SetUserIdAndSecContext(
      role, saved_context | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
  PG_TRY();
  { fn(); }
  PG_FINALLY();
  { SetUserIdAndSecContext(saved_user, saved_context); }
  PG_END_TRY();
}

}  // namespace clinic::pg
