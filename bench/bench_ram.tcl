# SPDX-License-Identifier: GPL-2.0-or-later
#
# One RAM-load run inside OpenOCD (bench/bench.py starts it, with our board
# file, which maps the external RAM at reset init): bring the board up,
# set the adapter clock, then time `load_image` into an internal RAM (the
# link's limit: plain memory writes, repeated to carry as many bytes as the
# external RAM's image) and `load_image` + `verify_image` of the image into
# the external RAM; dump both for bench.py to compare.
# Variables set by the caller (-c "set NAME VALUE"):
#   bench_img         the external RAM's raw image
#   bench_ram_base    ... its address; bench_ram_size: its length
#   bench_ref_img     the internal RAM's raw image, bench_ref_size bytes
#   bench_ref_base    ... its address
#   bench_ref_n       how many times to load it; bench_ref_last: the
#                     length of the last load (the loads add up to
#                     bench_ram_size)
#   bench_work_area   {BASE SIZE}: verify_image's CRC runs on the target,
#                     in a work area outside both RAMs
#   bench_ram_dump bench_ref_dump   files for dump_image
#   bench_speed       adapter speed (kHz) after `reset init`
# Prints the lines bench.tcl prints (BENCH step / error / done).

source [file join [file dirname [info script]] bench_lib.tcl]

bench_step init init
bench_step reset_init {reset init}
bench_step adapter_speed "adapter speed $bench_speed"
bench_step work_area [list [target current] configure \
	-work-area-phys [lindex $bench_work_area 0] -work-area-size [lindex $bench_work_area 1] \
	-work-area-backup 0]

for {set i 1} {$i <= $bench_ref_n} {incr i} {
	set len [expr {$i == $bench_ref_n ? $bench_ref_last : $bench_ref_size}]
	bench_step ref_load$i [list load_image $bench_ref_img $bench_ref_base bin $bench_ref_base $len]
}
bench_step ref_verify [list verify_image $bench_ref_img $bench_ref_base bin]
bench_step ram_load [list load_image $bench_img $bench_ram_base bin]
bench_step ram_verify [list verify_image $bench_img $bench_ram_base bin]
bench_step ram_dump [list dump_image $bench_ram_dump $bench_ram_base $bench_ram_size]
bench_step ref_dump [list dump_image $bench_ref_dump $bench_ref_base $bench_ref_size]
echo "BENCH done"
shutdown
