// SPDX-License-Identifier: GPL-2.0
/*
 * Group frames (broadcast and multicast): who hears them, and when.
 *
 * A group frame from the wire (or from the lower's own stack) goes to the
 * children whose mode lets them hear it and whose group filter matches.
 * The port's filters decide when: groups nobody subscribed to are skipped,
 * groups with more subscribers than the port's cutoff (and broadcast, with
 * the default cutoff) are handed to a worker, the rest are copied at once
 * in softirq. The worker exists so that an ARP storm towards thousands of
 * children is paid in process context, bounded by a queue, not in softirq.
 *
 * A bridge-mode child's own group frames reach its bridge siblings at
 * transmit time through the same path as its unicast (bridge.c), never
 * through the worker, so that bridge siblings hear each other whatever the
 * queue settings.
 */
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>

#include "fastpath.h"

static unsigned int mvlan_group_index(u32 salt, const u8 *addr)
{
	/* The low four bytes vary most among groups (IPv4/IPv6 mappings). */
	return hash_32(get_unaligned((const u32 *)(addr + 2)) ^ salt,
		       ilog2(MVLAN_GROUP_BITS));
}

bool mvlan_group_hit(const struct mvlan_groups *g, u32 salt, const u8 *addr)
{
	return test_bit(mvlan_group_index(salt, addr), g->bits);
}

/* Which modes hear a group frame, by the mode of the child that sent it. */
static u32 mvlan_audience(const struct mvlan_child *sender)
{
	if (!sender)		/* the outside world or the lower's stack */
		return MVLAN_MODE_PRIVATE | MVLAN_MODE_VEPA |
		       MVLAN_MODE_BRIDGE | MVLAN_MODE_PASSTHRU;
	switch (READ_ONCE(sender->mode)) {
	case MVLAN_MODE_VEPA:	/* reflected by the switch to every peer */
		return MVLAN_MODE_VEPA | MVLAN_MODE_BRIDGE;
	case MVLAN_MODE_BRIDGE:	/* bridge peers heard it at transmit */
		return MVLAN_MODE_VEPA;
	default:		/* private, passthru, source: nobody */
		return 0;
	}
}

static bool mvlan_hears(const struct mvlan_child *child,
			const struct mvlan_child *sender, u32 audience,
			const u8 *group)
{
	return child != sender && (READ_ONCE(child->mode) & audience) &&
	       netif_running(child->dev) &&
	       mvlan_group_hit(&child->groups, child->group_salt, group);
}

/* Hand @skb (ours to consume) to @child's stack. */
static void mvlan_group_give(struct mvlan_child *child, struct sk_buff *skb,
			     bool in_softirq)
{
	unsigned int len = skb->len + ETH_HLEN;
	int ret;

	skb->dev = child->dev;
	skb->pkt_type = is_broadcast_ether_addr(eth_hdr(skb)->h_dest) ?
			PACKET_BROADCAST : PACKET_MULTICAST;
	if (in_softirq) {
		ret = netif_rx(skb);
	} else {
		/* Delivered; what the child's stack drops is its own count. */
		netif_receive_skb(skb);
		ret = NET_RX_SUCCESS;
	}
	if (ret == NET_RX_SUCCESS)
		mvlan_count_rx(child, len, true);
	else
		mvlan_count_rx_lost(child);
}

static void mvlan_group_give_copy(struct mvlan_child *child,
				  struct sk_buff *skb, bool in_softirq)
{
	struct sk_buff *copy = skb_clone(skb, GFP_ATOMIC);

	if (copy)
		mvlan_group_give(child, copy, in_softirq);
	else
		mvlan_count_rx_lost(child);
}

/*
 * Copies of @skb to every child that hears it. The last one gets @skb
 * itself when @consume, saving a clone: the worker owns its frames.
 */
static void mvlan_group_fanout(struct mvlan_port *port, struct sk_buff *skb,
			       const struct mvlan_child *sender, bool consume,
			       bool in_softirq)
{
	const u8 *group = eth_hdr(skb)->h_dest;
	u32 audience = mvlan_audience(sender);
	struct mvlan_child *child, *pending = NULL;

	if (eth_hdr(skb)->h_proto == htons(ETH_P_PAUSE))
		goto out;
	list_for_each_entry_rcu(child, &port->children, sibling) {
		if (!mvlan_hears(child, sender, audience, group))
			continue;
		if (pending)
			mvlan_group_give_copy(pending, skb, in_softirq);
		pending = child;
	}
	if (pending) {
		if (consume) {
			mvlan_group_give(pending, skb, in_softirq);
			return;
		}
		mvlan_group_give_copy(pending, skb, in_softirq);
	}
out:
	if (consume)
		consume_skb(skb);
}

