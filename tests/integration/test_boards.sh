#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The board files (target_cfg/board/) on the vboard, with our bin/openocd
# over CMSIS-DAP/TCP, `-f interface/vboard.cfg -f board/X.cfg`:
#   - `reset init` brings up the QUADSPI clock and pins (the vboard counts
#     no pin_errors) and probes the part the board carries;
#   - 0x90000000 then reads what the chip files hold (dual flash: even
#     bytes from chip 1, odd bytes from chip 2);
#   - boot-less path: with examples/app in external flash and the internal
#     flash erased, `reset init` starts the application from its vector
#     table at 0x90000000 and it runs (its counter grows); a hardware
#     breakpoint in external flash; the gdb-attach and gdb-flash-write-end
#     events;
#   - boot-stub path (STM32H750B-DK): examples/h750_boot written to
#     internal flash with the stock stm32h7x driver starts the application
#     after `reset run`, also when the chips were left in QPI.
# The checks run inside OpenOCD (boards.tcl).
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration
scale=${VBOARD_TEST_TIME_SCALE:-0.001}

vb_require "board files on the vboard"
if ! command -v arm-none-eabi-gcc >/dev/null; then
	skip "board files on the vboard" "arm-none-eabi-gcc is needed for examples/app"
	done_testing
	exit 0
fi
if sh "$XSPI_SRCDIR/examples/app/build.sh" "$scratch/app" >"$scratch/build.log" 2>&1 &&
	sh "$XSPI_SRCDIR/examples/h750_boot/build.sh" "$scratch/boot" >>"$scratch/build.log" 2>&1; then
	pass "examples/app and examples/h750_boot build"
else
	fail "examples/app and examples/h750_boot build" "$(tail -n 10 "$scratch/build.log")"
	done_testing
	exit 0
fi
app=$scratch/app/app.elf
app_sym() { sym "$app" "$1"; }
app_sp=0x$(od -An -tx4 -N4 "$scratch/app/app.bin" | tr -d ' ')
head -c 64 /dev/urandom >"$scratch/marker.bin"
# The marker's place in the window: past the application.
marker_at=0x100000

# put FILE all|0|1 CHIP OFFSET: FILE's bytes (all, the even or the odd
# ones) into CHIP at OFFSET. od writes them as octal escapes that printf
# turns back into bytes (NUL included), hence the format from a variable.
put() {
	esc=$(od -An -v -to1 "$1" | awk -v p="$2" '{
		for (i = 1; i <= NF; i++) { if (p == "all" || n % 2 == p) printf "\\%s", $i; n++ }
	}')
	# shellcheck disable=SC2059
	printf "$esc" | dd of="$3" bs=1 seek=$(($4)) conv=notrunc status=none
}
# place FILE WINDOW-OFFSET: put FILE into the chip files where the window
# shows it at WINDOW-OFFSET (dual flash: even bytes to chip 1, odd bytes
# to chip 2, each at half the offset; vboard/vb_xspi.c, RM0433 "dual-flash
# mode").
place() {
	if [ "$kind" = dual ]; then
		put "$1" 0 "$scratch/chip1.bin" $(($2 / 2))
		put "$1" 1 "$scratch/chip2.bin" $(($2 / 2))
	else
		put "$1" all "$scratch/chip1.bin" "$2"
	fi
}
# chips BYTES-PER-CHIP: erased chip files holding the application at the
# window's start and the marker at $marker_at.
chips() {
	head -c "$1" /dev/zero | LC_ALL=C tr '\000' '\377' >"$scratch/chip1.bin"
	[ "$kind" = dual ] && cp "$scratch/chip1.bin" "$scratch/chip2.bin"
	place "$scratch/app/app.bin" 0
	place "$scratch/marker.bin" $marker_at
}
# vb_start_chips ARGS...: the vboard with the chip files and ARGS.
vb_start_chips() {
	vb_ports
	rm -f "$scratch/stats.json"
	if [ "$kind" = dual ]; then
		set -- --flash-file "$scratch/chip1.bin" --flash-file "$scratch/chip2.bin" "$@"
	else
		set -- --flash-file "$scratch/chip1.bin" "$@"
	fi
	vb_start "$scratch/vb.log" --time-scale "$scale" --stats "$scratch/stats.json" "$@"
}

# openocd_run TAG CFG LOG CHECKS EXTRA...: OpenOCD on the vboard with the
# board file; the results of the Tcl CHECKS proc become test points.
openocd_run() {
	tag=$1 cfg=$2 log=$3 checks=$4
	shift 4
	timeout 300 "$OPENOCD" -c "set VBOARD_LINK dap" -c "set VBOARD_PORT $VB_DAP_PORT" \
		-f interface/vboard.cfg -f "board/$cfg" "$@" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-c "set app_reset $(app_sym app_reset)" -c "set app_tick $(app_sym app_tick)" \
		-c "set app_counter $(app_sym app_counter)" -c "set app_step $(app_sym app_step)" \
		-c "set app_sp $app_sp" \
		-f "$here/boards.tcl" -c "$checks" -c shutdown >"$log" 2>&1
	rc=$?
	oocd_results "$tag" "$log"
	grep -E '^# |^xspi: ' "$log" | sed "s|^|# $tag |"
	if grep -q '^# checks done' "$log" && [ $rc = 0 ]; then
		pass "$tag OpenOCD ran every step and exited cleanly"
	else
		fail "$tag OpenOCD ran every step and exited cleanly" "exit $rc; $(grep -E 'Error' "$log" | head -n 8)"
	fi
}

