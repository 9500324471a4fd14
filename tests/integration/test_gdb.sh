#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# GDB on code in external flash, the way users and IDEs drive it: our
# bin/openocd with each board file (`-f interface/vboard.cfg -f board/X.cfg`)
# on the vboard, gdb-multiarch, examples/app (linked at 0x90000000). Per
# board, each step a separate vboard + OpenOCD session on the same chip
# files (--flash-file: the flash keeps its content from one session to the
# next, like a board that is power-cycled):
#   1. batch GDB: `load` goes through the stm32xspi bank (OpenOCD's write
#      line), `compare-sections` all matched, `monitor reset init`,
#      `break app_tick` + `continue` stops at app_tick in external flash
#      with a hardware breakpoint (GDB's note and the Z1 packet in its
#      remote log), `step` returns to main, app_counter is 1;
#   2. batch GDB, the same ELF again: nothing erased or programmed (the
#      vboard's flash audit is empty), sections still match;
#   3. GDB/MI driven as VS Code's Cortex-Debug does (gdb_mi.py) with the
#      settings of examples/ide/vscode/launch.json: launch sequence,
#      postLaunchCommands, runToEntryPoint main, a breakpoint from the
#      editor, continue, call stack, step over, hover app_counter; the
#      download again changes nothing in flash;
#      (STM32H750B-DK) the GDB commands Eclipse Embedded CDT sends for
#      examples/ide/eclipse/app-h750_qspi.launch stop in main;
#   4. (H750 boards) an application with an initialised section at
#      0x38000000 (D3 SRAM, RAM on the H750, outside every flash bank):
#      GDB writes it as RAM (OpenOCD's memory map calls everything outside
#      the flash banks RAM), the flash sections go to flash, all match;
#   5. the same application as Intel hex, `program FILE.hex verify exit`
#      (flash write_image erase): refused before anything is erased
#      ("outside every flash bank"; the audit is empty).
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration
scale=${VBOARD_TEST_TIME_SCALE:-0.01}
cc=${ARM_CC:-arm-none-eabi-gcc}
objcopy=${ARM_OBJCOPY:-arm-none-eabi-objcopy}

vb_require "GDB on the vboard"
for tool in gdb-multiarch "$cc" python3; do
	if ! command -v "$tool" >/dev/null; then
		skip "GDB on the vboard" "$tool is not installed"
		done_testing
		exit 0
	fi
done

# ---- the applications ---------------------------------------------------------

# app_d3: examples/app plus a 16-byte initialised table in D3 SRAM at
# 0x38000000 with no load address in flash (a linker script that puts
# initialised data in RAM without `AT>`: its bytes are in the ELF and in
# a hex file made from it). Built with examples/app/build.sh's flags.
d3_build() {
	mkdir -p "$scratch/d3"
	cat >"$scratch/d3/d3.c" <<'EOF'
/* A table in D3 SRAM, initialised by the loader, not by the program. */
__attribute__((section(".d3"), used)) const unsigned int app_d3_table[4] = {
	0x0d3d3d30u, 0x0d3d3d31u, 0x0d3d3d32u, 0x0d3d3d33u
};
EOF
	cat >"$scratch/d3/app_d3.ld" <<'EOF'
INCLUDE app.ld
SECTIONS
{
	.d3 0x38000000 : { KEEP(*(.d3)) }
}
EOF
	"$cc" -mcpu=cortex-m7 -mthumb -O2 -g -std=c11 -ffreestanding -nostdlib -nostartfiles \
		-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
		-L "$XSPI_SRCDIR/examples/app" -T "$scratch/d3/app_d3.ld" -Wl,--gc-sections \
		-o "$scratch/d3/app_d3.elf" "$XSPI_SRCDIR/examples/app/app.c" "$scratch/d3/d3.c" &&
		"$objcopy" -O ihex "$scratch/d3/app_d3.elf" "$scratch/d3/app_d3.hex"
}

if sh "$XSPI_SRCDIR/examples/app/build.sh" "$scratch/app" >"$scratch/build.log" 2>&1 &&
	d3_build >>"$scratch/build.log" 2>&1 &&
	grep -q '^:02000004380' "$scratch/d3/app_d3.hex"; then
	pass "examples/app builds, and a variant with a section at 0x38000000 (its hex has it)"
