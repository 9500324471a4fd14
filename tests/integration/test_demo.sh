#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The README's demo command works on this build (run with --no-build, on
# a vboard port of its own and any free GDB port).
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
vb_ports
for tool in gdb-multiarch "${ARM_CC:-arm-none-eabi-gcc}"; do
	if ! command -v "$tool" >/dev/null; then
		skip "scripts/demo.sh runs GDB on the vboard" "$tool is not installed"
		done_testing
		exit 0
	fi
done
demo() { # TAG ARGS...
	tag=$1
	shift
	log=$scratch/demo.log
	t0=$(date +%s)
	XSPI_BUILD=$XSPI_BUILDDIR VBOARD_PORT=$VB_DAP_PORT GDB_PORT=0 \
		timeout 120 sh "$XSPI_SRCDIR/scripts/demo.sh" --no-build "$@" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	sed 's/^/# /' "$log"
	[ $rc = 0 ] && pass "$tag scripts/demo.sh $* exits 0 ($secs s)" || fail "$tag scripts/demo.sh $* exits 0" "exit $rc; $(tail -n 12 "$log")"
	[ $secs -lt 60 ] && pass "$tag the demo takes less than a minute" || fail "$tag the demo takes less than a minute" "$secs s"
	expect_in "$log" '^demo: gdb\| Loading section \.text, size 0x[0-9a-f]+ lma 0x90000000' "$tag GDB loads the program into external flash"
	expect_in "$log" "^demo: OpenOCD, first load: +stm32xspi: bank '[^']*': wrote [0-9]+ bytes" "$tag ... through the stm32xspi flash bank"
	expect_in "$log" '^demo: gdb\| Breakpoint 1, app_tick \(\) at' "$tag GDB hit the breakpoint in external flash"
	expect_in "$log" '^demo: gdb\| \$1 = 1$' "$tag GDB read the variable the program counts"
	expect_in "$log" '^demo: gdb\| adapter speed: 24000 kHz' "$tag the adapter clock is 24 MHz after reset init"
	expect_in "$log" '^demo: throughput .*: GDB.s load [0-9.]+ ([KM]B|bytes)/sec; the flash bank [0-9]+ KiB/s' "$tag the demo prints the load throughput"
	expect_in "$log" "^demo: OpenOCD, second load: .* 0 sectors erased, 0 programmed, [1-9][0-9]* unchanged" "$tag the second load skips every unchanged sector"
}

demo "[h750b-dk]"
demo "[h735g-dk]" --board h735
expect_in "$log" '^demo: gdb\| \$2 = 0x1000$' "[h735g-dk] GDB read the HyperRAM variable it loaded at 0x70000000"
expect_in "$log" '^demo: HyperRAM: stm32xspi hyperram: OCTOSPI2: .*memory-mapped read/write at 0x70000000' "[h735g-dk] the demo names the HyperRAM set-up"
done_testing
