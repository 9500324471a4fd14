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
