#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# stm32xspi block protection and sub-commands against the vboard's chips
# (their status registers and protection are modelled: vb_nor_parts.c),
# over CMSIS-DAP/TCP with our bin/openocd, on each board and on a
# Macronix part fitted to the single-chip H750 board:
#   - `flash protect` of representable ranges (top, bottom, SEC, CMP, BP3)
#     protects exactly those sectors in `flash info`, and the chips' status
#     registers (read back with `stm32xspi cmd`) hold the expected bits;
#   - an unrepresentable range fails naming the nearest ranges; a range
#     needing a one-time programmable bit fails saying so;
#   - `flash erase_address` / `flash write_bank` into the protected range
#     fail with a message naming the register bits, and the vboard's audit
#     shows no erase or program there (nor a refused command);
#   - `stm32xspi unlock` clears the bits, after which the write works;
#   - `stm32xspi sfdp` dumps "SFDP", `stm32xspi cmd` reads the JEDEC ID,
#     `stm32xspi mmap off/on` and the window reads the content again,
#     `stm32xspi skip_unchanged`.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration
scale=${VBOARD_TEST_TIME_SCALE:-0.001}

vb_require "stm32xspi protection against the vboard"

# chip_file FILE BYTES MUL ADD: an erased chip image whose first KiB holds
# the pattern (i * MUL + ADD) % 255 + 1 (never 0x00 nor 0xFF)
chip_file() {
	head -c "$2" /dev/zero | LC_ALL=C tr '\000' '\377' >"$1"
	LC_ALL=C awk -v m="$3" -v a="$4" 'BEGIN {
		for (i = 0; i < 1024; i++) printf "%c", (i * m + a) % 255 + 1
	}' | dd of="$1" conv=notrunc status=none
}
# window_words SINGLE|DUAL: the first four words of the window, as the
# chips of chip_file (7 1 / 13 5) show them (dual: bytes alternate)
window_words() {
	LC_ALL=C awk -v dual="$1" 'BEGIN {
		for (w = 0; w < 4; w++) {
			v = ""
			for (b = 3; b >= 0; b--) {
				i = w * 4 + b
				if (dual == "dual") x = (i % 2) ? (int(i / 2) * 13 + 5) % 255 + 1 : (int(i / 2) * 7 + 1) % 255 + 1
				else x = (i * 7 + 1) % 255 + 1
				v = v sprintf("%02x", x)
			}
			printf "%s0x%s", (w ? " " : ""), v
		}
	}'
}

head -c 65536 /dev/urandom >"$scratch/data.bin"
head -c 4096 /dev/urandom >"$scratch/marker.bin"

# audit STATS NCHIPS LO HI MARKER: from the vboard's stats, per chip, the
# erase/program entries in chip range [LO, HI) before the first entry at
# chip address MARKER (the marker write), the refused commands, and the
# programs in [LO, HI) after the marker; one line "before refused after"
audit() {
	python3 - "$@" <<'EOF'
import json, sys
stats, n, lo, hi, marker = sys.argv[1], int(sys.argv[2]), *(int(x, 0) for x in sys.argv[3:6])
d = json.load(open(stats))
before = refused = after = 0
for chip in (d["qspi"] if "qspi" in d else d["ospi1"])["chips"][:n]:
    seen = False
    for a in chip["audit"]:
        refused += a["refused"]
        inside = a["addr"] < hi and a["addr"] + a["len"] > lo
        if a["addr"] == marker:
            seen = True
        if inside and not seen:
            before += 1
        if inside and seen and a["op"] == "program" and not a["refused"]:
            after += 1
print(before, refused, after)
EOF
}

