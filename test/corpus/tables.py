#!/usr/bin/env python3
"""test/corpus/tables.py (run by label.sh): per-check precision and the splinter overlap, as Markdown, from the labels, the results and the splinter runs."""
import collections
import csv
import glob
import json
import os
import re
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
HERE = os.path.join(REPO, 'tmp', 'corpus')  # the corpus's data: results, catalog, splinter, src, prisma
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from label import splinter_sets  # noqa: E402

sources = [l.rstrip('\n').split('\t') for l in open(os.path.join(REPO, 'test/corpus/sources.txt')) if l.strip() and not l.startswith('#')]
dbs = [s[0] for s in sources]
schema_of = {s[0]: s[5] for s in sources}

status = {}
for db in dbs:
    for r in json.load(open(os.path.join(HERE, 'results', db + '.json'))):
        status[(db, r['check_id'])] = r['status']

labels = collections.defaultdict(list)
for db in dbs:
    for r in csv.DictReader(open(os.path.join(REPO, 'test/corpus/labels', db + '.tsv')), delimiter='\t'):
        r['db'] = db
        r['status'] = status[(db, r['check_id'])]
        labels[r['check_id']].append(r)


def tag(r):
    m = re.match(r'^(policy|artifact|severity|extension):', r['reason'])
    return m.group(1) if m else ''


print('## Per check (all databases)\n')
print('| check | status where found | findings | true | false | precision | false: policy | false: extension member | true: corpus artifact | true: status too strong |')
print('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|')
for c, rows in sorted(labels.items(), key=lambda kv: -len(kv[1])):
    n = len(rows)
    t = sum(r['verdict'] == 'true' for r in rows)
    sts = sorted({r['status'] for r in rows})
    cnt = collections.Counter(tag(r) for r in rows)
    fp = sum(1 for r in rows if r['verdict'] == 'false' and tag(r) == 'policy')
    fe = sum(1 for r in rows if r['verdict'] == 'false' and tag(r) == 'extension')
    print(f'| `{c}` | {"/".join(sts)} | {n} | {t} | {n - t} | {100 * t / n:.1f} % | {fp} | {fe} | {cnt["artifact"]} | {cnt["severity"]} |')
tot = sum(len(v) for v in labels.values())
tt = sum(r['verdict'] == 'true' for v in labels.values() for r in v)
print(f'| all | | {tot} | {tt} | {tot - tt} | {100 * tt / tot:.1f} % | | | | |')

print('\n## Per database: findings (true/false)\n')
checks = sorted(labels, key=lambda c: -len(labels[c]))
print('| check | ' + ' | '.join(dbs) + ' |')
print('|---|' + '---:|' * len(dbs))
for c in checks:
    cells = []
    for db in dbs:
        rows = [r for r in labels[c] if r['db'] == db]
        if not rows:
            cells.append('')
        else:
            t = sum(r['verdict'] == 'true' for r in rows)
            cells.append(f'{len(rows)} ({t}/{len(rows) - t})' + (' F' if rows[0]['status'] == 'fail' else ''))
    print(f'| `{c}` | ' + ' | '.join(cells) + ' |')

print('\n## fail statuses: checks failing per database, and whether any finding behind the fail is true\n')
for db in dbs:
    fails = sorted({c for (d, c), s in status.items() if d == db and s == 'fail'})
    parts = []
    for c in fails:
        rows = [r for r in labels.get(c, []) if r['db'] == db]
        t = sum(r['verdict'] == 'true' for r in rows)
        sev = sum(tag(r) == 'severity' for r in rows)
        parts.append(f'{c} {t}/{len(rows)} true' + (f' ({sev} status too strong)' if sev else ''))
    print(f'- {db}: ' + ('; '.join(parts) if parts else 'no fail'))

print('\n## Splinter overlap (objects in the audited schema)\n')
fam = {
    'fk': ('fk.indexed', '0001_unindexed_foreign_keys', lambda x: x['constraint']),
    'nopk': ('pk.present (no primary key)', '0004_no_primary_key', lambda x: x['table'] if x['problem'].startswith('no primary key') else None),
    'unused': ('index.unused', '0005_unused_index', lambda x: x['index']),
    'dup': ('index.duplicate', '0009_duplicate_index', None),
    'search_path': ('functions.search_path', '0011_function_search_path_mutable', lambda x: x['function'].split('(')[0]),
    'ext': ('extension.placement', '0014_extension_in_public', lambda x: x['extension']),
    'bloat': ('table.bloat', '0020_table_bloat', lambda x: x.get('table')),
}
print('| clinic check | splinter lint | both | clinic only | splinter only |')
print('|---|---|---:|---:|---:|')
detail = []
for k, (check, lint, key) in fam.items():
    b = co = so = 0
    for db in dbs:
        schema = schema_of[db]
        res = {r['check_id']: r for r in json.load(open(os.path.join(HERE, 'results', db + '.json')))}
        cid = check.split()[0]
        r = res[cid]
        d = r['detail'] if isinstance(r['detail'], list) and r['status'] in ('warn', 'fail') else []
        if k == 'dup':
            mine = set()
            for x in d:
                mine |= {x['index'], x['duplicate_of']}
        else:
            mine = {key(x) for x in d} - {None}
        theirs = splinter_sets(db, schema)[k]
        if k == 'ext' and schema != 'public':
            theirs = set()
        b += len(mine & theirs)
        co += len(mine - theirs)
        so += len(theirs - mine)
        if mine - theirs or theirs - mine:
            detail.append(f'- {db} {check}: clinic only {sorted(mine - theirs)}; splinter only {sorted(theirs - mine)}')
    print(f'| `{check}` | `{lint}` | {b} | {co} | {so} |')
print()
print('\n'.join(detail))

print('\n## Objects splinter does not run on a plain server\n')
for db in dbs:
    p = os.path.join(HERE, 'splinter', db + '.errors')
    errs = collections.Counter(l.strip() for l in open(p) if l.startswith('ERROR'))
    print(f'- {db}: ' + '; '.join(f'{n}x {e}' for e, n in errs.items()))
