#include "pg/pg.hpp"

#include "audit/scan.hpp"

#include "pg/boundary.hpp"
#include "pg/compat.hpp"
#include "pg/internals/indexdef.hpp"
#include "pg/datum.hpp"
#include "pg/internals/relation_stats.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <exception>
#include <map>
#include <string>
#include <utility>

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_description.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_index.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "catalog/pg_authid.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "commands/defrem.h"
#include "utils/ruleutils.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
}

namespace clinic {
namespace {

// A text-like value (text, pg_node_tree), detoasted; nullopt for NULL.
std::optional<std::string> text_datum(Datum d, bool isnull) {
  if (isnull) return std::nullopt;
  return take_cstring(pg_guard([d] { return TextDatumGetCString(d); }));
}

// A sequential scan of one catalog, under a registered catalog snapshot, as systable_beginscan
// makes one without an index (and, like it, never a synchronized scan, which could start mid-way
// and change the order rows come in). Closed by the destructor unless an error is unwinding (then
// transaction abort releases the scan, the snapshot and the lock).
class CatalogScan {
 public:
  explicit CatalogScan(Oid catalog) {
    rel_ = pg_guard([catalog] { return table_open(catalog, AccessShareLock); });
    Relation rel = rel_;
    Snapshot *snapshot = &snapshot_;
    scan_ = pg_guard([rel, snapshot] {
      *snapshot = RegisterSnapshot(GetCatalogSnapshot(RelationGetRelid(rel)));
      return table_beginscan_strat(rel, *snapshot, 0, nullptr, true, false);
    });
  }
  ~CatalogScan() {
    if (std::uncaught_exceptions() == 0) {
      table_endscan(scan_);
      UnregisterSnapshot(snapshot_);
      table_close(rel_, AccessShareLock);
    }
  }
  CatalogScan(const CatalogScan &) = delete;
  CatalogScan &operator=(const CatalogScan &) = delete;

  HeapTuple next() {
    return next([](HeapTuple) { return true; });
  }
  // The next row `keep` accepts: rows are tested inside one guarded call, so the rows a scan
  // passes over (most of pg_attribute, for one schema) cost no guard of their own. `keep` reads
  // the row's fixed fields only and must not throw or allocate.
  template <class Keep>
  HeapTuple next(Keep keep) {
    TableScanDesc scan = scan_;
    return pg_guard([scan, &keep] {
      HeapTuple tup;
      while ((tup = heap_getnext(scan, ForwardScanDirection)) != nullptr && !keep(tup)) {
      }
      return tup;
    });
  }
  // Every attribute of the row at once (a row with varlena fields is walked once, not once per
  // attribute): values point into the row.
  void deform(HeapTuple tuple, Datum *values, bool *nulls) const {
    heap_deform_tuple(tuple, RelationGetDescr(rel_), values, nulls);
  }
  // A text-like attribute (text, pg_node_tree), detoasted; nullopt for NULL.
  std::optional<std::string> text_attr(HeapTuple tuple, int attnum) const {
    bool isnull;
    const Datum d = heap_getattr(tuple, attnum, RelationGetDescr(rel_), &isnull);
    return text_datum(d, isnull);
  }
  bool is_null(HeapTuple tuple, int attnum) const {
    bool isnull;
    heap_getattr(tuple, attnum, RelationGetDescr(rel_), &isnull);
    return isnull;
  }
  // An int2[] attribute (conkey, confkey).
  catalog::AttNums int2_array(HeapTuple tuple, int attnum) const {
    bool isnull;
    const Datum d = heap_getattr(tuple, attnum, RelationGetDescr(rel_), &isnull);
    catalog::AttNums out;
    if (!isnull) clinic::int2_array(d, &out);
    return out;
  }
  Datum raw(HeapTuple tuple, int attnum, bool *isnull) const {
    return heap_getattr(tuple, attnum, RelationGetDescr(rel_), isnull);
  }