else
	fail "examples/app builds, and a variant with a section at 0x38000000 (its hex has it)" \
		"$(tail -n 10 "$scratch/build.log")"
	done_testing
	exit 0
fi
app=$scratch/app/app.elf
app_tick=$(sym "$app" app_tick)
# The line of app_tick's body, where a user clicks in the editor.
tick_line=$(grep -n 'app_counter = app_counter + app_step;' "$XSPI_SRCDIR/examples/app/app.c" | cut -d: -f1)
# Loadable sections of the application (compare-sections checks each).
n_sections=$(${ARM_OBJDUMP:-arm-none-eabi-objdump} -h "$app" | grep -c ' LOAD')

# ---- sessions -------------------------------------------------------------------

# session_start: the vboard on the chip files of this board (stats to
# $scratch/stats.json), OpenOCD with the board file and a GDB port the
# system picks (gdb_port 0: OpenOCD logs the port it got), so that test
# scripts running at the same time never collide. Sets GDB_PORT, OO_PID.
session_start() {
	vb_ports
	rm -f "$scratch/stats.json" "$scratch"/gdb.log* "$scratch"/mi.*
	if ! vb_start "$scratch/vb.log" --board "$board" --time-scale "$scale" \
		--stats "$scratch/stats.json" --flash-file "$scratch/chip.bin"; then
		fail "$tag $step: vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return 1
	fi
	: >"$scratch/oocd.log"
	timeout 300 "$OPENOCD" -c "set VBOARD_LINK dap" -c "set VBOARD_PORT $VB_DAP_PORT" \
		-f interface/vboard.cfg -f "board/$cfg" \
		-c "gdb_port 0" -c "telnet_port disabled" -c "tcl_port disabled" \
		>"$scratch/oocd.log" 2>&1 &
	OO_PID=$!
	i=0
	GDB_PORT=
	while [ $i -lt 150 ] && kill -0 "$OO_PID" 2>/dev/null; do
		GDB_PORT=$(sed -n 's/.*Listening on port \([0-9]*\) for gdb connections.*/\1/p' "$scratch/oocd.log")
		[ -z "$GDB_PORT" ] || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "$tag $step: OpenOCD listens for GDB" "$(grep -E 'Error|error' "$scratch/oocd.log" | head -n 8)"
	session_end
	return 1
}

# session_end: OpenOCD ends on SIGTERM as on `shutdown` (OpenOCD's
# server loop), which ends the vboard, which then writes its stats.
session_end() {
	kill "$OO_PID" 2>/dev/null
	i=0
	while [ $i -lt 100 ] && kill -0 "$OO_PID" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$OO_PID" 2>/dev/null
	wait "$OO_PID" 2>/dev/null
	vb_stop || true
	keep_logs
}

keep_logs() {
	mkdir -p "$XSPI_BUILDDIR/tests/out"
	for f in oocd.log gdb.log mi.log stats.json; do
		[ -f "$scratch/$f" ] && cp "$scratch/$f" "$XSPI_BUILDDIR/tests/out/gdb-$board-$step.$f"
	done
}

# gdb_batch LOG ELF COMMANDS...: gdb-multiarch in batch mode on the
# session's port, with its remote protocol log in LOG.remote.
gdb_batch() {
	log=$1 elf=$2
	shift 2
	set -- -ex "set remotelogfile $log.remote" -ex "target extended-remote :$GDB_PORT" "$@"
	timeout 120 gdb-multiarch -q -batch -nx "$@" "$elf" >"$log" 2>&1
}

# audit: the erase and program entries of the vboard's flash audit (from
# the stats it writes at exit), one "chip N: OP at ADDR, LEN bytes" line
# each, and its own erase/program counters as a cross-check. Fails when
# there are no stats.
audit() {
	python3 - "$scratch/stats.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for i, c in enumerate((d["qspi"] if "qspi" in d else d["ospi1"])["chips"]):
    for a in c["audit"]:
        print("chip %d: %s at 0x%x, %d bytes%s" % (i + 1, a["op"], a["addr"], a["len"],
                                                   " (refused)" if a["refused"] else ""))
    n = c["programs"] + c["erases"] + c["chip_erases"] + c["audit_dropped"]
    if n and not c["audit"]:
        print("chip %d: %d programs/erases counted" % (i + 1, n))
EOF
}

