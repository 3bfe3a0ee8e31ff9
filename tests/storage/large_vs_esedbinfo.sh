#!/bin/sh
# large_vs_esedbinfo.sh <storage_tests> <shared dir> <work dir>
# Unpacks large.edb.gz, has esedbinfo -v describe its catalog, and runs the Large test of
# storage_tests against both. Skipped (77) when esedbinfo or gzip is missing.
set -eu
tests=$1 shared=$2 work=$3
command -v esedbinfo >/dev/null 2>&1 || exit 77
command -v gzip >/dev/null 2>&1 || exit 77
mkdir -p "$work"
gzip -dc "$shared/testdata/edb/large.edb.gz" > "$work/large.edb"
esedbinfo -v "$work/large.edb" | sed -n '/^Table: 1/,$p' > "$work/large.info"
status=0
ESENT_STORAGE_LARGE="$work/large.edb" ESENT_STORAGE_LARGE_INFO="$work/large.info" \
ESENT_TESTDATA="$shared/testdata" "$tests" --gtest_filter='Large.*' || status=$?
rm -f "$work/large.edb" "$work/large.info"
exit $status
