#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD debugs the vboard like a real board: Debian's unmodified
# /usr/bin/openocd over remote_bitbang (JTAG) and our bin/openocd over
# CMSIS-DAP/TCP, each board with its stock target config. The checks run
# inside OpenOCD (vboard_debug.tcl); this script starts the vboard, runs
# OpenOCD, and turns the results into TAP.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration

vb_require "vboard debug tests"
if ! command -v arm-none-eabi-gcc >/dev/null; then
	skip "vboard debug tests" "arm-none-eabi-gcc is needed for the test firmware"
	done_testing
	exit 0
fi
fw=$scratch/fw
fw_build "$fw" || { fail "test firmware builds"; done_testing; exit 0; }
head -c 262144 /dev/urandom >"$scratch/image.bin"

# suite LINK OPENOCD-BINARY BOARD
suite() {
	link=$1 bin=$2 board=$3
	tag="[$board, $link, $(basename "$(dirname "$(dirname "$bin")")")/$(basename "$bin")]"
	[ "$bin" = /usr/bin/openocd ] && tag="[$board, $link, Debian openocd]"
	vb_ports
	set -- $(board_load "$board")
	load_addr=$1 load_size=$2
	head -c "$((load_size))" "$scratch/image.bin" >"$scratch/load.bin"
	if ! vb_start "$scratch/vb.log" --board "$board" --stats "$scratch/stats.json" \
		--ram 0x90000000:0x10000 --load "$fw/fw_flash.bin@0x08000000" \
		--load "$fw/fw_qspi.bin@0x90000000"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	timeout 300 "$bin" -s "$XSPI_SRCDIR/target_cfg" \
		-c "set VBOARD_LINK $link" -c "set VBOARD_PORT $([ "$link" = dap ] && echo "$VB_DAP_PORT" || echo "$VB_BB_PORT")" \
		-f interface/vboard.cfg -f "$(board_target "$board")" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-c "set fw_vtor 0x08000000" \
		-c "set fw_reset $(sym "$fw/fw_flash.elf" fw_reset)" \
		-c "set fw_tick $(sym "$fw/fw_flash.elf" fw_tick)" \
		-c "set fw_counter $(sym "$fw/fw_flash.elf" fw_counter)" \
		-c "set fw9_reset $(sym "$fw/fw_qspi.elf" fw_reset)" \
		-c "set fw9_tick $(sym "$fw/fw_qspi.elf" fw_tick)" \
		-c "set rams {$(board_rams "$board" | tr -s ' \t\n' ' ')}" \
		-c "set load_file $scratch/load.bin" -c "set load_addr $load_addr" \
		-c "set load_size $((load_size))" \
		-c "set strip_adapter_speed $([ "$bin" = /usr/bin/openocd ] && [ "$link" = bitbang ] && echo 1 || echo 0)" \
		-f "$here/vboard_debug.tcl" >"$scratch/oocd.log" 2>&1
	rc=$?
	oocd_results "$tag" "$scratch/oocd.log"
	grep '^# load_image' "$scratch/oocd.log" | sed "s|^# |# $tag |"
	if grep -q '^# checks done' "$scratch/oocd.log" && [ $rc = 0 ]; then
		pass "$tag OpenOCD ran every check and exited cleanly"
	else
		fail "$tag OpenOCD ran every check and exited cleanly" "exit $rc; $(grep -E 'Error|error' "$scratch/oocd.log" | head -n 8)"
	fi
	expect_not_in "$scratch/oocd.log" 'slow fallback' "$tag OpenOCD's target algorithms ran on the core (no slow fallback)"
	if vb_stop; then pass "$tag vboard exits when OpenOCD quits"; else fail "$tag vboard exits when OpenOCD quits"; fi
	if grep -q '"halts"' "$scratch/stats.json" 2>/dev/null; then
		pass "$tag vboard wrote its stats"
	else
		fail "$tag vboard wrote its stats" "$(tail -n 5 "$scratch/vb.log")"
	fi
	cp "$scratch/oocd.log" "$XSPI_BUILDDIR/tests/out/vboard-$board-$link.oocd.log" 2>/dev/null
	cp "$scratch/vb.log" "$XSPI_BUILDDIR/tests/out/vboard-$board-$link.vb.log" 2>/dev/null
}

for board in h750b-dk h735g-dk f746g-disco; do
	if [ -x /usr/bin/openocd ]; then
		suite bitbang /usr/bin/openocd "$board"
	else
		skip "[$board] Debian openocd over remote_bitbang" "/usr/bin/openocd is not installed"
	fi
	suite dap "$OPENOCD" "$board"
done
# Our build over remote_bitbang too: its remote_bitbang accepts the stock
# reset-init's `adapter speed` (openocd-patches/0002).
suite bitbang "$OPENOCD" h750b-dk
done_testing
