# SPDX-License-Identifier: GPL-2.0-or-later
#
# Debug checks against a vboard, run inside OpenOCD (stock or ours) after
# the interface and target configs. Assertions are made here and reported
# as TAP lines ("ok - ..." / "not ok - ..."); the calling script numbers
# and counts them. Variables set by the caller with -c "set NAME VALUE":
#   fw_vtor fw_reset fw_tick fw_counter   the firmware in internal flash
#   fw9_reset fw9_tick               symbols of the copy at 0x9xxxxxxx
#   rams      {addr size addr size ...} every RAM of the board
#   load_file load_addr load_size    image for load_image/verify_image
#   strip_adapter_speed  1: drop `adapter speed` from reset-init (see there)

source [file join [file dirname [info script]] tap.tcl]

set T [target current]
init

# --- examine --------------------------------------------------------------
set st [$T curstate]
tap [expr {$st eq "running" || $st eq "halted"}] "examine: target state is '$st'"

# --- the core's AP and its ROM tables, as `dap info` walks them -----------
set info [capture {dap info 0}]
# (the M7's SCS has part number 0x000, which OpenOCD calls "Cortex-M3 SCS")
tap [expr {[string match "*Cortex-M7 ROM*" $info]
	&& [string match "*base address 0xe000e000*SCS (System Control Space)*" $info]
	&& ![string match "*Can't read component*" $info]}] "dap info 0: ROM tables lead to the SCS" \
	[lindex [split $info "\n"] 0]

# --- reset halt stops at the reset vector -----------------------------------
reset halt
tap [expr {[$T curstate] eq "halted"}] "reset halt: halted"
set pc [regval pc]
tap [expr {$pc == ($fw_reset & ~1)}] "reset halt: pc at the reset vector" "pc [hex $pc], want [hex [expr {$fw_reset & ~1}]]"
set sp [regval msp]
tap [expr {$sp == [word_at [expr {$fw_vtor}]]}] "reset halt: msp from the vector table" "msp [hex $sp]"

# --- step -----------------------------------------------------------------
step
set pc2 [regval pc]
tap [expr {$pc2 != $pc && [$T curstate] eq "halted"}] "step: one instruction, still halted" "pc [hex $pc] -> [hex $pc2]"

# --- resume / halt: the firmware counts -----------------------------------
# (the first run zeroes the counter: compare two later halts)
resume
sleep 50
halt
set c0 [word_at $fw_counter]
resume
sleep 100
halt
set c1 [word_at $fw_counter]
tap [expr {[$T curstate] eq "halted" && $c1 > $c0}] "resume, halt: code ran" "counter $c0 -> $c1"

# --- core registers, FPU included -----------------------------------------
reg r0 0x12345678
tap [expr {[regval r0] == 0x12345678}] "reg r0 write/read"
reg r12 0xcafef00d
tap [expr {[regval r12] == 0xcafef00d}] "reg r12 write/read"
reg d0 0x1122334455667788
tap [expr {[regval d0] == 0x1122334455667788}] "reg d0 (FPU) write/read" "got [reg d0]"
reg d15 0x0123456789abcdef
tap [expr {[regval d15] == 0x0123456789abcdef}] "reg d15 (FPU) write/read" "got [reg d15]"
reg fpscr 0x03c00000
tap [expr {[regval fpscr] == 0x03c00000}] "reg fpscr write/read" "got [reg fpscr]"
reg psp 0x20001000
tap [expr {[regval psp] == 0x20001000}] "reg psp write/read"
reg primask 1
tap [expr {[regval primask] == 1}] "reg primask write/read"
reg primask 0

# --- memory at 8/16/32 bits, every RAM ------------------------------------
foreach {base size} $rams {
	set last [expr {$base + $size - 4}]
	set ok 1
	foreach a [list $base $last] {
		mww $a 0xa5a55a5a
		set ok [expr {$ok && [word_at $a] == 0xa5a55a5a}]
		mwh [expr {$a + 2}] 0x1234
		set ok [expr {$ok && [lindex [read_memory [expr {$a + 2}] 16 1] 0] == 0x1234}]
		mwb [expr {$a + 1}] 0x77
		set ok [expr {$ok && [lindex [read_memory [expr {$a + 1}] 8 1] 0] == 0x77}]
		set ok [expr {$ok && [word_at $a] == 0x1234775a}]
	}
	tap $ok "mww/mwh/mwb + reads at first and last word of RAM [hex $base] ([expr {$size / 1024}] KiB)"
}

# --- load_image / verify_image (verify runs a checksum routine on target) --
set t0 [ms]
load_image $load_file $load_addr bin
set t1 [ms]
set dt [expr {$t1 - $t0}]
if {$dt < 1} { set dt 1 }
echo "# load_image $load_size bytes in $dt ms: [expr {$load_size * 1000 / $dt / 1024}] KiB/s"
set r [catch {verify_image $load_file $load_addr bin} msg]
tap [expr {$r == 0}] "verify_image of the loaded image" $msg

# --- hardware breakpoint in internal flash --------------------------------
reset halt
bp [expr {$fw_tick & ~1}] 2 hw
resume
set r [catch {wait_halt 3000}]
set pc [regval pc]
tap [expr {$r == 0 && $pc == ($fw_tick & ~1)}] "hw breakpoint in internal flash hit" "pc [hex $pc]"
rbp [expr {$fw_tick & ~1}]

# --- watchpoint on the counter --------------------------------------------
set c0 [word_at $fw_counter]
wp $fw_counter 4 w
resume
set r [catch {wait_halt 3000}]
set c1 [word_at $fw_counter]
tap [expr {$r == 0 && [$T curstate] eq "halted" && $c1 == $c0 + 1}] "write watchpoint hit" "counter $c0 -> $c1"
rwp $fw_counter

# --- hardware breakpoint at 0x9xxxxxxx ------------------------------------
reg pc [expr {$fw9_reset & ~1}]
bp [expr {$fw9_tick & ~1}] 2 hw
resume
set r [catch {wait_halt 3000}]
set pc [regval pc]
tap [expr {$r == 0 && $pc == ($fw9_tick & ~1)}] "hw breakpoint at [hex [expr {$fw9_tick & ~1}]] hit" "pc [hex $pc]"
rbp [expr {$fw9_tick & ~1}]

# --- reset init runs its event --------------------------------------------
set ::reset_init_ran 0
set old [$T cget -event reset-init]
# Debian's OpenOCD 0.12.0 cannot change a remote_bitbang link's speed after
# init (no khz handler: "Translation from khz to adapter speed not
# implemented"), so the stock handler's `adapter speed` would fail there;
# our build fixes the driver (openocd-patches/0002). The caller sets
# strip_adapter_speed for the stock binary on that link.
if {[info exists strip_adapter_speed] && $strip_adapter_speed} {
	regsub -all {adapter speed [0-9]+} $old {} old
}
$T configure -event reset-init "$old\nset ::reset_init_ran 1"
reset init
tap [expr {$::reset_init_ran == 1 && [$T curstate] eq "halted"}] "reset init runs the reset-init event and halts"

# --- flash erase_check runs OpenOCD's blank-check routine on the target ---
set r [catch {flash erase_check 0} msg]
tap [expr {$r == 0}] "flash erase_check on the internal flash bank (target algorithm)" $msg

echo "# checks done"
shutdown