# audit_empty NAME: a test point that this session erased and programmed
# nothing.
audit_empty() {
	if out=$(audit 2>&1) && [ -z "$out" ]; then
		pass "$1"
	else
		fail "$1" "$(printf '%s\n' "$out" | head -n 10)"
	fi
}

# matched LOG N: compare-sections said "matched" N times and never
# "MIS-MATCHED".
matched() {
	[ "$(grep -c ': matched\.$' "$1")" -eq "$2" ] && ! grep -q 'MIS-MATCHED' "$1"
}

# hw_break LOG ADDR NAME: GDB inserted the breakpoint at ADDR (empty:
# somewhere in 0x9xxxxxxx) as a hardware breakpoint: its note on the console and Z1 packets, no Z0 in
# the external flash window (GDB manual, "Packets": Z0 software, Z1
# hardware breakpoint).
hw_break() {
	a=9
	[ -z "$2" ] || a=$(printf '%x' "$2")
	if grep -q 'automatically using hardware breakpoints for read-only addresses' "$1" &&
		grep -q "\$Z1,${a}[0-9a-f]*," "$1.remote" && ! grep -q '\$Z0,9' "$1.remote"; then
		pass "$3"
	else
		fail "$3" "$(grep -o '\$Z[01],[0-9a-f]*,[0-9]' "$1.remote" 2>/dev/null | sort | uniq -c)"
	fi
}

# ---- the steps --------------------------------------------------------------------

# 1. First load and a debug session in external flash.
step_load_debug() {
	step=load
	session_start || return
	log=$scratch/gdb.log
	gdb_batch "$log" "$app" \
		-ex "monitor reset halt" -ex "load" -ex "compare-sections" -ex "info mem" \
		-ex "monitor reset init" -ex "break app_tick" -ex "continue" \
		-ex 'printf "stop pc 0x%08x\n", $pc' -ex "step" \
		-ex 'printf "app_counter %u\n", app_counter' -ex "detach"
	session_end
	sed 's/^/# gdb| /' "$log" | grep -v 'Failed to read memory\|DPIDR'
	expect_in "$log" 'Loading section \.text, size 0x[0-9a-f]+ lma 0x90000000' \
		"$tag load: GDB loads .text at 0x90000000"
	expect_in "$scratch/oocd.log" "stm32xspi: bank '[^']*': wrote [0-9]+ bytes at 0x00000000: " \
		"$tag load: through the stm32xspi bank (OpenOCD's write line)"
	if matched "$log" "$n_sections"; then
		pass "$tag load: compare-sections: all $n_sections sections matched"
	else
		fail "$tag load: compare-sections: all $n_sections sections matched" "$(grep -i 'match' "$log")"
	fi
	expect_in "$log" '^[0-9]+[[:space:]]+y[[:space:]]+0x90000000 0x9[0-9a-f]{7} flash ' \
		"$tag load: GDB's memory map (from OpenOCD) has the window as flash"
	expect_in "$log" '^Breakpoint 1, app_tick \(\)' "$tag debug: continue stops at the breakpoint in app_tick"
	expect_in "$log" "^stop pc $app_tick\$" "$tag debug: ... with pc at app_tick ($app_tick)"
	hw_break "$log" "$app_tick" "$tag debug: GDB made it a hardware breakpoint (Z1 at $app_tick, no Z0)"
	expect_in "$log" '^main \(\) at .*app\.c:[0-9]+' "$tag debug: step returns from app_tick to main"
	expect_in "$log" '^app_counter 1$' "$tag debug: app_counter is 1 after one app_tick (app_step came from flash)"
}