/* Too many subscribers to copy in softirq: queue a copy for the worker. */
static void mvlan_flood_defer(struct mvlan_port *port, struct sk_buff *skb)
{
	struct mvlan_flood *flood = &port->flood;
	struct sk_buff *copy = NULL;
	unsigned long irqflags;

	spin_lock_irqsave(&flood->deferred.lock, irqflags);
	if (skb_queue_len(&flood->deferred) < READ_ONCE(flood->limit)) {
		copy = skb_clone(skb, GFP_ATOMIC);
		if (copy)
			__skb_queue_tail(&flood->deferred, copy);
	}
	spin_unlock_irqrestore(&flood->deferred.lock, irqflags);

	if (copy) {
		queue_work(system_unbound_wq, &flood->work);
		return;
	}
	/* Not silent: the port's counter and the lower's rx_dropped. */
	mvlan_count_drop(port->stats, MVLAN_DROP_BC_OVERFLOW);
	dev_core_stats_rx_dropped_inc(port->lower);
}

/*
 * rx_handler, RCU: a group frame from outside (@sender NULL) or a child's
 * own frame coming back from the switch. The lower keeps @skb.
 */
void mvlan_flood_rx(struct mvlan_port *port, struct mvlan_child *sender,
		    struct sk_buff *skb)
{
	unsigned int i = mvlan_group_index(0, eth_hdr(skb)->h_dest);

	if (test_bit(i, port->flood.later.bits))
		mvlan_flood_defer(port, skb);
	else if (test_bit(i, port->flood.now.bits))
		mvlan_group_fanout(port, skb, sender, false, true);
}

/*
 * The worker: deferred frames in process context. The sender is looked up
 * again from the source MAC rather than remembered, so the queue holds
 * plain frames and no reference to any child.
 */
static void mvlan_flood_work(struct work_struct *work)
{
	struct mvlan_port *port = container_of(work, struct mvlan_port,
					       flood.work);
	struct sk_buff_head batch;
	struct sk_buff *skb;

	__skb_queue_head_init(&batch);
	spin_lock_irq(&port->flood.deferred.lock);
	skb_queue_splice_tail_init(&port->flood.deferred, &batch);
	spin_unlock_irq(&port->flood.deferred.lock);

	while ((skb = __skb_dequeue(&batch))) {
		rcu_read_lock();
#ifdef MVLAN_INJECT_BUG
		usleep_range(100, 200);	/* deliberate, for the debug tier: sleeps under RCU */
#endif
		local_bh_disable();
		mvlan_group_fanout(port, skb,
				   mvlan_lookup_hdr(port, eth_hdr(skb)->h_source),
				   true, false);
		local_bh_enable();
		rcu_read_unlock();
		cond_resched();
	}
}

/*
 * Transmit of a bridge-mode child (or, @sender NULL, of the lower's own
 * stack with host access), RCU, BH off: the bridge children that subscribed
 * to the group get a copy now. The wire gets @skb after this.
 */
static void mvlan_flood_bridge(struct mvlan_port *port,
			       struct mvlan_child *sender, struct sk_buff *skb)
{
	const u8 *group = skb->data;	/* h_dest: the frame starts at its MAC header */
	struct mvlan_child *child;
	struct sk_buff *copy;

	if (((const struct ethhdr *)skb->data)->h_proto == htons(ETH_P_PAUSE))
		return;
	list_for_each_entry_rcu(child, &port->children, sibling) {
		if (!mvlan_hears(child, sender, MVLAN_MODE_BRIDGE, group))
			continue;
		copy = skb_clone(skb, GFP_ATOMIC);
		if (!copy) {
			mvlan_count_rx_lost(child);
			continue;
		}
		mvlan_bridge_deliver(sender, child, copy, true);
	}
}

