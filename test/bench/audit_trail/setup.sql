-- Three copies of a patient-sized row (16 columns, uuid key, unique MRN, two more indexes):
-- no trigger, clinic's C++ audit trail, and a PL/pgSQL trigger doing the same work.
CREATE SCHEMA bench;
CREATE TABLE bench.audit_plpgsql (
    patient_id uuid NOT NULL, seq bigint NOT NULL, logged_at timestamptz NOT NULL,
    transaction_id xid8 NOT NULL, operation text NOT NULL, table_name text NOT NULL, row_id uuid,
    old_values jsonb, new_values jsonb, actor text, db_user text NOT NULL,
    application_name text, client_addr inet, prev_hash bytea NOT NULL, hash bytea NOT NULL,
    PRIMARY KEY (patient_id, seq));
CREATE INDEX ON bench.audit_plpgsql USING brin (logged_at);

-- Changed columns only on UPDATE, the row on INSERT/DELETE, a per-patient chain under an
-- advisory lock, sha256() over the previous hash and the row.
CREATE FUNCTION bench.plpgsql_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o jsonb; n jsonb; pid uuid; s bigint; prev bytea;
BEGIN
    IF TG_OP = 'INSERT' THEN
        n := to_jsonb(NEW); pid := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        o := to_jsonb(OLD); pid := OLD.id;
    ELSE
        SELECT jsonb_object_agg(e.key, e.value) INTO n
          FROM jsonb_each(to_jsonb(NEW)) e WHERE to_jsonb(OLD) -> e.key IS DISTINCT FROM e.value;
        IF n IS NULL THEN RETURN NULL; END IF;
        SELECT jsonb_object_agg(k, to_jsonb(OLD) -> k) INTO o FROM jsonb_object_keys(n) k;
        pid := NEW.id;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(pid::text, 0));
    SELECT a.seq, a.hash INTO s, prev FROM bench.audit_plpgsql a
     WHERE a.patient_id = pid ORDER BY a.seq DESC LIMIT 1;
    s := coalesce(s, 0) + 1;
    prev := coalesce(prev, decode(repeat('00', 32), 'hex'));
    INSERT INTO bench.audit_plpgsql VALUES (pid, s, now(), pg_current_xact_id(), TG_OP, TG_TABLE_NAME,
        CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, o, n,
        nullif(current_setting('clinic.actor', true), ''), session_user,
        nullif(current_setting('application_name'), ''), inet_client_addr(), prev,
        sha256(prev || int8send(s) || convert_to(coalesce(o::text, '') || coalesce(n::text, ''), 'UTF8')));
    RETURN NULL;
END
$$;

DO $$
DECLARE v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['none', 'cpp', 'plpgsql'] LOOP
        EXECUTE format($f$
            CREATE TABLE bench.p_%1$s (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n bigint NOT NULL, mrn text NOT NULL UNIQUE,
                first_name text NOT NULL, last_name text NOT NULL, date_of_birth date NOT NULL,
                sex text NOT NULL, email text, phone text, address_line1 text, city text, state text,
                postal_code text, country text NOT NULL DEFAULT 'US',
                created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
            CREATE UNIQUE INDEX ON bench.p_%1$s (n);
            CREATE INDEX ON bench.p_%1$s (last_name, first_name);
            INSERT INTO bench.p_%1$s (n, mrn, first_name, last_name, date_of_birth, sex, email, phone,
                                      address_line1, city, state, postal_code)
            SELECT g, 'MRN-' || g, 'First' || g, 'Last' || g, date '1950-01-01' + g %% 20000, 'female',
                   'p' || g || '@example.org', '555-' || lpad((g %% 10000)::text, 4, '0'),
                   g || ' Main St', 'Springfield', 'IL', '62701'
              FROM generate_series(1, 10000) g;
        $f$, v);
    END LOOP;
END
$$;
CREATE SEQUENCE bench.next_n START 100000;
CREATE TRIGGER audit_trail AFTER INSERT OR UPDATE OR DELETE ON bench.p_cpp
    FOR EACH ROW EXECUTE FUNCTION clinic.audit_trail_trigger('id');
CREATE TRIGGER audit_trail AFTER INSERT OR UPDATE OR DELETE ON bench.p_plpgsql
    FOR EACH ROW EXECUTE FUNCTION bench.plpgsql_audit();
VACUUM ANALYZE;