 private:
  Relation rel_;
  Snapshot snapshot_ = nullptr;
  TableScanDesc scan_;
};

// Type names and formatted types, each looked up once; the last few answers are kept in a small
// direct-mapped table in front of the maps (a schema's 50,000 columns have a handful of types).
class TypeNames {
 public:
  const std::string &formatted(Oid type, int32 typmod) {
    Recent &r = recent_formatted_[(type * 31u + static_cast<uint32>(typmod)) % kRecent];
    if (r.value != nullptr && r.type == type && r.typmod == typmod) return *r.value;
    auto key = std::make_pair(type, typmod);
    auto it = formatted_.find(key);
    if (it == formatted_.end())
      it = formatted_
               .emplace(key, take_cstring(pg_guard([type, typmod] {
                          return format_type_with_typemod(type, typmod);
                        })))
               .first;
    r = {type, typmod, &it->second};
    return it->second;
  }
  // (typname, is_enum)
  const std::pair<std::string, bool> &info(Oid type) {
    RecentInfo &r = recent_info_[type % kRecent];
    if (r.value != nullptr && r.type == type) return *r.value;
    const auto &found = lookup_info(type);
    r = {type, &found};
    return found;
  }

 private:
  static constexpr uint32 kRecent = 64;
  struct Recent {
    Oid type = InvalidOid;
    int32 typmod = 0;
    const std::string *value = nullptr;  // a map node's: stable
  };
  struct RecentInfo {
    Oid type = InvalidOid;
    const std::pair<std::string, bool> *value = nullptr;
  };

  const std::pair<std::string, bool> &lookup_info(Oid type) {
    auto it = info_.find(type);
    if (it != info_.end()) return it->second;
    char *name = nullptr;
    char kind = 0;
    char **name_out = &name;
    char *kind_out = &kind;
    pg_guard([type, name_out, kind_out] {
      HeapTuple tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
      if (!HeapTupleIsValid(tup)) elog(ERROR, "cache lookup failed for type %u", type);
      const Form_pg_type t = reinterpret_cast<Form_pg_type>(GETSTRUCT(tup));
      // A type outside pg_catalog is named with its schema: a schema may hold its own "text".
      *name_out = t->typnamespace == PG_CATALOG_NAMESPACE
                      ? pstrdup(NameStr(t->typname))
                      : psprintf("%s.%s", get_namespace_name(t->typnamespace), NameStr(t->typname));
      *kind_out = t->typtype;
      ReleaseSysCache(tup);
    });
    return info_.emplace(type, std::make_pair(take_cstring(name), kind == TYPTYPE_ENUM))
        .first->second;
  }

  std::map<std::pair<Oid, int32>, std::string> formatted_;
  std::map<Oid, std::pair<std::string, bool>> info_;
  std::array<Recent, kRecent> recent_formatted_;
  std::array<RecentInfo, kRecent> recent_info_;
};

// A stored expression tree without its ":location N" fields: they record where the expression
// sat in the statement's text, so two identical index expressions created by different
// statements differ there and nowhere else.
std::string without_locations(const std::optional<std::string> &tree) {
  if (!tree) return {};
  static const char kField[] = ":location ";
  std::string out;
  out.reserve(tree->size());
  size_t from = 0;
  for (size_t at; (at = tree->find(kField, from)) != std::string::npos;) {
    at += sizeof kField - 1;
    out.append(*tree, from, at - from);
    if (at < tree->size() && (*tree)[at] == '-') ++at;
    while (at < tree->size() && std::isdigit(static_cast<unsigned char>((*tree)[at]))) ++at;
    from = at;
  }
  out.append(*tree, from, std::string::npos);
  return out;
}

// A text-like attribute (text, pg_node_tree) of a deformed row, detoasted; nullopt for NULL.
std::optional<std::string> text_value(const Datum *values, const bool *nulls, int attnum) {
  return text_datum(values[attnum - 1], nulls[attnum - 1]);
}

// Sorts a table's constraints or indexes by name (bytes): by positions, then each moved once
// (sorting the objects themselves moved each several times, and they are large).
template <class T>
void sort_by_name(std::vector<T> &v) {
  const auto by_name = [](const T &x, const T &y) { return x.name < y.name; };
  if (std::is_sorted(v.begin(), v.end(), by_name)) return;
  std::vector<uint32> order(v.size());
  for (uint32 k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32 a, uint32 b) { return by_name(v[a], v[b]); });
  std::vector<T> sorted;
  sorted.reserve(v.size());
  for (const uint32 k : order) sorted.push_back(std::move(v[k]));
  v.swap(sorted);
}

catalog::Table *table_at(catalog::Schema &s, const TableIndex &tables, Oid relid) {
  const auto it = tables.find(relid);
  return it == tables.end() ? nullptr : &s.tables[it->second];
}

std::string deparse_expression_text(const std::string &node_tree, Oid relid) {
  const char *tree = node_tree.c_str();
  return take_cstring(pg_guard([tree, relid] {
    return TextDatumGetCString(
        DirectFunctionCall2(pg_get_expr, CStringGetTextDatum(tree), ObjectIdGetDatum(relid)));
  }));
}

}  // namespace

