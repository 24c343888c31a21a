# The generated schema of the audit benchmarks (sourced by audit.sh and digest.sh).
# make_schema DB NAME N: schema NAME in database DB with N tables, each a bigint primary key, a
# foreign key to the previous table (the first to itself) and two more indexes, so N tables
# have 3N indexes and N foreign keys, half of them unindexed. Batches of 500 tables per
# transaction (each table takes locks). Needs psql_q.
make_schema() {
  local db=$1 name=$2 n=$3 first last
  psql_q -d "$db" -c "CREATE SCHEMA $name"
  for ((first = 1; first <= n; first += 500)); do
    last=$((first + 499 < n ? first + 499 : n))
    psql_q -d "$db" -c "
DO \$\$
BEGIN
  FOR i IN $first..$last LOOP
    EXECUTE format('CREATE TABLE $name.t%s (id bigint PRIMARY KEY, parent_id bigint REFERENCES $name.t%s (id),
                    name text, code text, created_at timestamptz NOT NULL DEFAULT now())',
                   i, CASE WHEN i = 1 THEN 1 ELSE i - 1 END);
    EXECUTE format('CREATE INDEX ON $name.t%s (created_at)', i);
    IF i % 2 = 0 THEN
      EXECUTE format('CREATE INDEX ON $name.t%s (parent_id)', i);
    ELSE
      EXECUTE format('CREATE INDEX ON $name.t%s (name, code)', i);
    END IF;
  END LOOP;
END
\$\$;"
  done
}
