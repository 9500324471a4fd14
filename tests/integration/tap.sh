# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the integration scripts (sourced, not run).
#   ok COND-STATUS NAME    one test point from the exit status of the last command
#   pass NAME / fail NAME [DETAIL] / skip NAME REASON
#   done_testing           print the plan
tap_n=0
pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $1"
	[ $# -lt 2 ] || printf '%s\n' "$2" | sed 's/^/#   /'
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
done_testing() { echo "1..$tap_n"; }

# expect_in FILE REGEX NAME: a test point that FILE contains REGEX.
expect_in() {
	if grep -Eq -- "$2" "$1"; then pass "$3"; else fail "$3" "$(tail -n 15 "$1")"; fi
}
# expect_not_in FILE REGEX NAME
expect_not_in() {
	if grep -Eq -- "$2" "$1"; then fail "$3" "$(grep -E -- "$2" "$1" | head -n 5)"; else pass "$3"; fi
}

# A scratch directory removed at exit.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# A configuration with no hardware: dummy adapter, one Cortex-M target.
# Flash bank lines are appended by the caller.
dummy_target_cfg() {
	cat <<'CFG'
adapter driver dummy
transport select jtag
jtag newtap t cpu -irlen 4 -expected-id 0
dap create t.dap -chain-position t.cpu
target create t.cpu cortex_m -dap t.dap
CFG
}

# The same with OpenOCD's "testee" target, which needs no hardware to pass
# `init`, so that exec-mode commands (flash probe, flash info) can run.
testee_target_cfg() {
	cat <<'CFG'
adapter driver dummy
transport select jtag
jtag newtap t cpu -irlen 4 -expected-id 0
target create t.cpu testee -chain-position t.cpu
CFG
}
