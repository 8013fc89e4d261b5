// SPDX-License-Identifier: GPL-2.0
/* Counters: per-CPU while counting, summed when read. */
#include <linux/netdevice.h>

#include "fastpath.h"

void mvlan_stats_sum(struct mvlan_pcpu_stats __percpu *pcpu,
		     struct mvlan_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	if (!pcpu)
		return;
	for_each_possible_cpu(cpu) {
		const struct mvlan_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		struct mvlan_stats snap;
		unsigned int seq;

		/* A consistent snapshot of this CPU's counters, then add it. */
		do {
			seq = u64_stats_fetch_begin(&s->syncp);
			snap.rx_packets = u64_stats_read(&s->rx_packets);
			snap.rx_bytes = u64_stats_read(&s->rx_bytes);
			snap.rx_multicast = u64_stats_read(&s->rx_multicast);
			snap.tx_packets = u64_stats_read(&s->tx_packets);
			snap.tx_bytes = u64_stats_read(&s->tx_bytes);
			for (i = 0; i < __MVLAN_DROP_MAX; i++)
				snap.drops[i] = u64_stats_read(&s->drops[i]);
			for (i = 0; i < __MVLAN_FWD_MAX; i++)
				snap.fwd[i] = u64_stats_read(&s->fwd[i]);
		} while (u64_stats_fetch_retry(&s->syncp, seq));

		sum->rx_packets += snap.rx_packets;
		sum->rx_bytes += snap.rx_bytes;
		sum->rx_multicast += snap.rx_multicast;
		sum->tx_packets += snap.tx_packets;
		sum->tx_bytes += snap.tx_bytes;
		for (i = 0; i < __MVLAN_DROP_MAX; i++)
			sum->drops[i] += snap.drops[i];
		for (i = 0; i < __MVLAN_FWD_MAX; i++)
			sum->fwd[i] += snap.fwd[i];
		sum->rx_dropped += READ_ONCE(s->rx_dropped);
		sum->tx_dropped += READ_ONCE(s->tx_dropped);
	}
	/* A frame for a child that is down is a receive drop of that child. */
	sum->rx_dropped += sum->drops[MVLAN_DROP_CHILD_DOWN];
}

void mvlan_child_get_stats64(struct mvlan_child *child,
			     struct rtnl_link_stats64 *stats)
{
	struct mvlan_stats sum;

	mvlan_stats_sum(child->stats, &sum);
	stats->rx_packets = sum.rx_packets;
	stats->rx_bytes = sum.rx_bytes;
	stats->multicast = sum.rx_multicast;
	stats->rx_dropped = sum.rx_dropped;
	stats->tx_packets = sum.tx_packets;
	stats->tx_bytes = sum.tx_bytes;
	stats->tx_dropped = sum.tx_dropped;
}
