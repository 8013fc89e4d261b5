// SPDX-License-Identifier: GPL-2.0
/*
 * Receive side: the lower's rx_handler (softirq, RCU), the multicast and
 * broadcast fan-out to children and the port's broadcast queue.
 */
#include <linux/delay.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "datapath.h"

/* Which children get a multicast frame, by the mode of the child that sent it. */
static u32 mvlan_flood_mask(const struct mvlan_dev *src, bool from_tx)
{
	if (from_tx)	/* a bridge-mode child's frame, on its way out */
		return MVLAN_MODE_BRIDGE;
	if (!src)	/* from the outside or from the lower itself */
		return MVLAN_MODE_PRIVATE | MVLAN_MODE_VEPA |
		       MVLAN_MODE_BRIDGE | MVLAN_MODE_PASSTHRU;
	switch (READ_ONCE(src->mode)) {
	case MVLAN_MODE_VEPA:
		return MVLAN_MODE_VEPA | MVLAN_MODE_BRIDGE;
	case MVLAN_MODE_BRIDGE:
		/* Bridge siblings already got it on the way out. */
		return MVLAN_MODE_VEPA;
	default:
		return 0;
	}
}

/* Deliver a clone of @skb to @vlan; @in_process: from the broadcast worker. */
static void mvlan_deliver_one(struct mvlan_dev *vlan, struct sk_buff *skb,
			      bool from_tx, bool in_process)
{
	struct net_device *dev = vlan->dev;
	struct sk_buff *nskb;
	unsigned int len;
	int ret;

	nskb = skb_clone(skb, GFP_ATOMIC);
	if (!nskb) {
		mvlan_count_rx(vlan, 0, false, true);
		return;
	}

	if (from_tx) {
		/* A transmitted frame: scrub it and parse its header for @dev. */
		len = nskb->len;
		ret = __dev_forward_skb(dev, nskb);
		if (ret == NET_RX_SUCCESS)
			netif_receive_skb(nskb);
	} else {
		len = nskb->len + ETH_HLEN;
		nskb->dev = dev;
		nskb->pkt_type = is_broadcast_ether_addr(eth_hdr(skb)->h_dest) ?
				 PACKET_BROADCAST : PACKET_MULTICAST;
		if (in_process) {
			/* Delivered; a drop by the child's stack is its own. */
			netif_receive_skb(nskb);
			ret = NET_RX_SUCCESS;
		} else {
			ret = netif_rx(nskb);
		}
	}
	mvlan_count_rx(vlan, len, ret == NET_RX_SUCCESS, true);
}

static void mvlan_flood(struct mvlan_port *port, struct sk_buff *skb,
			const struct mvlan_dev *src, bool from_tx,
			bool in_process)
{
	const struct ethhdr *eth = from_tx ? (const struct ethhdr *)skb->data :
					     eth_hdr(skb);
	u32 mask = mvlan_flood_mask(src, from_tx);
	struct mvlan_dev *vlan;

	if (eth->h_proto == htons(ETH_P_PAUSE))
		return;

	list_for_each_entry_rcu(vlan, &port->children, list) {
		if (vlan == src || !(READ_ONCE(vlan->mode) & mask))
			continue;
		if (!netif_running(vlan->dev))
			continue;
		if (!test_bit(mvlan_mc_hash(vlan->mc_salt, eth->h_dest),
			      vlan->mc_filter))
			continue;
		if (in_process) {
			local_bh_disable();
			mvlan_deliver_one(vlan, skb, from_tx, true);
			local_bh_enable();
		} else {
			mvlan_deliver_one(vlan, skb, from_tx, false);
		}
	}
}

/*
 * Queue a clone of @skb for the worker. Returns false when it was dropped;
 * that is always counted, on the port and on the lower's rx_dropped.
 */
bool mvlan_bc_enqueue(struct mvlan_port *port, struct mvlan_dev *src,
		      struct sk_buff *skb, bool from_tx)
{
	struct sk_buff *nskb;
	unsigned long flags;
	bool queued = false;

	nskb = skb_clone(skb, GFP_ATOMIC);
	if (!nskb)
		goto drop;
	MVLAN_SKB_CB(nskb)->src = src;
	MVLAN_SKB_CB(nskb)->from_tx = from_tx;

	spin_lock_irqsave(&port->bc_queue.lock, flags);
	if (skb_queue_len(&port->bc_queue) < READ_ONCE(port->bc_queue_len_used)) {
		if (src)
			dev_hold(src->dev);
		__skb_queue_tail(&port->bc_queue, nskb);
		queued = true;
	}
	spin_unlock_irqrestore(&port->bc_queue.lock, flags);

	if (queued) {
		queue_work(system_unbound_wq, &port->bc_work);
		return true;
	}
	kfree_skb(nskb);
drop:
	mvlan_count_drop(port->stats, MVLAN_DROP_BC_OVERFLOW);
	dev_core_stats_rx_dropped_inc(port->lower);
	return false;
}

static void mvlan_bc_release(struct sk_buff *skb)
{
	struct mvlan_dev *src = MVLAN_SKB_CB(skb)->src;

	if (src)
		dev_put(src->dev);
}

