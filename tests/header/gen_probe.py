#!/usr/bin/env python3
"""Header probe: compares our include/esent.h with mingw-w64's esent.h.

Two steps, both run by CMake (tests/header/CMakeLists.txt):

gen      (build time) Reads both headers through the compiler that builds the probe
         (`cc -E -dM` for the macros, `cc -E` for typedefs, structures, enums and
         functions), makes the list of everything either header defines whose name starts
         with JET_ or Jet, and writes four C files, probe_{ours,mingw}_{A,W}.c (W: compiled
         with JET_UNICODE), each printing one line per constant value, type size, scalar
         type kind, structure field offset/size/bit range, and declared function. Which
         lines a header supports is decided by the compiler: the candidate lines are
         compiled with -fsyntax-only and the lines that do not compile are dropped (that
         is how a name missing from one header, a name that is a type rather than a
         value, or a bit-field that has no offset, are sorted out).

compare  (test time) Runs the probe (natively, or under Wine through --emulator),
         and compares ours.A with mingw.A and ours.W with mingw.W: every line both print
         must agree, except the differences listed in known_mingw_differences.txt, for
         which ours must have the right value given there; everything mingw defines must
         be in ours too. Prints counts and every difference.

Native builds read mingw's header with shim/win_shim.h (the Windows types it needs,
with the Windows widths); Windows builds read the real thing after <windows.h>.
"""

import argparse
import json
import os
import re
import subprocess
import sys

# ---------------------------------------------------------------------------------------
# Reading C declarations (the preprocessed text of one header)

TOKEN_RE = re.compile(r'''
    (?P<ws>\s+)
  | (?P<str>(?:u8|u|U|L)?"(?:\\.|[^"\\\n])*")
  | (?P<chr>(?:u|U|L)?'(?:\\.|[^'\\\n])*')
  | (?P<num>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.])*)
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\.\.\.|->|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||\+\+|--|[-+*/%&|^!~<>=?:;,.(){}\[\]\#@\\])
''', re.X)

C_KEYWORDS = set('''
auto break case char const continue default do double else enum extern float for goto if
inline int long register restrict return short signed sizeof static struct switch typedef
union unsigned void volatile while _Bool _Complex _Atomic _Noreturn _Thread_local
__extension__ __restrict __restrict__ __inline __inline__ __const __volatile__ __signed__
__int128 __unaligned __w64 __ptr32 __ptr64
'''.split())

# Keywords followed by a parenthesised group that carries no declarator.
ATTRIBUTE_WORDS = {'__attribute__', '__attribute', '__declspec', '__asm__', '__asm', 'asm',
                   '_Alignas', 'alignas', '__pragma'}
DROP_WORDS = {'__extension__', '__stdcall', '__cdecl', '__fastcall', '__thiscall'}
OPEN = {'(': ')', '[': ']', '{': '}'}


def tokenize(text):
    toks = []
    pos = 0
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:  # an odd character: skip it
            pos += 1
            continue
        pos = m.end()
        if m.lastgroup != 'ws':
            toks.append(m.group())
    return toks


def is_ident(t):
    return re.match(r'[A-Za-z_]\w*$', t) is not None


def match_close(toks, i):
    """Index of the bracket closing the one at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] in OPEN:
            depth += 1
        elif toks[j] in (')', ']', '}'):
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def strip_attributes(toks):
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in ATTRIBUTE_WORDS and i + 1 < len(toks) and toks[i + 1] == '(':
            i = match_close(toks, i + 1) + 1
            continue
        if t in DROP_WORDS:
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def split_top(toks, sep):
    """Split at `sep` outside any brackets; empty pieces are dropped."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t in OPEN:
            depth += 1
        elif t in (')', ']', '}'):
            depth -= 1
        if t == sep and depth == 0:
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def top_index(toks, what):
    depth = 0
    for i, t in enumerate(toks):
        if t in OPEN:
            depth += 1
        elif t in (')', ']', '}'):
            depth -= 1
        elif depth == 0 and t == what:
            return i
    return -1


