# SPDX-License-Identifier: GPL-2.0-or-later
#
# STM32H735G-DK checks (test_h735.sh): octal NOR on OCTOSPI1, HyperRAM on
# OCTOSPI2, the OCTOSPIM. Runs after `init` with board/h735_ospi.cfg;
# reported as TAP lines. Variables set by the caller:
#   work      scratch directory (hram.bin, nor.bin are there)
#   found     the mode the probe must report finding the chip in ("" = SPI)
#   octal     dtr (default) or str: how the driver is asked to run the chip

source [file join [file dirname [info script]] tap.tcl]

set OSPI1 0x52005000
set OSPI2 0x5200A000
set OSPIM 0x5200B400

# the stm32xspi bank's name
proc ospi_bank {} {
	foreach b [flash list] {
		if {[dict get $b driver] eq "stm32xspi"} {
			return [dict get $b name]
		}
	}
	return none
}

proc log_has {text} {
	global work
	set f [open $work/oocd_now.log]
	set s [read $f]
	close $f
	return [string match *$text* $s]
}

# Does a window read work? (a broken memory-mapped port gives an error)
proc window_reads {addr} {
	return [expr {![catch {read_memory $addr 32 1}]}]
}

proc hram_intact {name} {
	global work
	set r [catch {verify_image $work/hram.bin 0x70000000 bin} msg]
	tap [expr {$r == 0}] $name $msg
}

