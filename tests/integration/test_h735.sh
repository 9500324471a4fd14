#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# STM32H735G-DK on the vboard: the octal NOR found in each mode firmware
# may leave it in (SPI, SOPI, DOPI), programmed in octal DTR (and in octal
# STR when asked: `stm32xspi octal BANK str`); the HyperRAM
# mapped from its CR0, intact while the NOR is programmed; the naive
# OCTOSPIM sequence that breaks a memory-mapped HyperRAM, and ours that
# does not (h735.tcl).
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration
scale=${VBOARD_TEST_TIME_SCALE:-0.01}

vb_require "STM32H735G-DK on the vboard"

head -c $((256 << 10)) /dev/urandom >"$scratch/hram.bin"
head -c $((300 << 10)) /dev/urandom >"$scratch/nor.bin"

session() { # TAG FOUND dtr|str VBOARD-ARGS...
	tag=$1 found=$2 octal=$3
	shift 3
	vb_ports
	if ! vb_start "$scratch/vb.log" --board h735g-dk --time-scale "$scale" \
		--stats "$scratch/stats.json" "$@"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return 1
	fi
	: >"$scratch/oocd_now.log"
	timeout 600 "$OPENOCD" -c "set VBOARD_PORT $VB_DAP_PORT" -f interface/vboard.cfg \
		-f board/h735_ospi.cfg -c "gdb_port disabled" -c "telnet_port disabled" \
		-c "tcl_port disabled" -c "set work $scratch" -c "set found {$found}" -c "set octal $octal" \
		-c "log_output $scratch/oocd_now.log" -f "$here/h735.tcl" -c init -c h735_checks \
		-c shutdown >"$scratch/oocd.log" 2>&1
	rc=$?
	vb_stop || true
	cat "$scratch/oocd_now.log" >>"$scratch/oocd.log"
	oocd_results "$tag" "$scratch/oocd.log"
	if grep -q '^# checks done' "$scratch/oocd.log" && [ $rc = 0 ]; then
		pass "$tag OpenOCD ran every step and exited cleanly"
	else
		fail "$tag OpenOCD ran every step and exited cleanly" \
			"exit $rc; $(grep -E 'Error' "$scratch/oocd.log" | head -n 8)"
	fi
	cp "$scratch/oocd.log" "$XSPI_BUILDDIR/tests/out/h735-$(echo "$tag" | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9').oocd.log" 2>/dev/null
	return 0
}

session "[h735g-dk, chip in SPI]" "" dtr
session "[h735g-dk, chip left in DOPI]" "DOPI" dtr --flash-mode dopi
session "[h735g-dk, chip left in SOPI]" "SOPI" dtr --flash-mode sopi
session "[h735g-dk, run in octal STR]" "" str
session "[h735g-dk, left in DOPI, run in octal STR]" "DOPI" str --flash-mode dopi
done_testing
