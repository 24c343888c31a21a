#include "core/schema/appointment_status.hpp"
#include "core/pure.hpp"

namespace clinic::status {
namespace {

constexpr std::string_view kLabels[] = {"scheduled", "checked_in", "in_progress",
                                        "completed", "cancelled",  "no_show"};

}  // namespace

std::optional<Appointment> parse(std::string_view label) noexcept {
  for (int i = 0; i < 6; ++i)
    if (kLabels[i] == label) return static_cast<Appointment>(i);
  return std::nullopt;
}

std::string_view label(Appointment s) noexcept {
  return kLabels[static_cast<int>(s)];
}

Verdict check_transition(Appointment from, Appointment to, bool start_has_passed) noexcept {
  using A = Appointment;
  if (from == to) return Verdict::unchanged;
  switch (from) {
    case A::scheduled:
      if (to == A::checked_in || to == A::cancelled) return Verdict::allowed;
      if (to == A::no_show) return start_has_passed ? Verdict::allowed : Verdict::no_show_too_early;
      return Verdict::not_allowed;
    case A::checked_in:
      return to == A::in_progress || to == A::cancelled ? Verdict::allowed : Verdict::not_allowed;
    case A::in_progress:
      return to == A::completed ? Verdict::allowed : Verdict::not_allowed;
    case A::completed:
    case A::cancelled:
    case A::no_show:
      return Verdict::terminal;
  }
  return Verdict::not_allowed;
}

bool occupies_slot(Appointment s) noexcept {
  return s != Appointment::cancelled && s != Appointment::no_show;
}

}  // namespace clinic::status
