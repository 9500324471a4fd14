#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run test programs and scripts that print TAP ("ok N - ...", "not ok N",
# "# SKIP" directives, a "1..N" plan), count every test point and print the
# closing line "N passed, N failed, N skipped". A program that crashes,
# exits non-zero without a failing point, or misses its plan counts as one
# failure more. Each test's output is kept in tests/out/NAME.log.
#
# usage: run-tests.sh TEST...   (a path in the build tree or, failing that,
#                                relative to $XSPI_SRCDIR)
set -u
outdir=${XSPI_BUILDDIR:-.}/tests/out
mkdir -p "$outdir"
passed=0
failed=0
skipped=0

for t in "$@"; do
	path=$t
	[ -e "$path" ] || path="${XSPI_SRCDIR:-.}/$t"
	name=$(basename "$t")
	log="$outdir/${name%.sh}.log"
	case $path in
	*.sh) sh "$path" >"$log" 2>&1 ;;
	*) "$path" >"$log" 2>&1 ;;
	esac
	rc=$?
	counts=$(awk '
		/^ok / && /# [Ss][Kk][Ii][Pp]/ { s++; n++; next }
		/^ok / { p++; n++; next }
		/^not ok / { f++; n++; next }
		/^1\.\.[0-9]+/ { sub(/^1\.\./, ""); plan = $1 + 0; hasplan = 1 }
		END { printf "%d %d %d %d %d\n", p, f, s, n, hasplan ? plan : -1 }' "$log")
	set -- $counts "$@"
	p=$1 f=$2 s=$3 n=$4 plan=$5
	shift 5
	extra=""
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		extra="exit status $rc with no failing test point"
	elif [ "$plan" -lt 0 ]; then
		extra="no TAP plan (did it stop early?)"
	elif [ "$plan" -ne "$n" ]; then
		extra="planned $plan test points, saw $n"
	fi
	if [ -n "$extra" ]; then
		f=$((f + 1))
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$f" -ne 0 ]; then
		echo "FAIL: $t ($p passed, $f failed, $s skipped)${extra:+: $extra}"
		grep -E '^not ok|^#' "$log" | head -n 40 | sed 's/^/    /'
		echo "    full log: $log"
	else
		echo "PASS: $t ($p passed, $s skipped)"
		grep -E '^ok .*# [Ss][Kk][Ii][Pp]' "$log" | sed 's/^/    /'
	fi
done

echo "$passed passed, $failed failed, $skipped skipped" | tee "$outdir/summary.txt"
[ "$failed" -eq 0 ]
