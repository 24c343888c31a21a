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
#include "core/validate/charts.hpp"
#include "core/validate/row_checks.hpp"
#include "core/validate/set_checks.hpp"
#include "core/validate/rules.hpp"
#include "pg/access.hpp"
#include "pg/citus.hpp"
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
#include <memory>
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
#include "utils/guc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
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
  bool day;  // a timestamp's date in the session's time zone is wanted too (PlainValue::day)
};

// A value as read: plain data the C++ side turns into a v::Value.
struct PlainValue {
  char tag;  // 0 NULL, 'i' int64, 'd' double, 's' text, 'D' date, 'T' timestamp, 'b' bool, 'u' uuid
  int64 i;
  double d;
  const char *s;
  int len;
  int32 day;  // 'T' with ColumnRead::day: the value cast to date, as SQL's ::date casts it
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
      if (c->day)
        out->day = DatumGetDateADT(DirectFunctionCall1(
            c->base_type == TIMESTAMPTZOID ? timestamptz_date : timestamp_date, d));
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
void check_readable(Oid relid, const ColumnRead *columns, int n) {
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
}

void scan_begin(Scan *s, Oid relid, const ColumnRead *columns, int n) {
  check_readable(relid, columns, n);
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

using v::LeastKeys;

v::Uuid uuid_of(const uint8 *bytes) {
  v::Uuid u;
  memcpy(u.data(), bytes, UUID_LEN);
  return u;
}

// The tables some of these checks read.
std::set<std::string> tables_read(const std::vector<v::Rule> &rules,
                                  const std::vector<v::SetCheck> &sets) {
  std::set<std::string> read;
  for (const v::Rule &r : rules) read.insert(r.table);
  for (const v::SetCheck &c : sets) read.insert(c.tables.begin(), c.tables.end());
  return read;
}
std::set<std::string> catalogue_tables() {
  return tables_read(v::default_rules(), v::set_checks());
}

// An array's elements, deconstructed in the current memory context.
struct Elements {
  Datum *values = nullptr;
  bool *nulls = nullptr;
  int count = 0;
};
Elements elements(ArrayType *a, Oid type) {
  Elements e;
  clinic::pg_guard([a, type, &e] {
    int16 len;
    bool byval;
    char align;
    get_typlenbyvalalign(type, &len, &byval, &align);
    deconstruct_array(a, type, len, byval, align, &e.values, &e.nulls, &e.count);
  });
  return e;
}

// The non-NULL elements of a text[], copied out.
std::vector<std::string> texts(ArrayType *a) {
  const Elements e = elements(a, TEXTOID);
  std::vector<std::string> out;
  for (int i = 0; i < e.count; ++i)
    if (!e.nulls[i]) {
      const Datum d = e.values[i];
      out.emplace_back(clinic::pg_guard([d] { return TextDatumGetCString(d); }));
    }
  return out;
}
std::vector<std::string> texts(Datum array) {
  return texts(clinic::pg_guard([array] { return DatumGetArrayTypeP(array); }));
}

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
  std::string digest;  // a shard group's hashes of a check's shared keys (v::digest_sql())
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

  // clinic._validate_shard(): this run is one shard group's part of a run on Citus, the group
  // of the patients shard `shard`: exactly the checks `ids`, with the caller's node's limits.
  void as_part(int64 shard, int64 first_shard, std::set<std::string> ids,
               std::vector<v::Override> overrides, int64 started) {
    mode_ = Mode::part;
    part_shard_ = shard;
    part_first_shard_ = first_shard;
    part_start_ = started;
    part_ids_ = std::move(ids);
    part_overrides_ = std::move(overrides);
  }

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
    if (mode_ == Mode::part) {
      bind_shards();
      Selection selection = part_selection();
      return run_here(selection);
    }
    const Oid patients = tables_.at("patients");
    if (clinic::pg_guard([patients] { return clinic::pg::citus_hash_distributed(patients); }))
      mode_ = Mode::cluster;
    Selection selection = select();
    if (mode_ == Mode::cluster) return run_on_cluster(selection);
    // A Citus table's rows are in its shards, not in the heap this run would scan.
    for (const std::string &name : catalogue_tables()) {
      auto it = tables_.find(name);
      if (it == tables_.end()) continue;
      const Oid relid = it->second;
      if (clinic::pg_guard([relid] { return clinic::pg::citus_table(relid); }))
        throw clinic::Error(ERRCODE_FEATURE_NOT_SUPPORTED,
                            "table " + std::string(schema_) + "." + name +
                                " is a Citus table, and " + schema_ +
                                ".patients is not distributed by hash",
                            "clinic.validate() reads a Citus schema per shard group of patients.",
                            "Distribute the schema with clinic.distribute().");
    }
    return run_here(selection);
  }

 private:
  enum class Mode { whole, part, cluster };

  // The run's now (the rules about the future): the caller's transaction start, also in a part.
  int64 run_start() const {
    if (part_start_) return *part_start_;
    return clinic::pg_guard([] { return GetCurrentTransactionStartTimestamp(); });
  }

  // What a run checks: the row rules and set checks selected and enabled (set thresholds
  // overridden), and the overrides of the row rules (the evaluator applies them).
  struct Selection {
    std::vector<v::Rule> rules;
    std::vector<v::SetCheck> sets;
    std::vector<v::Override> row_overrides;
  };

  Selection select() {
    const Settings settings = read_settings();
    Selection out;
    out.rules = v::select_rules(selectors_);
    out.sets = v::select_set_checks(selectors_);
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
    auto disabled = [&](const v::Rule &r) { return settings.disabled.count(r.check_id) > 0; };
    out.rules.erase(std::remove_if(out.rules.begin(), out.rules.end(), disabled), out.rules.end());
    out.sets.erase(std::remove_if(out.sets.begin(), out.sets.end(),
                                  [&](const v::SetCheck &c) { return disabled(c.rule); }),
                   out.sets.end());
    std::map<std::string, double> set_thresholds;
    for (const v::Override &o : settings.overrides) {
      bool is_row_rule = false;
      for (const v::Rule &r : v::default_rules())
        is_row_rule = is_row_rule || r.check_id == o.check_id;
      if (is_row_rule)
        out.row_overrides.push_back(o);
      else if (o.threshold_pct)
        set_thresholds[o.check_id] = *o.threshold_pct;
    }
    for (v::SetCheck &c : out.sets)
      if (auto it = set_thresholds.find(c.rule.check_id); it != set_thresholds.end())
        c.rule.threshold_pct = it->second;
    return out;
  }

  // A part runs exactly the checks it is given (already selected and enabled by the caller),
  // but a reference table's rows (the same on every node) only in the first shard group.
  Selection part_selection() const {
    Selection out;
    for (const v::Rule &r : v::default_rules())
      if (part_ids_.count(r.check_id) && (part_first_ || !part_references_.count(r.table)))
        out.rules.push_back(r);
    for (const v::SetCheck &c : v::set_checks())
      if (part_ids_.count(c.rule.check_id)) out.sets.push_back(c);
    out.row_overrides = part_overrides_;
    return out;
  }

  static std::vector<std::string> table_order(const std::vector<v::Rule> &rules) {
    std::vector<std::string> order;  // tables in catalogue order
    for (const v::Rule &r : rules)
      if (std::find(order.begin(), order.end(), r.table) == order.end()) order.push_back(r.table);
    return order;
  }

