# SPDX-License-Identifier: GPL-2.0-or-later
#
# What bench.tcl and bench_ram.tcl share: timed steps and the failure
# report, as machine-readable lines for bench.py:
#   BENCH step NAME MS         a step that succeeded and its wall time
#   BENCH error NAME MESSAGE   a step that failed (the run stops there)

proc bench_fail {name msg} {
	echo "BENCH error $name [string map {"\n" " | "} $msg]"
	shutdown error
	# shutdown only takes effect after the script: stop here
	error "bench: $name failed"
}

# Run one step and print its wall time in ms.
proc bench_step {name cmd} {
	set t0 [ms]
	if {[catch {uplevel #0 $cmd} msg]} {
		bench_fail $name $msg
	}
	echo "BENCH step $name [expr {[ms] - $t0}]"
	return $msg
}
