-- Lints that once misjudged a schema: each fixture below is a case the audit got wrong, and the
-- expected output names exactly the offenders.
CREATE SCHEMA regress_lints;
SET search_path = regress_lints, public;

-- A patient table with an updated_at touch trigger and a soft-delete trigger (two separate
-- BEFORE triggers, on UPDATE and on DELETE) is an ordinary PHI table, not an append-only log.
CREATE TABLE patients (id bigint PRIMARY KEY, name text NOT NULL,
                       created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
                       created_by text NOT NULL DEFAULT current_user, updated_by text NOT NULL DEFAULT current_user,
                       deleted_at timestamptz, deleted_by text, password text);
COMMENT ON TABLE patients IS 'Patients (PHI).';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
CREATE FUNCTION soft_delete() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$BEGIN EXECUTE format('UPDATE %s SET deleted_at = now() WHERE id = $1', TG_RELID::regclass) USING OLD.id; RETURN NULL; END$$;
CREATE TRIGGER touch BEFORE UPDATE ON patients FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER soft_delete BEFORE DELETE ON patients FOR EACH ROW EXECUTE FUNCTION soft_delete();
-- An audit function attached for INSERT only, and one at statement level: neither records the
-- table's updates and deletes row by row.
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$BEGIN RETURN NULL; END$$;
CREATE TRIGGER audit_insert AFTER INSERT ON patients FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER audit_statement AFTER UPDATE OR DELETE ON patients FOR EACH STATEMENT EXECUTE FUNCTION audit_row();

