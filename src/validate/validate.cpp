// clinic.validate(): the integrity validator's executor (doc/validator-design.md).
//
// Each table of the target is read once, by a heap scan, for all of its row rules (the
// evaluator is src/core/validate/row_checks); rules that read the row's patient (age, sex, birth,
// death) get those columns from a lookup of the target's patients built by one more scan. The
// set-level checks (src/core/validate/set_checks) are SQL, run by the executor. The DBA's
// thresholds and limits come from clinic.validation_rules.
//
// The scans are plain C-style functions run through pg_guard() one row at a time: they own no
// C++ object, so an ERROR (a cancel, statement_timeout) unwinds only PostgreSQL state, and the
// C++ evaluator around them is destroyed by the exception that pg_guard() throws.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "core/schema/appointment_status.hpp"
#include "core/util/json.hpp"
#include "core/validate/row_checks.hpp"
#include "core/validate/set_checks.hpp"
#include "core/validate/rules.hpp"
#include "pg/access.hpp"
#include "pg/datum.hpp"
#include "pg/internals/numeric.hpp"
#include "pg/spi.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include "access/genam.h"
#include "access/heapam.h"
#include "utils/acl.h"
#include "utils/rls.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_cast.h"
#include "catalog/pg_enum.h"
#include "utils/fmgroids.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
}

namespace v = clinic::validation;

namespace {

constexpr int kMaxSampleLimit = 1000;

// ---------------------------------------------------------------------------------------------
// Reading rows (C-style: no C++ objects in these frames)

// How one scanned column becomes a value.
// kOther: a type the row rules never read as a value (only whether it is NULL); set checks may
// still use it in SQL, where it must then be exactly the clinic schema's type.
enum ReadAs : char {
  kSkip,
  kInt,
  kFloat,
  kNumeric,
  kText,
  kEnum,
  kDate,
  kTimestamp,
  kBool,
  kUuid,
  kOther
};

struct EnumLabel {
  Oid oid;
  const char *label;  // in the run's memory context
};
constexpr int kEnumCache = 64;

struct ColumnRead {
  int attnum;
  ReadAs as;
  Oid base_type;                // resolved once: no catalog lookup per row
  EnumLabel enums[kEnumCache];  // labels seen so far (an enum has few)
  int enum_count;
};

// A value as read: plain data the C++ side turns into a v::Value.
struct PlainValue {
  char tag;  // 0 NULL, 'i' int64, 'd' double, 's' text, 'D' date, 'T' timestamp, 'b' bool, 'u' uuid
  int64 i;
  double d;
  const char *s;
  int len;
  uint8 uuid[UUID_LEN];
};

ReadAs read_as(Oid type) {
  switch (getBaseType(type)) {
    case INT2OID:
    case INT4OID:
    case INT8OID:
      return kInt;
    case FLOAT4OID:
    case FLOAT8OID:
      return kFloat;
    case NUMERICOID:
      return kNumeric;
    case DATEOID:
      return kDate;
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
      return kTimestamp;
    case BOOLOID:
      return kBool;
    case UUIDOID:
      return kUuid;
    case TEXTOID:
    case VARCHAROID:
    case BPCHAROID:
      return kText;
    default:
      return type_is_enum(getBaseType(type)) ? kEnum : kOther;
  }
}

// The kinds of value a rule can take a column as: a column of the target must give the same
// kind as the clinic schema's own column of that name (numbers of any width; text or enum).
char value_kind(ReadAs as) {
  switch (as) {
    case kInt:
    case kFloat:
    case kNumeric:
      return 'n';
    case kText:
    case kEnum:
      return 's';
    case kDate:
      return 'D';
    case kTimestamp:
      return 'T';
    case kBool:
      return 'b';
    case kUuid:
      return 'u';
    default:
      return 'o';
  }
}

// Whether a cast from this type exists that its owner defined: the set checks' SQL compares
// and casts enum columns, and such a cast would run the owner's code as the caller.
bool has_user_cast(Oid type) {
  Relation rel = table_open(CastRelationId, AccessShareLock);
  ScanKeyData key;
  ScanKeyInit(&key, Anum_pg_cast_castsource, BTEqualStrategyNumber, F_OIDEQ,
              ObjectIdGetDatum(type));
  SysScanDesc scan = systable_beginscan(rel, CastSourceTargetIndexId, true, nullptr, 1, &key);
  const bool found = HeapTupleIsValid(systable_getnext(scan));
  systable_endscan(scan);
  table_close(rel, AccessShareLock);
  return found;
}

const char *kind_description(char kind) {
  switch (kind) {
    case 'n':
      return "a number (smallint, integer, bigint, real, double precision or numeric)";
    case 's':
      return "text, varchar, char or an enum";
    case 'D':
      return "date";
    case 'T':
      return "timestamp or timestamptz";
    case 'b':
      return "boolean";
    case 'u':
      return "uuid";
    default:
      return "exactly that type";
  }
}

// Raises 42804 unless column `attnum` of the target's `relid` (`table`.`column`) gives the kind of
// value the clinic schema's column of that name gives (domains by their base type): a value of
// another type would be misread, and a by-value one read as a pointer would crash. An enum
// must have no cast its owner defined. A column the clinic schema lacks is read by no check.
void check_column_type(Oid clinic_schema, Oid relid, AttrNumber attnum, const char *table,
                       const char *column) {
  const Oid reference = get_relname_relid(table, clinic_schema);
  const AttrNumber ref_att = OidIsValid(reference) ? get_attnum(reference, column) : 0;
  if (ref_att <= 0) return;
  const Oid type = get_atttype(relid, attnum), ref_type = get_atttype(reference, ref_att);
  const ReadAs as = read_as(type), ref_as = read_as(ref_type);
  const char kind = value_kind(as), ref_kind = value_kind(ref_as);
  if (kind != ref_kind || (kind == 'o' && getBaseType(type) != getBaseType(ref_type)))
    ereport(ERROR,
            (errcode(ERRCODE_DATATYPE_MISMATCH),
             errmsg("column \"%s.%s\" is of type %s, but clinic.validate() reads it as %s", table,
                    column, format_type_be(type), format_type_be(ref_type)),
             errdetail("Expected %s, as the clinic schema's column.", kind_description(ref_kind))));
  if (as == kEnum && getBaseType(type) != getBaseType(ref_type) && has_user_cast(getBaseType(type)))
    ereport(ERROR,
            (errcode(ERRCODE_DATATYPE_MISMATCH),
             errmsg("column \"%s.%s\" is of type %s, which has a user-defined cast", table, column,
                    format_type_be(type)),
             errdetail("The validator's queries compare and cast this column; a cast from its "
                       "type would run its owner's code as the caller.")));
}

const char *enum_label(ColumnRead *c, Oid value, MemoryContext run_context) {
  for (int i = 0; i < c->enum_count; ++i)
    if (c->enums[i].oid == value) return c->enums[i].label;
  HeapTuple tup = SearchSysCache1(ENUMOID, ObjectIdGetDatum(value));
  if (!HeapTupleIsValid(tup)) elog(ERROR, "enum value %u not found", value);
  const char *label =
      MemoryContextStrdup(run_context, NameStr(((Form_pg_enum)GETSTRUCT(tup))->enumlabel));
  ReleaseSysCache(tup);
  if (c->enum_count < kEnumCache) c->enums[c->enum_count++] = {value, label};
  return label;
}

void read_value(ColumnRead *c, TupleTableSlot *slot, PlainValue *out, MemoryContext run_context) {
  bool isnull;
  const Datum d = slot_getattr(slot, c->attnum, &isnull);
  out->tag = 0;
  if (isnull) return;
  switch (c->as) {
    case kSkip:
      return;
    case kOther:  // only whether it is NULL: the value is never interpreted
      out->tag = 'o';
      return;
    case kInt:
      out->i = c->base_type == INT2OID   ? DatumGetInt16(d)
               : c->base_type == INT4OID ? DatumGetInt32(d)
                                         : DatumGetInt64(d);
      out->tag = 'i';
      return;
    case kFloat:
      out->d = c->base_type == FLOAT4OID ? DatumGetFloat4(d) : DatumGetFloat8(d);
      out->tag = 'd';
      return;
    case kNumeric:
      out->d = clinic::numeric_to_double(d);
      out->tag = 'd';
      return;
    case kText: {
      const struct varlena *t = PG_DETOAST_DATUM_PACKED(d);
      out->s = VARDATA_ANY(t);
      out->len = VARSIZE_ANY_EXHDR(t);
      out->tag = 's';
      return;
    }
    case kEnum:
      out->s = enum_label(c, DatumGetObjectId(d), run_context);
      out->len = static_cast<int>(strlen(out->s));
      out->tag = 's';
      return;
    case kDate:
      out->i = DatumGetDateADT(d);
      out->tag = 'D';
      return;
    case kTimestamp:
      out->i = DatumGetInt64(d);
      out->tag = 'T';
      return;
    case kBool:
      out->i = DatumGetBool(d);
      out->tag = 'b';
      return;
    case kUuid:
      memcpy(out->uuid, DatumGetUUIDP(d)->data, UUID_LEN);
      out->tag = 'u';
      return;
  }
}

// A heap scan of one table under the statement's snapshot.
struct Scan {
  Relation rel;
  TableScanDesc scan;
  TupleTableSlot *slot;
  MemoryContext row_context;  // reset per row: detoasted values
  MemoryContext run_context;
  int64 rows;
};

// The row checks read the heap directly, past the executor's checks: make them here. The caller
// must be allowed to SELECT the table or each column read, and no row-level security policy may
// apply to the caller (the counts would include rows it may not see).
void scan_begin(Scan *s, Oid relid, const ColumnRead *columns, int n) {
  // A partitioned table has no storage of its own to scan (nor has a view or a foreign table).
  if (get_rel_relkind(relid) != RELKIND_RELATION)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("clinic.validate() reads plain tables, and \"%s\" is partitioned",
                           get_rel_name(relid)),
                    errhint("Validate the schema holding its partitions' data as plain tables.")));
  for (int i = 0; i < n; ++i)
    if (columns[i].as != kSkip && !clinic::may_select_column(relid, columns[i].attnum))
      aclcheck_error_col(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(relid),
                         get_attname(relid, columns[i].attnum, false));
  if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
    ereport(ERROR,
            (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
             errmsg("clinic.validate() reads every row of table \"%s\", and row-level security "
                    "applies to it for this role",
                    get_rel_name(relid)),
             errhint("Run it as the table's owner or as a role with BYPASSRLS.")));
  s->rel = table_open(relid, AccessShareLock);
  s->scan = table_beginscan(s->rel, GetActiveSnapshot(), 0, nullptr);
  s->slot = table_slot_create(s->rel, nullptr);
  s->run_context = CurrentMemoryContext;
  s->row_context =
      AllocSetContextCreate(CurrentMemoryContext, "clinic validate row", ALLOCSET_SMALL_SIZES);
  s->rows = 0;
}

