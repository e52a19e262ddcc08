#!/usr/bin/env python3
"""Report cycles between the modules of src/ (top level, and inside each folder module).

A module "uses" another when its files name `crate::other` (also inside `use crate::{..}`
lists) or, inside a folder module, `super::sibling`. Test code (`#[cfg(test)]` modules and
tests/ folders) is left out: tests may reach anywhere.
"""
import os, re, sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src')

def strip_tests(text):
    # Drop `#[cfg(test)] mod ... { ... }` blocks (brace matching, good enough for our code).
    out, i = [], 0
    for m in re.finditer(r'#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{', text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {'{': 1, '}': -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return ''.join(out)

def names_in_use_lists(text):
    found = set(re.findall(r'crate::(\w+)', text))
    for m in re.finditer(r'use\s+crate::\{([^;]*)\};', text, re.S):
        for part in re.split(r',(?![^{]*\})', m.group(1)):
            part = part.strip()
            if part:
                found.add(re.match(r'(\w+)', part).group(1))
    return found

def module_of(rel):
    parts = rel[:-3].split(os.sep)
    return parts

graph = {}       # top-level module -> set of top-level modules
inner = {}       # folder module -> {submodule: set(siblings)}
for dirpath, dirs, files in os.walk(SRC):
    if os.sep + 'tests' in dirpath[len(SRC):]:
        continue
    for f in files:
        if not f.endswith('.rs'):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), SRC)
        parts = module_of(rel)
        if parts[-1] == 'mod':
            parts = parts[:-1]
        if parts in (['lib'], ['main']):
            continue
        top = parts[0]
        text = strip_tests(open(os.path.join(dirpath, f), encoding='utf-8').read())
        used = {n for n in names_in_use_lists(text) if n != top}
        graph.setdefault(top, set()).update(used)
        if len(parts) == 2:
            sibs = set(re.findall(r'super::(\w+)', text)) | {
                n for n in re.findall(r'crate::%s::(\w+)' % top, text)}
            inner.setdefault(top, {}).setdefault(parts[1], set()).update(
                s for s in sibs if s != parts[1])

def cycles(g):
    found, seen = [], set()
    def dfs(node, path):
        for nxt in sorted(g.get(node, ())):
            if nxt not in g:
                continue
            if nxt in path:
                cyc = path[path.index(nxt):] + [nxt]
                key = frozenset(cyc)
                if key not in seen:
                    seen.add(key)
                    found.append(cyc)
            elif len(path) < 12:
                dfs(nxt, path + [nxt])
    for n in sorted(g):
        dfs(n, [n])
    return found

bad = [' -> '.join(c) for c in cycles(graph)]
for folder, g in sorted(inner.items()):
    bad += ['%s: %s' % (folder, ' -> '.join(c)) for c in cycles(g)]
if '--graph' in sys.argv:
    for n in sorted(graph):
        print('%s: %s' % (n, ' '.join(sorted(m for m in graph[n] if m in graph))))
if bad:
    print('module cycles:')
    for b in bad:
        print('  ' + b)
    sys.exit(1)
print('no module cycles')
