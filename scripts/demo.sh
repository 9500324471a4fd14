#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo, on the simulated board (vboard, an STM32H750B-DK with two
# MT25QL512ABB in dual-flash mode behind its QUADSPI), paced like an
# ST-LINK/V3 probe so that the times are what real hardware would take:
#   1. build (installing missing packages first), then examples/app with
#      a 256 KiB table of data in external flash (the kind of thing that
#      lives there: fonts, images), so that the throughput means something;
#   2. start the vboard and our OpenOCD with board/h750_qspi.cfg, adapter
#      clock 24 MHz after every reset init (the ST-LINK/V3 maximum);
#   3. gdb-multiarch in batch mode: `load` into external flash at
#      0x90000000 (through the stm32xspi flash bank and its on-target stub),
#      compare-sections, `monitor reset init`, a (hardware) breakpoint in
#      external flash, continue, step, print the variable the program
#      counts; `load` again (nothing changed: every sector is skipped);
#   4. print the load throughput, shut everything down.
# Ports (override with the environment): VBOARD_PORT 4441, GDB_PORT 3333
# (0: any free port).
# --no-build: use the existing build as it is (the test suite runs it so).
# --board h735: the same on a simulated STM32H735G-DK (octal NOR on
#   OCTOSPI1 with board/h735_ospi.cfg; the program also keeps code and data
#   in the HyperRAM at 0x70000000, which GDB loads and the demo reads back).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${XSPI_BUILD:-$top/build}
vport=${VBOARD_PORT:-4441}
gport=${GDB_PORT:-3333}
cc=${ARM_CC:-arm-none-eabi-gcc}
objcopy=${ARM_OBJCOPY:-arm-none-eabi-objcopy}
say() { echo "demo: $*"; }

nobuild=0 board=h750
while [ $# -gt 0 ]; do
	case $1 in
	--no-build) nobuild=1 ;;
	--board)
		[ $# -ge 2 ] || { say "--board needs a value: h750 or h735"; exit 2; }
		board=$2
		shift
		;;
	*) say "unknown argument '$1' (use [--no-build] [--board h750|h735])"; exit 2 ;;
	esac
	shift
done
case $board in
h750) vb_board=h750b-dk cfg=board/h750_qspi.cfg variant= ;;
h735) vb_board=h735g-dk cfg=board/h735_ospi.cfg variant=h735 ;;
*) say "unknown board '$board': h750 (STM32H750B-DK) or h735 (STM32H735G-DK)"; exit 2 ;;
esac
if [ $nobuild = 1 ]; then
	[ -x "$build/bin/vboard" ] || { say "no build in $build: run without --no-build"; exit 1; }
else
	sh "$top/scripts/build.sh"
fi