// The next row's values of `columns`; false at the end. Polls for cancel every 1024 rows.
bool scan_next(Scan *s, ColumnRead *columns, int n, PlainValue *out) {
  if ((s->rows & 1023) == 0) CHECK_FOR_INTERRUPTS();
  MemoryContextReset(s->row_context);
  if (!table_scan_getnextslot(s->scan, ForwardScanDirection, s->slot)) return false;
  ++s->rows;
  MemoryContext old = MemoryContextSwitchTo(s->row_context);
  for (int i = 0; i < n; ++i) read_value(&columns[i], s->slot, &out[i], s->run_context);
  MemoryContextSwitchTo(old);
  return true;
}

void scan_end(Scan *s) {
  ExecDropSingleTupleTableSlot(s->slot);
  table_endscan(s->scan);
  table_close(s->rel, AccessShareLock);
  MemoryContextDelete(s->row_context);
}

// ---------------------------------------------------------------------------------------------
// The run

std::string uuid_text(const uint8 *u) {
  static const char hex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < UUID_LEN; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += hex[u[i] >> 4];
    s += hex[u[i] & 15];
  }
  return s;
}

// A set check's sample as its query orders it (key::text, ascending, the first `limit`): the
// least uuids seen, kept in a max-heap (a uuid's text sorts as its bytes); duplicates kept.
class LeastKeys {
 public:
  explicit LeastKeys(size_t limit) : limit_(limit) {}
  void add(const uint8 *u) {
    if (limit_ == 0) return;
    Key k;
    memcpy(k.data(), u, UUID_LEN);
    if (heap_.size() < limit_) {
      heap_.push_back(k);
      std::push_heap(heap_.begin(), heap_.end());
    } else if (k < heap_.front()) {
      std::pop_heap(heap_.begin(), heap_.end());
      heap_.back() = k;
      std::push_heap(heap_.begin(), heap_.end());
    }
  }
  std::vector<std::string> texts() const {
    std::vector<Key> sorted = heap_;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> out;
    for (const Key &k : sorted) out.push_back(uuid_text(k.data()));
    return out;
  }

