#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD programs the vboard's internal flash like a real board's: the
# stock stm32h7x / stm32f2x flash drivers, their target algorithms running
# on the simulated core (contrib/loaders/flash/stm32/stm32h7x.S,
# stm32f2x.S), against the FLASH program/erase engine (vboard/vb_flashif.c).
# Per board: `flash write_image erase` of a random image, `verify_image`,
# `flash erase_check`. Debian's unmodified /usr/bin/openocd over
# remote_bitbang (JTAG) and our $OPENOCD over CMSIS-DAP/TCP.
#
# Images: 128 KiB on the H7s (the H750's whole bank, sector 0 of the
# H735's eight), 200 KiB on the F746 (sectors 0-3 of 32 KiB and into the
# 128 KiB sector 4, RM0385 "Flash module organization"). Flash times are
# the datasheets' typicals (VB_TIME_SCALE shrinks them, default 1).
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
time_scale=${VB_TIME_SCALE:-1}

vb_require "vboard internal flash tests"

# Per board: image size, the sectors OpenOCD must report "not erased"
# afterwards (and the first one that must not be listed: still erased).
board_image() {
	case $1 in
	f746g-disco) echo "204800 0,1,2,3,4 5" ;;
	h735g-dk) echo "131072 0 1" ;;
	*) echo "131072 0 -" ;;
	esac
}

# run LINK OPENOCD-BINARY BOARD
run() {
	link=$1 bin=$2 board=$3
	tag="[$board, $link, $([ "$bin" = /usr/bin/openocd ] && echo "Debian openocd" || echo "$bin")]"
	set -- $(board_image "$board")
	size=$1 written=$2 clean=$3
	head -c "$size" /dev/urandom >"$scratch/img.bin"
	vb_ports
	if ! vb_start "$scratch/vb.log" --board "$board" --time-scale "$time_scale" \
		--stats "$scratch/stats.json"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	port=$([ "$link" = dap ] && echo "$VB_DAP_PORT" || echo "$VB_BB_PORT")
	timeout 600 "$bin" -s "$XSPI_SRCDIR/target_cfg" \
		-c "set VBOARD_LINK $link" -c "set VBOARD_PORT $port" \
		-f interface/vboard.cfg -f "$(board_target "$board")" \
		-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled" \
		-c init -c "reset halt" \
		-c "flash write_image erase $scratch/img.bin 0x08000000 bin" \
		-c "verify_image $scratch/img.bin 0x08000000 bin" \
		-c "flash erase_check 0" -c shutdown >"$scratch/oocd.log" 2>&1
	rc=$?
	log=$scratch/oocd.log
	if [ $rc = 0 ]; then pass "$tag OpenOCD exits 0"; else fail "$tag OpenOCD exits 0" "exit $rc; $(tail -n 8 "$log")"; fi
	expect_in "$log" "^wrote [0-9]+ bytes from file $scratch/img.bin" "$tag flash write_image erase"
	expect_in "$log" "^verified $size bytes" "$tag verify_image: $size bytes match"
	expect_in "$log" '^successfully checked erase state' "$tag flash erase_check runs"
	ok=1
	for s in $(echo "$written" | tr , ' '); do
		grep -Eq "^[[:space:]]+# +$s: .* not erased" "$log" || ok=0
	done
	if [ $ok = 1 ]; then pass "$tag erase_check: sectors $written programmed"; else fail "$tag erase_check: sectors $written programmed" "$(grep -E '^[[:space:]]+#' "$log")"; fi
	if [ "$clean" != - ]; then
		expect_not_in "$log" "^[[:space:]]+# +$clean: " "$tag erase_check: sector $clean still erased"
	fi
	expect_not_in "$log" "falling back|slow fallback|can't do block memory writes|couldn't use block writes" \
		"$tag the flash algorithm ran on the core (no fallback to single accesses)"
	expect_not_in "$log" "flash write failed|error executing stm32|erase time-out|time out expired|timed out waiting|flash memory write protected|not unlocked" \
		"$tag no flash driver error"
	if vb_stop; then pass "$tag vboard exits when OpenOCD quits"; else fail "$tag vboard exits when OpenOCD quits"; fi
	expect_not_in "$scratch/stats.json" 'FLASH:|to flash without PG' "$tag no flash guest error in the vboard's stats"
	grep -E '^(wrote|verified) ' "$log" | sed "s|^|# $tag |"
	cp "$log" "$XSPI_BUILDDIR/tests/out/intflash-$board-$link.oocd.log" 2>/dev/null
}

for board in h750b-dk h735g-dk f746g-disco; do
	if [ -x /usr/bin/openocd ]; then
		run bitbang /usr/bin/openocd "$board"
	else
		skip "[$board] Debian openocd over remote_bitbang" "/usr/bin/openocd is not installed"
	fi
	run dap "$OPENOCD" "$board"
done
done_testing
