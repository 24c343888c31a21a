-- A Prisma-managed medical-spa schema with known defects: the audit names each defect.
CREATE SCHEMA medspa;
SET search_path = medspa;
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE', 'OTHER', 'PREFER_NOT_TO_SAY');
CREATE TABLE "_prisma_migrations" (
    id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
    migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
    started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES
    ('m1', 'c1', '20251221153503_initial_schema', '2025-12-21 15:35:03+00', '2025-12-21 15:35:04+00', 1),
    ('m2', 'c2', '20251221200200_add_messaging_tables', '2025-12-21 20:02:00+00', '2025-12-21 20:02:01+00', 1),
    ('m3', 'c3', '20251222090000_add_billing', '2025-12-22 09:00:00+00', NULL, 0);       -- failed
-- A migration that failed, was marked rolled back (prisma migrate resolve --rolled-back) and was
-- applied again: a healthy history in Prisma's view.
INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, rolled_back_at, applied_steps_count) VALUES
    ('m4', 'c4', '20251221210000_add_tags', '2025-12-21 21:00:00+00', NULL, '2025-12-21 21:05:00+00', 0),
    ('m5', 'c4', '20251221210000_add_tags', '2025-12-21 21:10:00+00', '2025-12-21 21:10:01+00', NULL, 1);
CREATE TABLE "Patient" (
    id text PRIMARY KEY, "firstName" text NOT NULL, "lastName" text NOT NULL, email text,
    gender "Gender", "createdAt" timestamptz NOT NULL DEFAULT now(), "updatedAt" timestamptz NOT NULL,
    "deletedAt" timestamptz);
CREATE TABLE "Appointment" (
    id text PRIMARY KEY, "patientId" text NOT NULL REFERENCES "Patient" (id) ON DELETE CASCADE,  -- unindexed
    "startTime" timestamptz NOT NULL, status text NOT NULL DEFAULT 'SCHEDULED',
    "createdAt" timestamptz NOT NULL DEFAULT now(), "updatedAt" timestamptz NOT NULL, "deletedAt" timestamptz);
CREATE TABLE "Note" (
    id text PRIMARY KEY, "patientId" text NOT NULL REFERENCES "Patient" (id) ON DELETE CASCADE,
    body text NOT NULL, "createdAt" timestamptz NOT NULL DEFAULT now(), "updatedAt" timestamptz NOT NULL,
    "deletedAt" timestamptz);
CREATE INDEX "Note_patientId_idx" ON "Note" ("patientId");
CREATE TABLE "AuditEvent" ("patientId" text, action text, "createdAt" timestamptz NOT NULL DEFAULT now(),
    "updatedAt" timestamptz NOT NULL);                                                   -- no primary key
CREATE TABLE "User" (
    id text PRIMARY KEY, email text NOT NULL, password text NOT NULL,                    -- plaintext password
    "createdAt" timestamptz NOT NULL DEFAULT now(), "updatedAt" timestamptz NOT NULL);
CREATE UNIQUE INDEX "User_email_key" ON "User" (email);
INSERT INTO "User" VALUES ('u1', 'nurse@spa.example', 'hunter2', now(), now()),
                          ('u2', 'admin@spa.example', public.crypt('s3cret', public.gen_salt('bf', 4)), now(), now());
CREATE TABLE "GiftCard" (id text PRIMARY KEY, code text NOT NULL, "createdAt" timestamptz NOT NULL DEFAULT now(),
    "updatedAt" timestamptz NOT NULL);
INSERT INTO "GiftCard" VALUES ('g1', 'SPA-1', now(), now()), ('g2', 'SPA-1', now(), now());
CREATE UNIQUE INDEX CONCURRENTLY "GiftCard_code_key" ON "GiftCard" (code);              -- fails: left invalid
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_startTime_check"
    CHECK ("startTime" > '2020-01-01') NOT VALID;                                        -- NOT VALID
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS
    $$BEGIN NEW."updatedAt" := now(); RETURN NEW; END$$;
CREATE TRIGGER "Patient_touch" BEFORE UPDATE ON "Patient" FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE "Patient" DISABLE TRIGGER "Patient_touch";                                  -- disabled
GRANT SELECT ON "Patient" TO PUBLIC;                                                    -- PHI to PUBLIC
RESET search_path;

