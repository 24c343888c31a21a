#include "core/validate/row_checks.hpp"

#include "core/schema/appointment_status.hpp"
#include "core/util/calendar.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include "core/pure.hpp"

namespace clinic::validation {
namespace {

enum class Outcome { not_applicable, satisfied, violated, unreadable };

Outcome verdict(bool violated) {
  return violated ? Outcome::violated : Outcome::satisfied;
}

bool is_null(const Value &v) {
  return std::holds_alternative<std::monostate>(v);
}

// NaN (numeric 'NaN') is unreadable: it is neither inside nor outside any limit.
std::optional<double> number(const Value &v) {
  if (const auto *d = std::get_if<double>(&v))
    return std::isnan(*d) ? std::nullopt : std::optional(*d);
  if (const auto *i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}

// What value_in_range reads: numbers, and dates as day numbers (as the catalogue's date limits).
std::optional<double> ranged(const Value &v) {
  if (const auto *d = std::get_if<Date>(&v)) return d->days;
  return number(v);
}

// Dates and timestamps as microseconds since 2000-01-01 UTC; a date is its midnight. Dates
// beyond the timestamp range (the infinite ones among them) saturate, so they still compare.
std::optional<int64_t> instant(const Value &v) {
  if (const auto *t = std::get_if<Timestamp>(&v)) return t->micros;
  if (const auto *d = std::get_if<Date>(&v)) {
    constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / calendar::kMicrosPerDay;
    if (d->days > kLimit) return std::numeric_limits<int64_t>::max();
    if (d->days < -kLimit) return std::numeric_limits<int64_t>::min();
    return d->days * calendar::kMicrosPerDay;
  }
  return std::nullopt;
}

std::optional<std::string_view> text(const Value &v) {
  if (const auto *s = std::get_if<std::string_view>(&v)) return *s;
  return std::nullopt;
}

int64_t day_of(int64_t micros) {  // floor division: instants before 2000 have negative days
  return micros / calendar::kMicrosPerDay - (micros % calendar::kMicrosPerDay < 0);
}

// Whether someone born at `birth` is at least kAdultAge years old at `event` (UTC days; a
// 29 February birthday comes of age on 1 March in common years).
std::optional<bool> is_adult(const Value &birth, const Value &event) {
  const auto b = instant(birth), e = instant(event);
  if (!b || !e) return std::nullopt;
  const calendar::Civil born = calendar::civil_from_days(day_of(*b) + calendar::kPostgresEpochDay);
  const int64_t of_age = calendar::days_from_civil(born.year + kAdultAge, born.month, born.day) -
                         calendar::kPostgresEpochDay;
  return day_of(*e) >= of_age;
}

template <class T>
bool holds(Op op, T a, T b) {
  switch (op) {
    case Op::lt:
      return a < b;
    case Op::le:
      return a <= b;
    case Op::gt:
      return a > b;
    case Op::ge:
      return a >= b;
  }
  return false;
}

// Instants with instants (a date against a timestamp as its midnight), numbers with numbers.
Outcome compare(Op op, const Value &a, const Value &b) {
  if (const auto x = instant(a), y = instant(b); x && y) return verdict(holds(op, *x, *y));
  if (const auto x = number(a), y = number(b); x && y) return verdict(holds(op, *x, *y));
  return Outcome::unreadable;
}

// How many columns each kind reads besides its own (Kind's comment in rules.hpp).
size_t with_count(const Rule &r) {
  switch (r.kind) {
    case Kind::missing:
    case Kind::in_future:
      return 0;
    case Kind::value_in_range:
      return r.adults_only ? 2 : 0;
    case Kind::bad_code:
      return r.when_value.empty() ? 0 : 1;
    case Kind::order:
    case Kind::sex_mismatch:
    case Kind::early_no_show:
      return 1;
    case Kind::bmi_mismatch:
      return 2;
    case Kind::any_blank:  // one to four
      return r.with.empty() || r.with.size() > 4 ? SIZE_MAX : r.with.size();
    case Kind::live_child_of_deleted:  // the parent's deleted_at, perhaps the row's own
      return r.with.empty() || r.with.size() > 2 ? SIZE_MAX : r.with.size();
  }
  return 0;
}

// Text that is empty once spaces are trimmed (SQL's btrim(x) = '').
bool blank(std::string_view s) noexcept {
  return s.find_first_not_of(' ') == std::string_view::npos;
}

}  // namespace

RowChecks::RowChecks(std::string_view table, const std::vector<Rule> &rules,
                     const std::vector<Override> &overrides, const Options &options)
    : options_(options) {
  std::vector<Rule> own;
  for (const Rule &r : rules)
    if (r.table == table) own.push_back(r);
  apply_overrides(own, overrides);

  const auto column_index = [this](const std::string &name) {
    for (size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i] == name) return i;
    columns_.push_back(name);
    return columns_.size() - 1;
  };
  for (const Rule &r : own) {
    if (r.with.size() != with_count(r) || (r.kind == Kind::bad_code && !r.code_is_valid))
      throw std::invalid_argument("check \"" + r.check_id +
                                  "\": its kind needs other columns or a code check");
    detail::Check c{r.kind, r.op, r.adults_only, r.violating, r.code_is_valid, r.when_value};
    const std::vector<std::string> reads = columns_read(r);
    c.inputs = reads.size();
    for (size_t i = 0; i < reads.size(); ++i) c.input[i] = column_index(reads[i]);
    c.reads_nulls = reads_nulls(r.kind);
    checks_.push_back(std::move(c));
  }
  rules_ = std::move(own);
  tallies_.resize(checks_.size());
}

namespace {

// Adulthood, computed once per row for all the rules that read the same two columns: the
// calendar arithmetic would otherwise dominate the cost of the warn ranges.
struct AgeCache {
  const Value *birth = nullptr, *event = nullptr;
  std::optional<bool> answer;

