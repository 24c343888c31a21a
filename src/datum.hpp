// Conversions between SQL arguments/results and C++ values, each PostgreSQL call guarded.
#pragma once

#include "boundary.hpp"

#include <string>

namespace clinic {

inline std::string text_arg(FunctionCallInfo fcinfo, int n) {
  char *s = pg_guard([fcinfo, n] { return text_to_cstring(PG_GETARG_TEXT_PP(n)); });
  std::string result(s);
  pfree(s);
  return result;
}

inline Datum text_datum(const std::string &s) {
  if (s.size() > MaxAllocSize - VARHDRSZ)
    throw Error(
        ERRCODE_PROGRAM_LIMIT_EXCEEDED,
        "result of " + std::to_string(s.size()) + " bytes exceeds the 1 GB limit of a text value");
  const char *data = s.data();
  const int len = static_cast<int>(s.size());
  return pg_guard([data, len] { return PointerGetDatum(cstring_to_text_with_len(data, len)); });
}

}  // namespace clinic
