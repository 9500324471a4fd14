#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD's `cmsis-dap backend tcp` (in bin/openocd from
# openocd-patches/0001-cmsis-dap-tcp-backend.patch) against the vboard's
# CMSIS-DAP front-end on a socket (tests/vboard/cmsis_dap_serve, a fake
# DAP behind it): DAP_Info, SWD connect, DP and AP registers, memory
# through a MEM-AP, and interface/vboard.cfg's default link.
#
# env: OPENOCD (the openocd under test), XSPI_BUILDDIR, XSPI_SRCDIR;
# CMSIS_DAP_SERVE overrides the harness path.
. "$(dirname "$0")/../integration/tap.sh"
: "${OPENOCD:?set OPENOCD to the openocd under test}"
serve=${CMSIS_DAP_SERVE:-${XSPI_BUILDDIR:-.}/tests/vboard/cmsis_dap_serve}
cfgdir=${XSPI_SRCDIR:-$(dirname "$0")/../..}/target_cfg

# Starts the harness on a free port; sets $port and $pid.
start_server() {
	# empty first: a previous server's "listening on" line must not be read
	: >"$scratch/serve.out"
	"$serve" 0 >"$scratch/serve.out" 2>"$scratch/serve.err" &
	pid=$!
	port=
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		port=$(sed -n 's/^listening on //p' "$scratch/serve.out")
		[ -n "$port" ] && return 0
		sleep 0.25
	done
	return 1
}

# Waits for the harness to exit on its own (the client went away), or
# stops it: only the process this script started.
stop_server() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

has_tcp=$("$OPENOCD" -c 'adapter driver cmsis-dap' \
	-c 'echo "tcp=[llength [info commands {cmsis-dap tcp host}]]"' -c shutdown 2>&1 |
	sed -n 's/^tcp=//p')
if [ "$has_tcp" != 1 ]; then
	skip "cmsis-dap tcp backend" "$OPENOCD has no 'cmsis-dap tcp' (patch not applied)"
	done_testing
	exit 0
fi
pass "bin/openocd has the cmsis-dap tcp commands"
if [ ! -x "$serve" ]; then
	fail "the harness $serve is built"
	done_testing
	exit 0
fi

if start_server; then pass "the harness listens"; else fail "the harness listens" "$(cat "$scratch/serve.err")"; fi
timeout 30 "$OPENOCD" -c 'adapter driver cmsis-dap' -c 'cmsis-dap backend tcp' \
	-c 'cmsis-dap tcp host 127.0.0.1' -c "cmsis-dap tcp port $port" \
	-c 'transport select swd' -c 'adapter speed 4000' \
	-c 'swd newdap chip cpu -enable' -c 'dap create chip.dap -chain-position chip.cpu' \
	-c 'target create chip.mem mem_ap -dap chip.dap -ap-num 0' -c init \
	-c 'chip.dap dpreg 0' -c 'mww 0x100 0x12345678' -c 'mdw 0xf8 4' \
	-c shutdown >"$scratch/oocd.log" 2>&1
stop_server
log=$scratch/oocd.log
expect_in "$log" 'CMSIS-DAP: FW Version = 2\.1\.0' "DAP_Info protocol version"
expect_in "$log" 'CMSIS-DAP: Serial# = h750b-dk' "DAP_Info serial number"
expect_in "$log" 'CMSIS-DAP: SWD supported' "DAP_Info capabilities"
expect_in "$log" 'Interface Initialised \(SWD\)' "DAP_Connect SWD"
expect_in "$log" 'SWD DPIDR 0x6ba02477' "JTAG-to-SWD, line reset and DPIDR read"
expect_in "$log" '^0x6ba02477' "a DP register read by hand"
expect_in "$log" '^0x000000f8: a500003e a500003f 12345678 a5000041' \
	"memory written and read back through the MEM-AP"
expect_in "$scratch/serve.err" ', 0 bad packets' "no malformed packet reached the vboard"

# interface/vboard.cfg, default link, port from the environment
if start_server; then pass "the harness listens again"; else fail "the harness listens again"; fi
VBOARD_PORT=$port timeout 30 "$OPENOCD" -s "$cfgdir" -f interface/vboard.cfg \
	-c 'swd newdap chip cpu -enable' -c 'dap create chip.dap -chain-position chip.cpu' \
	-c init -c 'chip.dap dpreg 0' -c shutdown >"$scratch/cfg.log" 2>&1
stop_server
expect_in "$scratch/cfg.log" 'connecting to 127\.0\.0\.1:[0-9]+ \(tcp\)|Connecting to 127\.0\.0\.1' \
	"interface/vboard.cfg connects over tcp to 127.0.0.1"
expect_in "$scratch/cfg.log" '^0x6ba02477' "and reaches the DP"

timeout 30 "$OPENOCD" -c 'adapter driver cmsis-dap' -c 'cmsis-dap backend tcp' \
	-c 'cmsis-dap tcp host 127.0.0.1' -c 'cmsis-dap tcp port 1' -c 'transport select swd' \
	-c init -c shutdown >"$scratch/refused.log" 2>&1
expect_in "$scratch/refused.log" 'cannot connect to 127\.0\.0\.1:1|unable to connect to device 127\.0\.0\.1:1' "a refused connection is reported"
done_testing