  std::optional<bool> adult(const Value &b, const Value &e) {
    if (&b != birth || &e != event) {
      birth = &b;
      event = &e;
      answer = is_adult(b, e);
    }
    return answer;
  }
};

Outcome evaluate(const detail::Check &check, const Value *const in[4], Timestamp now,
                 AgeCache &age) {
  const Value &v = *in[0];
  switch (check.kind) {
    case Kind::missing:
      return verdict(is_null(v));
    case Kind::value_in_range: {
      if (check.adults_only) {
        const auto adult = age.adult(*in[2], *in[1]);
        if (!adult) return Outcome::unreadable;
        if (!*adult) return Outcome::not_applicable;
      }
      const auto x = ranged(v);
      return x ? verdict(check.violating.contains(*x)) : Outcome::unreadable;
    }
    case Kind::order:
      return compare(check.op, v, *in[1]);
    case Kind::in_future: {
      const auto t = instant(v);
      return t ? verdict(*t > now.micros) : Outcome::unreadable;
    }
    case Kind::bad_code: {
      const auto code = text(v);
      if (!code) return Outcome::unreadable;
      if (!check.when_value.empty()) {
        const auto system = text(*in[1]);
        if (!system) return Outcome::unreadable;
        if (*system != check.when_value) return Outcome::not_applicable;
      }
      return verdict(!check.code_is_valid(*code));
    }
    case Kind::sex_mismatch: {
      const auto code = text(v), sex = text(*in[1]);
      return code && sex ? verdict(!is_plausible_for_sex(*code, *sex)) : Outcome::unreadable;
    }
    case Kind::bmi_mismatch: {
      const auto bmi = number(v), weight = number(*in[1]), height = number(*in[2]);
      if (!bmi || !weight || !height) return Outcome::unreadable;
      if (*height <= 0) return Outcome::not_applicable;  // the hard limits report it
      const double metres = *height / 100;
      return verdict(check.violating.contains(std::fabs(*bmi - *weight / (metres * metres))));
    }
    case Kind::any_blank:
      for (size_t i = 0; i < check.inputs; ++i) {
        if (is_null(*in[i])) return Outcome::violated;
        if (const auto *s = std::get_if<std::string_view>(in[i]); s && blank(*s))
          return Outcome::violated;
      }
      return Outcome::satisfied;
    case Kind::live_child_of_deleted:
      return verdict(!is_null(*in[0]) && (check.inputs < 2 || is_null(*in[1])));
    case Kind::early_no_show: {
      const auto label = text(v);
      const auto start = instant(*in[1]);
      if (!label || !start) return Outcome::unreadable;
      const auto s = status::parse(*label);
      if (!s) return Outcome::unreadable;
      // The status machine's own rule: scheduled -> no_show only once the start has passed.
      return verdict(
          status::check_transition(status::Appointment::scheduled, *s, *start <= now.micros) ==
          status::Verdict::no_show_too_early);
    }
  }
  return Outcome::unreadable;
}

}  // namespace

void RowChecks::observe(const RowValues &row, RowKey key) {
  if (row.size() != columns_.size())
    throw std::invalid_argument("row has " + std::to_string(row.size()) + " values, expected " +
                                std::to_string(columns_.size()));
  std::string key_text;  // made at most once per row, for the first sampled violation
  AgeCache age;
  for (size_t i = 0; i < checks_.size(); ++i) {
    const detail::Check &c = checks_[i];
    const Value *in[4] = {&row[c.input[0]], &row[c.input[1]], &row[c.input[2]], &row[c.input[3]]};
    // A NULL among the inputs leaves the row out, except for the kinds that look for NULLs.
    bool complete = true;
    for (size_t j = 0; j < c.inputs && complete && !c.reads_nulls; ++j) complete = !is_null(*in[j]);
    if (!complete) continue;

    Tally &t = tallies_[i];
    switch (evaluate(c, in, options_.now, age)) {
      case Outcome::not_applicable:
        break;
      case Outcome::satisfied:
        ++t.evaluated;
        break;
      case Outcome::violated:
        ++t.evaluated;
        ++t.violated;
        if (t.sample.size() < options_.sample_limit) {
          if (key_text.empty()) key_text = key();
          t.sample.push_back(key_text);
        }
        break;
      case Outcome::unreadable:
        ++t.unreadable;
        break;
    }
  }
}

std::vector<Result> RowChecks::results() const {
  std::vector<Result> out;
  out.reserve(checks_.size());
  for (size_t i = 0; i < checks_.size(); ++i) {
    const Tally &t = tallies_[i];
    Result r{rules_[i], t, percent_violated(t.violated, t.evaluated),
             status_of(t.violated, t.evaluated, rules_[i].threshold_pct)};
    if (t.unreadable > 0) r.status = Status::error;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace clinic::validation
