#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The README's demo command works on this build (run with --no-build, on
# ports of its own).
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
vb_ports
if ! command -v gdb-multiarch >/dev/null; then
	skip "scripts/demo.sh runs GDB on the vboard" "gdb-multiarch not installed"
	done_testing
	exit 0
fi
log=$scratch/demo.log
XSPI_BUILD=$XSPI_BUILDDIR VBOARD_PORT=$VB_DAP_PORT GDB_PORT=$VB_BB_PORT \
	timeout 120 sh "$XSPI_SRCDIR/scripts/demo.sh" --no-build >"$log" 2>&1
rc=$?
[ $rc = 0 ] && pass "scripts/demo.sh exits 0" || fail "scripts/demo.sh exits 0" "exit $rc; $(tail -n 12 "$log")"
expect_in "$log" 'Breakpoint 1, fw_tick' "GDB hit the breakpoint in code it loaded"
expect_in "$log" '^demo: gdb\| \$1 = 1$' "GDB read the variable the program counts"
done_testing
