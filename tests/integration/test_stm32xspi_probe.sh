#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# stm32xspi's host-side QUADSPI probe against the vboard's QUADSPI and
# chips, over CMSIS-DAP/TCP with our bin/openocd: identification (SFDP or
# the part table), single vs dual flash, geometry, memory-mapped mode
# afterwards (mdw, flash read_bank against what the chips were given),
# chips left in QPI by the stock board proc, and clear errors when no chip
# answers or the controller base is wrong.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration
scale=${VBOARD_TEST_TIME_SCALE:-0.001}

vb_require "stm32xspi probe against the vboard"

# chip_file FILE BYTES MUL ADD: an erased chip image whose first KiB holds
# the pattern (i * MUL + ADD) % 255 + 1 (never 0x00 nor 0xFF)
chip_file() {
	head -c "$2" /dev/zero | LC_ALL=C tr '\000' '\377' >"$1"
	pattern "$3" "$4" 1024 | dd of="$1" conv=notrunc status=none
}
pattern() { # MUL ADD COUNT [MUL2 ADD2]: bytes to stdout; with MUL2, interleaved
	LC_ALL=C awk -v m="$1" -v a="$2" -v n="$3" -v m2="$4" -v a2="$5" 'BEGIN {
		for (i = 0; i < n; i++) {
			printf "%c", (i * m + a) % 255 + 1
			if (m2 != "") printf "%c", (i * m2 + a2) % 255 + 1
		}
	}'
}
# expected_window OUT SINGLE|DUAL: the first 64 KiB of the window
expected_window() {
	{
		if [ "$2" = dual ]; then pattern 7 1 1024 13 5; else pattern 7 1 1024; fi
		head -c $((65536 - $([ "$2" = dual ] && echo 2048 || echo 1024))) /dev/zero | LC_ALL=C tr '\000' '\377'
	} >"$1"
}
words_of() { od -An -tx4 -N16 "$1" | awk '{ printf "0x%s 0x%s 0x%s 0x%s", $1, $2, $3, $4 }'; }

# suite TAG BOARD CHIP-BYTES SINGLE|DUAL PART-RE QPI EXTRA-CFG...
suite() {
	tag="[$1]" board=$2 bytes=$3 kind=$4 part_re=$5 qpi=$6
	shift 6
	case $board in
	f746g-disco) tcfg=target/stm32f7x.cfg cpu=stm32f7x.cpu ctrl=0xA0001000 pins=f7_qspi_pins ;;
	*) tcfg=target/stm32h7x.cfg cpu=stm32h7x.cpu0 ctrl=0x52005000 pins=h7_qspi_pins ;;
	esac
	vb_ports
	chip_file "$scratch/chip1.bin" "$bytes" 7 1
	set -- --flash-file "$scratch/chip1.bin"
	if [ "$kind" = dual ]; then
		chip_file "$scratch/chip2.bin" "$bytes" 13 5
		set -- "$@" --flash-file "$scratch/chip2.bin"
	fi
	expected_window "$scratch/expect.bin" "$kind"
	if ! vb_start "$scratch/vb.log" --board "$board" --time-scale "$scale" --stats "$scratch/stats.json" "$@"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	rm -f "$scratch/bank.bin"
	stock=
	[ "$qpi" = 1 ] && stock="-f board/stm32h7x_dual_qspi.cfg"
	timeout 300 "$OPENOCD" -s "$XSPI_SRCDIR/target_cfg" \
		-c "set VBOARD_LINK dap" -c "set VBOARD_PORT $VB_DAP_PORT" \
		-f interface/vboard.cfg -f $tcfg $stock \
		-c "flash bank q stm32xspi 0x90000000 0 0 0 $cpu $ctrl" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-c "set pins $pins" -c "set qpi $qpi" -c "set part_re {$part_re}" \
		-c "set words {$(words_of "$scratch/expect.bin")}" -c "set out_bank $scratch/bank.bin" \
		-f "$here/stm32xspi_probe.tcl" -c stm32xspi_probe_checks -c shutdown >"$scratch/oocd.log" 2>&1
	rc=$?
	oocd_results "$tag" "$scratch/oocd.log"
	grep -E '^# ' "$scratch/oocd.log" | sed "s|^# |# $tag |"
	if cmp -s "$scratch/bank.bin" "$scratch/expect.bin"; then
		pass "$tag flash read_bank equals what the chips hold"
	else
		fail "$tag flash read_bank equals what the chips hold" "$(cmp "$scratch/bank.bin" "$scratch/expect.bin" 2>&1 | head -n 2)"
	fi
	if grep -q '^# checks done' "$scratch/oocd.log" && [ $rc = 0 ]; then
		pass "$tag OpenOCD ran every step and exited cleanly"
	else
		fail "$tag OpenOCD ran every step and exited cleanly" "exit $rc; $(grep -E 'Error' "$scratch/oocd.log" | head -n 8)"
	fi
	vb_stop || true
	mkdir -p "$XSPI_BUILDDIR/tests/out"
	cp "$scratch/oocd.log" "$XSPI_BUILDDIR/tests/out/stm32xspi-probe-$board-qpi$qpi.oocd.log" 2>/dev/null
	rm -f "$scratch/chip1.bin" "$scratch/chip2.bin"
}

