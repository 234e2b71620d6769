#!/usr/bin/env python3
"""Moves Java types between packages across the repository: git mv, package line, imports, qualified names.

Usage: move_ports.py OLD_PACKAGE.Type=NEW_PACKAGE[:module_dir] ...  (run at the repository root)
Types that stayed in the old package and were used without import by a moved type get an import; files of the old
package that used a moved type without import get one too. An import block that was sorted stays sorted.
"""
import os, re, subprocess, sys

def java_files():
    out = subprocess.check_output(['git', 'ls-files', '*.java'], text=True).split()
    return [f for f in out if os.path.exists(f)]

def package_of(text):
    m = re.search(r'^package ([\w.]+);', text, re.M)
    return m.group(1) if m else ''

def sort_imports(text):
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        if lines[i].startswith('import ') and not lines[i].startswith('import static'):
            j = i
            while j < len(lines) and lines[j].startswith('import ') and not lines[j].startswith('import static'):
                j += 1
            block = lines[i:j]
            lines[i:j] = sorted(set(block))
            i = j
        else:
            i += 1
    return '\n'.join(lines)

def add_import(text, fqn):
    line = 'import ' + fqn + ';'
    if line in text:
        return text
    m = list(re.finditer(r'^import (?!static)[\w.]+;$', text, re.M))
    if m:
        pos = m[-1].end()
        return text[:pos] + '\n' + line + text[pos:]
    m = re.search(r'^package [\w.]+;\n', text, re.M)
    return text[:m.end()] + '\n' + line + '\n' + text[m.end():]

def was_sorted(text):
    blocks = re.findall(r'((?:^import (?!static)[\w.]+;\n)+)', text, re.M)
    return all(b.strip().split('\n') == sorted(b.strip().split('\n')) for b in blocks)

def main(moves):
    files = java_files()
    texts = {f: open(f).read() for f in files}
    plan = []
    for move in moves:
        old, new = move.split('=')
        new_pkg, _, module = new.partition(':')
        old_pkg, name = old.rsplit('.', 1)
        src = next(f for f in files if f.endswith('/' + old.replace('.', '/') + '.java'))
        root = src[:src.index(old_pkg.replace('.', '/'))] if not module else module + '/src/main/java/'
        dst = root + new_pkg.replace('.', '/') + '/' + name + '.java'
        plan.append((old_pkg, name, new_pkg, src, dst))
    moved = {(p, n): np for p, n, np, _, _ in plan}
    old_pkgs = {p for p, _, _, _, _ in plan}
    # Types of each old package, so a moved file can import those it used without import.
    stay = {p: [os.path.basename(f)[:-5] for f in files if package_of(texts[f]) == p and (p, os.path.basename(f)[:-5]) not in moved]
            for p in old_pkgs}
    for f in files:
        t = texts[f]
        sorted_before = was_sorted(t)
        pkg = package_of(t)
        name = os.path.basename(f)[:-5]
        for (op, n), np in moved.items():
            t = re.sub(r'\b' + re.escape(op) + r'\.' + n + r'\b', np + '.' + n, t)
            if pkg == op and (op, name) not in moved and re.search(r'\b' + n + r'\b', t):
                t = add_import(t, np + '.' + n)
        if (pkg, name) in moved:
            np = moved[(pkg, name)]
            t = t.replace('package ' + pkg + ';', 'package ' + np + ';', 1)
            body = re.sub(r'^import .*$', '', t, flags=re.M)
            for other in stay[pkg]:
                if re.search(r'\b' + other + r'\b', body):
                    t = add_import(t, pkg + '.' + other)
            for (op, n), np2 in moved.items():
                if op == pkg and np2 != np and n != name and re.search(r'\b' + n + r'\b', body):
                    t = add_import(t, np2 + '.' + n)
        own = package_of(t)
        t = re.sub(r'^import ' + re.escape(own) + r'\.[A-Z]\w*;\n', '', t, flags=re.M)
        if sorted_before:
            t = sort_imports(t)
        if t != texts[f]:
            open(f, 'w').write(t)
    for _, _, _, src, dst in plan:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        subprocess.check_call(['git', 'mv', src, dst])

if __name__ == '__main__':
    main(sys.argv[1:])