# 2. The same ELF again: skip-unchanged leaves the flash alone.
step_reload() {
	step=reload
	session_start || return
	log=$scratch/gdb.log
	gdb_batch "$log" "$app" -ex "monitor reset halt" -ex "load" -ex "compare-sections" -ex "detach"
	session_end
	expect_in "$log" '^Start address 0x9[0-9a-f]+, load size [0-9]+' "$tag reload: the second load completes"
	expect_in "$scratch/oocd.log" "wrote [0-9]+ bytes at 0x00000000: 0 sectors erased, 0 programmed, [1-9][0-9]* unchanged" \
		"$tag reload: OpenOCD: 0 sectors erased, 0 programmed"
	audit_empty "$tag reload: the flash saw no erase and no program command (vboard audit)"
	if matched "$log" "$n_sections"; then
		pass "$tag reload: compare-sections: all matched"
	else
		fail "$tag reload: compare-sections: all matched" "$(grep -i 'match' "$log")"
	fi
}

# 3. GDB/MI as Cortex-Debug drives it, with the postLaunchCommands and
# runToEntryPoint of examples/ide/vscode/launch.json's vboard configuration.
step_mi() {
	step=mi
	session_start || return
	set --
	while IFS= read -r arg; do
		set -- "$@" "$arg"
	done <<EOF_ARGS
$(python3 "$here/ide_configs.py" cortex-debug "$XSPI_SRCDIR/examples/ide/vscode/launch.json" \
		"vboard STM32H750B-DK: app in external flash")
EOF_ARGS
	python3 "$here/gdb_mi.py" --port "$GDB_PORT" --elf "$app" --log "$scratch/mi.log" \
		--remote-log "$scratch/mi.remote" \
		--break-loc "$XSPI_SRCDIR/examples/app/app.c:$tick_line" --break-addr "$app_tick" \
		--expect app_counter=1 "$@" >"$scratch/mi.out" 2>&1
	rc=$?
	session_end
	while IFS= read -r line; do
		case $line in
		"ok - "*) pass "$tag ${line#ok - }" ;;
		"not ok - "*) fail "$tag ${line#not ok - }" "$(grep -A3 -F -x -- "$line" "$scratch/mi.out" | sed -n 's/^#   //p')" ;;
		esac
	done <"$scratch/mi.out"
	if [ $rc = 0 ] && grep -q '^ok - ' "$scratch/mi.out"; then
		pass "$tag MI: the driver ran to its end (launch.json: $*)"
	else
		fail "$tag MI: the driver ran to its end" "exit $rc; $(tail -n 5 "$scratch/mi.out")"
	fi
	audit_empty "$tag MI: -target-download of the unchanged ELF erased and programmed nothing"
}

# 3b. The GDB commands that Eclipse Embedded CDT sends for
# examples/ide/eclipse/app-h750_qspi.launch (an STM32H750B-DK
# configuration): reset init, load, reset init, tbreak main, continue.
step_eclipse() {
	step=eclipse
	session_start || return
	log=$scratch/gdb.log
	set --
	while IFS= read -r cmd; do
		case $cmd in
		"target remote :PORT") cmd="target remote :$GDB_PORT" ;;
		esac
		set -- "$@" -ex "$cmd"
	done <<EOF_CMDS
$(python3 "$here/ide_configs.py" eclipse "$XSPI_SRCDIR/examples/ide/eclipse/app-h750_qspi.launch")
EOF_CMDS
	timeout 120 gdb-multiarch -q -batch -nx -ex "set remotelogfile $log.remote" "$@" \
		-ex 'printf "stop pc 0x%08x\n", $pc' -ex 'printf "app_counter %u\n", app_counter' \
		-ex "detach" "$app" >"$log" 2>&1
	session_end
	expect_in "$log" '^Temporary breakpoint 1, main \(\) at .*app\.c' \
		"$tag Eclipse: the .launch's sequence (reset init, load, reset init, tbreak main, continue) stops in main"
	expect_in "$log" '^stop pc 0x9[0-9a-f]{7}$' "$tag Eclipse: ... in external flash"
	expect_in "$log" '^app_counter 0$' "$tag Eclipse: app_counter is 0 there (app_tick not called yet)"
	hw_break "$log" "" "$tag Eclipse: tbreak main is a hardware breakpoint (Z1, no Z0)"
}