void mvlan_flood_bridge_tx(struct mvlan_child *sender, struct sk_buff *skb)
{
	mvlan_flood_bridge(sender->port, sender, skb);
}

void mvlan_flood_host_tx(struct mvlan_port *port, struct sk_buff *skb)
{
	mvlan_flood_bridge(port, NULL, skb);
}

void mvlan_flood_init(struct mvlan_flood *flood)
{
	skb_queue_head_init(&flood->deferred);
	INIT_WORK(&flood->work, mvlan_flood_work);
	flood->limit = MVLAN_BC_QUEUE_LEN_DEFAULT;
	flood->cutoff = 1;
}

/* The rx_handler is gone: nothing queues any more. */
void mvlan_flood_stop(struct mvlan_port *port)
{
	cancel_work_sync(&port->flood.work);
	skb_queue_purge(&port->flood.deferred);
}

/* The queue is as long as the longest any child asked for. */
void mvlan_flood_update_limit(struct mvlan_port *port)
{
	struct mvlan_child *child;
	u32 limit = 0;

	ASSERT_RTNL();
	if (list_empty(&port->children))
		limit = MVLAN_BC_QUEUE_LEN_DEFAULT;
	mvlan_port_for_each_child(port, child)
		limit = max(limit, child->bc_queue_len_req);
	WRITE_ONCE(port->flood.limit, limit);
}

/*
 * Recompute the port's filters from the lower's group list. The lower
 * counts, per group, how many upper devices subscribed (ha->synced): one
 * walk fills both filters. Caller holds the lower's address lock.
 */
static void mvlan_flood_refilter_locked(struct mvlan_port *port)
{
	struct net_device *lower = port->lower;
	s32 cutoff = READ_ONCE(port->flood.cutoff);
	struct mvlan_groups now = {}, later = {};
	struct netdev_hw_addr *ha;
	unsigned int bcast;

	if (lower->flags & (IFF_PROMISC | IFF_ALLMULTI)) {
		bitmap_fill(now.bits, MVLAN_GROUP_BITS);
		if (cutoff >= 0)
			bitmap_fill(later.bits, MVLAN_GROUP_BITS);
	} else {
		netdev_for_each_mc_addr(ha, lower) {
			unsigned int i = mvlan_group_index(0, ha->addr);

			if (ha->synced > 0)
				__set_bit(i, now.bits);
			if (cutoff >= 0 && ha->synced > cutoff)
				__set_bit(i, later.bits);
		}
		bcast = mvlan_group_index(0, lower->broadcast);
		__set_bit(bcast, now.bits);
		if (cutoff >= 0)
			__set_bit(bcast, later.bits);
	}
	bitmap_copy(port->flood.now.bits, now.bits, MVLAN_GROUP_BITS);
	bitmap_copy(port->flood.later.bits, later.bits, MVLAN_GROUP_BITS);
}

/* From a child's ndo_set_rx_mode: its own address lock is held, BH off. */
void mvlan_flood_refilter(struct mvlan_port *port)
{
	netif_addr_lock(port->lower);
	mvlan_flood_refilter_locked(port);
	netif_addr_unlock(port->lower);
}

void mvlan_port_set_bc_cutoff(struct mvlan_port *port, s32 cutoff)
{
	ASSERT_RTNL();
	if (port->flood.cutoff == cutoff)
		return;
	WRITE_ONCE(port->flood.cutoff, cutoff);
	netif_addr_lock_bh(port->lower);
	mvlan_flood_refilter_locked(port);
	netif_addr_unlock_bh(port->lower);
}

/* A child's subscriptions changed (ndo_set_rx_mode). */
void mvlan_child_groups_update(struct mvlan_child *child)
{
	struct net_device *dev = child->dev;
	struct mvlan_groups g = {};
	struct netdev_hw_addr *ha;

	if (dev->flags & (IFF_PROMISC | IFF_ALLMULTI)) {
		bitmap_fill(g.bits, MVLAN_GROUP_BITS);
	} else {
		netdev_for_each_mc_addr(ha, dev)
			__set_bit(mvlan_group_index(child->group_salt, ha->addr),
				  g.bits);
		__set_bit(mvlan_group_index(child->group_salt, dev->broadcast),
			  g.bits);
	}
	bitmap_copy(child->groups.bits, g.bits, MVLAN_GROUP_BITS);
}
