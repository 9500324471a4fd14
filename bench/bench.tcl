# SPDX-License-Identifier: GPL-2.0-or-later
#
# One benchmark run inside OpenOCD (bench/bench.py starts it): bring the
# board up, set the adapter clock, then time `flash write_image erase` and
# `flash verify_image` of one image at the external flash's window.
# Variables set by the caller (-c "set NAME VALUE"):
#   bench_driver  stm32xspi | stmqspi: the driver of the bank to use
#   bench_img     the raw image (written at the bank's base)
#   bench_speed   adapter speed (kHz) after `reset init`
# Prints machine-readable lines for bench.py:
#   BENCH step NAME MS         a step that succeeded and its wall time
#   BENCH error NAME MESSAGE   a step that failed (the run stops there)
#   BENCH bank BASE SIZE       the bank used
#   BENCH done                 every step ran

source [file join [file dirname [info script]] bench_lib.tcl]

bench_step init init
bench_step reset_init {reset init}
bench_step adapter_speed "adapter speed $bench_speed"

set bench_bank -1
set i 0
foreach b [flash list] {
	if {[dict get $b driver] eq $bench_driver} {
		set bench_bank $i
		set bench_base [dict get $b base]
	}
	incr i
}
if {$bench_bank < 0} {
	bench_fail find_bank "the board config declares no $bench_driver bank"
}
bench_step probe "flash probe $bench_bank"
set bench_size [dict get [lindex [flash list] $bench_bank] size]
echo "BENCH bank $bench_base $bench_size"
# a driver that did not identify the chip leaves an empty bank: writing
# the image there would fail only after a long search for a bank
if {$bench_size == 0} {
	# probe again to put the driver's own words (ID read, SFDP) in the report
	catch {capture "flash probe $bench_bank"} why
	bench_fail probe "flash probe left the bank empty (size 0): $bench_driver did not identify\
		the flash: [string trim $why]"
}
bench_step write [list flash write_image erase $bench_img $bench_base bin]
bench_step verify [list flash verify_image $bench_img $bench_base bin]
echo "BENCH done"
shutdown