# 4. A section in D3 SRAM, loaded by GDB (H750 boards only: the F746 has
# no memory at 0x38000000).
step_d3_gdb() {
	step=d3-gdb
	session_start || return
	log=$scratch/gdb.log
	gdb_batch "$log" "$scratch/d3/app_d3.elf" -ex "monitor reset halt" -ex "load" -ex "compare-sections" \
		-ex "x/4xw 0x38000000" -ex "detach"
	session_end
	sed 's/^/# gdb| /' "$log" | grep -v 'Failed to read memory\|DPIDR'
	expect_in "$log" '^Loading section \.d3, size 0x10 lma 0x38000000' "$tag D3: GDB loads .d3 at 0x38000000"
	if grep -q '\$[XM]38000000,' "$log.remote" && ! grep -q 'vFlash[A-Za-z]*:38' "$log.remote"; then
		pass "$tag D3: ... as a RAM write (X/M packet), not through a flash bank (vFlash)"
	else
		fail "$tag D3: ... as a RAM write (X/M packet), not through a flash bank (vFlash)" \
			"$(grep -o '\$[XM]3[0-9a-f]*,[0-9a-f]*\|vFlash[A-Za-z]*:[0-9a-f]*' "$log.remote" | head)"
	fi
	expect_in "$scratch/oocd.log" "stm32xspi: bank '[^']*': wrote [0-9]+ bytes at 0x00000000: " \
		"$tag D3: the flash sections still go through the stm32xspi bank"
	if matched "$log" $((n_sections + 1)); then
		pass "$tag D3: compare-sections: all matched, .d3 included"
	else
		fail "$tag D3: compare-sections: all matched, .d3 included" "$(grep -i 'match' "$log")"
	fi
	expect_in "$log" '^0x38000000( <app_d3_table>)?:[[:space:]]+0x0d3d3d30\s+0x0d3d3d31\s+0x0d3d3d32\s+0x0d3d3d33' \
		"$tag D3: 0x38000000 holds the table (after the reset init that ends the load)"
}

# 5. The hex file of that application, programmed with OpenOCD's
# `program` (flash write_image erase): refused, nothing erased.
step_d3_program() {
	step=d3-program
	vb_ports
	rm -f "$scratch/stats.json" "$scratch"/gdb.log* "$scratch"/mi.*
	if ! vb_start "$scratch/vb.log" --board "$board" --time-scale "$scale" \
		--stats "$scratch/stats.json" --flash-file "$scratch/chip.bin"; then
		fail "$tag $step: vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	timeout 300 "$OPENOCD" -c "set VBOARD_LINK dap" -c "set VBOARD_PORT $VB_DAP_PORT" \
		-f interface/vboard.cfg -f "board/$cfg" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-c "program $scratch/d3/app_d3.hex verify exit" >"$scratch/oocd.log" 2>&1
	rc=$?
	vb_stop || true
	keep_logs
	grep -E 'outside every flash bank|Programming' "$scratch/oocd.log" | sed 's/^/# oocd| /'
	if [ $rc != 0 ] && grep -q '\*\* Programming Failed \*\*' "$scratch/oocd.log"; then
		pass "$tag hex: program app_d3.hex fails (OpenOCD exits $rc)"
	else
		fail "$tag hex: program app_d3.hex fails" "exit $rc; $(tail -n 8 "$scratch/oocd.log")"
	fi
	expect_in "$scratch/oocd.log" 'image section [0-9]+ at 0x38000000 \(16 bytes\) is outside every flash bank: nothing was erased' \
		"$tag hex: OpenOCD says the section at 0x38000000 is outside every flash bank"
	audit_empty "$tag hex: nothing was erased or programmed (vboard audit)"
}

