#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The test command: install missing packages, build, run every test.
# Ends with the line "N passed, N failed, N skipped"; exit status 0 only
# when nothing failed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${XSPI_BUILD:-$top/build}

sh "$top/scripts/build.sh" "$@"
echo "test: make -C $build check"
make -C "$build" check