namespace {

// A role's name as pg_get_userbyid() gives it ("unknown (OID=n)" for a dropped one); PUBLIC for 0.
std::string role_name(Oid role, std::map<Oid, std::string> &known) {
  if (role == ACL_ID_PUBLIC) return "PUBLIC";
  auto it = known.find(role);
  if (it == known.end()) {
    char *name = pg_guard([role] {
      const char *n = GetUserNameFromId(role, true);
      return n ? pstrdup(n) : psprintf("unknown (OID=%u)", role);
    });
    it = known.emplace(role, take_cstring(name)).first;
  }
  return it->second;
}

// The privileges an ACL grants, one Grant per grantee and privilege, named as aclexplode()
// names them (for a column: SELECT, INSERT, UPDATE, REFERENCES).
void explode_acl(Datum acl_datum, const std::optional<std::string> &column,
                 std::vector<catalog::Grant> &out, std::map<Oid, std::string> &roles) {
  const Acl *acl = pg_guard([acl_datum] { return DatumGetAclP(acl_datum); });
  const AclItem *items = ACL_DAT(acl);
  static const std::pair<AclMode, const char *> kRights[] = {
      {ACL_INSERT, "INSERT"},     {ACL_SELECT, "SELECT"},         {ACL_UPDATE, "UPDATE"},
      {ACL_DELETE, "DELETE"},     {ACL_TRUNCATE, "TRUNCATE"},     {ACL_REFERENCES, "REFERENCES"},
      {ACL_TRIGGER, "TRIGGER"},   {ACL_EXECUTE, "EXECUTE"},       {ACL_USAGE, "USAGE"},
      {ACL_CREATE, "CREATE"},     {ACL_CREATE_TEMP, "TEMPORARY"}, {ACL_CONNECT, "CONNECT"},
#ifdef ACL_MAINTAIN
      {ACL_MAINTAIN, "MAINTAIN"},  // PostgreSQL 17
#endif
  };
  for (int i = 0; i < ACL_NUM(acl); ++i) {
    const AclMode privs = ACLITEM_GET_PRIVS(items[i]);
    for (const auto &[bit, name] : kRights)
      if (privs & bit) out.push_back({role_name(items[i].ai_grantee, roles), name, column});
  }
}

}  // namespace

