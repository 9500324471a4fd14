#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# stm32xspi erase / program / verify / blank check / skip-unchanged on the
# vboard's three boards, with our bin/openocd and the project's board files.
# The chips start full of random data; the vboard's audit log (every erase
# and program the chips saw) proves what was and was not touched:
#   1. a hex with a section at 0x38000000 is refused and erases nothing;
#      erase of a range with unaligned ends (pad) erases exactly the
#      sectors it covers and reads 0xff at once; program sweeps of sizes x
#      offsets (odd and unaligned; dual-flash rules) read back exactly;
#      verify catches one wrong byte; erase_check tells blank from not;
#   2. an image written, then another over it without a power cycle;
#   3. the same image again: zero erases and zero programs;
#   4. one sector changed: one sector erased, programs only inside it;
#   5. a probe while the chip is still erasing (a chip erase started
#      behind the driver's back; the probe's reset ends it, as the
#      datasheets say and the model does), then a write and verify.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/vboard_lib.sh"
: "${OPENOCD:?}"
here=$XSPI_SRCDIR/tests/integration
scale=${VBOARD_TEST_TIME_SCALE:-0.01}
check="python3 $here/xspi_check.py"

vb_require "stm32xspi erase/program on the vboard"

# session TAG BOARD CFG NAME: one vboard + OpenOCD run of ops.tcl's session
session() {
	tag=$1 board=$2 cfg=$3 name=$4
	vb_ports
	if ! vb_start "$scratch/vb.log" --board "$board" --time-scale "$scale" \
		--stats "$scratch/stats_$name.json" $chips_args; then
		fail "$tag vboard starts" "$(tail -n 5 "$scratch/vb.log")"
		return 1
	fi
	timeout 600 "$OPENOCD" -c "set VBOARD_PORT $VB_DAP_PORT" -f interface/vboard.cfg -f "$cfg" \
		-c "gdb_port disabled" -c "telnet_port disabled" -c "tcl_port disabled" \
		-c "set work $scratch" -c "set session $name" \
		-c "set erase_op $erase_op" -c "set addr_bytes $addr_bytes" \
		-f "$here/stm32xspi_ops.tcl" -c init -c ops_checks -c shutdown \
		>"$scratch/oocd_$name.log" 2>&1
	rc=$?
	vb_stop || true
	oocd_results "$tag $name" "$scratch/oocd_$name.log"
	grep -E '^# .*: [0-9]+ ms$' "$scratch/oocd_$name.log" | sed "s|^# |# $tag |"
	if grep -q '^# checks done' "$scratch/oocd_$name.log" && [ $rc = 0 ]; then
		pass "$tag $name: OpenOCD ran every step and exited cleanly"
	else
		fail "$tag $name: OpenOCD ran every step and exited cleanly" \
			"exit $rc; $(grep -E 'Error' "$scratch/oocd_$name.log" | head -n 8)"
	fi
	cp "$scratch/oocd_$name.log" "$XSPI_BUILDDIR/tests/out/ops-$board-$name.oocd.log" 2>/dev/null
	$check audit "$scratch/stats_$name.json" >"$scratch/audit_$name.txt" 2>"$scratch/audit_err.txt" ||
		fail "$tag $name: the vboard wrote its stats" "$(cat "$scratch/audit_err.txt")"
	return 0
}

# window OUT OFFSET LEN: what the original chips show in the window
window() { $check window "$1" "$2" "$3" $orig_chips; }

ff() { head -c "$1" /dev/zero | LC_ALL=C tr '\000' '\377'; }

# The sweep: (offset in a 16 KiB slot, size) pairs, odd and unaligned
sweep_cases="0:1 1:2 3:3 255:255 256:256 511:257 4097:511 127:512 2:513 4095:4095 5:4097 512:8195"