def declarator_info(toks):
    """(name, is_pointer, is_array, is_bitfield, is_function) of one declarator (which
    may still carry the declaration's type specifiers in front)."""
    bit = top_index(toks, ':')
    is_bit = bit >= 0
    if is_bit:
        toks = toks[:bit]
    eq = top_index(toks, '=')
    if eq >= 0:
        toks = toks[:eq]
    depth = 0
    for i, t in enumerate(toks):
        if t == '(' and depth == 0:
            close = match_close(toks, i)
            group = toks[i + 1:close]
            if group and group[0] in ('*', '^'):
                # parenthesised declarator: (*name), (__stdcall *name)[3], ...
                cut = top_index(group, '[')
                names = [g for g in (group if cut < 0 else group[:cut])
                         if is_ident(g) and g not in C_KEYWORDS]
                return (names[-1] if names else None), True, False, is_bit, False
            if i > 0 and is_ident(toks[i - 1]) and toks[i - 1] not in C_KEYWORDS:
                return toks[i - 1], False, False, is_bit, True
        if t in OPEN:
            depth += 1
        elif t in (')', ']', '}'):
            depth -= 1
    cut = top_index(toks, '[')
    head = toks if cut < 0 else toks[:cut]
    names = [t for t in head if is_ident(t) and t not in C_KEYWORDS]
    return (names[-1] if names else None), ('*' in head), cut >= 0, is_bit, False


def find_aggregate(toks):
    """(keyword, tag, body_start, body_end) for the first struct/union/enum in toks with a
    body, or (keyword, tag, None, index_after_tag) for a bare reference, or None."""
    for i, t in enumerate(toks):
        if t in ('struct', 'union', 'enum'):
            j = i + 1
            tag = None
            if j < len(toks) and is_ident(toks[j]):
                tag = toks[j]
                j += 1
            if j < len(toks) and toks[j] == '{':
                return t, tag, j, match_close(toks, j)
            return t, tag, None, j
    return None


def parse_members(toks):
    """Fields of a struct/union body: list of (path tuple, is_bitfield)."""
    fields = []
    for member in split_top(toks, ';'):
        member = strip_attributes(member)
        if not member or member[0] in ('_Static_assert', 'static_assert'):
            continue
        agg = find_aggregate(member)
        if agg and agg[2] is not None:
            kw, _tag, start, end = agg
            inner = parse_members(member[start + 1:end]) if kw != 'enum' else []
            decls = split_top(member[end + 1:], ',')
            if not decls:          # anonymous struct/union: its members belong to us
                fields.extend(inner)
                continue
            for d in decls:
                name, ptr, arr, bit, _fn = declarator_info(d)
                if not name:
                    continue
                fields.append(((name,), bit))
                if not ptr and not arr:
                    fields.extend(((name,) + p, b) for p, b in inner)
            continue
        for d in split_top(member, ','):
            name, _ptr, _arr, bit, _fn = declarator_info(d)
            if name:
                fields.append(((name,), bit))
    return fields


class HeaderInfo:
    def __init__(self):
        self.enumerators = {}     # name -> True
        self.structs = {}         # typedef name -> list of (path, is_bitfield)
        self.typedefs = set()     # every typedef name
        self.functions = set()

    def merge(self, other):
        self.enumerators.update(other.enumerators)
        for k, v in other.structs.items():
            self.structs.setdefault(k, v)
        self.typedefs |= other.typedefs
        self.functions |= other.functions


def split_declarations(toks):
    decls, cur, depth, brace_after_paren = [], [], 0, False
    for t in toks:
        if depth == 0 and t == '{':
            brace_after_paren = bool(cur) and cur[-1] == ')'
        if t in OPEN:
            depth += 1
        elif t in (')', ']', '}'):
            depth -= 1
        cur.append(t)
        if depth == 0 and t == ';':
            decls.append(cur[:-1])
            cur = []
        elif depth == 0 and t == '}' and brace_after_paren:
            cur = []               # a function definition (static inline): not API
            brace_after_paren = False
    return decls