work=$(mktemp -d)
vb_pid='' oo_pid=''
cleanup() {
	[ -z "$oo_pid" ] || kill "$oo_pid" 2>/dev/null || true
	[ -z "$vb_pid" ] || kill "$vb_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	say "FAILED: $*"
	for f in build vboard openocd gdb; do
		[ -s "$work/$f.log" ] || continue
		echo "---- last lines of the $f log:"
		grep -v 'DPIDR\|Failed to read memory at 0x[ef]' "$work/$f.log" | tail -n 15
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

say "building examples/app (linked at 0x90000000) with a 256 KiB data table in external flash"
{
	sh "$top/examples/app/build.sh" "$work/app" $variant &&
		head -c 262144 /dev/urandom >"$work/table.bin" &&
		(cd "$work" && "$objcopy" -I binary -O elf32-littlearm -B arm \
			--rename-section .data=.demo_table,alloc,load,readonly,data,contents \
			table.bin table.o) &&
		printf 'INCLUDE %s\nSECTIONS { .demo_table : { KEEP(*(.demo_table)) } > XFLASH }\n' \
			"$([ -n "$variant" ] && echo app_h735.ld || echo app.ld)" >"$work/demo.ld" &&
		# examples/app/build.sh's flags, plus the table and its section.
		"$cc" -mcpu=cortex-m7 -mthumb -O2 -g -std=c11 -ffreestanding -nostdlib -nostartfiles \
			-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
			$([ -n "$variant" ] && echo -DAPP_HYPERRAM) \
			-L "$top/examples/app" -T "$work/demo.ld" -Wl,--gc-sections \
			-o "$work/demo.elf" "$top/examples/app/app.c" "$work/table.o"
} >"$work/build.log" 2>&1 || fail "building the demo program"

say "starting the vboard: $build/bin/vboard --board $vb_board --probe stlink-v3 --dap-port $vport"
"$build/bin/vboard" --board "$vb_board" --probe stlink-v3 --dap-port "$vport" --bitbang-port 0 \
	>"$work/vboard.log" 2>&1 &
vb_pid=$!
wait_for "$work/vboard.log" ' ready' || fail "the vboard did not start"
sed 's/^/demo: /' "$work/vboard.log"

# The target file's reset-init sets 4 MHz (the clock the H750 runs at
# after reset); an ST-LINK/V3 runs SWD at up to 24 MHz, so raise it there,
# after the board's own reset-init steps.
say "starting OpenOCD: bin/openocd -f interface/vboard.cfg -f $cfg (adapter speed 24000 at reset init)"
"$build/bin/openocd" -c "set VBOARD_PORT $vport" -f interface/vboard.cfg -f "$cfg" \
	-c "xspi_event_extend [target current] reset-init {adapter speed 24000}" \
	-c "gdb_port $gport" -c "telnet_port disabled" -c "tcl_port disabled" >"$work/openocd.log" 2>&1 &
oo_pid=$!
wait_for "$work/openocd.log" "Listening on port [0-9]* for gdb connections" || fail "OpenOCD did not come up"
gport=$(sed -n 's/.*Listening on port \([0-9]*\) for gdb connections.*/\1/p' "$work/openocd.log")

say "gdb-multiarch: load, compare-sections, reset init, break at app_tick, continue, step, print app_counter, load again"
start=$(date +%s%N)
timeout 60 gdb-multiarch -q -batch -nx \
	-ex "target extended-remote :$gport" \
	-ex "monitor reset halt" \
	-ex "load" \
	-ex "compare-sections" \
	-ex "monitor reset init" \
	-ex "monitor adapter speed" \
	-ex "break app_tick" \
	-ex "continue" \
	-ex "step" \
	-ex "print app_counter" \
	${variant:+-ex} ${variant:+"print/x app_hram_counter"} \
	-ex "load" \
	-ex "detach" \
	"$work/demo.elf" >"$work/gdb.log" 2>&1 || fail "gdb-multiarch failed"
end=$(date +%s%N)
grep -v '^<signal handler called>$' "$work/gdb.log" | sed 's/^/demo: gdb| /'
grep -q 'demo_table, range .*: matched\.$' "$work/gdb.log" && ! grep -q 'MIS-MATCHED' "$work/gdb.log" ||
	fail "compare-sections: a section does not match what was loaded"
grep -q 'Breakpoint 1, app_tick () at' "$work/gdb.log" || fail "the breakpoint in app_tick was not hit"
grep -q '^\$1 = 1$' "$work/gdb.log" || fail "app_counter is not 1 after one pass through app_tick"
grep -q '^adapter speed: 24000 kHz' "$work/gdb.log" || fail "the adapter clock is not 24 MHz after reset init"
if [ -n "$variant" ]; then
	grep -q 'Loading section \.hram, .* lma 0x70000000' "$work/gdb.log" ||
		fail "GDB did not load the .hram section into the HyperRAM"
	grep -q '^\$2 = 0x1000$' "$work/gdb.log" ||
		fail "app_hram_counter in HyperRAM does not hold what GDB loaded (0x1000)"
	say "HyperRAM: $(grep -m1 'stm32xspi hyperram:' "$work/openocd.log" | sed 's/^Info : //')"
fi

# The throughput: GDB's own figure (the whole `load`, including the
# reset init that OpenOCD runs before and after writing flash) and the
# flash driver's (erase + program + verify of the bank).
writes=$(grep "stm32xspi: bank '[^']*': wrote " "$work/openocd.log" | sed 's/^Info : //' || true)
first=$(printf '%s\n' "$writes" | sed -n 1p)
second=$(printf '%s\n' "$writes" | sed -n 2p)
[ -n "$first" ] && [ -n "$second" ] || fail "OpenOCD did not report two writes to the flash bank"
say "OpenOCD, first load:  $first"
say "OpenOCD, second load: $second"
rate=$(grep -m1 '^Transfer rate:' "$work/gdb.log" | sed 's/^Transfer rate: //; s/,.*//')
bytes=$(printf '%s\n' "$first" | sed -n 's/.* wrote \([0-9]*\) bytes .*/\1/p')
ms=$(printf '%s\n' "$first" | sed -n 's/.*, \([0-9]*\) ms$/\1/p')
[ -n "$bytes" ] && [ -n "$ms" ] && [ "$ms" -gt 0 ] || fail "no byte count or time in OpenOCD's write line"
say "throughput (simulated ST-LINK/V3 at 24 MHz, real-time): GDB's load $rate; the flash bank $((bytes * 1000 / 1024 / ms)) KiB/s ($bytes bytes in $ms ms)"
say "done in $(((end - start) / 1000000)) ms: loaded into external flash, breakpoint hit, variable read, unchanged sectors skipped on the second load"
