# SPDX-License-Identifier: GPL-2.0
# Receive rate vs number of children, from rx-vs-children.dat.
# Usage: gnuplot -e "dat='DIR/rx-vs-children.dat'; out='DIR/rx-vs-children.png'; term='pngcairo'" rx-vs-children.gp
if (!exists("term")) term = 'png'
if (term eq 'pngcairo') {
	set terminal pngcairo size 900,560 font 'sans,11'
} else {
	set terminal png size 900,560
}
set output out
set title "Receive demux: pktgen netif\\_receive on the lower, 60-byte frames to child 0\n(guest time, QEMU -icount shift=0, one vCPU)"
set xlabel 'children on the lower'
set ylabel 'received frames per guest second (kpps)'
set logscale x 2
set xrange [0.7:6000]
set xtics ('1' 1, '64' 64, '1024' 1024, '2048' 2048, '4096' 4096)
set grid ytics xtics
set key outside right center
set datafile missing '?'
plot dat using 1:2 with linespoints lw 2 pt 7 title 'bare lower', \
     dat using 1:3 with linespoints lw 2 pt 5 title 'mvlan', \
     dat using 1:4 with linespoints lw 2 pt 9 title 'in-tree macvlan', \
     dat using 1:5 with linespoints lw 2 pt 11 title 'ipvlan l2'