 private:
  using Key = std::array<uint8, UUID_LEN>;  // compared as unsigned bytes, as memcmp
  size_t limit_;
  std::vector<Key> heap_;
};

v::Value to_value(const PlainValue &p) {
  switch (p.tag) {
    case 'i':
      return static_cast<int64_t>(p.i);
    case 'd':
      return p.d;
    case 's':
      return std::string_view(p.s, p.len);
    case 'D':
      return v::Date{static_cast<int32_t>(p.i)};
    case 'T':
      return v::Timestamp{p.i};
    case 'b':
      return p.i != 0;
    case 'u':  // no rule reads a uuid's value, only whether it is there
      return std::string_view(reinterpret_cast<const char *>(p.uuid), UUID_LEN);
    case 'o':  // present, of a type no rule interprets
      return true;
    default:
      return std::monostate{};
  }
}

// The target's patients, by id: what the rules reading "patients.<column>" need, in 48 bytes.
struct Patient {
  uint8 id[UUID_LEN];
  const char *sex;  // interned label, or nullptr for NULL
  int32 sex_len;
  int32 date_of_birth;  // DateADT
  int64 deceased_at;    // TimestampTz
  bool has_date_of_birth, has_deceased_at;
  bool deleted;  // deleted_at is not NULL (soft-deleted)
  v::Value sex_value() const {
    if (sex == nullptr) return std::monostate{};
    return std::string_view(sex, sex_len);
  }
  v::Value date_of_birth_value() const {
    if (!has_date_of_birth) return std::monostate{};
    return v::Date{date_of_birth};
  }
  v::Value deceased_at_value() const {
    if (!has_deceased_at) return std::monostate{};
    return v::Timestamp{deceased_at};
  }
  // Only whether it is NULL matters to the rules that read it.
  v::Value deleted_at_value() const {
    if (!deleted) return std::monostate{};
    return true;
  }
};

struct Output {
  std::string check_id, check_type, category, table, column, status;
  int64_t violated = 0, total = 0;
  double pct = 0, threshold = 0;
  std::vector<std::string> sample;
  std::string note;         // why a check is `error`
  std::string enforced_by;  // the constraint that proves a set-level check (not run)
  bool total_unknown = false;
};

Output output_of(const v::Rule &r) {
  Output o;
  o.check_id = r.check_id;
  o.check_type = r.check_type;
  o.category = std::string(v::name(r.category));
  o.table = r.table;
  o.column = r.column;
  o.threshold = r.threshold_pct;
  return o;
}

Output error_output(const v::Rule &r, std::string note) {
  Output o = output_of(r);
  o.status = "error";
  o.note = std::move(note);
  return o;
}

struct Settings {
  std::vector<v::Override> overrides;
  std::set<std::string> disabled;
};

// The DBA's edits, from clinic.validation_rules.
Settings read_settings() {
  Settings s;
  clinic::spi::Connection spi;
  clinic::pg_guard([] {
    if (SPI_execute("SELECT check_id, threshold, low, high, enabled, default_threshold, "
                    "default_low, default_high FROM clinic.validation_rules",
                    true, 0) != SPI_OK_SELECT)
      elog(ERROR, "could not read clinic.validation_rules");
  });
  for (uint64 i = 0; i < SPI_processed; ++i) {
    HeapTuple row = SPI_tuptable->vals[i];
    TupleDesc desc = SPI_tuptable->tupdesc;
    auto number = [&](int col) -> std::optional<double> {
      bool isnull;
      const Datum d = SPI_getbinval(row, desc, col, &isnull);
      if (isnull) return std::nullopt;
      return clinic::pg_guard([d] { return clinic::numeric_to_double(d); });
    };
    bool isnull;
    const std::string id = clinic::pg_guard([row, desc] { return SPI_getvalue(row, desc, 1); });
    if (!DatumGetBool(SPI_getbinval(row, desc, 5, &isnull))) s.disabled.insert(id);
    v::Override o;
    o.check_id = id;
    const auto threshold = number(2), low = number(3), high = number(4);
    if (threshold != number(6)) o.threshold_pct = threshold;
    if (low != number(7)) o.low = low;
    if (high != number(8)) o.high = high;
    if (o.threshold_pct || o.low || o.high) s.overrides.push_back(o);
  }
  return s;
}

class Run {
 public:
  Run(Oid target, std::vector<std::string> selectors, int sample_limit, bool trust_constraints)
      : target_(target),
        selectors_(std::move(selectors)),
        sample_limit_(sample_limit),
        trust_constraints_(trust_constraints) {}

  std::vector<Output> execute() {
    schema_ = clinic::readable_schema_name(target_);
    // The extension's schema is always clinic (clinic.control: not relocatable).
    clinic_schema_ = clinic::pg_guard([] { return get_namespace_oid("clinic", false); });
    find_tables();
    if (!tables_.count("patients"))
      throw clinic::Error(ERRCODE_UNDEFINED_TABLE,
                          std::string("schema ") + schema_ + " has no clinic tables",
                          "clinic.validate() reads the clinic schema's tables (patients, "
                          "appointments, vital_signs, ...) in the target schema.");
    const Settings settings = read_settings();
    std::vector<v::Rule> rules = v::select_rules(selectors_);
    std::vector<v::SetCheck> sets = v::select_set_checks(selectors_);
    for (const std::string &s : selectors_) {
      bool known = false;
      for (const v::Rule &r : v::default_rules()) known = known || v::matches(r, s);
      for (const v::SetCheck &c : v::set_checks()) known = known || v::matches(c.rule, s);
      if (!known)
        throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                            "unknown check " + clinic::quoted_input(s), {},
                            "A check is a check id, a dotted prefix of one (vital_signs.bmi), a "
                            "check type (plausibleValueHigh) or a category; see "
                            "clinic.validation_rules.");
    }
    auto enabled = [&](const v::Rule &r) { return !settings.disabled.count(r.check_id); };
    rules.erase(
        std::remove_if(rules.begin(), rules.end(), [&](const v::Rule &r) { return !enabled(r); }),
        rules.end());
    std::vector<v::Override> row_overrides;
    std::map<std::string, double> set_thresholds;
    for (const v::Override &o : settings.overrides) {
      bool is_row_rule = false;
      for (const v::Rule &r : v::default_rules())
        is_row_rule = is_row_rule || r.check_id == o.check_id;
      if (is_row_rule)
        row_overrides.push_back(o);
      else if (o.threshold_pct)
        set_thresholds[o.check_id] = *o.threshold_pct;
    }