  // The run on this node's tables: the row pass table by table, then the set checks.
  std::vector<Output> run_here(Selection &selection) {
    // The pass answers what no constraint the caller trusts proves (proof() settles the rest).
    // A part digests a check across patients, which its pass could answer only for its group.
    for (v::SetCheck &c : selection.sets)
      if (c.in_pass != v::SetCheck::InPass::none &&
          !(trust_constraints_ && tables_.count(c.rule.table) && proof(c)) &&
          !(mode_ == Mode::part && by_digest(c)))
        in_pass_wanted_.push_back(&c);
    std::vector<Output> out;
    const std::vector<std::string> order = table_order(selection.rules);
    scanned_.insert(order.begin(), order.end());
    for (const std::string &table : order)
      validate_table(table, selection.rules, selection.row_overrides, out);
    visits_.clear();  // the set checks' queries come next: their memory is work_mem's
    records_.clear();
    // Each check is settled once, in report order: without a query (not_run()), by the row
    // pass, by its group's query, else by its own.
    std::map<std::string, Output> settled;
    std::set<std::string> to_run;
    for (const v::SetCheck &c : selection.sets) {
      if (auto o = not_run(c))
        settled.emplace(c.rule.check_id, std::move(*o));
      else if (auto it = in_pass_.find(c.rule.check_id); it != in_pass_.end())
        settled.emplace(c.rule.check_id, std::move(it->second));
      else
        to_run.insert(c.rule.check_id);
    }
    run_set_groups(selection.sets, to_run, settled);
    for (const v::SetCheck &c : selection.sets) {
      if (auto it = settled.find(c.rule.check_id); it != settled.end())
        out.push_back(std::move(it->second));
      else if (mode_ == Mode::part && by_digest(c))
        out.push_back(run_digest(c));
      else
        run_set_check(c, out);
    }
    return out;
  }

  // On Citus, a check of keys shared across patients that the shard groups answer with digests
  // of their keys (run_digest(), shared_output()): one that reads a distributed table (providers
  // is on every node: its check runs once, over it); the overlap only when the start and the end
  // are of one type (a timestamp's slots and a timestamptz's differ by the zone's offset, where
  // the query compares the two in the caller's zone).
  bool by_digest(const v::SetCheck &c) {
    if (!c.across_patients || c.shared.key.empty() || c.rule.table == "providers") return false;
    if (!c.shared.slots) return true;
    const auto start = column_read(c.rule.table, "appointment_date"),
               end = column_read(c.rule.table, "ends_at");
    return start && end && start->base_type == end->base_type;
  }

  // The target schema as an identifier in the set checks' queries.
  const char *quoted_schema() const {
    return clinic::pg_guard([this] { return quote_identifier(schema_); });
  }

