# SPDX-License-Identifier: GPL-2.0-or-later
#
# stm32xspi erase / program / verify / blank check against the vboard
# (test_stm32xspi_ops.sh). Runs after `init`; TAP lines via tap.tcl; the
# shell script compares the files written here with what the chips hold.
# Variables from the caller: work (scratch dir), sector (bank sector size),
# session (which step list to run).

source [file join [file dirname [info script]] tap.tcl]

# The stm32xspi bank's number
proc qbank {} {
	set i 0
	foreach b [flash list] {
		if {[dict get $b driver] eq "stm32xspi"} {
			return $i
		}
		incr i
	}
	error "no stm32xspi bank"
}

# cmd must succeed (tap), timing on a "# NAME: N ms" line
proc must {name cmd} {
	set t0 [clock milliseconds]
	set r [catch {uplevel #0 $cmd} msg]
	echo "# $name: [expr {[clock milliseconds] - $t0}] ms"
	# what the command printed (e.g. erase_check's list), for the script
	if {$r == 0 && $msg ne ""} {
		echo $msg
	}
	tap [expr {$r == 0}] $name $msg
	return [expr {$r == 0}]
}

# cmd must fail (tap)
proc must_fail {name cmd} {
	set r [catch {uplevel #0 $cmd} msg]
	tap [expr {$r != 0}] $name "it succeeded: $msg"
}

proc session_ops {} {
	global work sector
	set b [qbank]
	set base [dict get [lindex [flash list] $b] base]
	reset init

	# a section outside every flash bank: refused before any erase
	must_fail "write_image of a hex with a section at 0x38000000 is refused" \
		"flash write_image erase $work/outside.hex"

	# erase with unaligned ends, padded to sectors
	must "flash erase_address pad 0x3456 + 0x5000" \
		"flash erase_address pad [expr {$base + 0x3456}] 0x5000"
	set first [read_memory [expr {$base + 0x3456}] 8 8]
	tap [expr {$first eq {0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff}}] \
		"the first bytes after the erase read 0xff through the window" "got $first"
	must "flash read_bank 0..0x20000 after the erase" "flash read_bank $b $work/after_erase.bin 0 0x20000"
	must_fail "flash erase_address of an unaligned range without pad is refused" \
		"flash erase_address [expr {$base + 0x3456}] 0x100"

	# program sweep: sizes x offsets into an erased region
	must "erase the sweep region 0x40000..0x80000" "flash erase_address [expr {$base + 0x40000}] 0x40000"
	set i 0
	foreach f [lsort [glob $work/case_*.bin]] {
		regexp {case_[0-9]+_(0x[0-9a-f]+)\.bin} $f -> off
		must "flash write_bank [file tail $f]" "flash write_bank $b $f $off"
		incr i
	}
	must "flash read_bank of the sweep region" "flash read_bank $b $work/sweep_back.bin 0x40000 0x40000"
	set f0 [lindex [lsort [glob $work/case_*.bin]] end]
	regexp {case_[0-9]+_(0x[0-9a-f]+)\.bin} $f0 -> off0
	set at [expr {$base + $off0}]
	must "flash verify_image passes on what was written" "flash verify_image $f0 $at bin"
	must_fail "flash verify_image catches one wrong byte" "flash verify_image $work/sweep_bad.bin $at bin"

	# programming over data that was never erased cannot read back
	must_fail "flash write_bank over random data without an erase fails" \
		"flash write_bank $b $work/in.bin 0x200000"

	# blank check: the erased sweep area is blank, the random data is not
	must "flash erase_check" "flash erase_check $b"
}

# programming twice without a power cycle: A, then B over it
proc session_write_twice {} {
	global work
	reset init
	must "flash write_image erase image A" "flash write_image erase $work/imgA.bin 0x90100800 bin"
	must "flash write_image erase image B over A" "flash write_image erase $work/imgB.bin 0x90100800 bin"
	must "flash verify_image image B" "flash verify_image $work/imgB.bin 0x90100800 bin"
}

proc session_same {} {
	global work
	reset init
	must "flash write_image erase image B again (unchanged)" "flash write_image erase $work/imgB.bin 0x90100800 bin"
	must "flash verify_image image B" "flash verify_image $work/imgB.bin 0x90100800 bin"
}

proc session_one_sector {} {
	global work
	reset init
	must "flash write_image erase image C (one sector changed)" "flash write_image erase $work/imgC.bin 0x90100800 bin"
	must "flash verify_image image C" "flash verify_image $work/imgC.bin 0x90100800 bin"
}

# probe while the chip is busy erasing (firmware left it so)
proc session_busy {} {
	global erase_op addr_bytes
	set b [qbank]
	reset init
	must "start a chip erase behind the driver's back" \
		"stm32xspi cmd $b -wren 0xc7"
	must "flash probe while the chip is busy" "flash probe $b"
	set info [flash info $b]
	tap [regexp {stm32xspi: .*memory-mapped read} $info] "flash info after the busy probe" $info
	# the probe waited for the erase: the window shows the erased chip
	set w [read_memory 0x90100000 32 2]
	tap [expr {$w eq {0xffffffff 0xffffffff}}] "the window after the busy probe shows the erased chip" "got $w"
	must "flash write_image erase after the busy probe" \
		"flash write_image erase [set ::work]/in.bin [expr {0x90000000 + 0x300000}] bin"
	must "flash verify_image after the busy probe" \
		"flash verify_image [set ::work]/in.bin [expr {0x90000000 + 0x300000}] bin"
}

proc ops_checks {} {
	global session
	if {[catch {session_$session} msg]} {
		tap 0 "session $session ran to the end" $msg
	}
	echo "# checks done"
}
