# SPDX-License-Identifier: GPL-2.0-or-later
#
# Declarative STM32 board bring-up for the openocd-xspi board files
# (target_cfg/board/): clock enables and pin lists instead of register
# pokes, the events that keep external flash usable from GDB, and the
# "boot-less" start of a program that lives in external flash. Installed
# as scripts/xspi/stm32_board.tcl; a board file does
#     source [find xspi/stm32_board.tcl]
#
#   xspi_stm32_clocks FAMILY {GPIOB GPIOD ... QSPI}
#   xspi_stm32_pins FAMILY {PB2 9 PB6 10 ...}        (pin, alternate function)
#   xspi_event_extend TARGET EVENT BODY               (after what is there)
#   xspi_gdb_attach BANK BRINGUP                      (a gdb-attach body)
#   xspi_boot_external ?WINDOW? ?INTERNAL-FLASH?      (a reset-init step;
#                                                      XSPI_BOOT_EXTERNAL 0: off)
#
# FAMILY is h7 (STM32H742/743/750/753) or f7 (STM32F74x/75x).
#
# Sources of the addresses and bits below:
#   RCC: ST's CMSIS device headers, stm32h750xx.h (RCC_TypeDef: AHB3ENR at
#     +0xD4, AHB4ENR at +0xE0; RCC_BASE 0x58024400; RCC_AHB3ENR_QSPIEN_Pos
#     14; RCC_AHB4ENR_GPIOxEN_Pos x for ports A..K = 0..10), stm32h735xx.h
#     (same RCC layout; RCC_AHB3ENR OSPI1EN 14, OSPI2EN 19, IOMNGREN 21, the
#     last also set by OpenOCD's board/stm32h735g-disco.cfg) and
#     stm32f746xx.h (AHB1ENR at +0x30, AHB3ENR at +0x38; RCC_BASE
#     0x40023800; RCC_AHB3ENR_QSPIEN_Pos 1; RCC_AHB1ENR_GPIOxEN_Pos 0..10),
#     i.e. RM0433 "RCC AHB3/AHB4 clock register" and RM0385 "RCC AHB1/AHB3
#     peripheral clock enable register". The same bits are set by OpenOCD's
#     board/stm32h7x_dual_qspi.cfg and board/stm32f746g-disco.cfg, and the
#     vboard gates its models with them (vboard/vb_quadspi.c,
#     vboard/vb_periph_stm32.c).
#   GPIO: port x at BASE + 0x400 * x (A = 0 .. K = 10), BASE 0x58020000 on
#     H7 (D3 AHB4, GPIOA_BASE in stm32h750xx.h), 0x40020000 on F7 (AHB1,
#     GPIOA_BASE in stm32f746xx.h). Registers (RM0433 "GPIO registers",
#     RM0385 "GPIO registers", identical on both): MODER +0x00 (2 bits per
#     pin, 10 = alternate function), OTYPER +0x04 (1 bit, 0 = push-pull),
#     OSPEEDR +0x08 (2 bits, 11 = very high speed), PUPDR +0x0C (2 bits,
#     00 = no pull), AFRL +0x20 (4 bits per pin 0..7), AFRH +0x24 (pins
#     8..15).
#   VTOR: 0xE000ED08 (ARMv7-M Architecture Reference Manual, B3.2.5).

# The facts of one family, as a dict.
proc xspi_stm32_family {family} {
	switch -- $family {
		h7 {
			return {
				gpio_enr 0x580244E0 gpio_enr_name RCC_AHB4ENR
				qspi_enr 0x580244D4 qspi_enr_name RCC_AHB3ENR
				qspi_bits {QSPI 14 OSPI1 14 OSPI2 19 IOMNGR 21}
				gpio_base 0x58020000
			}
		}
		f7 {
			return {
				gpio_enr 0x40023830 gpio_enr_name RCC_AHB1ENR
				qspi_enr 0x40023838 qspi_enr_name RCC_AHB3ENR
				qspi_bits {QSPI 1}
				gpio_base 0x40020000
			}
		}
		default {
			error "xspi: unknown STM32 family '$family': use h7 or f7"
		}
	}
}

# Ports A..K, in the order of their clock-enable bits and register blocks
# (both families; there is no port L).
set _XSPI_STM32_PORTS ABCDEFGHIJK

proc xspi_stm32_port_index {letter} {
	global _XSPI_STM32_PORTS
	set i [string first $letter $_XSPI_STM32_PORTS]
	if {$i < 0 || [string length $letter] != 1} {
		error "xspi: no GPIO port '$letter' (ports A..K)"
	}
	return $i
}

