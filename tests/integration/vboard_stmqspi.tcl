# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD's own stmqspi driver and its own board procs (the stock board
# config, adapter lines replaced) against the vboard's QUADSPI and flash
# chips. Reported as TAP lines. Variables set by the caller:
#   img size        a random image of `size` bytes, written at the bank start
#   out_bank out_mm files for `flash read_bank` and `dump_image`
#   octo_mode       (optional) the argument the board file's own
#                   octospi_init gets in reset-init (stm32h735g-disco.cfg
#                   always passes 1: octal DTR; 0 leaves the chip in SPI)

source [file join [file dirname [info script]] tap.tcl]

proc file_bytes {path} {
	set f [open $path rb]
	set d [read $f]
	close $f
	return $d
}

# Run a command; a TAP line with its error text when it fails.
proc run_step {name cmd} {
	set t0 [ms]
	set r [catch {uplevel #0 $cmd} msg]
	tap [expr {$r == 0}] $name $msg
	echo "# $name: [expr {[ms] - $t0}] ms"
	return $r
}

# The stock H735G-DK reset-init handler calls `octospi_init 1`; wrap the
# board's own procedure to pick the mode, leaving its body untouched.
if {[info exists octo_mode] && [llength [info procs octospi_init]]} {
	rename octospi_init stock_octospi_init
	proc octospi_init {octo} {
		global octo_mode
		echo "# octospi_init $octo_mode (the board file asked for $octo)"
		stock_octospi_init $octo_mode
	}
}

init
run_step "reset init runs the board's QSPI bring-up" {reset init}

set qspi -1
set i 0
foreach b [flash list] {
	if {[dict get $b driver] eq "stmqspi"} {
		set qspi $i
		set qspi_base [dict get $b base]
	}
	incr i
}
tap [expr {$qspi >= 0}] "the board config declares an stmqspi bank"

run_step "flash probe" "flash probe $qspi"
set info [capture "flash info $qspi"]
echo "# [string map {"\n" " | "} $info]"

run_step "flash erase_sector 0" "flash erase_sector $qspi 0 0"
set w [lindex [read_memory $qspi_base 32 1] 0]
tap [expr {$w == 0xffffffff}] "sector 0 reads erased through the memory-mapped window" [format 0x%08x $w]

run_step "flash write_image erase ($size bytes)" "flash write_image erase $img $qspi_base bin"
run_step "flash verify_image" "flash verify_image $img $qspi_base bin"
run_step "flash read_bank" "flash read_bank $qspi $out_bank 0 $size"
tap [expr {[file_bytes $out_bank] eq [file_bytes $img]}] "read_bank equals the image"
run_step "dump_image from the memory-mapped window" "dump_image $out_mm $qspi_base $size"
tap [expr {[file_bytes $out_mm] eq [file_bytes $img]}] "dump_image (memory-mapped) equals the image"

run_step "stmqspi mass_erase" "stmqspi mass_erase $qspi"
set ok 1
foreach off [list 0 [expr {$size - 4}] 0x100000] {
	set w [lindex [read_memory [expr {$qspi_base + $off}] 32 1] 0]
	set ok [expr {$ok && $w == 0xffffffff}]
}
tap $ok "after mass_erase the window reads erased"

# A write smaller than a page and than the FIFO: 4 bytes.
set f [open $img rb]
set four [read $f 4]
close $f
set f [open $out_bank wb]
puts -nonewline $f $four
close $f
run_step "flash write_image of 4 bytes" "flash write_image $out_bank $qspi_base bin"
run_step "flash verify_image of 4 bytes" "flash verify_image $out_bank $qspi_base bin"

echo "# checks done"
shutdown
