#!/usr/bin/env python3
"""The engine's layering rules, read from its sources (docs/architecture.md).

native/ has one folder per layer; the layers are given lowest first on the command line.
Fails, naming the offending files, when:
  - a file includes a header of a higher layer (an upward include);
  - modules include each other in a cycle (a module is x.c with x.h; within a layer too);
  - an included header is neither the engine's nor compat.h/esent.h, or a system header
    is not one of the C standard library's (the OS is compat/'s business);
  - a header name is used twice (includes are resolved by name);
  - a file outside api/ calls a public Jet* function, or one in api/ calls one other than
    by forwarding to it whole (`return JetX(...)`, as an A function forwards to its W twin);
  - a function a file exports is not named with its module's prefix: the file's name, or
    the name of the header that declares it (btree_write.c adds to btree.h's btree_*);
    the Jet* entry points, the jet_test_* hooks of the tests, and in api/ (whose files are
    all api_<what>.c) the layer's own api_ prefix are the exceptions.
"""
import os
import re
import sys

STD_HEADERS = {"assert.h", "limits.h", "stdarg.h", "stdatomic.h", "stdbool.h", "stddef.h",
               "stdint.h", "stdio.h", "stdlib.h", "string.h", "float.h", "math.h"}
OUTSIDE = {"compat.h", "esent.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
JET_CALL = re.compile(r"\bJet[A-Z]\w*\s*\(")
FORWARD = re.compile(r"^\s*return\s+Jet[A-Z]\w*\s*\(")
# A function defined at file level, not static: its name.
EXPORTED = re.compile(r"^(?!static\b|typedef\b)[A-Za-z_][\w \t\*]*?\b([a-z_]\w*)\s*\([^;]*?\)\s*\{", re.M | re.S)
DECLARED = re.compile(r"\b([a-z_]\w*)\s*\(")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def main():
    root, layers = sys.argv[1], sys.argv[2:]
    rank = {name: i for i, name in enumerate(layers)}
    problems = []
    files = {}   # name -> layer
    for layer in sorted(os.listdir(root)):
        path = os.path.join(root, layer)
        if not os.path.isdir(path):
            continue
        if layer not in rank:
            problems.append(f"native/{layer}/ is not a layer (add it to ESENT_LAYERS)")
            continue
        for fn in sorted(os.listdir(path)):
            if not fn.endswith((".c", ".h")):
                continue
            if fn in files:
                problems.append(f"{fn} is in both native/{files[fn]}/ and native/{layer}/")
            files[fn] = layer
    for fn in os.listdir(root):
        if fn.endswith((".c", ".h")):
            problems.append(f"native/{fn} belongs in a layer's folder")

    edges = {}   # module -> {module: "file -> header"}
    for fn, layer in sorted(files.items()):
        text = strip_comments(open(os.path.join(root, layer, fn), encoding="utf-8").read())
        me = os.path.splitext(fn)[0]
        for kind, target in INCLUDE.findall(text):
            where = f"native/{layer}/{fn} includes {target}"
            if kind == "<":
                if target not in STD_HEADERS:
                    problems.append(f"{where}: not a C standard header (the OS belongs in compat/)")
                continue
            if target in OUTSIDE:
                continue
            if target not in files:
                problems.append(f"{where}: not a header of the engine")
                continue
            tlayer = files[target]
            if rank[tlayer] > rank[layer]:
                problems.append(f"{where} of native/{tlayer}/: upward ({layer} is below {tlayer})")
            other = os.path.splitext(target)[0]
            if other != me:
                edges.setdefault(me, {}).setdefault(other, where)
        for n, line in enumerate(text.split("\n"), 1):
            for m in JET_CALL.finditer(line):
                if layer == "api" and FORWARD.match(line):
                    continue
                if re.match(r"\s*(JET_ERR\s+)?JET_API\b", line):
                    continue   # a definition
                problems.append(f"native/{layer}/{fn}:{n} calls the public {m.group(0)[:-1].strip()}")

    # Prefixes: each exported function starts with its file's or its declaring header's name.
    declared_in = {}
    for fn, layer in files.items():
        if fn.endswith(".h"):
            text = strip_comments(open(os.path.join(root, layer, fn), encoding="utf-8").read())
            for name in DECLARED.findall(text):
                declared_in.setdefault(name, set()).add(fn[:-2])
    for fn, layer in sorted(files.items()):
        if not fn.endswith(".c"):
            continue
        text = strip_comments(open(os.path.join(root, layer, fn), encoding="utf-8").read())
        for name in EXPORTED.findall(text):
            if name.startswith(("jet_test_",)) or re.match(r"Jet[A-Z]", name):
                continue
            prefixes = {fn[:-2]} | declared_in.get(name, set()) | ({"api"} if layer == "api" else set())
            if not any(name == p or name.startswith(p + "_") for p in prefixes):
                problems.append(f"native/{layer}/{fn} exports {name}: not named for its module "
                                f"({' or '.join(sorted(p + '_' for p in prefixes))})")

    # Cycles between modules: depth-first search, reporting each cycle once.
    state, stack = {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for nxt, where in sorted(edges.get(m, {}).items()):
            if state.get(nxt) == 1:
                cyc = stack[stack.index(nxt):] + [nxt]
                steps = [edges[a][b] for a, b in zip(cyc, cyc[1:])]
                problems.append("include cycle: " + " -> ".join(cyc) + " (" + "; ".join(steps) + ")")
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)

    for p in problems:
        print(p)
    print(f"{len(files)} files in {len(rank)} layers: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