proc xspi_mrw {addr} {
	return [lindex [read_memory $addr 32 1] 0]
}

# xspi_rmw ADDR SET CLEAR: read-modify-write one register, writing only
# when the value changes (so that applying a configuration twice is
# harmless and touches nothing). Returns 1 when it wrote.
proc xspi_rmw {addr set clear} {
	set old [xspi_mrw $addr]
	set new [expr {($old & ~$clear | $set) & 0xFFFFFFFF}]
	if {$new == $old} {
		return 0
	}
	write_memory $addr 32 $new
	return 1
}

# xspi_stm32_clocks FAMILY NAMES: enable the clocks of the named
# peripherals: GPIOA .. GPIOK and QSPI. Reads every register back (the
# delay ST asks for after a clock enable) and checks that the bits stuck.
proc xspi_stm32_clocks {family names} {
	set f [xspi_stm32_family $family]
	set gpio_mask 0
	set qspi_mask 0
	foreach name $names {
		if {[dict exists [dict get $f qspi_bits] $name]} {
			set bit [dict get [dict get $f qspi_bits] $name]
			set qspi_mask [expr {$qspi_mask | (1 << $bit)}]
		} elseif {[regexp {^GPIO(.)$} $name -> letter]} {
			set gpio_mask [expr {$gpio_mask | (1 << [xspi_stm32_port_index $letter])}]
		} else {
			error "xspi_stm32_clocks: unknown clock '$name' (GPIOA..GPIOK, [dict keys [dict get $f qspi_bits]])"
		}
	}
	foreach {reg name mask} [list [dict get $f gpio_enr] [dict get $f gpio_enr_name] $gpio_mask \
		[dict get $f qspi_enr] [dict get $f qspi_enr_name] $qspi_mask] {
		if {$mask == 0} {
			continue
		}
		xspi_rmw $reg $mask 0
		set now [xspi_mrw $reg]
		if {($now & $mask) != $mask} {
			error [format "xspi_stm32_clocks: %s at 0x%08x reads 0x%08x after setting 0x%08x (is this an STM32%s?)" \
				$name $reg $now $mask [string toupper $family]]
		}
	}
}

# xspi_stm32_pins FAMILY {PIN AF PIN AF ...}: put each pin (PA0 .. PK15) in
# alternate function AF (0..15), push-pull, very high speed, no pull. The
# port clocks must be on (xspi_stm32_clocks). Per port, the AF number,
# output type, speed and pull are set before MODER, so that a pin becomes
# an alternate-function pin only once its function is the right one.
proc xspi_stm32_pins {family pins} {
	set f [xspi_stm32_family $family]
	if {[llength $pins] % 2} {
		error "xspi_stm32_pins: '$pins' is not a list of pin / alternate-function pairs"
	}
	# Per port: masks of the pins' 1-bit fields (mask1), 2-bit fields
	# (mask2), the MODER value to set, AFRL/AFRH values and masks.
	set ports [dict create]
	set seen [dict create]
	foreach {pin af} $pins {
		if {![regexp {^P([A-Z])([0-9]|1[0-5])$} $pin -> letter n]} {
			error "xspi_stm32_pins: '$pin' is not a pin name (PA0 .. PK15)"
		}
		if {![string is integer -strict $af] || $af < 0 || $af > 15} {
			error "xspi_stm32_pins: $pin: alternate function '$af' is not 0..15"
		}
		if {[dict exists $seen $pin]} {
			error "xspi_stm32_pins: $pin is listed twice"
		}
		dict set seen $pin 1
		set port [xspi_stm32_port_index $letter]
		if {![dict exists $ports $port]} {
			dict set ports $port {
				mask1 0 mask2 0 moder 0 afrl_set 0 afrl_clr 0 afrh_set 0 afrh_clr 0
			}
		}
		set m [dict get $ports $port]
		dict set m mask1 [expr {[dict get $m mask1] | (1 << $n)}]
		dict set m mask2 [expr {[dict get $m mask2] | (3 << (2 * $n))}]
		dict set m moder [expr {[dict get $m moder] | (2 << (2 * $n))}]
		set afr [expr {$n < 8 ? "afrl" : "afrh"}]
		set sh [expr {4 * ($n & 7)}]
		dict set m ${afr}_set [expr {[dict get $m ${afr}_set] | ($af << $sh)}]
		dict set m ${afr}_clr [expr {[dict get $m ${afr}_clr] | (0xF << $sh)}]
		dict set ports $port $m
	}
	global _XSPI_STM32_PORTS
	dict for {port m} $ports {
		set name GPIO[string index $_XSPI_STM32_PORTS $port]
		if {!([xspi_mrw [dict get $f gpio_enr]] & (1 << $port))} {
			error [format "xspi_stm32_pins: the clock of %s is off (%s at 0x%08x, bit %d): list %s in xspi_stm32_clocks first" \
				$name [dict get $f gpio_enr_name] [dict get $f gpio_enr] $port $name]
		}
		set base [expr {[dict get $f gpio_base] + 0x400 * $port}]
		xspi_rmw [expr {$base + 0x04}] 0 [dict get $m mask1]            ;# OTYPER: push-pull
		xspi_rmw [expr {$base + 0x08}] [dict get $m mask2] 0            ;# OSPEEDR: very high
		xspi_rmw [expr {$base + 0x0C}] 0 [dict get $m mask2]            ;# PUPDR: none
		xspi_rmw [expr {$base + 0x20}] [dict get $m afrl_set] [dict get $m afrl_clr] ;# AFRL
		xspi_rmw [expr {$base + 0x24}] [dict get $m afrh_set] [dict get $m afrh_clr] ;# AFRH
		xspi_rmw $base [dict get $m moder] [dict get $m mask2]          ;# MODER: AF
	}
}

