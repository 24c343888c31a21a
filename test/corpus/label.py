#!/usr/bin/env python3
"""test/corpus/label.py [NAME...] (run by test/corpus/label.sh): label every warn/fail finding of clinic.audit() on the corpus (tmp/corpus/results/<db>.json)
from the catalog (tmp/corpus/catalog/<db>.json), the application's own schema source (Prisma
schema files, Rails models) and each check's documented intent (doc/audit.md). Writes
test/corpus/labels/<db>.tsv: check_id, object, verdict (true/false), reason; and
tmp/corpus/labels_splinter/<db>.tsv: the same rows with splinter's verdict where it overlaps.

Reason prefixes (so that PRECISION.md can count them apart):
  policy:    the finding states a fact, but what it asks for is the clinic checklist's policy
             (comments, audit columns, consent table, ...), not a defect of this schema -> false
  artifact:  a statistics finding that is correct for the freshly built, empty corpus database -> true
  severity:  true, but the status (fail) is stronger than the defect
"""
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import prisma_schema  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
HERE = os.path.join(REPO, 'tmp', 'corpus')  # the corpus's data: results, catalog, splinter, src, prisma
SRC = os.path.join(HERE, 'src')

PRISMA_DBS = {'documenso', 'rallly', 'langfuse', 'umami', 'hoppscotch', 'triggerdev'}
RAILS_DBS = {'osm'}
CLINICAL = {'omop', 'i2b2', 'pcornet'}

# Nullable flags whose NULL the application gives a meaning (read from its Prisma schema).
NULL_BY_DESIGN = {
    ('documenso', 'TeamGlobalSettings', c): 'NULL = inherit the organisation\'s setting (documenso\'s team settings override organisation settings only where set)'
    for c in ('includeSenderDetails', 'brandingEnabled', 'typedSignatureEnabled', 'includeSigningCertificate', 'drawSignatureEnabled',
              'uploadSignatureEnabled', 'includeAuditLog', 'aiFeaturesEnabled', 'delegateDocumentOwnership')
}
NULL_BY_DESIGN[('rallly', 'instance_settings', 'hide_attribution')] = 'optional instance-wide override (Boolean?); spaces carry their own hide_attribution with @default(false)'
NULL_BY_DESIGN[('langfuse', 'prompts', 'is_active')] = 'deprecated column ("To be removed once \'production\' labels work"): new rows leave it NULL'

# Composite unique keys whose nullable column is an optional identifier: unique where present, by design.
OPTIONAL_IDENTIFIER = {
    ('triggerdev', 'BatchTaskRun_runtimeEnvironmentId_idempotencyKey_key'): 'idempotencyKey is optional: batches without one are not deduplicated, by design',
    ('triggerdev', 'TaskRun_runtimeEnvironmentId_taskIdentifier_idempotencyKey_key'): 'idempotencyKey is optional: runs without one are not deduplicated, by design',
    ('triggerdev', 'Session_runtimeEnvironmentId_externalId_key'): 'externalId is optional: sessions without one are not keyed by it, by design',
}

# char(n) columns whose values always have exactly n characters.
FIXED_WIDTH = {
    ('umami', 'session.country'): 'an ISO 3166-1 alpha-2 country code, always 2 characters: no value is ever padded',
    ('langfuse', 'media.sha_256_hash'): 'base64 of a SHA-256 digest, always 44 characters: no value is ever padded',
}

# updated_at columns that are neither @updatedAt nor trigger-maintained, read in the application.
UPDATED_BY_HAND = {
    ('documenso', 'Passkey', 'updatedAt'): 'not @updatedAt (only @default(now())) and no trigger: update-passkey.ts sets it by hand, but the two other passkey updates (auth/server/routes/passkey.ts, is-recipient-authorized.ts: lastUsedAt, counter) leave it stale',
}