    std::vector<Output> out;
    std::vector<std::string> order;  // tables in catalogue order
    for (const v::Rule &r : rules)
      if (std::find(order.begin(), order.end(), r.table) == order.end()) order.push_back(r.table);
    for (v::SetCheck &c : sets) {
      if (auto it = set_thresholds.find(c.rule.check_id); it != set_thresholds.end())
        c.rule.threshold_pct = it->second;
      if (c.in_pass != v::SetCheck::InPass::none && enabled(c.rule)) in_pass_wanted_.push_back(&c);
    }
    for (const std::string &table : order) validate_table(table, rules, row_overrides, out);
    // Each enabled check is settled once, in report order: without a query (not_run()), by the
    // row pass, by its group's query, else by its own.
    std::map<std::string, Output> settled;
    std::set<std::string> to_run;
    for (const v::SetCheck &c : sets) {
      if (!enabled(c.rule)) continue;
      if (auto o = not_run(c))
        settled.emplace(c.rule.check_id, std::move(*o));
      else if (auto it = in_pass_.find(c.rule.check_id); it != in_pass_.end())
        settled.emplace(c.rule.check_id, std::move(it->second));
      else
        to_run.insert(c.rule.check_id);
    }
    run_set_groups(sets, to_run, settled);
    for (const v::SetCheck &c : sets) {
      if (!enabled(c.rule)) continue;
      if (auto it = settled.find(c.rule.check_id); it != settled.end())
        out.push_back(std::move(it->second));
      else
        run_set_check(c, out);
    }
    return out;
  }

 private:
  void find_tables() {
    clinic::spi::Connection spi;
    Oid arg = OIDOID;
    Datum args[1] = {ObjectIdGetDatum(target_)};
    clinic::pg_guard([&arg, &args] {
      if (SPI_execute_with_args("SELECT relname::text, oid FROM pg_catalog.pg_class WHERE "
                                "relnamespace = $1 AND relkind IN ('r', 'p')",
                                1, &arg, args, nullptr, true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not list the target's tables");
    });
    for (uint64 i = 0; i < SPI_processed; ++i) {
      HeapTuple row = SPI_tuptable->vals[i];
      TupleDesc desc = SPI_tuptable->tupdesc;
      const char *name = clinic::pg_guard([row, desc] { return SPI_getvalue(row, desc, 1); });
      bool isnull;
      tables_[name] = DatumGetObjectId(SPI_getbinval(row, desc, 2, &isnull));
    }
  }

  // Column number and read plan of `column` in the target's `table`, or nullopt when it has
  // none. Its type must give what the clinic schema's column of that name gives (else 42804).
  std::optional<ColumnRead> column_read(const std::string &table, const std::string &column) {
    const Oid relid = tables_.at(table);
    const char *name = column.c_str();
    const AttrNumber attnum = clinic::pg_guard([relid, name] { return get_attnum(relid, name); });
    if (attnum <= 0) return std::nullopt;
    const char *table_name = table.c_str();
    const Oid clinic_schema = clinic_schema_;
    clinic::pg_guard([clinic_schema, relid, attnum, table_name, name] {
      check_column_type(clinic_schema, relid, attnum, table_name, name);
    });
    const Oid type = clinic::pg_guard([relid, attnum] { return get_atttype(relid, attnum); });
    ColumnRead c{};
    c.attnum = attnum;
    c.as = clinic::pg_guard([type] { return read_as(type); });
    c.base_type = clinic::pg_guard([type] { return getBaseType(type); });
    return c;
  }
  // A column the scan reads when the table has it; else a placeholder the scan skips (every
  // value NULL). *found, when asked, says which.
  ColumnRead column_read_or_skip(const std::string &table, const std::string &column,
                                 bool *found = nullptr) {
    auto r = column_read(table, column);
    if (found) *found = r.has_value();
    if (r) return *r;
    ColumnRead skip{};
    skip.attnum = 1;
    skip.as = kSkip;
    return skip;
  }

  void load_patients() {
    if (patients_loaded_) return;
    patients_loaded_ = true;
    const Oid relid = tables_.at("patients");
    std::vector<ColumnRead> reads;
    for (const char *c : {"id", "sex", "date_of_birth", "deceased_at"}) {
      auto r = column_read("patients", c);
      if (!r) {
        patients_missing_ = std::string("patients has no column ") + c;
        return;
      }
      reads.push_back(*r);
    }
    // deleted_at is optional: without it, only the rules that read it cannot run.
    reads.push_back(column_read_or_skip("patients", "deleted_at", &patients_have_deleted_at_));
    Scan scan{};
    ColumnRead *cols = reads.data();
    clinic::pg_guard([&scan, relid, cols] { scan_begin(&scan, relid, cols, 5); });
    PlainValue row[5];
    Scan *s = &scan;
    while (clinic::pg_guard([s, cols, &row] { return scan_next(s, cols, 5, row); })) {
      // A row without id matches no reference: only patients.appointments.present counts it.
      if (row[0].tag != 'u') {
        if (!(patients_have_deleted_at_ && row[4].tag != 0)) ++live_patients_without_id_;
        continue;
      }
      Patient p{};
      memcpy(p.id, row[0].uuid, UUID_LEN);
      if (row[1].tag == 's') {
        p.sex = intern(std::string_view(row[1].s, row[1].len));
        p.sex_len = row[1].len;
      }
      p.has_date_of_birth = row[2].tag == 'D';
      p.date_of_birth = static_cast<int32>(row[2].i);
      p.has_deceased_at = row[3].tag == 'T';
      p.deceased_at = row[3].i;
      p.deleted = patients_have_deleted_at_ && row[4].tag != 0;  // not NULL
      patients_.push_back(p);
    }
    clinic::pg_guard([s] { scan_end(s); });
    index_patients();
  }

  // Sex labels outlive the scan's row memory: keep one copy of each.
  const char *intern(std::string_view s) {
    for (const std::string &l : labels_)
      if (l == s) return l.c_str();
    labels_.emplace_back(s);
    return labels_.back().c_str();
  }

  // An open-addressing table of indexes into patients_ (4 bytes a slot, at most half full):
  // one or two cache misses a lookup, where a binary search over many rows takes a miss per step.
  static uint64 slot_of(const uint8 *id) {
    // Both halves: every v1 uuid of one machine has the same second half (its node).
    uint64 high, low;
    memcpy(&high, id, sizeof high);
    memcpy(&low, id + 8, sizeof low);
    uint64 h = high * 0x9e3779b97f4a7c15ULL ^ low;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }
  void index_patients() {
    size_t size = 16;
    while (size < patients_.size() * 2) size *= 2;
    slots_.assign(size, -1);
    for (size_t i = 0; i < patients_.size(); ++i) {
      size_t at = slot_of(patients_[i].id) & (size - 1);
      while (slots_[at] >= 0) at = (at + 1) & (size - 1);
      slots_[at] = static_cast<int32_t>(i);
    }
  }
  const Patient *find_patient(const uint8 *id) const {
    if (slots_.empty()) return nullptr;
    const size_t mask = slots_.size() - 1;
    for (size_t at = slot_of(id) & mask; slots_[at] >= 0; at = (at + 1) & mask) {
      const Patient &p = patients_[slots_[at]];
      if (memcmp(p.id, id, UUID_LEN) == 0) return &p;
    }
    return nullptr;
  }

  void validate_table(const std::string &table, std::vector<v::Rule> rules,
                      const std::vector<v::Override> &overrides, std::vector<Output> &out) {
    std::vector<v::Rule> mine;
    for (const v::Rule &r : rules)
      if (r.table == table) mine.push_back(r);
    auto t = tables_.find(table);
    if (t == tables_.end()) {
      for (const v::Rule &r : mine) out.push_back(error_output(r, "table " + table + " missing"));
      return;
    }
    const Oid relid = t->second;
    // Rules whose columns the table lacks are reported, not run.
    std::vector<v::Rule> runnable;
    for (const v::Rule &r : mine) {
      const std::vector<std::string> needed = v::columns_read(r);
      std::string missing;
      for (const std::string &c : needed) {
        if (c.rfind("patients.", 0) == 0) {
          load_patients();
          if (!patients_missing_.empty()) missing = patients_missing_;
          if (c == v::kPatientDeletedAt && !patients_have_deleted_at_)
            missing = "patients has no column deleted_at";
        } else if (!column_read(table, c)) {
          missing = table + " has no column " + c;
        }
      }
      if (missing.empty())
        runnable.push_back(r);
      else
        out.push_back(error_output(r, missing));
    }
    if (runnable.empty()) return;
    v::Options options;
    options.sample_limit = static_cast<size_t>(sample_limit_);
    options.now =
        v::Timestamp{clinic::pg_guard([] { return GetCurrentTransactionStartTimestamp(); })};
    v::RowChecks validator(table, runnable, overrides, options);

    // What to read: the validator's columns, then the row's id and patient_id.
    std::vector<ColumnRead> reads;
    std::vector<int> from;  // per validator column: index into reads, or -1-k for patient field k
    for (const std::string &c : validator.columns()) {
      if (c == v::kPatientSex) {
        from.push_back(-1);
      } else if (c == v::kPatientBirthDate) {
        from.push_back(-2);
      } else if (c == v::kPatientDeathTime) {
        from.push_back(-3);
      } else if (c == v::kPatientDeletedAt) {
        from.push_back(-4);
      } else {
        from.push_back(static_cast<int>(reads.size()));
        reads.push_back(*column_read(table, c));
      }
    }
    const int id_index = static_cast<int>(reads.size());
    bool has_id = false, has_patient_key = false;
    reads.push_back(column_read_or_skip(table, "id", &has_id));
    const int patient_index = static_cast<int>(reads.size());
    reads.push_back(
        column_read_or_skip(table, table == "patients" ? "id" : "patient_id", &has_patient_key));

    const auto started = std::chrono::steady_clock::now();
    Scan scan{};
    Scan *s = &scan;
    ColumnRead *cols = reads.data();
    const int n = static_cast<int>(reads.size());
    clinic::pg_guard([s, relid, cols, n] { scan_begin(s, relid, cols, n); });
    std::vector<PlainValue> plain(reads.size());
    v::RowValues values(from.size());
    PlainValue *row = plain.data();
    // The patient lookup is a cache miss or two in a map of every patient; rows of one patient
    // often come together (a chart is written at once), so the last answer is kept.
    const bool needs_patient =
        patients_loaded_ && std::any_of(from.begin(), from.end(), [](int f) { return f < 0; });
    // The set checks this pass answers from the lookup its rules already built (no lookup is
    // built for them: a patients column of another type would then fail a run that the
    // queries would not).
    const v::SetCheck *reference = nullptr, *visits = nullptr;
    const bool answers_sets = needs_patient && has_id && has_patient_key;
    if (answers_sets)
      for (const v::SetCheck *c : in_pass_wanted_) {
        if (c->in_pass == v::SetCheck::InPass::patient_reference && c->rule.table == table)
          reference = c;
        else if (c->in_pass == v::SetCheck::InPass::patient_visits && table == "appointments" &&
                 patients_have_deleted_at_)
          visits = c;
      }
    int64 orphans = 0;
    LeastKeys orphan_sample(static_cast<size_t>(sample_limit_));
    std::vector<uint8> visited(visits ? patients_.size() : 0);
    const Patient *last_patient = nullptr;
    uint8 last_patient_id[UUID_LEN];
    bool have_last_patient = false;
    while (clinic::pg_guard([s, cols, n, row] { return scan_next(s, cols, n, row); })) {
      const Patient *p = nullptr;
      if (needs_patient && row[patient_index].tag == 'u') {
        const uint8 *pid = row[patient_index].uuid;
        if (!have_last_patient || memcmp(last_patient_id, pid, UUID_LEN) != 0) {
          last_patient = find_patient(pid);
          memcpy(last_patient_id, pid, UUID_LEN);
          have_last_patient = true;
        }
        p = last_patient;
      }
      if (reference && p == nullptr) {  // no patient has this id, or it is NULL
        ++orphans;
        if (row[id_index].tag == 'u') orphan_sample.add(row[id_index].uuid);
      }
      if (visits && p != nullptr) visited[p - patients_.data()] = 1;
      for (size_t i = 0; i < from.size(); ++i) {
        const int f = from[i];
        if (f >= 0)
          values[i] = to_value(row[f]);
        else if (p == nullptr)
          values[i] = std::monostate{};
        else
          values[i] = f == -1   ? p->sex_value()
                      : f == -2 ? p->date_of_birth_value()
                      : f == -3 ? p->deceased_at_value()
                                : p->deleted_at_value();
      }
      const PlainValue &id = row[id_index];
      validator.observe(
          values, [&id] { return id.tag == 'u' ? uuid_text(id.uuid) : std::string("(no id)"); });
    }
    const int64 rows = scan.rows;
    clinic::pg_guard([s] { scan_end(s); });
    rows_scanned_[table] = rows;  // under the statement's snapshot, as the set checks' queries
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const char *name = table.c_str();
    const int checks = static_cast<int>(runnable.size()),
              sets = (reference ? 1 : 0) + (visits ? 1 : 0);
    clinic::pg_guard([name, rows, checks, sets, seconds] {
      ereport(NOTICE,
              (errmsg("clinic.validate: %s: %lld rows, %d row checks, %d set checks, %.2f s", name,
                      static_cast<long long>(rows), checks, sets, seconds)));
    });
    if (reference) {
      Output o = output_of(reference->rule);
      set_counts(o, orphans, rows, reference->rule.threshold_pct);
      o.sample = orphan_sample.texts();
      in_pass_.emplace(reference->rule.check_id, std::move(o));
    }
    if (visits) in_pass_.emplace(visits->rule.check_id, unvisited(*visits, visited));
    for (const v::Result &r : validator.results()) {
      Output o = output_of(r.rule);
      o.status = std::string(v::name(r.status));
      o.violated = r.tally.violated;
      o.total = r.tally.evaluated;
      o.pct = r.pct_violated;
      o.sample = r.tally.sample;
      out.push_back(std::move(o));
    }
  }

  static void set_counts(Output &o, int64 violated, int64 total, double threshold_pct) {
    o.violated = violated;
    o.total = total;
    o.pct = v::percent_violated(violated, total);
    o.status = std::string(v::name(v::status_of(violated, total, threshold_pct)));
  }

  // patients.appointments.present from the appointments' pass: `visited` marks the patient
  // find_patient() gives for an appointment's patient_id (the first of equal ids), so each live
  // patient row is judged by the mark of its id. A live row without id has no appointment.
  Output unvisited(const v::SetCheck &c, const std::vector<uint8> &visited) {
    int64 violated = live_patients_without_id_, total = live_patients_without_id_;
    LeastKeys sample(static_cast<size_t>(sample_limit_));
    for (const Patient &p : patients_) {
      if (p.deleted) continue;
      ++total;
      if (!visited[find_patient(p.id) - patients_.data()]) {
        ++violated;
        sample.add(p.id);
      }
    }
    Output o = output_of(c.rule);
    set_counts(o, violated, total, c.rule.threshold_pct);
    o.sample = sample.texts();
    return o;
  }

  // The name of a valid constraint of the target that proves the check, if any (only with
  // trust_constraints): a unique index, or the exclusion constraint together with a validated
  // CHECK; neither deferrable (inside the caller's transaction a deferred one may be violated).
  // No session can bypass these, as it can a foreign key's triggers.
  std::optional<std::string> proof(const v::SetCheck &c) {
    const Oid table = tables_.at(c.rule.table);
    const char *sql = nullptr;
    switch (c.proof) {
      case v::SetCheck::Proof::unique:
        sql =
            "SELECT ic.relname::text FROM pg_catalog.pg_index i "
            "  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
            " WHERE i.indrelid = $1 AND i.indisunique AND i.indisvalid AND i.indisready "
            "   AND i.indimmediate AND i.indexprs IS NULL "
            "   AND (i.indpred IS NULL OR pg_catalog.pg_get_expr(i.indpred, i.indrelid) = $3) "
            "   AND (SELECT pg_catalog.string_agg(a.attname::text, ',' ORDER BY a.attname COLLATE "
            "\"C\") "
            "          FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid "
            "           AND a.attnum = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1])) = $2 "
            " LIMIT 1";
        break;
      case v::SetCheck::Proof::exclusion:
        // $2: the column whose type %T stands for; $4: the definition; $3: a CHECK that must
        // hold, validated. An exclusion constraint is never NOT VALID.
        sql =
            "SELECT con.conname::text FROM pg_catalog.pg_constraint con "
            "  JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid "
            " WHERE con.conrelid = $1 AND con.contype = 'x' AND NOT con.condeferrable "
            "   AND i.indisvalid AND i.indisready "
            "   AND pg_catalog.pg_get_constraintdef(con.oid) = pg_catalog.replace($4, '%T', "
            "       (SELECT pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute "
            "a "
            "         WHERE a.attrelid = $1 AND a.attname = $2 AND NOT a.attisdropped)) "
            "   AND EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conrelid = $1 "
            "                  AND k.contype = 'c' AND k.convalidated "
            "                  AND pg_catalog.pg_get_constraintdef(k.oid) = $3) "
            " LIMIT 1";
        break;
      case v::SetCheck::Proof::none:
        return std::nullopt;
    }
    clinic::spi::Connection spi;
    const std::string columns = c.proof_columns, predicate = c.proof_predicate,
                      definition = c.proof_definition;
    char *found = clinic::pg_guard([sql, table, &columns, &predicate, &definition]() -> char * {
      Oid types[4] = {OIDOID, TEXTOID, TEXTOID, TEXTOID};
      Datum args[4] = {ObjectIdGetDatum(table), CStringGetTextDatum(columns.c_str()),
                       CStringGetTextDatum(predicate.c_str()),
                       CStringGetTextDatum(definition.c_str())};
      const char nulls[4] = {' ', ' ', predicate.empty() ? 'n' : ' ',
                             definition.empty() ? 'n' : ' '};
      if (SPI_execute_with_args(sql, 4, types, args, nulls, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "could not look for a proving constraint");
      if (SPI_processed == 0) return nullptr;
      return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
    });
    if (found == nullptr) return std::nullopt;
    return std::string(found);
  }

  // The output of a set check that is not run as a query (a table missing: error; proven by a
  // constraint the caller trusts: pass), or nullopt when it runs. Raises 42804 for a column of
  // another kind than the clinic schema's: the query compares and casts the columns it names,
  // so only built-in operators and casts may apply to them.
  std::optional<Output> not_run(const v::SetCheck &c) {
    for (const std::string &t : c.tables)
      if (!tables_.count(t)) return error_output(c.rule, "table " + t + " missing");
    for (const std::string &t : c.tables)
      for (const std::string &column : v::identifiers(c.violating + " " + c.denominator))
        column_read(t, column);
    // Not run: the caller trusts constraints, and one that cannot be bypassed guarantees it.
    if (auto by = trust_constraints_ ? proof(c) : std::nullopt) {
      Output o = output_of(c.rule);
      o.status = "pass";
      o.total_unknown = true;
      o.enforced_by = *by;
      return o;
    }
    return std::nullopt;
  }

  // A check counted against its whole table takes the row count from the row pass, when it
  // scanned that table, instead of a second count(*) scan.
  std::optional<int64> known_total(const v::SetCheck &c) const {
    const auto scanned = rows_scanned_.find(c.rule.table);
    if (!v::counts_whole_table(c) || scanned == rows_scanned_.end()) return std::nullopt;
    return scanned->second;
  }

  // Runs a set check's (or a group's) query: one row.
  void run_query(const std::string &sql) {
    const char *q = sql.c_str();
    const int limit = sample_limit_;
    clinic::pg_guard([q, limit] {
      Oid type = INT4OID;
      Datum args[1] = {Int32GetDatum(limit)};
      if (SPI_execute_with_args(q, 1, &type, args, nullptr, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "set check failed: %s", q);
    });
  }

  // The output of check c from the query's row: violated, total and sample in columns col,
  // col + 1 and col + 2 (SPI's numbering); total from the row pass when known.
  Output set_output(const v::SetCheck &c, int col, std::optional<int64> total) {
    HeapTuple row = SPI_tuptable->vals[0];
    TupleDesc desc = SPI_tuptable->tupdesc;
    bool isnull;
    Output o = output_of(c.rule);
    set_counts(o, DatumGetInt64(SPI_getbinval(row, desc, col, &isnull)),
               total ? *total : DatumGetInt64(SPI_getbinval(row, desc, col + 1, &isnull)),
               c.rule.threshold_pct);
    const Datum sample = SPI_getbinval(row, desc, col + 2, &isnull);
    if (!isnull) {
      ArrayType *a = clinic::pg_guard([sample] { return DatumGetArrayTypeP(sample); });
      Datum *elems;
      bool *nulls;
      int count;
      clinic::pg_guard([a, &elems, &nulls, &count] {
        deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
      });
      for (int i = 0; i < count; ++i)
        if (!nulls[i]) {
          const Datum e = elems[i];
          char *s = clinic::pg_guard([e] { return TextDatumGetCString(e); });
          o.sample.emplace_back(s);
        }
    }
    return o;
  }

  // Runs a check not_run() left to a query of its own.
  void run_set_check(const v::SetCheck &c, std::vector<Output> &out) {
    const char *quoted = clinic::pg_guard([this] { return quote_identifier(schema_); });
    const auto total = known_total(c);
    clinic::spi::Connection spi;
    run_query(v::set_check_sql(c, quoted, total.has_value()));
    out.push_back(set_output(c, 1, total));
  }

  // The groups whose members all run here (in `to_run`: selected, enabled, tables present, not
  // proven), each as one query: their outputs into `settled` by check id. A group with a member
  // that does not run leaves its checks to run one by one.
  void run_set_groups(const std::vector<v::SetCheck> &sets, const std::set<std::string> &to_run,
                      std::map<std::string, Output> &settled) {
    const char *quoted = clinic::pg_guard([this] { return quote_identifier(schema_); });
    for (const v::SetGroup &g : v::set_groups()) {
      std::vector<const v::SetCheck *> members;
      for (const v::SetGroup::Member &m : g.members) {
        if (!to_run.count(m.check_id)) break;
        members.push_back(&*std::find_if(sets.begin(), sets.end(), [&m](const v::SetCheck &c) {
          return c.rule.check_id == m.check_id;
        }));
      }
      if (members.size() != g.members.size()) continue;
      std::vector<std::optional<int64>> totals;
      std::vector<bool> known;
      for (const v::SetCheck *c : members) {
        totals.push_back(known_total(*c));
        known.push_back(totals.back().has_value());
      }
      clinic::spi::Connection spi;
      run_query(v::set_group_sql(g, members, quoted, known));
      for (size_t i = 0; i < members.size(); ++i)
        settled.emplace(members[i]->rule.check_id,
                        set_output(*members[i], static_cast<int>(3 * i + 1), totals[i]));
    }
  }

  Oid target_;
  std::vector<std::string> selectors_;
  int sample_limit_;
  bool trust_constraints_;  // skip the set checks a constraint proves (proof())
  const char *schema_ = nullptr;
  Oid clinic_schema_ = InvalidOid;  // whose tables give each column's expected type
  std::map<std::string, Oid> tables_;
  std::map<std::string, int64> rows_scanned_;  // tables the row pass scanned: their rows
  bool patients_loaded_ = false;
  bool patients_have_deleted_at_ = false;
  std::string patients_missing_;
  std::vector<Patient> patients_;
  int64 live_patients_without_id_ = 0;               // rows not in patients_ (id NULL)
  std::vector<const v::SetCheck *> in_pass_wanted_;  // into execute()'s checks
  std::map<std::string, Output> in_pass_;            // answered by the row pass, by check id
  std::vector<int32_t> slots_;
  std::deque<std::string> labels_;  // a deque: interned pointers stay valid as it grows
};

std::vector<std::string> selectors_arg(FunctionCallInfo fcinfo, int n) {
  std::vector<std::string> out;
  if (PG_ARGISNULL(n)) return out;
  ArrayType *a = clinic::pg_guard([fcinfo, n] { return PG_GETARG_ARRAYTYPE_P(n); });
  if (ARR_NDIM(a) > 1)
    throw clinic::Error(ERRCODE_ARRAY_SUBSCRIPT_ERROR, "checks must be a one-dimensional array");
  Datum *elems;
  bool *nulls;
  int count;
  clinic::pg_guard([a, &elems, &nulls, &count] {
    deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
  });
  for (int i = 0; i < count; ++i) {
    if (nulls[i])
      throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED, "checks must not contain NULL");
    const Datum e = elems[i];
    out.emplace_back(clinic::pg_guard([e] { return TextDatumGetCString(e); }));
  }
  return out;
}

void emit(FunctionCallInfo fcinfo, const std::vector<Output> &rows) {
  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);
  for (const Output &o : rows) {
    std::string sample = "[";
    for (size_t i = 0; i < o.sample.size(); ++i)
      sample += (i ? ", " : "") + clinic::json::quote(o.sample[i]);
    sample += "]";
    const std::string *texts[] = {&o.check_id, &o.check_type, &o.category,
                                  &o.table,    &o.column,     &o.status};
    Datum values[11];
    bool nulls[11] = {};
    for (int i = 0; i < 6; ++i) values[i] = clinic::text_datum(*texts[i]);
    values[6] = Int64GetDatum(o.violated);
    values[7] = Int64GetDatum(o.total);
    nulls[7] = o.total_unknown;
    values[8] = clinic::numeric_datum(std::round(o.pct * 100) / 100);
    values[9] = clinic::numeric_datum(o.threshold);
    const std::string detail = !o.note.empty() ? "{\"error\": " + clinic::json::quote(o.note) + "}"
                               : !o.enforced_by.empty()
                                   ? "{\"enforced_by\": " + clinic::json::quote(o.enforced_by) + "}"
                                   : sample;
    const char *json = detail.c_str();
    values[10] =
        clinic::pg_guard([json] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(json)); });
    clinic::put_row(rsinfo, values, nulls);
  }
}

}  // namespace

