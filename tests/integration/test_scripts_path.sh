#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bin/openocd finds our board files and Tcl library and OpenOCD's own
# scripts without any -s option.
. "$(dirname "$0")/tap.sh"
: "${OPENOCD:?set OPENOCD to the openocd under test}"

log=$scratch/board.log
timeout 30 "$OPENOCD" -f board/h750_qspi.cfg -c 'flash banks' -c shutdown >"$log" 2>&1
expect_not_in "$log" "Can't find|couldn't open|invalid command name" "board/h750_qspi.cfg and what it sources resolve"
expect_in "$log" '^#0 : stm32h750xbh6\.bank1\.cpu0 \(stm32h7x\) at 0x08000000' "OpenOCD's target/stm32h7x.cfg was loaded from OpenOCD's scripts"
expect_in "$log" '\(stm32xspi\) at 0x90000000' "the board declares its QUADSPI bank with stm32xspi"

log=$scratch/adapter.log
timeout 30 "$OPENOCD" -c 'adapter driver dummy' -f board/h750_qspi.cfg -c 'echo "adapter=[adapter name]"' \
	-c shutdown >"$log" 2>&1
expect_in "$log" '^adapter=dummy' "an adapter chosen before the board file is kept (no ST-LINK forced)"
log=$scratch/stlink.log
timeout 30 "$OPENOCD" -f board/h750_qspi.cfg -c 'echo "adapter=[adapter name]"' -c shutdown >"$log" 2>&1
expect_in "$log" '^adapter=hla' "without a prior adapter the board's ST-LINK (hla) is selected"
done_testing
