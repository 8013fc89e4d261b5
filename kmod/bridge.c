// SPDX-License-Identifier: GPL-2.0
/*
 * Bridge mode: unicast from a bridge-mode child to a bridge-mode sibling.
 *
 * In-tree macvlan hands such a frame to the lower's backlog; the lower's
 * receive path then finds the sibling again. mvlan delivers it to the
 * sibling directly, and in the sender's own context when that context
 * provably holds nothing the receive path could need. Where that cannot be
 * shown the frame goes through the backlog, and where anything watches the
 * lower's receive path it goes through the lower as with macvlan.
 */
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/preempt.h>
#include <linux/skbuff.h>

#include "datapath.h"

/*
 * This CPU is inside an inline delivery. Not implied by preempt_count():
 * generic XDP's XDP_TX calls ndo_start_xmit without disabling BH again.
 */
static DEFINE_PER_CPU(bool, mvlan_delivering);

/*
 * Whether taking the lower's receive path out would change what someone
 * sees: packet taps (also "any"), generic XDP, tc or netfilter ingress on
 * the lower, or a VLAN tag, which the lower's VLAN devices claim before
 * its rx_handler runs.
 */
static bool mvlan_lower_watched(struct net_device *lower,
				const struct sk_buff *skb)
{
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol))
		return true;
	if (dev_nit_active(lower) || rcu_access_pointer(lower->xdp_prog))
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
 * delivery already. And nothing queued in this CPU's backlog that the frame
 * would overtake. Without a preempt count, or on PREEMPT_RT, held locks do
 * not show in preempt_count(): always the backlog then.
 */
static bool mvlan_may_deliver_inline(void)
{
	const struct softnet_data *sd;

	if (!IS_ENABLED(CONFIG_PREEMPT_COUNT) || IS_ENABLED(CONFIG_PREEMPT_RT))
		return false;
	if (preempt_count() != MVLAN_BARE_XMIT_COUNT || irqs_disabled())
		return false;
	if (this_cpu_read(mvlan_delivering))
		return false;
	sd = this_cpu_ptr(&softnet_data);
	return skb_queue_empty_lockless(&sd->input_pkt_queue) &&
	       skb_queue_empty_lockless(&sd->process_queue);
}

/* Up the sibling's stack now; a drop by that stack is its own business. */
static void mvlan_deliver_inline(struct sk_buff *skb)
{
	this_cpu_write(mvlan_delivering, true);
	netif_receive_skb(skb);
	this_cpu_write(mvlan_delivering, false);
}

static void mvlan_count_fwd(struct mvlan_dev *vlan, enum mvlan_fwd_path path)
{
	struct mvlan_pcpu_stats *s = this_cpu_ptr(vlan->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->fwd[path]);
	u64_stats_update_end(&s->syncp);
}

/*
 * @skb, sent by @vlan, to its sibling @dest (both bridge mode). Called from
 * ndo_start_xmit (BH off) under rcu_read_lock. Returns NET_RX_SUCCESS when
 * the frame was handed on, which is what the sender counts as sent.
 */
int mvlan_bridge_forward(struct mvlan_dev *vlan, struct mvlan_dev *dest,
			 struct sk_buff *skb)
{
	struct net_device *lower = vlan->lower;
	unsigned int len = skb->len;
	enum mvlan_fwd_path path;
	int ret;

	/* Checked, scrubbed and parsed against the lower, as with macvlan. */
	ret = __dev_forward_skb(lower, skb);
	if (unlikely(ret != NET_RX_SUCCESS))
		return ret;

	if (unlikely(mvlan_lower_watched(lower, skb))) {
		ret = __netif_rx(skb);
		if (ret == NET_RX_SUCCESS)
			mvlan_count_fwd(vlan, MVLAN_FWD_LOWER);
		return ret;
	}

	/* From here on what the rx_handler would have done for @dest. */
	if (unlikely(!netif_running(dest->dev))) {
		mvlan_count_drop(dest->stats, MVLAN_DROP_CHILD_DOWN);
		kfree_skb(skb);
		return NET_RX_SUCCESS;
	}
	skb->dev = dest->dev;
	skb->pkt_type = PACKET_HOST;

	if (mvlan_may_deliver_inline()) {
		path = MVLAN_FWD_INLINE;
		mvlan_deliver_inline(skb);
	} else {
		/* A full backlog counts on @dest's rx_dropped (core), our tx. */
		path = MVLAN_FWD_BACKLOG;
		ret = __netif_rx(skb);
	}
	if (ret == NET_RX_SUCCESS) {
		mvlan_count_rx(dest, len, true, false);
		mvlan_count_fwd(vlan, path);
	}
	return ret;
}