CLINIC_FUNCTION(clinic_validate) {
  const Oid target = clinic::target_schema_arg(fcinfo, 0);
  std::vector<std::string> selectors = selectors_arg(fcinfo, 1);
  if (PG_ARGISNULL(2))
    throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED, "sample_limit must not be NULL");
  const int sample_limit = PG_GETARG_INT32(2);
  if (sample_limit < 0 || sample_limit > kMaxSampleLimit)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "sample_limit must be between 0 and " + std::to_string(kMaxSampleLimit),
                        "Got " + std::to_string(sample_limit) + ".");
  if (PG_ARGISNULL(3))
    throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED, "trust_constraints must not be NULL");
  const bool trust_constraints = PG_GETARG_BOOL(3);
  Run run(target, std::move(selectors), sample_limit, trust_constraints);
  std::vector<Output> rows;
  try {
    rows = run.execute();
  } catch (const std::invalid_argument &e) {  // an override the catalogue rejects
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE, e.what(), {},
                        "Fix the row in clinic.validation_rules.");
  }
  emit(fcinfo, rows);
  return 0;
}

// The default rules, row-level and set-level, for clinic.validation_rules.
CLINIC_FUNCTION(clinic_validation_rule_defaults) {
  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);
  auto add = [rsinfo](const v::Rule &r) {
    Datum values[8];
    bool nulls[8] = {};
    const std::string category(v::name(r.category));
    const std::string *texts[] = {&r.check_id, &r.check_type, &category, &r.table, &r.column};
    for (int i = 0; i < 5; ++i) values[i] = clinic::text_datum(*texts[i]);
    values[5] = clinic::numeric_datum(r.threshold_pct);
    // The violating range's finite ends; an infinite end is NULL.
    nulls[6] = !std::isfinite(r.violating.low);
    if (!nulls[6]) values[6] = clinic::numeric_datum(r.violating.low);
    nulls[7] = !std::isfinite(r.violating.high);
    if (!nulls[7]) values[7] = clinic::numeric_datum(r.violating.high);
    clinic::put_row(rsinfo, values, nulls);
  };
  for (const v::Rule &r : v::default_rules()) add(r);
  for (const v::SetCheck &c : v::set_checks()) add(c.rule);
  return 0;
}

