#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the include graph of every source file outside tests/: no file cycles, no upward imports.

Nodes are files. A header belongs to the .c file of the same basename in its folder (hooks.h is
hooks.c's interface), so "a.c includes b.h" is an edge a.c -> b.c; a header with no such .c (a
folder's public or shared header: ppp/ppp.h, tools/sstpx/session.h) is a node of its own. A
header may declare functions of several files (session.h: connect.c's and run.c's), so a file that
names a function declared in a header it sees (directly or through other headers) also depends on
the .c file that defines it: that is what makes "observers call back into run.c" a cycle. A
"#include "x.h"" resolves as the compiler does here: the including file's folder first, then the
source root (the only -I). Two checks:
  (a) no cycle of files: every strongly connected component (Tarjan) has one file;
  (b) the folder layers: auth <- ppp <- sstp <- tools, tun <- tools (LAYERS below).
Usage: check_layers.py [SOURCE_ROOT]   (default: two folders up from this file)
"""
import os
import re
import sys

# What each top-level folder may include besides itself. tun/ uses ppp/sx.h (the shared result
# codes and logging sink) and nothing else below it; tools/ may use everything.
LAYERS = {
    "auth": set(),
    "ppp": {"auth"},
    "sstp": {"auth", "ppp"},
    "tun": {"ppp"},
    "tools": {"auth", "ppp", "sstp", "tun", "tools"},
}

# Cycles not removed yet, each the exact set of files of one strongly connected component. A
# component passes if it lies inside one entry (so a cycle may shrink without an edit here); an
# entry that no longer holds any cycle fails the check, so this list only shrinks. Delete an entry
# in the commit that removes its cycle.
ALLOWED_CYCLES = [
]

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
SKIP_TOP = {"tests"}


def source_files(root):
    out = []
    for top in sorted(os.listdir(root)):
        path = os.path.join(root, top)
        if top in SKIP_TOP or top.startswith(".") or top.startswith("build") or not os.path.isdir(path):
            continue
        for d, dirs, files in os.walk(path):
            dirs[:] = sorted(x for x in dirs if not x.startswith(".") and not x.startswith("build"))
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(d, f), root))
    return out


def owner(rel, files):
    """The node a file belongs to: x.h -> x.c beside it when that exists."""
    if rel.endswith(".h"):
        c = rel[:-2] + ".c"
        if c in files:
            return c
    return rel


def resolve(rel, inc, files):
    here = os.path.normpath(os.path.join(os.path.dirname(rel), inc))
    if here in files:
        return here
    top = os.path.normpath(inc)
    return top if top in files else None


DEFN = re.compile(r"^(?!static\b|typedef\b|extern\b|return\b)[A-Za-z_][\w \t*]*?\b(\w+)\s*\([^;{}()]*(?:\([^;{}]*\)[^;{}()]*)*\)\s*\{", re.M)
DECL = re.compile(r"^(?!static\b|typedef\b|return\b|#)[A-Za-z_][\w \t*]*?\b(\w+)\s*\([^;{}()]*(?:\([^;{}]*\)[^;{}()]*)*\)[^;{}()]*;", re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
IDENT = re.compile(r"\b[A-Za-z_]\w*\b")


def graph(root):
    files = set(source_files(root))
    text, incs = {}, {}
    for rel in sorted(files):
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
            text[rel] = COMMENT.sub(" ", fh.read())
        incs[rel] = []
        for inc in INCLUDE.findall(text[rel]):
            dst = resolve(rel, inc, files)
            if dst is not None:
                incs[rel].append((inc, dst))
    # Which .c file defines each function, and which header declares it.
    # Which .c file defines each function a header declares: the one in the header's folder, or
    # the only one (two programs may each have their own opts_parse).
    defined = {}
    for rel in sorted(files):
        if rel.endswith(".c"):
            for name in DEFN.findall(text[rel]):
                defined.setdefault(name, []).append(rel)
    declared = {}
    for rel in sorted(files):
        if rel.endswith(".h"):
            declared[rel] = {}
            for name in DECL.findall(text[rel]):
                where_def = defined.get(name, [])
                here = [d for d in where_def if os.path.dirname(d) == os.path.dirname(rel)]
                pick = here or (where_def if len(where_def) == 1 else [])
                if len(pick) == 1:
                    declared[rel][name] = pick[0]

    edges, where = {}, {}

    def add(src, dst, rel, via):
        if dst != src:
            edges[src].add(dst)
            edges.setdefault(dst, set())
            where.setdefault((rel, dst), via)

    for rel in sorted(files):
        src = owner(rel, files)
        edges.setdefault(src, set())
        for inc, dst in incs[rel]:
            add(src, owner(dst, files), rel, inc)
        # A header with several implementers belongs, function by function, to the file that
        # defines what this file calls from it (anything it can see through its includes).
        seen, todo = set(), [d for _, d in incs[rel]]
        while todo:
            h = todo.pop()
            if h in seen:
                continue
            seen.add(h)
            todo.extend(d for _, d in incs[h])
        used = set(IDENT.findall(text[rel]))
        for h in sorted(seen):
            for name, d in sorted(declared.get(h, {}).items()):
                if name in used:
                    add(src, d, rel, f"{h}: {name}()")
    return files, edges, where


def tarjan(edges):
    index, low, stack, onstack, sccs = {}, {}, [], set(), []
    counter = [0]
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        onstack.add(start)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    onstack.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    advanced = True
                    break
                if w in onstack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    onstack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                sccs.append(sorted(comp))
    return sccs


def cycle_path(comp, edges, where):
    """One closed path through the component from its first file (breadth-first), each step
    labelled with the include or the function that makes it."""
    members = set(comp)
    start = comp[0]
    prev = {start: None}
    queue = [start]
    for v in queue:
        for w in sorted(edges[v]):
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                path = list(reversed(path)) + [start]
                return path[0] + "".join(f" -({why(a, b, where)})-> {b}" for a, b in zip(path, path[1:]))
            if w in members and w not in prev:
                prev[w] = v
                queue.append(w)
    return " ".join(comp)


def why(a, b, where):
    for (rel, dst), via in sorted(where.items()):
        if dst == b and (rel == a or rel[:-2] + ".c" == a):
            return via
    return "?"


def layer_of(rel):
    return rel.split("/", 1)[0]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    root = os.path.abspath(root)
    files, edges, where = graph(root)
    failed = 0

    allowed = [frozenset(c) for c in ALLOWED_CYCLES]
    used = set()
    for comp in tarjan(edges):
        if len(comp) < 2:
            continue
        path = cycle_path(comp, edges, where)
        hit = [a for a in allowed if set(comp) <= a]
        if hit:
            used.update(hit)
            print(f"allowed cycle ({len(comp)} files, not removed yet): {path}")
            continue
        failed += 1
        print(f"FAIL cycle of {len(comp)} files: {path}")
        print(f"     files: {' '.join(comp)}")
    for a in allowed:
        if a not in used:
            failed += 1
            print(f"FAIL allow-listed cycle is gone, delete its entry from ALLOWED_CYCLES: {sorted(a)}")

    for (rel, dst), inc in sorted(where.items()):
        a, b = layer_of(rel), layer_of(dst)
        if a == b or a not in LAYERS or b not in LAYERS:
            continue
        if b not in LAYERS[a]:
            failed += 1
            print(f'FAIL layer: {rel} includes "{inc}" ({a}/ may include only {sorted(LAYERS[a]) or "nothing"} outside itself)')

    nodes = len(edges)
    nedges = sum(len(v) for v in edges.values())
    print(f"{len(files)} files, {nodes} nodes, {nedges} edges: {'FAIL' if failed else 'ok'} ({failed} problems)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
