#!/bin/sh
# large_vs_esedbinfo.sh <storage_tests> <shared dir> <work dir> <cache dir>
# Unpacks large.edb.gz, has esedbinfo -v describe its catalog, and runs the Large test of
# storage_tests against both. esedbinfo takes minutes on this file, so its description is
# kept in the cache dir (shared by the build presets), named for the sample's checksum and
# esedbinfo's version. Skipped (77) when esedbinfo or gzip is missing.
set -eu
tests=$1 shared=$2 work=$3 cache=$4
command -v esedbinfo >/dev/null 2>&1 || exit 77
command -v gzip >/dev/null 2>&1 || exit 77
mkdir -p "$work" "$cache"
gzip -dc "$shared/testdata/edb/large.edb.gz" > "$work/large.edb"
key=$( (cksum < "$shared/testdata/edb/large.edb.gz"; esedbinfo -V 2>&1 | head -1) | cksum | cut -d' ' -f1)
info="$cache/large-$key.info"
if [ ! -s "$info" ]; then
  esedbinfo -v "$work/large.edb" | sed -n '/^Table: 1/,$p' > "$info.$$"
  mv "$info.$$" "$info"
fi
status=0
ESENT_STORAGE_LARGE="$work/large.edb" ESENT_STORAGE_LARGE_INFO="$info" \
ESENT_TESTDATA="$shared/testdata" "$tests" --gtest_filter='Large.*' || status=$?
rm -f "$work/large.edb"
exit $status