# What the applications are: none of them holds health information, so no table of theirs is PHI.
NOT_HEALTH = {
    'documenso': 'documenso (document signing)',
    'rallly': 'rallly (meeting polls)',
    'langfuse': 'langfuse (LLM tracing)',
    'umami': 'umami (web analytics)',
    'hoppscotch': 'hoppscotch (an API client)',
    'triggerdev': 'trigger.dev (background jobs)',
    'osm': 'OpenStreetMap (map editing)',
}
# Tables of the clinical models that the audit calls PHI but that hold no patient's data.
NOT_PHI = {
    ('omop', 'provider'): 'provider describes clinicians (NPI, DEA, specialty, year_of_birth of the provider), not patients: its year_of_birth is a clinician\'s',
}

# How a table of a non-clinical application came to be taken for PHI, where the rule's own words
# would not say it.
PHI_HOW = {
    ('osm', 'user_mutes'): 'its subject_id column (MIMIC\'s patient key), which here is the muted user: a user_mutes row says owner_id muted subject_id',
}

# secrets.plaintext findings, judged from the application's source (one row per table.column).
SECRETS = {
    ('documenso', 'OrganisationAuthenticationPortal.clientSecret'): (
        False, 'the 2 rows a migration inserted hold the empty string (no SSO configured), and documenso stores the OIDC client secret encrypted (packages/auth/server/lib/utils/organisation-portal.ts decrypts it): nothing readable is a secret'),
}

RESERVED = set('''all analyse analyze and any array as asc asymmetric both case cast check collate column
constraint create current_catalog current_date current_role current_time current_timestamp current_user
default deferrable desc distinct do else end except false fetch for foreign from grant group having in
initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order
placing primary references returning select session_user some symmetric system_user table then to
trailing true union unique user using variadic when where window with'''.split())


def app_extensions(db):
    """Extensions the application's own SQL creates (the rest came with clinic's CASCADE)."""
    out = subprocess.run(['grep', '-rhoiE', r'CREATE EXTENSION (IF NOT EXISTS )?"?[a-z_0-9]+', os.path.join(SRC, db)],
                         capture_output=True, text=True).stdout
    return {re.sub(r'.*\s"?', '', l).strip('"').lower() for l in out.splitlines()}


def rails_models(db):
    """Table names of the Rails app's Active Record models (OSM: app/models at the pinned commit)."""
    if db != 'osm':
        return set()
    src = next(l.split('\t') for l in open(os.path.join(REPO, 'test/corpus/sources.txt')) if l.startswith(db + '\t'))
    gd = os.path.join(os.environ.get('CORPUS_MIRROR', '/work/.mirror'), src[1].replace('/', '+'), 'repo')
    commit = src[2]
    names = subprocess.run(['git', '--git-dir', gd, 'ls-tree', '-r', '--name-only', commit, 'app/models'],
                           capture_output=True, text=True).stdout.split()
    tables = set()
    for n in names:
        if not n.endswith('.rb'):
            continue
        body = subprocess.run(['git', '--git-dir', gd, 'show', f'{commit}:{n}'], capture_output=True, text=True).stdout
        m = re.search(r'self\.table_name\s*=\s*"([^"]+)"', body)
        if m:
            tables.add(m.group(1))
        for cm in re.finditer(r'^\s*class (\w+) < (ApplicationRecord|ActiveRecord::Base)', body, re.M):
            cls = cm.group(1)
            snake = re.sub(r'(?<!^)(?=[A-Z])', '_', cls).lower()
            if snake.endswith('y') and snake[-2] not in 'aeiou':
                tables.add(snake[:-1] + 'ies')
            elif snake.endswith(('s', 'x', 'ch', 'sh')):
                tables.add(snake + 'es')
            else:
                tables.add(snake + 's')
    # Active Record models of Rails itself and of the gems in OSM's Gemfile (activestorage,
    # delayed_job_active_record, noticed, doorkeeper): their tables' timestamps are set by AR too.
    tables |= {'active_storage_attachments', 'active_storage_blobs', 'active_storage_variant_records', 'ar_internal_metadata',
               'delayed_jobs', 'noticed_events', 'noticed_notifications', 'oauth_access_grants', 'oauth_access_tokens',
               'oauth_applications', 'oauth_openid_requests', 'schema_migrations'}
    return tables