proc h735_checks {} {
	global work found octal OSPI1 OSPI2 OSPIM
	set proto 8D-8D-8D
	set rd 0xee11
	if {$octal eq "str"} {
		set r [catch {stm32xspi octal [ospi_bank] str} msg]
		tap [expr {$r == 0 && [string match "*8S-8S-8S*" $msg]}] "stm32xspi octal BANK str" $msg
		set proto 8S-8S-8S
		set rd 0xec13
	}
	set r [catch {reset init} msg]
	tap [expr {$r == 0}] "reset init with board/h735_ospi.cfg" $msg
	set info [flash info [ospi_bank]]
	tap [regexp {MX25LM51245G.*65536 KiB} $info] "flash info names the MX25LM51245G, 64 MiB" $info
	tap [regexp "page program 0x12ed $proto" $info] "page program 12EDh in $proto" $info
	tap [regexp "memory-mapped read $rd $proto" $info] "memory-mapped read $rd in $proto" $info
	if {$found ne ""} {
		tap [log_has "found in $found"] "the probe says it found the chip in $found"
	}
	tap [log_has "memory-mapped read/write at 0x70000000"] "the HyperRAM is mapped at reset init"

	# HyperRAM: load, read back, run the NOR operations, still there
	set r [catch {load_image $work/hram.bin 0x70000000 bin} msg]
	tap [expr {$r == 0}] "load_image into the HyperRAM" $msg
	hram_intact "the HyperRAM reads back what was loaded"
	set r [catch {flash write_image erase $work/nor.bin 0x90000000 bin} msg]
	tap [expr {$r == 0}] "flash write_image erase of the NOR" $msg
	set r [catch {verify_image $work/nor.bin 0x90000000 bin} msg]
	tap [expr {$r == 0}] "the NOR window reads the image (memory-mapped again)" $msg
	hram_intact "the HyperRAM kept its content while the NOR was programmed"
	tap [expr {[mrw [expr {$OSPIM + 4}]] == 0x03010111 && [mrw [expr {$OSPIM + 8}]] == 0x07050333}] \
		"OCTOSPIM ports at their reset routing: nothing needed to change"

	# probe again while the HyperRAM is mapped: nothing of OCTOSPI2 changes
	set cr2 [mrw $OSPI2]
	set r [catch {flash probe [ospi_bank]} msg]
	tap [expr {$r == 0}] "flash probe with the HyperRAM mapped" $msg
	tap [expr {[mrw $OSPI2] == $cr2}] "OCTOSPI2 CR untouched by the NOR probe" [hex [mrw $OSPI2]]
	hram_intact "the HyperRAM is intact after the probe"
	set r [catch {stm32xspi hyperram $OSPI2} msg]
	tap [expr {$r == 0 && [string match "*already memory-mapped*left as it is*" $msg]}] \
		"stm32xspi hyperram on a mapped HyperRAM leaves it alone" $msg

	# firmware left port 1 off: the probe routes it, port 2 and the
	# mapped HyperRAM are not touched
	mww [expr {$OSPIM + 4}] 0
	set p2 [mrw [expr {$OSPIM + 8}]]
	set r [catch {flash probe [ospi_bank]} msg]
	tap [expr {$r == 0 && [mrw [expr {$OSPIM + 4}]] == 0x03010111}] \
		"port 1 off: the probe routes OCTOSPIM port 1 to OCTOSPI1" $msg
	tap [log_has "OCTOSPIM port 1 routed to OCTOSPI1 (P1CR 0x00000000 -> 0x03010111); the other port was not touched"] \
		"... and says what it wrote"
	tap [expr {[mrw [expr {$OSPIM + 8}]] == $p2 && [mrw $OSPI2] == $cr2}] \
		"... port 2 and OCTOSPI2 untouched"
	hram_intact "... the HyperRAM still mapped and intact"

	# ours, with code running from the HyperRAM: a loop (b .) there; the
	# NOR is probed and programmed in between; the core goes on looping
	# (outside hram.bin's 256 KiB, which is checked afterwards); a vector
	# table in DTCM whose HardFault handler is a loop at 0x20001200
	mwh 0x70100000 0xE7FE
	mwh 0x20001200 0xE7FE
	mww 0x20001000 0x20008000
	for {set i 1} {$i < 16} {incr i} {
		mww [expr {0x20001000 + 4 * $i}] 0x20001201
	}
	mww 0xE000ED08 0x20001000
	reg pc 0x70100000
	reg msp 0x20008000
	reg xPSR 0x01000000
	resume
	sleep 20
	halt
	set r [catch {flash probe [ospi_bank]; flash write_image erase $work/nor.bin 0x90100000 bin} msg]
	tap [expr {$r == 0}] "probe and program the NOR while a program runs from the HyperRAM" $msg
	resume
	sleep 20
	halt
	set pc [regval pc]
	set ipsr [expr {[regval xPSR] & 0x1ff}]
	tap [expr {$pc == 0x70100000 && $ipsr == 0}] \
		"... the program in the HyperRAM still runs afterwards (pc in its loop, no exception)" \
		"pc [hex $pc] IPSR $ipsr"

	# the naive vendor sequence (HAL_OSPIM_Config) while that program
	# runs: both OCTOSPIs disabled, the instance's port cleared and set
	# again, enables restored
	resume
	sleep 20
	mmw $OSPI1 0 1
	mmw $OSPI2 0 1
	mww [expr {$OSPIM + 8}] 0
	mww [expr {$OSPIM + 4}] 0x03010111
	mww [expr {$OSPIM + 8}] 0x07050333
	mmw $OSPI1 1 0
	mmw $OSPI2 1 0
	sleep 20
	halt
	set ipsr [expr {[regval xPSR] & 0x1ff}]
	set pc [regval pc]
	tap [expr {$ipsr == 3 && $pc == 0x20001200}] \
		"naive OCTOSPIM set-up under a program running from the HyperRAM: it hard-faults (as users report)" \
		"IPSR $ipsr, pc [hex $pc]"
	tap [expr {![window_reads 0x70000000]}] \
		"... and the HyperRAM window fails for the debugger too"
	# ours: the driver's commands bring both back, content intact
	set r [catch {stm32xspi hyperram $OSPI2} msg]
	tap [expr {$r == 0 && [window_reads 0x70000000]}] "stm32xspi hyperram maps it again" $msg
	hram_intact "the HyperRAM content survived (self-refresh DRAM)"
	set r [catch {flash probe [ospi_bank]} msg]
	tap [expr {$r == 0 && [window_reads 0x90000000]}] "the NOR is mapped again after a probe" $msg
	echo "# checks done"
}
