-- clinic 1.0 -> 1.1, applied by ALTER EXTENSION clinic UPDATE (make appends the 1.1 manifest).
-- 1.1: every function taking a target schema makes the same checks, in one place
-- (clinic._target_schema: 22004 for NULL, 3F000 when missing, 42501 without USAGE), so
-- migration_status no longer answers for a schema the caller may not read or that does not
-- exist; error messages quote at most 64 bytes of a bad argument; an expiry of -infinity is
-- named in its error; the functions that read a target's rows run with row_security off (a
-- policy that applies is an error, not a partial answer) and validate() checks SELECT on each
-- table it scans. No table changes: every row stays as it is.
\echo Use "ALTER EXTENSION clinic UPDATE TO '1.1'" to load this file. \quit
-- Search only pg_catalog, as the install script does (see src/sql/00_header.sql).
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

CREATE FUNCTION clinic._target_schema(target regnamespace) RETURNS name
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_target_schema';
COMMENT ON FUNCTION clinic._target_schema(regnamespace) IS
    'The target schema''s name, after the checks of every function taking one: 22004 for NULL, 3F000 when it does not exist, 42501 without USAGE on it.';
REVOKE ALL ON FUNCTION clinic._target_schema(regnamespace) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._target_schema(regnamespace) TO clinic_admin, clinic_auditor;

CREATE OR REPLACE FUNCTION clinic._validation_rules_edit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT FROM clinic.validation_rules r WHERE r.check_id = NEW.check_id) THEN
            UPDATE clinic.validation_rules r
               SET threshold = NEW.threshold, low = NEW.low, high = NEW.high, enabled = NEW.enabled
             WHERE r.check_id = NEW.check_id;
            RETURN NULL;
        END IF;
        IF NOT EXISTS (SELECT FROM clinic._validation_rule_defaults() d WHERE d.check_id = NEW.check_id) THEN
            RAISE EXCEPTION 'unknown check "%"', pg_catalog.left(NEW.check_id, 64)
                USING ERRCODE = '22023', HINT = 'Checks are built in; a DBA edits their threshold, low, high and enabled.';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.check_id, NEW.check_type, NEW.category, NEW.table_name, NEW.column_name,
        NEW.default_threshold, NEW.default_low, NEW.default_high)
       IS DISTINCT FROM
       (OLD.check_id, OLD.check_type, OLD.category, OLD.table_name, OLD.column_name,
        OLD.default_threshold, OLD.default_low, OLD.default_high) THEN
        RAISE EXCEPTION 'only threshold, low, high and enabled of a validation rule can change'
            USING ERRCODE = '23514', CONSTRAINT = 'validation_rules_catalogue_immutable',
                  TABLE = 'validation_rules', SCHEMA = 'clinic';
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION clinic.audit_suppress(target regnamespace, check_id text, object_name text,
                                      reason text, expires_on date) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
BEGIN
    IF target IS NULL OR check_id IS NULL OR reason IS NULL OR expires_on IS NULL THEN
        RAISE EXCEPTION 'target, check_id, reason and expires_on are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT FROM clinic.audit(target) a WHERE a.check_id = audit_suppress.check_id) THEN
        RAISE EXCEPTION 'unknown check "%"', pg_catalog.left(check_id, 64) USING ERRCODE = 'invalid_parameter_value',
            HINT = 'The check ids are those of SELECT check_id FROM clinic.audit().';
    END IF;
    IF expires_on < CURRENT_DATE THEN
        RAISE EXCEPTION 'expiry % is in the past', coalesce(pg_catalog.to_char(expires_on, 'YYYY-MM-DD'), expires_on::text) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO clinic_audit.suppressions (schema_name, check_id, object_name, reason, expires_on)
    VALUES (clinic._target_schema(target), check_id, object_name, reason, expires_on)
    ON CONFLICT (schema_name, check_id, COALESCE(object_name, ''))
    DO UPDATE SET reason = EXCLUDED.reason, expires_on = EXCLUDED.expires_on,
                  created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at;
END
$$;

CREATE OR REPLACE FUNCTION clinic.migration_status(target regnamespace DEFAULT 'clinic',
        OUT source text, OUT name text, OUT state text, OUT detail text,
        OUT started_at timestamptz, OUT finished_at timestamptz)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    nsp name := clinic._target_schema(target);
    r record;
