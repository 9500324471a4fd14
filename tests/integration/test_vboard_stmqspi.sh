#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Proof of the vboard's QUADSPI and flash chip models against code nobody
# here wrote: OpenOCD 0.12.0's stmqspi driver with OpenOCD's own board
# configs (board/stm32h750b-disco.cfg + stm32h7x_dual_qspi.cfg,
# board/stm32f746g-disco.cfg), only their adapter lines replaced. Debian's
# /usr/bin/openocd over remote_bitbang and our build over CMSIS-DAP/TCP.
# The H735G-DK run (board/stm32h735g-disco.cfg: its octospi_init and its
# stmqspi bank on OCTOSPI1) checks the OCTOSPI, OCTOSPIM and MX25LM51245G
# models, once with the chip left in SPI (octospi_init 0) and once in the
# board file's own octal DTR set-up (octospi_init 1), on our build.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration
scale=${VBOARD_TEST_TIME_SCALE:-0.001}

vb_require "stmqspi against the vboard"
size=1048576
head -c $size /dev/urandom >"$scratch/img.bin"

# The stock board file with its adapter lines replaced: the ST-LINK
# interface becomes interface/vboard.cfg, `transport select hla_swd` goes,
# and for Debian's binary on remote_bitbang so do `adapter speed` lines (it
# cannot change that link's speed after init; our build can, patch 0002).
board_copy() { # STOCK-CFG-NAME DROP-SPEED OUT
	src=$(find /usr/share/openocd/scripts "$XSPI_BUILDDIR/openocd/source/tcl" -path "*/board/$1" 2>/dev/null | head -n 1)
	sed -e 's|source \[find interface/stlink.cfg\]|source [find interface/vboard.cfg]|' \
		-e '/^transport select hla_swd/d' \
		$([ "$2" = 1 ] && echo "-e /adapter[[:space:]]speed/d") "$src" >"$3"
}

# suite LINK OPENOCD-BINARY BOARD STOCK-CFG FLASH1-LINE FLASH2-LINE [VBOARD-ARGS...]
suite() {
	link=$1 bin=$2 board=$3 cfg=$4 f1=$5 f2=$6
	shift 6
	tag="[$board${OCTO_MODE:+ octospi_init $OCTO_MODE}${1:+ $*}, $link, $([ "$bin" = /usr/bin/openocd ] && echo "Debian openocd" || echo "our openocd")]"
	out=$board${OCTO_MODE:+-octo$OCTO_MODE}-$link
	vb_ports
	drop=0
	[ "$bin" = /usr/bin/openocd ] && [ "$link" = bitbang ] && drop=1
	board_copy "$cfg" $drop "$scratch/board.cfg"
	if ! vb_start "$scratch/vb.log" --board "$board" --time-scale "$scale" --stats "$scratch/stats.json" "$@"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	rm -f "$scratch/bank.bin" "$scratch/mm.bin"
	timeout 900 "$bin" -s "$XSPI_SRCDIR/target_cfg" \
		-c "set VBOARD_LINK $link" \
		-c "set VBOARD_PORT $([ "$link" = dap ] && echo "$VB_DAP_PORT" || echo "$VB_BB_PORT")" \
		-f "$scratch/board.cfg" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-c "set img $scratch/img.bin" -c "set size $size" \
		-c "set out_bank $scratch/bank.bin" -c "set out_mm $scratch/mm.bin" \
		${OCTO_MODE:+-c "set octo_mode $OCTO_MODE"} \
		-f "$here/vboard_stmqspi.tcl" >"$scratch/oocd.log" 2>&1
	rc=$?
	oocd_results "$tag" "$scratch/oocd.log"
	grep -E '^# .*: [0-9]+ ms$' "$scratch/oocd.log" | sed "s|^# |# $tag |"
	expect_in "$scratch/oocd.log" "$f1" "$tag stmqspi identifies flash1: $f1"
	[ -z "$f2" ] || expect_in "$scratch/oocd.log" "$f2" "$tag stmqspi identifies flash2: $f2"
	# the vboard writes its stats when it exits: stop it before reading them
	vb_stop || true
	if grep -q '"pin_errors": 0,' "$scratch/stats.json" 2>/dev/null; then
		pass "$tag the board's procs put every (Q/O)SPI pin in its alternate function"
	else
		fail "$tag the board's procs put every (Q/O)SPI pin in its alternate function" \
			"$(grep -o '"pin_errors": [0-9]*' "$scratch/stats.json" 2>/dev/null || echo "no stats")"
	fi
	if grep -q '^# checks done' "$scratch/oocd.log" && [ $rc = 0 ]; then
		pass "$tag OpenOCD ran every step and exited cleanly"
	else
		fail "$tag OpenOCD ran every step and exited cleanly" "exit $rc; $(grep -E 'Error' "$scratch/oocd.log" | head -n 8)"
	fi
	cp "$scratch/oocd.log" "$XSPI_BUILDDIR/tests/out/stmqspi-$out.oocd.log" 2>/dev/null
	cp "$scratch/vb.log" "$XSPI_BUILDDIR/tests/out/stmqspi-$out.vb.log" 2>/dev/null
	cp "$scratch/stats.json" "$XSPI_BUILDDIR/tests/out/stmqspi-$out.stats.json" 2>/dev/null
}

