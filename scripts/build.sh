#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Configure and build openocd-xspi out of tree in ./build (or $XSPI_BUILD),
# after installing missing packages. Re-running only rebuilds what changed.
# Extra arguments go to configure (e.g. --with-openocd-src=DIR).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${XSPI_BUILD:-$top/build}
say() { echo "build: $*"; }

sh "$top/scripts/install-deps.sh"

if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
	[ "$top/Makefile.am" -nt "$top/Makefile.in" ]; then
	say "autoreconf -fi"
	(cd "$top" && autoreconf -fi)
fi
mkdir -p "$build"
if [ ! -f "$build/Makefile" ] || [ $# -gt 0 ]; then
	say "configure in $build $*"
	(cd "$build" && "$top/configure" "$@")
fi
say "make -C $build"
make -C "$build" -j"$(nproc)"
