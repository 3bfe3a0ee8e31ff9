#!/usr/bin/env bash
# scale.sh: the scale checks of the native engine, with esebench from a Release build:
#  (a) ROWS rows (default 10,000,000) with two secondary indexes and a 2,048-page cache,
#      verified by sampled seeks (every 1000th id, 500 names, 500 scores) and full walks
#      of every index (count and key order), also after a detach and a read-only attach;
#  (b) 1,000,000 rows with a 256-page cache: the database is over a hundred times the
#      cache, and the peak RSS must stay within the cache plus a small constant (4 MiB);
#  (c) a table of 2,000 columns, 2,000 records with 300 tagged columns set, read back;
#  (d) the three engines side by side at 1,000,000 rows.
# usage: bench/scale.sh BUILD_DIR [DATA_DIR] [ROWS]
# e.g.   cmake -S . -B ../build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build ../build-rel --target esebench
#        bench/scale.sh ../build-rel /var/tmp
set -euo pipefail
build=${1:?usage: bench/scale.sh BUILD_DIR [DATA_DIR] [ROWS]}
data=${2:-.}
rows=${3:-10000000}
bench=$build/bench/esebench
[ -x "$bench" ] || { echo "no $bench (needs libsqlite3-dev and liblmdb-dev)" >&2; exit 2; }
status=0

echo "== (a) $rows rows, two secondary indexes, cache 2048 pages (16 MiB), deep check"
"$bench" -n "$rows" -c 2048 -e native --check -d "$data" || status=1

echo
echo "== (b) 1000000 rows, cache 256 pages (2 MiB): memory stays within the cache + 4 MiB"
out=$("$bench" -n 1000000 -c 256 -e native -d "$data") || status=1
echo "$out"
# The native row: name, five rates, peak MiB, MiB above the start, file MiB, verdict.
echo "$out" | awk '$1 == "native" {
    bound = 256 * 8192 / 1048576 + 4
    printf "memory bound: %.1f MiB above the start, bound %.1f MiB, database %.1f MiB: %s\n", $8, bound, $9,
           ($8 <= bound ? "ok" : "EXCEEDED")
    exit ($8 <= bound ? 0 : 1) }' || status=1

echo
echo "== (c) 2000 columns (127 fixed, 128 variable, 1745 tagged), 300 tagged set per record"
"$bench" --wide 2000 -d "$data" || status=1

echo
echo "== (d) native, SQLite and LMDB side by side, 1000000 rows"
"$bench" -n 1000000 -c 2048 -d "$data" || status=1
exit $status
