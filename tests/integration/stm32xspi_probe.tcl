# SPDX-License-Identifier: GPL-2.0-or-later
#
# stm32xspi probe against the vboard (test_stm32xspi_probe.sh). Runs after
# `init`; reported as TAP lines. Variables set by the caller:
#   pins        proc that enables the QUADSPI clock and pins (below)
#   qpi         1: first put the chips into QPI with the stock board proc
#   part_re     regexp the `flash info` text must match (part, size, dual)
#   words       the first four words the window must read (hex, 0x...)
#   out_bank    file for `flash read_bank` of the first 64 KiB

source [file join [file dirname [info script]] tap.tcl]

# QUADSPI clock and pins, as OpenOCD's stock board files set them
# (board/stm32h7x_dual_qspi.cfg, board/stm32f746g-disco.cfg), without
# touching the QUADSPI registers: the probe must configure those itself.
proc h7_qspi_pins {} {
	mmw 0x580244E0 0x000007FF 0           ;# RCC_AHB4ENR: GPIOA..K
	mmw 0x580244D4 0x00004000 0           ;# RCC_AHB3ENR: QSPIEN
	mmw 0x58020C00 0x00800000 0x00400000  ;# PD11 AF9
	mmw 0x58020C24 0x00009000 0x00006000
	mmw 0x58021400 0x0028A000 0x00145000  ;# PF6/7/10 AF9, PF9 AF10
	mmw 0x58021420 0x99000000 0x66000000
	mmw 0x58021424 0x000009A0 0x00000650
	mmw 0x58021800 0x20082000 0x10041000  ;# PG6 AF10, PG9/14 AF9
	mmw 0x58021820 0x0A000000 0x05000000
	mmw 0x58021824 0x09000090 0x06000060
	mmw 0x58021C00 0x000000A0 0x00000050  ;# PH2/3 AF9
	mmw 0x58021C20 0x00009900 0x00006600
}
proc f7_qspi_pins {} {
	mmw 0x40023830 0x000007FF 0           ;# RCC_AHB1ENR: GPIOA..K
	mmw 0x40023838 0x00000002 0           ;# RCC_AHB3ENR: QSPIEN
	mmw 0x40020400 0x00002020 0x00001010  ;# PB2 AF9, PB6 AF10
	mmw 0x40020420 0x0A000900 0x05000600
	mmw 0x40020C00 0x0A800000 0x05400000  ;# PD11/12/13 AF9
	mmw 0x40020C24 0x00999000 0x00666000
	mmw 0x40021000 0x00000020 0x00000010  ;# PE2 AF9
	mmw 0x40021020 0x00000900 0x00000600
}
# STM32H735G-DK: OCTOSPI1 and IOMNGR clocks, the NOR's port-1 pins (the
# project's declarative procs; AFs as board/h735_ospi.cfg has them)
proc h7_ospi_pins {} {
	uplevel #0 [list source [find xspi/stm32_board.tcl]]
	xspi_stm32_clocks h7 {GPIOB GPIOD GPIOE GPIOF GPIOG OSPI1 IOMNGR}
	xspi_stm32_pins h7 {
		PF10 9 PG6 10 PB2 10 PD11 9 PD12 9 PE2 9 PD13 9 PD4 10 PD5 10 PG9 9 PD7 10
	}
}
# The pins, but not the QUADSPI clock
proc h7_qspi_pins_only {} {
	h7_qspi_pins
	mmw 0x580244D4 0 0x00004000
}

proc run_step {name cmd} {
	set t0 [ms]
	set r [catch {uplevel #0 $cmd} msg]
	tap [expr {$r == 0}] $name $msg
	echo "# $name: [expr {[ms] - $t0}] ms"
	return $r
}

proc stm32xspi_probe_checks {} {
	global pins qpi part_re words out_bank
	init
	reset halt
	$pins
	if {$qpi} {
		qspi_init 1
		set w [lindex [read_memory 0x90000000 32 1] 0]
		echo "# after the stock qspi_init 1 (QPI, memory-mapped 4-4-4): [format 0x%08x $w]"
	}
	if {[run_step "flash probe" "flash probe q"]} {
		echo "# checks done"
		return
	}
	set info [flash info q]
	set line [lindex [regexp -inline {stm32xspi: [^\n]*} $info] 0]
	echo "# $line"
	tap [regexp $part_re $line] "flash info: $part_re" $line
	set got [read_memory 0x90000000 32 4]
	set got [lmap w $got {format 0x%08x $w}]
	tap [expr {$got eq $words}] "mdw 0x90000000 after probe reads the chip's content" "got $got, expected $words"
	run_step "flash read_bank of the first 64 KiB" "flash read_bank q $out_bank 0 0x10000"
	echo "# checks done"
}