-- Migration status reads _prisma_migrations: applied, failed, rolled back.
SELECT source, name, state, detail, started_at FROM clinic.migration_status('medspa');
-- A failed migration's log is shown by its first 200 characters, read as a prefix: the 201st
-- character cut by the prefix's end (a 4-byte one) is no error; a name longer than Prisma's 255
-- is read by its first 1,000 characters; a value stored out of line in over 1 MB is not read.
BEGIN;
ALTER TABLE medspa."_prisma_migrations" ALTER migration_name TYPE text;  -- still a type Prisma uses
INSERT INTO medspa."_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count) VALUES
    ('mb1', 'c', '20260101000000_multibyte', repeat('😀', 199) || 'a' || repeat('😀', 5), '2026-01-01 00:00:00+00', 0),
    ('mb2', 'c', repeat('名', 999) || 'b' || repeat('😀', 2), NULL, '2026-01-02 00:00:00+00', 0);
ALTER TABLE medspa."_prisma_migrations" ALTER logs SET STORAGE EXTERNAL;
INSERT INTO medspa."_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count) VALUES
    ('mb3', 'c', '20260103000000_huge_log', repeat('x', 2000000), '2026-01-03 00:00:00+00', 0);
SELECT name = '20260101000000_multibyte' AS multibyte, length(detail) AS detail_chars, right(detail, 2) AS detail_end
  FROM clinic.migration_status('medspa') WHERE started_at = '2026-01-01 00:00:00+00';
SELECT length(name) AS name_chars, right(name, 2) AS name_end
  FROM clinic.migration_status('medspa') WHERE started_at = '2026-01-02 00:00:00+00';
SELECT name, detail FROM clinic.migration_status('medspa') WHERE started_at = '2026-01-03 00:00:00+00';
SELECT status FROM clinic.audit('medspa') WHERE check_id = 'migration.history';
ROLLBACK;

-- Failures: each seeded defect, named exactly, and nothing else fails.
SELECT check_id, checklist_item, actual, jsonb_pretty(detail) AS detail
  FROM clinic.audit('medspa') WHERE status = 'fail' ORDER BY check_id;