def parse_declarations(text):
    info = HeaderInfo()
    tags = {}
    tagrefs = {}
    for decl in split_declarations(tokenize(text)):
        decl = strip_attributes(decl)
        if not decl or decl[0] in ('_Static_assert', 'static_assert'):
            continue
        is_typedef = 'typedef' in decl
        agg = find_aggregate(decl)
        if agg:
            kw, tag, start, end = agg
            if start is not None:
                body = decl[start + 1:end]
                rest = decl[end + 1:]
                if kw == 'enum':
                    for piece in split_top(body, ','):
                        if piece and is_ident(piece[0]):
                            info.enumerators[piece[0]] = True
                    fields = None
                else:
                    fields = parse_members(body)
                    if tag:
                        tags[tag] = fields
            else:
                fields = None
                rest = decl[end:]
            for d in split_top(rest, ','):
                name, ptr, arr, _bit, fn = declarator_info(d)
                if not name:
                    continue
                if is_typedef:
                    info.typedefs.add(name)
                    if not ptr and not arr and not fn and kw != 'enum':
                        if fields is not None:
                            info.structs[name] = fields
                        elif tag:
                            tagrefs[name] = tag
                elif fn:
                    info.functions.add(name)
            continue
        for d in split_top(decl, ','):
            name, _ptr, _arr, _bit, fn = declarator_info(d)
            if not name:
                continue
            if is_typedef:
                info.typedefs.add(name)
            elif fn:
                info.functions.add(name)
    for name, tag in tagrefs.items():
        if tag in tags:
            info.structs[name] = tags[tag]
    return info


def header_text(preprocessed, wanted):
    """The lines of `cc -E` output that come from files for which wanted(path) is true."""
    out = []
    keep = False
    for line in preprocessed.splitlines():
        m = re.match(r'#\s*(?:line\s+)?\d+\s+"((?:\\.|[^"\\])*)"', line)
        if m:
            keep = wanted(m.group(1).replace('\\\\', '\\'))
            continue
        if line.startswith('#'):
            continue               # #pragma and the like
        if keep:
            out.append(line)
    return '\n'.join(out)


# ---------------------------------------------------------------------------------------
# Compiling

def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


class Variant:
    """One (header, mode) combination: how to include it and compile against it."""

    def __init__(self, args, header, mode):
        self.header, self.mode = header, mode
        self.section = '%s.%s' % (header, mode)
        self.func = 'probe_%s_%s' % (header, mode)
        lines = ['/* Generated by tests/header/gen_probe.py: %s esent.h%s. */'
                 % (header, ', JET_UNICODE' if mode == 'W' else '')]
        if mode == 'W':
            lines.append('#define JET_UNICODE 1')
        lines.append('#include "probe_print.h"')
        self.flags = ['-std=' + args.std, '-I' + args.print_dir]
        if header == 'ours':
            lines.append('#include <esent.h>')
            self.flags.append('-I' + args.ours_include)
            root = os.path.realpath(args.ours_include) + os.sep
            self.wanted = lambda p: os.path.realpath(p).startswith(root)
        elif args.target == 'windows':
            lines += ['#include <windows.h>', '#include <esent.h>']
            ours = os.path.realpath(args.ours_include) + os.sep
            self.wanted = lambda p: (os.path.basename(p) == 'esent.h'
                                     and not os.path.realpath(p).startswith(ours))
        else:
            lines += ['#include "win_shim.h"', '#include "%s"' % args.mingw_header]
            self.flags.append('-I' + args.shim_dir)
            real = os.path.realpath(args.mingw_header)
            self.wanted = lambda p: os.path.realpath(p) == real
        self.preamble = '\n'.join(lines) + '\n'


def compile_preamble(args, v, extra, out_name):
    path = os.path.join(args.out_dir, out_name)
    with open(path, 'w') as f:
        f.write(v.preamble)
    r = run([args.cc] + v.flags + extra + [path])
    if r.returncode != 0:
        sys.exit('gen_probe: %s %s failed:\n%s' % (args.cc, ' '.join(extra), r.stderr))
    return r.stdout


