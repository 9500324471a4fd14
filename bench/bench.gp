# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench.png from bench.py's chart.dat: total time (write_image erase +
# verify_image) per row, grouped by board and image size. bench.py passes
#   gnuplot -e "datafile='...'; outfile='...'; subtitle='...'; ram=0|1" bench/bench.gp
# Log scale: re-writing an unchanged image takes ~1/100 of a full program.
# ram=1: two more columns, load_image of the image into an external RAM and
# of as many bytes into the internal reference RAM (the link's limit).
if (!exists("ram")) ram = 0

set terminal pngcairo size 1400,760 font "sans,11"
set output outfile
what = ram ? "External flash programming and RAM loads" : "External QSPI NOR programming"
set title what." on the vboard: total time per case\n{/*0.85 ".subtitle."}"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set yrange [10:*]
set ylabel "total time, ms (log scale; lower is better)"
set grid ytics mytics
set key below horizontal
set bmargin 7
set xtics nomirror
set datafile missing "?"
# Bar i of n in a cluster (gap 1) is centred at group + (i - (n-1)/2) / (n+1)
n = ram ? 7 : 5
xpos(i) = $0 + (i - (n - 1) / 2.0) / (n + 1)
lbl(c) = valid(c) ? (column(c) >= 10000 ? sprintf("%.1f s", column(c) / 1000) : sprintf("%.0f", column(c))) : ""
if (ram) {
plot datafile using 2:xtic(1) title "ours: full program" lc rgb "#1f77b4", \
     '' using 3 title "ours: same image again" lc rgb "#9ecae1", \
     '' using 4 title "ours: one 4 KiB block changed" lc rgb "#6baed6", \
     '' using 5 title "stock stmqspi: full program" lc rgb "#d62728", \
     '' using 6 title "datasheet typical: full program" lc rgb "#7f7f7f", \
     '' using 7 title "load\\_image into the external RAM" lc rgb "#2ca02c", \
     '' using 8 title "the same bytes into internal SRAM (link limit)" lc rgb "#98df8a", \
     for [i=0:n-1] '' using (xpos(i)):(column(i + 2)):(lbl(i + 2)) with labels offset 0,0.7 font ",8" notitle
} else {
plot datafile using 2:xtic(1) title "ours: full program" lc rgb "#1f77b4", \
     '' using 3 title "ours: same image again" lc rgb "#9ecae1", \
     '' using 4 title "ours: one 4 KiB block changed" lc rgb "#6baed6", \
     '' using 5 title "stock stmqspi: full program" lc rgb "#d62728", \
     '' using 6 title "datasheet typical: full program" lc rgb "#7f7f7f", \
     for [i=0:n-1] '' using (xpos(i)):(column(i + 2)):(lbl(i + 2)) with labels offset 0,0.7 font ",8" notitle
}
