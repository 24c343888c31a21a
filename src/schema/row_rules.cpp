// Row rules that a CHECK constraint cannot express because they need the clock:
//   clinic.patient_rules_trigger()      date of birth not in the future; death not in the
//                                       future and not before birth
//   clinic.appointment_rules_trigger()  status changes follow the table in
//                                       src/core/schema/appointment_status.cpp
// Each rejection is SQLSTATE 23514 (check_violation) naming the rule as its constraint.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "core/schema/appointment_status.hpp"
#include "pg/trigger.hpp"

#include <cstdio>
#include <string>

extern "C" {
#include "access/xact.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"
}

namespace {

std::string output_of(PGFunction out, Datum value) {
  char *s =
      clinic::pg_guard([out, value] { return DatumGetCString(DirectFunctionCall1(out, value)); });
  std::string result(s);
  pfree(s);
  return result;
}

// Dates and times in messages are ISO 8601 whatever the client's DateStyle, so an application
// can show or parse them.
std::string iso_date(DateADT d) {
  if (DATE_IS_NOBEGIN(d)) return "-infinity";
  if (DATE_IS_NOEND(d)) return "infinity";
  int y, m, day;
  j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, day);
  return buf;
}

std::string iso_timestamptz(TimestampTz t) {
  if (TIMESTAMP_IS_NOBEGIN(t)) return "-infinity";
  if (TIMESTAMP_IS_NOEND(t)) return "infinity";
  char buf[MAXDATELEN + 1];
  char *out = buf;
  clinic::pg_guard([t, out] {
    struct pg_tm tm;
    fsec_t fsec;
    int tz;
    const char *tzn;
    if (timestamp2tm(t, &tz, &tm, &fsec, &tzn, nullptr) != 0)
      ereport(ERROR,
              (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
    EncodeDateTime(&tm, 0, true, tz, tzn, USE_ISO_DATES, out);  // whole seconds
  });
  return buf;
}

clinic::status::Appointment appointment_status(const clinic::BeforeRowTrigger &t, int attnum,
                                               bool old_row) {
  bool isnull;
  const Datum d = old_row ? t.old_value(attnum, &isnull) : t.new_value(attnum, &isnull);
  const std::string label = isnull ? std::string() : output_of(enum_out, d);
  const auto parsed = clinic::status::parse(label);
  if (!parsed)
    throw clinic::Error(ERRCODE_DATA_EXCEPTION, "unknown appointment status \"" + label + "\"");
  return *parsed;
}

// The statuses an appointment in `from` may change to; one allowed only once the appointment has
// started (no_show) says so while it has not.
std::string allowed_targets(clinic::status::Appointment from, bool started) {
  using namespace clinic::status;
  std::string list;
  for (Appointment to : {Appointment::scheduled, Appointment::checked_in, Appointment::in_progress,
                         Appointment::completed, Appointment::cancelled, Appointment::no_show})
    if (check_transition(from, to, true) == Verdict::allowed) {
      if (!list.empty()) list += ", ";
      list += label(to);
      if (check_transition(from, to, started) == Verdict::no_show_too_early)
        list += " (from its start time)";
    }
  return list;
}

}  // namespace

CLINIC_FUNCTION(clinic_patient_rules_trigger) {
  const clinic::BeforeRowTrigger t =
      clinic::before_row_trigger(fcinfo, "clinic.patient_rules_trigger()");
  const int dob_col = t.column("date_of_birth"), deceased_col = t.column("deceased_at");
  if (!dob_col || !deceased_col)
    throw clinic::Error(
        ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
        "clinic.patient_rules_trigger() needs columns date_of_birth and deceased_at");

  bool dob_null, deceased_null;
  const Datum dob = t.new_value(dob_col, &dob_null);
  const Datum deceased = t.new_value(deceased_col, &deceased_null);
  const DateADT today = clinic::pg_guard([] { return GetSQLCurrentDate(); });
  const TimestampTz now = GetCurrentTransactionStartTimestamp();

  if (!dob_null && DatumGetDateADT(dob) > today)
    throw t.constraint_error(
        "patients_date_of_birth_not_future",
        "date of birth " + iso_date(DatumGetDateADT(dob)) + " is in the future", {},
        "Check the date of birth: day, month and year.");
  if (!deceased_null) {
    const TimestampTz died = DatumGetTimestampTz(deceased);
    if (died > now)
      throw t.constraint_error("patients_deceased_not_future",
                               "time of death " + iso_timestamptz(died) + " is in the future");
    if (!dob_null) {
      const DateADT birth = DatumGetDateADT(dob);
      // date2timestamptz maps infinite dates to infinite timestamps.
      const TimestampTz born =
          clinic::pg_guard([birth] { return date2timestamptz_opt_overflow(birth, nullptr); });
      if (died < born)
        throw t.constraint_error("patients_deceased_after_birth",
                                 "time of death " + iso_timestamptz(died) +
                                     " is before the date of birth " + iso_date(birth));
    }
  }
  return PointerGetDatum(t.new_row);
}

CLINIC_FUNCTION(clinic_appointment_rules_trigger) {
  const clinic::BeforeRowTrigger t =
      clinic::before_row_trigger(fcinfo, "clinic.appointment_rules_trigger()");
  if (t.is_insert) return PointerGetDatum(t.new_row);  // any status may be imported
  const int status_col = t.column("status"), start_col = t.column("appointment_date");
  if (!status_col || !start_col)
    throw clinic::Error(
        ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
        "clinic.appointment_rules_trigger() needs columns status and appointment_date");

  using namespace clinic::status;
  const Appointment from = appointment_status(t, status_col, true);
  const Appointment to = appointment_status(t, status_col, false);
  bool start_null;
  const Datum start = t.new_value(start_col, &start_null);
  const bool started =
      !start_null && DatumGetTimestampTz(start) <= GetCurrentTransactionStartTimestamp();

  const std::string change = std::string(label(from)) + " to " + std::string(label(to));
  switch (check_transition(from, to, started)) {
    case Verdict::allowed:
    case Verdict::unchanged:
      return PointerGetDatum(t.new_row);
    case Verdict::terminal:
      throw t.constraint_error("appointments_status_transition",
                               "a " + std::string(label(from)) +
                                   " appointment cannot change status (from " + change + ")",
                               "completed, cancelled and no_show are final.",
                               "Book a new appointment instead.");
    case Verdict::no_show_too_early:
      throw t.constraint_error("appointments_status_transition",
                               "an appointment cannot be marked no_show before its start time " +
                                   iso_timestamptz(DatumGetTimestampTz(start)));
    case Verdict::not_allowed:
      break;
  }
  throw t.constraint_error("appointments_status_transition",
                           "appointment status cannot change from " + change,
                           "From " + std::string(label(from)) +
                               " it may change to: " + allowed_targets(from, started) + ".");
}
