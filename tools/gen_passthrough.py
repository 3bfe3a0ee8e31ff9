#!/usr/bin/env python3
"""Generates, from the prototypes of include/esent.h, the mechanical halves of the
passthrough and of the trace replayer (docs/differential-testing.md):

  --passthrough DIR   DIR/passthrough_api.c: one exported definition per function
                      (and per plain A alias) that forwards to the target ESENT,
                      guarded against OS exceptions, recording the call when tracing
                      is on; and the table of the names to resolve in the target.
  --replay DIR        DIR/replay_calls.c: per function, a descriptor of how each
                      parameter is recorded and a caller taking the arguments the
                      replayer rebuilt from a trace.
  --exports DLL       checks (with objdump -p) that a Windows DLL exports every
                      function of esent.h and the plain names of the A functions.

Both sides classify each parameter the same way (classify() below):
  hval   a handle by value (instance, session, table, db, ...): symbolised
  hptr   a pointer to a handle: in/out, symbolised both ways
  int    an integer by value
  iptr   a pointer to an integer: in/out
  str    a NUL-terminated input string (A: 8-bit, W: UTF-16)
  strcol a column name, or a pointer to a JET_COLUMNID when the InfoLevel parameter
         says JET_ColInfoByColid: the string, or {"columnid":N}
  ibuf   an input buffer with its size in the next parameter: bytes
  iobuf  a buffer with its size in the next parameter that the call may fill:
         bytes in, bytes out (as many as the pcb... parameter after it says)
  otext  a text buffer with its size in the next parameter, filled by the call:
         text in (what the buffer held, up to its NUL), text out
  pptr   a pointer to a pointer the call fills (JetGetInstanceInfo's array ...):
         the pointer in, the pointer out
  ptr    a pointer passed as a value (JetFreeBuffer, contexts): symbolised
  sin    a structure made only of numbers, read by the call (an array when its name
         starts with prg/rg and a count c... follows): bytes
  sio    the same, which the call may also write: bytes in, bytes out
  st     a structure holding pointers, described in STRUCTS below (an array when a
         count c... follows): a JSON object per structure, its strings as strings,
         its buffers by content, its nested arrays as arrays; the call may write it
         (not const): recorded again after the call
  fn     a callback (recorded as present or not); a JET_PFNREALLOC is seen through
         a hook while tracing, which notes the allocator calls that failed
  opaque anything else (structures): recorded by type; such a call replays only
         when the pointer was NULL
A pointer to a pointer the call fills with an array of a STRUCTS structure
(JetGetInstanceInfo, JetEnumerateColumns) is also recorded by content after the
call, counted by the pointer-to-count parameter before it. Some info levels fill
an iobuf with a path (TEXT_BUFFERS: recorded as text) or with a structure pointing
into the buffer (BUFFER_STRUCTS: recorded by content).
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_coverage  # noqa: E402

HANDLES = {
    "JET_INSTANCE": "instance", "JET_SESID": "session", "JET_TABLEID": "table",
    "JET_DBID": "db", "JET_OSSNAPID": "snapshot", "JET_HANDLE": "handle", "JET_LS": "ls",
}
INTS = {"JET_API_PTR", "JET_GRBIT", "JET_COLUMNID", "JET_CBTYP", "JET_OBJTYP",
        "uint32_t", "int32_t", "int64_t", "uint64_t", "JET_ERR"}
SIGNED = {"int32_t", "int64_t", "JET_ERR"}
FNS = {"JET_CALLBACK", "JET_PFNSTATUS", "JET_PFNREALLOC", "JET_PFNDURABLECOMMITCALLBACK"}
A_STR = {"JET_PCSTR", "JET_PSTR", "const char *", "char *"}
W_STR = {"JET_PCWSTR", "JET_PWSTR", "const WCHAR *", "WCHAR *"}


SCALARS = {"uint8_t", "int8_t", "uint16_t", "int16_t", "uint32_t", "int32_t", "uint64_t", "int64_t",
           "char", "unsigned", "signed", "int", "short", "long", "double", "float", "WCHAR", "struct", "union",
           "JET_COLUMNID", "JET_OBJTYP", "JET_COLTYP", "JET_GRBIT", "JET_SNP", "JET_SNT", "JET_CBTYP",
           "JET_ERR", "JET_DATESERIAL"}
FLAT_LIMIT = 4096  # elements of a structure array recorded at most

# Structures holding pointers, recorded field by field (trace.c, esereplay.c walk
# these descriptions). A field: (name, kind[, count field[, extra]]):
#   num / snum     an unsigned / signed integer of any width
#   raw            bytes as they are (a nested structure of numbers)
#   handle:KIND    a handle, symbolised like handle arguments
#   strA / strW    a pointer to a NUL-terminated string
#   bytes C [W]    a pointer to C bytes (C: the field holding the count), or to C
#                  elements of W bytes each
#   obuf C A       a buffer of C bytes the call fills, A of them used (out)
#   arr:TYPE C     a pointer to C structures TYPE (described here too)
#   one:TYPE       a pointer to one structure TYPE (described here too)
#   strarrA/W C    a pointer to C string pointers
#   fn             a callback: present or not
#   hout:KIND      a handle the call writes (JET_TABLECREATE's tableid): a new symbol after
#   flat:TYPE      a pointer to one structure of numbers TYPE: its bytes
#   uflat:TYPE G M a union of a number and a pointer to a structure of numbers TYPE,
#                  the pointer when field G has the bits M (JET_INDEXCREATE's lcid or
#                  pidxunicode, by JET_bitIndexUnicode): the number, or the bytes

# A column name that is a pointer to a JET_COLUMNID when the info level is
# JET_ColInfoByColid (JetGetTableColumnInfo, JetGetColumnInfo).
COLUMN_NAME_OR_ID = {"szColumnName", "pColumnNameOrId", "pwColumnNameOrId"}

STRUCT_KINDS = ["num", "snum", "raw", "handle", "strA", "strW", "bytes", "obuf", "arr",
                "strarrA", "strarrW", "fn", "hout", "flat", "uflat"]


def _aw(fields, w):
    return [(f[0], f[1].replace("A", w) if f[1] in ("strA", "strarrA") else
             (f[1].replace("_A", "_" + w) if f[1].startswith(("arr:", "one:")) else f[1])) + tuple(f[2:])
            for f in fields]


_SETSYSPARAM = [("paramid", "num"), ("lParam", "num"), ("sz", "strA"), ("err", "snum")]
_RSTMAP = [("szDatabaseName", "strA"), ("szNewDatabaseName", "strA")]
_RSTINFO = [("cbStruct", "num"), ("rgrstmap", "arr:JET_RSTMAP_A", "crstmap"), ("crstmap", "snum"),
            ("lgposStop", "raw"), ("logtimeStop", "raw"), ("pfnStatus", "fn")]
_INSTANCE_INFO = [("hInstanceId", "handle:instance"), ("szInstanceName", "strA"), ("cDatabases", "num"),
                  ("szDatabaseFileName", "strarrA", "cDatabases"),
                  ("szDatabaseDisplayName", "strarrA", "cDatabases"),
                  ("szDatabaseSLVFileName", "strarrA", "cDatabases")]
_COLUMNCREATE = [("cbStruct", "num"), ("szColumnName", "strA"), ("coltyp", "num"), ("cbMax", "num"),
                 ("grbit", "num"), ("pvDefault", "bytes", "cbDefault"), ("cbDefault", "num"), ("cp", "num"),
                 ("columnid", "num"), ("err", "snum")]
_CONDCOL = [("cbStruct", "num"), ("szColumnName", "strA"), ("grbit", "num")]
_INDEXCREATE = [("cbStruct", "num"), ("szIndexName", "strA"), ("szKey", "bytes", "cbKey"), ("cbKey", "num"),
                ("grbit", "num"), ("ulDensity", "num"),
                ("pidxunicode", "uflat:JET_UNICODEINDEX", "grbit", "JET_bitIndexUnicode"),
                ("ptuplelimits", "uflat:JET_TUPLELIMITS", "grbit", "JET_bitIndexTupleLimits"),
                ("rgconditionalcolumn", "arr:JET_CONDITIONALCOLUMN_A", "cConditionalColumn"),
                ("cConditionalColumn", "num"), ("err", "snum"), ("cbKeyMost", "num")]
_INDEXCREATE2 = _INDEXCREATE + [("pSpacehints", "flat:JET_SPACEHINTS")]
_INDEXCREATE3 = [f if f[0] != "pidxunicode" else ("pidxunicode", "one:JET_UNICODEINDEX2") for f in _INDEXCREATE2]
_TABLECREATE = [("cbStruct", "num"), ("szTableName", "strA"), ("szTemplateTableName", "strA"), ("ulPages", "num"),
                ("ulDensity", "num"), ("rgcolumncreate", "arr:JET_COLUMNCREATE_A", "cColumns"), ("cColumns", "num"),
                ("rgindexcreate", "arr:JET_INDEXCREATE_A", "cIndexes"), ("cIndexes", "num"), ("grbit", "num"),
                ("tableid", "hout:table"), ("cCreated", "num")]
_TABLECREATE2 = _TABLECREATE[:9] + [("szCallback", "strA"), ("cbtyp", "num")] + _TABLECREATE[9:]
_TABLECREATE3 = ([f if f[0] != "rgindexcreate" else ("rgindexcreate", "arr:JET_INDEXCREATE2_A", "cIndexes")
                  for f in _TABLECREATE2[:12]] +
                 [("pSeqSpacehints", "flat:JET_SPACEHINTS"), ("pLVSpacehints", "flat:JET_SPACEHINTS"),
                  ("cbSeparateLV", "num")] + _TABLECREATE2[12:])
_TABLECREATE4 = [f if f[0] != "rgindexcreate" else ("rgindexcreate", "arr:JET_INDEXCREATE3_A", "cIndexes")
                 for f in _TABLECREATE3]
_ENUMCOLUMNVALUE = [("itagSequence", "num"), ("err", "snum"), ("cbData", "num"), ("pvData", "bytes", "cbData")]
_ENUMCOLUMN = [("columnid", "num"), ("err", "snum"), ("cEnumColumnValue", "num"),
               ("rgEnumColumnValue", "arr:JET_ENUMCOLUMNVALUE", "cEnumColumnValue"),
               ("cbData", "num"), ("pvData", "bytes", "cbData")]
_LIST_HEAD = [("cbStruct", "num"), ("tableid", "hout:table"), ("cRecord", "num")]
_COLUMNLIST = _LIST_HEAD + [(c, "num") for c in (
    "columnidPresentationOrder", "columnidcolumnname", "columnidcolumnid", "columnidcoltyp", "columnidCountry",
    "columnidLangid", "columnidCp", "columnidCollate", "columnidcbMax", "columnidgrbit", "columnidDefault",
    "columnidBaseTableName", "columnidBaseColumnName", "columnidDefinitionName")]
_INDEXLIST = _LIST_HEAD + [(c, "num") for c in (
    "columnidindexname", "columnidgrbitIndex", "columnidcKey", "columnidcEntry", "columnidcPage", "columnidcColumn",
    "columnidiColumn", "columnidcolumnid", "columnidcoltyp", "columnidCountry", "columnidLangid", "columnidCp",
    "columnidCollate", "columnidgrbitColumn", "columnidcolumnname", "columnidLCMapFlags")]
_OBJECTLIST = _LIST_HEAD + [(c, "num") for c in (
    "columnidcontainername", "columnidobjectname", "columnidobjtyp", "columniddtCreate", "columniddtUpdate",
    "columnidgrbit", "columnidflags", "columnidcRecord", "columnidcPage")]
_OPENTEMPORARYTABLE = [("cbStruct", "num"), ("prgcolumndef", "bytes", "ccolumn", "(int)sizeof(JET_COLUMNDEF)"),
                       ("ccolumn", "num"), ("pidxunicode", "flat:JET_UNICODEINDEX"), ("grbit", "num"),
                       ("prgcolumnid", "bytes", "ccolumn", "(int)sizeof(JET_COLUMNID)"), ("cbKeyMost", "num"),
                       ("cbVarSegMac", "num"), ("tableid", "hout:table")]
_OPENTEMPORARYTABLE2 = [f if f[0] != "pidxunicode" else ("pidxunicode", "one:JET_UNICODEINDEX2")
                        for f in _OPENTEMPORARYTABLE]
STRUCTS = {
    "JET_COLUMNLIST": _COLUMNLIST, "JET_INDEXLIST": _INDEXLIST, "JET_OBJECTLIST": _OBJECTLIST,
    "JET_OPENTEMPORARYTABLE": _OPENTEMPORARYTABLE, "JET_OPENTEMPORARYTABLE2": _OPENTEMPORARYTABLE2,
    "JET_ENUMCOLUMNID": [("columnid", "num"), ("ctagSequence", "num"),
                         ("rgtagSequence", "bytes", "ctagSequence", 4)],
    "JET_ENUMCOLUMNVALUE": _ENUMCOLUMNVALUE, "JET_ENUMCOLUMN": _ENUMCOLUMN,
    "JET_CONDITIONALCOLUMN_A": _CONDCOL, "JET_CONDITIONALCOLUMN_W": _aw(_CONDCOL, "W"),
    "JET_INDEXCREATE_A": _INDEXCREATE, "JET_INDEXCREATE_W": _aw(_INDEXCREATE, "W"),
    "JET_INDEXCREATE2_A": _INDEXCREATE2, "JET_INDEXCREATE2_W": _aw(_INDEXCREATE2, "W"),
    "JET_INDEXCREATE3_A": _INDEXCREATE3, "JET_INDEXCREATE3_W": _aw(_INDEXCREATE3, "W"),
    "JET_UNICODEINDEX2": [("szLocaleName", "strW"), ("dwMapFlags", "num")],
    "JET_TABLECREATE_A": _TABLECREATE, "JET_TABLECREATE_W": _aw(_TABLECREATE, "W"),
    "JET_TABLECREATE2_A": _TABLECREATE2, "JET_TABLECREATE2_W": _aw(_TABLECREATE2, "W"),
    "JET_TABLECREATE3_A": _TABLECREATE3, "JET_TABLECREATE3_W": _aw(_TABLECREATE3, "W"),
    "JET_TABLECREATE4_A": _TABLECREATE4, "JET_TABLECREATE4_W": _aw(_TABLECREATE4, "W"),
    "JET_SETSYSPARAM_A": _SETSYSPARAM, "JET_SETSYSPARAM_W": _aw(_SETSYSPARAM, "W"),
    "JET_RSTMAP_A": _RSTMAP, "JET_RSTMAP_W": _aw(_RSTMAP, "W"),
    "JET_RSTINFO_A": _RSTINFO, "JET_RSTINFO_W": _aw(_RSTINFO, "W"),
    "JET_INSTANCE_INFO_A": _INSTANCE_INFO, "JET_INSTANCE_INFO_W": _aw(_INSTANCE_INFO, "W"),
    "JET_COLUMNCREATE_A": _COLUMNCREATE, "JET_COLUMNCREATE_W": _aw(_COLUMNCREATE, "W"),
    "JET_RETRIEVECOLUMN": [("columnid", "num"), ("pvData", "obuf", "cbData", "cbActual"), ("cbData", "num"),
                           ("cbActual", "num"), ("grbit", "num"), ("ibLongValue", "num"),
                           ("itagSequence", "num"), ("columnidNextTagged", "num"), ("err", "snum")],
    "JET_SETCOLUMN": [("columnid", "num"), ("pvData", "bytes", "cbData"), ("cbData", "num"), ("grbit", "num"),
                      ("ibLongValue", "num"), ("itagSequence", "num"), ("err", "snum")],
    "JET_INDEX_COLUMN": [("columnid", "num"), ("relop", "num"), ("pv", "bytes", "cb"), ("cb", "num"),
                         ("grbit", "num")],
    "JET_INDEX_RANGE": [("rgStartColumns", "arr:JET_INDEX_COLUMN", "cStartColumns"), ("cStartColumns", "num"),
                        ("rgEndColumns", "arr:JET_INDEX_COLUMN", "cEndColumns"), ("cEndColumns", "num")],
    "JET_INDEXRANGE": [("cbStruct", "num"), ("tableid", "handle:table"), ("grbit", "num")],
    "JET_RECORDLIST": [("cbStruct", "num"), ("tableid", "hout:table"), ("cRecord", "num"),
                       ("columnidBookmark", "num")],
}
STRUCT_NAMES = sorted(STRUCTS)

# Buffers (iobuf) that an info level fills with a path (JET_DbInfoFilename): then
# recorded as text, paths mapped (docs/differential-testing.md, *Paths*), in and
# out, with the text's length as it was in ("len"), since an application may size
# the buffer by the length of the path it read before.
TEXT_BUFFERS = {"JetGetDatabaseInfoA": ("InfoLevel", "JET_DbInfoFilename"),
                "JetGetDatabaseInfoW": ("InfoLevel", "JET_DbInfoFilename")}

# Fields of a union, present only when another field has (or has not) a value:
# (structure, field) -> (the field deciding, True: present when equal / False: when
# not, the value). JET_ENUMCOLUMN holds one value inline when err is
# JET_wrnColumnSingleValue, else an array of them.
FIELD_WHEN = {}
for _f in ("cEnumColumnValue", "rgEnumColumnValue"):
    FIELD_WHEN[("JET_ENUMCOLUMN", _f)] = ("err", False, "JET_wrnColumnSingleValue")
for _f in ("cbData", "pvData"):
    FIELD_WHEN[("JET_ENUMCOLUMN", _f)] = ("err", True, "JET_wrnColumnSingleValue")

# Structures passed as arrays the call only reads, though not declared const.
INPUT_STRUCTS = {"JET_ENUMCOLUMNID", "JET_INDEX_COLUMN", "JET_INDEXRANGE"}

# Parameters whose type says less than the function does: (function, parameter) ->
# the classification. JetGetErrorInfoW's context is the JET_ERR to describe.
PARAM_AS = {("JetGetErrorInfoW", "pvContext"): ("sin", "JET_ERR", -1)}

# Buffers (iobuf) that some info levels fill with a structure holding pointers into
# the buffer itself (JET_IdxInfoCreateIndex*) or a handle (the list levels' temporary
# table): after a successful call they are recorded by content, as that STRUCTS
# structure, so that the addresses drop out and the handle is bound, when the buffer
# holds all of its fields.
# function -> (the info level parameter, {level: structure}, the level's bits that name
# it: the column levels carry JET_ColInfoGrbit* flags in their high bits)
BUFFER_STRUCTS = {}
for _w in "AW":
    for _fn in ("JetGetIndexInfo", "JetGetTableIndexInfo"):
        BUFFER_STRUCTS[_fn + _w] = ("InfoLevel", {"JET_IdxInfoCreateIndex": "JET_INDEXCREATE_" + _w,
                                                  "JET_IdxInfoCreateIndex2": "JET_INDEXCREATE2_" + _w,
                                                  "JET_IdxInfoCreateIndex3": "JET_INDEXCREATE3_" + _w,
                                                  "JET_IdxInfo": "JET_INDEXLIST",
                                                  "JET_IdxInfoList": "JET_INDEXLIST"}, "0xffffffffu")
    for _fn in ("JetGetColumnInfo", "JetGetTableColumnInfo"):
        BUFFER_STRUCTS[_fn + _w] = ("InfoLevel", {"JET_ColInfoList": "JET_COLUMNLIST",
                                                  "JET_ColInfoListCompact": "JET_COLUMNLIST",
                                                  "JET_ColInfoListSortColumnid": "JET_COLUMNLIST"}, "0x0fffffffu")
    BUFFER_STRUCTS["JetGetObjectInfo" + _w] = ("InfoLevel", {"JET_ObjInfoList": "JET_OBJECTLIST",
                                                             "JET_ObjInfoListNoStats": "JET_OBJECTLIST"},
                                               "0xffffffffu")
STRUCT_FIELDS_MAX = 20


def struct_table(prefix):
    """The C table describing STRUCTS, for the passthrough (pt) or the replayer (rp)."""
    out = ["const trace_struct %s_structs[] = {" % prefix]
    for name in STRUCT_NAMES:
        fields = STRUCTS[name]
        assert len(fields) <= STRUCT_FIELDS_MAX, name
        names = [f[0] for f in fields]
        rows = []
        for f in fields:
            kind, hkind = f[1], ""
            aux, mask, count = "-1", "0", -1
            if kind.startswith(("handle:", "hout:")):
                kind, hkind = kind.split(":")
            if kind.startswith(("arr:", "one:")):
                aux = str(STRUCT_NAMES.index(kind.split(":")[1]))
                kind = "arr"
            if kind.startswith(("flat:", "uflat:")):
                kind, pointee = kind.split(":")
                aux = "(int)sizeof(%s)" % pointee
            if len(f) > 2:
                count = names.index(f[2])
            if kind == "obuf":
                aux = str(names.index(f[3]))
            if kind == "uflat":
                mask = f[3]
            if kind == "bytes":
                aux = str(f[3]) if len(f) > 3 else "1"
            when, when_eq, when_value = -1, 0, "0"
            if (name, f[0]) in FIELD_WHEN:
                wf, weq, wv = FIELD_WHEN[(name, f[0])]
                when, when_eq, when_value = names.index(wf), 1 if weq else 0, wv
            rows.append('{ "%s", %d, (unsigned)offsetof(%s, %s), (unsigned)sizeof(((%s *)0)->%s), %d, %s, %s, "%s", '
                        '%d, %d, (int64_t)%s }'
                        % (f[0], STRUCT_KINDS.index(kind), name, f[0], name, f[0], count, aux, mask, hkind,
                           when, when_eq, when_value))
        out.append('    { "%s", (unsigned)sizeof(%s), %d, {\n        %s } },'
                   % (name, name, len(fields), ",\n        ".join(rows)))
    out.append("};")
    return out


def flat_structs():
    """Structures of esent.h made only of numbers (no pointer, no handle): these are
    recorded as their bytes, and replayed from them."""
    text = api_coverage.strip_comments(api_coverage.read("include/esent.h"))
    macros = set(re.findall(r"#\s*define\s+(\w+)", text))
    bodies = {}
    for m in re.finditer(r"typedef\s+struct\s*\w*\s*\{", text):
        i, depth = m.end(), 1
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        name = re.match(r"\s*(\w+)\s*;", text[i:])
        if name:
            bodies[name.group(1)] = text[m.end():i - 1]
    flat = set()
    changed = True
    while changed:
        changed = False
        for name, body in bodies.items():
            if name in flat or "*" in body:
                continue
            words = re.findall(r"[A-Za-z_]\w*", body)
            types = [w for w in words if w.startswith("JET_") or w in ("void", "JET_API_PTR")]
            if all(w in SCALARS or w in flat or w in macros for w in types):
                flat.add(name)
                changed = True
    return flat


FLAT = None


def norm(t):
    return " ".join(t.replace("*", " * ").split()).replace("* *", "**").replace(" *", " *")


def cast_type(t):
    """The type for a cast: no top-level qualifier (-Wignored-qualifiers)."""
    t = norm(t)
    t = re.sub(r"\*\s*const$", "*", t).strip()
    if "*" not in t and t.startswith("const "):
        t = t[len("const "):]
    return t


def is_size(params, i):
    return i < len(params) and cast_type(params[i][0]) == "uint32_t" and params[i][1].startswith("cb")


def classify(params, fname=None):
    global FLAT
    if FLAT is None:
        FLAT = flat_structs()
    """[(category, detail, aux)] per parameter; aux is the size parameter's index
    for buffers and, for iobuf, the index of the actual-size parameter (or -1)."""
    out = []
    claimed = set()
    for i, (t, name) in enumerate(params):
        ct = cast_type(t)
        const = norm(t).startswith("const ")
        base = ct.replace("const ", "").replace("*", "").strip()
        stars = ct.count("*")
        nxt_size = is_size(params, i + 1)
        if (fname, name) in PARAM_AS:
            out.append(PARAM_AS[(fname, name)])
        elif base in HANDLES and stars == 0:
            out.append(("hval", HANDLES[base], -1))
        elif base in HANDLES and stars == 1 and not const:
            out.append(("hptr", HANDLES[base], -1))
        elif base in INTS and stars == 0:
            out.append(("int", "s" if base in SIGNED else "u", -1))
        elif base in INTS and stars == 1 and not const:
            out.append(("iptr", "s" if base in SIGNED else "u", -1))
        elif base in INTS and stars == 1:  # an array the call reads, counted by the next c... parameter
            count = -1
            if i + 1 < len(params) and cast_type(params[i + 1][0]) in ("uint32_t", "int32_t") \
                    and params[i + 1][1].startswith("c"):
                count = i + 1
            out.append(("sin", base, count))
        elif ct in FNS:
            out.append(("fn", ct, -1))
        elif stars == 2 and not const:
            count = -1
            if base in STRUCTS:
                count = next((j for j in range(i - 1, -1, -1) if params[j][1].startswith("pc")
                              and cast_type(params[j][0]) == "uint32_t *"), -1)
            out.append(("pptr", base, count))
        elif (ct in A_STR or ct in W_STR) and nxt_size and (const or "C" in ct.split("_")[-1][:2]):
            out.append(("ibuf", "", i + 1))
        elif (ct in A_STR or ct in W_STR) and nxt_size:
            out.append(("otext", "A" if ct in A_STR else "W", i + 1))
        elif ct == "char *" and not nxt_size:
            out.append(("ptr", "", -1))
        elif (ct in A_STR or ct in W_STR) and name in COLUMN_NAME_OR_ID and "InfoLevel" in [n for _, n in params]:
            out.append(("strcol", "A" if ct in A_STR else "W", [n for _, n in params].index("InfoLevel")))
        elif ct in A_STR or ct in W_STR:
            out.append(("str", "A" if ct in A_STR else "W", -1))
        elif ct == "const void *" and nxt_size:
            out.append(("ibuf", "", i + 1))
        elif ct == "void *" and nxt_size and "Context" not in name:
            actual = -1
            for j in range(i + 2, len(params)):
                if params[j][1].startswith("pcb") and cast_type(params[j][0]) == "uint32_t *" and j not in claimed:
                    actual = j
                    claimed.add(j)
                    break
            out.append(("iobuf", "", (i + 1) | ((actual + 1) << 16)))
        elif ct == "void *":
            out.append(("ptr", "", -1))
        elif base in STRUCTS and stars == 1:
            count = -1
            if i + 1 < len(params) and cast_type(params[i + 1][0]) in ("uint32_t", "int32_t") \
                    and params[i + 1][1].startswith("c"):
                count = i + 1
            if count < 0 and name.startswith("rg") and i > 0 \
                    and cast_type(params[i - 1][0]) in ("uint32_t", "int32_t") and params[i - 1][1].startswith("c"):
                count = i - 1
            out.append(("st" if const or base in INPUT_STRUCTS else "sto", base, count))
        elif base in FLAT and stars == 1:
            count = -1
            if (name.startswith("prg") or name.startswith("rg")) and i + 1 < len(params) \
                    and cast_type(params[i + 1][0]) in ("uint32_t", "int32_t") and params[i + 1][1].startswith("c"):
                count = i + 1
            out.append(("sin" if const else "sio", base, count))
        else:
            out.append(("opaque", base, -1))
    return out


def sig(params):
    return ", ".join("%s %s" % (t, n) for t, n in params) or "void"


def entries():
    protos = api_coverage.prototypes()
    return protos, api_coverage.alias_pairs(protos)


# ---------------------------------------------------------------- passthrough

def gen_passthrough(protos, aliases):
    names = sorted(protos)
    out = [
        "/* passthrough_api.c: generated at build time by tools/gen_passthrough.py from",
        " * include/esent.h. Every entry point forwards to the same name in the target",
        " * ESENT (resolved once, by passthrough.c), inside a guard against OS exceptions,",
        " * and records the call when tracing is on (trace.c).",
        " * May call: passthrough_internal.h. */",
        '#include "passthrough_internal.h"',
        "",
        "#include <stddef.h>",
        "",
        "const char *const pt_names[] = {",
    ]
    out += ['    "%s",' % n for n in names]
    out += ["};", "const unsigned pt_name_count = %d;" % len(names), ""]
    out += struct_table("pt") + [""]
    for idx, name in enumerate(names):
        params = protos[name]
        cats = classify(params, name)
        expr = ["a->a%d" % i for i in range(len(params))]
        fields = "".join("    %s a%d;\n" % (cast_type(t), i) for i, (t, _) in enumerate(params))
        fields += "".join("    uint64_t in%d;\n" % i for i, (c, _, _) in enumerate(cats) if c in ("hptr", "pptr"))
        out.append("typedef JET_ERR (JET_API *pt_fn_%s)(%s);" % (name, ", ".join(cast_type(t) for t, _ in params) or "void"))
        out.append("typedef struct pt_args_%s {\n    pt_fn_%s fn;\n    JET_ERR err;\n    pt_rec *r;\n%s} pt_args_%s;"
                   % (name, name, fields, name))
        out.append("static void pt_thunk_%s(void *p)" % name)
        out.append("{")
        out.append("    pt_args_%s *a = p;" % name)
        out.append("    a->err = a->fn(%s);" % ", ".join(expr))
        out.append("}")
        # Recording reads the caller's memory: guarded, so that a bad pointer the
        # target would have refused costs the line, not the process.
        out.append("static void pt_record_in_%s(void *p)" % name)
        out.append("{")
        out.append("    pt_args_%s *a = p;" % name)
        if not params:
            out.append("    (void)a;")
        for i, (cat, det, aux) in enumerate(cats):
            if cat in ("hptr", "pptr"):
                out.append("    a->in%d = %s != NULL ? (uint64_t)(uintptr_t)*%s : 0;" % (i, expr[i], expr[i]))
            out.append("    " + trace_in(i, expr[i], cat, det, aux, expr, name, params))
        out.append("}")
        out.append("static void pt_record_out_%s(void *p)" % name)
        out.append("{")
        out.append("    pt_args_%s *a = p;" % name)
        lines = [trace_out(i, expr[i], cat, det, aux, expr, name, params) for i, (cat, det, aux) in enumerate(cats)]
        lines = [x for x in lines if x]
        if not lines:
            out.append("    (void)a;")
        out += ["    " + x for x in lines]
        out.append("}")
        out.append("JET_PUBLIC JET_ERR JET_API %s(%s)" % (name, sig(params)))
        out.append("{")
        out.append("    pt_args_%s a = { 0 };" % name)
        out.append("    a.r = pt_trace_begin(\"%s\");" % name)
        for i, (t, n) in enumerate(params):
            out.append("    a.a%d = %s;" % (i, n))
        out.append("    a.fn = (pt_fn_%s)pt_target_fn(%d);" % (name, idx))
        out.append("    if (a.r != NULL)")
        out.append("        pt_trace_guarded(a.r, pt_record_in_%s, &a, true);" % name)
        # An allocator callback (JetEnumerateColumns): when tracing, the target gets
        # a hook that calls the application's allocator with the application's
        # context and notes which calls answered NULL.
        ra = next((k for k, (t, _) in enumerate(params) if cast_type(t) == "JET_PFNREALLOC"), -1)
        if ra >= 0:
            out[-3:-3] = ["    pt_realloc_hook hook;", "    bool hooked = false;"]
            out.append("    if (a.r != NULL && a.a%d != NULL) {" % ra)
            out.append("        pt_realloc_hook_init(&hook, a.a%d, a.a%d);" % (ra, ra + 1))
            out.append("        a.a%d = pt_realloc_hooked;" % ra)
            out.append("        a.a%d = &hook;" % (ra + 1))
            out.append("        hooked = true;")
            out.append("    }")
        out.append("    pt_invoke(a.fn != NULL ? pt_thunk_%s : NULL, &a, &a.err, a.r);" % name)
        out.append("    if (a.r != NULL) {")
        if ra >= 0:
            out.append("        if (hooked)")
            out.append("            pt_trace_alloc(a.r, &hook);")
        out.append("        pt_trace_guarded(a.r, pt_record_out_%s, &a, false);" % name)
        out.append("        pt_trace_end(a.r, a.err);")
        out.append("    }")
        out.append("    return a.err;")
        out.append("}")
        out.append("")
    for plain, a in aliases:
        params = protos[a]
        out.append("#undef %s" % plain)
        out.append("JET_PUBLIC JET_ERR JET_API %s(%s);" % (plain, sig(params)))
        out.append("JET_PUBLIC JET_ERR JET_API %s(%s)" % (plain, sig(params)))
        out.append("{")
        out.append("    return %s(%s);" % (a, ", ".join(n for _, n in params)))
        out.append("}")
        out.append("")
    return "\n".join(out)


def text_buffer_level(fname, proto_params, exprs):
    """The C condition under which an iobuf of fname holds a path, or None."""
    if fname not in TEXT_BUFFERS:
        return None
    level_name, level = TEXT_BUFFERS[fname]
    return "%s == %s" % (exprs[[pn for _, pn in proto_params].index(level_name)], level)


def trace_in(i, n, cat, det, aux, params, fname=None, proto_params=None):
    if cat == "iobuf" and fname and text_buffer_level(fname, proto_params, params):
        return "if (%s && %s != NULL) pt_in_pathbuf(a->r, %s, %s, %s); else pt_in_bytes(a->r, %s, %s);" % (
            text_buffer_level(fname, proto_params, params), n, n, params[aux & 0xFFFF],
            "true" if fname.endswith("W") else "false", n, params[aux & 0xFFFF])
    if cat == "hval":
        return 'pt_in_handle(a->r, "%s", (uint64_t)%s);' % (det, n)
    if cat == "hptr":
        return 'pt_in_hptr(a->r, %s != NULL, "%s", %s != NULL ? (uint64_t)*%s : 0);' % (n, det, n, n)
    if cat == "int":
        return "pt_in_%s(a->r, %s);" % ("int" if det == "s" else "uint", n)
    if cat == "iptr":
        return "pt_in_%sptr(a->r, %s != NULL, %s != NULL ? (%s)*%s : 0);" % (
            "int" if det == "s" else "uint", n, n, "int64_t" if det == "s" else "uint64_t", n)
    if cat == "str":
        return "pt_in_%s(a->r, %s);" % ("str" if det == "A" else "wstr", n)
    if cat == "strcol":
        return "pt_in_column_name(a->r, %s, %s, %s);" % (n, "true" if det == "W" else "false", params[aux])
    if cat == "ibuf":
        return "pt_in_bytes(a->r, %s, %s);" % (n, params[aux])
    if cat == "iobuf":
        return "pt_in_bytes(a->r, %s, %s);" % (n, params[aux & 0xFFFF])
    if cat == "otext":
        return "pt_in_%s(a->r, %s, %s);" % ("text" if det == "A" else "wtext", n, params[aux])
    if cat == "pptr":
        return "pt_in_pptr(a->r, %s != NULL, a->in%d);" % (n, i)
    if cat == "ptr":
        return "pt_in_ptr(a->r, %s);" % n
    if cat == "fn":
        return 'pt_in_marker(a->r, %s != NULL, "fn");' % n
    if cat in ("st", "sto"):
        count = "(int64_t)%s" % params[aux] if aux >= 0 else "-1"
        return "pt_in_struct(a->r, &pt_structs[%d], %s, %s);" % (STRUCT_NAMES.index(det), n, count)
    if cat in ("sin", "sio"):
        count = "(uint64_t)%s" % params[aux] if aux >= 0 else "1"
        return ('if (%s != NULL && %s <= %d) pt_in_bytes(a->r, %s, (uint32_t)(%s * sizeof(%s))); '
                'else pt_in_marker(a->r, %s != NULL, "opaque:%s");'
                % (n, count, FLAT_LIMIT, n, count, det, n, det))
    return 'pt_in_marker(a->r, %s != NULL, "opaque:%s");' % (n, det)


def buffer_struct_out(i, n, size, fname, protos_params, exprs):
    """C that records an iobuf by content (BUFFER_STRUCTS) when the level says so
    and the call succeeded, else None."""
    if fname not in BUFFER_STRUCTS:
        return None
    level_name, levels, mask = BUFFER_STRUCTS[fname]
    lv = "(%s & %s)" % (exprs[[pn for _, pn in protos_params].index(level_name)], mask)

    def fits(st):  # the buffer holds the structure's last field
        last = STRUCTS[st][-1][0]
        return "%s >= offsetof(%s, %s) + sizeof(((%s *)0)->%s)" % (size, st, last, st, last)
    conds = " else ".join("if (%s == %s) pt_out_struct(a->r, %d, false, &pt_structs[%d], %s, -1);"
                          % (lv, lvl, i, STRUCT_NAMES.index(st), n) for lvl, st in sorted(levels.items()))
    return ("if (%s != NULL && a->err >= 0 && (%s)) { %s } else if (%s != NULL) pt_out_bytes(a->r, %d, %s, %s);"
            % (n, " || ".join("(%s == %s && %s)" % (lv, lvl, fits(st)) for lvl, st in sorted(levels.items())),
               conds, n, i, n, size))


def trace_out(i, n, cat, det, aux, params, fname=None, proto_params=None):
    if cat == "hptr":
        return 'if (%s != NULL) pt_out_handle(a->r, %d, "%s", a->in%d, (uint64_t)*%s);' % (n, i, det, i, n)
    if cat == "iptr":
        return "if (%s != NULL) pt_out_%s(a->r, %d, (%s)*%s);" % (
            n, "int" if det == "s" else "uint", i, "int64_t" if det == "s" else "uint64_t", n)
    if cat == "otext":
        return "if (%s != NULL) pt_out_%s(a->r, %d, %s, %s);" % (
            n, "text" if det == "A" else "wtext", i, n, params[aux])
    if cat == "iobuf":
        size = params[aux & 0xFFFF]
        special = buffer_struct_out(i, n, size, fname, proto_params, params) if fname else None
        if fname and text_buffer_level(fname, proto_params, params):
            special = "if (%s != NULL) { if (%s) pt_out_pathbuf(a->r, %d, %s, %s, %s); else pt_out_bytes(a->r, %d, %s, %s); }" % (
                n, text_buffer_level(fname, proto_params, params), i, n, size,
                "true" if fname.endswith("W") else "false", i, n, size)
        if special:
            return special
        actual = (aux >> 16) - 1
        if actual >= 0:
            an = params[actual]
            return "if (%s != NULL) pt_out_bytes(a->r, %d, %s, %s != NULL && *%s < %s ? *%s : %s);" % (
                n, i, n, an, an, size, an, size)
        return "if (%s != NULL) pt_out_bytes(a->r, %d, %s, %s);" % (n, i, n, size)
    if cat == "sio":
        count = "(uint64_t)%s" % params[aux] if aux >= 0 else "1"
        return "if (%s != NULL && %s <= %d) pt_out_bytes(a->r, %d, %s, (uint32_t)(%s * sizeof(%s)));" % (
            n, count, FLAT_LIMIT, i, n, count, det)
    if cat == "sto":
        count = "(int64_t)%s" % params[aux] if aux >= 0 else "-1"
        return "if (%s != NULL) pt_out_struct(a->r, %d, false, &pt_structs[%d], %s, %s);" % (
            n, i, STRUCT_NAMES.index(det), n, count)
    if cat == "pptr" and aux >= 0:
        return ("if (%s != NULL) { pt_out_ptr(a->r, %d, a->in%d, (uint64_t)(uintptr_t)*%s); "
                "if (*%s != NULL && (uint64_t)(uintptr_t)*%s != a->in%d && %s != NULL) "
                "pt_out_struct(a->r, %d, true, &pt_structs[%d], *%s, (int64_t)*%s); }"
                % (n, i, i, n, n, n, i, params[aux], i, STRUCT_NAMES.index(det), n, params[aux]))
    if cat == "pptr":
        return "if (%s != NULL) pt_out_ptr(a->r, %d, a->in%d, (uint64_t)(uintptr_t)*%s);" % (n, i, i, n)
    return None


# ---------------------------------------------------------------- replay

CAT_ENUM = {"hval": "RP_HVAL", "hptr": "RP_HPTR", "int": "RP_INT", "iptr": "RP_IPTR", "str": "RP_STR",
            "ibuf": "RP_IBUF", "iobuf": "RP_IOBUF", "otext": "RP_OTEXT", "pptr": "RP_PPTR",
            "ptr": "RP_PTR", "fn": "RP_FN", "opaque": "RP_OPAQUE",
            "sin": "RP_SIN", "sio": "RP_SIO", "st": "RP_ST", "sto": "RP_STO", "strcol": "RP_STRCOL"}


def gen_replay(protos):
    names = sorted(protos)
    out = [
        "/* replay_calls.c: generated at build time by tools/gen_passthrough.py from",
        " * include/esent.h: for every function, how the passthrough records each",
        " * parameter, and a caller that passes the arguments the replayer rebuilt.",
        " * May call: the public API. */",
        '#include "replay.h"',
        "",
        "#include <stddef.h>",
        "#include <string.h>",
        "",
    ]
    for name in names:
        params = protos[name]
        args = []
        for i, (t, _) in enumerate(params):
            ct = cast_type(t)
            if "*" in ct or ct in FNS:
                args.append("(%s)v[%d].p" % (ct, i))
            elif ct in SIGNED:
                args.append("(%s)v[%d].i" % (ct, i))
            else:
                args.append("(%s)v[%d].u" % (ct, i))
        out.append("static JET_ERR rp_call_%s(rp_val *v)" % name)
        out.append("{")
        if not params:
            out.append("    (void)v;")
        out.append("    return %s(%s);" % (name, ", ".join(args)))
        out.append("}")
        out.append("")
    out += struct_table("rp") + [""]
    out.append("const rp_function rp_functions[] = {")
    for name in names:
        params = protos[name]
        assert len(params) <= 16, name
        cats = classify(params, name)
        parts = []
        for (t, _), (cat, det, aux) in zip(params, cats):
            base = cast_type(t).replace("const ", "").replace("*", "").strip()
            width = 4 if base in ("JET_DBID", "uint32_t", "int32_t", "JET_GRBIT", "JET_COLUMNID", "JET_ERR",
                                  "JET_CBTYP", "JET_OBJTYP") else 8
            wide = 1 if det == "W" else 0
            signed = 1 if det == "s" else 0
            kind = det if cat in ("hval", "hptr") else ("realloc" if cat == "fn" and det == "JET_PFNREALLOC" else "")
            size = aux & 0xFFFF if cat == "iobuf" else aux
            actual = (aux >> 16) - 1 if cat == "iobuf" else -1
            st = STRUCT_NAMES.index(det) if cat in ("st", "sto") or (cat == "pptr" and aux >= 0) else -1
            if cat in ("sin", "sio"):
                parts.append('{ %s, "%s", 0, %d, -1, (int)sizeof(%s), -1 }' % (CAT_ENUM[cat], det, aux, det))
                continue
            parts.append('{ %s, "%s", %d, %d, %d, %d, %d }' % (CAT_ENUM[cat], kind, wide or signed, size, actual,
                                                                width, st))
        plist = ", ".join(parts) if parts else "{ RP_INT, \"\", 0, -1, -1, 0, -1 }"
        out.append('    { "%s", %d, rp_call_%s, { %s } },' % (name, len(params), name, plist))
    out.append("};")
    out.append("const unsigned rp_function_count = %d;" % len(names))
    out.append("")
    out.append("int rp_buffer_struct(const char *fn, const rp_val *v)")
    out.append("{")
    for fn in sorted(BUFFER_STRUCTS):
        level_name, levels, mask = BUFFER_STRUCTS[fn]
        li = [pn for _, pn in protos[fn]].index(level_name)
        out.append('    if (strcmp(fn, "%s") == 0) {' % fn)
        for lvl, st in sorted(levels.items()):
            out.append("        if ((v[%d].u & %s) == %s) return %d;" % (li, mask, lvl, STRUCT_NAMES.index(st)))
        out.append("    }")
    out.append("    return -1;")
    out.append("}")
    out.append("")
    return "\n".join(out)


def check_exports(dll, objdump, protos, aliases):
    """Names esent.h declares (and the plain A aliases) that the DLL does not export."""
    import subprocess
    text = subprocess.run([objdump, "-p", dll], capture_output=True, text=True, check=True).stdout
    exported = set()
    in_table = False
    for line in text.splitlines():
        if "[Ordinal/Name Pointer] Table" in line:
            in_table = True
            continue
        if in_table:
            m = re.match(r"\s*\[\s*\d+\]\s+(\S+)", line)
            if m:
                exported.add(m.group(1))
            elif line.strip():
                in_table = False
    wanted = set(protos) | {p for p, _ in aliases}
    return sorted(wanted - exported), len(exported)


def write_if_changed(path, text):
    if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--passthrough", metavar="DIR")
    ap.add_argument("--replay", metavar="DIR")
    ap.add_argument("--exports", metavar="DLL", help="check that DLL exports the whole API")
    ap.add_argument("--objdump", default="objdump")
    args = ap.parse_args()
    protos, aliases = entries()
    if args.exports:
        missing, count = check_exports(args.exports, args.objdump, protos, aliases)
        for n in missing:
            print("not exported: %s" % n)
        print("%s: %d exports, %d of %d API names missing" % (args.exports, count, len(missing),
                                                               len(protos) + len(aliases)))
        return 1 if missing or count == 0 else 0
    if args.passthrough:
        os.makedirs(args.passthrough, exist_ok=True)
        write_if_changed(os.path.join(args.passthrough, "passthrough_api.c"), gen_passthrough(protos, aliases))
    if args.replay:
        os.makedirs(args.replay, exist_ok=True)
        write_if_changed(os.path.join(args.replay, "replay_calls.c"), gen_replay(protos))
    if not args.passthrough and not args.replay:
        for name in sorted(protos):
            print(name, " ".join("%s:%s" % (c, d) for c, d, _ in classify(protos[name], name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
