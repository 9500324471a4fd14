#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo, on the simulated board (vboard, an STM32H750B-DK):
#   1. build (installing missing packages first),
#   2. start the vboard and our OpenOCD with the board's config,
#   3. gdb-multiarch in batch mode: load a small program into AXI SRAM,
#      run to a breakpoint twice, print a variable that the program counts.
# Programming external flash at 0x90000000 joins the demo when the
# stm32xspi flash operations land.
# Ports (override with the environment): VBOARD_PORT 4441, GDB_PORT 3333.
# --no-build: use the existing build as it is (the test suite runs it so).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${XSPI_BUILD:-$top/build}
vport=${VBOARD_PORT:-4441}
gport=${GDB_PORT:-3333}
say() { echo "demo: $*"; }

if [ "${1:-}" = --no-build ]; then
	[ -x "$build/bin/vboard" ] || { say "no build in $build: run without --no-build"; exit 1; }
else
	sh "$top/scripts/build.sh"
fi

work=$(mktemp -d)
vb_pid= oo_pid=
cleanup() {
	[ -z "$oo_pid" ] || kill "$oo_pid" 2>/dev/null || true
	[ -z "$vb_pid" ] || kill "$vb_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	say "FAILED: $*"
	for f in vboard openocd gdb; do
		[ -s "$work/$f.log" ] || continue
		echo "---- last lines of the $f log:"
		tail -n 15 "$work/$f.log"
	done
	exit 1
}
wait_for() { # FILE PATTERN: up to 10 s
	i=0
	while [ $i -lt 100 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

say "building the demo program (linked at 0x24000000, AXI SRAM)"
sh "$top/tests/vboard/fw/build.sh" "$work" demo 0x24000000

say "starting the vboard: $build/bin/vboard --board h750b-dk --dap-port $vport"
"$build/bin/vboard" --board h750b-dk --dap-port "$vport" --bitbang-port 0 --persist \
	>"$work/vboard.log" 2>&1 &
vb_pid=$!
wait_for "$work/vboard.log" ' ready' || fail "the vboard did not start"
sed 's/^/demo: /' "$work/vboard.log"

# board/h750_qspi.cfg declares the stm32xspi bank but does not bring up the
# QSPI clock and pins yet, so that bank's probe fails, and GDB's memory map
# needs every bank probed: until then the demo uses the stock target config,
# which has no QSPI bank.
say "starting OpenOCD: bin/openocd -f interface/vboard.cfg -f target/stm32h7x.cfg (gdb port $gport)"
"$build/bin/openocd" -c "set VBOARD_PORT $vport" -f interface/vboard.cfg -f target/stm32h7x.cfg \
	-c "gdb_port $gport" -c "telnet_port disabled" -c "tcl_port disabled" >"$work/openocd.log" 2>&1 &
oo_pid=$!
wait_for "$work/openocd.log" "Listening on port $gport" || fail "OpenOCD did not come up"

say "gdb-multiarch: load, break at fw_tick, continue twice, print fw_counter"
start=$(date +%s%N)
timeout 60 gdb-multiarch -q -batch -nx \
	-ex "target extended-remote :$gport" \
	-ex "monitor reset halt" \
	-ex "load" \
	-ex "set \$sp = 0x20014000" \
	-ex "set \$pc = fw_reset" \
	-ex "break fw_tick" \
	-ex "continue" \
	-ex "continue" \
	-ex "print fw_counter" \
	-ex "info registers pc" \
	-ex "detach" \
	"$work/demo.elf" >"$work/gdb.log" 2>&1 || fail "gdb-multiarch failed"
end=$(date +%s%N)
sed 's/^/demo: gdb| /' "$work/gdb.log"
grep -q 'Breakpoint 1, .*fw_tick' "$work/gdb.log" || fail "the breakpoint in fw_tick was not hit"
grep -q '^\$1 = 1$' "$work/gdb.log" || fail "fw_counter is not 1 after one pass through fw_tick"
say "done in $(((end - start) / 1000000)) ms: code loaded, breakpoint hit twice, variable read"
