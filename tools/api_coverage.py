#!/usr/bin/env python3
"""The API coverage of the native engine, derived from the code.

Reads every function prototype of include/esent.h and every entry point defined in
native/<layer>/*.c. The build runs it with --generate DIR to write into DIR:
  api_notyet.c    one definition per function the engine lacks: it returns
                  JET_errFeatureNotAvailable, so applications link today;
  api_aliases.c   the plain names Windows exports for its A functions
                  (JetCreateInstance = JetCreateInstanceA, ...);
  notyet_calls.c  a call of every such function, for the test that checks each
                  one answers JET_errFeatureNotAvailable.
Without --generate it writes docs/api-coverage.md, the table of what is implemented,
partial or not yet; with --check it only compares that table with the code.
A function is "partial" when the file defining it says so in a comment of the form
    /* coverage: JetName partial: what is missing */
With --exports LIB it also checks that the shared library exports every name.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROTO = re.compile(r"JET_API\s+(Jet\w+)\s*\(([^;]*?)\)\s*;", re.S)
DEFN = re.compile(r"^\s*(?:JET_PUBLIC\s+)?JET_ERR\s+JET_API\s+(Jet\w+)\s*\(", re.M)
PARTIAL = re.compile(r"coverage:\s*(Jet\w+)\s+partial:\s*(.*?)\s*\*/", re.S)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def prototypes():
    """name -> list of (type, name) parameters, in header order."""
    text = strip_comments(read("include/esent.h"))
    protos = {}
    for m in PROTO.finditer(text):
        name, params = m.group(1), " ".join(m.group(2).split())
        plist = []
        if params and params != "void":
            for i, p in enumerate(params.split(",")):
                p = p.strip()
                pm = re.match(r"^(.*?)(\w+)$", p)
                if not pm or not pm.group(1).strip() or pm.group(1).strip() in ("const", "unsigned", "signed"):
                    plist.append((p, "arg%d" % i))
                else:
                    plist.append((pm.group(1).strip(), pm.group(2)))
        protos[name] = plist
    return protos


def definitions():
    """name -> (file, partial reason or None) for entry points defined by hand."""
    found = {}
    partial = {}
    native = os.path.join(ROOT, "native")
    for layer in sorted(os.listdir(native)):
        if not os.path.isdir(os.path.join(native, layer)):
            continue
        for fn in sorted(os.listdir(os.path.join(native, layer))):
            if fn.endswith(".c"):
                found_in(layer + "/" + fn, found, partial)
    return {n: (f, partial.get(n)) for n, f in found.items()}


def found_in(sub, found, partial):
    """Adds the entry points native/<sub> defines (and its partial notes)."""
    rel = "native/" + sub
    text = read(rel)
    for m in PARTIAL.finditer(text):
        partial[m.group(1)] = " ".join(m.group(2).split())
    for m in DEFN.finditer(strip_comments(text)):
        found[m.group(1)] = rel


def zero_of(ptype):
    return "0" if ("*" in ptype or "double" not in ptype) else "0.0"


def gen_notyet(protos, defined):
    out = [
        "/* api_notyet.c: generated at build time by tools/api_coverage.py from include/esent.h.",
        " * Every entry point the engine does not have yet: each checks nothing and changes",
        " * nothing, and answers JET_errFeatureNotAvailable (never success).",
        " * May call: nothing. */",
        '#include "esent.h"',
        "",
    ]
    for name in sorted(protos):
        if name in defined:
            continue
        params = protos[name]
        sig = ", ".join("%s %s" % (t, n) for t, n in params) or "void"
        out.append("JET_PUBLIC JET_ERR JET_API %s(%s)" % (name, sig))
        out.append("{")
        for _, n in params:
            out.append("    (void)%s;" % n)
        out.append("    return JET_errFeatureNotAvailable;")
        out.append("}")
        out.append("")
    return "\n".join(out)


def alias_pairs(protos):
    """(plain, A name) for every A function whose plain name is not itself declared."""
    pairs = []
    for name in sorted(protos):
        if name.endswith("A") and (name[:-1] + "W") in protos and name[:-1] not in protos:
            pairs.append((name[:-1], name))
    return pairs


def gen_aliases(protos):
    out = [
        "/* api_aliases.c: generated at build time by tools/api_coverage.py from include/esent.h.",
        " * Windows' esent.dll exports each string function under its plain name too, as the",
        " * A (8-bit) version; programs that bind by name (P/Invoke, ctypes) use those names.",
        " * esent.h maps the plain names to A or W with macros, so they are undone here.",
        " * May call: the A entry points. */",
        '#include "esent.h"',
        "",
    ]
    for plain, a in alias_pairs(protos):
        params = protos[a]
        sig = ", ".join("%s %s" % (t, n) for t, n in params) or "void"
        args = ", ".join(n for _, n in params)
        out.append("#undef %s" % plain)
        out.append("JET_PUBLIC JET_ERR JET_API %s(%s);" % (plain, sig))
        out.append("JET_PUBLIC JET_ERR JET_API %s(%s)" % (plain, sig))
        out.append("{")
        out.append("    return %s(%s);" % (a, args))
        out.append("}")
        out.append("")
    return "\n".join(out)


def gen_calls(protos, defined):
    out = [
        "/* notyet_calls.c: generated at build time by tools/api_coverage.py from include/esent.h.",
        " * Calls every entry point the engine does not have yet, with zero arguments, and",
        " * counts those that do not answer JET_errFeatureNotAvailable. */",
        '#include "esent.h"',
        '#include "notyet_calls.h"',
        "",
        "int notyet_call_all(const char **first_wrong)",
        "{",
        "    int wrong = 0;",
        "    JET_ERR err;",
    ]
    count = 0
    for name in sorted(protos):
        if name in defined:
            continue
        count += 1
        args = ", ".join("(%s)%s" % (t, zero_of(t)) for t, _ in protos[name])
        out.append("    err = %s(%s);" % (name, args))
        out.append("    if (err != JET_errFeatureNotAvailable && wrong++ == 0) *first_wrong = \"%s\";" % name)
    out.append("    return wrong;")
    out.append("}")
    out.append("")
    out.append("int notyet_count(void) { return %d; }" % count)
    out.append("")
    return "\n".join(out)


def gen_doc(protos, defined):
    rows = []
    counts = {"implemented": 0, "partial": 0, "not yet": 0}
    for name in sorted(protos):
        if name in defined:
            f, why = defined[name]
            status = "partial" if why else "implemented"
            note = why or ""
            where = "`%s`" % f
        else:
            status, note, where = "not yet", "returns `JET_errFeatureNotAvailable`", ""
        counts[status] += 1
        rows.append("| `%s` | %s | %s | %s |" % (name, status, where, note))
    head = [
        "# API coverage",
        "",
        "Generated by `tools/api_coverage.py` from `include/esent.h` and `native/`; the",
        "`api_coverage` test fails when this table and the code disagree. Regenerate with",
        "`python3 tools/api_coverage.py`.",
        "",
        "%d functions: %d implemented, %d partial, %d not yet (these are exported and return"
        % (len(protos), counts["implemented"], counts["partial"], counts["not yet"]),
        "`JET_errFeatureNotAvailable`). The plain names of the `A` functions are exported too,",
        "as Windows does (%d aliases)." % len(alias_pairs(protos)),
        "",
        "| function | status | defined in | note |",
        "|---|---|---|---|",
    ]
    return "\n".join(head + rows) + "\n"


def check_exports(lib, protos):
    names = set(protos) | {p for p, _ in alias_pairs(protos)}
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
    exported = {line.split()[-1] for line in out.splitlines() if line.strip()}
    missing = sorted(names - exported)
    extra = sorted(n for n in exported - names if not n.startswith("_"))
    return missing, extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="compare docs/api-coverage.md, do not write")
    ap.add_argument("--generate", metavar="DIR", help="write the generated sources into DIR")
    ap.add_argument("--exports", metavar="LIB", help="also check the exports of this shared library")
    args = ap.parse_args()

    protos = prototypes()
    defined = {n: v for n, v in definitions().items() if n in protos}
    if args.generate:
        os.makedirs(args.generate, exist_ok=True)
        sources = {
            "api_notyet.c": gen_notyet(protos, defined),
            "api_aliases.c": gen_aliases(protos),
            "notyet_calls.c": gen_calls(protos, defined),
        }
        for name, text in sources.items():
            path = os.path.join(args.generate, name)
            if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
        return 0
    outputs = {"docs/api-coverage.md": gen_doc(protos, defined)}
    bad = 0
    for rel, text in outputs.items():
        path = os.path.join(ROOT, rel)
        if args.check:
            try:
                current = read(rel)
            except FileNotFoundError:
                current = None
            if current != text:
                print("out of date: %s (run python3 tools/api_coverage.py)" % rel)
                bad += 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if args.exports:
        missing, extra = check_exports(args.exports, protos)
        for n in missing:
            print("not exported: %s" % n)
        for n in extra:
            print("exported but not in esent.h: %s" % n)
        bad += len(missing) + len(extra)
    if not args.check:
        print("%d functions, %d defined by the engine" % (len(protos), len(defined)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
