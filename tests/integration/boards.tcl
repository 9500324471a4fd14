# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks of the board files (target_cfg/board/*.cfg) against the vboard,
# run inside OpenOCD after `-f interface/vboard.cfg -f board/X.cfg`
# (test_boards.sh). Reported as TAP lines. Variables set by the caller:
#   family        h7 or f7
#   part_re       regexp the bank's `flash info` line must match
#   app_reset app_tick app_counter app_step app_sp
#                 the example application (examples/app) in the chips
#   window_out window_len marker_out marker_addr
#                 where to dump the window's first bytes and the marker
#   boot_bin boot_reset   (stub checks) the H750 boot stub and its entry

source [file join [file dirname [info script]] tap.tcl]

proc run_step {name cmd} {
	set r [catch {uplevel #0 $cmd} msg]
	tap [expr {$r == 0}] $name $msg
	return $r
}

proc in_window {addr} {
	return [expr {$addr >= 0x90000000 && $addr < 0xA0000000}]
}

# The stm32xspi bank the board file declared.
proc xspi_bank {} {
	foreach b [flash list] {
		if {[dict get $b driver] eq "stm32xspi"} {
			return [dict get $b name]
		}
	}
	return ""
}

# Let the application run for a while, twice: its counter must have grown
# between the two halts (the first run may start the application afresh,
# which zeroes the counter).
proc run_for {ms} {
	resume
	sleep $ms
	halt
}
proc counter_grows {tag} {
	global app_counter app_step
	set T [target current]
	run_for 100
	set c0 [word_at $app_counter]
	run_for 100
	set c1 [word_at $app_counter]
	set pc [regval pc]
	tap [expr {[$T curstate] eq "halted" && $c1 > $c0}] "$tag: app_counter grows while it runs" \
		"app_counter [hex $c0] -> [hex $c1]"
	tap [in_window $pc] "$tag: the core runs from external flash" "pc [hex $pc]"
	tap [expr {[word_at $app_step] == 1}] "$tag: the application's .data was copied" \
		"app_step [hex [word_at $app_step]]"
}

# After `reset init` on a board whose internal flash is erased.
proc boot_less_state {tag} {
	global app_reset app_sp
	set pc [regval pc]
	set sp [regval sp]
	set vtor [word_at 0xE000ED08]
	tap [expr {$pc == ($app_reset & ~1) && $sp == $app_sp && $vtor == 0x90000000}] \
		"$tag: pc, sp and VTOR come from the vector table at 0x90000000" \
		"pc [hex $pc] sp [hex $sp] VTOR [hex $vtor], expected pc [hex [expr {$app_reset & ~1}]] sp [hex $app_sp] VTOR 0x90000000"
}

# xspi_stm32_pins on every pin of a port the board does not use (J), in
# two halves, read back field by field: each pin gets its AF (AFRL for
# 0..7, AFRH for 8..15), MODER 10, OSPEEDR 11, PUPDR 00, OTYPER 0, and the
# other half keeps what it had. Then the errors it reports.
proc pin_field {addr shift width} {
	return [expr {([word_at $addr] >> $shift) & ((1 << $width) - 1)}]
}
# Pin n of the port at base: {MODER OTYPER OSPEEDR PUPDR AF}.
proc pin_state {base n} {
	return [list [pin_field $base [expr {2 * $n}] 2] [pin_field [expr {$base + 4}] $n 1] \
		[pin_field [expr {$base + 8}] [expr {2 * $n}] 2] \
		[pin_field [expr {$base + 12}] [expr {2 * $n}] 2] \
		[pin_field [expr {$base + ($n < 8 ? 0x20 : 0x24)}] [expr {4 * ($n & 7)}] 4]]
}
# Pins of port J not in the {PIN AF ...} list must still be as in before.
proc pins_check_port {base pins before} {
	set bad {}
	for {set n 0} {$n < 16} {incr n} {
		set i [lsearch -exact $pins PJ$n]
		if {$i >= 0} {
			set want [list 2 0 3 0 [lindex $pins [expr {$i + 1}]]]
		} else {
			set want [lindex $before $n]
		}
		set got [pin_state $base $n]
		if {$got ne $want} {
			lappend bad "PJ$n: MODER OTYPER OSPEEDR PUPDR AF = $got, expected $want"
		}
	}
	return $bad
}
proc pins_checks {family} {
	set base [expr {($family eq "h7" ? 0x58020000 : 0x40020000) + 0x400 * 9}]
	set r [catch {xspi_stm32_clocks $family {GPIOJ}} msg]
	tap [expr {$r == 0 && ([word_at [expr {$family eq "h7" ? 0x580244E0 : 0x40023830}]] & (1 << 9))}] \
		"xspi_stm32_clocks $family {GPIOJ} sets GPIOJEN (bit 9)" $msg
	set before {}
	for {set n 0} {$n < 16} {incr n} {
		lappend before [pin_state $base $n]
	}
	set even {PJ0 15 PJ2 13 PJ4 11 PJ6 9 PJ8 7 PJ10 5 PJ12 3 PJ14 1}
	set odd {PJ1 14 PJ3 12 PJ5 10 PJ7 8 PJ9 6 PJ11 4 PJ13 2 PJ15 0}
	set r [catch {xspi_stm32_pins $family $even} msg]
	set bad [pins_check_port $base $even $before]
	tap [expr {$r == 0 && $bad eq ""}] "xspi_stm32_pins: even pins of port J set, odd pins untouched" "$msg $bad"
	set r [catch {xspi_stm32_pins $family $odd} msg]
	set bad [pins_check_port $base [concat $even $odd] $before]
	tap [expr {$r == 0 && $bad eq ""}] "xspi_stm32_pins: all 16 pins of port J (AFRL and AFRH)" "$msg $bad"
	set errs {}
	foreach {pins re} {
		{PJ16 9} {not a pin name}
		{PL1 9} {no GPIO port 'L'}
		{PJ1 16} {alternate function '16' is not 0..15}
		{PJ1} {not a list of pin}
		{PJ1 9 PJ1 10} {PJ1 is listed twice}
		{PK1 9} {the clock of GPIOK is off}
	} {
		if {![catch {xspi_stm32_pins $family $pins} msg] || ![regexp $re $msg]} {
			lappend errs "{$pins}: '$msg'"
		}
	}
	tap [expr {$errs eq ""}] "xspi_stm32_pins refuses bad pins, AFs and unclocked ports, saying why" $errs
	set errs {}
	foreach {fam names re} {
		h7 {GPIOL} {no GPIO port 'L'}
		h7 {UART1} {unknown clock 'UART1'}
		h8 {QSPI} {unknown STM32 family 'h8'}
	} {
		if {![catch {xspi_stm32_clocks $fam $names} msg] || ![regexp $re $msg]} {
			lappend errs "$fam {$names}: '$msg'"
		}
	}
	tap [expr {$errs eq ""}] "xspi_stm32_clocks refuses unknown clocks and families, saying why" $errs
}

proc boards_bootless_checks {} {
	global family part_re window_out window_len marker_out marker_addr app_tick app_reset
	set T [target current]
	if {[run_step "init" init] || [run_step "reset init" {reset init}]} {
		echo "# checks done"
		return
	}
	set bank [xspi_bank]
	set info ""
	catch {set info [flash info $bank]}
	set line [lindex [regexp -inline {stm32xspi: [^\n]*} $info] 0]
	echo "# $line"
	tap [regexp $part_re $line] "flash info names the part: $part_re" $line
	run_step "dump the window's first bytes" "dump_image $window_out 0x90000000 $window_len"
	run_step "dump the marker" "dump_image $marker_out $marker_addr 64"
	boot_less_state "reset init"
	counter_grows "boot-less"
	pins_checks $family

	# A hardware breakpoint in external flash (GDB uses these there).
	set hit 0
	if {![catch {bp $app_tick 2 hw}]} {
		resume
		catch {wait_halt 1000}
		set hit [expr {[regval pc] == ($app_tick & ~1)}]
		catch {rbp $app_tick}
	}
	tap $hit "a hardware breakpoint on app_tick (external flash) is hit" "pc [hex [regval pc]]"

	# The events GDB triggers.
	resume
	set r [catch {$T invoke-event gdb-attach} msg]
	tap [expr {$r == 0 && [$T curstate] eq "halted"}] "gdb-attach: halts and probes" "$msg, state [$T curstate]"
	set r [catch {$T invoke-event gdb-flash-write-end} msg]
	tap [expr {$r == 0}] "gdb-flash-write-end runs" $msg
	boot_less_state "gdb-flash-write-end (reset init)"
	counter_grows "after gdb-flash-write-end"
	tap [expr {[string trim [$T cget -event gdb-flash-erase-start]] eq "reset init"}] \
		"gdb-flash-erase-start is reset init" [$T cget -event gdb-flash-erase-start]

	global XSPI_BOOT_EXTERNAL
	set XSPI_BOOT_EXTERNAL 0
	reset init
	set pc [regval pc]
	tap [expr {$pc != ($app_reset & ~1) && [word_at 0x90000000] == $::app_sp}] \
		"XSPI_BOOT_EXTERNAL 0: reset init maps the window but leaves pc alone" "pc [hex $pc]"
	unset XSPI_BOOT_EXTERNAL
	echo "# checks done"
}

# The STM32H750B-DK boot stub in internal flash starts the application.
proc stub_boots {tag} {
	global app_counter
	set T [target current]
	set marker 0xFFFFFF00
	write_memory $app_counter 32 $marker
	reset run
	sleep 300
	halt
	set c [word_at $app_counter]
	set pc [regval pc]
	set vtor [word_at 0xE000ED08]
	tap [expr {$c > 0 && $c < $marker}] "$tag: the application started afresh and counts" "app_counter [hex $c]"
	tap [expr {[in_window $pc] && $vtor == 0x90000000}] "$tag: it runs from external flash, VTOR = 0x90000000" \
		"pc [hex $pc], VTOR [hex $vtor]"
	counter_grows "$tag, resumed"
}

proc boards_stub_checks {} {
	global boot_bin boot_reset app_sp
	if {[run_step "init" init] || [run_step "reset init" {reset init}]} {
		echo "# checks done"
		return
	}
	if {[run_step "flash write_image erase h750_boot.bin 0x08000000 (stock stm32h7x driver)" \
		"flash write_image erase $boot_bin 0x08000000"]} {
		echo "# checks done"
		return
	}
	run_step "verify_image h750_boot.bin" "verify_image $boot_bin 0x08000000"
	reset init
	set pc [regval pc]
	tap [expr {$pc == ($boot_reset & ~1)}] \
		"reset init with a program in internal flash leaves pc at its reset handler" "pc [hex $pc]"
	stub_boots "boot stub"
	# The chips left in QPI mode (OpenOCD's stock qspi_init 1): the stub's
	# reset on 4 lines must bring them back.
	qspi_init 1
	tap [expr {[word_at 0x90000000] == $app_sp}] "chips in QPI, window still mapped (stock qspi_init 1)" \
		[hex [word_at 0x90000000]]
	stub_boots "boot stub, chips left in QPI"
	echo "# checks done"
}