make_files() {
	i=0
	ff $((0x40000)) >"$scratch/sweep_expect.bin"
	rm -f "$scratch"/case_*.bin
	for c in $sweep_cases; do
		o=${c%%:*} n=${c#*:}
		off=$((0x40000 + i * 0x4000 + o))
		f=$(printf '%s/case_%02d_0x%x.bin' "$scratch" $i $off)
		head -c "$n" /dev/urandom >"$f"
		dd if="$f" of="$scratch/sweep_expect.bin" bs=1 seek=$((off - 0x40000)) conv=notrunc status=none
		last=$f
		i=$((i + 1))
	done
	cp "$last" "$scratch/sweep_bad.bin"
	printf '\125' | dd of="$scratch/sweep_bad.bin" bs=1 seek=100 conv=notrunc status=none
	cmp -s "$last" "$scratch/sweep_bad.bin" &&
		printf '\252' | dd of="$scratch/sweep_bad.bin" bs=1 seek=100 conv=notrunc status=none
	# images for the skip-unchanged sessions: unaligned start and end
	head -c $((0x41234)) /dev/urandom >"$scratch/imgA.bin"
	head -c $((0x41234)) /dev/urandom >"$scratch/imgB.bin"
	cp "$scratch/imgB.bin" "$scratch/imgC.bin"
	head -c 16 /dev/urandom | dd of="$scratch/imgC.bin" bs=1 seek=$((0x10100)) conv=notrunc status=none
	# a hex: 256 bytes for the flash and 64 bytes at 0x38000000
	head -c 256 /dev/urandom >"$scratch/in.bin"
	head -c 64 /dev/urandom >"$scratch/out.bin"
	arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x90000000 "$scratch/in.bin" "$scratch/in.hex"
	arm-none-eabi-objcopy -I binary -O ihex --change-addresses 0x38000000 "$scratch/out.bin" "$scratch/out.hex"
	$check hexcat "$scratch/outside.hex" "$scratch/in.hex" "$scratch/out.hex"
}

# audit_in FILE LO HI OP: every OP entry of FILE lies in [LO, HI) (chip addresses)
audit_outside() {
	awk -v op="$2" -v lo="$3" -v hi="$4" '$2 == op && ($3 < lo || $3 + $4 > hi) { print }' "$1"
}
count_op() { awk -v op="$2" '$2 == op' "$1" | wc -l; }

# suite TAG BOARD CFG CHIPS CHIP-BYTES SECTOR 4K-ERASE-OPCODE ADDRESS-BYTES
suite() {
	tag="[$1]" board=$2 cfg=$3 nchips=$4 bytes=$5 sector=$6 erase_op=$7 addr_bytes=$8
	chips_args= orig_chips=
	for c in $(seq 1 "$nchips"); do
		head -c "$bytes" /dev/urandom >"$scratch/chip$c.bin"
		cp "$scratch/chip$c.bin" "$scratch/orig$c.bin"
		chips_args="$chips_args --flash-file $scratch/chip$c.bin"
		orig_chips="$orig_chips $scratch/orig$c.bin"
	done
	make_files

	# 1: erase, sweep, verify, blank check
	session "$tag" "$board" "$cfg" ops || return
	lo=$((0x3456 / sector * sector))
	hi=$(((0x3456 + 0x5000 + sector - 1) / sector * sector))
	window "$scratch/expect_erase.bin" 0 $((0x20000))
	ff $((hi - lo)) | dd of="$scratch/expect_erase.bin" bs=1 seek=$lo conv=notrunc status=none
	if cmp -s "$scratch/after_erase.bin" "$scratch/expect_erase.bin"; then
		pass "$tag erase_address pad: 0x$(printf %x $lo)..0x$(printf %x $hi) reads 0xff, everything around it unchanged"
	else
		fail "$tag erase_address pad: the erased range and its surroundings" \
			"$(cmp "$scratch/after_erase.bin" "$scratch/expect_erase.bin" 2>&1 | head -n 3)"
	fi
	if cmp -s "$scratch/sweep_back.bin" "$scratch/sweep_expect.bin"; then
		pass "$tag program sweep ($(echo $sweep_cases | wc -w) sizes x offsets) reads back exactly"
	else
		fail "$tag program sweep reads back exactly" \
			"$(cmp -l "$scratch/sweep_back.bin" "$scratch/sweep_expect.bin" 2>&1 | head -n 5)"
	fi
	expect_in "$scratch/oocd_ops.log" 'outside every flash bank' \
		"$tag the refusal names the section outside every flash bank"
	expect_in "$scratch/oocd_ops.log" 'NOLOAD' "$tag the refusal suggests NOLOAD"
	expect_in "$scratch/oocd_ops.log" 'verify failed: first difference at 0x9006c264 ' \
		"$tag the verify error names the first differing address"
	expect_in "$scratch/oocd_ops.log" 'program failed: first difference at 0x902000.*not blank before' \
		"$tag a program that does not read back is an error that says why"
	# erase_check lists sectors that are not blank, never the erased ones
	s_sweep=$((0x78000 / sector)) # no case writes beyond 0x6e203
	if grep -Eq "#[ ]*$s_sweep: " "$scratch/oocd_ops.log"; then
		fail "$tag erase_check: the erased sweep sector $s_sweep is not listed as not erased"
	else
		pass "$tag erase_check: the erased sweep sector $s_sweep is not listed as not erased"
	fi
	expect_in "$scratch/oocd_ops.log" "#[ ]*$((0x100000 / sector)): .*not erased" \
		"$tag erase_check: a sector of random data is listed as not erased"
	a=$scratch/audit_ops.txt
	# an entry is fine when it lies in either range: filter twice
	bad=$(awk -v l1=$((lo / nchips)) -v h1=$((hi / nchips)) -v l2=$((0x40000 / nchips)) \
		-v h2=$((0x80000 / nchips)) '$2 == "erase" && !(($3 >= l1 && $3 + $4 <= h1) || ($3 >= l2 && $3 + $4 <= h2))' "$a")
	if [ -z "$bad" ] && [ "$(count_op "$a" erase)" -gt 0 ]; then
		pass "$tag audit: every erase lies inside the requested ranges ($(count_op "$a" erase) erases)"
	else
		fail "$tag audit: every erase lies inside the requested ranges" "$bad"
	fi
	erased=$(awk '$2 == "erase" { s += $4 } END { print s + 0 }' "$a")
	want=$(((hi - lo + 0x40000) / nchips * nchips))
	if [ "$erased" = "$want" ]; then
		pass "$tag audit: the erases cover the requested ranges exactly ($erased bytes over all chips)"
	else
		fail "$tag audit: the erases cover the requested ranges exactly" "erased $erased bytes, want $want"
	fi
	# programs: the sweep region and the 256 bytes written without an erase
	bad=$(audit_outside "$a" program $((0x40000 / nchips)) $((0x80000 / nchips)) |
		awk -v lo=$((0x200000 / nchips)) -v hi=$((0x200100 / nchips)) '$3 < lo || $3 + $4 > hi')
	if [ -z "$bad" ]; then
		pass "$tag audit: programs only where the test wrote"
	else
		fail "$tag audit: programs only where the test wrote" "$bad"
	fi

	# 2..4: skip-unchanged
	session "$tag" "$board" "$cfg" write_twice || return
	session "$tag" "$board" "$cfg" same || return
	a=$scratch/audit_same.txt
	if [ "$(count_op "$a" erase)" = 0 ] && [ "$(count_op "$a" program)" = 0 ]; then
		pass "$tag re-writing an unchanged image: zero erases, zero programs"
	else
		fail "$tag re-writing an unchanged image: zero erases, zero programs" "$(head -n 5 "$a")"
	fi
	session "$tag" "$board" "$cfg" one_sector || return
	session "$tag" "$board" "$cfg" busy || return
	a=$scratch/audit_one_sector.txt
	s=$(((0x100800 + 0x10100) / sector * sector))
	chip_s=$((s / nchips)) chip_len=$((sector / nchips))
	n_er=$(count_op "$a" erase)
	bad=$(awk -v a=$chip_s -v l=$chip_len '$2 == "erase" && !($3 == a && $4 == l)' "$a")
	if [ "$n_er" = "$nchips" ] && [ -z "$bad" ]; then
		pass "$tag one changed sector: exactly that sector erased (0x$(printf %x $s), on each chip)"
	else
		fail "$tag one changed sector: exactly that sector erased" "$n_er erases; $(awk '$2 == "erase"' "$a" | head -n 4)"
	fi
	bad=$(audit_outside "$a" program $chip_s $((chip_s + chip_len)))
	if [ -z "$bad" ] && [ "$(count_op "$a" program)" -gt 0 ]; then
		pass "$tag one changed sector: programs only inside it ($(count_op "$a" program) pages)"
	else
		fail "$tag one changed sector: programs only inside it" "$(echo "$bad" | head -n 4)"
	fi
}

suite h750b-dk h750b-dk board/h750_qspi.cfg 2 $((64 << 20)) 8192 0x21 4
suite h750-w25q h750-w25q board/h750_w25q_qspi.cfg 1 $((16 << 20)) 4096 0x20 3
suite f746g-disco f746g-disco board/f746_qspi.cfg 1 $((16 << 20)) 4096 0x20 3
suite h735g-dk h735g-dk board/h735_ospi.cfg 1 $((64 << 20)) 4096 0x21 4
done_testing