IndexClasses scan_relations(catalog::Schema &s, Oid nsp, const std::set<std::string> &excluded,
                            bool statistics, TableIndex &tables) {
  // Tables whose rows pg_dump dumps (pg_extension_config_dump): every extension's extconfig.
  std::set<Oid> config_tables;
  {
    CatalogScan scan(ExtensionRelationId);
    for (HeapTuple tup; (tup = scan.next()) != nullptr;) {
      bool isnull;
      const Datum d = scan.raw(tup, Anum_pg_extension_extconfig, &isnull);
      if (isnull) continue;
      ArrayType *a = pg_guard([d] { return DatumGetArrayTypeP(d); });
      const int n = ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
      const Oid *v = reinterpret_cast<const Oid *>(ARR_DATA_PTR(a));
      config_tables.insert(v, v + n);
    }
  }
  // has_table_privilege(oid, 'SELECT') from the row in hand instead of a syscache lookup per
  // table (10,000 misses in a new session): what pg_class_aclmask decides for SELECT.
  const Oid user = GetUserId();
  const bool reads_everything = pg_guard(
      [user] { return superuser_arg(user) || has_privs_of_role(user, ROLE_PG_READ_ALL_DATA); });
  std::map<Oid, std::string> roles;
  std::map<Oid, bool> default_readable;  // owner -> may the user read its tables without an ACL
  OidMap<int32> toast_pages;
  struct Found {
    Oid oid, toast;
    int32 pages;
    catalog::Table table;
  };
  std::vector<Found> found;
  IndexClasses index_classes;
  {
    CatalogScan classes(RelationRelationId);
    const auto wanted = [nsp](HeapTuple tup) {
      const auto *c = reinterpret_cast<Form_pg_class>(GETSTRUCT(tup));
      return c->relkind == RELKIND_TOASTVALUE || c->relnamespace == nsp;
    };
    for (HeapTuple tup; (tup = classes.next(wanted)) != nullptr;) {
      const auto *c = reinterpret_cast<Form_pg_class>(GETSTRUCT(tup));
      if (c->relkind == RELKIND_TOASTVALUE) {
        toast_pages.emplace(c->oid, c->relpages);
        continue;
      }
      if (c->relnamespace != nsp) continue;
      if (c->relkind == RELKIND_INDEX || c->relkind == RELKIND_PARTITIONED_INDEX) {
        index_classes.position.emplace(c->oid, static_cast<uint32>(index_classes.rows.size()));
        index_classes.rows.push_back(IndexClass{c->oid, NameStr(c->relname), c->relam, c->relpages,
                                                !classes.is_null(tup, Anum_pg_class_reloptions),
                                                0});
        continue;
      }
      if (c->relkind != RELKIND_RELATION && c->relkind != RELKIND_PARTITIONED_TABLE &&
          c->relkind != RELKIND_VIEW && c->relkind != RELKIND_MATVIEW &&
          c->relkind != RELKIND_FOREIGN_TABLE)
        continue;
      if (!excluded.empty() && excluded.count(NameStr(c->relname))) continue;
      Found &f = found.emplace_back();  // filled in place: a table is large to move
      f.oid = c->oid;
      f.toast = c->reltoastrelid;
      f.pages = c->relpages;
      catalog::Table &t = f.table;
      t.name = NameStr(c->relname);
      t.kind = c->relkind;
      t.is_partition = c->relispartition;
      t.rls_enabled = c->relrowsecurity;
      t.rls_forced = c->relforcerowsecurity;
      t.estimated_rows = static_cast<int64_t>(std::rint(c->reltuples));  // as reltuples::bigint
      t.extension_config = config_tables.count(c->oid) > 0;
      t.owner = role_name(c->relowner, roles);
      t.columns.reserve(static_cast<size_t>(std::max<int16>(c->relnatts, 0)));
      const Oid owner = c->relowner;
      bool isnull;
      const Datum acl = classes.raw(tup, Anum_pg_class_relacl, &isnull);
      if (!isnull) explode_acl(acl, std::nullopt, t.grants, roles);
      if (reads_everything) {
        t.readable = true;
      } else if (isnull) {  // the owner's default privileges: the same for all of its tables
        auto known = default_readable.find(owner);
        if (known == default_readable.end())
          known = default_readable
                      .emplace(owner, pg_guard([user, owner] {
                                 return aclmask(acldefault(OBJECT_TABLE, owner), user, owner,
                                                ACL_SELECT, ACLMASK_ANY) != 0;
                               }))
                      .first;
        t.readable = known->second;
      } else {
        t.readable = pg_guard([acl, user, owner] {
          return aclmask(DatumGetAclP(acl), user, owner, ACL_SELECT, ACLMASK_ANY) != 0;
        });
      }
    }
  }
  if (statistics) {
    // The tables' and indexes' statistics, from one pass over the shared statistics.
    OidMap<size_t> wanted;
    std::vector<IndexClass> &indexes = index_classes.rows;
    wanted.reserve(found.size() + indexes.size());
    for (size_t k = 0; k < found.size(); ++k) wanted.emplace(found[k].oid, k);
    for (size_t k = 0; k < indexes.size(); ++k) wanted.emplace(indexes[k].oid, found.size() + k);
    std::vector<RelationStats> stats(wanted.size());
    RelationStats *out = stats.data();
    const auto *request = &wanted;
    pg_guard([request, out] { read_relation_stats(*request, out); });
    for (size_t k = 0; k < found.size(); ++k) {
      found[k].table.live_rows = stats[k].live_tuples;
      found[k].table.dead_rows = stats[k].dead_tuples;
    }
    for (size_t k = 0; k < indexes.size(); ++k) indexes[k].scans = stats[found.size() + k].numscans;
  }
  // In name order (bytes, as name's C collation orders them), sorting positions rather than
  // moving whole tables about.
  std::vector<uint32> order(found.size());
  for (uint32 k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&found](uint32 a, uint32 b) { return found[a].table.name < found[b].table.name; });
  s.tables.reserve(s.tables.size() + found.size());
  tables.reserve(tables.size() + found.size());
  for (const uint32 k : order) {
    Found &f = found[k];
    int64_t pages = f.pages;
    if (auto it = toast_pages.find(f.toast); OidIsValid(f.toast) && it != toast_pages.end())
      pages += it->second;
    f.table.size_bytes = pages * BLCKSZ;
    f.table.heap_bytes = static_cast<int64_t>(f.pages) * BLCKSZ;
    tables[f.oid] = s.tables.size();
    s.tables.push_back(std::move(f.table));
  }
  return index_classes;
}

