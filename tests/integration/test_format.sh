#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Our C sources are formatted as .clang-format says (one test point per
# file). Fix with `make format`.
. "$(dirname "$0")/tap.sh"
: "${XSPI_SRCDIR:?}"
cf=${CLANG_FORMAT:-}
cd "$XSPI_SRCDIR" || exit 1
files=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$files" ] || files=$(find flash_drivers include loader_stubs tests vboard -name '*.[ch]' 2>/dev/null | sort)
for f in $files; do
	if [ -z "$cf" ]; then
		skip "$f is clang-formatted" "clang-format not installed"
	elif out=$("$cf" --dry-run --Werror "$f" 2>&1); then
		pass "$f is clang-formatted"
	else
		fail "$f is clang-formatted" "$(printf '%s\n' "$out" | head -n 6)
run 'make format' (clang-format -i $f)"
	fi
done
done_testing
