#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo: build, then program and debug code in external flash on the
# simulated board. The simulated board (vboard) is not part of this build
# yet, so for now the demo shows what exists: our OpenOCD with the stm32xspi
# driver, next to Debian's stock OpenOCD which does not know it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${XSPI_BUILD:-$top/build}

sh "$top/scripts/build.sh"

cfg=$(mktemp)
trap 'rm -f "$cfg"' EXIT
cat >"$cfg" <<'CFG'
adapter driver dummy
transport select jtag
jtag newtap demo cpu -irlen 4 -expected-id 0
dap create demo.dap -chain-position demo.cpu
target create demo.cpu cortex_m -dap demo.dap
flash bank demo.qspi stm32xspi 0x90000000 0 0 0 demo.cpu 0x52005000
CFG

echo
echo "demo: $build/bin/openocd declares an stm32xspi bank and lists it:"
"$build/bin/openocd" -f "$cfg" -c "flash banks" -c shutdown 2>&1 | grep -E '^#|Error' || true
if [ -x /usr/bin/openocd ]; then
	echo
	echo "demo: Debian's /usr/bin/openocd with the same configuration:"
	/usr/bin/openocd -f "$cfg" -c "flash banks" -c shutdown 2>&1 | grep -E '^#|Error' || true
fi
echo
echo "demo: programming and debugging code at 0x90000000 on the simulated board is not available"
echo "demo: yet: the vboard and the stm32xspi flash operations are still to come."