-- Every report says what clinic.audit() says: SARIF an error per failure and a warning per
-- warning, TAP "not ok" per failure under a plan that counts its tests, the summaries' counts.
WITH a AS (SELECT check_id, status FROM clinic.audit('medspa')),
     sarif AS (SELECT r ->> 'ruleId' AS check_id, r ->> 'level' AS level
                 FROM jsonb_array_elements(clinic.audit_report('medspa', 'sarif')::jsonb #> '{runs,0,results}') r),
     tap AS (SELECT line FROM regexp_split_to_table(clinic.audit_report('medspa', 'tap'), E'\n') line)
SELECT (SELECT count(*) FROM a WHERE status = 'fail') AS fails,
       (SELECT count(*) FROM sarif WHERE level = 'error') = (SELECT count(*) FROM a WHERE status = 'fail') AS sarif_errors,
       (SELECT count(*) FROM sarif WHERE level = 'warning') = (SELECT count(*) FROM a WHERE status = 'warn') AS sarif_warnings,
       (SELECT count(*) FROM a FULL JOIN sarif USING (check_id)
         WHERE (a.status IN ('fail', 'warn')) IS DISTINCT FROM (sarif.level IS NOT NULL)
            OR sarif.level <> CASE a.status WHEN 'fail' THEN 'error' ELSE 'warning' END) AS sarif_disagreements,
       (SELECT count(*) FROM tap WHERE line LIKE 'not ok %') AS tap_not_ok,
       (SELECT count(*) FROM tap WHERE line ~ '^(not )?ok ') = (SELECT count(*) FROM a) AS tap_one_line_per_check,
       (SELECT substring(line FROM '^1\.\.(\d+)$')::int FROM tap LIMIT 1) = (SELECT count(*) FROM a) AS tap_plan,
       (clinic.audit_report('medspa', 'json')::jsonb #>> '{summary,failed}')::int AS json_failed,
       substring(clinic.audit_report('medspa', 'text') FROM '\nFailed: (\d+)')::int AS text_failed,
       clinic.audit_report('medspa', 'text') ~ 'OVERALL STATUS: FAILING' AS text_failing;
-- The warnings this schema earns (statistics-based ones aside: they depend on when statistics
-- are flushed). Its PascalCase/camelCase style is Prisma's own and is not
-- flagged, nor is "User": quoted wherever it is written, it cannot collide with the keyword.
SELECT check_id, status, actual FROM clinic.audit('medspa')
 WHERE status IN ('warn', 'skip') AND check_id NOT IN ('index.unused', 'seed.data_present', 'table.bloat') ORDER BY check_id;
SELECT detail FROM clinic.audit('medspa') WHERE check_id = 'naming.conventions';

-- Fix the defects; the failures go away one by one.
CREATE INDEX "Appointment_patientId_idx" ON medspa."Appointment" ("patientId");
ALTER TABLE medspa."AuditEvent" ADD COLUMN id text PRIMARY KEY DEFAULT md5(random()::text);
DROP INDEX medspa."GiftCard_code_key";
ALTER TABLE medspa."Appointment" VALIDATE CONSTRAINT "Appointment_startTime_check";
ALTER TABLE medspa."Patient" ENABLE TRIGGER "Patient_touch";
REVOKE SELECT ON medspa."Patient" FROM PUBLIC;
UPDATE medspa."User" SET password = public.crypt(password, public.gen_salt('bf', 4)) WHERE password !~ '^\$2';
UPDATE medspa."_prisma_migrations" SET rolled_back_at = '2025-12-22 09:05:00+00' WHERE id = 'm3';
SELECT check_id, actual FROM clinic.audit('medspa') WHERE status = 'fail' ORDER BY check_id;

-- The report formats.
SELECT clinic.audit_report('medspa', 'tap') ~ '^1\.\.[0-9]+' AS tap_plan,
       (clinic.audit_report('medspa', 'json')::jsonb -> 'summary' ->> 'overall') AS json_overall,
       (clinic.audit_report('medspa', 'sarif')::jsonb ->> 'version') AS sarif_version,
       jsonb_array_length(clinic.audit_report('medspa', 'sarif')::jsonb #> '{runs,0,tool,driver,rules}')
           = (SELECT count(*) FROM clinic.audit('medspa')) AS sarif_rule_per_check,
       clinic.audit_report('medspa', 'markdown') LIKE '# clinic % audit of schema `medspa`%' AS markdown_title;
-- The text report ends as the checklist does (counts of statistics-based warnings vary).
SELECT clinic.audit_report('medspa', 'text')
       ~ ('Total Checks: ' || (SELECT count(*) FROM clinic.audit('medspa')) ||
          '\nPassed: \d+\nWarnings: \d+\nFailed: 0\nSkipped: \d+\n\nOVERALL STATUS: PASSING\n$') AS text_summary_shape;
-- A '|' in a markdown cell is escaped (a suppression's reason reaches the result column).
SELECT clinic.audit_suppress('medspa', 'docs.comments', NULL, 'accepted | reviewed', DATE '2999-01-01');
SELECT strpos(clinic.audit_report('medspa', 'markdown', 'checklist'), 'accepted \| reviewed') > 0 AS pipe_escaped,
       strpos(clinic.audit_report('medspa', 'markdown', 'checklist'), 'accepted | reviewed') = 0 AS no_bare_pipe;
DELETE FROM clinic_audit.suppressions WHERE schema_name = 'medspa';
-- Profiles: medspa has _prisma_migrations, so it is audited under Prisma's conventions: the clinic
-- checklist's policies skip, saying so, and an unindexed foreign key is a warning. Held to the
-- full checklist, exactly those checks change.
SELECT * FROM clinic.audit_profile('medspa');
SELECT * FROM clinic.audit_profile('clinic');
SELECT * FROM clinic.audit_profile('public');
SELECT regress.try($$SELECT clinic.audit_profile(NULL)$$);
SELECT c.check_id, p.status AS detected, p.actual AS detected_actual, c.status AS checklist, g.status AS generic
  FROM clinic.audit('medspa') p JOIN clinic.audit('medspa', 'checklist') c USING (check_id)
  JOIN clinic.audit('medspa', 'generic') g USING (check_id)
 WHERE p.status IS DISTINCT FROM c.status OR p.status IS DISTINCT FROM g.status ORDER BY 1;
-- Reports name the profile.
SELECT split_part(clinic.audit_report('medspa'), E'\n', 2) AS text_profile,
       split_part(clinic.audit_report('medspa', 'tap', 'checklist'), E'\n', 2) AS tap_profile,
       clinic.audit_report('medspa', 'markdown') LIKE E'%\n\nProfile: prisma (detected: %' AS markdown_profile;
SELECT r -> 'profile' AS json_profile, r -> 'profile_chosen' AS json_chosen,
       s #> '{runs,0,properties}' AS sarif_properties
  FROM (SELECT clinic.audit_report('medspa', 'json', 'checklist')::jsonb AS r,
               clinic.audit_report('medspa', 'sarif')::jsonb AS s) x;
SELECT regress.try($$SELECT count(*) FROM clinic.audit('medspa', 'Prisma')$$);
SELECT regress.try($$SELECT clinic.audit_report('medspa', 'text', '')$$);
SELECT regress.try($$SELECT clinic.audit_report('medspa', 'xml', 'checklist')$$);
-- The repository's migrations (clinic.audit_repository), compared as prisma migrate status does:
-- those not in the database are pending (warn); one the database applied that the repository
-- does not hold came from elsewhere (fail). The failed add_billing is reported as before.
SELECT clinic.audit_repository('medspa', ARRAY['20251221153503_initial_schema', '20251221200200_add_messaging_tables',
    '20251221210000_add_tags', '20251222090000_add_billing', '20251223100000_add_invoices']) AS recorded;
SELECT regexp_replace(actual, '\(recorded [^)]*\)', '(recorded ...)') AS actual, jsonb_pretty(detail) AS detail
  FROM clinic.audit('medspa') WHERE check_id = 'migration.status';
SELECT clinic.audit_repository('medspa', ARRAY['20251221153503_initial_schema', '20251221210000_add_tags',
    '20251222090000_add_billing', '20251221210000_add_tags']) AS recorded_each_once;
SELECT regexp_replace(actual, '\(recorded [^)]*\)', '(recorded ...)') AS actual, jsonb_pretty(detail) AS detail
  FROM clinic.audit('medspa') WHERE check_id = 'migration.status';
-- Each record is kept; the newest counts, and the finding says when and by whom it was made.
SELECT schema_name, migrations, recorded_by = current_user AS by_the_caller FROM clinic_audit.repositories ORDER BY recorded_at;
SELECT actual ~ '\(recorded \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by [a-z_]+\)' AS says_when_and_by_whom
  FROM clinic.audit('medspa') WHERE check_id = 'migration.status';
SELECT regress.try($$SELECT clinic.audit_repository('medspa', NULL)$$);
SELECT regress.try($$SELECT clinic.audit_repository('medspa', ARRAY['20251221153503_initial_schema', NULL])$$);
SELECT regress.try($$SELECT clinic.audit_repository('medspa', ARRAY[''])$$);
SELECT regress.try($$SELECT clinic.audit_repository('medspa', ARRAY[['a'], ['b']])$$);
SELECT regress.try($$SELECT clinic.audit_repository('medspa', ARRAY[repeat('x', 256)])$$);
SELECT regress.try($$SELECT clinic.audit_repository('medspa', ARRAY['prisma/migrations/20251221153503_init'])$$);
SELECT regress.try($$SELECT clinic.audit_repository('medspa', array_fill('x'::text, ARRAY[10001]))$$);
DELETE FROM clinic_audit.repositories;
-- Prisma applies migration folders in name order: under its conventions a scheme of its own
-- (01_init, 02_...) is sound, a migration applied after one whose name sorts later is not; the
-- checklist asks for YYYYMMDDHHMMSS_name.
CREATE TABLE medspa.migrations_kept AS SELECT * FROM medspa."_prisma_migrations";
DELETE FROM medspa."_prisma_migrations";
INSERT INTO medspa."_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES
    ('n1', 'c1', '01_init', '2025-12-21 15:35:03+00', '2025-12-21 15:35:04+00', 1),
    ('n2', 'c2', '02_add_tags copy', '2025-12-21 16:00:00+00', '2025-12-21 16:00:01+00', 1);
SELECT a.status, c.status AS checklist, jsonb_pretty(c.detail) AS checklist_detail
  FROM clinic.audit('medspa') a JOIN clinic.audit('medspa', 'checklist') c USING (check_id)
 WHERE check_id = 'migration.naming';
UPDATE medspa."_prisma_migrations" SET started_at = '2025-12-21 17:00:00+00' WHERE id = 'n1';
SELECT status, jsonb_pretty(detail) AS detail FROM clinic.audit('medspa') WHERE check_id = 'migration.naming';
DROP SCHEMA medspa CASCADE;

-- A foreign key served by a partial index on the key being present (Rails' optional
-- associations: WHERE user_id IS NOT NULL) is indexed: the rows it leaves out reference nothing.
-- A partial index on anything else is not, nor is one on the key being absent.
CREATE SCHEMA partialfk;
CREATE TABLE partialfk.users (id bigint PRIMARY KEY);
CREATE TABLE partialfk.notes (id bigint PRIMARY KEY, user_id bigint REFERENCES partialfk.users (id),
    created_at timestamptz, hidden boolean);
CREATE INDEX notes_user_id_created_at ON partialfk.notes (user_id, created_at) WHERE user_id IS NOT NULL;
CREATE TABLE partialfk.comments (id bigint PRIMARY KEY, user_id bigint REFERENCES partialfk.users (id),
    hidden boolean);
CREATE INDEX comments_user_id_visible ON partialfk.comments (user_id) WHERE NOT hidden;
CREATE TABLE partialfk.votes (id bigint PRIMARY KEY, user_id bigint REFERENCES partialfk.users (id),
    note_id bigint);
CREATE INDEX votes_user_id_both ON partialfk.votes (user_id) WHERE user_id IS NOT NULL OR note_id IS NOT NULL;
SELECT status, jsonb_pretty(detail) AS detail FROM clinic.audit('partialfk') WHERE check_id = 'fk.indexed';
SELECT status FROM clinic.audit('partialfk', 'checklist') WHERE check_id = 'fk.indexed';
DROP SCHEMA partialfk CASCADE;

-- Prisma's own conventions are not defects: an implicit many-to-many table (`_PatientToTag`,
-- columns A and B, a unique index on both and none on B alone before Prisma 6: no primary key),
-- and a model identified by @@unique instead of @id (NOT NULL unique key, no primary key). A
-- table with neither still fails.
CREATE SCHEMA prismaconv;
CREATE TABLE prismaconv."Patient" (id text PRIMARY KEY, "firstName" text NOT NULL, "lastName" text NOT NULL);
CREATE TABLE prismaconv."Tag" (name text NOT NULL, "colorCode" text);
CREATE UNIQUE INDEX "Tag_name_key" ON prismaconv."Tag" (name);
CREATE TABLE prismaconv."_PatientToTag" ("A" text NOT NULL REFERENCES prismaconv."Patient" (id),
                                         "B" text NOT NULL REFERENCES prismaconv."Tag" (name));
CREATE UNIQUE INDEX "_PatientToTag_AB_unique" ON prismaconv."_PatientToTag" ("A", "B");
CREATE INDEX "_PatientToTag_B_index" ON prismaconv."_PatientToTag" ("B");
CREATE TABLE prismaconv."Loose" (note text, "createdAt" timestamptz);
-- An empty migrations table beside tables: the schema was not made by prisma migrate.
CREATE TABLE prismaconv."_prisma_migrations" (
    id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
    migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
    started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
-- Credentials and secrets: a plaintext password in the hash column of a table of passwords
-- fails; secrets the application must read back (a webhook's signing secret, a TOTP secret, a
-- meeting password shared with attendees) warn when readable, never fail; hashes and pgcrypto
-- ciphertext (bytea) pass.
CREATE TABLE prismaconv."UserPassword" ("userId" text PRIMARY KEY, hash text NOT NULL);
INSERT INTO prismaconv."UserPassword" VALUES ('u1', 'hunter2'), ('u2', public.crypt('s3cret', public.gen_salt('bf', 4)));
CREATE TABLE prismaconv."Webhook" (id text PRIMARY KEY, secret text, "signingKey" bytea);
INSERT INTO prismaconv."Webhook" VALUES ('w1', 'whsec_5f2b', public.pgp_sym_encrypt('k', 'pass'));
CREATE TABLE prismaconv."DailyEventReference" (id text PRIMARY KEY, "meetingPassword" text, "twoFactorSecret" bytea);
INSERT INTO prismaconv."DailyEventReference" VALUES ('d1', 'join-42', public.pgp_sym_encrypt('JBSWY3DP', 'pass'));
SELECT check_id, status, actual, jsonb_pretty(detail) AS detail FROM clinic.audit('prismaconv')
 WHERE check_id IN ('pk.present', 'orm.introspectable', 'naming.conventions', 'migration.status',
                    'secrets.plaintext')
 ORDER BY check_id;
DROP SCHEMA prismaconv CASCADE;
