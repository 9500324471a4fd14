#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Each committed loader_stubs/*.inc matches its sources:
#  - the inputs hash recorded in the .inc equals the hash of the sources now
#    (any compiler; catches "source edited, .inc not regenerated");
#  - rebuilt with the compiler recorded in the .inc, the bytes are identical
#    (catches a hand-edited .inc or a generator change).
# And the check itself can fail: an edited copy of the sources is caught.
. "$(dirname "$0")/tap.sh"
: "${XSPI_SRCDIR:?}"
stubs=$XSPI_SRCDIR/loader_stubs
mk=$stubs/mkstub.sh

recorded() { sed -n "s/^ \* $2: //p" "$1" | head -n 1; }

for inc in "$stubs"/*.inc; do
	name=$(basename "$inc" .inc)
	want=$(recorded "$inc" inputs-sha256)
	have=$(sh "$mk" --hash "$stubs" "$name")
	if [ -n "$want" ] && [ "$want" = "$have" ]; then
		pass "$name.inc was generated from the current sources"
	else
		fail "$name.inc was generated from the current sources" \
			"loader_stubs/$name.inc is stale: its sources changed since it was generated.
Run 'make stubs-regen' and commit loader_stubs/$name.inc."
	fi

	cc_want=$(recorded "$inc" compiler)
	if [ -z "${ARM_CC:-}" ]; then
		skip "$name.inc bytes rebuild identically" "no arm-none-eabi-gcc"
	elif [ "$("$ARM_CC" --version | head -n 1)" != "$cc_want" ]; then
		skip "$name.inc bytes rebuild identically" "compiler differs from the recorded '$cc_want'"
	elif sh "$mk" "$stubs" "$name" "$scratch/$name.inc" 2>"$scratch/mk.log" &&
		cmp -s "$inc" "$scratch/$name.inc"; then
		pass "$name.inc bytes rebuild identically"
	else
		fail "$name.inc bytes rebuild identically" \
			"$(cat "$scratch/mk.log"; diff "$inc" "$scratch/$name.inc" | head -n 10)"
	fi
done

# The check must be able to fail: edit a copy of a stub source.
mkdir -p "$scratch/edited/loader_stubs" "$scratch/edited/include"
cp -r "$stubs"/. "$scratch/edited/loader_stubs/"
cp -r "$XSPI_SRCDIR/include"/. "$scratch/edited/include/" 2>/dev/null || true
echo "/* edited */" >>"$scratch/edited/loader_stubs/xspi_stub.c"
want=$(recorded "$stubs/xspi_stub.inc" inputs-sha256)
have=$(sh "$scratch/edited/loader_stubs/mkstub.sh" --hash "$scratch/edited/loader_stubs" xspi_stub)
[ "$want" != "$have" ] && pass "an edited stub source without a regenerated .inc is detected" ||
	fail "an edited stub source without a regenerated .inc is detected"
done_testing