// The set-level checks' queries for a target schema ($1: the sample limit), for review and for
// the benchmark's per-rule baseline.
CLINIC_FUNCTION(clinic_validation_set_checks) {
  const Oid target = clinic::target_schema_arg(fcinfo, 0);
  const char *schema = clinic::readable_schema_name(target);
  const std::string quoted = clinic::pg_guard([schema] { return quote_identifier(schema); });
  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);
  for (const v::SetCheck &c : v::set_checks()) {
    Datum values[2] = {clinic::text_datum(c.rule.check_id),
                       clinic::text_datum(v::set_check_sql(c, quoted))};
    bool nulls[2] = {false, false};
    clinic::put_row(rsinfo, values, nulls);
  }
  return 0;
}

// Whether an appointment's status may move from `from` to `to` (the status machine of
// src/core/schema/appointment_status, whatever the start time): the validator's status-history
// check.
CLINIC_FUNCTION(clinic_appointment_transition_allowed) {
  const auto from = clinic::status::parse(clinic::text_view_arg(fcinfo, 0));
  const auto to = clinic::status::parse(clinic::text_view_arg(fcinfo, 1));
  if (!from || !to) return BoolGetDatum(false);
  const auto verdict = clinic::status::check_transition(*from, *to, true);
  return BoolGetDatum(verdict == clinic::status::Verdict::allowed ||
                      verdict == clinic::status::Verdict::unchanged);
}