class Cat:
    def __init__(self, db):
        self.j = json.load(open(os.path.join(HERE, 'catalog', db + '.json')))
        self.tables = self.j['tables'] or {}
        self.functions = self.j['functions'] or []

    def cols(self, t):
        return {c['name']: c for c in (self.tables[t]['columns'] or [])}

    def indexes(self, t):
        return self.tables[t]['indexes'] or []

    def index(self, name):
        for t, v in self.tables.items():
            for i in v['indexes'] or []:
                if i['name'] == name:
                    return t, i
        return None, None

    def notnull_uniques(self, t):
        """Unique indexes, not partial, without expressions, whose key columns are all NOT NULL."""
        cols = self.cols(t)
        out = []
        for i in self.indexes(t):
            if i['unique'] and not i['partial'] and i['valid'] and all(c is not None for c in i['cols']):
                if all(cols[c]['notnull'] for c in i['cols']):
                    out.append(i)
        return out


def splinter_sets(db, schema):
    path = os.path.join(HERE, 'splinter', db + '.tsv')
    s = {k: set() for k in ('fk', 'nopk', 'unused', 'dup', 'search_path', 'ext', 'bloat')}
    if not os.path.exists(path):
        return s
    for line in open(path):
        lint, level, detail, meta = line.rstrip('\n').split('\t')
        meta = json.loads(meta)
        if lint.startswith('0014'):
            s['ext'].add(meta['name'])
            continue
        if meta.get('schema') != schema:
            continue
        if lint.startswith('0001'):
            s['fk'].add(meta['fkey_name'])
        elif lint.startswith('0004'):
            s['nopk'].add(meta['name'])
        elif lint.startswith('0005'):
            m = re.match(r'Index \\?`([^`\\]+)\\?`', detail)
            s['unused'].add(m.group(1))
        elif lint.startswith('0009'):
            for i in meta['indexes']:
                s['dup'].add(i)
        elif lint.startswith('0011'):
            s['search_path'].add(meta['name'])
        elif lint.startswith('0020'):
            s['bloat'].add(meta['name'])
    return s


