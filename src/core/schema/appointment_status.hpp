// The appointment status machine (FHIR Appointment/Encounter semantics on the schema's
// appointment_status enum). No PostgreSQL here: shared by the trigger, the validator and the
// unit tests.
#pragma once

#include <optional>
#include <string_view>

namespace clinic::status {

enum class Appointment { scheduled, checked_in, in_progress, completed, cancelled, no_show };

std::optional<Appointment> parse(std::string_view label) noexcept;
std::string_view label(Appointment s) noexcept;

enum class Verdict {
  allowed,
  unchanged,          // from == to: not a transition
  terminal,           // completed, cancelled and no_show never change
  not_allowed,        // not an edge of the table
  no_show_too_early,  // scheduled -> no_show before the start time
};

// Whether an appointment may move from `from` to `to`; `start_has_passed` is whether the
// appointment's start time is at or before now.
Verdict check_transition(Appointment from, Appointment to, bool start_has_passed) noexcept;

// Whether an appointment in this status occupies its time slot (counts for double booking):
// everything but cancelled and no_show.
bool occupies_slot(Appointment s) noexcept;

}  // namespace clinic::status
