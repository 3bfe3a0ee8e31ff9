#!/bin/sh
# esedemo_vs_esedbinfo.sh ESEDEMO SHARED_DIR WORK_DIR
# Runs esedemo on every sample database (large.edb.gz unpacked into WORK_DIR) and compares
# what it prints with independent readers: page size, format and file type with
# libesedb's esedbinfo, the state with the header's byte 52 read by od. esedbinfo needs
# minutes for large.edb, so its answer for that file is kept in WORK_DIR.
# Exit 0: all agree; 1: a difference; 77: esedbinfo is not installed (test skipped).
set -u
demo=$1
shared=$2
work=$3

if ! command -v esedbinfo >/dev/null 2>&1; then
    echo "esedbinfo is not installed (Debian: libesedb-utils): skipped"
    exit 77
fi
mkdir -p "$work" || exit 1
large="$work/large.edb"
if [ ! -s "$large" ] || [ "$shared/testdata/edb/large.edb.gz" -nt "$large" ]; then
    gunzip -c "$shared/testdata/edb/large.edb.gz" >"$large.tmp" && mv "$large.tmp" "$large" || exit 1
fi
if [ ! -s "$large.esedbinfo" ] || [ "$large" -nt "$large.esedbinfo" ]; then
    esedbinfo "$large" 2>&1 | head -n 12 >"$large.esedbinfo.tmp" && mv "$large.esedbinfo.tmp" "$large.esedbinfo" || exit 1
fi

# field TEXT SED-EXPRESSION: the first line of TEXT the expression prints.
field() {
    printf '%s\n' "$1" | sed -n "$2" | head -n 1
}

fail=0
count=0
for db in "$shared"/testdata/edb/*.edb "$large"; do
    count=$((count + 1))
    name=$(basename "$db")
    out=$("$demo" "$db" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: esedemo exited with $rc"
        printf '%s\n' "$out"
        fail=1
        continue
    fi
    if [ "$db" = "$large" ]; then
        ref=$(cat "$large.esedbinfo")
    else
        ref=$(esedbinfo "$db" 2>&1 | head -n 12)
    fi

    demo_page=$(field "$out" 's/^  Page size: *\([0-9]*\) bytes$/\1/p')
    ref_page=$(field "$ref" 's/^[[:space:]]*Page size:[[:space:]]*\([0-9]*\) bytes$/\1/p')
    demo_format=$(field "$out" 's/^  Format: *\(0x[0-9a-f]*,[0-9]*\)$/\1/p')
    ref_format=$(field "$ref" 's/^[[:space:]]*Current format:[[:space:]]*\(0x[0-9a-f]*,[0-9]*\).*$/\1/p')
    demo_type=$(field "$out" 's/^  File type: *\(.*\)$/\1/p')
    ref_type=$(field "$ref" 's/^[[:space:]]*File type:[[:space:]]*\(.*\)$/\1/p' | tr 'A-Z' 'a-z')
    demo_state=$(field "$out" 's/^  State: .*(\([0-9]*\))$/\1/p')

    problems=""
    [ -n "$demo_page" ] && [ "$demo_page" = "$ref_page" ] || problems="$problems page size '$demo_page' vs '$ref_page';"
    [ -n "$demo_format" ] && [ "$demo_format" = "$ref_format" ] || problems="$problems format '$demo_format' vs '$ref_format';"
    [ -n "$demo_type" ] && [ "$demo_type" = "$ref_type" ] || problems="$problems file type '$demo_type' vs '$ref_type';"
    ref_state=$(od -An -tu4 -j52 -N4 "$db" | tr -d ' ')
    [ -n "$demo_state" ] && [ "$demo_state" = "$ref_state" ] || problems="$problems state '$demo_state' vs '$ref_state';"
    if [ -n "$problems" ]; then
        echo "FAIL $name:$problems"
        fail=1
    else
        echo "ok   $name: page size $demo_page, format $demo_format, $demo_type, state $demo_state"
    fi
done
[ $count -ge 2 ] || { echo "FAIL: no samples found in $shared/testdata/edb"; fail=1; }
exit $fail