/*
 * Process context: each copy goes up the child's stack right away with
 * netif_receive_skb(), so netdev_max_backlog never drops one.
 */
void mvlan_bc_work(struct work_struct *work)
{
	struct mvlan_port *port = container_of(work, struct mvlan_port, bc_work);
	struct sk_buff_head list;
	struct sk_buff *skb;

	__skb_queue_head_init(&list);
	spin_lock_irq(&port->bc_queue.lock);
	skb_queue_splice_tail_init(&port->bc_queue, &list);
	spin_unlock_irq(&port->bc_queue.lock);

	while ((skb = __skb_dequeue(&list))) {
		const struct mvlan_skb_cb *cb = MVLAN_SKB_CB(skb);

		rcu_read_lock();
#ifdef MVLAN_INJECT_BUG
		usleep_range(100, 200);	/* deliberate, for the debug tier: sleeps under RCU */
#endif
		mvlan_flood(port, skb, cb->src, cb->from_tx, true);
		rcu_read_unlock();
		mvlan_bc_release(skb);
		consume_skb(skb);
		cond_resched();
	}
}

/* The port is going away: drop what is queued and the references held. */
void mvlan_bc_purge(struct mvlan_port *port)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&port->bc_queue))) {
		mvlan_bc_release(skb);
		kfree_skb(skb);
	}
}

/* A child's own multicast came back from the switch: to that child only. */
static rx_handler_result_t mvlan_reflect_back(struct sk_buff **pskb,
					      struct mvlan_port *port,
					      struct mvlan_dev *src)
{
	struct sk_buff *skb = *pskb;
	unsigned int len = skb->len + ETH_HLEN;

	mvlan_count_drop(port->stats, MVLAN_DROP_PRIVATE);
	if (!netif_running(src->dev)) {
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		mvlan_count_rx(src, 0, false, true);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;
	skb->dev = src->dev;
	mvlan_count_rx(src, len, true, true);
	return RX_HANDLER_ANOTHER;
}

static rx_handler_result_t mvlan_handle_multicast(struct sk_buff **pskb,
						  struct mvlan_port *port)
{
	struct sk_buff *skb = *pskb;
	const struct ethhdr *eth;
	struct mvlan_dev *src;
	unsigned int hash;

	/* Children each get a copy; reassemble IPv4 first like macvlan. */
	skb = ip_check_defrag(dev_net(skb->dev), skb, IP_DEFRAG_MACVLAN);
	if (!skb)
		return RX_HANDLER_CONSUMED;
	*pskb = skb;
	eth = eth_hdr(skb);

	if (READ_ONCE(port->source_entries) &&
	    mvlan_forward_source(skb, port, eth->h_source)) {
		mvlan_count_drop(port->stats, MVLAN_DROP_SOURCE_FILTER);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}

	src = mvlan_hash_lookup(port, eth->h_source);
	if (src && (READ_ONCE(src->mode) & MVLAN_MODES_REFLECT_BACK))
		return mvlan_reflect_back(pskb, port, src);

	hash = mvlan_mc_hash(0, eth->h_dest);
	if (test_bit(hash, port->bc_filter))
		mvlan_bc_enqueue(port, src, skb, false);
	else if (test_bit(hash, port->mc_filter))
		mvlan_flood(port, skb, src, false, false);

	/* The lower's own stack gets the original. */
	return RX_HANDLER_PASS;
}

rx_handler_result_t mvlan_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ethhdr *eth;
	struct mvlan_port *port;
	struct mvlan_dev *vlan;
	unsigned int len;

	/* dev_loopback_xmit() frames have no Ethernet header. */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = mvlan_port_get_rcu(skb->dev);
	eth = eth_hdr(skb);
	if (unlikely(is_multicast_ether_addr(eth->h_dest)))
		return mvlan_handle_multicast(pskb, port);

	if (unlikely(READ_ONCE(port->source_entries)) &&
	    mvlan_forward_source(skb, port, eth->h_source)) {
		mvlan_count_drop(port->stats, MVLAN_DROP_SOURCE_FILTER);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}

#ifdef MVLAN_BENCH_FLOOR
	vlan = list_first_or_null_rcu(&port->children, struct mvlan_dev, list);
#else
	if (port->passthru)
		vlan = list_first_or_null_rcu(&port->children,
					      struct mvlan_dev, list);
	else
		vlan = mvlan_hash_lookup(port, eth->h_dest);
#endif
	if (!vlan) {
		mvlan_count_drop(port->stats, MVLAN_DROP_NO_CHILD);
		return RX_HANDLER_PASS;
	}
	/* A source-mode child gets frames by its source list only. */
	if (READ_ONCE(vlan->mode) == MVLAN_MODE_SOURCE)
		return RX_HANDLER_PASS;

	if (unlikely(!netif_running(vlan->dev))) {
		mvlan_count_drop(vlan->stats, MVLAN_DROP_CHILD_DOWN);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}

	len = skb->len + ETH_HLEN;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		mvlan_count_rx(vlan, 0, false, false);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;
	skb->dev = vlan->dev;
	skb->pkt_type = PACKET_HOST;
	mvlan_count_rx(vlan, len, true, false);
	return RX_HANDLER_ANOTHER;
}
