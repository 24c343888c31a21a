#include "core/audit/catalog.hpp"
#include "core/pure.hpp"

namespace clinic::catalog {

const Column *Table::column(int attnum) const {
  for (const Column &c : columns)
    if (c.attnum == attnum) return &c;
  return nullptr;
}

const Column *Table::column(std::string_view name) const {
  for (const Column &c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<std::string> Table::column_names(const AttNums &attnums) const {
  std::vector<std::string> out;
  for (int a : attnums) {
    const Column *c = column(a);
    out.push_back(c ? c->name : "(expression)");
  }
  return out;
}

const char *fk_action_name(char action) {
  switch (action) {
    case 'c':
      return "CASCADE";
    case 'r':
      return "RESTRICT";
    case 'n':
      return "SET NULL";
    case 'd':
      return "SET DEFAULT";
  }
  return "NO ACTION";
}

const Table *Schema::table(const std::string &name) const {
  for (const Table &t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace clinic::catalog
