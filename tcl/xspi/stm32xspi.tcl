# SPDX-License-Identifier: GPL-2.0-or-later
#
# Procedures shared by the openocd-xspi board files (target_cfg/board/).
# Installed as scripts/xspi/stm32xspi.tcl; a board file does
#     source [find xspi/stm32xspi.tcl]

# Select a board's own debug probe, unless the user chose an adapter before
# the board file (e.g. openocd -f interface/vboard.cfg -f board/...).
#   cfg        the interface file, e.g. interface/stlink.cfg
#   transport  the transport to select with it ("" keeps the file's choice)
proc xspi_default_adapter {cfg {transport ""}} {
	if {[adapter name] ne "undefined"} {
		return
	}
	uplevel #0 [list source [find $cfg]]
	if {$transport ne ""} {
		transport select $transport
	}
}
