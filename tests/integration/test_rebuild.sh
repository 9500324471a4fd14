#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A second `make` with nothing changed leaves OpenOCD alone: no fetch, no
# configure, no build, no relink.
. "$(dirname "$0")/tap.sh"
: "${XSPI_BUILDDIR:?}" "${MAKE:=make}"
cd "$XSPI_BUILDDIR" || exit 1

files="openocd/.stamp-source openocd/.stamp-configured openocd/.stamp-built
openocd/build/src/libopenocd.la openocd/build/src/openocd bin/openocd"
stamp() { for f in $files; do stat -c '%n %Y.%y' "$f" 2>/dev/null || echo "$f missing"; done; }
before=$(stamp)
if $MAKE all >"$scratch/make.log" 2>&1; then pass "make succeeds again"; else
	fail "make succeeds again" "$(tail -n 10 "$scratch/make.log")"
fi
after=$(stamp)
[ "$before" = "$after" ] && pass "OpenOCD's stamps, library and our relinked binary are untouched" ||
	fail "OpenOCD's stamps, library and our relinked binary are untouched" "$(printf '%s\n---\n%s' "$before" "$after")"
expect_not_in "$scratch/make.log" 'OOCD|CCLD' "nothing of OpenOCD is fetched, configured, built or relinked"
done_testing
