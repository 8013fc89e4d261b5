// SPDX-License-Identifier: GPL-2.0
/*
 * Host access: the lower's own stack and its bridge-mode children reach
 * each other directly, as bridge siblings do, instead of through the wire,
 * from which a frame between them never comes back.
 *
 * Host to children: a netdev egress hook on the lower, registered only
 * while the option is on, sees what the lower's stack transmits. Unicast
 * to a bridge child goes to that child instead of the wire (bridge.c's
 * delivery, the port standing for the sender); a group frame goes to the
 * bridge children that subscribed to it and to the wire. A child's own
 * frames leaving through the lower (their source MAC is a child's) pass.
 * A kernel without CONFIG_NETFILTER_EGRESS refuses the option.
 *
 * Children to host: a bridge child's unicast to the lower's MAC enters the
 * lower's receive path, where the rx_handler passes it to the stack (a
 * miss). Its group frames are queued for a worker that hands each to the
 * lower's stack once and tells the rx_handler to leave it alone: the
 * children heard it at transmit already.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_netdev.h>
#include <linux/skbuff.h>

#include "fastpath.h"

/* Group frames waiting for the host's stack at most; more are dropped. */
#define MVLAN_HOST_RXQ_LEN	1024

/* This CPU hands a child's group frame to the lower's stack (BH off). */
DEFINE_PER_CPU(bool, mvlan_host_delivering);

DEFINE_STATIC_KEY_FALSE(mvlan_host_access_used);

/*
 * The option's only writer (RTNL). The key counts the ports with the
 * option on and is enabled before any of them reads as on.
 */
static void mvlan_host_set_on(struct mvlan_port *port, bool on)
{
	if (port->host.on == on)
		return;
	if (on) {
		static_branch_inc(&mvlan_host_access_used);
		WRITE_ONCE(port->host.on, true);
	} else {
		WRITE_ONCE(port->host.on, false);
		static_branch_dec(&mvlan_host_access_used);
	}
}

#ifdef CONFIG_NETFILTER_EGRESS
/* The lower's egress, RCU, BH off: what the lower's own stack sends. */
static unsigned int mvlan_host_egress(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct mvlan_port *port = priv;
	const struct ethhdr *eth;
	struct mvlan_child *dest;

	if (!mvlan_port_host_access(port) || unlikely(port->pt.on))
		return NF_ACCEPT;
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN)))
		return NF_ACCEPT;
	eth = (const struct ethhdr *)skb->data;
	/* A child's own frame on its way to the wire. */
	if (mvlan_lookup_hdr(port, eth->h_source))
		return NF_ACCEPT;
	if (is_multicast_ether_addr(eth->h_dest)) {
		mvlan_flood_host_tx(port, skb);
		return NF_ACCEPT;
	}
	dest = mvlan_lookup_hdr(port, eth->h_dest);
	if (!dest || READ_ONCE(dest->mode) != MVLAN_MODE_BRIDGE)
		return NF_ACCEPT;
	/* Ours from here: a sender that keeps a reference keeps its copy. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (likely(skb))
		mvlan_bridge_unicast(NULL, dest, skb);
	else
		mvlan_count_rx_lost(dest);
	return NF_STOLEN;
}

static int mvlan_host_nf_register(struct mvlan_port *port)
{
	struct nf_hook_ops *ops = &port->host.ops;

	ops->hook = mvlan_host_egress;
	ops->priv = port;
	ops->dev = port->lower;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = NF_NETDEV_EGRESS;
	/* After the administrator's own egress chains: they filter first. */
	ops->priority = INT_MAX;
	return nf_register_net_hook(dev_net(port->lower), ops);
}

static void mvlan_host_nf_unregister(struct mvlan_port *port)
{
	nf_unregister_net_hook(dev_net(port->lower), &port->host.ops);
}
#else
/* A kernel without netfilter egress hooks: no host access. */
static int mvlan_host_nf_register(struct mvlan_port *port)
{
	return -EOPNOTSUPP;
}

static void mvlan_host_nf_unregister(struct mvlan_port *port)
{
}
#endif

/*
 * A bridge child's unicast to the lower's MAC, from its transmit (BH off):
 * into the lower's receive path. A loss counts on the sender.
 */
int mvlan_host_unicast(struct mvlan_child *sender, struct sk_buff *skb)
{
	int ret = NET_XMIT_DROP;

	rcu_read_lock();
	if (__dev_forward_skb(sender->lower, skb) == NET_RX_SUCCESS &&
	    __netif_rx(skb) == NET_RX_SUCCESS)
		ret = NET_XMIT_SUCCESS;
	rcu_read_unlock();
	return ret;
}

/*
 * A bridge child's group frame, from its transmit (RCU, BH off): a copy
 * for the lower's stack, queued for the worker. The wire gets @skb.
 */
