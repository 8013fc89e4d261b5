// SPDX-License-Identifier: GPL-2.0
/*
 * Bridge mode: a bridge-mode child's frames to its bridge-mode siblings.
 *
 * In-tree macvlan hands such a unicast frame to the lower's backlog, where
 * the lower's receive path finds the sibling a second time. mvlan gives it
 * to the sibling directly: inline, in the sender's own context, when that
 * context provably holds nothing the receive path could need and the
 * sibling's inbox is idle; else through the sibling's inbox (inbox.c),
 * which keeps per-sender order. Where anything watches the lower's receive
 * path, a unicast frame goes through the lower as with macvlan, so the
 * watcher sees what it would see there.
 */
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/preempt.h>
#include <linux/skbuff.h>

#include "fastpath.h"

/*
 * This CPU is inside an inline delivery. Not implied by preempt_count():
 * generic XDP's XDP_TX calls ndo_start_xmit without disabling BH again.
 */
static DEFINE_PER_CPU(bool, mvlan_delivering);

/*
 * Whether taking the lower's receive path out would change what someone
 * sees: packet taps (all protocols or one: ptype_all, ptype_specific),
 * generic XDP, tc or netfilter ingress on the lower, or a VLAN tag, which
 * the lower's VLAN devices claim before its rx_handler runs.
 */
static bool mvlan_lower_watched(struct net_device *lower,
				const struct sk_buff *skb)
{
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol))
		return true;
	if (dev_nit_active(lower) || !list_empty(&lower->ptype_specific))
		return true;
	if (rcu_access_pointer(lower->xdp_prog))
		return true;
#ifdef CONFIG_NETFILTER_INGRESS
	if (rcu_access_pointer(lower->nf_hooks_ingress))
		return true;
#endif
	return mvlan_tc_ingress_active(lower);
}

/*
 * preempt_count() of a sender that holds nothing: BH disabled once, by the
 * transmit path, plus the caller's rcu_read_lock() where RCU readers disable
 * preemption.
 */
#define MVLAN_BARE_XMIT_COUNT \
	(SOFTIRQ_DISABLE_OFFSET + \
	 (IS_ENABLED(CONFIG_PREEMPT_RCU) ? 0 : PREEMPT_OFFSET))

/*
 * Whether the sender holds nothing the receive path could take. A receiver
 * that transmits back while the sender holds a socket spinlock would
 * deadlock two CPUs doing the same in opposite directions, so: task context
 * with BH disabled exactly once, by the transmit path (no spinlock, no
 * softirq, no nested transmit), interrupts on, and not inside an inline
 * delivery already. Without a preempt count, or on PREEMPT_RT, held locks
 * do not show in preempt_count(): never inline there.
 */
static bool mvlan_sender_bare(void)
{
	if (!IS_ENABLED(CONFIG_PREEMPT_COUNT) || IS_ENABLED(CONFIG_PREEMPT_RT))
		return false;
	return preempt_count() == MVLAN_BARE_XMIT_COUNT && !irqs_disabled() &&
	       !this_cpu_read(mvlan_delivering);
}

/* On the sender, or on the port for the lower's own stack (NULL). */
static void mvlan_count_fwd(struct mvlan_child *sender, struct mvlan_child *dest,
			    enum mvlan_fwd_path path)
{
	struct mvlan_pcpu_stats *s = this_cpu_ptr(sender ? sender->stats :
						  dest->port->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->fwd[path]);
	u64_stats_update_end(&s->syncp);
}

/*
 * @skb (data at its MAC header, ours to consume) from @sender to @dest.
 * RCU, BH off. Counts on both sides; a frame lost on the way counts on
 * @dest.
 */
static __always_inline void __mvlan_bridge_deliver(struct mvlan_child *sender,
						   struct mvlan_child *dest,
						   struct sk_buff *skb,
						   bool multicast)
{
	unsigned int len = skb->len;
	enum mvlan_fwd_path path;

	if (unlikely(!netif_running(dest->dev))) {
		mvlan_count_drop(dest->stats, MVLAN_DROP_CHILD_DOWN);
		kfree_skb(skb);
		return;
	}
	/* Scrubbed across namespaces, checked against @dest's MTU, parsed. */
	if (unlikely(__dev_forward_skb(dest->dev, skb) != NET_RX_SUCCESS))
		return;	/* counted on @dest's rx_dropped by the core */

	if (mvlan_sender_bare() && mvlan_inbox_claim(dest)) {
		this_cpu_write(mvlan_delivering, true);
		netif_receive_skb(skb);
		this_cpu_write(mvlan_delivering, false);
		mvlan_inbox_release(dest);
		path = MVLAN_FWD_INLINE;
	} else if (mvlan_inbox_put(dest, skb)) {
		path = MVLAN_FWD_BACKLOG;
	} else {
		mvlan_count_rx_lost(dest);
		return;
	}
	mvlan_count_rx(dest, len, multicast);
	mvlan_count_fwd(sender, dest, path);
}

void mvlan_bridge_deliver(struct mvlan_child *sender, struct mvlan_child *dest,
			  struct sk_buff *skb, bool multicast)
{
	__mvlan_bridge_deliver(sender, dest, skb, multicast);
}

/*
 * Unicast from @sender to its bridge sibling @dest, RCU, BH off. Returns
 * what the sender's caller should see.
 */
static __always_inline int __mvlan_bridge_unicast(struct mvlan_child *sender,
						  struct mvlan_child *dest,
						  struct sk_buff *skb)
{
	struct net_device *lower = dest->lower;
	int ret;

	if (unlikely(mvlan_lower_watched(lower, skb))) {
		/* Through the lower's receive path; the rx_handler delivers. */
		ret = __dev_forward_skb(lower, skb);
		if (ret == NET_RX_SUCCESS)
			ret = __netif_rx(skb);
		if (ret != NET_RX_SUCCESS)
			return NET_XMIT_DROP;
		mvlan_count_fwd(sender, dest, MVLAN_FWD_LOWER);
		return NET_XMIT_SUCCESS;
	}
	__mvlan_bridge_deliver(sender, dest, skb, false);
	return NET_XMIT_SUCCESS;
}

/* From the lower's egress hook (host access), already under rcu_read_lock. */
int mvlan_bridge_unicast(struct mvlan_child *sender, struct mvlan_child *dest,
			 struct sk_buff *skb)
{
	return __mvlan_bridge_unicast(sender, dest, skb);
}

/*
 * From a child's ndo_start_xmit (BH off). The read lock is taken here, not
 * by the caller, so that a frame for the wire never pays for it.
 */
int mvlan_bridge_xmit(struct mvlan_child *sender, struct mvlan_child *dest,
		      struct sk_buff *skb)
{
	int ret;

	rcu_read_lock();
	ret = __mvlan_bridge_unicast(sender, dest, skb);
	rcu_read_unlock();
	return ret;
}

/*
 * A bridge child's group frame, from its ndo_start_xmit: copies for the
 * subscribed siblings and, with host access, the lower's stack. The caller
 * then sends @skb itself to the wire.
 */
void mvlan_bridge_group_xmit(struct mvlan_child *sender, struct sk_buff *skb)
{
	rcu_read_lock();
	mvlan_flood_bridge_tx(sender, skb);
	if (unlikely(mvlan_port_host_access(sender->port)))
		mvlan_host_group(sender, skb);
	rcu_read_unlock();
}