def label_db(db, schema):
    res = json.load(open(os.path.join(HERE, 'results', db + '.json')))
    cat = Cat(db)
    sp = splinter_sets(db, schema)
    models = {}
    if db in PRISMA_DBS:
        m, _ = prisma_schema.parse(os.path.join(HERE, 'prisma', db))
        models = prisma_schema.by_table(m)
    rails = rails_models(db)
    app_ext = app_extensions(db)
    rows = []  # (check, object, verdict, reason, splinter)

    def add(check, obj, verdict, reason, splinter=''):
        t = re.split(r'[.: ]', obj, maxsplit=1)[0]
        if t in cat.tables and cat.tables[t]['extension_member']:
            ext = next((e['name'] for e in cat.j['extensions'] if e['schema'] == schema and e['name'] == 'postgis'), 'an extension')
            verdict, reason = False, f'extension: {t} is a member table of extension {ext}: not the schema owner\'s table ({reason})'
        rows.append((check, obj, 'true' if verdict else 'false', reason, splinter))

    def prisma_field(table, column):
        mdl = models.get(table)
        if not mdl:
            return None
        for f in mdl['fields'].values():
            if f['column'] == column:
                return f
        return None

    for r in res:
        if r['status'] not in ('warn', 'fail'):
            continue
        c = r['check_id']
        d = r['detail'] if isinstance(r['detail'], list) else []
        st = r['status']

        if c == 'naming.conventions':
            for x in d:
                name = x.get('column') or x.get('name')
                obj = x['table'] + ('.' + x['column'] if 'column' in x else '')
                p = x['problem']
                if p == 'reserved word':
                    if name != name.lower():
                        add(c, obj, False, f'"{name}" is mixed case: it is not the keyword {name.upper()} and must be quoted for its case anyway, like every name of this schema')
                    else:
                        add(c, obj, True, f'"{name}" is a reserved keyword: every hand-written query must quote it')
                elif db in PRISMA_DBS and re.match(r'^_', x['table']) and set(cat.cols(x['table'])) == {'A', 'B'}:
                    add(c, obj, False, "Prisma's implicit many-to-many table: Prisma names it _<A>To<B> (or by relation name) with columns A and B; the application cannot rename them")
                elif db in PRISMA_DBS and p == 'not PascalCase' and x['table'] in models and models[x['table']]['table'] == x['table'] and '@@map' in ' '.join(models[x['table']]['block']):
                    add(c, obj, True, f'mapped with @@map to a snake_case name while the schema\'s other tables are PascalCase: off the schema\'s own style')
                else:
                    add(c, obj, True, f'{p}: off the schema\'s dominant style')
        elif c == 'orm.introspectable':
            for x in d:
                t = x['table']
                if 'no primary key' in x['problem']:
                    nn = cat.notnull_uniques(t)
                    if nn:
                        k = nn[0]
                        who = ' (Prisma created and uses it)' if db in PRISMA_DBS else ''
                        add(c, t, False, f'has a NOT NULL unique key {k["name"]}({", ".join(k["cols"])}): Prisma and other ORMs address rows by it{who}')
                    else:
                        add(c, t, True, 'no primary key and no NOT NULL unique key: ORMs cannot address single rows (Prisma introspection marks it @@ignore)')
                else:
                    add(c, t, True, x['problem'])
        elif c == 'pk.present':
            for x in d:
                t = x['table']
                if x['problem'].startswith('no primary key'):
                    nn = cat.notnull_uniques(t)
                    spl = 'splinter 0004: same' if t in sp['nopk'] else 'splinter 0004: not reported'
                    if nn:
                        k = nn[0]
                        if st == 'fail':
                            add(c, t, True, f'severity: no primary key (true), but NOT NULL unique {k["name"]}({", ".join(k["cols"])}) identifies rows: hygiene, not a failure', spl)
                        else:
                            add(c, t, True, f'no primary key; NOT NULL unique {k["name"]}({", ".join(k["cols"])}) identifies rows: hygiene, at warn', spl)
                    else:
                        add(c, t, True, 'no primary key and no NOT NULL unique key', spl)
                else:
                    add(c, t, False, f'a primary key exists ({x.get("constraint")}); its name is not its presence (a constraint name has no effect)',
                        'splinter: not reported (has a primary key)')
        elif c == 'index.tables_indexed':
            for x in d:
                t = x['table']
                add(c, t, True, 'no index at all (and so no primary key or unique constraint)')
        elif c == 'catalog.valid' or c == 'integrity.enforced':
            for x in d:
                if 'function' in x:
                    fn = x['function']
                    ext = None
                    norm = lambda z: z.replace(' ', '').replace('public.', '')
                    for f in cat.functions:
                        if norm(f['name'] + '(' + f['args'] + ')') == norm(fn) or norm(f['identity']) == norm(fn):
                            ext = f['extension']
                            break
                    else:
                        sys.exit(f'{db}: function {fn} not found in the catalog')
                    if ext:
                        add(c, fn, False, f'member of extension {ext}: its body compiles in the extension\'s schema (it resolves unqualified names by the caller\'s search_path, not by pg_catalog alone); not the schema owner\'s code')
                    else:
                        add(c, fn, True, x['problem'])
                else:
                    obj = x['table'] + '.' + x.get('constraint', '')
                    extra = ' (repeats catalog.valid)' if c == 'integrity.enforced' else ''
                    add(c, obj, True, f'constraint is NOT VALID: existing rows never checked{extra}')
        elif c == 'fk.type_mismatch':
            for x in d:
                add(c, x['table'] + '.' + x['constraint'], True, f'{x["column"]} {x["type"]} references {x["referenced_type"]}: joins cast, and ids above 2^31 cannot be referenced')
        elif c == 'migration.naming':
            names = [x['migration'] for x in d]
            for x in d:
                n = x['migration']
                m = re.match(r'^(\d{14})_', n)
                if m:
                    ts = m.group(1)
                    hh, mi, ss = int(ts[8:10]), int(ts[10:12]), int(ts[12:14])
                    if hh > 23 or mi > 59 or ss > 59:
                        add(c, n, True, f'timestamp prefix {ts} is not a valid time ({hh:02d}:{mi:02d}:{ss:02d})')
                    else:
                        add(c, n, False, 'valid 14-digit timestamp prefix in sequence; only the name part (space, hyphen, capitals, ".sql") differs from what prisma migrate dev generates: harmless, Prisma orders by folder name')
                elif re.match(r'^\d{8}_', n):
                    add(c, n, True, 'date-only prefix: sorts after every migration of the same day with a full timestamp, whatever their real order')
                elif re.match(r'^\d{2}_', n) and all(re.match(r'^\d{2}_', y) for y in names):
                    add(c, n, False, 'the project\'s own consistent NN_name scheme: folders sort in order and Prisma accepts any folder name')
                else:
                    add(c, n, True, x['problem'])
        elif c == 'seed.data_present':
            for x in d:
                add(c, x['table'], True, 'artifact: freshly migrated corpus database without data; the statistics are right')
        elif c == 'fk.indexed':
            for x in d:
                t = x['table']
                fk = next(f for f in cat.tables[t]['fks'] if f['name'] == x['constraint'])
                n = len(fk['cols'])
                lead = [i for i in cat.indexes(t) if i['valid'] and i['cols'][:n] and None not in i['cols'][:n] and set(i['cols'][:n]) == set(fk['cols'])]
                cov = [i for i in lead if not i['partial']]
                # A partial index whose predicate is only "<fk column> IS NOT NULL" serves the
                # foreign key's lookups (col = $1 implies it; checked with EXPLAIN of a generic plan).
                notnull_partial = [i for i in lead if i['partial'] and re.search(r'WHERE \(\(?"?(\w+)"? IS NOT NULL\)?\)$', i['def'])
                                   and re.search(r'WHERE \(\(?"?(\w+)"? IS NOT NULL\)?\)$', i['def']).group(1) in fk['cols']]
                spl = 'splinter 0001: same' if x['constraint'] in sp['fk'] else 'splinter 0001: not reported'
                if cov:
                    add(c, t + '.' + x['constraint'], False, f'covered by {cov[0]["name"]}', spl)
                elif notnull_partial:
                    add(c, t + '.' + x['constraint'], False, f'covered by partial index {notnull_partial[0]["name"]} ({notnull_partial[0]["def"].split(" WHERE ")[1]}): the key\'s lookups ({fk["cols"][0]} = $1) imply its predicate, and a generic plan of that lookup uses it', spl)
                else:
                    reason = f'no index leads with ({", ".join(fk["cols"])}): deletes/updates of {fk["ref"]} scan {t}'
                    if st == 'fail':
                        reason = 'severity: ' + reason + ' (a performance issue: warn, not fail)'
                    add(c, t + '.' + x['constraint'], True, reason, spl)
        elif c == 'columns.timestamps':
            for x in d:
                t = x['table']
                p = x['problem']
                if p in ('no created_at', 'no updated_at'):
                    add(c, t + ':' + p.split()[1], False, f'policy: {p} (checklist item 21); not a defect of this schema')
                elif p == 'not timestamptz':
                    sev = 'severity: ' if st == 'fail' else ''
                    add(c, t + '.' + x['column'] + ' (not timestamptz)', True, f'{sev}timestamp without time zone (repeats types.smells, where it is a low warning)')
                elif p.startswith('no enabled BEFORE UPDATE trigger'):
                    col = x['column'] + ' (no trigger)'
                    col0 = x['column']
                    if db in PRISMA_DBS:
                        f = prisma_field(t, col0)
                        if f and f['updatedAt']:
                            add(c, t + '.' + col, False, 'Prisma @updatedAt: Prisma Client sets it on every update; no trigger is needed')
                        elif (db, t, col0) in UPDATED_BY_HAND:
                            add(c, t + '.' + col, True, UPDATED_BY_HAND[(db, t, col0)])
                        elif f:
                            add(c, t + '.' + col, True, f'no trigger and the Prisma field is not @updatedAt ({f["attrs"].strip() or "no attributes"}): nothing maintains it')
                        else:
                            add(c, t + '.' + col, True, 'no trigger and no Prisma model field maps to it: nothing maintains it')
                    elif db in RAILS_DBS:
                        if t in rails:
                            add(c, t + '.' + col, False, 'Rails: Active Record timestamps set updated_at on every save of the model')
                        else:
                            add(c, t + '.' + col, True, 'no trigger and no Active Record model for this table: nothing maintains it')
                    else:
                        add(c, t + '.' + col, True, 'no trigger maintains it')
                elif p == 'no default':
                    col = x['column']
                    ty = cat.cols(t)[col]['type']
                    t = t + '.' + col + ' (no default)'
                    if ty in ('integer', 'bigint'):
                        add(c, t, False, f'{col} is {ty}: an OAuth token\'s issue time (NextAuth Account), not the row\'s creation time')
                    elif db in RAILS_DBS and x['table'] in rails:
                        add(c, t, False, 'Rails: Active Record sets created_at on insert (the column is NOT NULL, so a raw insert without it fails)')
                    else:
                        add(c, t, True, 'creation time without a default')
                else:
                    add(c, t, True, p)
        elif c == 'columns.audit_trail':
            for x in d:
                add(c, x['table'] + ':' + x['missing'], False, f'policy: no {x["missing"]} column (checklist item 22); not a defect of this schema')
        elif c == 'columns.defaults':
            for x in d:
                t, col = x['table'], x['column']
                cc = cat.cols(t)[col]
                if x['type'] in ('integer', 'bigint') and col == 'created_at':
                    add(c, t + '.' + col, False, 'an OAuth token\'s issue time (NextAuth Account, epoch seconds), not the row\'s creation time')
                elif col == 'created_at' and db in RAILS_DBS and t in rails:
                    add(c, t + '.' + col, False, 'Rails: Active Record sets created_at on insert')
                elif col == 'created_at' and db in RAILS_DBS:
                    add(c, t + '.' + col, True, 'creation time without a default and no Active Record model sets it')
                elif cc['notnull']:
                    add(c, t + '.' + col, False, f'policy: NOT NULL {x["type"]} without a default: every insert must state it and one that does not fails; nothing is silently wrong')
                elif (db, t, col) in NULL_BY_DESIGN:
                    add(c, t + '.' + col, False, f'nullable {x["type"]} whose NULL has a meaning: ' + NULL_BY_DESIGN[(db, t, col)])
                else:
                    add(c, t + '.' + col, True, f'nullable {x["type"]} without a default: an insert that omits it stores NULL, a third state nobody designed')
        elif c == 'hipaa.consent_tracking':
            add(c, '-', False, 'policy: no consent table (clinic checklist item 26); this schema does not record consent by design')
        elif c.startswith('hipaa.') and not d:
            # "no table recognised as PHI": the checklist assumes a clinical schema.
            if db in NOT_HEALTH:
                add(c, '-', False, f'policy: {r["actual"]} — {NOT_HEALTH[db]} holds no health information: nothing to mark; the warning assumes every audited schema is clinical')
            else:
                add(c, '-', True, f'a clinical model with no table recognised as PHI: {r["actual"]}')
        elif c in ('hipaa.audit_trail', 'hipaa.soft_delete', 'hipaa.no_public_access'):
            for x in d:
                t, why = x['table'], x.get('phi', '')
                if db in NOT_HEALTH:
                    if why.startswith('table name'):
                        w = next((w for w in re.findall(r'[A-Z]?[a-z]+', t) if 'person' in w.lower() or 'patient' in w.lower()), t)
                        hit = 'person' if 'person' in w.lower() else 'patient'
                        how = f'its name: "{hit}" matched inside "{w}"'
                    elif why.startswith('columns'):
                        m = re.match(r'columns (\S+) and (\S+):', why)
                        hit = next((k for k in ('icd', 'vital', 'drug', 'condition', 'procedure', 'diagnos', 'clinical') if k in m.group(2).lower()), '?')
                        how = f'"{hit}" matched inside column {m.group(2)} (taken for health information beside {m.group(1)})'
                    elif why.startswith('references'):
                        how = f'its foreign key to a table wrongly taken for PHI ({why})'
                    else:
                        how = why
                    how = PHI_HOW.get((db, t), how)
                    add(c, t, False, f'not PHI: {NOT_HEALTH[db]} holds no health information; taken for PHI by {how}')
                elif (db, t) in NOT_PHI:
                    add(c, t, False, f'not PHI: {NOT_PHI[(db, t)]} (recognised by {why})')
                elif c == 'hipaa.audit_trail':
                    add(c, t, True, f'PHI table (patient data; {why}) whose changes no trigger records')
                elif c == 'hipaa.soft_delete':
                    add(c, t, False, f'policy: no deleted_at on a PHI table ({why}) (clinic checklist); HIPAA does not require soft delete' +
                        ('; i2b2 archives deleted facts in archive_observation_fact' if db == 'i2b2' else ''))
                else:
                    add(c, t, True, f'PHI table ({why}) with a privilege granted to PUBLIC')
        elif c == 'secrets.plaintext':
            for x in d:
                k = (db, x['table'] + '.' + x['column'])
                if k in SECRETS:
                    add(c, k[1], *SECRETS[k])
                else:
                    add(c, k[1], True, 'UNREVIEWED ' + json.dumps(x, sort_keys=True))
        elif c == 'docs.comments':
            for x in d:
                obj = ('enum:' + x['enum']) if 'enum' in x else x['table'] + ('.' + x['column'] if 'column' in x else '')
                add(c, obj, False, 'policy: no COMMENT (checklist item 28); not a defect of this schema')
        elif c == 'index.duplicate':
            for x in d:
                t, i = cat.index(x['index'])
                t2, j = cat.index(x['duplicate_of'])
                same = i and j and i['cols'] == j['cols'] and i['unique'] == j['unique'] and not i['partial'] and not j['partial']
                spl = 'splinter 0009: same' if x['index'] in sp['dup'] else 'splinter 0009: not reported'
                if same:
                    add(c, x['index'], True, f'same keys ({", ".join(i["cols"])}) and uniqueness as {x["duplicate_of"]}', spl)
                else:
                    add(c, x['index'], False, f'differs from {x["duplicate_of"]}', spl)
        elif c == 'index.redundant':
            for x in d:
                t, i = cat.index(x['index'])
                t2, j = cat.index(x['covered_by'])
                n = len(i['cols'])
                ok = (j['cols'][:n] == i['cols'] and 'USING btree' in i['def'] and 'USING btree' in j['def'] and not j['partial'] and not i['unique'])
                if ok and j['cols'] == i['cols'] and j['unique']:
                    add(c, x['index'], True, f'same keys ({", ".join(i["cols"])}) as unique {x["covered_by"]}: the unique index serves every lookup the plain one does', 'splinter 0009: not reported (the definitions differ by UNIQUE)')
                elif ok:
                    add(c, x['index'], True, f'({", ".join(i["cols"])}) leads {x["covered_by"]}({", ".join(j["cols"])})', 'splinter: no such lint (0009 compares whole definitions)')
                else:
                    add(c, x['index'], False, f'does not lead {x["covered_by"]}: {i["def"]} / {j["def"]}')
        elif c == 'index.unused':
            for x in d:
                spl = 'splinter 0005: same' if x['index'] in sp['unused'] else 'splinter 0005: not reported'
                add(c, x['index'], True, 'artifact: no query has run on the fresh corpus database; the statistics are right', spl)
        elif c == 'index.unique_nullable':
            for x in d:
                t, i = cat.index(x['index'])
                cols = cat.cols(t)
                nullable = x['nullable_columns']
                others = [k for k in i['cols'] if k not in nullable]
                covered_by_unique = None
                for u in cat.notnull_uniques(t):
                    if set(u['cols']) <= set(others):
                        covered_by_unique = u
                partials = [p for p in cat.indexes(t) if p['unique'] and p['partial'] and p['name'] != i['name']]
                if len(i['cols']) == 1:
                    add(c, x['index'], False, f'single optional column ({i["cols"][0]}, Prisma "?"/nullable @unique): several rows without a value are intended; NULL is not a value that repeats')
                elif covered_by_unique:
                    add(c, x['index'], False, f'{", ".join(covered_by_unique["cols"])} is unique and NOT NULL by itself ({covered_by_unique["name"]}): no duplicate can get through')
                elif (db, x['index']) in OPTIONAL_IDENTIFIER:
                    add(c, x['index'], False, OPTIONAL_IDENTIFIER[(db, x['index'])])
                elif [p for p in partials if set(nullable) <= set(re.findall(r'"?(\w+)"? IS NULL', p['def'])) and set(p['cols']) <= set(others)]:
                    p = [p for p in partials if set(nullable) <= set(re.findall(r'"?(\w+)"? IS NULL', p['def'])) and set(p['cols']) <= set(others)][0]
                    add(c, x['index'], False, f'the NULL case is covered by partial unique index {p["name"]}')
                elif set(nullable) == set(i['cols']):
                    add(c, x['index'], False, f'every key column is optional ({", ".join(nullable)}): set together or not at all; rows without them are not keyed')
                else:
                    cover = [p['name'] for p in partials]
                    extra = f' (partial unique {", ".join(cover)} covers another case only)' if cover else ''
                    add(c, x['index'], True, f'rows repeating ({", ".join(others)}) with {", ".join(nullable)} NULL are all accepted: NULL is a scope here (root, global, all environments), not an absent key{extra}')
        elif c == 'extension.placement':
            for x in d:
                e = x['extension']
                spl = 'splinter 0014: same' if e in sp['ext'] else 'splinter 0014: not reported'
                if e in app_ext:
                    add(c, e, True, f'installed into {schema} by the application\'s own SQL', spl)
                else:
                    add(c, e, False, 'put here by CREATE EXTENSION clinic CASCADE (the audit\'s own dependency), not by the application', spl)
        elif c == 'types.smells':
            for x in d:
                obj = x['table'] + '.' + x['column']
                p = x['problem']
                ty = cat.cols(x['table'])[x['column']]['type']
                if p.startswith('json') and db == 'langfuse':
                    add(c, obj, False, 'json on purpose: langfuse chose json over jsonb because jsonb reorders keys (migration 20241015110145_prompts_config_to_JSON; "make schema match prod db state (json instead of jsonb)")')
                elif p.startswith('char(n)') and db == 'pcornet':
                    add(c, obj, False, f'{ty}: a fixed-width code of the PCORnet CDM v3 value sets (2-letter codes, NI/UN/OT; times HH:MI): no value is ever padded')
                elif p.startswith('char(n)') and (db, obj) in FIXED_WIDTH:
                    add(c, obj, False, f'{ty}: ' + FIXED_WIDTH[(db, obj)])
                else:
                    add(c, obj, True, p)
        elif c == 'functions.search_path':
            for x in d:
                fn = x['function']
                name = fn.split('(')[0]
                spl = 'splinter 0011: same' if name in sp['search_path'] else 'splinter 0011: not reported'
                f = next((f for f in cat.functions if f['name'] == name), None)
                if f and f['extension']:
                    add(c, fn, False, f'member of extension {f["extension"]}', spl)
                else:
                    sev = 'severity: ' if st == 'fail' and not x.get('security_definer') else ''
                    add(c, fn, True, f'{sev}the application\'s own function without a pinned search_path (not SECURITY DEFINER: warn-level hygiene)', spl)
        else:
            if d:
                for x in d:
                    add(c, json.dumps(x, sort_keys=True), True, 'UNREVIEWED')
            else:
                add(c, '-', True, 'UNREVIEWED ' + str(r['actual']))
    return rows


def main():
    sources = [l.rstrip('\n').split('\t') for l in open(os.path.join(REPO, 'test/corpus/sources.txt')) if l.strip() and not l.startswith('#')]
    os.makedirs(os.path.join(REPO, 'test/corpus/labels'), exist_ok=True)
    os.makedirs(os.path.join(HERE, 'labels_splinter'), exist_ok=True)
    for s in sources:
        db, schema = s[0], s[5]
        if len(sys.argv) > 1 and db not in sys.argv[1:]:
            continue
        rows = label_db(db, schema)
        with open(os.path.join(REPO, 'test/corpus/labels', db + '.tsv'), 'w') as f:
            f.write('check_id\tobject\tverdict\treason\n')
            for r in rows:
                f.write('\t'.join(r[:4]) + '\n')
        with open(os.path.join(HERE, 'labels_splinter', db + '.tsv'), 'w') as f:
            for r in rows:
                f.write('\t'.join(r) + '\n')
        print(db, len(rows), 'labels', sum(r[2] == 'true' for r in rows), 'true')


if __name__ == '__main__':
    main()
