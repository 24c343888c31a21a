"""A small reader of Prisma schema files: models, their table names and their fields' columns."""
import glob
import re


def parse(dirpath):
    models = {}
    enums = {}
    for f in sorted(glob.glob(dirpath + '/*.prisma')):
        text = open(f).read()
        text = re.sub(r'//[^\n]*', '', text)
        for m in re.finditer(r'^(model|enum)\s+(\w+)\s*\{(.*?)^\}', text, re.S | re.M):
            kind, name, body = m.groups()
            if kind == 'enum':
                mm = re.search(r'@@map\("([^"]+)"\)', body)
                enums[name] = mm.group(1) if mm else name
                continue
            table = name
            mm = re.search(r'@@map\("([^"]+)"\)', body)
            if mm:
                table = mm.group(1)
            fields = {}
            block = []
            for line in body.split('\n'):
                line = line.strip()
                if not line:
                    continue
                if line.startswith('@@'):
                    block.append(line)
                    continue
                fm = re.match(r'(\w+)\s+([\w\[\]?]+(?:\([^)]*\))?)\s*(.*)', line)
                if not fm:
                    continue
                fname, ftype, attrs = fm.groups()
                col = fname
                cm = re.search(r'@map\("([^"]+)"\)', attrs)
                if cm:
                    col = cm.group(1)
                fields[fname] = {
                    'column': col,
                    'type': ftype,
                    'updatedAt': '@updatedAt' in attrs,
                    'id': re.search(r'@id\b', attrs) is not None,
                    'unique': re.search(r'@unique\b', attrs) is not None,
                    'default': re.search(r'@default\(', attrs) is not None,
                    'relation': '@relation' in attrs,
                    'optional': ftype.endswith('?'),
                    'attrs': attrs,
                }
            models[name] = {'table': table, 'fields': fields, 'block': block}
    return models, enums


def by_table(models):
    return {m['table']: m for m in models.values()}