# fails TAG BOARD CTRL PINS-PROC REGEX: probe must fail with REGEX in the log
fails() {
	tag="[$1]"
	vb_ports
	if ! vb_start "$scratch/vb.log" --board "$2" --time-scale "$scale"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	timeout 120 "$OPENOCD" -c "set VBOARD_LINK dap" -c "set VBOARD_PORT $VB_DAP_PORT" \
		-f interface/vboard.cfg -f target/stm32h7x.cfg \
		-c "flash bank q stm32xspi 0x90000000 0 0 0 stm32h7x.cpu0 $3" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-f "$here/stm32xspi_probe.tcl" -c init -c "reset halt" -c "$4" -c "flash probe q" \
		-c shutdown >"$scratch/fail.log" 2>&1
	rc=$?
	[ $rc != 0 ] && pass "$tag flash probe fails" || fail "$tag flash probe fails" "$(tail -n 5 "$scratch/fail.log")"
	expect_in "$scratch/fail.log" "$5" "$tag the error says: $5"
	vb_stop || true
}

MIB=1048576
suite "h750b-dk, 2 x MT25QL512ABB" h750b-dk $((64 * MIB)) dual \
	'2 x MT25QL512ABB .*from SFDP.*dual flash, 131072 KiB.*read 0xec 1-4-4, 4-byte address' 0
suite "h750-w25q, W25Q128JV" h750-w25q $((16 * MIB)) single \
	'W25Q128JV .*from SFDP.*single flash, 16384 KiB.*read 0xeb 1-4-4, 3-byte address' 0
suite "f746g-disco, N25Q128A" f746g-disco $((16 * MIB)) single \
	'N25Q128A .*single flash, 16384 KiB.*read 0xeb 1-4-4, 3-byte address' 0
suite "h750b-dk, chips left in QPI by the stock qspi_init 1" h750b-dk $((64 * MIB)) dual \
	'2 x MT25QL512ABB .*dual flash, 131072 KiB.*read 0xec 1-4-4' 1
# The vboard still answers when the pins are not in their alternate
# function (it counts pin errors instead), so "no chip" is the gated clock.
fails "QUADSPI clock not enabled" h750b-dk 0x52005000 h7_qspi_pins_only \
	"probe of bank 'q' failed: the JEDEC ID read \(9Fh\) on QUADSPI memory 1 did not complete; check the QUADSPI clock"
fails "wrong controller base" h750b-dk 0x52006000 h7_qspi_pins \
	"probe of bank 'q' failed: no known QUADSPI/OCTOSPI at 0x52006000"
done_testing