-- An append-only log: one BEFORE UPDATE OR DELETE guard and no updated_at.
CREATE TABLE patient_events (id bigint PRIMARY KEY, patient_id bigint NOT NULL REFERENCES patients (id),
                             happened_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX patient_events_patient_id_idx ON patient_events (patient_id);
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$BEGIN RAISE EXCEPTION 'append-only'; END$$;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON patient_events FOR EACH ROW EXECUTE FUNCTION refuse();

-- The same expression index twice, from two statements with names of different lengths (the
-- stored expression trees differ only in where the expression sat in each statement's text).
CREATE INDEX patients_name_lower ON patients (lower(name));
CREATE INDEX patients_name_lower_again_longer ON patients (lower(name));
-- Partial indexes, likewise.
CREATE INDEX p_live ON patients (id) WHERE deleted_at IS NULL;
CREATE INDEX patients_live_again ON patients (id) WHERE deleted_at IS NULL;

-- An index with another operator class is not covered by a longer index on the same column:
-- (name text_pattern_ops) serves LIKE 'x%', (name, created_at) does not; (name) is covered.
CREATE INDEX patients_name_pattern ON patients (name text_pattern_ops);
CREATE INDEX patients_name ON patients (name);
CREATE INDEX patients_name_created ON patients (name, created_at);
-- An enum without labels yet is an enum of the schema.
CREATE TYPE visit_kind AS ENUM ();
COMMENT ON TYPE visit_kind IS 'Kinds of visit (labels to come).';

-- Function bodies that no longer compile: a SQL body naming a table dropped since (plain SQL
-- bodies are not tracked as dependencies) and a PL/pgSQL body with a syntax error, created with
-- check_function_bodies off (as pg_restore does). A body that compiles and a BEGIN ATOMIC body
-- are not reported.
CREATE TABLE scratch (id bigint PRIMARY KEY);
CREATE FUNCTION count_scratch() RETURNS bigint LANGUAGE sql SET search_path = pg_catalog
  AS 'SELECT count(*) FROM regress_lints.scratch';
DROP TABLE scratch;
SET check_function_bodies = off;
CREATE FUNCTION broken_plpgsql() RETURNS int LANGUAGE plpgsql SET search_path = pg_catalog
  AS $$BEGIN RETURN 1 +; END$$;
RESET check_function_bodies;
CREATE FUNCTION fine_sql(x int) RETURNS int LANGUAGE sql SET search_path = pg_catalog AS 'SELECT x + 1';
CREATE FUNCTION fine_atomic(x int) RETURNS int LANGUAGE sql SET search_path = pg_catalog BEGIN ATOMIC SELECT x + 1; END;

-- A unique key with a nullable foreign-key column lets rows repeat through its NULL ("no parent":
-- two root labels named alike), as does one with a nullable date or time (soft delete: two live
-- rows with one MRN). Not listed: a nullable column of another kind (an optional value:
-- creator_email), NULLS NOT DISTINCT, a partial index, NOT NULL columns, one
-- optional unique column (many rows may lack an email: Prisma's `String? @unique`), a key holding
-- a NOT NULL column unique by itself (name), a key whose NULL case a partial unique index on the
-- other keys covers (folders' owner_parent_name with owner_root_name).
ALTER TABLE patients ADD COLUMN email text, ADD COLUMN phone text, ADD COLUMN mrn text;
CREATE UNIQUE INDEX patients_email_key ON patients (email);
CREATE UNIQUE INDEX patients_phone_key ON patients (phone) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX patients_mrn_live ON patients (mrn) WHERE mrn IS NOT NULL;
CREATE UNIQUE INDEX patients_name_key ON patients (name);
CREATE UNIQUE INDEX patients_creator_email_key ON patients (created_by, email);
CREATE UNIQUE INDEX patients_name_email_key ON patients (name, email);
CREATE UNIQUE INDEX patients_creator_phone_key ON patients (created_by, phone);
CREATE UNIQUE INDEX patients_creator_no_phone ON patients (created_by) WHERE phone IS NULL;
CREATE UNIQUE INDEX patients_mrn_live_key ON patients (mrn, deleted_at);
CREATE TABLE folders (id bigint PRIMARY KEY, parent_id bigint REFERENCES folders (id), owner_id bigint NOT NULL,
                      name text NOT NULL);
CREATE UNIQUE INDEX folders_owner_parent_name_key ON folders (owner_id, parent_id, name);
CREATE UNIQUE INDEX folders_owner_root_name_key ON folders (owner_id, name) WHERE parent_id IS NULL;
CREATE TABLE labels (id bigint PRIMARY KEY, parent_id bigint REFERENCES labels (id), name text NOT NULL);
CREATE UNIQUE INDEX labels_parent_name_key ON labels (parent_id, name);
-- A plain index with exactly the primary key's keys is redundant; with an INCLUDE column the
-- key lacks, it serves index-only scans and is not.
CREATE INDEX patients_id_plain ON patients (id);
CREATE INDEX patients_id_with_name ON patients (id) INCLUDE (name);

-- Sequences: one at 91 % of a smallint range (fail), one at 80 % (warn), one never used, one
-- that cycles, one descending from -1 at 10 % of its range (fine).
CREATE SEQUENCE nearly_full AS smallint;
SELECT setval('nearly_full', 30000) > 0 AS set;
CREATE SEQUENCE filling AS smallint;
SELECT setval('filling', 26215) > 0 AS set;
CREATE SEQUENCE never_used;
CREATE SEQUENCE cycling AS smallint CYCLE;
SELECT setval('cycling', 32000) > 0 AS set;
CREATE SEQUENCE descending AS smallint INCREMENT -1;
SELECT setval('descending', -3277) IS NOT NULL AS set;

-- An extension installed into the schema.
CREATE EXTENSION tsm_system_rows SCHEMA regress_lints;

-- A table with most of its rows deleted (autovacuum off, so the dead rows stay counted).
CREATE TABLE visits_archive (id bigint PRIMARY KEY) WITH (autovacuum_enabled = off);
INSERT INTO visits_archive SELECT generate_series(1, 20000);
DELETE FROM visits_archive WHERE id > 5000;

-- A table a mass DELETE and a plain VACUUM left mostly free: no dead rows, but its heap is some
-- 14 MB for rows that need a few pages (the live rows spread over every page, so VACUUM cannot
-- truncate it).
CREATE TABLE heap_left (id int PRIMARY KEY, note text);
INSERT INTO heap_left SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g;
DELETE FROM heap_left WHERE id % 100 <> 0;
SELECT pg_stat_force_next_flush();  -- the DELETE's counts before VACUUM's, which reset them
VACUUM heap_left;
ANALYZE heap_left;

-- A partitioned table's index never has scans of its own: it is not "unused".
CREATE TABLE events (device_id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_at ON events (at);

-- index.unused reads each index's scan count: the scanned index is not listed, the other is.
CREATE TABLE lookups (code int, other int);
CREATE INDEX lookups_scanned ON lookups (code);
CREATE INDEX lookups_never_scanned ON lookups (other);
SET enable_seqscan = off;
SELECT count(*) FROM lookups WHERE code = 1;
RESET enable_seqscan;

-- char(n) pads shorter values with blanks: a free-text char(20) is reported, a two-letter code
-- written at its width is not.
CREATE TABLE addresses (id bigint PRIMARY KEY, country char(2) NOT NULL, postcode char(10));

-- A view over the password column: its values are the table's, checked there.
CREATE VIEW patient_logins AS SELECT id, password FROM patients;
RESET search_path;

SELECT pg_stat_force_next_flush();
-- (The checklist's policies among them apply under profile checklist.)
SELECT check_id, status, jsonb_pretty(detail) AS detail
  FROM clinic.audit('regress_lints', 'checklist')
 WHERE check_id IN ('hipaa.audit_trail', 'hipaa.soft_delete', 'columns.audit_trail', 'index.duplicate',
                    'index.redundant', 'secrets.plaintext')
 ORDER BY check_id;
SELECT o FROM clinic.audit('regress_lints'), jsonb_array_elements(detail) o
 WHERE check_id = 'types.smells' AND o ->> 'table' = 'addresses';
-- The new lint families, each naming exactly its offenders.
SELECT check_id, status, actual, jsonb_pretty(detail) AS detail
  FROM clinic.audit('regress_lints')
 WHERE check_id IN ('index.unique_nullable', 'sequence.capacity', 'extension.placement', 'table.bloat')
 ORDER BY check_id;
-- catalog.valid names each function whose body no longer compiles, with the error.
SELECT status, jsonb_pretty(detail) AS detail FROM clinic.audit('regress_lints') WHERE check_id = 'catalog.valid';
-- An auditor who may not execute a function cannot have its body validated: it is left out,
-- not reported.
REVOKE EXECUTE ON FUNCTION regress_lints.broken_plpgsql() FROM PUBLIC;
CREATE ROLE regress_lints_auditor IN ROLE clinic_auditor;
GRANT USAGE ON SCHEMA regress_lints TO regress_lints_auditor;
SET ROLE regress_lints_auditor;
SELECT o->>'function' AS function_name, actual
  FROM clinic.audit('regress_lints'), jsonb_array_elements(detail) o
 WHERE check_id = 'catalog.valid';
RESET ROLE;
REVOKE ALL ON SCHEMA regress_lints FROM regress_lints_auditor;
DROP ROLE regress_lints_auditor;
-- The session's own check_function_bodies is untouched.
SET check_function_bodies = off;
SELECT count(*) FROM clinic.audit('regress_lints');
SHOW check_function_bodies;
RESET check_function_bodies;
-- index.unused lists the partitions' index, never the partitioned table's, and of the two
-- lookups indexes only the one never scanned.
SELECT o->>'table' AS table_name, o->>'index' AS index_name, o->'scans' AS scans
  FROM clinic.audit('regress_lints'), jsonb_array_elements(detail) o
 WHERE check_id = 'index.unused' AND (o->>'index' LIKE 'events%' OR o->>'index' LIKE 'lookups%')
 ORDER BY 1, 2;
-- The empty enum is in the schema's snapshot.
SELECT clinic.schema_snapshot('regress_lints') -> 'enums';
-- triggers.foreign: a trigger whose function another role owns runs that role's code as every
-- writer of the table (warn); the schema's own triggers above are not named.
CREATE ROLE regress_lints_other;
CREATE FUNCTION regress_lints.others_code() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog
  AS $$BEGIN RETURN NEW; END$$;
ALTER FUNCTION regress_lints.others_code() OWNER TO regress_lints_other;
CREATE TRIGGER others_code BEFORE INSERT ON regress_lints.patients FOR EACH ROW EXECUTE FUNCTION regress_lints.others_code();
SELECT status, detail FROM clinic.audit('regress_lints') WHERE check_id = 'triggers.foreign';
DROP SCHEMA regress_lints CASCADE;
DROP ROLE regress_lints_other;
-- Functions an extension installed into the audited schema are the extension's, not the
-- schema's: the function lints leave them out and say how many.
CREATE SCHEMA regress_ext;
CREATE EXTENSION pg_trgm SCHEMA regress_ext;
SELECT check_id, status, actual FROM clinic.audit('regress_ext')
 WHERE check_id IN ('functions.search_path', 'functions.security_definer') ORDER BY 1;
DROP EXTENSION pg_trgm;
DROP SCHEMA regress_ext;
-- On the clinic schema any trigger whose function is not the extension's fails, whoever owns it.
CREATE FUNCTION public.regress_foreign() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog
  AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER regress_foreign BEFORE INSERT ON clinic.allergies FOR EACH ROW EXECUTE FUNCTION public.regress_foreign();
SELECT status, detail FROM clinic.audit() WHERE check_id = 'triggers.foreign';
DROP TRIGGER regress_foreign ON clinic.allergies;
DROP FUNCTION public.regress_foreign();
SELECT status, actual FROM clinic.audit() WHERE check_id = 'triggers.foreign';

-- A clinical data model that names no patient (OMOP CDM's shape): PUBLIC may read everything.
-- The person table is PHI by its name, the tables about a person by their person key or by a
-- foreign key to such a table; the vocabulary is nobody's. Each finding names its rule.
CREATE SCHEMA regress_cdm;
CREATE TABLE regress_cdm.person (person_id bigint PRIMARY KEY, year_of_birth int NOT NULL);
CREATE TABLE regress_cdm.visit_occurrence (visit_occurrence_id bigint PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES regress_cdm.person, visit_start_date date NOT NULL);
CREATE TABLE regress_cdm.note (note_id bigint PRIMARY KEY,
    visit_occurrence_id bigint REFERENCES regress_cdm.visit_occurrence, note_text text);
CREATE TABLE regress_cdm.concept (concept_id bigint PRIMARY KEY, concept_name text NOT NULL);
GRANT SELECT ON ALL TABLES IN SCHEMA regress_cdm TO PUBLIC;
SELECT check_id, status, jsonb_pretty(detail) AS detail FROM clinic.audit('regress_cdm')
 WHERE check_id = 'hipaa.no_public_access';
-- With no table recognised, the HIPAA checks say so as warnings, never as a pass.
DROP TABLE regress_cdm.note, regress_cdm.visit_occurrence, regress_cdm.person;
SELECT check_id, status, actual FROM clinic.audit('regress_cdm')
 WHERE check_id LIKE 'hipaa.%' ORDER BY check_id;
DROP SCHEMA regress_cdm CASCADE;