# stats_ok TAG: after vb_stop (the vboard writes its stats when it exits),
# the QUADSPI was used and never with a pin outside its alternate function.
stats_ok() {
	# (the H735's OCTOSPI2 may stay unused: the flash section must be used)
	if grep -q '"pin_errors": 0,' "$scratch/stats.json" 2>/dev/null &&
		! grep -q '"pin_errors": [1-9]' "$scratch/stats.json" &&
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d.get("qspi") or d.get("ospi1"); sys.exit(0 if c["transfers"] else 1)' "$scratch/stats.json"; then
		pass "$1 QUADSPI used with every pin in its alternate function (vboard: pin_errors 0)"
	else
		fail "$1 QUADSPI used with every pin in its alternate function (vboard: pin_errors 0)" \
			"$(grep -o '"transfers": [0-9]*\|"pin_errors": [0-9]*' "$scratch/stats.json" 2>/dev/null || echo "no stats")"
	fi
}

keep_logs() {
	mkdir -p "$XSPI_BUILDDIR/tests/out"
	cp "$scratch/oocd.log" "$XSPI_BUILDDIR/tests/out/boards-$1.oocd.log" 2>/dev/null
	cp "$scratch/stats.json" "$XSPI_BUILDDIR/tests/out/boards-$1.stats.json" 2>/dev/null
}

# suite TAG VBOARD-BOARD CFG h7|f7 CHIP-BYTES single|dual PART-RE
suite() {
	tag="[$1]" board=$2 cfg=$3 family=$4 bytes=$5 kind=$6 part_re=$7
	chips "$bytes"
	if ! vb_start_chips --board "$board"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	rm -f "$scratch/window.bin" "$scratch/marker_read.bin"
	openocd_run "$tag" "$cfg" "$scratch/oocd.log" boards_bootless_checks \
		-c "set family $family" -c "set part_re {$part_re}" \
		-c "set window_out $scratch/window.bin" -c "set window_len $(wc -c <"$scratch/app/app.bin")" \
		-c "set marker_out $scratch/marker_read.bin" -c "set marker_addr $((0x90000000 + marker_at))"
	if cmp -s "$scratch/window.bin" "$scratch/app/app.bin" && cmp -s "$scratch/marker_read.bin" "$scratch/marker.bin"; then
		pass "$tag 0x90000000 reads what the chip files hold ($kind flash)"
	else
		fail "$tag 0x90000000 reads what the chip files hold ($kind flash)" \
			"$(cmp "$scratch/window.bin" "$scratch/app/app.bin" 2>&1; cmp "$scratch/marker_read.bin" "$scratch/marker.bin" 2>&1)"
	fi
	vb_stop || true
	stats_ok "$tag"
	keep_logs "$board"
	rm -f "$scratch/chip1.bin" "$scratch/chip2.bin"
}

MIB=1048576
suite "h750b-dk, board/h750_qspi.cfg" h750b-dk h750_qspi.cfg h7 $((64 * MIB)) dual \
	'2 x MT25QL512ABB .*dual flash, 131072 KiB'
suite "h750-w25q, board/h750_w25q_qspi.cfg" h750-w25q h750_w25q_qspi.cfg h7 $((16 * MIB)) single \
	'W25Q128JV .*single flash, 16384 KiB'
suite "f746g-disco, board/f746_qspi.cfg" f746g-disco f746_qspi.cfg f7 $((16 * MIB)) single \
	'N25Q128A .*single flash, 16384 KiB'
suite "h735g-dk, board/h735_ospi.cfg" h735g-dk h735_ospi.cfg h7 $((64 * MIB)) single \
	'MX25LM51245G .*single flash, 65536 KiB.*stm32h7-octospi.*memory-mapped read 0xee11 8D-8D-8D'

# The boot stub on the STM32H750B-DK.
tag="[h750b-dk, examples/h750_boot]"
kind=dual
chips $((64 * MIB))
if vb_start_chips --board h750b-dk; then
	openocd_run "$tag" h750_qspi.cfg "$scratch/oocd.log" boards_stub_checks \
		-f board/stm32h7x_dual_qspi.cfg \
		-c "set boot_bin $scratch/boot/h750_boot.bin" \
		-c "set boot_reset $(sym "$scratch/boot/h750_boot.elf" boot_reset)"
	vb_stop || true
	stats_ok "$tag"
	keep_logs h750b-dk-boot-stub
else
	fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
fi
done_testing
