# PGXS build of the clinic extension: the one build of the module (CMakeLists.txt builds only the
# PostgreSQL-free core, its unit tests and the fuzzers).
#   make && make install            build and install into the server found by pg_config
#   make installcheck               regression, isolation and TAP suites against a running server
#   make WERROR=1                   warnings are errors (CI)
EXTENSION  = clinic
EXTRA_CLEAN = clinic.so.undefined
EXTVERSION = $(shell sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = clinic
# Every source under src/: src/<capability>/ (audit, trail, validate, schema) and src/pg/ run in
# the server; src/core/ is PostgreSQL-free (src/core/pure.hpp refuses server headers there).
SOURCES    = $(sort $(shell find src -name '*.cpp'))
# Not HEADERS: PGXS installs the files that variable names.
CLINIC_HEADERS = $(sort $(shell find src -name '*.hpp'))
OBJS       = $(SOURCES:.cpp=.o)

# The install script is assembled from one file per capability, in name order, and ends with
# the manifest: the snapshot of a fresh install (scripts/make_manifest.sh writes it).
SQL_PARTS  = $(sort $(wildcard src/sql/*.sql))
MANIFEST   = src/manifest/$(EXTENSION)--$(EXTVERSION).json
# The same after clinic.distribute()'s DDL (the schema's expected shape on a Citus cluster).
MANIFEST_DISTRIBUTED = src/manifest/$(EXTENSION)--$(EXTVERSION).distributed.json
# src/versions/: scripts of released versions, frozen as built (install scripts, and update
# scripts between earlier versions). src/updates/: the hand-written update script(s) to this
# version, to which make appends this version's manifest; freeze them in src/versions/ when the
# next version starts.
DATA       = $(wildcard src/versions/$(EXTENSION)--*.sql)
UPDATES    = $(wildcard src/updates/$(EXTENSION)--*--$(EXTVERSION).sql)
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(notdir $(UPDATES))

# test/schedule lists the pg_regress tests in the order they run (and says why).
REGRESS      = $(shell sed -n 's/^test: *//p' test/schedule)
REGRESS_OPTS = --inputdir=test --load-extension=pgcrypto --load-extension=btree_gist --load-extension=clinic
ISOLATION    = $(sort $(basename $(notdir $(wildcard test/isolation/specs/*.spec))))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=pgcrypto --load-extension=btree_gist --load-extension=clinic
TAP_TESTS    = 1
PROVE_TESTS  = test/t/*.pl

PG_CONFIG ?= pg_config

PG_CPPFLAGS = -Isrc -DCLINIC_VERSION='"$(EXTVERSION)"'
PG_CXXFLAGS = -std=c++17 -fvisibility=hidden -fvisibility-inlines-hidden -Wno-register \
              -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(WERROR),1)
PG_CXXFLAGS += -Werror
endif
# PGXS links with the C compiler: name the C++ runtime explicitly.
SHLIB_LINK = -lstdc++

# No LLVM bitcode: JIT inlining of these functions buys nothing, and the .bc rules would compile
# C++ with flags PGXS does not take from PG_CXXFLAGS. Must precede the include.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Servers built by a newer compiler than ours (Debian 13/14's gcc 14 for PostgreSQL 17/18) carry
# flags g++ 12 (Debian 12) rejects: -fexcess-precision=standard for C++ in CXXFLAGS, and gcc 14's
# -Wmissing-variable-declarations in CFLAGS (PGXS links with $(CC) $(CFLAGS)). Drop them.
override CXXFLAGS := $(filter-out -fexcess-precision=standard,$(CXXFLAGS))
override CFLAGS := $(filter-out -Wmissing-variable-declarations,$(CFLAGS))

# A module may leave symbols undefined (the server's own), so one of ours left undefined links and
# fails only when the server loads the library: refuse it at build time.
all: check-symbols
.PHONY: check-symbols
check-symbols: $(shlib)
	@nm -C --undefined-only $(shlib) > $(shlib).undefined
	@if grep -E ' (clinic::|clinic_)' $(shlib).undefined; then \
	  echo "$(shlib): the symbols above are ours and undefined"; exit 1; fi
	@rm -f $(shlib).undefined

# clinic._manifest(): the snapshot of a fresh install of this version, or of its distributed
# form once Citus distributes clinic.patients (clinic._distributed()); appended to the install
# script and to the update script that leads to this version.
define append_manifest
	{ echo; \
	  echo '-- The manifest: clinic.schema_snapshot() of a fresh install of this version.'; \
	  echo 'CREATE OR REPLACE FUNCTION clinic._manifest() RETURNS jsonb'; \
	  echo '    LANGUAGE sql STABLE PARALLEL SAFE'; \
	  echo '    SET search_path = pg_catalog, pg_temp'; \
	  echo '    AS $$manifest$$ SELECT CASE WHEN NOT clinic._distributed() THEN $$json$$'; \
	  if [ -f $(MANIFEST) ]; then cat $(MANIFEST); else echo '{"format": 1, "tables": {}, "enums": {}, "functions": {}}'; fi; \
	  echo '$$json$$::jsonb ELSE $$json$$'; \
	  if [ -f $(MANIFEST_DISTRIBUTED) ]; then cat $(MANIFEST_DISTRIBUTED); else echo '{"format": 1, "tables": {}, "enums": {}, "functions": {}}'; fi; \
	  echo '$$json$$::jsonb END $$manifest$$;'; \
	  echo "COMMENT ON FUNCTION clinic._manifest() IS 'The snapshot of a fresh install of this version, or of its distributed form after clinic.distribute() (src/manifest/), which clinic.drift() and the audit compare the live schema with.';"; \
	  echo 'REVOKE ALL ON FUNCTION clinic._manifest() FROM PUBLIC;'; \
	  echo 'GRANT EXECUTE ON FUNCTION clinic._manifest() TO clinic_admin, clinic_auditor;'; } >> $@
endef

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS) $(EXTENSION).control $(wildcard $(MANIFEST) $(MANIFEST_DISTRIBUTED))
	cat $(SQL_PARTS) > $@
	$(append_manifest)

# A line "-- include: src/sql/NN_part.sql" in an update script stands for that part: what a
# version adds whole is written once, for the install script and the update to it alike.
$(notdir $(UPDATES)): $(EXTENSION)--%.sql: src/updates/$(EXTENSION)--%.sql $(SQL_PARTS) $(EXTENSION).control $(wildcard $(MANIFEST) $(MANIFEST_DISTRIBUTED))
	awk '/^-- include: src\/sql\/[0-9A-Za-z_]+\.sql$$/ { f = $$3; n = 0; while ((r = (getline l < f)) > 0) { print l; n++ } \
	  if (r < 0 || n == 0) { print "$<: cannot include " f > "/dev/stderr"; exit 1 } close(f); next } { print }' $< > $@ || { rm -f $@; exit 1; }
	$(append_manifest)

# clinic.control too: the library is built with its version (CLINIC_VERSION).
$(OBJS): $(CLINIC_HEADERS) $(EXTENSION).control

.PHONY: format format-check
CLANG_FORMAT ?= clang-format
FORMAT_FILES = $(SOURCES) $(CLINIC_HEADERS) $(wildcard test/unit/*/*.cpp test/bench/*.cpp test/fuzz/*.cpp)
format:
	$(CLANG_FORMAT) -i $(FORMAT_FILES)
format-check:
	$(CLANG_FORMAT) --dry-run -Werror $(FORMAT_FILES)

# make dist: the release archive clinic-VERSION.zip (PGXN's format: one top directory
# clinic-VERSION/) of the committed tree at HEAD, made by git archive. Uncommitted changes are
# not in it. scripts/check_release.sh checks META.json and the changelogs first.
.PHONY: dist
DIST = $(EXTENSION)-$(EXTVERSION).zip
dist:
	bash scripts/check_release.sh
	git archive --format=zip --prefix=$(EXTENSION)-$(EXTVERSION)/ -o $(DIST) HEAD
	@echo "wrote $(DIST)"