void mvlan_host_group(struct mvlan_child *sender, struct sk_buff *skb)
{
	struct mvlan_port *port = sender->port;
	struct mvlan_host *host = &port->host;
	struct sk_buff *copy = skb_clone(skb, GFP_ATOMIC);
	unsigned long irqflags;
	bool queued = false;

	if (!copy)
		goto lost;
	/* Counted on the lower's rx_dropped by the core when refused. */
	if (__dev_forward_skb(port->lower, copy) != NET_RX_SUCCESS)
		return;
	spin_lock_irqsave(&host->rxq.lock, irqflags);
	if (skb_queue_len(&host->rxq) < MVLAN_HOST_RXQ_LEN) {
		__skb_queue_tail(&host->rxq, copy);
		queued = true;
	}
	spin_unlock_irqrestore(&host->rxq.lock, irqflags);
	if (queued) {
		queue_work(system_unbound_wq, &host->work);
		return;
	}
	kfree_skb(copy);
lost:
	mvlan_count_drop(port->stats, MVLAN_DROP_BC_OVERFLOW);
	dev_core_stats_rx_dropped_inc(port->lower);
}

static void mvlan_host_work(struct work_struct *work)
{
	struct mvlan_host *host = container_of(work, struct mvlan_host, work);
	struct sk_buff_head batch;
	struct sk_buff *skb;

	__skb_queue_head_init(&batch);
	spin_lock_irq(&host->rxq.lock);
	skb_queue_splice_tail_init(&host->rxq, &batch);
	spin_unlock_irq(&host->rxq.lock);

	while ((skb = __skb_dequeue(&batch))) {
		if (unlikely(!netif_running(skb->dev))) {
			kfree_skb(skb);
			continue;
		}
		/*
		 * No RPS, no generic XDP: the lower's receive runs here, on
		 * this CPU, so the rx_handler sees the flag. BH off keeps
		 * every other receive off this CPU meanwhile (PREEMPT_RT
		 * too: there it is a per-CPU lock).
		 */
		local_bh_disable();
		__this_cpu_write(mvlan_host_delivering, true);
		netif_receive_skb_core(skb);
		__this_cpu_write(mvlan_host_delivering, false);
		local_bh_enable();
		cond_resched();
	}
}

void mvlan_host_init(struct mvlan_port *port)
{
	struct mvlan_host *host = &port->host;

	skb_queue_head_init(&host->rxq);
	INIT_WORK(&host->work, mvlan_host_work);
}

/* Register the egress hook on the lower, in the lower's namespace; RTNL. */
int mvlan_host_hook(struct mvlan_port *port, struct netlink_ext_ack *extack)
{
	struct mvlan_host *host = &port->host;
	int err;

	ASSERT_RTNL();
	if (host->hooked)
		return 0;
	err = mvlan_host_nf_register(port);
	if (err == -EOPNOTSUPP) {
		mvlan_err(extack, "%s: host access needs a kernel with CONFIG_NETFILTER_EGRESS",
			  port->lower->name);
		return err;
	}
	if (err) {
		mvlan_err(extack, "%s: cannot register its netfilter egress hook (%pe)",
			  port->lower->name, ERR_PTR(err));
		return err;
	}
	host->hooked = true;
	return 0;
}

/*
 * Take the hook off (the option going off, the lower leaving its
 * namespace or going away, the port's end) and drop the host's queue; RTNL.
 * A hook still running finishes within the next grace period.
 */
void mvlan_host_unhook(struct mvlan_port *port)
{
	struct mvlan_host *host = &port->host;

	ASSERT_RTNL();
	if (host->hooked) {
		mvlan_host_nf_unregister(port);
		host->hooked = false;
	}
	cancel_work_sync(&host->work);
	skb_queue_purge(&host->rxq);
}

/*
 * The option off and the hook gone (RTNL): on request and at the port's
 * end, so that the key's count stays true.
 */
void mvlan_host_release(struct mvlan_port *port)
{
	mvlan_host_set_on(port, false);
	mvlan_host_unhook(port);
}

int mvlan_port_set_host_access(struct mvlan_port *port, bool on,
			       struct netlink_ext_ack *extack)
{
	int err;

	ASSERT_RTNL();
	if (port->host.on == on)
		return 0;
	if (on) {
		if (port->pt.on) {
			mvlan_err(extack,
				  "%s has a passthru child, which owns its MAC: no host to reach",
				  port->lower->name);
			return -EINVAL;
		}
		err = mvlan_host_hook(port, extack);
		if (err)
			return err;
		mvlan_host_set_on(port, true);
	} else {
		mvlan_host_release(port);
	}
	mvlan_port_announce(port);
	return 0;
}

/* The lower arrived in a namespace (moved): hook it again there; RTNL. */
void mvlan_host_lower_registered(struct mvlan_port *port)
{
	if (!port->host.on || mvlan_host_hook(port, NULL) == 0)
		return;
	netdev_warn(port->lower,
		    "mvlan: host access turned off: cannot hook the lower in its new namespace\n");
	mvlan_host_set_on(port, false);
	mvlan_port_announce(port);
}