BEGIN
    -- The clinic extension: installed and default version, and the update path between them.
    FOR r IN
        SELECT e.extversion, a.default_version,
               (SELECT p.path FROM pg_catalog.pg_extension_update_paths('clinic') p
                 WHERE p.source = e.extversion AND p.target = a.default_version) AS path
          FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_available_extensions a ON a.name = e.extname
         WHERE e.extname = 'clinic' AND e.extnamespace = target
    LOOP
        source := 'extension'; name := 'clinic';
        state := CASE WHEN r.extversion = r.default_version THEN 'current'
                      WHEN r.path IS NOT NULL THEN 'update available' ELSE 'no update path' END;
        detail := format('installed %s, default %s%s', r.extversion, r.default_version,
                         CASE WHEN r.path IS NOT NULL AND r.extversion <> r.default_version
                              THEN ', path ' || r.path ELSE '' END);
        started_at := NULL; finished_at := NULL;
        RETURN NEXT;
    END LOOP;
    -- Prisma: each migration's state (a failed one has neither finished_at nor rolled_back_at).
    IF EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace = target
                 AND c.relname = '_prisma_migrations' AND c.relkind = 'r') THEN
        FOR r IN EXECUTE format(
            'SELECT migration_name::text AS m, started_at, finished_at, rolled_back_at, applied_steps_count, logs
               FROM %I._prisma_migrations ORDER BY started_at, migration_name', nsp)
        LOOP
            source := 'prisma'; name := r.m;
            state := CASE WHEN r.rolled_back_at IS NOT NULL THEN 'rolled back'
                          WHEN r.finished_at IS NULL THEN 'failed' ELSE 'applied' END;
            detail := CASE WHEN r.finished_at IS NULL AND r.rolled_back_at IS NULL
                           THEN coalesce(left(r.logs, 200), 'no log') ELSE r.applied_steps_count || ' steps' END;
            started_at := r.started_at; finished_at := r.finished_at;
            RETURN NEXT;
        END LOOP;
    END IF;
END
$$;

ALTER FUNCTION clinic.validate(regnamespace, text[], integer) SET row_security = off;
ALTER FUNCTION clinic.audit(regnamespace) SET row_security = off;
ALTER FUNCTION clinic.audit_report(regnamespace, text) SET row_security = off;
ALTER FUNCTION clinic.audit(regnamespace) SET check_function_bodies = on;
ALTER FUNCTION clinic.audit_report(regnamespace, text) SET check_function_bodies = on;
ALTER FUNCTION clinic.schema_snapshot(regnamespace) SET row_security = off;

CREATE FUNCTION clinic._jsonb_image_matches(json text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'clinic_jsonb_image_matches';
COMMENT ON FUNCTION clinic._jsonb_image_matches(text) IS
    'Whether the extension''s jsonb encoder writes this JSON text byte for byte as jsonb_in does (NULL when it is not JSON); for tests only.';
REVOKE ALL ON FUNCTION clinic._jsonb_image_matches(text) FROM PUBLIC;

-- The manifest: clinic.schema_snapshot() of a fresh install of this version.
CREATE OR REPLACE FUNCTION clinic._manifest() RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $manifest$ SELECT $json$
{
    "enums": {
        "sex": {
            "labels": [
                "male",
                "female",
                "other"
            ],
            "comment": "Administrative sex (TICKET-001 Sex)."
        },
        "consent_kind": {
            "labels": [
                "treatment",
                "privacy_notice",
                "telehealth",
                "research",
                "email_communication",
                "sms_communication",
                "photography"
            ],
            "comment": "What a consent record covers."
        },
        "consent_status": {
            "labels": [
                "granted",
                "declined",
                "revoked"
            ],
            "comment": "granted (with granted_at), declined, or revoked (with revoked_at); expiry is expires_at."
        },
        "allergy_severity": {
            "labels": [
                "mild",
                "moderate",
                "severe",
                "life_threatening"
            ],
            "comment": "Severity of the reaction (TICKET-001 AllergySeverity)."
        },
        "appointment_type": {
            "labels": [
                "new_patient",
                "follow_up",
                "routine_checkup",
                "sick_visit",
                "telehealth"
            ],
            "comment": "Kind of visit (TICKET-001 AppointmentType)."
        },
        "appointment_status": {
            "labels": [
                "scheduled",
                "checked_in",
                "in_progress",
                "completed",
                "cancelled",
                "no_show"
            ],
            "comment": "Appointment state (TICKET-001 AppointmentStatus); transitions enforced by clinic.appointment_rules_trigger()."
        },
        "allergy_criticality": {
            "labels": [
                "low",
                "high",
                "unable_to_assess"
            ],
            "comment": "Potential for a future life-threatening reaction (FHIR AllergyIntolerance.criticality), distinct from severity."
        },
        "prescription_status": {
            "labels": [
                "active",
                "on_hold",
                "cancelled",
                "completed",
                "entered_in_error",
                "stopped",
                "draft"
            ],
            "comment": "FHIR MedicationRequest.status."
        },
        "allergen_code_system": {
            "labels": [
                "rxnorm",
                "snomed_ct"
            ],
            "comment": "Code system of a coded allergen: RxNorm for drugs, SNOMED CT otherwise."
        },
        "allergy_clinical_status": {
            "labels": [
                "active",
                "inactive",
                "resolved"
            ],
            "comment": "FHIR AllergyIntolerance.clinicalStatus."
        },
        "condition_clinical_status": {
            "labels": [
                "active",
                "recurrence",
                "relapse",
                "inactive",
                "remission",
                "resolved"
            ],
            "comment": "FHIR Condition.clinicalStatus."
        }
    },
    "format": 1,
    "schema": "clinic",
    "tables": {
        "patients": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:INSERT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "INSERT"
                },
                "clinic_front_desk:SELECT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:UPDATE": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Primary key, generated in the database; every chart row carries it as patient_id.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "mrn": {
                    "type": "text",
                    "comment": "Medical record number (FHIR Patient.identifier); unique among live patients. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "sex": {
                    "type": "clinic.sex",
                    "comment": "Administrative sex.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "city": {
                    "type": "text",
                    "comment": "City. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "email": {
                    "type": "text",
                    "comment": "Contact e-mail. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "phone": {
                    "type": "text",
                    "comment": "Contact phone. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "state": {
                    "type": "text",
                    "comment": "State or region.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": false
                },
                "country": {
                    "type": "text",
                    "comment": "ISO 3166-1 alpha-2 country code.",
                    "default": "'US'::text",
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "last_name": {
                    "type": "text",
                    "comment": "Family name. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 18,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 20,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 22,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 23,
                    "generated": false
                },
                "first_name": {
                    "type": "text",
                    "comment": "Given name. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 19,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 21,
                    "generated": false
                },
                "deceased_at": {
                    "type": "timestamp with time zone",
                    "comment": "Time of death (FHIR Patient.deceasedDateTime); not before birth, not in the future.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 17,
                    "generated": false
                },
                "postal_code": {
                    "type": "text",
                    "comment": "Postal code; a US ZIP or ZIP+4 when country is US. PHI (only its first 3 digits survive de-identification).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "address_line1": {
                    "type": "text",
                    "comment": "Street address, first line. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "address_line2": {
                    "type": "text",
                    "comment": "Street address, second line. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "date_of_birth": {
                    "type": "date",
                    "comment": "Date of birth; not in the future (clinic.patient_rules_trigger). PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "emergency_contact_name": {
                    "type": "text",
                    "comment": "Emergency contact. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "emergency_contact_phone": {
                    "type": "text",
                    "comment": "Emergency contact phone. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                }
            },
            "comment": "People receiving care (TICKET-001 Patient; FHIR Patient). PHI. The Citus distribution root (by id). Soft-deleted.",
            "indexes": {
                "patients_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id)"
                },
                "patients_email_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (email)"
                },
                "patients_phone_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (phone)"
                },
                "patients_mrn_live_key": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (mrn) WHERE (deleted_at IS NULL)"
                },
                "patients_last_name_first_name_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (last_name, first_name)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "patient_rules": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.patient_rules_trigger()",
                    "update_of": [
                        "date_of_birth",
                        "deceased_at"
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "patients_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id"
                    ],
                    "validated": true
                },
                "patients_mrn_format": {
                    "type": "check",
                    "columns": [
                        "mrn"
                    ],
                    "validated": true,
                    "definition": "CHECK ((mrn ~ '^[A-Za-z0-9-]{1,32}$'::text))"
                },
                "patients_country_iso": {
                    "type": "check",
                    "columns": [
                        "country"
                    ],
                    "validated": true,
                    "definition": "CHECK ((country ~ '^[A-Z]{2}$'::text))"
                },
                "patients_email_format": {
                    "type": "check",
                    "columns": [
                        "email"
                    ],
                    "validated": true,
                    "definition": "CHECK ((email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'::text))"
                },
                "patients_us_postal_code": {
                    "type": "check",
                    "columns": [
                        "country",
                        "postal_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (((country <> 'US'::text) OR (postal_code ~ '^[0-9]{5}(-[0-9]{4})?$'::text)))"
                },
                "patients_names_not_blank": {
                    "type": "check",
                    "columns": [
                        "first_name",
                        "last_name"
                    ],
                    "validated": true,
                    "definition": "CHECK (((btrim(first_name) <> ''::text) AND (btrim(last_name) <> ''::text)))"
                },
                "patients_date_of_birth_plausible": {
                    "type": "check",
                    "columns": [
                        "date_of_birth"
                    ],
                    "validated": true,
                    "definition": "CHECK ((date_of_birth >= '1880-01-01'::date))"
                },
                "patients_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "symptoms": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "severity": {
                    "type": "smallint",
                    "comment": "Patient-reported severity, 1 (least) to 10.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "onset_date": {
                    "type": "date",
                    "comment": "Date the symptom began.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the record's patient.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "description": {
                    "type": "text",
                    "comment": "Symptom, as written. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "snomed_code": {
                    "type": "text",
                    "comment": "SNOMED CT concept id (digits; check digit verified by the validator).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "duration_days": {
                    "type": "integer",
                    "comment": "How long it has lasted, in days (0 to 36500).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "medical_record_id": {
                    "type": "uuid",
                    "comment": "The medical record; deleting it deletes the symptom.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                }
            },
            "comment": "Symptoms noted in a medical record (TICKET-001 Symptom). PHI. Soft-deleted.",
            "indexes": {
                "symptoms_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "symptoms_medical_record_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (medical_record_id, patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "symptoms_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "symptoms_snomed_format": {
                    "type": "check",
                    "columns": [
                        "snomed_code"
                    ],
                    "validated": true,
                    "definition": "CHECK ((snomed_code ~ '^[1-9][0-9]{5,17}$'::text))"
                },
                "symptoms_duration_range": {
                    "type": "check",
                    "columns": [
                        "duration_days"
                    ],
                    "validated": true,
                    "definition": "CHECK (((duration_days >= 0) AND (duration_days <= 36500)))"
                },
                "symptoms_severity_range": {
                    "type": "check",
                    "columns": [
                        "severity"
                    ],
                    "validated": true,
                    "definition": "CHECK (((severity >= 1) AND (severity <= 10)))"
                },
                "symptoms_medical_record_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "medical_record_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "medical_records",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "symptoms_description_not_blank": {
                    "type": "check",
                    "columns": [
                        "description"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(description) <> ''::text))"
                },
                "symptoms_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "allergies": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "allergen": {
                    "type": "text",
                    "comment": "Substance, as written.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "noted_on": {
                    "type": "date",
                    "comment": "Date the allergy was first noted.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "reaction": {
                    "type": "text",
                    "comment": "Manifestation, free text.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "severity": {
                    "type": "clinic.allergy_severity",
                    "comment": "Severity of the reaction (TICKET-001).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); deleting the patient deletes the allergy.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "criticality": {
                    "type": "clinic.allergy_criticality",
                    "comment": "Risk of a future severe reaction (FHIR criticality).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "allergen_code": {
                    "type": "text",
                    "comment": "Coded substance: an RxNorm RxCUI for drugs, a SNOMED CT concept id otherwise.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                },
                "clinical_status": {
                    "type": "clinic.allergy_clinical_status",
                    "comment": "active, inactive or resolved.",
                    "default": "'active'::clinic.allergy_clinical_status",
                    "identity": false,
                    "not_null": true,
                    "position": 8,
                    "generated": false
                },
                "allergen_code_system": {
                    "type": "clinic.allergen_code_system",
                    "comment": "Code system of allergen_code; set exactly when allergen_code is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                }
            },
            "comment": "Allergies and intolerances (TICKET-001 Allergy; FHIR AllergyIntolerance). PHI. Soft-deleted.",
            "indexes": {
                "allergies_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "allergies_patient_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "allergies_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "allergies_code_format": {
                    "type": "check",
                    "columns": [
                        "allergen_code_system",
                        "allergen_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (((allergen_code_system IS NULL) OR ((allergen_code_system = 'rxnorm'::clinic.allergen_code_system) AND clinic.is_valid_rxnorm(allergen_code)) OR ((allergen_code_system = 'snomed_ct'::clinic.allergen_code_system) AND (allergen_code ~ '^[1-9][0-9]{5,17}$'::text))))"
                },
                "allergies_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "allergies_code_with_system": {
                    "type": "check",
                    "columns": [
                        "allergen_code",
                        "allergen_code_system"
                    ],
                    "validated": true,
                    "definition": "CHECK (((allergen_code IS NULL) = (allergen_code_system IS NULL)))"
                },
                "allergies_allergen_not_blank": {
                    "type": "check",
                    "columns": [
                        "allergen"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(allergen) <> ''::text))"
                },
                "allergies_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "seq": {
                    "type": "bigint",
                    "comment": "Position in the patient's chain, from 1 without gaps.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "hash": {
                    "type": "bytea",
                    "comment": "SHA-256 over prev_hash and a session-independent encoding of every other column (doc/audit-trail.md).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 15,
                    "generated": false
                },
                "actor": {
                    "type": "text",
                    "comment": "The clinic.actor setting when the application set it.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "row_id": {
                    "type": "uuid",
                    "comment": "The id of the changed row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "db_user": {
                    "type": "text",
                    "comment": "The session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "logged_at": {
                    "type": "timestamp with time zone",
                    "comment": "Time of the change: the writing transaction's start time.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "operation": {
                    "type": "text",
                    "comment": "INSERT, UPDATE, DELETE, TRUNCATE, ACCESS (a read recorded by clinic.log_access) or RETENTION (a purge).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "prev_hash": {
                    "type": "bytea",
                    "comment": "hash of the previous row of the chain; 32 zero bytes for the first.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "new_values": {
                    "type": "jsonb",
                    "comment": "INSERT: the row; UPDATE: the changed columns' new values; ACCESS: the purpose; TRUNCATE and RETENTION: what was removed.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "old_values": {
                    "type": "jsonb",
                    "comment": "DELETE: the row; UPDATE: the changed columns' old values; ACCESS: NULL.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient whose chain holds the row (distribution key); the all-zero uuid for the system chain (TRUNCATE, RETENTION).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "table_name": {
                    "type": "text",
                    "comment": "The PHI table (unqualified name; the schema is clinic).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "client_addr": {
                    "type": "inet",
                    "comment": "The client's address; NULL over a Unix socket.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "transaction_id": {
                    "type": "xid8",
                    "comment": "The writing transaction's id.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "application_name": {
                    "type": "text",
                    "comment": "The client's application_name.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": false
                }
            },
            "comment": "Append-only, hash-chained audit trail of PHI: every insert, update and delete of a PHI table row (cascades included), TRUNCATEs, chart accesses recorded by clinic.log_access and retention purges. One SHA-256 chain per patient; verify with clinic.verify_audit_log(). Written only by the extension's C++ code.",
            "indexes": {
                "audit_log_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (patient_id, seq)"
                },
                "audit_log_logged_at_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "brin (logged_at)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_pkey": {
                    "type": "primary key",
                    "columns": [
                        "patient_id",
                        "seq"
                    ],
                    "validated": true
                },
                "audit_log_seq_positive": {
                    "type": "check",
                    "columns": [
                        "seq"
                    ],
                    "validated": true,
                    "definition": "CHECK ((seq > 0))"
                },
                "audit_log_hashes_sha256": {
                    "type": "check",
                    "columns": [
                        "prev_hash",
                        "hash"
                    ],
                    "validated": true,
                    "definition": "CHECK (((length(prev_hash) = 32) AND (length(hash) = 32)))"
                },
                "audit_log_operation_known": {
                    "type": "check",
                    "columns": [
                        "operation"
                    ],
                    "validated": true,
                    "definition": "CHECK ((operation = ANY (ARRAY['INSERT'::text, 'UPDATE'::text, 'DELETE'::text, 'TRUNCATE'::text, 'ACCESS'::text, 'RETENTION'::text])))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "providers": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT(id)": {
                    "column": "id",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(npi)": {
                    "column": "npi",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(id)": {
                    "column": "id",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(email)": {
                    "column": "email",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(phone)": {
                    "column": "phone",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(npi)": {
                    "column": "npi",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(id)": {
                    "column": "id",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(npi)": {
                    "column": "npi",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(email)": {
                    "column": "email",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(phone)": {
                    "column": "phone",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(email)": {
                    "column": "email",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(phone)": {
                    "column": "phone",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(is_active)": {
                    "column": "is_active",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(last_name)": {
                    "column": "last_name",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(specialty)": {
                    "column": "specialty",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(created_at)": {
                    "column": "created_at",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(created_by)": {
                    "column": "created_by",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(deleted_at)": {
                    "column": "deleted_at",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(deleted_by)": {
                    "column": "deleted_by",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(first_name)": {
                    "column": "first_name",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(updated_at)": {
                    "column": "updated_at",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT(updated_by)": {
                    "column": "updated_by",
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(is_active)": {
                    "column": "is_active",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(last_name)": {
                    "column": "last_name",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(specialty)": {
                    "column": "specialty",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(created_at)": {
                    "column": "created_at",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(created_by)": {
                    "column": "created_by",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(deleted_at)": {
                    "column": "deleted_at",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(deleted_by)": {
                    "column": "deleted_by",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(first_name)": {
                    "column": "first_name",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(updated_at)": {
                    "column": "updated_at",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT(updated_by)": {
                    "column": "updated_by",
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(is_active)": {
                    "column": "is_active",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(last_name)": {
                    "column": "last_name",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(specialty)": {
                    "column": "specialty",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(created_at)": {
                    "column": "created_at",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(created_by)": {
                    "column": "created_by",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(deleted_at)": {
                    "column": "deleted_at",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(deleted_by)": {
                    "column": "deleted_by",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(first_name)": {
                    "column": "first_name",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(updated_at)": {
                    "column": "updated_at",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:SELECT(updated_by)": {
                    "column": "updated_by",
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Primary key, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "npi": {
                    "type": "text",
                    "comment": "US National Provider Identifier, check digit validated; unique among live providers.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "email": {
                    "type": "text",
                    "comment": "Login e-mail; unique among live providers, case-insensitively.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "phone": {
                    "type": "text",
                    "comment": "Work phone.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "is_active": {
                    "type": "boolean",
                    "comment": "False when the provider takes no new appointments.",
                    "default": "true",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "last_name": {
                    "type": "text",
                    "comment": "Family name.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "specialty": {
                    "type": "text",
                    "comment": "Clinical specialty, free text.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "first_name": {
                    "type": "text",
                    "comment": "Given name.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "password_hash": {
                    "type": "text",
                    "comment": "bcrypt hash (pgcrypto crypt/gen_salt bf); never a plaintext password. Readable by clinic_admin only.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                }
            },
            "comment": "Clinicians who see patients (TICKET-001 Provider). A reference table under Citus. Soft-deleted, never removed while appointments reference them.",
            "indexes": {
                "providers_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id)"
                },
                "providers_npi_live_key": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (npi) WHERE (deleted_at IS NULL)"
                },
                "providers_email_live_key": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (lower(email)) WHERE (deleted_at IS NULL)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "providers_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id"
                    ],
                    "validated": true
                },
                "providers_npi_valid": {
                    "type": "check",
                    "columns": [
                        "npi"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_npi(npi))"
                },
                "providers_email_format": {
                    "type": "check",
                    "columns": [
                        "email"
                    ],
                    "validated": true,
                    "definition": "CHECK ((email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'::text))"
                },
                "providers_names_not_blank": {
                    "type": "check",
                    "columns": [
                        "first_name",
                        "last_name"
                    ],
                    "validated": true,
                    "definition": "CHECK (((btrim(first_name) <> ''::text) AND (btrim(last_name) <> ''::text)))"
                },
                "providers_password_is_bcrypt": {
                    "type": "check",
                    "columns": [
                        "password_hash"
                    ],
                    "validated": true,
                    "definition": "CHECK ((password_hash ~ '^\\$2[abxy]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$'::text))"
                },
                "providers_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "vital_signs": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "bmi": {
                    "type": "numeric",
                    "comment": "Body mass index, kg/m2 (LOINC 39156-5), derived from weight and height; above 10, below 100.",
                    "default": "round((weight_kg / ((height_cm / (100)::numeric) * (height_cm / (100)::numeric))), 1)",
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": true
                },
                "spo2_pct": {
                    "type": "numeric(4,1)",
                    "comment": "Oxygen saturation, % (LOINC 59408-5); above 0, at most 100 (0 to 1 would be a fraction).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "height_cm": {
                    "type": "numeric(5,1)",
                    "comment": "Body height, cm (LOINC 8302-2); 20 to 250.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "weight_kg": {
                    "type": "numeric(5,2)",
                    "comment": "Body weight, kg (LOINC 29463-7); 2 to 500.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 10,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 16,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 18,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 19,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the appointment's patient.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 15,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 17,
                    "generated": false
                },
                "measured_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the vitals were taken.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "systolic_mmhg": {
                    "type": "smallint",
                    "comment": "Systolic blood pressure, mm[Hg] (LOINC 8480-6); 40 to 300, above diastolic.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                },
                "temperature_c": {
                    "type": "numeric(4,1)",
                    "comment": "Body temperature, Cel (LOINC 8310-5); 25 to 45 (86 to 113 would be Fahrenheit).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "appointment_id": {
                    "type": "uuid",
                    "comment": "The appointment; deleting it deletes the vitals.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "diastolic_mmhg": {
                    "type": "smallint",
                    "comment": "Diastolic blood pressure, mm[Hg] (LOINC 8462-4); 20 to 200.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "heart_rate_per_min": {
                    "type": "smallint",
                    "comment": "Heart rate, /min (LOINC 8867-4); 20 to 300.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "respiratory_rate_per_min": {
                    "type": "smallint",
                    "comment": "Respiratory rate, /min (LOINC 9279-1); 1 to 69.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                }
            },
            "comment": "Vital signs of one appointment in fixed units (TICKET-001 VitalSigns; FHIR vital-signs profile). PHI. At most one set per appointment. Soft-deleted.",
            "indexes": {
                "vital_signs_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "vital_signs_one_per_appointment": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (patient_id, appointment_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "vital_signs_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "vital_signs_bmi_range": {
                    "type": "check",
                    "columns": [
                        "bmi"
                    ],
                    "validated": true,
                    "definition": "CHECK (((bmi > (10)::numeric) AND (bmi < (100)::numeric)))"
                },
                "vital_signs_spo2_range": {
                    "type": "check",
                    "columns": [
                        "spo2_pct"
                    ],
                    "validated": true,
                    "definition": "CHECK (((spo2_pct > (0)::numeric) AND (spo2_pct <= (100)::numeric)))"
                },
                "vital_signs_height_range": {
                    "type": "check",
                    "columns": [
                        "height_cm"
                    ],
                    "validated": true,
                    "definition": "CHECK (((height_cm >= (20)::numeric) AND (height_cm <= (250)::numeric)))"
                },
                "vital_signs_weight_range": {
                    "type": "check",
                    "columns": [
                        "weight_kg"
                    ],
                    "validated": true,
                    "definition": "CHECK (((weight_kg >= (2)::numeric) AND (weight_kg <= (500)::numeric)))"
                },
                "vital_signs_systolic_range": {
                    "type": "check",
                    "columns": [
                        "systolic_mmhg"
                    ],
                    "validated": true,
                    "definition": "CHECK (((systolic_mmhg >= 40) AND (systolic_mmhg <= 300)))"
                },
                "vital_signs_diastolic_range": {
                    "type": "check",
                    "columns": [
                        "diastolic_mmhg"
                    ],
                    "validated": true,
                    "definition": "CHECK (((diastolic_mmhg >= 20) AND (diastolic_mmhg <= 200)))"
                },
                "vital_signs_appointment_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "appointments",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "vital_signs_heart_rate_range": {
                    "type": "check",
                    "columns": [
                        "heart_rate_per_min"
                    ],
                    "validated": true,
                    "definition": "CHECK (((heart_rate_per_min >= 20) AND (heart_rate_per_min <= 300)))"
                },
                "vital_signs_temperature_range": {
                    "type": "check",
                    "columns": [
                        "temperature_c"
                    ],
                    "validated": true,
                    "definition": "CHECK (((temperature_c >= (25)::numeric) AND (temperature_c <= (45)::numeric)))"
                },
                "vital_signs_one_per_appointment": {
                    "type": "unique",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "validated": true
                },
                "vital_signs_respiratory_rate_range": {
                    "type": "check",
                    "columns": [
                        "respiratory_rate_per_min"
                    ],
                    "validated": true,
                    "definition": "CHECK (((respiratory_rate_per_min > 0) AND (respiratory_rate_per_min < 70)))"
                },
                "vital_signs_systolic_above_diastolic": {
                    "type": "check",
                    "columns": [
                        "systolic_mmhg",
                        "diastolic_mmhg"
                    ],
                    "validated": true,
                    "definition": "CHECK ((systolic_mmhg > diastolic_mmhg))"
                },
                "vital_signs_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "appointments": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:INSERT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "INSERT"
                },
                "clinic_front_desk:SELECT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:UPDATE": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "UPDATE"
                },
                "clinic_clinician:UPDATE(notes)": {
                    "column": "notes",
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                },
                "clinic_clinician:UPDATE(status)": {
                    "column": "status",
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "notes": {
                    "type": "text",
                    "comment": "Scheduling notes, free text. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "reason": {
                    "type": "text",
                    "comment": "Reason for the visit, free text. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "status": {
                    "type": "clinic.appointment_status",
                    "comment": "State; see the transition table in doc/schema.md.",
                    "default": "'scheduled'::clinic.appointment_status",
                    "identity": false,
                    "not_null": true,
                    "position": 7,
                    "generated": false
                },
                "ends_at": {
                    "type": "timestamp with time zone",
                    "comment": "End time; after the start, at most 12 hours later.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); deleting the patient deletes the appointment and its record and vitals.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "provider_id": {
                    "type": "uuid",
                    "comment": "The provider; a provider with appointments cannot be deleted (RESTRICT).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "appointment_date": {
                    "type": "timestamp with time zone",
                    "comment": "Start time (TICKET-001 appointmentDate).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "appointment_type": {
                    "type": "clinic.appointment_type",
                    "comment": "Kind of visit.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                }
            },
            "comment": "Visits (TICKET-001 Appointment; FHIR Appointment). PHI. Status changes follow clinic.appointment_rules_trigger(); no provider is double-booked. Soft-deleted.",
            "indexes": {
                "appointments_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "appointments_status_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (status)"
                },
                "appointments_patient_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id)"
                },
                "appointments_provider_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (provider_id)"
                },
                "appointments_provider_no_overlap": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "gist (provider_id, tstzrange(appointment_date, ends_at)) WHERE ((status <> ALL (ARRAY['cancelled'::clinic.appointment_status, 'no_show'::clinic.appointment_status])) AND (deleted_at IS NULL))"
                },
                "appointments_appointment_date_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (appointment_date)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "appointment_rules": {
                    "when": "(old.status IS DISTINCT FROM new.status)",
                    "level": "row",
                    "events": [
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.appointment_rules_trigger()",
                    "update_of": [
                        "status"
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "appointments_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "appointments_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "appointments_provider_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "provider_id"
                    ],
                    "on_delete": "RESTRICT",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "providers",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "appointments_at_most_12_hours": {
                    "type": "check",
                    "columns": [
                        "ends_at",
                        "appointment_date"
                    ],
                    "validated": true,
                    "definition": "CHECK (((ends_at - appointment_date) <= '12:00:00'::interval))"
                },
                "appointments_ends_after_start": {
                    "type": "check",
                    "columns": [
                        "ends_at",
                        "appointment_date"
                    ],
                    "validated": true,
                    "definition": "CHECK ((ends_at > appointment_date))"
                },
                "appointments_provider_no_overlap": {
                    "type": "exclusion",
                    "columns": [
                        "provider_id",
                        "(expression)"
                    ],
                    "validated": true,
                    "definition": "EXCLUDE USING gist (provider_id WITH =, tstzrange(appointment_date, ends_at) WITH &&) WHERE (((status <> ALL (ARRAY['cancelled'::clinic.appointment_status, 'no_show'::clinic.appointment_status])) AND (deleted_at IS NULL)))"
                },
                "appointments_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "prescriptions": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "route": {
                    "type": "text",
                    "comment": "Route of administration, e.g. oral.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "dosage": {
                    "type": "text",
                    "comment": "Dose per administration, e.g. 500 mg.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "status": {
                    "type": "clinic.prescription_status",
                    "comment": "FHIR MedicationRequest.status.",
                    "default": "'active'::clinic.prescription_status",
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "refills": {
                    "type": "smallint",
                    "comment": "Refills allowed, 0 to 24.",
                    "default": "0",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "end_date": {
                    "type": "date",
                    "comment": "Last day of use; not before start_date.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "quantity": {
                    "type": "numeric(10,2)",
                    "comment": "Quantity dispensed; positive.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "frequency": {
                    "type": "text",
                    "comment": "How often, e.g. twice daily.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 7,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 17,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 19,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 21,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 22,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the record's patient.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "start_date": {
                    "type": "date",
                    "comment": "First day of use.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 18,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 20,
                    "generated": false
                },
                "days_supply": {
                    "type": "smallint",
                    "comment": "Days the quantity lasts, 1 to 365.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "rxnorm_code": {
                    "type": "text",
                    "comment": "RxNorm RxCUI of the medication.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "instructions": {
                    "type": "text",
                    "comment": "Patient instructions, free text. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                },
                "prescribed_at": {
                    "type": "timestamp with time zone",
                    "comment": "When it was prescribed.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "medication_name": {
                    "type": "text",
                    "comment": "Medication, as written.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "medical_record_id": {
                    "type": "uuid",
                    "comment": "The medical record; deleting it deletes the prescription.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                }
            },
            "comment": "Medication orders written in a medical record (TICKET-001 Prescription; FHIR MedicationRequest). PHI. Soft-deleted.",
            "indexes": {
                "prescriptions_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "prescriptions_medical_record_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (medical_record_id, patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "prescriptions_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "prescriptions_refills_range": {
                    "type": "check",
                    "columns": [
                        "refills"
                    ],
                    "validated": true,
                    "definition": "CHECK (((refills >= 0) AND (refills <= 24)))"
                },
                "prescriptions_rxnorm_format": {
                    "type": "check",
                    "columns": [
                        "rxnorm_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_rxnorm(rxnorm_code))"
                },
                "prescriptions_end_after_start": {
                    "type": "check",
                    "columns": [
                        "end_date",
                        "start_date"
                    ],
                    "validated": true,
                    "definition": "CHECK ((end_date >= start_date))"
                },
                "prescriptions_days_supply_range": {
                    "type": "check",
                    "columns": [
                        "days_supply"
                    ],
                    "validated": true,
                    "definition": "CHECK (((days_supply >= 1) AND (days_supply <= 365)))"
                },
                "prescriptions_quantity_positive": {
                    "type": "check",
                    "columns": [
                        "quantity"
                    ],
                    "validated": true,
                    "definition": "CHECK ((quantity > (0)::numeric))"
                },
                "prescriptions_medical_record_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "medical_record_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "medical_records",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "prescriptions_medication_not_blank": {
                    "type": "check",
                    "columns": [
                        "medication_name"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(medication_name) <> ''::text))"
                },
                "prescriptions_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log_seals": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "heads": {
                    "type": "bytea",
                    "comment": "56 bytes per chain, in patient_id order: the 16 bytes of patient_id, seq as 8 bytes big-endian, the 32-byte hash of that row.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "digest": {
                    "type": "bytea",
                    "comment": "SHA-256 of prev_digest, seal_id (8 bytes big-endian) and heads. Keep it outside the database.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "seal_id": {
                    "type": "bigint",
                    "comment": "Position in the chain of seals, from 1.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "sealed_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the seal was taken.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "prev_digest": {
                    "type": "bytea",
                    "comment": "digest of the previous seal; 32 zero bytes for the first.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                }
            },
            "comment": "Seals of the audit trail, each chained to the previous one: the heads (patient_id, seq, hash) of the chains that grew since the previous seal. Written only by clinic.audit_log_seal().",
            "indexes": {
                "audit_log_seals_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (seal_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_seals_pkey": {
                    "type": "primary key",
                    "columns": [
                        "seal_id"
                    ],
                    "validated": true
                },
                "audit_log_seals_heads_whole": {
                    "type": "check",
                    "columns": [
                        "heads"
                    ],
                    "validated": true,
                    "definition": "CHECK (((length(heads) % 56) = 0))"
                },
                "audit_log_seals_digests_sha256": {
                    "type": "check",
                    "columns": [
                        "prev_digest",
                        "digest"
                    ],
                    "validated": true,
                    "definition": "CHECK (((length(prev_digest) = 32) AND (length(digest) = 32)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "consent_records": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:INSERT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "INSERT"
                },
                "clinic_front_desk:SELECT": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "SELECT"
                },
                "clinic_front_desk:UPDATE": {
                    "column": null,
                    "grantee": "clinic_front_desk",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "kind": {
                    "type": "clinic.consent_kind",
                    "comment": "What the consent covers.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "status": {
                    "type": "clinic.consent_status",
                    "comment": "granted, declined or revoked.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "expires_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the consent lapses; after granted_at.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "granted_at": {
                    "type": "timestamp with time zone",
                    "comment": "When consent was given; required when granted.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "revoked_at": {
                    "type": "timestamp with time zone",
                    "comment": "When consent was withdrawn; set exactly when revoked, not before granted_at.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "recorded_by": {
                    "type": "text",
                    "comment": "Staff member who recorded it.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "document_version": {
                    "type": "text",
                    "comment": "Version of the consent form signed.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 8,
                    "generated": false
                }
            },
            "comment": "Consents a patient gave, declined or revoked, with the document version. PHI. Never soft-deleted: a revocation is a new state, not a deletion.",
            "indexes": {
                "consent_records_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "consent_records_patient_id_kind_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id, kind)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "consent_records_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "consent_records_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "consent_records_granted_has_time": {
                    "type": "check",
                    "columns": [
                        "status",
                        "granted_at"
                    ],
                    "validated": true,
                    "definition": "CHECK (((status <> 'granted'::clinic.consent_status) OR (granted_at IS NOT NULL)))"
                },
                "consent_records_revoked_has_time": {
                    "type": "check",
                    "columns": [
                        "status",
                        "revoked_at"
                    ],
                    "validated": true,
                    "definition": "CHECK (((status = 'revoked'::clinic.consent_status) = (revoked_at IS NOT NULL)))"
                },
                "consent_records_expires_after_granted": {
                    "type": "check",
                    "columns": [
                        "expires_at",
                        "granted_at"
                    ],
                    "validated": true,
                    "definition": "CHECK ((expires_at > granted_at))"
                },
                "consent_records_revoked_after_granted": {
                    "type": "check",
                    "columns": [
                        "revoked_at",
                        "granted_at"
                    ],
                    "validated": true,
                    "definition": "CHECK ((revoked_at >= granted_at))"
                },
                "consent_records_document_version_not_blank": {
                    "type": "check",
                    "columns": [
                        "document_version"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(document_version) <> ''::text))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "medical_records": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "plan": {
                    "type": "text",
                    "comment": "SOAP plan. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "objective": {
                    "type": "text",
                    "comment": "SOAP objective. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "assessment": {
                    "type": "text",
                    "comment": "SOAP assessment (diagnosis). PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 15,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 16,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); always the appointment's patient (composite foreign key).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "subjective": {
                    "type": "text",
                    "comment": "SOAP subjective. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 5,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "recorded_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the note was written.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "appointment_id": {
                    "type": "uuid",
                    "comment": "The appointment; deleting it deletes the record, its symptoms and prescriptions.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "diagnosis_code": {
                    "type": "text",
                    "comment": "Primary diagnosis, ICD-10-CM, format checked.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 9,
                    "generated": false
                },
                "chief_complaint": {
                    "type": "text",
                    "comment": "Chief complaint, in the patient's words. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                }
            },
            "comment": "The clinical note of one appointment, SOAP-structured (TICKET-001 MedicalRecord). PHI. At most one per appointment. Soft-deleted.",
            "indexes": {
                "medical_records_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "medical_records_one_per_appointment": {
                    "valid": true,
                    "unique": true,
                    "primary": false,
                    "definition": "btree (patient_id, appointment_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "medical_records_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "medical_records_appointment_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "appointments",
                    "referenced_columns": [
                        "patient_id",
                        "id"
                    ]
                },
                "medical_records_one_per_appointment": {
                    "type": "unique",
                    "columns": [
                        "patient_id",
                        "appointment_id"
                    ],
                    "validated": true
                },
                "medical_records_diagnosis_icd10_format": {
                    "type": "check",
                    "columns": [
                        "diagnosis_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_icd10cm(diagnosis_code))"
                },
                "medical_records_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log_purges": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "seq": {
                    "type": "bigint",
                    "comment": "seq of the last purged row.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "hash": {
                    "type": "bytea",
                    "comment": "hash of the last purged row.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "purged_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the purge ran.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The chain.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                }
            },
            "comment": "Per chain, the last row removed by clinic.audit_log_purge(): the first kept row must link to it. Written only by the purge.",
            "indexes": {
                "audit_log_purges_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_purges_pkey": {
                    "type": "primary key",
                    "columns": [
                        "patient_id"
                    ],
                    "validated": true
                },
                "audit_log_purges_hash_sha256": {
                    "type": "check",
                    "columns": [
                        "hash"
                    ],
                    "validated": true,
                    "definition": "CHECK ((length(hash) = 32))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "validation_rules": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "low": {
                    "type": "numeric",
                    "comment": "Low end of the violating range, for range rules (NULL: unbounded).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "high": {
                    "type": "numeric",
                    "comment": "High end of the violating range, for range rules (NULL: unbounded).",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "enabled": {
                    "type": "boolean",
                    "comment": "False: clinic.validate() skips the check.",
                    "default": "true",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "category": {
                    "type": "text",
                    "comment": "conformance, completeness or plausibility (Kahn et al. 2016).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "check_id": {
                    "type": "text",
                    "comment": "Stable id: table.column.what.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "threshold": {
                    "type": "numeric",
                    "comment": "Largest percentage of rows that may violate for warn; above it, fail. 0: any violation fails.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 6,
                    "generated": false
                },
                "check_type": {
                    "type": "text",
                    "comment": "OHDSI Data Quality Dashboard check type (isRequired, plausibleValueHigh, ...), or ours where DQD has none.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 13,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 15,
                    "generated": false
                },
                "table_name": {
                    "type": "text",
                    "comment": "The table checked.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 4,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 14,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 16,
                    "generated": false
                },
                "column_name": {
                    "type": "text",
                    "comment": "The column (or columns) checked.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                },
                "default_low": {
                    "type": "numeric",
                    "comment": "The low limit the extension ships.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 11,
                    "generated": false
                },
                "default_high": {
                    "type": "numeric",
                    "comment": "The high limit the extension ships.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 12,
                    "generated": false
                },
                "default_threshold": {
                    "type": "numeric",
                    "comment": "The threshold the extension ships.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                }
            },
            "comment": "The checks of clinic.validate(), one row each, with their thresholds and limits. A DBA may change threshold, low, high and enabled; the rest is the catalogue. Holds no patient data.",
            "indexes": {
                "validation_rules_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (check_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "edit": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic._validation_rules_edit()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "validation_rules_pkey": {
                    "type": "primary key",
                    "columns": [
                        "check_id"
                    ],
                    "validated": true
                },
                "validation_rules_range_ordered": {
                    "type": "check",
                    "columns": [
                        "low",
                        "high"
                    ],
                    "validated": true,
                    "definition": "CHECK ((low <= high))"
                },
                "validation_rules_category_known": {
                    "type": "check",
                    "columns": [
                        "category"
                    ],
                    "validated": true,
                    "definition": "CHECK ((category = ANY (ARRAY['conformance'::text, 'completeness'::text, 'plausibility'::text])))"
                },
                "validation_rules_threshold_percent": {
                    "type": "check",
                    "columns": [
                        "threshold"
                    ],
                    "validated": true,
                    "definition": "CHECK (((threshold >= (0)::numeric) AND (threshold <= (100)::numeric)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "chronic_conditions": {
            "kind": "table",
            "grants": {
                "clinic_admin:DELETE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "DELETE"
                },
                "clinic_admin:INSERT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "INSERT"
                },
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_admin:UPDATE": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "UPDATE"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                },
                "clinic_clinician:INSERT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "INSERT"
                },
                "clinic_clinician:SELECT": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "SELECT"
                },
                "clinic_clinician:UPDATE": {
                    "column": null,
                    "grantee": "clinic_clinician",
                    "privilege": "UPDATE"
                }
            },
            "columns": {
                "id": {
                    "type": "uuid",
                    "comment": "Row id, generated in the database.",
                    "default": "gen_random_uuid()",
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                },
                "notes": {
                    "type": "text",
                    "comment": "Free-text notes. PHI.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 8,
                    "generated": false
                },
                "created_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was inserted.",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 9,
                    "generated": false
                },
                "created_by": {
                    "type": "text",
                    "comment": "Who inserted the row: the clinic.actor setting when the application sets it, else the session user.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 11,
                    "generated": false
                },
                "deleted_at": {
                    "type": "timestamp with time zone",
                    "comment": "Soft delete: when the row was retired; NULL for a live row.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 13,
                    "generated": false
                },
                "deleted_by": {
                    "type": "text",
                    "comment": "Soft delete: who retired the row; set exactly when deleted_at is.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 14,
                    "generated": false
                },
                "icd10_code": {
                    "type": "text",
                    "comment": "ICD-10-CM code, format checked.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 4,
                    "generated": false
                },
                "onset_date": {
                    "type": "date",
                    "comment": "Date of onset.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 6,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The patient (distribution key); deleting the patient deletes the condition.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "updated_at": {
                    "type": "timestamp with time zone",
                    "comment": "When the row was last changed (maintained by clinic.audit_columns_trigger).",
                    "default": "now()",
                    "identity": false,
                    "not_null": true,
                    "position": 10,
                    "generated": false
                },
                "updated_by": {
                    "type": "text",
                    "comment": "Who last changed the row (clinic.actor, else the session user).",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 12,
                    "generated": false
                },
                "abatement_date": {
                    "type": "date",
                    "comment": "Date it resolved; not before onset.",
                    "default": null,
                    "identity": false,
                    "not_null": false,
                    "position": 7,
                    "generated": false
                },
                "condition_name": {
                    "type": "text",
                    "comment": "Condition, as written.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 3,
                    "generated": false
                },
                "clinical_status": {
                    "type": "clinic.condition_clinical_status",
                    "comment": "FHIR Condition.clinicalStatus.",
                    "default": "'active'::clinic.condition_clinical_status",
                    "identity": false,
                    "not_null": true,
                    "position": 5,
                    "generated": false
                }
            },
            "comment": "Long-term conditions (TICKET-001 ChronicCondition; FHIR Condition). PHI. Soft-deleted.",
            "indexes": {
                "chronic_conditions_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (id, patient_id)"
                },
                "chronic_conditions_patient_id_idx": {
                    "valid": true,
                    "unique": false,
                    "primary": false,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "audit_trail": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "after",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                },
                "audit_columns": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "INSERT",
                        "UPDATE"
                    ],
                    "timing": "before",
                    "enabled": "origin",
                    "function": "clinic.audit_columns_trigger()",
                    "update_of": [
                    ]
                },
                "audit_trail_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_trail_trigger()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "chronic_conditions_pkey": {
                    "type": "primary key",
                    "columns": [
                        "id",
                        "patient_id"
                    ],
                    "validated": true
                },
                "chronic_conditions_icd10_format": {
                    "type": "check",
                    "columns": [
                        "icd10_code"
                    ],
                    "validated": true,
                    "definition": "CHECK (clinic.is_valid_icd10cm(icd10_code))"
                },
                "chronic_conditions_patient_fkey": {
                    "type": "foreign key",
                    "columns": [
                        "patient_id"
                    ],
                    "on_delete": "CASCADE",
                    "on_update": "NO ACTION",
                    "validated": true,
                    "references": "patients",
                    "referenced_columns": [
                        "id"
                    ]
                },
                "chronic_conditions_name_not_blank": {
                    "type": "check",
                    "columns": [
                        "condition_name"
                    ],
                    "validated": true,
                    "definition": "CHECK ((btrim(condition_name) <> ''::text))"
                },
                "chronic_conditions_abatement_after_onset": {
                    "type": "check",
                    "columns": [
                        "abatement_date",
                        "onset_date"
                    ],
                    "validated": true,
                    "definition": "CHECK ((abatement_date >= onset_date))"
                },
                "chronic_conditions_deleted_by_with_deleted_at": {
                    "type": "check",
                    "columns": [
                        "deleted_at",
                        "deleted_by"
                    ],
                    "validated": true,
                    "definition": "CHECK (((deleted_at IS NULL) = (deleted_by IS NULL)))"
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        },
        "audit_log_sealed_heads": {
            "kind": "table",
            "grants": {
                "clinic_admin:SELECT": {
                    "column": null,
                    "grantee": "clinic_admin",
                    "privilege": "SELECT"
                },
                "clinic_auditor:SELECT": {
                    "column": null,
                    "grantee": "clinic_auditor",
                    "privilege": "SELECT"
                }
            },
            "columns": {
                "seq": {
                    "type": "bigint",
                    "comment": "Its head's seq at the last seal.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 2,
                    "generated": false
                },
                "patient_id": {
                    "type": "uuid",
                    "comment": "The chain.",
                    "default": null,
                    "identity": false,
                    "not_null": true,
                    "position": 1,
                    "generated": false
                }
            },
            "comment": "Per chain, the seq of its head at the last seal; lets a seal record only the chains that grew.",
            "indexes": {
                "audit_log_sealed_heads_pkey": {
                    "valid": true,
                    "unique": true,
                    "primary": true,
                    "definition": "btree (patient_id)"
                }
            },
            "policies": {
            },
            "triggers": {
                "append_only": {
                    "when": null,
                    "level": "row",
                    "events": [
                        "UPDATE",
                        "DELETE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                },
                "append_only_truncate": {
                    "when": null,
                    "level": "statement",
                    "events": [
                        "TRUNCATE"
                    ],
                    "timing": "before",
                    "enabled": "always",
                    "function": "clinic.audit_log_append_only()",
                    "update_of": [
                    ]
                }
            },
            "constraints": {
                "audit_log_sealed_heads_pkey": {
                    "type": "primary key",
                    "columns": [
                        "patient_id"
                    ],
                    "validated": true
                }
            },
            "dumped_by_pg_dump": true,
            "row_level_security": {
                "forced": false,
                "enabled": false
            }
        }
    },
    "functions": {
        "version()": {
            "comment": "Version of the loaded clinic shared library (compare with pg_extension.extversion).",
            "language": "c",
            "volatility": "stable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_manifest()": {
            "comment": "The snapshot of a fresh install of this version (src/manifest/), which clinic.drift() compares the live schema with.",
            "language": "sql",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "drop_guard()": {
            "comment": "Event trigger: DROP EXTENSION clinic, a CASCADE drop of pgcrypto or btree_gist, or DROP SCHEMA clinic CASCADE fails with 55006 while clinic tables hold rows, unless clinic.allow_drop_with_data is on.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_tables_with_rows()": {
            "comment": "The extension's tables that hold at least one row (used by the DROP EXTENSION guard); validation_rules counts only when a DBA edited a rule.",
            "language": "plpgsql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_trail_guard()": {
            "comment": "Event trigger: ALTER TABLE ... DISABLE/ENABLE [REPLICA] TRIGGER and DROP TRIGGER on the audit_trail and append_only triggers of clinic tables fail with 42501.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_trail_trigger()": {
            "comment": "AFTER INSERT OR UPDATE OR DELETE row trigger on PHI tables (argument: the patient key column), and BEFORE TRUNCATE statement trigger: appends the change to clinic.audit_log, chained per patient. Does nothing while clinic.audit_trail is off (restores).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_npi(npi text)": {
            "comment": "True for a 10-digit NPI whose Luhn check digit (over 80840 + the first 9 digits) is right.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_columns_trigger()": {
            "comment": "BEFORE INSERT OR UPDATE row trigger: fills created_at/by, stamps updated_at/by and deleted_by (actor = clinic.actor or the session user), rejects changes to id, patient_id, created_at and created_by (23514).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_log_append_only()": {
            "comment": "BEFORE UPDATE OR DELETE row and BEFORE TRUNCATE statement trigger on the audit_log tables: refuses (42501) for every role, the owner included; only clinic.audit_log_purge() and clinic.audit_log_seal() may change them, as documented.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "patient_rules_trigger()": {
            "comment": "BEFORE INSERT OR UPDATE row trigger on patients: date of birth not in the future, time of death not in the future and not before birth (23514).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_seed_default_provider()": {
            "comment": "Inserts the default provider if missing; returns rows inserted.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_validation_rules_edit()": {
            "comment": "BEFORE INSERT OR UPDATE trigger on validation_rules: keeps the catalogue columns fixed (23514) and turns the INSERT of an existing check into an update of its settings (restores).",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_loinc(code text)": {
            "comment": "True for a LOINC code: 1 to 7 digits, a dash, and the right mod-10 check digit.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_rxnorm(code text)": {
            "comment": "True for an RxNorm concept id (RxCUI): 1 to 10 digits, no leading zero.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_validation_rule_defaults()": {
            "comment": "The checks the extension ships, row-level and set-level, with their default thresholds and limits (the source of clinic.validation_rules).",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "appointment_rules_trigger()": {
            "comment": "BEFORE UPDATE row trigger on appointments: status changes follow the transition table in doc/schema.md (23514, constraint appointments_status_transition).",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "is_valid_icd10cm(code text)": {
            "comment": "True for an ICD-10-CM code of the form ^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_boundary_selftest(kind text)": {
            "comment": "Raises each kind of C++/PostgreSQL failure the error boundary handles; for tests only.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_hash_password(password text)": {
            "comment": "bcrypt hash (cost 10) of a password, through pgcrypto.",
            "language": "sql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "patient_history(patient uuid)": {
            "comment": "A patient's chart as a timeline of changes and recorded accesses, oldest first: for an UPDATE, changes maps each changed column to {old, new}; for an INSERT the row, for a DELETE the row removed, for an ACCESS the purpose.",
            "language": "sql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": true,
            "search_path_pinned": true
        },
        "_jsonb_image_matches(json text)": {
            "comment": "Whether the extension's jsonb encoder writes this JSON text byte for byte as jsonb_in does (NULL when it is not JSON); for tests only.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_record(target regnamespace)": {
            "comment": "Runs the audit and records it in clinic_audit.runs; returns the run number.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_target_schema(target regnamespace)": {
            "comment": "The target schema's name, after the checks of every function taking one: 22004 for NULL, 3F000 when it does not exist, 42501 without USAGE on it.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_baseline(target regnamespace)": {
            "comment": "Records the schema's current snapshot as its baseline: later audits compare the live schema with it. Returns when it was taken.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_log_purge(older_than interval)": {
            "comment": "Retention: deletes audit rows logged more than older_than ago (at least 6 years, HIPAA 164.316(b)(2)), keeps every chain verifiable through clinic.audit_log_purges, and records the purge in the system chain. Returns the rows deleted.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "schema_snapshot(target regnamespace)": {
            "comment": "A canonical, deterministic description of a schema: tables, columns, types, nullability, defaults, constraints with FK actions, indexes, triggers and whether enabled, RLS and policies, grants, comments, enums with ordered labels, functions.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "log_access(patient uuid, purpose text)": {
            "comment": "Records a read of a patient's chart (HIPAA access audit) in the patient's chain with its purpose; returns the row's seq. 23503 for an unknown patient, 22023 for an empty purpose.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_validation_set_checks(target regnamespace)": {
            "comment": "The SQL of each set-level check of clinic.validate() for a target schema ($1 is the sample limit): what the validator runs, for review.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_report(target regnamespace, format text)": {
            "comment": "The audit as a report: text (the checklist's shape, ending in OVERALL STATUS), json, markdown, tap (for pg_prove) or sarif (SARIF 2.1.0).",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "seed_demo(OUT table_name text, OUT inserted bigint)": {
            "comment": "Demo seed of TICKET-001's size (1 provider, 5 patients, 4 allergies, 3 conditions, 3 appointments, 2 records, 2 symptoms, 1 prescription, 2 vital-sign sets). Idempotent; returns rows inserted per table.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "verify_provider_password(email text, password text)": {
            "comment": "True when a live, active provider has this e-mail (case-insensitive) and password. SECURITY DEFINER: reads password_hash for callers who cannot.",
            "language": "sql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": true,
            "search_path_pinned": true
        },
        "seed_production(OUT table_name text, OUT inserted bigint)": {
            "comment": "Production seed: only the default provider (doctor@example.com). Idempotent; returns rows inserted per table.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_appointment_transition_allowed(from_status text, to_status text)": {
            "comment": "Whether an appointment status may change from from_status to to_status (doc/schema.md's transition table; unknown labels: false). Used by the validator's status-history check over the audit trail.",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "validate(target regnamespace, checks text[], sample_limit integer)": {
            "comment": "Validates the clinical data of a clinic schema: one row per check (clinic.validation_rules) with its status (pass, warn, fail, error), violating and total rows, percentage, threshold and the keys of up to sample_limit violating rows. Each table is scanned once for all its row checks; set-level checks run as SQL. checks selects by id, dotted prefix, check type or category. A NOTICE per table reports progress; cancel and statement_timeout stop it.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "version_check(OUT library_version text, OUT sql_version text, OUT matches boolean)": {
            "comment": "Library version, installed SQL version, and whether they match (a mismatch is a broken upgrade).",
            "language": "sql",
            "volatility": "stable",
            "public_execute": true,
            "security_definer": false,
            "search_path_pinned": true
        },
        "generate_demo(patients integer, seed integer, OUT table_name text, OUT inserted bigint)": {
            "comment": "Loads deterministic synthetic charts (1 to 10,000,000 patients; one provider per 2,000) through COPY FROM, valid by every constraint. The same seed gives the same rows; a seed already loaded fails with 23505. Returns rows inserted per table.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_suppress(target regnamespace, check_id text, object_name text, reason text, expires_on date)": {
            "comment": "Accepts a finding: the check's named object (NULL: all its objects) in the schema is left out of the audit until expires_on, for the given reason. Re-suppressing renews.",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "drift(OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)": {
            "comment": "Differences between the live clinic schema and the manifest shipped with the installed version (a snapshot of a fresh install). No rows: no drift.",
            "language": "plpgsql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamp with time zone, OUT chains integer, OUT digest bytea)": {
            "comment": "Seals the audit trail: records the head of every chain that grew since the previous seal, chained to it, and returns the digest to keep outside the database (a deleted or rewritten sealed row is then detected by clinic.verify_audit_log()). Run it periodically, e.g. every minute.",
            "language": "c",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "_audit_log_seal(OUT seal_id bigint, OUT sealed_at timestamp with time zone, OUT chains integer, OUT digest bytea)": {
            "comment": "The work of clinic.audit_log_seal(), which alone may move audit_log_sealed_heads (append-only otherwise).",
            "language": "plpgsql",
            "volatility": "volatile",
            "public_execute": false,
            "security_definer": true,
            "search_path_pinned": true
        },
        "_audit_log_seal_problem(patient uuid, OUT seals_checked bigint, OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)": {
            "comment": "Used by clinic.verify_audit_log(): the first seal that does not recompute or link, or the first sealed chain head missing from or different in the log.",
            "language": "sql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "schema_diff(expected jsonb, actual jsonb, OUT object_type text, OUT object_name text, OUT change text, OUT expected jsonb, OUT actual jsonb)": {
            "comment": "One row per difference between two schema snapshots: change is missing (expected, not found), unexpected (found, not expected) or altered (expected and actual hold only the properties that differ).",
            "language": "c",
            "volatility": "immutable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "migration_status(target regnamespace, OUT source text, OUT name text, OUT state text, OUT detail text, OUT started_at timestamp with time zone, OUT finished_at timestamp with time zone)": {
            "comment": "The extension's installed vs default version and update path (for clinic's schema), and each _prisma_migrations row's state: applied, failed or rolled back.",
            "language": "plpgsql",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "verify_audit_log(patient uuid, OUT ok boolean, OUT chains_checked bigint, OUT rows_checked bigint, OUT seals_checked bigint, OUT broken_patient_id uuid, OUT broken_seq bigint, OUT problem text)": {
            "comment": "Recomputes every hash of clinic.audit_log (or of one patient's chain), checks each link and every seal: returns ok, the chains, rows and seals checked, and the first broken link (patient, seq) with what is wrong there. Compare the newest seal's digest with the copy kept outside the database.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        },
        "audit(target regnamespace, OUT check_id text, OUT checklist_item integer, OUT category text, OUT title text, OUT status text, OUT severity text, OUT expected text, OUT actual text, OUT detail jsonb, OUT remediation text)": {
            "comment": "Audits a schema: one row per check (the 32-item checklist and the schema lints), with status pass/warn/fail/skip, what was expected and found, the offending objects in detail, and how to fix them.",
            "language": "c",
            "volatility": "stable",
            "public_execute": false,
            "security_definer": false,
            "search_path_pinned": true
        }
    }
}
$json$::jsonb $manifest$;
COMMENT ON FUNCTION clinic._manifest() IS 'The snapshot of a fresh install of this version (src/manifest/), which clinic.drift() compares the live schema with.';
REVOKE ALL ON FUNCTION clinic._manifest() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic._manifest() TO clinic_admin, clinic_auditor;