# suite TAG BOARD CHIP-BYTES SINGLE|DUAL VBOARD-ARGS...: the checks of
# stm32xspi_prot.tcl with the Tcl variables in $tclvars; $bad_re and
# $guard_re: what OpenOCD's log must say for the unrepresentable range and
# the refused erase; $chip_lo/$chip_hi: the protected range of each chip
# while the guards are tried; $marker_chip: the marker's chip address.
suite() {
	tag="[$1]" board=$2 bytes=$3 kind=$4
	slug=$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '-')
	shift 4
	case $board in
	f746g-disco) tcfg=target/stm32f7x.cfg cpu=stm32f7x.cpu ctrl=0xA0001000 pins=f7_qspi_pins ;;
	h735g-dk) tcfg=target/stm32h7x.cfg cpu=stm32h7x.cpu0 ctrl=0x52005000 pins=h7_ospi_pins ;;
	*) tcfg=target/stm32h7x.cfg cpu=stm32h7x.cpu0 ctrl=0x52005000 pins=h7_qspi_pins ;;
	esac
	n=1
	[ "$kind" = dual ] && n=2
	vb_ports
	chip_file "$scratch/chip1.bin" "$bytes" 7 1
	set -- "$@" --flash-file "$scratch/chip1.bin"
	if [ $n = 2 ]; then
		chip_file "$scratch/chip2.bin" "$bytes" 13 5
		set -- "$@" --flash-file "$scratch/chip2.bin"
	fi
	rm -f "$scratch/stats.json"
	if ! vb_start "$scratch/vb.log" --board "$board" --time-scale "$scale" --stats "$scratch/stats.json" "$@"; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return
	fi
	timeout 600 "$OPENOCD" -s "$XSPI_SRCDIR/target_cfg" \
		-c "set VBOARD_LINK dap" -c "set VBOARD_PORT $VB_DAP_PORT" \
		-f interface/vboard.cfg -f $tcfg \
		-c "flash bank q stm32xspi 0x90000000 0 0 0 $cpu $ctrl" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-c "set pins $pins" -c "set nchips $n" -c "set data $scratch/data.bin" \
		-c "set marker $scratch/marker.bin" -c "set words {$(window_words $kind)}" \
		-c "$tclvars" \
		-f "$here/stm32xspi_prot.tcl" -c stm32xspi_prot_checks -c shutdown >"$scratch/oocd.log" 2>&1
	rc=$?
	oocd_results "$tag" "$scratch/oocd.log"
	if grep -q '^# checks done' "$scratch/oocd.log" && [ $rc = 0 ]; then
		pass "$tag OpenOCD ran every step and exited cleanly"
	else
		fail "$tag OpenOCD ran every step and exited cleanly" "exit $rc; $(grep -E 'Error' "$scratch/oocd.log" | head -n 8)"
	fi
	expect_in "$scratch/oocd.log" "$bad_re" "$tag the unrepresentable range's error names the nearest ranges"
	expect_in "$scratch/oocd.log" "cannot erase $guard_re" "$tag the refused erase names the register bits"
	expect_in "$scratch/oocd.log" "cannot program $guard_re" "$tag the refused write names the register bits"
	# the vboard writes its stats when it exits: stop it before reading them
	vb_stop || true
	mkdir -p "$XSPI_BUILDDIR/tests/out"
	cp "$scratch/oocd.log" "$XSPI_BUILDDIR/tests/out/stm32xspi-prot-$slug.oocd.log" 2>/dev/null
	cp "$scratch/stats.json" "$XSPI_BUILDDIR/tests/out/stm32xspi-prot-$slug.stats.json" 2>/dev/null
	if ! command -v python3 >/dev/null 2>&1; then
		skip "$tag the vboard's audit: nothing erased or programmed in the protected range" "no python3"
	elif res=$(audit "$scratch/stats.json" $n "$chip_lo" "$chip_hi" "$marker_chip" 2>&1); then
		set -- $res
		[ "$1" = 0 ] && pass "$tag the vboard's audit: nothing erased or programmed in the protected range" ||
			fail "$tag the vboard's audit: nothing erased or programmed in the protected range" "$1 entries there"
		[ "$2" = 0 ] && pass "$tag the chips refused no command (the driver did not send any)" ||
			fail "$tag the chips refused no command (the driver did not send any)" "$2 refused"
		[ "${3:-0}" -gt 0 ] && pass "$tag after unlock the range is programmed" ||
			fail "$tag after unlock the range is programmed" "no program entry there: $res"
	else
		fail "$tag the vboard's stats can be read" "$res"
	fi
	rm -f "$scratch/chip1.bin" "$scratch/chip2.bin"
}

MIB=1048576
# Two MT25QL512ABB: 8 KiB bank sectors (4 KiB per chip), 16384 of them;
# BP 0001 = the top 64 KiB of each chip = bank sectors 16368-16383, TB =
# bottom, BP 1010 = 512 sectors per chip = the top half.
tclvars='set cases {{16368 16383 {04 04} {}} {0 15 {24 24} {}} {8192 16383 {48 48} {}}}
set bad {16370 16383}; set final {16368 16383}; set sr_clear {00 00}
set guard_addr 0x97ff0000; set guard_len 0x10000; set write_off 0x7ff0000
set marker_off 0x100000; set jedec {20 ba 20}'
bad_re="cannot protect exactly sectors 16370-16383: .*nearest: nothing inside, sectors 16368-16383 .* covering"
guard_re="0x07ff0000-0x07ffffff: SR = 0x04: BP0 set, TB 0: chip 1 protects 0x03ff0000-0x03ffffff .*run 'stm32xspi unlock [0-9]+' or 'flash protect [0-9]+ 16376 16383 off'"
chip_lo=0x3ff0000 chip_hi=0x4000000 marker_chip=0x80000
suite "h750b-dk, 2 x MT25QL512ABB" h750b-dk $((64 * MIB)) dual

