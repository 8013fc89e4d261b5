// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: the lower's rx_handler (softirq, RCU). It sorts each frame into
 * one of three cases and leaves the rest to the lower:
 *   - a group frame: copies for the children that hear it (flood.c), the
 *     lower keeps the original;
 *   - a unicast frame for a child: handed to that child without a copy,
 *     by re-running receive on it (RX_HANDLER_ANOTHER);
 *   - a miss: the lower's own frame, counted.
 * Source-mode listeners see frames of the senders they list before that.
 */
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "fastpath.h"

/* Modes whose group frames, reflected by the switch, return to them only. */
#define MVLAN_MODES_SELF_ONLY \
	(MVLAN_MODE_PRIVATE | MVLAN_MODE_PASSTHRU | MVLAN_MODE_SOURCE)

/* Retarget @*pskb to @child and have the core run receive again on it. */
static __always_inline rx_handler_result_t
mvlan_rx_redirect(struct sk_buff **pskb, struct mvlan_child *child,
		  bool multicast)
{
	unsigned int len = (*pskb)->len + ETH_HLEN;
	struct sk_buff *skb;

	skb = skb_share_check(*pskb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		mvlan_count_rx_lost(child);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;
	skb->dev = child->dev;
	if (!multicast)
		skb->pkt_type = PACKET_HOST;
	mvlan_count_rx(child, len, multicast);
	return RX_HANDLER_ANOTHER;
}

/* Source-mode listeners first; true when a nodst one claimed (and we freed) it. */
static bool mvlan_rx_claimed_by_source(struct mvlan_port *port,
				       struct sk_buff *skb)
{
	if (!mvlan_source_rx(port, skb))
		return false;
	mvlan_count_drop(port->stats, MVLAN_DROP_SOURCE_FILTER);
	kfree_skb(skb);
	return true;
}

static rx_handler_result_t mvlan_rx_group(struct sk_buff **pskb,
					  struct mvlan_port *port)
{
	struct mvlan_child *sender;

	/* A bridge child's frame for the host (host.c): its siblings have it. */
	if (unlikely(this_cpu_read(mvlan_host_delivering)))
		return RX_HANDLER_PASS;
	/* Every child gets a copy: reassemble IPv4 once, before. */
	*pskb = ip_check_defrag(dev_net((*pskb)->dev), *pskb, IP_DEFRAG_MACVLAN);
	if (!*pskb)
		return RX_HANDLER_CONSUMED;
	if (READ_ONCE(port->source_entries) &&
	    mvlan_rx_claimed_by_source(port, *pskb))
		return RX_HANDLER_CONSUMED;

	sender = mvlan_lookup_hdr(port, eth_hdr(*pskb)->h_source);
	if (sender && (READ_ONCE(sender->mode) & MVLAN_MODES_SELF_ONLY)) {
		/* Its own frame, back from the switch: nobody else's business. */
		mvlan_count_drop(port->stats, MVLAN_DROP_PRIVATE);
		if (!netif_running(sender->dev)) {
			kfree_skb(*pskb);
			return RX_HANDLER_CONSUMED;
		}
		return mvlan_rx_redirect(pskb, sender, true);
	}
	mvlan_flood_rx(port, sender, *pskb);
	return RX_HANDLER_PASS;
}

rx_handler_result_t mvlan_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct mvlan_child *child;
	struct mvlan_port *port;

	/* dev_loopback_xmit() frames carry no Ethernet header. */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = mvlan_port_rcu(skb->dev);
	if (unlikely(is_multicast_ether_addr(eth_hdr(skb)->h_dest)))
		return mvlan_rx_group(pskb, port);
	if (unlikely(READ_ONCE(port->source_entries)) &&
	    mvlan_rx_claimed_by_source(port, skb))
		return RX_HANDLER_CONSUMED;

#ifdef MVLAN_BENCH_FLOOR
	child = list_first_or_null_rcu(&port->children, struct mvlan_child,
				       sibling);
#else
	/* A passthru child is the only one and takes every unicast frame. */
	if (unlikely(port->pt.on))
		child = list_first_or_null_rcu(&port->children,
					       struct mvlan_child, sibling);
	else
		child = mvlan_lookup_hdr(port, eth_hdr(skb)->h_dest);
#endif
	if (!child) {
		mvlan_count_drop(port->stats, MVLAN_DROP_NO_CHILD);
		return RX_HANDLER_PASS;
	}
	/* Source-mode children hear by their source list only. */
	if (unlikely(READ_ONCE(child->mode) == MVLAN_MODE_SOURCE))
		return RX_HANDLER_PASS;
	if (unlikely(!netif_running(child->dev))) {
		mvlan_count_drop(child->stats, MVLAN_DROP_CHILD_DOWN);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	return mvlan_rx_redirect(pskb, child, false);
}