# xspi_event_extend TARGET EVENT BODY: run BODY after whatever handler
# TARGET already has for EVENT (e.g. the stock target file's reset-init,
# which sets clocks and the adapter speed): `configure -event` would
# replace it.
proc xspi_event_extend {target event body} {
	set old [$target cget -event $event]
	if {$old ne ""} {
		set body "$old\n$body"
	}
	$target configure -event $event $body
}

# xspi_gdb_attach BANK BRINGUP: the gdb-attach event of a board with
# external flash. GDB asks for the memory map when it connects, and
# OpenOCD builds it from every flash bank, probing those not probed yet;
# the QUADSPI bank can be probed only with its clock and pins up, so:
# halt, bring them up (BRINGUP, a proc of the board file, writes only what
# differs), probe.
proc xspi_gdb_attach {bank bringup} {
	halt 1000
	eval $bringup
	if {[catch {flash probe $bank} err]} {
		echo "xspi: gdb-attach: probe of '$bank' failed ($err): GDB's memory map needs it"
		error $err
	}
}

# xspi_boot_external ?WINDOW? ?INTERNAL?: the boot-less path, a reset-init
# step after the external flash has been probed (so that WINDOW is
# memory-mapped). When the internal flash at INTERNAL is erased (its first
# word, the initial SP of a vector table, is 0xFFFFFFFF: the core has
# nothing to boot) and WINDOW starts with something that looks like a
# vector table (initial SP word aligned in the SRAM region 0x20000000-
# 0x3FFFFFFF, reset handler a Thumb address inside the 256 MiB window),
# start that program as the core would have: VTOR = WINDOW, SP and PC from
# its first two words. Otherwise leave the registers as reset set them.
# Returns 1 when it set them. `set XSPI_BOOT_EXTERNAL 0` turns it off
# (reset init then leaves the core where reset left it).
proc xspi_boot_external {{window 0x90000000} {internal 0x08000000}} {
	global XSPI_BOOT_EXTERNAL
	if {[info exists XSPI_BOOT_EXTERNAL] && !$XSPI_BOOT_EXTERNAL} {
		return 0
	}
	set first [xspi_mrw $internal]
	if {$first != 0xFFFFFFFF} {
		echo [format "xspi: internal flash at 0x%08x holds a program (initial SP 0x%08x): it boots the core" \
			$internal $first]
		return 0
	}
	set sp [xspi_mrw $window]
	set pc [xspi_mrw [expr {$window + 4}]]
	if {$sp < 0x20000000 || $sp >= 0x40000000 || ($sp & 3)} {
		echo [format "xspi: internal flash is erased and 0x%08x holds no vector table (initial SP 0x%08x): nothing to boot" \
			$window $sp]
		return 0
	}
	if {!($pc & 1) || $pc < $window || $pc >= $window + 0x10000000} {
		echo [format "xspi: internal flash is erased and 0x%08x holds no vector table (reset handler 0x%08x): nothing to boot" \
			$window $pc]
		return 0
	}
	write_memory 0xE000ED08 32 $window ;# VTOR
	reg sp $sp
	reg pc [expr {$pc & ~1}]
	reg xPSR 0x01000000 ;# EPSR.T: Thumb state, as a vector fetch sets it
	echo [format "xspi: internal flash is erased: booting from external flash: VTOR = 0x%08x, sp = 0x%08x, pc = 0x%08x" \
		$window $sp [expr {$pc & ~1}]]
	return 1
}
