# SPDX-License-Identifier: GPL-2.0-or-later
# TAP reporting for check scripts that run inside OpenOCD (sourced). The
# calling shell script numbers and counts the lines (vboard_lib.sh,
# oocd_results).

# tap OK NAME ?DETAIL?: one "ok - NAME" or "not ok - NAME" line, the detail
# (one line) after a failure.
proc tap {ok name {detail ""}} {
	if {$ok} {
		echo "ok - $name"
	} else {
		echo "not ok - $name"
		if {$detail ne ""} {
			echo "#   [string map {"\n" " | "} $detail]"
		}
	}
}

# Small readers shared by the check scripts:
# a core register's value as a number ("pc (/32): 0x08000020" ->
# 0x08000020; -1 if unreadable), a word of target memory, a word as hex.
proc regval {name} {
	if {![regexp {(0x[0-9a-fA-F]+)\s*$} [reg $name] -> v]} {
		return -1
	}
	return [expr {$v}]
}

proc word_at {addr} {
	return [lindex [read_memory $addr 32 1] 0]
}

proc hex {v} {
	return [format 0x%08x $v]
}