void scan_columns(catalog::Schema &s, const TableIndex &tables) {
  TypeNames types;
  std::map<Oid, std::string> roles;
  {
    CatalogScan scan(AttributeRelationId);
    const auto ours = [&tables](HeapTuple tup) {
      return tables.count(reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tup))->attrelid) > 0;
    };
    for (HeapTuple tup; (tup = scan.next(ours)) != nullptr;) {
      const auto *a = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tup));
      catalog::Table *t = table_at(s, tables, a->attrelid);
      // Column privileges (any column with an ACL, as the grants query read them before).
      // (The null bitmap first: fetching a late attribute of a tuple with NULLs walks the row.)
      if (!heap_attisnull(tup, Anum_pg_attribute_attacl, nullptr)) {
        bool isnull;
        const Datum acl = scan.raw(tup, Anum_pg_attribute_attacl, &isnull);
        explode_acl(acl, std::string(NameStr(a->attname)), t->grants, roles);
      }
      if (a->attnum <= 0 || a->attisdropped) continue;
      catalog::Column &c = t->columns.emplace_back();
      c.attnum = a->attnum;
      c.name = NameStr(a->attname);
      c.type = types.formatted(a->atttypid, a->atttypmod);
      const auto &info = types.info(a->atttypid);
      c.type_name = info.first;
      c.is_enum = info.second;
      c.type_oid = a->atttypid;
      c.collation = a->attcollation;
      c.not_null = a->attnotnull;
      c.generated = a->attgenerated != '\0';
      c.identity = a->attidentity != '\0';
    }
  }
  for (catalog::Table &t : s.tables)
    std::sort(
        t.columns.begin(), t.columns.end(),
        [](const catalog::Column &x, const catalog::Column &y) { return x.attnum < y.attnum; });
  // Defaults and comments, straight into the columns (in attnum order now).
  const auto column_at = [&](Oid relid, int attnum) -> catalog::Column * {
    catalog::Table *t = table_at(s, tables, relid);
    if (t == nullptr) return nullptr;
    auto it =
        std::lower_bound(t->columns.begin(), t->columns.end(), attnum,
                         [](const catalog::Column &c, int wanted) { return c.attnum < wanted; });
    return it != t->columns.end() && it->attnum == attnum ? &*it : nullptr;
  };
  {
    // Thousands of tables share a few defaults (now(), gen_random_uuid()): an expression with no
    // column reference deparses the same in every table, so it is deparsed once.
    std::map<std::string, std::string> deparsed;
    CatalogScan scan(AttrDefaultRelationId);
    const auto ours = [&tables](HeapTuple tup) {
      return tables.count(reinterpret_cast<Form_pg_attrdef>(GETSTRUCT(tup))->adrelid) > 0;
    };
    for (HeapTuple tup; (tup = scan.next(ours)) != nullptr;) {
      const auto *d = reinterpret_cast<Form_pg_attrdef>(GETSTRUCT(tup));
      catalog::Column *c = column_at(d->adrelid, d->adnum);
      if (c == nullptr) continue;
      auto tree = scan.text_attr(tup, Anum_pg_attrdef_adbin);
      if (!tree) continue;
      if (tree->find("{VAR ") != std::string::npos) {
        c->default_expr = deparse_expression_text(*tree, d->adrelid);
        continue;
      }
      auto it = deparsed.find(*tree);
      if (it == deparsed.end())
        it = deparsed.emplace(*tree, deparse_expression_text(*tree, d->adrelid)).first;
      c->default_expr = it->second;
    }
  }
  CatalogScan scan(DescriptionRelationId);
  const auto ours = [&tables](HeapTuple tup) {
    const auto *d = reinterpret_cast<Form_pg_description>(GETSTRUCT(tup));
    return d->classoid == RelationRelationId && d->objsubid >= 0 && tables.count(d->objoid) > 0;
  };
  for (HeapTuple tup; (tup = scan.next(ours)) != nullptr;) {
    const auto *d = reinterpret_cast<Form_pg_description>(GETSTRUCT(tup));
    auto text = scan.text_attr(tup, Anum_pg_description_description);
    if (!text) continue;
    if (d->objsubid == 0)
      table_at(s, tables, d->objoid)->comment = std::move(*text);
    else if (catalog::Column *c = column_at(d->objoid, d->objsubid))
      c->comment = std::move(*text);
  }
}

