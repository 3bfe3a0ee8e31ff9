#!/bin/sh
# cli_test.sh ESENTUTL ESEDEMO SAMPLES_DIR WORK_DIR: esentutl's command line. A database
# made by esedemo --create (three books) is exported as CSV and JSON Lines and compared
# with what esedemo wrote; --help, usage errors and read errors give their exit codes and
# messages naming the file and the JET_err code (/ml of what is no log, /r without logs);
# a dirty copy is refused without
# --read-dirty and read with it. With the Windows-made samples present, every table of
# basic.edb exports to a directory as TSV.
set -u
tool=$1 demo=$2 samples=$3 work=$4
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

rm -rf "$work" && mkdir -p "$work" || exit 1
db=$work/books.edb
"$demo" --create "$db" > /dev/null || { echo "esedemo --create failed"; exit 1; }

# --help: the manual page, exit 0
"$tool" --help > "$work/help" 2>&1; rc=$?
[ $rc -eq 0 ] || fail "--help exit $rc"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS"; do
    grep -q "^$section" "$work/help" || fail "--help lacks $section"
done

# usage errors: exit 2
"$tool" > /dev/null 2>&1; [ $? -eq 2 ] || fail "no arguments is not a usage error"
"$tool" /mh > /dev/null 2>&1; [ $? -eq 2 ] || fail "a command without a file is not a usage error"
"$tool" export "$db" --format xml > /dev/null 2>&1; [ $? -eq 2 ] || fail "a bad format is not a usage error"
"$tool" info "$db" --table books > /dev/null 2>&1; [ $? -eq 2 ] || fail "--table with info is not a usage error"
"$tool" /r > /dev/null 2> "$work/err"; [ $? -eq 2 ] || fail "/r without a base name is not a usage error"
grep -q "no log base name" "$work/err" || fail "/r usage message: $(cat "$work/err")"

# errors name the file and the code, exit 3
"$tool" info "$work/missing.edb" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 3 ] || fail "a missing file exits $rc"
grep -q "esentutl: $work/missing.edb: JET_errFileNotFound (-1811): " "$work/err" || fail "missing file message: $(cat "$work/err")"
"$tool" /ml "$db" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 3 ] || fail "/ml of a database exits $rc"
grep -q "JET_errLogFileCorrupt (-501)" "$work/err" || fail "/ml message: $(cat "$work/err")"
(cd "$work" && "$tool" /r edb /lnologs > /dev/null 2> err.r); rc=$?
[ $rc -eq 3 ] || fail "/r without logs exits $rc"
grep -q "edb: JET_errMissingLogFile (-528)" "$work/err.r" || fail "/r message: $(cat "$work/err.r")"
"$tool" export "$db" --table nosuch > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 3 ] || fail "a missing table exits $rc"
grep -q "JET_errObjectNotFound (-1305)" "$work/err" || fail "missing table message: $(cat "$work/err")"

# the exports
printf 'id,title\n1,The Art of Computer Programming\n2,Transaction Processing\n3,Database System Concepts\n' > "$work/want.csv"
"$tool" export "$db" --table books > "$work/got.csv"; rc=$?
[ $rc -eq 0 ] || fail "export exits $rc"
cmp -s "$work/want.csv" "$work/got.csv" || fail "CSV differs: $(cat "$work/got.csv")"
printf '{"id":1,"title":"The Art of Computer Programming"}\n{"id":2,"title":"Transaction Processing"}\n{"id":3,"title":"Database System Concepts"}\n' > "$work/want.jsonl"
"$tool" export "$db" --table BOOKS --format jsonl > "$work/got.jsonl"
cmp -s "$work/want.jsonl" "$work/got.jsonl" || fail "JSON Lines differ: $(cat "$work/got.jsonl")"
"$tool" export "$db" --output "$work/out" 2> "$work/err"; rc=$?
[ $rc -eq 0 ] || fail "export --output exits $rc"
cmp -s "$work/want.csv" "$work/out/books.csv" || fail "books.csv differs"
for t in MSysObjects MSysObjectsShadow MSysObjids MSysLocales; do
    [ -s "$work/out/$t.csv" ] || fail "$t.csv missing"
done
grep -q "^books: 3 records" "$work/err" || fail "no record count: $(cat "$work/err")"
"$tool" info "$db" > "$work/info" || fail "info failed"
grep -q "^Table books (objid 8" "$work/info" || fail "info lacks books"
"$tool" /mh "$db" | grep -q "State: Clean Shutdown" || fail "/mh"
"$tool" /k "$db" > /dev/null || fail "/k"
"$tool" /g "$db" > /dev/null || fail "/g"
"$tool" /ms "$db" | grep -q "books " || fail "/ms"
"$tool" /mm "$db" | grep -q 'Name="books"' || fail "/mm"
# /d: compacted in place, the original kept with /b
"$tool" /d "$db" "/b$work/books.bak" > "$work/d.out" 2>&1 || fail "/d: $(cat "$work/d.out")"
[ -s "$work/books.bak" ] || fail "/d /b kept no copy"
"$tool" export "$db" --table books > "$work/got.csv" && cmp -s "$work/want.csv" "$work/got.csv" || fail "/d changed the data"

# a dirty copy: the header's state (offset 52) set to 2 in both copies, the checksum fixed
# (the XOR of every other u32 of the page with 0x89abcdef), with esentutl's own dump of
# the page size to find the copies
dirty=$work/dirty.edb
cp "$db" "$dirty" && chmod u+w "$dirty"
cb=$("$tool" /mh "$db" | sed -n 's/^ *Page size: //p')
if command -v python3 > /dev/null 2>&1; then
    python3 - "$dirty" "$cb" <<'EOF'
import struct, sys
path, cb = sys.argv[1], int(sys.argv[2])
b = bytearray(open(path, 'rb').read())
for o in (0, cb):
    b[o + 52:o + 56] = struct.pack('<I', 2)
    x = 0x89abcdef
    for i in range(4, cb, 4):
        x ^= struct.unpack_from('<I', b, o + i)[0]
    b[o:o + 4] = struct.pack('<I', x)
open(path, 'wb').write(bytes(b))
EOF
    "$tool" export "$dirty" --table books > /dev/null 2> "$work/err"; rc=$?
    [ $rc -eq 3 ] || fail "a dirty copy exits $rc without --read-dirty"
    grep -q "JET_errDatabaseDirtyShutdown (-550).*--read-dirty" "$work/err" || fail "dirty message: $(cat "$work/err")"
    "$tool" export "$dirty" --table books --read-dirty > "$work/dirty.csv" 2> "$work/err"; rc=$?
    [ $rc -eq 0 ] || fail "--read-dirty exits $rc"
    cmp -s "$work/want.csv" "$work/dirty.csv" || fail "dirty copy reads differently"
    grep -q "not shut down cleanly" "$work/err" || fail "no dirty report: $(cat "$work/err")"
fi

# the samples: every table of basic.edb to a directory, as esedbexport prints it
if [ -f "$samples/basic.edb" ]; then
    "$tool" export "$samples/basic.edb" --format tsv --output "$work/basic" 2> /dev/null || fail "basic.edb export"
    n=$(ls "$work/basic" | wc -l)
    [ "$n" -eq 5 ] || fail "basic.edb: $n tables"
fi

[ $fails -eq 0 ] && echo "esentutl command line: all checks passed"
exit $fails