def read_variant(args, v):
    macros = {}
    for line in compile_preamble(args, v, ['-E', '-dM'], 'scan_%s_%s.c' % (v.header, v.mode)).splitlines():
        m = re.match(r'#define ([A-Za-z_]\w*)(\()?', line)
        if m and not m.group(2):
            macros[m.group(1)] = line
    pre = compile_preamble(args, v, ['-E'], 'scan_%s_%s.c' % (v.header, v.mode))
    text = header_text(pre, v.wanted)
    if v.header == 'mingw' and args.target == 'native':
        # The shim gives Windows' widths through __LONG32 and WCHAR; a plain `long` or
        # `wchar_t` in mingw's header would silently have Linux's widths here.
        toks = tokenize(text)
        for i, t in enumerate(toks):
            pair = 'long' in (toks[i - 1] if i else '', toks[i + 1] if i + 1 < len(toks) else '')
            if (t == 'long' and not pair) or t == 'wchar_t':
                sys.exit('gen_probe: mingw\'s esent.h now uses `%s` (near: %s); '
                         'shim/win_shim.h must give it its Windows width'
                         % (t, ' '.join(toks[max(0, i - 4):i + 4])))
    return macros, parse_declarations(text)


def filter_lines(args, v, lines):
    """Indices of the lines that compile against this variant's header."""
    alive = list(range(len(lines)))
    path = os.path.join(args.out_dir, 'filter_%s_%s.c' % (v.header, v.mode))
    head = v.preamble + 'void %s(void);\nvoid %s(void)\n{\n' % (v.func, v.func)
    first = head.count('\n') + 1
    for _ in range(20):
        with open(path, 'w') as f:
            f.write(head)
            for i in alive:
                f.write(lines[i] + '\n')
            f.write('}\n')
        # The same warnings as the real build (where they are errors), so that what is
        # kept compiles there; and a lone attribute (`#define JET_PUBLIC
        # __attribute__(...)`) is no type because implicit int is an error.
        r = run([args.cc] + v.flags + ['-fsyntax-only', '-Wall', '-Wextra', '-Werror',
                                       '-Werror=implicit-int', '-ftrack-macro-expansion=0', path])
        if r.returncode == 0:
            return alive
        bad = set()
        for m in re.finditer(r'^' + re.escape(path) + r':(\d+):(?:\d+:)? (?:fatal )?error:',
                             r.stderr, re.M):
            n = int(m.group(1)) - first
            if 0 <= n < len(alive):
                bad.add(alive[n])
        if not bad:
            sys.exit('gen_probe: %s: errors outside the probe lines:\n%s' % (v.section, r.stderr))
        alive = [i for i in alive if i not in bad]
    sys.exit('gen_probe: %s: the probe does not settle' % v.section)


DUMMY_RE = re.compile(r'DUMMY[A-Z]*NAME\d*$')


def field_key(path):
    """The name a field is compared by: Windows' DUMMYUNIONNAME-style member names (which
    expand to nothing where anonymous members are supported) are dropped."""
    return '.'.join(p for p in path if not DUMMY_RE.match(p))


