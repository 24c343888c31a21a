// Conversions between SQL arguments/results and C++ values, each PostgreSQL call guarded.
#pragma once

#include "pg/boundary.hpp"

#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"
#include "utils/tuplestore.h"
}

namespace clinic {

inline std::string text_arg(FunctionCallInfo fcinfo, int n) {
  char *s = pg_guard([fcinfo, n] { return text_to_cstring(PG_GETARG_TEXT_PP(n)); });
  std::string result(s);
  pfree(s);
  return result;
}

// The argument as a view of its bytes; the detoasted copy lives in the call's memory context.
inline std::string_view text_view_arg(FunctionCallInfo fcinfo, int n) {
  text *t = pg_guard([fcinfo, n] { return PG_GETARG_TEXT_PP(n); });
  return std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

// User input quoted for an error message: at most 64 bytes of it (cut at a character boundary
// of the server encoding), then its length, so a 1 MB argument cannot make a 1 MB message.
inline std::string quoted_input(std::string_view s) {
  constexpr int kShown = 64;
  if (s.size() <= kShown) return "\"" + std::string(s) + "\"";
  const char *data = s.data();
  const int cut = pg_guard([data] { return pg_mbcliplen(data, kShown + 8, kShown); });
  return "\"" + std::string(s.substr(0, static_cast<size_t>(cut))) + "...\" (" +
         std::to_string(s.size()) + " bytes)";
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

// Starts the materialized result of a set-returning function, with the columns it declares.
inline ReturnSetInfo *materialized_result(FunctionCallInfo fcinfo) {
  pg_guard([fcinfo] { InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC); });
  return reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
}

// Appends one row to a materialized result.
inline void put_row(ReturnSetInfo *rsinfo, Datum *values, bool *nulls) {
  pg_guard([rsinfo, values, nulls] {
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
  });
}

// A palloc'd C string as a std::string, freed; "" for NULL.
inline std::string take_cstring(char *s) {
  std::string out(s ? s : "");
  if (s) pfree(s);
  return out;
}

// A double as a numeric Datum.
inline Datum numeric_datum(double d) {
  return pg_guard([d] { return DirectFunctionCall1(float8_numeric, Float8GetDatum(d)); });
}

// The elements of an int2[] value (conkey, indkey cast to int2[]; no NULL elements), into *out
// (anything with assign(first, last): a catalog::AttNums).
template <class Ints>
void int2_array(Datum d, Ints *out) {
  // Detoasting can fail (and allocates): guarded, and only when the value is not plain.
  ArrayType *a = VARATT_IS_EXTENDED(DatumGetPointer(d))
                     ? pg_guard([d] { return DatumGetArrayTypeP(d); })
                     : reinterpret_cast<ArrayType *>(DatumGetPointer(d));
  const int n = ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
  const int16 *v = reinterpret_cast<const int16 *>(ARR_DATA_PTR(a));
  out->assign(v, v + n);
}

// The target schema argument (argument n): NULL is refused with 22004.
inline Oid target_schema_arg(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n))
    throw Error(ERRCODE_NULL_VALUE_NOT_ALLOWED, "target schema must not be NULL", {},
                "Pass a schema name, e.g. clinic.audit('public').");
  return PG_GETARG_OID(n);
}

}  // namespace clinic
