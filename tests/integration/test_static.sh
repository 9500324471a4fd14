#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cppcheck over the code that has no OpenOCD dependency (layers 1 and 2,
# the stubs, the unit tests): one test point per directory. The compiler
# side of the static checks is -Wall -Wextra -Werror in every build.
. "$(dirname "$0")/tap.sh"
: "${XSPI_SRCDIR:?}"
cd "$XSPI_SRCDIR" || exit 1
dirs="flash_drivers/nor flash_drivers/ctrl loader_stubs tests/unit vboard tests/vboard"
for d in $dirs; do
	if ! command -v cppcheck >/dev/null; then
		skip "cppcheck finds nothing in $d" "cppcheck not installed"
	elif cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr -Iinclude -Iflash_drivers/nor -Iflash_drivers/ctrl \
		-Iloader_stubs -Ivboard "$d" >"$scratch/cppcheck.log" 2>&1; then
		pass "cppcheck finds nothing in $d"
	else
		fail "cppcheck finds nothing in $d" "$(head -n 20 "$scratch/cppcheck.log")"
	fi
done
done_testing