# W25Q128JV: 4 KiB sectors; BP 001 = top 256 KiB, SEC TB BP 001 = the
# bottom 4 KiB, CMP = all but the top 256 KiB, SEC BP 010 = top 8 KiB.
tclvars='set cases {{4032 4095 04 02} {0 0 64 02} {0 4031 04 42} {4094 4095 48 02}}
set bad {4000 4095}; set final {4032 4095}; set sr_clear 00
set guard_addr 0x90ff0000; set guard_len 0x10000; set write_off 0xff0000
set marker_off 0x100000; set jedec {ef 40 18}'
bad_re="cannot protect exactly sectors 4000-4095: .*nearest: sectors 4032-4095 .* inside, sectors 3968-4095 .* covering"
guard_re="0x00ff0000-0x00ffffff: SR1 = 0x04: BP0 set, TB 0, SEC 0; SR2 = 0x02: CMP 0: chip 1 protects 0x00fc0000-0x00ffffff; run 'stm32xspi unlock [0-9]+' or 'flash protect [0-9]+ 4080 4095 off'"
chip_lo=0xfc0000 chip_hi=0x1000000 marker_chip=0x100000
suite "h750-w25q, W25Q128JV" h750-w25q $((16 * MIB)) single

# N25Q128A: BP3 is SR bit 6 (BP 1000 = the top half), no SEC: 32 KiB at
# the top is not representable.
tclvars='set cases {{4080 4095 04 {}} {0 63 2c {}} {2048 4095 40 {}}}
set bad {4088 4095}; set final {4080 4095}; set sr_clear 00
set guard_addr 0x90ff0000; set guard_len 0x10000; set write_off 0xff0000
set marker_off 0x100000; set jedec {20 ba 18}'
bad_re="cannot protect exactly sectors 4088-4095: .*nearest: nothing inside, sectors 4080-4095 .* covering"
guard_re="0x00ff0000-0x00ffffff: SR = 0x04: BP0 set, TB 0: chip 1 protects 0x00ff0000-0x00ffffff; run 'stm32xspi unlock [0-9]+' or 'flash protect [0-9]+ 4080 4095 off'"
chip_lo=0xff0000 chip_hi=0x1000000 marker_chip=0x100000
suite "f746g-disco, N25Q128A" f746g-disco $((16 * MIB)) single

# MX25L12835F on the single-chip H750 board: BP3 is SR bit 5; QE (bit 6,
# which the probe leaves alone) is set first with a raw write and must
# survive every protection change; TB is OTP in CR, so the bottom cannot
# be protected.
tclvars='set setup {{stm32xspi cmd q -wren 0x01 write 0x40} 40}
set cases {{4080 4095 44 {}} {2048 4095 60 {}}}
set bad {0 15}; set final {4080 4095}; set sr_clear 40
set guard_addr 0x90ff0000; set guard_len 0x10000; set write_off 0xff0000
set marker_off 0x100000; set jedec {c2 20 18}'
bad_re="cannot protect exactly sectors 0-15: only a one-time programmable bit could select this range \(TB is one-time programmable"
guard_re="0x00ff0000-0x00ffffff: SR = 0x44: BP0 set; CR = 0x07: TB 0: chip 1 protects 0x00ff0000-0x00ffffff; run 'stm32xspi unlock [0-9]+'"
chip_lo=0xff0000 chip_hi=0x1000000 marker_chip=0x100000
suite "h750-w25q, MX25L12835F" h750-w25q $((16 * MIB)) single --qspi-part MX25L12835F

# MX25LM51245G on the H735G-DK's OCTOSPI1 (run in octal DTR; protection is
# read and written in SPI): Macronix BP0-3 in SR bits 2-5, 64 KiB doubling
# (BP 1010 = the top 32 MiB), TB one-time programmable in CR.
tclvars='set cases {{16368 16383 04 {}} {8192 16383 28 {}}}
set bad {0 15}; set final {16368 16383}; set sr_clear 00
set guard_addr 0x93ff0000; set guard_len 0x10000; set write_off 0x3ff0000
set marker_off 0x100000; set jedec {c2 85 3a}'
bad_re="cannot protect exactly sectors 0-15: only a one-time programmable bit could select this range \(TB is one-time programmable"
guard_re="0x03ff0000-0x03ffffff: SR = 0x04: BP0 set; CR = 0x07: TB 0: chip 1 protects 0x03ff0000-0x03ffffff; run 'stm32xspi unlock [0-9]+'"
chip_lo=0x3ff0000 chip_hi=0x4000000 marker_chip=0x100000
suite "h735g-dk, MX25LM51245G" h735g-dk $((64 * MIB)) single

done_testing
