# SPDX-License-Identifier: GPL-2.0-or-later
#
# stm32xspi block protection and sub-commands against the vboard
# (test_stm32xspi_prot.sh). Runs inside OpenOCD after the flash bank line;
# reported as TAP lines (tap.tcl). Variables set by the caller:
#   pins        proc that enables the QUADSPI clock and pins
#                (stm32xspi_probe.tcl)
#   nchips      1, or 2 in dual-flash mode
#   cases       {first last sr sr2} ...: `flash protect q first last on`
#               must protect exactly those sectors and leave SR (05h) and,
#               when sr2 is not "", SR2 (35h) reading these hex bytes
#               (one per chip)
#   bad         {first last}: a range the part cannot express
#   final       {first last}: protected while the guards are tried
#   guard_addr  window address and length of an erase into the protected
#   guard_len    range (must fail)
#   write_off   bank offset of a 64 KiB write_bank into it (must fail, and
#               work after `stm32xspi unlock`)
#   marker_off  bank offset of a write done just before the unlock (its
#               audit entry separates "before" from "after" for the shell)
#   data        a 64 KiB file of random bytes; marker: a 4 KiB one
#   sr_clear    what SR (05h) reads after `stm32xspi unlock` (hex per chip)
#   jedec       what `stm32xspi cmd q 0x9f read 3*nchips` shows for chip 1
#   words       the first four words the window reads (hex, 0x...)
#   setup       optional {command sr}: a raw command run first, and what
#               SR (05h) reads after it

source [file join [file dirname [info script]] stm32xspi_probe.tcl]

# The hex bytes a `stm32xspi cmd` read printed, as one string "04 04"
proc cmd_bytes {out} {
	if {[regexp {read[^:\n]*: ([0-9a-f ]+)} $out -> b]} {
		return [string trim $b]
	}
	return "?"
}