OidSet scan_constraints(catalog::Schema &s, const TableIndex &tables) {
  OidSet constraint_indexes;
  TypeNames types;
  struct Pending {
    size_t table, constraint;
    Oid confrelid;
  };
  std::vector<Pending> foreign_keys;
  {
    CatalogScan scan(ConstraintRelationId);
    const auto ours = [&tables](HeapTuple tup) {
      return tables.count(reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tup))->conrelid) > 0;
    };
    for (HeapTuple tup; (tup = scan.next(ours)) != nullptr;) {
      const auto *k = reinterpret_cast<Form_pg_constraint>(GETSTRUCT(tup));
      if (k->contype != CONSTRAINT_PRIMARY && k->contype != CONSTRAINT_UNIQUE &&
          k->contype != CONSTRAINT_FOREIGN && k->contype != CONSTRAINT_CHECK &&
          k->contype != CONSTRAINT_EXCLUSION)
        continue;
      const size_t ti = tables.find(k->conrelid)->second;
      catalog::Table &t = s.tables[ti];
      catalog::Constraint c;
      c.name = NameStr(k->conname);
      c.type = k->contype;
      c.columns = scan.int2_array(tup, Anum_pg_constraint_conkey);
      c.validated = k->convalidated;
      if (k->contype == CONSTRAINT_CHECK || k->contype == CONSTRAINT_EXCLUSION) {
        const Oid oid = k->oid;
        c.definition = take_cstring(pg_guard([oid] {
          return TextDatumGetCString(
              DirectFunctionCall1(pg_get_constraintdef, ObjectIdGetDatum(oid)));
        }));
      }
      if (OidIsValid(k->conindid)) constraint_indexes.emplace(k->conindid, true);
      if (k->contype == CONSTRAINT_FOREIGN) {
        c.ref_columns = scan.int2_array(tup, Anum_pg_constraint_confkey);
        c.on_delete = k->confdeltype;
        c.on_update = k->confupdtype;
        foreign_keys.push_back({ti, t.constraints.size(), k->confrelid});
      }
      if (t.constraints.empty()) t.constraints.reserve(2);  // a key and a reference, often
      t.constraints.push_back(std::move(c));
    }
  }
  // Referenced tables and column types: from the loaded schema when the table is in it.
  for (const Pending &p : foreign_keys) {
    catalog::Constraint &k = s.tables[p.table].constraints[p.constraint];
    if (const catalog::Table *rt = table_at(s, tables, p.confrelid)) {
      k.ref_schema = s.name;
      k.ref_table = rt->name;
      for (int attnum : k.ref_columns) {
        const catalog::Column *c = rt->column(attnum);
        k.ref_column_types.push_back(c ? c->type : "");
      }
      continue;
    }
    const Oid relid = p.confrelid;
    k.ref_table = take_cstring(pg_guard([relid] { return get_rel_name(relid); }));
    k.ref_schema =
        take_cstring(pg_guard([relid] { return get_namespace_name(get_rel_namespace(relid)); }));
    for (int attnum : k.ref_columns) {
      Oid type = InvalidOid;
      int32 typmod = -1;
      Oid *type_out = &type;
      int32 *typmod_out = &typmod;
      pg_guard([relid, attnum, type_out, typmod_out] {
        Oid collation;
        get_atttypetypmodcoll(relid, static_cast<AttrNumber>(attnum), type_out, typmod_out,
                              &collation);
      });
      k.ref_column_types.push_back(types.formatted(type, typmod));
    }
  }
  for (catalog::Table &t : s.tables) sort_by_name(t.constraints);
  return constraint_indexes;
}