# 6. (H735) examples/app built for the H735G-DK: code in external flash
# and code + data in the HyperRAM at 0x70000000, which GDB loads as RAM
# (the board file maps it at reset init); it runs, a software breakpoint
# in HyperRAM is hit, the counter in HyperRAM counts.
step_hram() {
	step=hram
	if ! sh "$XSPI_SRCDIR/examples/app/build.sh" "$scratch/app735" h735 >"$scratch/build735.log" 2>&1; then
		fail "$tag hram: examples/app builds for the H735 (build.sh OUTDIR h735)" \
			"$(tail -n 5 "$scratch/build735.log")"
		return
	fi
	elf=$scratch/app735/app.elf
	hram_tick=$(sym "$elf" app_hram_tick)
	session_start || return
	log=$scratch/gdb.log
	gdb_batch "$log" "$elf" \
		-ex "monitor reset halt" -ex "load" -ex "compare-sections" \
		-ex "monitor reset init" -ex 'printf "hram_counter %u\n", app_hram_counter' \
		-ex "break app_hram_tick" -ex "continue" -ex 'printf "stop pc 0x%08x\n", $pc' \
		-ex "continue" -ex 'printf "hram_counter %u\n", app_hram_counter' \
		-ex "info mem" -ex "detach"
	session_end
	sed 's/^/# gdb| /' "$log" | grep -v 'Failed to read memory\|DPIDR'
	expect_in "$log" 'Loading section \.hram, size 0x[0-9a-f]+ lma 0x70000000' \
		"$tag hram: GDB loads .hram at 0x70000000"
	if grep -q '\$[XM]70000000,' "$log.remote" && ! grep -q 'vFlash[A-Za-z]*:70' "$log.remote"; then
		pass "$tag hram: ... as RAM writes (X/M packets) into the mapped HyperRAM"
	else
		fail "$tag hram: ... as RAM writes (X/M packets) into the mapped HyperRAM" \
			"$(grep -o '\$[XM]7[0-9a-f]*,[0-9a-f]*\|vFlash[A-Za-z]*:[0-9a-f]*' "$log.remote" | head)"
	fi
	if matched "$log" 3; then
		pass "$tag hram: compare-sections: .text, .data and .hram matched"
	else
		fail "$tag hram: compare-sections: .text, .data and .hram matched" "$(grep -i 'match' "$log")"
	fi
	expect_in "$log" '^hram_counter 4096$' \
		"$tag hram: after reset init the HyperRAM still holds the loaded data (0x1000)"
	expect_in "$log" '^Breakpoint 1, app_hram_tick \(\)' "$tag hram: the breakpoint in HyperRAM is hit"
	expect_in "$log" "^stop pc $hram_tick\$" "$tag hram: ... with pc at app_hram_tick ($hram_tick)"
	if grep -q '\$Z0,7000' "$log.remote"; then
		pass "$tag hram: GDB used a software breakpoint there (Z0: the HyperRAM is RAM)"
	else
		fail "$tag hram: GDB used a software breakpoint there (Z0: the HyperRAM is RAM)" \
			"$(grep -o '\$Z[01],[0-9a-f]*,[0-9]' "$log.remote" | sort | uniq -c)"
	fi
	expect_in "$log" '^hram_counter 4097$' \
		"$tag hram: code in HyperRAM ran: the counter there went 4096 -> 4097"
}

# suite TAG VBOARD-BOARD CFG d3|no-d3
suite() {
	tag="[$1]" board=$2 cfg=$3
	rm -f "$scratch/chip.bin" "$scratch/chip.bin.2"
	for st in load_debug reload mi eclipse d3_gdb d3_program hram; do
		[ $st != d3_gdb ] || [ "$4" = d3 ] || continue
		[ $st != hram ] || [ "$board" = h735g-dk ] || continue
		[ $st != eclipse ] || [ "$board" = h750b-dk ] || continue
		t0=$(date +%s)
		"step_$st"
		echo "# $tag $st: $(($(date +%s) - t0)) s"
	done
	rm -f "$scratch/chip.bin" "$scratch/chip.bin.2"
}

suite "h750b-dk, board/h750_qspi.cfg" h750b-dk h750_qspi.cfg d3
suite "h750-w25q, board/h750_w25q_qspi.cfg" h750-w25q h750_w25q_qspi.cfg d3
suite "f746g-disco, board/f746_qspi.cfg" f746g-disco f746_qspi.cfg no-d3
suite "h735g-dk, board/h735_ospi.cfg" h735g-dk h735_ospi.cfg d3
done_testing
