# SPDX-License-Identifier: GPL-2.0
# Receive rate, and cost added over the bare lower, vs number of children,
# from rx-vs-children.dat (written by report.py).
# Usage: gnuplot -e "dat='DIR/rx-vs-children.dat'; out='DIR/rx-vs-children.png'; term='pngcairo'" rx-vs-children.gp
if (!exists("term")) term = 'png'
if (term eq 'pngcairo') {
	set terminal pngcairo size 1200,520 font 'sans,10'
} else {
	set terminal png size 1200,520
}
set output out
set datafile missing '?'
set logscale x 2
set xrange [0.7:6000]
set xtics ('1' 1, '64' 64, '1024' 1024, '2048' 2048, '4096' 4096)
set grid ytics xtics
set xlabel 'children on the lower'
set key bottom left
set multiplot layout 1,2 title "Receive demux: pktgen netif\\_receive on the lower, 60-byte frames to child 0 (guest time, QEMU -icount shift=0, one vCPU)"
set title 'receive rate'
set ylabel 'frames per guest second (kpps)'
plot dat using 1:2 with linespoints lw 2 pt 7 title 'bare lower', \
     dat using 1:3 with linespoints lw 2 pt 5 title 'mvlan', \
     dat using 1:4 with linespoints lw 2 pt 9 title 'in-tree macvlan', \
     dat using 1:5 with linespoints lw 2 pt 11 title 'ipvlan l2'
set title 'cost added over the bare lower'
set ylabel 'guest ns per frame'
set key top left
set yrange [0:*]
plot dat using 1:6 with linespoints lw 2 pt 5 lc 2 title 'mvlan', \
     dat using 1:7 with linespoints lw 2 pt 9 lc 3 title 'in-tree macvlan', \
     dat using 1:8 with linespoints lw 2 pt 11 lc 4 title 'ipvlan l2'
unset multiplot
