#include "catalog.hpp"

namespace clinic::catalog {

const Column *Table::column(int attnum) const {
  for (const Column &c : columns)
    if (c.attnum == attnum) return &c;
  return nullptr;
}

const Column *Table::column(const std::string &name) const {
  for (const Column &c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

const Table *Schema::table(const std::string &name) const {
  for (const Table &t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace clinic::catalog
