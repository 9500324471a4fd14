#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Our bin/openocd knows stm32xspi (and still every stock driver), parses its
# bank arguments with clear errors, and fails a probe without target memory
# loudly; Debian's stock openocd does not know the driver at all.
. "$(dirname "$0")/tap.sh"
: "${OPENOCD:?set OPENOCD to the openocd under test}"

target_cfg=dummy_target_cfg
run() { # run NAME OPENOCD-BINARY FLASH-BANK-LINE [extra -c commands...]
	name=$1 bin=$2 line=$3
	shift 3
	{ $target_cfg; echo "$line"; } >"$scratch/$name.cfg"
	timeout 30 "$bin" -f "$scratch/$name.cfg" "$@" -c shutdown >"$scratch/$name.log" 2>&1
	echo $? >"$scratch/$name.rc"
}
rc() { cat "$scratch/$1.rc"; }

run ours "$OPENOCD" 'flash bank t.x stm32xspi 0x90000000 0 0 0 t.cpu 0x52005000' -c 'flash banks'
[ "$(rc ours)" = 0 ] && pass "bin/openocd accepts an stm32xspi bank" ||
	fail "bin/openocd accepts an stm32xspi bank" "$(tail -n 10 "$scratch/ours.log")"
expect_in "$scratch/ours.log" '^#0 : t\.x \(stm32xspi\) at 0x90000000' "flash banks lists it with driver stm32xspi"

# Exec-mode commands need `init`: the testee target passes it without hardware.
target_cfg=testee_target_cfg
for cmd in "flash probe 0" "flash info 0" "flash erase_address 0x90000000 0x1000"; do
	run exec "$OPENOCD" 'flash bank t.x stm32xspi 0x90000000 0 0 0 t.cpu 0x52005000' -c init -c "$cmd"
	[ "$(rc exec)" != 0 ] && pass "'$cmd' fails on a target without memory" ||
		fail "'$cmd' fails on a target without memory" "$(tail -n 5 "$scratch/exec.log")"
	expect_in "$scratch/exec.log" "stm32xspi: probe of bank 't\.x' failed: cannot read the DBGMCU IDCODE at 0x5c001000" \
		"'$cmd' says why the probe failed"
done
target_cfg=dummy_target_cfg

run stock_in_ours "$OPENOCD" 'flash bank t.q stmqspi 0x90000000 0 0 0 t.cpu 0x52005000' -c 'flash banks'
expect_in "$scratch/stock_in_ours.log" '^#0 : t\.q \(stmqspi\)' "the stock stmqspi driver is still in bin/openocd"
run stm32h7x "$OPENOCD" 'flash bank t.i stm32h7x 0x08000000 0 0 0 t.cpu' -c 'flash banks'
expect_in "$scratch/stm32h7x.log" '^#0 : t\.i \(stm32h7x\)' "the stock stm32h7x driver is still in bin/openocd"
run unknown "$OPENOCD" 'flash bank t.u no_such_driver 0x90000000 0 0 0 t.cpu'
expect_in "$scratch/unknown.log" "flash driver 'no_such_driver' not found" "unknown drivers are still reported as such"

run noctrl "$OPENOCD" 'flash bank t.x stm32xspi 0x90000000 0 0 0 t.cpu'
[ "$(rc noctrl)" != 0 ] && pass "a bank without the controller base is rejected" ||
	fail "a bank without the controller base is rejected"
expect_in "$scratch/noctrl.log" "controller's register base is missing" "the error names the missing argument"
expect_in "$scratch/noctrl.log" 'usage: <bank_base> <size> 0 0 <target> <controller_base>' "the usage string is shown"

run unaligned "$OPENOCD" 'flash bank t.x stm32xspi 0x90000000 0 0 0 t.cpu 0x52005002'
expect_in "$scratch/unaligned.log" 'controller base 0x52005002 is not word aligned' "a misaligned controller base is rejected with its value"
run extra "$OPENOCD" 'flash bank t.x stm32xspi 0x90000000 0 0 0 t.cpu 0x52005000 bogus'
expect_in "$scratch/extra.log" "unexpected argument 'bogus'" "an unknown extra argument is rejected by name"

if [ -x /usr/bin/openocd ]; then
	run debian /usr/bin/openocd 'flash bank t.x stm32xspi 0x90000000 0 0 0 t.cpu 0x52005000'
	[ "$(rc debian)" != 0 ] && pass "Debian's /usr/bin/openocd fails on the same configuration" ||
		fail "Debian's /usr/bin/openocd fails on the same configuration"
	expect_in "$scratch/debian.log" "flash driver 'stm32xspi' not found" \
		"Debian's /usr/bin/openocd says the driver is unknown"
else
	skip "Debian's /usr/bin/openocd says the driver is unknown" "/usr/bin/openocd is not installed"
fi
done_testing