  // A part's digest of a check of shared keys: the rows counted and the hashes of their keys.
  Output run_digest(const v::SetCheck &c) {
    const char *quoted = quoted_schema();
    clinic::spi::Connection spi;
    run_query(v::digest_sql(c, quoted, relations_));
    HeapTuple row = SPI_tuptable->vals[0];
    TupleDesc desc = SPI_tuptable->tupdesc;
    bool isnull;
    Output o = output_of(c.rule);
    set_counts(o, 0, DatumGetInt64(SPI_getbinval(row, desc, 1, &isnull)), c.rule.threshold_pct);
    const char *digest = clinic::pg_guard([row, desc] { return SPI_getvalue(row, desc, 2); });
    if (digest != nullptr) o.digest = digest;
    return o;
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
    if (mode_ == Mode::cluster) {  // the parts read the patients, each its shard's
      ColumnRead *cols = reads.data();
      clinic::pg_guard([relid, cols] { check_readable(relid, cols, 5); });
      return;
    }
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

  // An answer a scan builds for one chart check.
  struct Slot {
    const v::SetCheck *check = nullptr;
    std::optional<v::Answer> answer;
  };
  // What a table's scan does for the chart checks: build the visits' lookup (appointments), or
  // judge rows against the visits' (medical records, vital signs) or the records' (symptoms,
  // prescriptions) lookup.
  struct Chart {
    enum class Role { none, visits, visit_rows, record_rows } role = Role::none;
    // Indexes into the scan's reads, -1 when not read.
    int provider = -1, start = -1, end = -1, status = -1, deleted = -1, parent = -1, at = -1;
    bool has_completed_label = false;  // the status enum has 'completed' (the query casts it)
    bool build_records = false;        // the scan of medical_records builds their lookup
    bool incomplete = false;           // a row the visits' lookup cannot hold
    bool over_budget = false;          // a lookup or the orphans' groups outgrew the budget
    Slot reference, live_parent, day, completed, one_per, window;
    std::vector<const v::SetCheck *> overlaps;
    int64 live = 0;  // live rows: one_per's total
    // Live rows that name no visit: their (patient_id, appointment_id), grouped at the end.
    std::vector<std::array<v::Uuid, 2>> orphan_groups;
    std::array<Slot *, 6> slots() {
      return {&reference, &live_parent, &day, &completed, &one_per, &window};
    }
  };

  // A table's row pass before its scan: the evaluator of the rules that can run (overrides
  // applied), and what to read for it. Rules the table cannot run go to `out` as errors.
  struct Pass {
    std::unique_ptr<v::RowChecks> validator;
    int checks = 0;
    std::vector<ColumnRead> reads;
    std::vector<int> from;  // per validator column: index into reads, or -1-k for patient field k
    int id_index = 0, patient_index = 0;
    bool has_id = false, has_patient_key = false;
    Chart chart;
  };

  std::optional<Pass> prepare_table(const std::string &table, const std::vector<v::Rule> &rules,
                                    const std::vector<v::Override> &overrides,
                                    std::vector<Output> &out) {
    std::vector<v::Rule> mine;
    for (const v::Rule &r : rules)
      if (r.table == table) mine.push_back(r);
    if (!tables_.count(table)) {
      for (const v::Rule &r : mine) out.push_back(error_output(r, "table " + table + " missing"));
      return std::nullopt;
    }
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
    if (runnable.empty()) return std::nullopt;
    v::Options options;
    options.sample_limit = static_cast<size_t>(sample_limit_);
    options.now = v::Timestamp{run_start()};
    Pass pass;
    pass.validator = std::make_unique<v::RowChecks>(table, runnable, overrides, options);
    pass.checks = static_cast<int>(runnable.size());

    // What to read: the validator's columns, then the row's id and patient_id.
    std::vector<ColumnRead> &reads = pass.reads;
    std::vector<int> &from = pass.from;
    for (const std::string &c : pass.validator->columns()) {
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
    pass.id_index = static_cast<int>(reads.size());
    reads.push_back(column_read_or_skip(table, "id", &pass.has_id));
    pass.patient_index = static_cast<int>(reads.size());
    reads.push_back(column_read_or_skip(table, table == "patients" ? "id" : "patient_id",
                                        &pass.has_patient_key));
    if (pass.has_id && pass.has_patient_key) plan_chart(table, pass);
    return pass;
  }

  // The chart checks `table`'s scan answers (SetCheck::in_pass, from the visits and records
  // lookups), and the columns it reads for them. A check whose columns are missing or of a type
  // the pass does not read as its query does is left to its query.
  void plan_chart(const std::string &table, Pass &pass) {
    using P = v::SetCheck::InPass;
    Chart &c = pass.chart;
    auto wanted = [this, &table](P kind) -> const v::SetCheck * {
      for (const v::SetCheck *w : in_pass_wanted_)
        if (w->in_pass == kind && w->pass_table == table) return w;
      return nullptr;
    };
    auto wanted_anywhere = [this](std::initializer_list<P> kinds) {
      for (const v::SetCheck *w : in_pass_wanted_)
        if (std::find(kinds.begin(), kinds.end(), w->in_pass) != kinds.end() &&
            scanned_.count(w->pass_table))
          return true;
      return false;
    };
    auto read = [&](const char *column, char kind, bool day = false) {
      auto r = chart_read(table, column, kind);
      if (!r) return -1;
      r->day = day;
      pass.reads.push_back(*r);
      return static_cast<int>(pass.reads.size()) - 1;
    };
    if (table == "appointments") {
      if (!wanted_anywhere({P::visit_reference, P::visit_live_parent, P::visit_day,
                            P::visit_completed, P::visit_one_per, P::record_visit_window,
                            P::overlap}))
        return;
      const bool days = wanted_anywhere({P::visit_day, P::record_visit_window});
      c.provider = read("provider_id", 'u');
      c.start = read("appointment_date", 'T', days);
      c.end = read("ends_at", 'T');
      c.status = read("status", 'e');
      c.deleted = read("deleted_at", 0);
      if (c.provider < 0 || c.start < 0 || c.end < 0 || c.status < 0 || c.deleted < 0 ||
          pass.reads[c.start].base_type != pass.reads[c.end].base_type)
        return;
      c.role = Chart::Role::visits;
      c.has_completed_label = enum_has_label(pass.reads[c.status].base_type, "completed");
      for (const v::SetCheck *w : in_pass_wanted_)
        if (w->in_pass == P::overlap && w->pass_table == table) c.overlaps.push_back(w);
    } else if (table == "medical_records" || table == "vital_signs" || table == "symptoms" ||
               table == "prescriptions") {
      // A visit's rows, or a record's: each judged against its parent's lookup.
      const bool of_visit = table == "medical_records" || table == "vital_signs";
      if (!(of_visit ? visits_ready_ : records_ready_)) return;
      c.parent = read(of_visit ? "appointment_id" : "medical_record_id", 'u');
      c.deleted = read("deleted_at", 0);
      if (c.parent < 0 || c.deleted < 0) return;
      c.role = of_visit ? Chart::Role::visit_rows : Chart::Role::record_rows;
      c.reference.check = wanted(of_visit ? P::visit_reference : P::record_reference);
      c.live_parent.check = wanted(of_visit ? P::visit_live_parent : P::record_live_parent);
      if (of_visit) {
        c.completed.check = visits_have_completed_label_ ? wanted(P::visit_completed) : nullptr;
        c.one_per.check = wanted(P::visit_one_per);
        if ((c.day.check = wanted(P::visit_day)))
          c.at = read(table == "vital_signs" ? "measured_at" : "recorded_at", 'T', true);
        if (c.at < 0) c.day.check = nullptr;
        c.build_records =
            table == "medical_records" &&
            wanted_anywhere({P::record_reference, P::record_live_parent, P::record_visit_window});
      } else {
        if (records_have_visits_ && (c.window.check = wanted(P::record_visit_window)))
          c.at = read("prescribed_at", 'T', true);
        if (c.at < 0) c.window.check = nullptr;
      }
    }
    for (Slot *slot : c.slots())
      if (slot->check) slot->answer.emplace(static_cast<size_t>(sample_limit_));
  }

  // `column` of the target's `table` as a chart check reads it: the kind of value_kind() (`e`: an
  // enum, whose labels the pass compares as the query does; 0: any type, only whether it is NULL
  // is read). Without the column, of another kind, or not readable by the caller, nullopt: the
  // query runs instead.
  std::optional<ColumnRead> chart_read(const std::string &table, const char *column, char kind) {
    const Oid relid = tables_.at(table);
    const AttrNumber attnum =
        clinic::pg_guard([relid, column] { return get_attnum(relid, column); });
    if (attnum <= 0) return std::nullopt;
    const Oid type = clinic::pg_guard([relid, attnum] { return get_atttype(relid, attnum); });
    ColumnRead c{};
    c.attnum = attnum;
    c.as = clinic::pg_guard([type] { return read_as(type); });
    c.base_type = clinic::pg_guard([type] { return getBaseType(type); });
    if (kind == 0)
      c.as = kOther;
    else if (kind == 'e' ? c.as != kEnum : value_kind(c.as) != kind)
      return std::nullopt;
    // A column the caller may not read: the check's query reads what it names, and fails or not
    // by itself.
    if (!clinic::pg_guard([relid, attnum] { return clinic::may_select_column(relid, attnum); }))
      return std::nullopt;
    return c;
  }

  static bool enum_has_label(Oid type, const char *label) {
    return clinic::pg_guard([type, label] {
      HeapTuple tup =
          SearchSysCache2(ENUMTYPOIDNAME, ObjectIdGetDatum(type), CStringGetDatum(label));
      if (!HeapTupleIsValid(tup)) return false;
      ReleaseSysCache(tup);
      return true;
    });
  }

  // Whether the lookups may take `more` bytes: the lookups of one run stay within
  // maintenance_work_mem (a validation is maintenance work, as VACUUM's); beyond it, their checks'
  // queries run, which spill under work_mem. Each lookup counts its index, built or to be built.
  bool lookups_fit(size_t more) const {
    const size_t budget = static_cast<size_t>(maintenance_work_mem) * 1024;
    return visits_.bytes() + records_.bytes() + orphan_bytes_ + more <= budget;
  }

  void validate_table(const std::string &table, const std::vector<v::Rule> &rules,
                      const std::vector<v::Override> &overrides, std::vector<Output> &out) {
    std::optional<Pass> prepared = prepare_table(table, rules, overrides, out);
    if (!prepared) return;
    const Oid relid = tables_.at(table);
    v::RowChecks &validator = *prepared->validator;
    std::vector<ColumnRead> &reads = prepared->reads;
    const std::vector<int> &from = prepared->from;
    const int id_index = prepared->id_index, patient_index = prepared->patient_index;
    const bool has_id = prepared->has_id, has_patient_key = prepared->has_patient_key;
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
    Chart &chart = prepared->chart;
    const bool vital_rows = table == "vital_signs";
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
        if (row[id_index].tag == 'u') orphan_sample.add(uuid_of(row[id_index].uuid));
      }
      if (visits && p != nullptr) visited[p - patients_.data()] = 1;
      if (chart.role != Chart::Role::none)
        observe_chart(chart, row, id_index, patient_index, vital_rows);
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
      validator.observe(values, [&id] {
        return id.tag == 'u' ? v::uuid_text(uuid_of(id.uuid)) : std::string("(no id)");
      });
    }
    const int64 rows = scan.rows;
    clinic::pg_guard([s] { scan_end(s); });
    rows_scanned_[table] = rows;  // under the statement's snapshot, as the set checks' queries
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const char *name = table.c_str();
    const int sets = (reference ? 1 : 0) + (visits ? 1 : 0) + finish_chart(table, chart, rows);
    const int checks = prepared->checks;
    if (mode_ != Mode::part)  // a part's notices would stay on its node
      clinic::pg_guard([name, rows, checks, sets, seconds] {
        ereport(NOTICE,
                (errmsg("clinic.validate: %s: %lld rows, %d row checks, %d set checks, %.2f s",
                        name, static_cast<long long>(rows), checks, sets, seconds)));
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

  // Room for one more row in a lookup within the budget: false when it does not fit. The rows
  // grow by doubling; while they move, the old and the new room are both held, and once grown the
  // room holds the rows, their index and `transient_bytes` a row (the overlaps' sort keys).
  template <class Row>
  bool grow(v::Lookup<Row> &lookup, size_t transient_bytes) {
    std::vector<Row> &rows = lookup.rows;
    if (rows.size() < rows.capacity()) return true;
    const size_t next = std::max<size_t>(1024, rows.capacity() * 2);
    const size_t moving = (rows.capacity() + next) * sizeof(Row),
                 grown = next * (sizeof(Row) + transient_bytes) + v::Lookup<Row>::index_bytes(next);
    if (!lookups_fit(std::max(moving, grown) - lookup.bytes())) return false;
    rows.reserve(next);
    return true;
  }

  // Room for one more of a scan's orphans' groups within the budget: false when it does not fit.
  bool grow_orphans(Chart &c) {
    auto &groups = c.orphan_groups;
    if (groups.size() < groups.capacity()) return true;
    const size_t next = std::max<size_t>(64, groups.capacity() * 2);
    if (!lookups_fit(next * sizeof(groups[0]))) return false;
    groups.reserve(next);
    orphan_bytes_ = groups.capacity() * sizeof(groups[0]);
    return true;
  }

  void observe_chart(Chart &c, const PlainValue *row, int id_index, int patient_index,
                     bool vitals) {
    if (c.incomplete) return;
    const PlainValue &id = row[id_index], &patient = row[patient_index];
    const bool live = row[c.deleted].tag == 0;
    auto violate = [&id](Slot &slot) {
      if (!slot.answer) return;
      ++slot.answer->violated;
      if (id.tag == 'u')
        slot.answer->sample.add(uuid_of(id.uuid));
      else
        slot.answer->settled = false;  // the query's sample would hold a NULL
    };
    switch (c.role) {
      case Chart::Role::none:
        return;
      case Chart::Role::visits: {
        // Every appointment, keyed: one without a key would stay out of the lookup but not out
        // of the overlaps' windows.
        if (id.tag != 'u' || patient.tag != 'u' || !grow(visits_, v::overlap_bytes(1))) {
          c.over_budget = id.tag == 'u' && patient.tag == 'u';
          c.incomplete = true;
          return;
        }
        v::Visit &visit = visits_.rows.emplace_back();
        visit.patient = uuid_of(patient.uuid);
        visit.id = uuid_of(id.uuid);
        if ((visit.has_provider = row[c.provider].tag == 'u'))
          visit.provider = uuid_of(row[c.provider].uuid);
        if ((visit.has_start = row[c.start].tag == 'T')) {
          visit.start = row[c.start].i;
          visit.day = row[c.start].day;
        }
        if ((visit.has_end = row[c.end].tag == 'T')) visit.end = row[c.end].i;
        const PlainValue &status = row[c.status];
        const std::string_view label =
            status.tag == 's' ? std::string_view(status.s, status.len) : std::string_view();
        visit.deleted = !live;
        visit.active = live && status.tag == 's' && label != "cancelled" && label != "no_show";
        visit.completed = live && status.tag == 's' && label == "completed";
        return;
      }
      case Chart::Role::visit_rows: {
        const PlainValue &parent = row[c.parent];
        v::Visit *visit = patient.tag == 'u' && parent.tag == 'u'
                              ? visits_.find(uuid_of(patient.uuid), uuid_of(parent.uuid))
                              : nullptr;
        if (visit == nullptr) violate(c.reference);
        if (visit && live && visit->deleted) violate(c.live_parent);
        if (visit && c.day.answer && row[c.at].tag == 'T' && visit->has_start &&
            row[c.at].day != visit->day)
          violate(c.day);
        if (visit) {
          uint8_t &any = vitals ? visit->vitals : visit->records;
          uint8_t &lives = vitals ? visit->live_vitals : visit->live_records;
          any = std::min(2, any + 1);
          if (live) lives = std::min(2, lives + 1);
        }
        if (live) {
          ++c.live;
          if (visit == nullptr && c.one_per.answer) {
            if (patient.tag != 'u' || parent.tag != 'u')
              c.one_per.answer->settled = false;  // NULL keys: a group of their own
            else if (!grow_orphans(c)) {
              c.one_per.answer->settled = false;
              c.over_budget = true;
            } else
              c.orphan_groups.push_back({uuid_of(patient.uuid), uuid_of(parent.uuid)});
          }
        }
        if (c.build_records && id.tag == 'u' && patient.tag == 'u') {
          // A record without a key can be no one's parent: the lookup leaves it out.
          if (!grow(records_, 0)) {
            c.build_records = false;
            c.over_budget = true;
            records_.clear();
            return;
          }
          v::Record &r = records_.rows.emplace_back();
          r.patient = uuid_of(patient.uuid);
          r.id = uuid_of(id.uuid);
          r.visit = visit ? static_cast<int32_t>(visit - visits_.rows.data()) : -1;
          r.deleted = !live;
        }
        return;
      }
      case Chart::Role::record_rows: {
        const PlainValue &parent = row[c.parent];
        const v::Record *record = patient.tag == 'u' && parent.tag == 'u'
                                      ? records_.find(uuid_of(patient.uuid), uuid_of(parent.uuid))
                                      : nullptr;
        if (record == nullptr) violate(c.reference);
        if (record && live && record->deleted) violate(c.live_parent);
        if (record && c.window.answer && record->visit >= 0 && row[c.at].tag == 'T') {
          const v::Visit &visit = visits_.rows[record->visit];
          const int32 at = row[c.at].day;
          if (!visit.has_start) {
          } else if (DATE_NOT_FINITE(at) || DATE_NOT_FINITE(visit.day)) {
            c.window.answer->settled = false;  // the query's date subtraction fails on these
          } else if (std::abs(static_cast<int64>(at) - visit.day) > 7) {
            violate(c.window);
          }
        }
        return;
      }
    }
  }

  // After the scan of `table` (`rows` rows): the chart checks it settled go to in_pass_, the
  // lookups it built are indexed. The number settled.
  int finish_chart(const std::string &table, Chart &c, int64 rows) {
    int settled = 0;
    const size_t limit = static_cast<size_t>(sample_limit_);
    orphan_bytes_ = 0;  // the groups go with the scan's Chart
    const auto poll = [] { clinic::pg_guard([] { CHECK_FOR_INTERRUPTS(); }); };
    auto settle = [&](const v::SetCheck *check, v::Answer &a) {
      if (check == nullptr || !a.settled) return;
      Output o = output_of(check->rule);
      set_counts(o, a.violated, a.total, check->rule.threshold_pct);
      o.sample = a.sample.texts();
      in_pass_.emplace(check->rule.check_id, std::move(o));
      ++settled;
    };
    auto over_budget = [this, &table] {
      if (mode_ == Mode::part) return;  // a part's notices would stay on its node
      const char *name = table.c_str();
      clinic::pg_guard([name] {
        ereport(NOTICE, (errmsg("clinic.validate: %s: a lookup built in its scan would exceed "
                                "maintenance_work_mem (%dkB); the checks that need it run as "
                                "queries",
                                name, maintenance_work_mem)));
      });
    };
    if (c.over_budget) over_budget();
    switch (c.role) {
      case Chart::Role::none:
        break;
      case Chart::Role::visits:
        if (c.incomplete) {
          visits_.clear();
          break;
        }
        for (const v::SetCheck *check : c.overlaps) {
          v::Answer a = v::overlaps(visits_.rows, check->rule.column == "provider_id", limit, poll);
          settle(check, a);
        }
        visits_ready_ = visits_.index(poll);  // else two visits share a key: the queries run
        if (!visits_ready_) visits_.clear();
        visits_have_completed_label_ = c.has_completed_label;
        break;
      case Chart::Role::visit_rows: {
        const bool vitals = table == "vital_signs";
        if (c.completed.answer)
          for (const v::Visit &visit : visits_.rows) {
            if (!visit.completed) continue;
            ++c.completed.answer->total;
            if ((vitals ? visit.vitals : visit.records) == 0) {
              ++c.completed.answer->violated;
              c.completed.answer->sample.add(visit.id);
            }
          }
        if (c.one_per.answer) {
          v::Answer &a = *c.one_per.answer;
          for (const v::Visit &visit : visits_.rows)
            a.violated += (vitals ? visit.live_vitals : visit.live_records) > 1;
          size_t compared = 0;
          std::sort(c.orphan_groups.begin(), c.orphan_groups.end(),
                    [&](const auto &x, const auto &y) {
                      if ((++compared & 0xfffff) == 0) poll();
                      return x < y;
                    });
          for (size_t i = 1; i < c.orphan_groups.size(); ++i)
            a.violated += c.orphan_groups[i] == c.orphan_groups[i - 1] &&
                          (i < 2 || c.orphan_groups[i - 1] != c.orphan_groups[i - 2]);
          a.total = c.live;
          // Its key is the least id of each group, which the pass does not keep.
          if (a.violated > 0 && limit > 0) a.settled = false;
        }
        if (c.build_records) {
          records_ready_ = records_.index(poll);
          records_have_visits_ = true;
          if (!records_ready_) records_.clear();
        }
        break;
      }
      case Chart::Role::record_rows:
        break;
    }
    for (Slot *slot : {&c.reference, &c.live_parent, &c.day, &c.window})
      if (slot->answer) slot->answer->total = rows;
    for (Slot *slot : c.slots())
      if (slot->answer) settle(slot->check, *slot->answer);
    return settled;
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
        sample.add(uuid_of(p.id));
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
  // Asked once per check (before the row pass, which need not answer a proven check, and when
  // the check is settled).
  std::optional<std::string> proof(const v::SetCheck &c) {
    auto known = proofs_.find(c.rule.check_id);
    if (known == proofs_.end()) known = proofs_.emplace(c.rule.check_id, find_proof(c)).first;
    return known->second;
  }
  std::optional<std::string> find_proof(const v::SetCheck &c) {
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
    // A column the query names that the clinic schema's table has and the target's lacks: the
    // query cannot run (its types are checked by column_read() otherwise).
    for (const std::string &t : c.tables)
      for (const std::string &column : v::identifiers(c.violating + " " + c.denominator)) {
        if (column_read(t, column)) continue;
        const Oid clinic_schema = clinic_schema_;
        const char *table = t.c_str(), *name = column.c_str();
        if (clinic::pg_guard([clinic_schema, table, name] {
              const Oid reference = get_relname_relid(table, clinic_schema);
              return OidIsValid(reference) && get_attnum(reference, name) > 0;
            }))
          return error_output(c.rule, t + " has no column " + column);
      }
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
    if (!isnull) o.sample = texts(sample);
    return o;
  }

  // Runs a check not_run() left to a query of its own.
  void run_set_check(const v::SetCheck &c, std::vector<Output> &out) {
    const char *quoted = quoted_schema();
    const auto total = known_total(c);
    clinic::spi::Connection spi;
    run_query(v::set_check_sql(c, quoted, total.has_value(), relations_));
    out.push_back(set_output(c, 1, total));
  }

  // The groups whose members all run here (in `to_run`: selected, enabled, tables present, not
  // proven), each as one query: their outputs into `settled` by check id. A group with a member
  // that does not run leaves its checks to run one by one.
  void run_set_groups(const std::vector<v::SetCheck> &sets, const std::set<std::string> &to_run,
                      std::map<std::string, Output> &settled) {
    const char *quoted = quoted_schema();
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
      run_query(v::set_group_sql(g, members, quoted, known, relations_));
      for (size_t i = 0; i < members.size(); ++i)
        settled.emplace(members[i]->rule.check_id,
                        set_output(*members[i], static_cast<int>(3 * i + 1), totals[i]));
    }
  }

  // ------------------------------------------------------------------------------------------
  // On Citus (the target's patients distributed by hash, issue 19). A node's own heaps hold no
  // rows of a distributed table (the coordinator may still hold the stale pre-distribution
  // copy), so the row pass and every check keyed by patient run per shard group, where the
  // shards are, in parallel (clinic._validate_shard() through pg::kCitusShardRuns), and their
  // counts add up; the checks across patients run here as SQL that Citus distributes.

  // The layout the shard groups add up over: patients distributed by id, providers a reference
  // table (on every node), every other table the checks read distributed by patient_id with
  // patients. Any other layout would count a chart's rows in another group, or a table's rows in
  // every group.
  void require_cluster_form(const Selection &selection) {
    std::set<std::string> read = tables_read(selection.rules, selection.sets);
    read.erase("patients");
    std::vector<std::string> order{"patients"};  // first: the others are judged against it
    order.insert(order.end(), read.begin(), read.end());
    const Oid patients = tables_.at("patients");
    for (const std::string &t : order) {
      auto it = tables_.find(t);
      if (it == tables_.end()) continue;  // reported per check
      const Oid table = it->second;
      const char *name = t.c_str();
      const char *wrong = clinic::pg_guard([table, patients, name]() -> const char * {
        namespace pg = clinic::pg;
        if (strcmp(name, "providers") == 0)
          return pg::citus_reference_shard(table) != 0 ? nullptr : "is not a reference table";
        const char *column = pg::citus_distribution_column(table);
        const char *expected = strcmp(name, "patients") == 0 ? "id" : "patient_id";
        if (!pg::citus_hash_distributed(table) || column == nullptr ||
            strcmp(column, expected) != 0)
          return strcmp(name, "patients") == 0 ? "is not distributed by id"
                                               : "is not distributed by patient_id";
        if (!pg::citus_colocated_or_reference(table, patients))
          return "is not co-located with patients";
        return nullptr;
      });
      if (wrong != nullptr)
        throw clinic::Error(ERRCODE_FEATURE_NOT_SUPPORTED,
                            "table " + std::string(schema_) + "." + t + " " + wrong,
                            "On Citus clinic.validate() runs per shard group of patients: patients "
                            "distributed by id, providers a reference table, the other tables by "
                            "patient_id, co-located with patients.",
                            "Distribute the schema with clinic.distribute().");
    }
  }

  std::vector<Output> run_on_cluster(Selection &selection) {
    require_cluster_form(selection);
    // Citus runs the groups over new connections to the workers as the current role: one that
    // cannot log in (SET ROLE to clinic_auditor) would fail in every group.
    const char *cannot_log_in =
        clinic::pg_guard([] { return clinic::pg::citus_role_without_login(); });
    if (cannot_log_in != nullptr)
      throw clinic::Error(ERRCODE_INSUFFICIENT_PRIVILEGE,
                          "role \"" + std::string(cannot_log_in) +
                              "\" cannot log in, and on Citus clinic.validate() runs its shard "
                              "groups on the workers as the current role",
                          {},
                          "Validate as a role with LOGIN that is a member of clinic_auditor, not "
                          "through SET ROLE to a role without LOGIN.");
    // A constraint proves nothing here: an index of the node called may exist on no shard
    // (created with citus.enable_ddl_propagation off), and a shard's proves only its group.
    trust_constraints_ = false;
    const auto started = std::chrono::steady_clock::now();
    // The row rules: checked here (column types, privileges, row-level security, overrides) as
    // on one node, so that the errors name logical tables with their SQLSTATE; run in the parts.
    struct TableRows {
      std::vector<Output> errors;
      std::vector<v::Rule> rules;  // as run, overrides applied
    };
    std::vector<TableRows> tables;
    std::vector<std::string> part_ids;
    for (const std::string &table : table_order(selection.rules)) {
      TableRows t;
      if (std::optional<Pass> pass =
              prepare_table(table, selection.rules, selection.row_overrides, t.errors)) {
        const Oid relid = tables_.at(table);
        const ColumnRead *cols = pass->reads.data();
        const int n = static_cast<int>(pass->reads.size());
        clinic::pg_guard([relid, cols, n] { check_readable(relid, cols, n); });
        for (const v::Result &r : pass->validator->results()) {
          t.rules.push_back(r.rule);
          part_ids.push_back(r.rule.check_id);
        }
      }
      tables.push_back(std::move(t));
    }
    std::map<std::string, Output> settled;
    for (const v::SetCheck &c : selection.sets) {
      if (auto o = not_run(c)) {
        settled.emplace(c.rule.check_id, std::move(*o));
      } else if (!c.across_patients || by_digest(c)) {
        part_ids.push_back(c.rule.check_id);
        require_readable(c);  // as its query would here, before a part meets it
      }
    }
    int groups = 0;
    std::map<std::string, Tally> parts;
    if (!part_ids.empty()) parts = run_parts(part_ids, selection.row_overrides, &groups);
    const auto parts_done = std::chrono::steady_clock::now();
    std::vector<Output> out;
    for (TableRows &t : tables) {
      for (Output &o : t.errors) out.push_back(std::move(o));
      for (const v::Rule &r : t.rules) out.push_back(part_output(r, parts));
    }
    for (const v::SetCheck &c : selection.sets) {
      if (auto it = settled.find(c.rule.check_id); it != settled.end())
        out.push_back(std::move(it->second));
      else if (by_digest(c))
        out.push_back(shared_output(c, parts));
      else if (!c.across_patients)
        out.push_back(part_output(c.rule, parts));
      else
        run_set_check(c, out);
    }
    const auto seconds = [](auto from, auto to) {
      return std::chrono::duration<double>(to - from).count();
    };
    const double in_parts = seconds(started, parts_done),
                 across = seconds(parts_done, std::chrono::steady_clock::now());
    clinic::pg_guard([groups, in_parts, across] {
      ereport(NOTICE, (errmsg("clinic.validate: %d shard groups on Citus, %.2f s; checks across "
                              "patients %.2f s",
                              groups, in_parts, across)));
    });
    return out;
  }

  // 42501 unless the caller may read every column of the check's tables that its query names.
  void require_readable(const v::SetCheck &c) {
    const std::vector<std::string> names = v::identifiers(c.violating + " " + c.denominator);
    for (const std::string &t : c.tables) {
      std::vector<ColumnRead> reads;
      for (const std::string &column : names)
        if (auto r = column_read(t, column)) reads.push_back(*r);
      const Oid relid = tables_.at(t);
      const ColumnRead *cols = reads.data();
      const int n = static_cast<int>(reads.size());
      clinic::pg_guard([relid, cols, n] { check_readable(relid, cols, n); });
    }
  }

  // One check's counts over the parts.
  struct Tally {
    int64 violated = 0, total = 0;
    bool error = false;
    std::string note;
    int64 note_shard = 0;  // the shard whose part gave the note
    std::vector<std::string> sample;
    std::vector<std::string> digests;  // a check of shared keys: the groups' digests
  };

  // The parts' counts by check id. `ids` are the checks the parts run, with the row rules'
  // limits overridden as here.
  std::map<std::string, Tally> run_parts(const std::vector<std::string> &ids,
                                         const std::vector<v::Override> &overrides, int *groups) {
    auto element = [](const std::string &s) {
      std::string e = "\"";
      for (char c : s) {
        if (c == '"' || c == '\\') e += '\\';
        e += c;
      }
      return e + "\"";
    };
    auto number = [](const std::optional<double> &d) {
      if (!d) return std::string("NULL");
      char buf[64];
      snprintf(buf, sizeof buf, "%.17g", *d);
      return std::string(buf);
    };
    std::string id_array, override_ids, lows, highs;
    for (const std::string &id : ids) id_array += (id_array.empty() ? "" : ",") + element(id);
    for (const v::Override &o : overrides) {
      if (!o.low && !o.high) continue;  // a threshold is applied here, to the sums
      const bool first = override_ids.empty();
      override_ids += (first ? "" : ",") + element(o.check_id);
      lows += (first ? "" : ",") + number(o.low);
      highs += (first ? "" : ",") + number(o.high);
    }
    // The group that checks the reference tables' rows: one group, the same for every part.
    const Oid patients = tables_.at("patients");
    const int64 first_shard =
        clinic::pg_guard([patients] { return clinic::pg::citus_first_shard(patients); });
    // The command is formatted with the shard's name (%L): every other %
    // doubled.
    auto literal = [](const std::string &array) {
      const char *a = array.c_str();
      std::string quoted = clinic::pg_guard([a] { return quote_literal_cstr(a); });
      std::string out;
      for (char c : quoted) out += c == '%' ? std::string("%%") : std::string(1, c);
      return out;
    };
    const std::string command =
        "SELECT clinic._validate_shard(%L::pg_catalog.regclass, " + literal("{" + id_array + "}") +
        "::pg_catalog.text[], " + literal("{" + override_ids + "}") + "::pg_catalog.text[], " +
        literal("{" + lows + "}") + "::pg_catalog.float8[], " + literal("{" + highs + "}") +
        "::pg_catalog.float8[], " + std::to_string(sample_limit_) + ", " +
        std::to_string(run_start()) + ", " + literal(time_zone()) + ", " +
        std::to_string(first_shard) + ")::pg_catalog.text";
    const std::string query =
        "SELECT s.shardid, s.success, s.message, p.check_id, p.status, p.violated, p.total, "
        "p.sample, p.note, p.digest, s.shards FROM " +
        std::string(clinic::pg::kCitusShardRuns) +
        " s LEFT JOIN LATERAL pg_catalog.jsonb_to_recordset(s.result) AS p(check_id text, "
        "status text, violated bigint, total bigint, sample text[], note text, digest text) ON "
        "true";
    const char *cmd = command.c_str(), *sql = query.c_str();
    clinic::spi::Connection spi;
    clinic::pg_guard([patients, cmd, sql] {
      Oid types[2] = {REGCLASSOID, TEXTOID};
      Datum args[2] = {ObjectIdGetDatum(patients), CStringGetTextDatum(cmd)};
      if (SPI_execute_with_args(sql, 2, types, args, nullptr, true, 0) != SPI_OK_SELECT)
        elog(ERROR, "could not run clinic.validate() on the shards");
    });
    std::map<std::string, Tally> out;
    std::set<int64> shards;
    bool any_failed = false;
    int64 failed_shard = 0;
    std::string failed, failed_message;  // the failed command's shards, its node's message
    for (uint64 i = 0; i < SPI_processed; ++i) {
      HeapTuple row = SPI_tuptable->vals[i];
      TupleDesc desc = SPI_tuptable->tupdesc;
      bool isnull;
      const int64 shard = DatumGetInt64(SPI_getbinval(row, desc, 1, &isnull));
      shards.insert(shard);
      auto column_text = [row, desc](int col) -> std::string {
        const char *s = clinic::pg_guard([row, desc, col] { return SPI_getvalue(row, desc, col); });
        return s ? s : "";
      };
      // The rows come in no set order (unsorted: they carry the digests): what is reported of
      // one shard is the least shard's.
      if (!DatumGetBool(SPI_getbinval(row, desc, 2, &isnull))) {
        if (!any_failed || shard < failed_shard) {
          any_failed = true;
          failed_shard = shard;
          failed = column_text(11);
          failed_message = column_text(3);
        }
        continue;
      }
      if (clinic::pg_guard([row, desc] { return SPI_getvalue(row, desc, 4); }) == nullptr)
        continue;  // a part that ran no check
      Tally &t = out[column_text(4)];
      t.error = t.error || column_text(5) == "error";
      t.violated += DatumGetInt64(SPI_getbinval(row, desc, 6, &isnull));
      const int64 total = DatumGetInt64(SPI_getbinval(row, desc, 7, &isnull));
      t.total += total;
      if (std::string note = column_text(9);
          !note.empty() && (t.note.empty() || shard < t.note_shard)) {
        t.note = std::move(note);
        t.note_shard = shard;
      }
      // A part that counted rows of a check across patients but sent no digest of them (its
      // shard's columns of other types than the table's: it ran the check on its own) asks for
      // the whole query; only shared_output() reads digests.
      if (std::string digest = column_text(10); !digest.empty())
        t.digests.push_back(digest);
      else if (total > 0)
        t.digests.push_back("all");
      const Datum sample = SPI_getbinval(row, desc, 8, &isnull);
      if (isnull) continue;
      for (std::string &key : texts(sample)) t.sample.push_back(std::move(key));
    }
    if (any_failed)
      throw clinic::Error(
          ERRCODE_EXTERNAL_ROUTINE_EXCEPTION,
          "clinic.validate() failed on the node of " + failed + " of " + schema_ + ".patients",
          failed_message, "Nothing was counted. Run it again once the node is healthy.");
    *groups = static_cast<int>(shards.size());
    // A shard without an active placement is left out.
    const int64 expected =
        clinic::pg_guard([patients] { return clinic::pg::citus_shard_count(patients); });
    if (*groups != expected)
      throw clinic::Error(
          ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
          "clinic.validate() reached " + std::to_string(*groups) + " of the " +
              std::to_string(expected) + " shards of " + schema_ + ".patients",
          {}, "A shard has no active placement: repair the cluster, then run it again.");
    return out;
  }

  // A check of shared keys from the groups' digests: the rows it counts against are the groups'
  // sum; its violating keys are those of the hashes two rows share, over the distributed tables,
  // found by the check's query over only those hashes (none in a clean schema: no query).
  Output shared_output(const v::SetCheck &c, const std::map<std::string, Tally> &parts) {
    clinic::pg_guard([] { CHECK_FOR_INTERRUPTS(); });  // between checks: a cancel stops the run
    auto it = parts.find(c.rule.check_id);
    if (it == parts.end() || it->second.error) return part_output(c.rule, parts);
    const Tally &t = it->second;
    std::optional<std::vector<int64_t>> repeated;
    try {
      repeated = v::repeated_hashes(t.digests);
    } catch (const std::invalid_argument &e) {
      throw clinic::Error(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION,
                          "a shard group's digest of check " + c.rule.check_id + " is malformed",
                          e.what());
    }
    if (repeated && repeated->empty()) {
      Output o = output_of(c.rule);
      set_counts(o, 0, t.total, c.rule.threshold_pct);
      return o;
    }
    const char *quoted = quoted_schema();
    clinic::spi::Connection spi;
    run_query(v::shared_sql(c, repeated, quoted));
    return set_output(c, 1, t.total);
  }

  // The caller's TimeZone, which decides a timestamptz's day in the parts as here.
  static std::string time_zone() {
    return clinic::pg_guard([] { return GetConfigOption("TimeZone", false, false); });
  }

  // A check's output from the parts' sums: its status by this node's threshold; the sample the
  // least keys in byte order (as a set check's query orders its own), duplicates kept.
  Output part_output(const v::Rule &rule, const std::map<std::string, Tally> &parts) {
    auto it = parts.find(rule.check_id);
    if (it == parts.end()) return error_output(rule, "no shard group reported this check");
    const Tally &t = it->second;
    Output o = output_of(rule);
    set_counts(o, t.violated, t.total, rule.threshold_pct);
    if (t.error) {
      o.status = "error";
      o.note = t.note;
    }
    o.sample = t.sample;
    std::sort(o.sample.begin(), o.sample.end());
    if (o.sample.size() > static_cast<size_t>(sample_limit_)) o.sample.resize(sample_limit_);
    return o;
  }

  // A part's tables: each table a check reads, read from its shard in the group of patients
  // shard part_shard_ (a reference table from its only shard), placed on this node. A table that
  // is no Citus table holds only this node's rows: the checks reading it report it missing.
  void bind_shards() {
    part_first_ = part_shard_ == part_first_shard_;
    std::map<std::string, Oid> shards;
    for (const std::string &name : catalogue_tables()) {
      auto it = tables_.find(name);
      if (it == tables_.end()) continue;
      const Oid logical = it->second;
      const int64 group = part_shard_;
      const Oid nsp = target_;
      const char *table = name.c_str();
      bool reference = false;
      const Oid relid = clinic::pg_guard([group, nsp, table, logical, &reference]() -> Oid {
        namespace pg = clinic::pg;
        if (!pg::citus_table(logical)) return InvalidOid;
        reference = !pg::citus_hash_distributed(logical);
        const int64 id = reference ? pg::citus_reference_shard(logical)
                                   : pg::citus_colocated_shard(group, logical);
        if (id == 0) return InvalidOid;
        // Citus's name for the clinic tables' shards (short names: no hashed form).
        char relname[NAMEDATALEN + 32];
        snprintf(relname, sizeof relname, "%s_" INT64_FORMAT, table, id);
        const Oid shard = get_relname_relid(relname, nsp);
        if (!OidIsValid(shard) || !pg::citus_placement_here(id) ||
            get_rel_relkind(shard) != RELKIND_RELATION)
          ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                          errmsg("shard %s of table \"%s\" is not on this node", relname, table),
                          errhint("A shard moved while clinic.validate() ran: run it again.")));
        return shard;
      });
      if (!OidIsValid(relid)) continue;
      if (reference) part_references_.insert(name);
      shards[name] = relid;
      relations_[name] =
          clinic::pg_guard([relid] { return quote_identifier(get_rel_name(relid)); });
    }
    tables_ = std::move(shards);
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
  v::Lookup<v::Visit> visits_;                // the appointments, for the chart checks (Chart)
  v::Lookup<v::Record> records_;              // the medical records, likewise
  bool visits_ready_ = false;                 // visits_ holds every appointment, indexed
  bool records_ready_ = false;                // records_ holds every keyed medical record, indexed
  bool records_have_visits_ = false;          // each record's visit found in visits_
  bool visits_have_completed_label_ = false;  // appointments' status enum has 'completed'
  size_t orphan_bytes_ = 0;                   // the scan's Chart::orphan_groups, for the budget
  std::map<std::string, std::optional<std::string>> proofs_;  // proof(), by check id
  std::set<std::string> scanned_;                             // the tables the row pass scans
  std::vector<int32_t> slots_;
  std::deque<std::string> labels_;  // a deque: interned pointers stay valid as it grows
  Mode mode_ = Mode::whole;
  int64 part_shard_ = 0;                     // a part's patients shard
  std::optional<int64> part_start_;          // a part's caller's transaction start
  bool part_first_ = false;                  // the group of patients' lowest shard
  int64 part_first_shard_ = 0;               // that shard, as the caller saw it
  std::set<std::string> part_references_;    // a part's reference tables
  std::set<std::string> part_ids_;           // a part's checks
  std::vector<v::Override> part_overrides_;  // a part's row limits
  v::Relations relations_;                   // a part's shards, by table (quoted)
};

std::vector<std::string> selectors_arg(FunctionCallInfo fcinfo, int n,
                                       const std::string &name = "checks") {
  if (PG_ARGISNULL(n)) return {};
  ArrayType *a = clinic::pg_guard([fcinfo, n] { return PG_GETARG_ARRAYTYPE_P(n); });
  if (ARR_NDIM(a) > 1)
    throw clinic::Error(ERRCODE_ARRAY_SUBSCRIPT_ERROR, name + " must be a one-dimensional array");
  if (clinic::pg_guard([a] { return array_contains_nulls(a); }))
    throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED, name + " must not contain NULL");
  return texts(a);
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

// One shard group's part of clinic.validate() on Citus (Run::run_on_cluster): the checks `ids`
// over the shards co-located with the patients shard `shard`, the row limits overridden by
// (override_ids, lows, highs), as JSON: [{check_id, status, violated, total, sample, note}], with
// `digest` for a check of shared keys across patients (v::digest_sql()).
CLINIC_FUNCTION(clinic_validate_shard) {
  const Oid shard_rel = PG_GETARG_OID(0);
  const std::vector<std::string> ids = selectors_arg(fcinfo, 1);
  const std::vector<std::string> override_ids = selectors_arg(fcinfo, 2, "override_ids");
  auto numbers = [fcinfo](int n) {
    std::vector<std::optional<double>> out;
    ArrayType *a = clinic::pg_guard([fcinfo, n] { return PG_GETARG_ARRAYTYPE_P(n); });
    if (ARR_NDIM(a) > 1)
      throw clinic::Error(ERRCODE_ARRAY_SUBSCRIPT_ERROR, "lows and highs must be one-dimensional");
    const Elements e = elements(a, FLOAT8OID);
    for (int i = 0; i < e.count; ++i)
      out.push_back(e.nulls[i] ? std::nullopt : std::optional<double>(DatumGetFloat8(e.values[i])));
    return out;
  };
  const auto lows = numbers(3), highs = numbers(4);
  if (lows.size() != override_ids.size() || highs.size() != override_ids.size())
    throw clinic::Error(ERRCODE_ARRAY_SUBSCRIPT_ERROR,
                        "override_ids, lows and highs must have the same length");
  std::vector<v::Override> overrides;
  for (size_t i = 0; i < override_ids.size(); ++i)
    overrides.push_back({override_ids[i], std::nullopt, lows[i], highs[i]});
  const int sample_limit = PG_GETARG_INT32(5);
  if (sample_limit < 0 || sample_limit > kMaxSampleLimit)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "sample_limit must be between 0 and " + std::to_string(kMaxSampleLimit));
  const int64 run_start = PG_GETARG_INT64(6);
  // The caller's TimeZone for this call only (GUC_ACTION_SAVE: undone with the function's own
  // settings as it returns): a timestamptz's day is the caller's.
  const std::string time_zone = clinic::text_arg(fcinfo, 7);
  const char *zone = time_zone.c_str();
  clinic::pg_guard([zone] {
    (void)set_config_option("TimeZone", zone, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true,
                            ERROR, false);
  });
  Oid logical = InvalidOid;
  const int64 shard = clinic::pg_guard(
      [shard_rel, &logical] { return clinic::pg::citus_shard_of(shard_rel, &logical); });
  const bool of_patients = shard != 0 && clinic::pg_guard([logical] {
                             const char *name = get_rel_name(logical);
                             return name != nullptr && strcmp(name, "patients") == 0 &&
                                    clinic::pg::citus_hash_distributed(logical);
                           });
  if (!of_patients)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "relation is not a shard of a distributed patients table",
                        "clinic._validate_shard() is clinic.validate()'s part on a Citus node.");
  const Oid target = clinic::pg_guard([logical] { return get_rel_namespace(logical); });
  Run run(target, {}, sample_limit, false);
  run.as_part(shard, PG_GETARG_INT64(8), std::set<std::string>(ids.begin(), ids.end()), overrides,
              run_start);
  std::vector<Output> rows;
  try {
    rows = run.execute();
  } catch (const std::invalid_argument &e) {
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE, e.what());
  }
  std::string json = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Output &o = rows[i];
    std::string sample = "[";
    for (size_t k = 0; k < o.sample.size(); ++k)
      sample += (k ? ", " : "") + clinic::json::quote(o.sample[k]);
    json += std::string(i ? ", " : "") + "{\"check_id\": " + clinic::json::quote(o.check_id) +
            ", \"status\": " + clinic::json::quote(o.status) +
            ", \"violated\": " + std::to_string(o.violated) +
            ", \"total\": " + std::to_string(o.total) + ", \"sample\": " + sample +
            "], \"note\": " + clinic::json::quote(o.note) +
            (o.digest.empty() ? "" : ", \"digest\": " + clinic::json::quote(o.digest)) + "}";
  }
  json += "]";
  const char *parts = json.c_str();
  return clinic::pg_guard(
      [parts] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(parts)); });
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