# The sectors `flash info` lists as protected: "first-last count"
proc protected_sectors {} {
	set info [flash info q]
	set hits [regexp -all -inline {#\s*(\d+): 0x[0-9a-f]+ \([^)]*\) protected} $info]
	set idx {}
	foreach {all n} $hits {
		lappend idx $n
	}
	if {![llength $idx]} {
		return "none"
	}
	return "[lindex $idx 0]-[lindex $idx end] [llength $idx]"
}

proc check_step {name cmd} {
	set r [catch {uplevel #0 $cmd} msg]
	tap [expr {$r == 0}] $name $msg
	return $msg
}

proc check_fails {name cmd} {
	set r [catch {uplevel #0 $cmd} msg]
	tap [expr {$r != 0}] $name "it succeeded: $msg"
}

proc sr_reads {name opcode want} {
	global nchips
	set got [cmd_bytes [stm32xspi cmd q $opcode read $nchips]]
	tap [expr {$got eq $want}] "$name: [format %02xh $opcode] reads $want" "got $got"
}

proc prot_cases {} {
	global cases
	foreach c $cases {
		lassign $c first last sr sr2
		set tag "flash protect q $first $last on"
		if {[catch {flash protect q $first $last on} msg]} {
			tap 0 $tag $msg
			continue
		}
		tap 1 $tag
		set want "$first-$last [expr {$last - $first + 1}]"
		set got [protected_sectors]
		tap [expr {$got eq $want}] "$tag: flash info lists exactly sectors $first-$last protected" \
			"got $got"
		sr_reads $tag 0x05 $sr
		if {$sr2 ne ""} {
			sr_reads $tag 0x35 $sr2
		}
	}
}

proc stm32xspi_prot_checks {} {
	global pins nchips bad final guard_addr guard_len write_off marker_off data marker jedec words \
		sr_clear
	init
	reset halt
	$pins
	if {[catch {flash probe q} msg]} {
		tap 0 "flash probe" $msg
		echo "# checks done"
		return
	}

	# raw commands and the SFDP dump
	if {[info exists ::setup]} {
		lassign $::setup cmd want
		check_step "setup: $cmd" $cmd
		sr_reads "setup" 0x05 $want
	}
	set out [check_step "stm32xspi cmd q 0x9f read [expr {3 * $nchips}]" \
		"stm32xspi cmd q 0x9f read [expr {3 * $nchips}]"]
	if {$nchips == 2} {
		tap [regexp "chip 1: $jedec\nchip 2: $jedec" $out] "JEDEC ID of both chips: $jedec" $out
		tap [regexp {alternate chip 1, chip 2} $out] "dual flash: the output says the bytes alternate" $out
	} else {
		tap [expr {[cmd_bytes $out] eq $jedec}] "JEDEC ID: $jedec" $out
	}
	set out [check_step "stm32xspi sfdp q" "stm32xspi sfdp q"]
	tap [regexp {\n0x0000: 53 46 44 50 } $out] "the SFDP dump starts with 53 46 44 50 (SFDP)" \
		[string range $out 0 200]
	tap [regexp {parameter table 0: ID 0xff00[^\n]*\n0x00[0-9a-f]{2}: [0-9a-f]{2}} $out] \
		"the SFDP dump shows the basic flash parameter table" [string range $out 0 300]
	if {$nchips == 2} {
		tap [regexp {chip 2: identical to chip 1} $out] "dual flash: chip 2's SFDP is compared" \
			[string range $out end-200 end]
	}
	check_fails "stm32xspi cmd q 0x05 read 33 is refused" "stm32xspi cmd q 0x05 read 33"

	# protection: exact ranges, registers, flash info
	prot_cases
	lassign $bad first last
	check_fails "flash protect q $first $last on (not representable) fails" \
		"flash protect q $first $last on"
	lassign $final first last
	check_step "flash protect q $first $last on" "flash protect q $first $last on"

	# the guards of erase and program
	check_fails "flash erase_address $guard_addr $guard_len into the protected range fails" \
		"flash erase_address $guard_addr $guard_len"
	check_fails "flash write_bank into the protected range fails" \
		"flash write_bank q $data $write_off"
	check_step "a write outside the protected range works (marker)" \
		"flash write_bank q $marker $marker_off"

	# unlock
	set out [check_step "stm32xspi unlock q" "stm32xspi unlock q"]
	tap [regexp {chip 1: [^\n]* -> [^\n]*protected sectors [^\n]*now nothing} $out] \
		"unlock prints what changed" $out
	sr_reads "after unlock" 0x05 $sr_clear
	set got [protected_sectors]
	tap [expr {$got eq "none"}] "after unlock flash info lists no protected sector" "got $got"
	set out [check_step "stm32xspi unlock q again" "stm32xspi unlock q"]
	tap [regexp {no protection bits to clear} $out] "a second unlock has nothing to clear" $out
	check_step "flash write_bank into the formerly protected range works" \
		"flash write_bank q $data $write_off"
	check_step "flash verify_bank of it" "flash verify_bank q $data $write_off"

	# protect, then unprotect with flash protect ... off
	check_step "flash protect q $first $last on (again)" "flash protect q $first $last on"
	check_step "flash protect q $first $last off" "flash protect q $first $last off"
	set got [protected_sectors]
	tap [expr {$got eq "none"}] "flash protect off clears it" "got $got"

	# memory-mapped mode off and on
	set out [check_step "stm32xspi mmap q off" "stm32xspi mmap q off"]
	tap [regexp {memory-mapped mode off} $out] "mmap off says so" $out
	set out [check_step "stm32xspi mmap q on" "stm32xspi mmap q on"]
	tap [regexp {memory-mapped mode on} $out] "mmap on says so" $out
	set got [lmap w [read_memory 0x90000000 32 4] {format 0x%08x $w}]
	tap [expr {$got eq $words}] "after mmap on, 0x90000000 reads the chip's content" \
		"got $got, expected $words"

	# skip_unchanged
	set out [stm32xspi skip_unchanged q]
	tap [regexp {skip_unchanged on} $out] "skip_unchanged is on by default" $out
	set out [stm32xspi skip_unchanged q off]
	tap [regexp {skip_unchanged off} $out] "skip_unchanged off" $out
	set out [stm32xspi skip_unchanged q on]
	tap [regexp {skip_unchanged on} $out] "skip_unchanged on again" $out
	echo "# checks done"
}
