// The per-table evaluator of the integrity validator: one pass over a table's rows evaluates
// every selected row-level rule of that table (doc/validator-design.md). No PostgreSQL here:
// the PostgreSQL side deforms each heap tuple into the values columns() asks for.
#pragma once

#include "core/validate/rules.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace clinic::validation {

// PostgreSQL's internal epochs, so values need no conversion: DateADT and Timestamp(Tz).
struct Date {
  int32_t days;  // since 2000-01-01
};
struct Timestamp {
  int64_t micros;  // since 2000-01-01 00:00 UTC
};

// One column's value in a row. Integers of any width are int64_t; numeric and floats are
// double; text and enum labels are string_view (valid for the observe() call only).
using Value =
    std::variant<std::monostate, double, int64_t, std::string_view, Date, Timestamp, bool>;
using RowValues = std::vector<Value>;  // in the order of RowChecks::columns()

// The key naming a row in a sample, made only when a violating row still fits a sample:
// formatting a key for every row would cost more than most rules. Borrows the callable.
class RowKey {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<F, RowKey> &&
                                              std::is_invocable_r_v<std::string, const F &>>>
  RowKey(const F &make)  // NOLINT: implicit, so a lambda can be passed directly
      : make_(&make),
        call_([](const void *f) { return std::string((*static_cast<const F *>(f))()); }) {}
  std::string operator()() const { return call_(make_); }

 private:
  const void *make_;
  std::string (*call_)(const void *);
};

struct Tally {
  int64_t violated = 0;
  int64_t evaluated = 0;            // rows the rule applied to (the denominator)
  int64_t unreadable = 0;           // rows whose values had a type the rule cannot read
  std::vector<std::string> sample;  // keys of the first violating rows, at most sample_limit
};

struct Result {
  Rule rule;  // as run: overrides applied
  Tally tally;
  double pct_violated = 0;
  Status status = Status::pass;  // error when some row was unreadable
};

struct Options {
  size_t sample_limit = 10;
  Timestamp now{0};  // the run's now, for in_future and early_no_show
};

namespace detail {

// What observe() reads of a rule, packed apart from its names for a tight loop.
struct Check {
  Kind kind;
  Op op;
  bool adults_only;
  Range violating;
  CodeCheck code_is_valid;
  std::string when_value;
  std::array<size_t, 4> input{};  // indexes into the row: columns_read() of the rule
  size_t inputs = 0;
  bool reads_nulls = false;  // reads_nulls(kind), resolved once
};

}  // namespace detail

class RowChecks {
 public:
  // Takes the rules of `table` among `rules`, with the overrides applied (apply_overrides: an
  // unknown check id throws std::invalid_argument naming it).
  RowChecks(std::string_view table, const std::vector<Rule> &rules,
            const std::vector<Override> &overrides, const Options &options);

  // The columns observe() needs, each once, in a fixed order; empty when no rule applies (the
  // table need not be scanned). "patients.<column>" names a joined patient column.
  const std::vector<std::string> &columns() const { return columns_; }

  void observe(const RowValues &row, RowKey key);
  void observe(const RowValues &row, std::string_view key) {
    observe(row, [key] { return std::string(key); });
  }

  std::vector<Result> results() const;

 private:
  std::vector<std::string> columns_;
  std::vector<Rule> rules_;            // as run, overrides applied
  std::vector<detail::Check> checks_;  // checks_[i] evaluates rules_[i]
  std::vector<Tally> tallies_;
  Options options_;
};

}  // namespace clinic::validation
