# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for tests that run a vboard (sourced after tap.sh).
: "${XSPI_BUILDDIR:?}" "${XSPI_SRCDIR:?}"
VBOARD=$XSPI_BUILDDIR/bin/vboard

# vb_require WHAT: end this script with one skipped point when bin/vboard
# was not built (WHAT names the tests that need it).
vb_require() {
	[ -x "$VBOARD" ] && return 0
	skip "$1" "bin/vboard was not built"
	done_testing
	exit 0
}

# A pair of free-looking ports for this run (several test scripts may run
# vboards at once): derived from the process id, checked with a bind test
# by the vboard itself (it fails clearly when a port is taken).
vb_ports() {
	base=$((20000 + ($$ * 7) % 20000))
	VB_DAP_PORT=$base
	VB_BB_PORT=$((base + 1))
}

# vb_start LOG ARGS...: start a vboard in the background and wait (10 s
# deadline) for its ready line. Sets VB_PID. When a port is taken (another
# test run on this machine), tries other ports, up to 5 times. Returns
# non-zero on failure.
vb_start() {
	log=$1
	shift
	tries=0
	while :; do
		# Empty the log first: the background shell truncates it only after
		# the fork, and a ready line left by the previous vboard would
		# otherwise be seen before the new one listens.
		: >"$log"
		"$VBOARD" --dap-port "$VB_DAP_PORT" --bitbang-port "$VB_BB_PORT" "$@" >"$log" 2>&1 &
		VB_PID=$!
		i=0
		while [ $i -lt 100 ]; do
			grep -q ' ready' "$log" 2>/dev/null && return 0
			kill -0 "$VB_PID" 2>/dev/null || break
			sleep 0.1
			i=$((i + 1))
		done
		kill "$VB_PID" 2>/dev/null
		wait "$VB_PID" 2>/dev/null
		tries=$((tries + 1))
		grep -q 'cannot listen' "$log" && [ $tries -lt 5 ] || return 1
		VB_DAP_PORT=$((20000 + ($VB_DAP_PORT - 20000 + 2 + $(od -An -N2 -tu2 /dev/urandom)) % 20000))
		VB_BB_PORT=$((VB_DAP_PORT + 1))
	done
}

# vb_stop: wait up to 5 s for the vboard to exit by itself (it exits when
# its client quits), then kill it. Returns 0 when it exited by itself.
vb_stop() {
	i=0
	while [ $i -lt 50 ]; do
		kill -0 "$VB_PID" 2>/dev/null || { wait "$VB_PID" 2>/dev/null; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	kill "$VB_PID" 2>/dev/null
	wait "$VB_PID" 2>/dev/null
	return 1
}

# sym ELF NAME: a symbol's address from the firmware ELF.
sym() {
	arm-none-eabi-nm "$1" | awk -v s="$2" '$3 == s { print "0x" $1 }'
}

# fw_build DIR: build the test firmware for internal flash and 0x90000000.
fw_build() {
	sh "$XSPI_SRCDIR/tests/vboard/fw/build.sh" "$1" fw_flash 0x08000000 &&
		sh "$XSPI_SRCDIR/tests/vboard/fw/build.sh" "$1" fw_qspi 0x90000000
}

# Per board: OpenOCD target file, every RAM (addr size ...; the backup SRAM
# last: the vboard models it without its clock gate), where to load
# the 256 KiB image (AXI SRAM on H7, SRAM1 on F7 which has no AXI SRAM).
# Sources: RM0433 2.3.2 (H750 memory map), RM0468 2.3 (H735), RM0385 2.2.2 (F746).
board_target() {
	case $1 in
	h750b-dk | h735g-dk) echo target/stm32h7x.cfg ;;
	f746g-disco) echo target/stm32f7x.cfg ;;
	esac
}
board_rams() {
	case $1 in
	h750b-dk) echo "0x00000000 0x10000 0x20000000 0x20000 0x24000000 0x80000 0x30000000 0x20000
		0x30020000 0x20000 0x30040000 0x8000 0x38000000 0x10000 0x38800000 0x1000" ;;
	h735g-dk) echo "0x00000000 0x10000 0x20000000 0x20000 0x24000000 0x50000 0x30000000 0x4000
		0x30004000 0x4000 0x38000000 0x4000 0x38800000 0x1000" ;;
	f746g-disco) echo "0x00000000 0x4000 0x20000000 0x10000 0x20010000 0x3c000 0x2004c000 0x4000
		0x40024000 0x1000" ;;
	esac
}
board_load() { # addr size
	case $1 in
	f746g-disco) echo "0x20014000 0x30000" ;;
	*) echo "0x24000000 0x40000" ;;
	esac
}

# oocd_results TAG LOG: the "ok - NAME" / "not ok - NAME" lines that a Tcl
# check script (tap.tcl) printed inside OpenOCD, as test points here; a
# failure carries the detail line that follows it.
oocd_results() {
	while IFS= read -r line; do
		case $line in
		"ok - "*) pass "$1 ${line#ok - }" ;;
		"not ok - "*) fail "$1 ${line#not ok - }" "$(grep -A1 -F -x -- "$line" "$2" | sed -n 2p)" ;;
		esac
	done <<EOF_RESULTS
$(grep -E '^(ok|not ok) - ' "$2")
EOF_RESULTS
}