h750_1="flash1 'micron mt25ql512' id = 0x20ba20"
h750_2="flash2 'micron mt25ql512' id = 0x20ba20"
f746_1="flash1 'micron n25q128' id = 0x18ba20"
# MT25QU512ABB (20 BB 20) is not in OpenOCD's SPI table: stmqspi reads SFDP
sfdp_1="flash1 'sfdp' id = 0x20bb20 size = 65536 KiB"
sfdp_2="flash2 'sfdp' id = 0x20bb20 size = 65536 KiB"
for link in bitbang dap; do
	if [ $link = bitbang ]; then bin=/usr/bin/openocd; else bin=$OPENOCD; fi
	if [ ! -x "$bin" ]; then
		skip "stmqspi over $link" "$bin is not installed"
		continue
	fi
	suite $link "$bin" h750b-dk stm32h750b-disco.cfg "$h750_1" "$h750_2"
	suite $link "$bin" f746g-disco stm32f746g-disco.cfg "$f746_1" ""
done
# SFDP-based detection, on the fast link (the steps are the same).
suite dap "$OPENOCD" h750b-dk stm32h750b-disco.cfg "$sfdp_1" "$sfdp_2" --qspi-part MT25QU512ABB
# H735G-DK: OCTOSPI1 + OCTOSPIM + MX25LM51245G (C2 85 3A), in SPI and in
# octal DTR. OpenOCD 0.12.0's table has the part (src/flash/nor/spi.c:
# FLASH_ID("mac 25lm51245", ... 0x003a85c2 ...)), so stmqspi names it from
# the ID and reads no SFDP.
h735_1="flash1 'mac 25lm51245' id = 0x3a85c2 size = 65536 KiB"
for OCTO_MODE in 0 1; do
	suite dap "$OPENOCD" h735g-dk stm32h735g-disco.cfg "$h735_1" ""
	if [ -f "$scratch/stats.json" ] && grep -q '"reconfigured_while_mm": 0' "$scratch/stats.json"; then
		pass "[h735g-dk octospi_init $OCTO_MODE] the board file never reconfigures the OCTOSPIM under a memory-mapped OCTOSPI"
	else
		fail "[h735g-dk octospi_init $OCTO_MODE] the board file never reconfigures the OCTOSPIM under a memory-mapped OCTOSPI" \
			"$(grep -o '"octospim": {[^}]*}' "$scratch/stats.json" 2>/dev/null || echo "no stats")"
	fi
done
unset OCTO_MODE
done_testing