void scan_indexes(catalog::Schema &s, const TableIndex &tables, IndexClasses &index_classes,
                  const OidSet &constraint_indexes, bool statistics_collected,
                  bool sql_definitions) {
  std::map<Oid, std::string> methods;
  std::map<std::pair<Oid, Oid>, Oid> default_opclass;  // (type, access method) -> opclass
  // The indexes' own pg_class rows come from scan_relations' scan: a syscache lookup per index
  // misses in a new session, a large share of a large schema's audit. An index
  // created after that scan is looked up in the cache instead.
  CatalogScan scan(IndexRelationId);
  const auto ours = [&tables](HeapTuple tup) {
    return tables.count(reinterpret_cast<Form_pg_index>(GETSTRUCT(tup))->indrelid) > 0;
  };
  Datum values[Natts_pg_index];
  bool nulls[Natts_pg_index];
  for (HeapTuple tup; (tup = scan.next(ours)) != nullptr;) {
    const auto *x = reinterpret_cast<Form_pg_index>(GETSTRUCT(tup));
    catalog::Table *t = table_at(s, tables, x->indrelid);
    scan.deform(tup, values, nulls);
    catalog::Index i;
    const Oid index_oid = x->indexrelid;
    // The index's own pg_class row: name, access method, pages.
    char *name = nullptr;
    Oid am = InvalidOid;
    int32 pages = 0;
    bool has_reloptions = false;
    char **name_out = &name;
    Oid *am_out = &am;
    int32 *pages_out = &pages;
    bool *reloptions_out = &has_reloptions;
    if (IndexClass *known = index_classes.find(index_oid)) {
      i.name = std::move(known->name);  // each index is read once
      am = known->am;
      pages = known->pages;
      has_reloptions = known->has_reloptions;
      if (statistics_collected) i.scans = known->scans;
    } else {
      pg_guard([index_oid, name_out, am_out, pages_out, reloptions_out] {
        HeapTuple c = SearchSysCache1(RELOID, ObjectIdGetDatum(index_oid));
        if (!HeapTupleIsValid(c)) elog(ERROR, "cache lookup failed for relation %u", index_oid);
        const Form_pg_class form = reinterpret_cast<Form_pg_class>(GETSTRUCT(c));
        *name_out = pstrdup(NameStr(form->relname));
        *am_out = form->relam;
        *pages_out = form->relpages;
        bool isnull;
        SysCacheGetAttr(RELOID, c, Anum_pg_class_reloptions, &isnull);
        *reloptions_out = !isnull;
        ReleaseSysCache(c);
      });
      i.name = take_cstring(name);
    }
    auto method = methods.find(am);
    if (method == methods.end())
      method = methods.emplace(am, take_cstring(pg_guard([am] { return get_am_name(am); }))).first;
    i.method = method->second;
    i.columns.assign(x->indkey.values, x->indkey.values + x->indnatts);
    i.key_columns = x->indnkeyatts;
    i.unique = x->indisunique;
    i.primary = x->indisprimary;
    i.valid = x->indisvalid;
    i.ready = x->indisready;
    i.partial = !nulls[Anum_pg_index_indpred - 1];
    i.nulls_not_distinct = x->indnullsnotdistinct;
    i.size_bytes = static_cast<int64_t>(pages) * BLCKSZ;
    i.backs_constraint = constraint_indexes.count(index_oid) > 0;
    if (statistics_collected && !i.scans)  // an index scan_relations did not see
      i.scans = pg_guard([index_oid] {
        return DatumGetInt64(
            DirectFunctionCall1(pg_stat_get_numscans, ObjectIdGetDatum(index_oid)));
      });
    for (int attnum : {Anum_pg_index_indclass, Anum_pg_index_indcollation}) {
      const auto *v = reinterpret_cast<const oidvector *>(DatumGetPointer(values[attnum - 1]));
      (attnum == Anum_pg_index_indclass ? i.key_opclasses : i.key_collations)
          .assign(v->values, v->values + v->dim1);
    }
    {
      const auto *v = reinterpret_cast<const int2vector *>(
          DatumGetPointer(values[Anum_pg_index_indoption - 1]));
      i.key_options.assign(v->values, v->values + v->dim1);
    }
    i.expressions = without_locations(text_value(values, nulls, Anum_pg_index_indexprs));
    i.predicate = without_locations(text_value(values, nulls, Anum_pg_index_indpred));
    if (sql_definitions)
      i.sql_definition =
          index_definition(index_oid, am, has_reloptions, !nulls[Anum_pg_index_indexprs - 1], *t, i,
                           default_opclass);
    t->size_bytes += i.size_bytes;
    if (t->indexes.empty()) t->indexes.reserve(4);  // most tables have a few: no regrowth
    t->indexes.push_back(std::move(i));
  }
  for (catalog::Table &t : s.tables) sort_by_name(t.indexes);
}

}  // namespace clinic