def cmd_gen(args):
    os.makedirs(args.out_dir, exist_ok=True)
    variants = [Variant(args, h, m) for h in ('ours', 'mingw') for m in ('A', 'W')]
    macros, infos = {}, {}
    for v in variants:
        macros[v.section], infos[v.section] = read_variant(args, v)
    per_header = {}
    for h in ('ours', 'mingw'):
        merged = HeaderInfo()
        for m in ('A', 'W'):
            merged.merge(infos['%s.%s' % (h, m)])
        per_header[h] = merged

    def api(name):
        return name.startswith('JET_') and name != 'JET_UNICODE'

    names = set()      # possible values or types
    types = set()      # typedef names
    funcs = set()
    for sec in macros:
        for name in macros[sec]:
            if api(name):
                names.add(name)
            elif re.match(r'Jet[A-Z]', name):
                funcs.add(name)
    for info in per_header.values():
        names |= {n for n in info.enumerators if api(n)}
        types |= {n for n in info.typedefs if api(n)}
        funcs |= {n for n in info.functions if n.startswith('Jet')}

    # Fields: for each structure, the union of the fields either header lists; each
    # header reaches a field through its own path when it has one.
    fields = {}        # type -> key -> {'bit': bool, 'ours': path, 'mingw': path}
    for h, info in per_header.items():
        for t, flist in info.structs.items():
            if not api(t):
                continue
            for path, bit in flist:
                key = field_key(path)
                if not key:
                    continue
                e = fields.setdefault(t, {}).setdefault(key, {'bit': False})
                e['bit'] = e['bit'] or bit
                e.setdefault(h, '.'.join(path))

    manifest = {'not_compared': {}, 'variants': {}}
    for v in variants:
        lines, what = [], []
        # Only names this header declares somehow go to the compiler: an undeclared
        # identifier costs gcc a "did you mean" search through all of <windows.h>.
        info = infos[v.section]
        known = set(macros[v.section]) | set(info.enumerators) | info.typedefs | info.functions

        def add(line, tag):
            lines.append(line)
            what.append(tag)
        for n in sorted(names & known):
            add('PR_CONST("%s", %s);' % (n, n), ('value', n))
            add('PR_SIZE("%s", %s);' % (n, n), ('type', n))
        for t in sorted((types - names) & known):
            add('PR_SIZE("%s", %s);' % (t, t), ('type', t))
        for t in sorted((types | names) & known):
            add('PR_KIND("%s", %s);' % (t, t), ('kind', t))
        for t in sorted(set(fields) & known):
            for key in sorted(fields[t]):
                e = fields[t][key]
                p = e.get(v.header, key)
                label = '%s.%s' % (t, key)
                add('PR_OFFSET("%s", %s, %s);' % (label, t, p), ('field', label))
                add('PR_FSIZE("%s", %s, %s);' % (label, t, p), ('field', label))
                if e['bit']:
                    add('PR_BITS("%s", %s, %s);' % (label, t, p), ('field', label))
                if p != key and v.header in e:
                    # reached through a named DUMMY...NAME member: say so, it is a
                    # difference (Windows code writes s.key, not s.DUMMYUNIONNAME.key)
                    add('pr_path("%s", "%s");' % (label, p), ('field', label))
        for f in sorted(funcs & known):
            add('PR_FUNC("%s", %s);' % (f, f), ('func', f))
        alive = filter_lines(args, v, lines)
        kept = {what[i] for i in alive}
        defined = set(macros[v.section]) | set(infos[v.section].enumerators)
        manifest['not_compared'][v.section] = sorted(
            n for n in names if n in defined
            and ('value', n) not in kept and ('type', n) not in kept)
        manifest['variants'][v.section] = len(alive)
        out = os.path.join(args.out_dir, 'probe_%s_%s.c' % (v.header, v.mode))
        text = (v.preamble + '\nvoid %s(void);\nvoid %s(void)\n{\n' % (v.func, v.func)
                + ''.join('  %s\n' % lines[i] for i in alive) + '}\n')
        with open(out, 'w') as f:
            f.write(text)
    with open(os.path.join(args.out_dir, 'probe_manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    return 0


# ---------------------------------------------------------------------------------------
# Comparing

def parse_probe_output(text):
    """{section: {(kind, name): value}}, and for constants {section: {name: type}}."""
    values, ctypes = {}, {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        sec, kind, name = parts[0], parts[1], parts[2]
        rest = parts[3:]
        if kind == 'const':
            values.setdefault(sec, {})[(kind, name)] = rest[0] if rest else ''
            ctypes.setdefault(sec, {})[name] = rest[1] if len(rest) > 1 else ''
        else:
            values.setdefault(sec, {})[(kind, name)] = ' '.join(rest)
    return values, ctypes


class Known:
    """One line of known_mingw_differences.txt:
         kind name [A|W] | mingw: VALUE | right: VALUE | evidence
       VALUE is what the probe prints (for const: the value only); `absent` means the
       header does not define it."""

    def __init__(self, line, lineno):
        parts = [p.strip() for p in line.split('|')]
        if len(parts) < 4:
            raise ValueError('line %d: expected 4 |-separated fields' % lineno)
        head = parts[0].split()
        if len(head) not in (2, 3) or (len(head) == 3 and head[2] not in ('A', 'W')):
            raise ValueError('line %d: expected "kind name [A|W]"' % lineno)
        self.kind, self.name = head[0], head[1]
        self.mode = head[2] if len(head) == 3 else None
        for p, label in ((parts[1], 'mingw:'), (parts[2], 'right:')):
            if not p.startswith(label):
                raise ValueError('line %d: expected "%s ..."' % (lineno, label))
        self.mingw = parts[1][len('mingw:'):].strip()
        self.right = parts[2][len('right:'):].strip()
        self.evidence = '|'.join(parts[3:])
        self.used = False


def load_known(path):
    known = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            k = Known(line, n)
            for mode in ([k.mode] if k.mode else ['A', 'W']):
                known[(mode, k.kind, k.name)] = k
    return known


def wrap(names, indent='    ', width=100):
    out, cur = [], indent
    for n in names:
        if len(cur) + len(n) + 1 > width and cur.strip():
            out.append(cur.rstrip())
            cur = indent
        cur += n + ' '
    if cur.strip():
        out.append(cur.rstrip())
    return '\n'.join(out)


def cmd_compare(args):
    cmd = (args.emulator or []) + [args.probe]
    if args.probe_output:
        with open(args.probe_output) as f:
            text = f.read()
    else:
        r = run(cmd)
        if r.returncode != 0:
            print('probe failed (%d): %s\n%s' % (r.returncode, ' '.join(cmd), r.stderr))
            return 1
        text = r.stdout
    values, ctypes = parse_probe_output(text)
    known = load_known(args.known)
    manifest = {}
    if args.manifest and os.path.exists(args.manifest):
        with open(args.manifest) as f:
            manifest = json.load(f)

    failures, notes, stale = {}, {}, {}   # message -> modes it was seen in
    counts = {}

    def note(where, mode, msg):
        where.setdefault(msg, set()).add(mode)
    only_ours_all = {}
    gaps_all = {}

    def show(v):
        return 'absent' if v is None else v

    for mode in ('A', 'W'):
        ours = values.get('ours.' + mode, {})
        mingw = values.get('mingw.' + mode, {})
        if not ours or not mingw:
            note(failures, mode, 'the probe printed nothing for ours.%s or mingw.%s' % (mode, mode))
            continue
        c = counts.setdefault(mode, {'const': 0, 'type': 0, 'struct': set(), 'field': set(),
                                     'func': 0, 'known': 0})
        for key in sorted(set(ours) | set(mingw)):
            kind, name = key
            o, m = ours.get(key), mingw.get(key)
            k = known.get((mode, kind, name))
            if o is not None and m is not None:
                if kind == 'const':
                    c['const'] += 1
                    ot, mt = ctypes['ours.' + mode][name], ctypes['mingw.' + mode][name]
                    if ot != mt and o == m:
                        note(notes, mode, 'const %s: same value %s, type ours %s, mingw %s'
                             % (name, o, ot, mt))
                elif kind in ('size', 'kind'):
                    c['type'] += kind == 'size'
                elif kind in ('offset', 'fsize', 'bits'):
                    c['struct'].add(name.split('.')[0])
                    c['field'].add(name)
                elif kind == 'func':
                    c['func'] += 1
            if k is not None:
                k.used = True
                c['known'] += 1
                if m != (None if k.mingw == 'absent' else k.mingw):
                    note(stale, mode, '%s %s: known difference says mingw has %s, mingw has %s'
                         % (kind, name, k.mingw, show(m)))
                if o != (None if k.right == 'absent' else k.right):
                    note(failures, mode, '%s %s: ours %s, right %s (mingw %s; known: %s)'
                         % (kind, name, show(o), k.right, show(m), k.evidence))
                continue
            if o is not None and m is not None:
                if o != m:
                    note(failures, mode, '%s %s: ours %s, mingw %s' % (kind, name, o, m))
            elif m is not None:
                gaps_all.setdefault((kind, name), set()).add(mode)
            else:
                only_ours_all.setdefault(kind, set()).add(name)

    for (kind, name), modes in sorted(gaps_all.items()):
        for mode in modes:
            note(failures, mode, '%s %s: mingw has it (%s), ours does not'
                 % (kind, name, values['mingw.' + mode][(kind, name)]))

    print('header probe: ours vs mingw-w64 esent.h (%s)' % ' '.join(cmd))
    for mode, c in sorted(counts.items()):
        print('  [%s] constants compared %d, types compared %d (structures %d), fields compared %d,'
              ' functions both declare %d, known mingw differences applied %d'
              % (mode, c['const'], c['type'], len(c['struct']), len(c['field']), c['func'], c['known']))
    gaps = sorted({n for (_k, n) in gaps_all})
    print('  only in mingw (gaps in ours): %d' % len(gaps))
    if gaps:
        print(wrap(gaps))
    for kind in sorted(only_ours_all):
        print('  only in ours, %s: %d' % (kind, len(only_ours_all[kind])))
        if args.verbose:
            print(wrap(sorted(only_ours_all[kind])))
    for sec, nc in sorted(manifest.get('not_compared', {}).items()):
        if nc:
            print('  %s: defined but neither a value nor a type (not compared): %s' % (sec, ' '.join(nc)))
    unused = sorted({'%s %s' % (k.kind, k.name) for k in known.values() if not k.used})
    for u in unused:
        note(stale, '-', 'known difference not seen (neither header has it): %s' % u)

    def listing(where, indent):
        for msg, modes in where.items():
            print('%s[%s] %s' % (indent, ''.join(sorted(modes)), msg))
    if notes:
        print('  notes (same value, different type):')
        listing(notes, '    ')
    if stale:
        print('  stale entries in %s (mingw changed?):' % os.path.basename(args.known))
        listing(stale, '    ')
    if failures:
        print('FAILED: %d difference(s):' % len(failures))
        listing(failures, '  ')
        return 1
    print('OK')
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd')
    g = sub.add_parser('gen', help='write the probe sources (build time)')
    g.add_argument('--cc', required=True, help='the C compiler that builds the probe')
    g.add_argument('--target', choices=('native', 'windows'), required=True)
    g.add_argument('--std', default='c11')
    g.add_argument('--ours-include', required=True, help='our include/ directory')
    g.add_argument('--mingw-header', help="mingw-w64's esent.h (native target)")
    g.add_argument('--shim-dir', help='tests/header/shim (native target)')
    g.add_argument('--print-dir', required=True, help='where probe_print.h is')
    g.add_argument('--out-dir', required=True)
    c = sub.add_parser('compare', help='run the probe and compare (test time)')
    c.add_argument('--probe', required=True)
    c.add_argument('--emulator', action='append',
                   help='e.g. wine64, for a cross-compiled probe (repeat for its arguments)')
    c.add_argument('--probe-output', help='read this saved output instead of running the probe')
    c.add_argument('--known', required=True, help='known_mingw_differences.txt')
    c.add_argument('--manifest', help='probe_manifest.json written by gen')
    c.add_argument('--verbose', action='store_true', help='also list what only ours defines')
    args = ap.parse_args()
    if args.cmd == 'gen':
        if args.target == 'native' and not (args.mingw_header and args.shim_dir):
            ap.error('--mingw-header and --shim-dir are needed for the native target')
        return cmd_gen(args)
    if args.cmd == 'compare':
        return cmd_compare(args)
    ap.print_help()
    return 2


if __name__ == '__main__':
    sys.exit(main())
