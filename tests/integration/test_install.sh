#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `make install` into a staging directory gives an openocd that is ours and
# finds its scripts, ours and OpenOCD's, from where it was installed.
. "$(dirname "$0")/tap.sh"
: "${XSPI_BUILDDIR:?}" "${MAKE:=make}"

dest=$scratch/stage
if $MAKE -s -C "$XSPI_BUILDDIR" install DESTDIR="$dest" >"$scratch/install.log" 2>&1; then
	pass "make install DESTDIR=... succeeds"
else
	fail "make install DESTDIR=... succeeds" "$(tail -n 15 "$scratch/install.log")"
fi
bin=$(find "$dest" -path '*/bin/openocd' -type f | head -n 1)
[ -n "$bin" ] && [ -x "$bin" ] && pass "openocd is installed" || fail "openocd is installed"
root=$(dirname "$(dirname "$bin")")
for f in scripts/board/h750_qspi.cfg scripts/xspi/stm32xspi.tcl scripts/target/stm32h7x.cfg \
	scripts/board/stm32h750b-disco.cfg; do
	[ -f "$root/share/openocd/$f" ] && pass "installed $f" || fail "installed $f"
done
log=$scratch/run.log
timeout 30 "$bin" -f board/h750_qspi.cfg -c 'flash banks' -c shutdown >"$log" 2>&1
expect_in "$log" '\(stm32xspi\) at 0x90000000' "installed openocd -f board/h750_qspi.cfg works"
if $MAKE -s -C "$XSPI_BUILDDIR" uninstall DESTDIR="$dest" >"$scratch/uninstall.log" 2>&1 &&
	[ ! -e "$bin" ]; then
	pass "make uninstall removes the binary"
else
	fail "make uninstall removes the binary" "$(tail -n 10 "$scratch/uninstall.log")"
fi
done_testing
