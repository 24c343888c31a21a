#!/usr/bin/env python3
"""test/corpus/compare.py BEFORE_LABELS BEFORE_RESULTS: per-check precision of an earlier labelled
run beside the current one (test/corpus/labels/, tmp/corpus/results/), as Markdown.

BEFORE_LABELS holds <db>.tsv as label.py wrote them then (e.g. `git show <rev>:test/corpus/labels/<db>.tsv`),
BEFORE_RESULTS the audit's <db>.json of that run (for the fail/warn status of each finding).
Conventions as in tables.py: `policy:` and `extension:` labels are false (and left out of the
"without policy" column), `artifact:` and `severity:` labels are true.
"""
import collections
import csv
import json
import os
import re
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
HERE = os.path.join(REPO, 'tmp', 'corpus')
sources = [l.rstrip('\n').split('\t') for l in open(os.path.join(REPO, 'test/corpus/sources.txt')) if l.strip() and not l.startswith('#')]
dbs = [s[0] for s in sources]


def load(labels_dir, results_dir):
    status = {}
    for db in dbs:
        for r in json.load(open(os.path.join(results_dir, db + '.json'))):
            status[(db, r['check_id'])] = r['status']
    by_check = collections.defaultdict(list)
    for db in dbs:
        for r in csv.DictReader(open(os.path.join(labels_dir, db + '.tsv')), delimiter='\t'):
            r['db'] = db
            r['status'] = status[(db, r['check_id'])]
            by_check[r['check_id']].append(r)
    return by_check, status


def tag(r):
    m = re.match(r'^(policy|artifact|severity|extension):', r['reason'])
    return m.group(1) if m else ''


def stats(rows):
    n = len(rows)
    t = sum(r['verdict'] == 'true' for r in rows)
    pol = sum(r['verdict'] == 'false' and tag(r) in ('policy', 'extension') for r in rows)
    sts = '/'.join(sorted({r['status'] for r in rows}))
    return n, t, n - t, pol, sts


def pct(a, b):
    return f'{100 * a / b:.1f} %' if b else '—'


def main():
    before, st_before = load(sys.argv[1], sys.argv[2])
    after, st_after = load(os.path.join(REPO, 'test/corpus/labels'), os.path.join(HERE, 'results'))
    checks = sorted(set(before) | set(after), key=lambda c: (-len(after.get(c, [])), -len(before.get(c, [])), c))
    print('| check | status (after) | findings before | true | false | precision before | before, without policy | findings after | true | false | of the false: policy/extension | precision after | after, without policy |')
    print('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    tot = {'b': [0, 0, 0], 'a': [0, 0, 0]}
    for c in checks:
        bn, bt, bf, bp, _ = stats(before.get(c, []))
        an, at, af, ap, asts = stats(after.get(c, []))
        tot['b'][0] += bn
        tot['b'][1] += bt
        tot['b'][2] += bp
        tot['a'][0] += an
        tot['a'][1] += at
        tot['a'][2] += ap
        print(f'| `{c}` | {asts or "pass/skip"} | {bn} | {bt} | {bf} | {pct(bt, bn)} | {pct(bt, bn - bp)} | {an} | {at} | {af} | {ap} | {pct(at, an)} | {pct(at, an - ap)} |')
    (bn, bt, bp), (an, at, ap) = tot['b'], tot['a']
    print(f'| all | | {bn} | {bt} | {bn - bt} | {pct(bt, bn)} | {pct(bt, bn - bp)} | {an} | {at} | {an - at} | {ap} | {pct(at, an)} | {pct(at, an - ap)} |')

    print('\n### fail statuses with no true finding behind them\n')
    for name, (lab, st) in (('before', (before, st_before)), ('after', (after, st_after))):
        bad = []
        for db in dbs:
            for (d, c), s in sorted(st.items()):
                if d != db or s != 'fail':
                    continue
                rows = [r for r in lab.get(c, []) if r['db'] == db]
                t = [r for r in rows if r['verdict'] == 'true']
                if not t:
                    bad.append(f'{c} on {db} (0/{len(rows)})')
                elif all(tag(r) == 'severity' for r in t):
                    bad.append(f'{c} on {db} ({len(t)}/{len(rows)} true, all of them "severity:")')
        print(f'- {name}: ' + ('; '.join(bad) if bad else 'none'))


if __name__ == '__main__':
    main()
