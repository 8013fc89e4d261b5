// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: where a child's frame goes. Everything leaves through the
 * lower, except a bridge-mode child's frames to its bridge siblings, which
 * mvlan delivers itself (bridge.c, flood.c).
 */
#include <linux/netdevice.h>

#include "fastpath.h"

/* From a front-end's ndo_start_xmit. Returns the NET_XMIT_* the lower gave. */
int mvlan_child_xmit(struct mvlan_child *child, struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	struct mvlan_child *dest;
	int ret;

	if (READ_ONCE(child->mode) != MVLAN_MODE_BRIDGE)
		goto out;

	rcu_read_lock();
	if (is_multicast_ether_addr(eth->h_dest)) {
		/* Bridge siblings now; the wire, and VEPA peers behind it, next. */
		mvlan_flood_bridge_tx(child, skb);
	} else {
		dest = mvlan_lookup(child->port, eth->h_dest);
		if (dest && READ_ONCE(dest->mode) == MVLAN_MODE_BRIDGE) {
			ret = mvlan_bridge_unicast(child, dest, skb);
			rcu_read_unlock();
			return ret;
		}
	}
	rcu_read_unlock();
out:
	skb->dev = child->lower;
	return dev_queue_xmit(skb);
}
