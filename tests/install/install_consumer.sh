#!/bin/sh
# install_consumer.sh BUILD_DIR SOURCE_DIR: install, then build and run consumer.c
# against the installed prefix with pkg-config and with find_package(esent).
set -eu
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
libdir=$(ls -d "$work"/prefix/lib*/pkgconfig | head -n1)
export PKG_CONFIG_PATH="$libdir"
# shellcheck disable=SC2046
${CC:-cc} -Wall -Wextra -Werror -o "$work/consumer_pc" "$src/consumer.c" $(pkg-config --cflags --libs esent)
LD_LIBRARY_PATH="$(dirname "$libdir")" "$work/consumer_pc"
mkdir "$work/cm"
cp "$src/consumer.c" "$work/cm/"
cp "$src/CMakeLists.consumer.txt" "$work/cm/CMakeLists.txt"
cmake -S "$work/cm" -B "$work/cm/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cm/build" >/dev/null
LD_LIBRARY_PATH="$(dirname "$libdir")" "$work/cm/build/consumer"
echo "installed library: pkg-config and find_package consumers built and ran"
