/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the datapath files (port.c, dev.c, rx.c, source.c)
 * and not by the control plane.
 */
#ifndef _MVLAN_DATAPATH_H
#define _MVLAN_DATAPATH_H

#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/skbuff.h>
#include <linux/etherdevice.h>	/* get_unaligned() on both kernels */

#include "mvlan.h"
#include "netlink.h"

/* Modes whose own multicast, reflected by the switch, goes back to them only. */
#define MVLAN_MODES_REFLECT_BACK \
	(MVLAN_MODE_PRIVATE | MVLAN_MODE_PASSTHRU | MVLAN_MODE_SOURCE)
#define MVLAN_MODES_ALL \
	(MVLAN_MODE_PRIVATE | MVLAN_MODE_VEPA | MVLAN_MODE_BRIDGE | \
	 MVLAN_MODE_PASSTHRU | MVLAN_MODE_SOURCE)

/* Formatted extack message, on 6.1 too (see netlink.c). */
#define mvlan_err(extack, fmt, ...) \
	mvlan_extack_fmt(extack, fmt, ##__VA_ARGS__)

/*
 * Destination hash: power-of-two buckets. Every child sits in the current
 * table through one of its two nodes; a resize links all children into a
 * new table through the other node, so readers of the old table never miss.
 */
struct mvlan_hash {
	struct rcu_head rcu;
	unsigned int bits;
	bool alt;			/* children linked by hnode_alt */
	unsigned int node_off;		/* offset of that node in mvlan_dev */
	struct hlist_head buckets[];
};

/* The 48 bits of a MAC as one word: hashed and compared in one go. */
static inline u64 mvlan_addr_key(const u8 *addr)
{
	return get_unaligned((const u32 *)addr) |
	       (u64)get_unaligned((const u16 *)(addr + 4)) << 32;
}

static inline u32 mvlan_addr_hash(const u8 *addr, unsigned int bits)
{
	return hash_64(mvlan_addr_key(addr), bits);
}

/* Caller holds rcu_read_lock or RTNL. */
static inline struct mvlan_dev *mvlan_hash_lookup(const struct mvlan_port *port,
						  const u8 *addr)
{
	const struct mvlan_hash *h = rcu_dereference_rtnl(port->hash);
	u64 key = mvlan_addr_key(addr);
	const struct hlist_head *bucket;
	struct hlist_node *node;
	struct mvlan_dev *vlan;

	if (unlikely(!h))
		return NULL;
	/* Walk by node offset: no branch on which node the table uses. */
	bucket = &h->buckets[hash_64(key, h->bits)];
	node = rcu_dereference_rtnl(hlist_first_rcu(bucket));
	for (; node; node = rcu_dereference_rtnl(hlist_next_rcu(node))) {
		vlan = (void *)node - h->node_off;
		if (vlan->hkey == key)
			return vlan;
	}
	return NULL;
}

/* Multicast filter hash; salt 0 for the port filters. */
static inline unsigned int mvlan_mc_hash(u32 salt, const u8 *addr)
{
	return hash_32(get_unaligned((const u32 *)(addr + 2)) ^ salt,
		       ilog2(MVLAN_MC_FILTER_BITS));
}

/* skb->cb of a frame on the port's broadcast queue. */
struct mvlan_skb_cb {
	struct mvlan_dev *src;	/* sending child (held) or NULL */
	bool from_tx;		/* sent by a bridge-mode child: data at MAC */
};

#define MVLAN_SKB_CB(skb) ((struct mvlan_skb_cb *)&((skb)->cb[0]))

/* Per-cpu counters, safe from any context. */
static inline void mvlan_count_drop(struct mvlan_pcpu_stats __percpu *pcpu,
				    enum mvlan_drop_reason reason)
{
	struct mvlan_pcpu_stats *s = get_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(pcpu);
}

/* Receive counters; every caller runs with BH disabled. */
static inline void mvlan_count_rx(const struct mvlan_dev *vlan,
				  unsigned int len, bool ok, bool multicast)
{
	struct mvlan_pcpu_stats *s = this_cpu_ptr(vlan->stats);

	if (likely(ok)) {
		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->rx_packets);
		u64_stats_add(&s->rx_bytes, len);
		if (multicast)
			u64_stats_inc(&s->rx_multicast);
		u64_stats_update_end(&s->syncp);
	} else {
		this_cpu_inc(vlan->stats->rx_dropped);
	}
}

/* @dev's mvlan state, or NULL (with @extack saying so) if it is not ours. */
static inline struct mvlan_dev *mvlan_child(struct net_device *dev,
					    struct netlink_ext_ack *extack)
{
	if (!netif_is_mvlan(dev)) {
		mvlan_err(extack, "dev %s is not an mvlan device", dev->name);
		return NULL;
	}
	return netdev_priv(dev);
}

static inline struct mvlan_port *mvlan_port_get_rcu(const struct net_device *lower)
{
	return rcu_dereference(lower->rx_handler_data);
}

/* port.c */
struct mvlan_port *mvlan_port_create(struct net_device *lower,
				     struct netlink_ext_ack *extack);
void mvlan_port_destroy(struct mvlan_port *port);
int mvlan_lower_check(struct net_device *lower,
		      struct netlink_ext_ack *extack);
int mvlan_hash_reserve(struct mvlan_port *port, unsigned int n);
void mvlan_hash_add(struct mvlan_port *port, struct mvlan_dev *vlan);
void mvlan_hash_del(struct mvlan_port *port, struct mvlan_dev *vlan);
void mvlan_hash_shrink(struct mvlan_port *port);
void mvlan_hash_rekey(struct mvlan_dev *vlan, const u8 *addr);
void mvlan_port_update_bc_queue_len(struct mvlan_port *port);
void mvlan_port_set_bc_cutoff(struct mvlan_port *port, s32 cutoff);
void mvlan_port_compute_filters(struct mvlan_port *port);

/* rx.c */
rx_handler_result_t mvlan_handle_frame(struct sk_buff **pskb);
void mvlan_bc_work(struct work_struct *work);
void mvlan_bc_purge(struct mvlan_port *port);
bool mvlan_bc_enqueue(struct mvlan_port *port, struct mvlan_dev *src,
		      struct sk_buff *skb, bool from_tx);

/* bridge.c */
int mvlan_bridge_forward(struct mvlan_dev *vlan, struct mvlan_dev *dest,
			 struct sk_buff *skb);

/* source.c */
bool mvlan_forward_source(struct sk_buff *skb, struct mvlan_port *port,
			  const u8 *addr);
void mvlan_source_flush(struct mvlan_dev *vlan);

/* dev.c */
int mvlan_dellink_all(struct mvlan_port *port, struct list_head *head);
void mvlan_dev_sync_passthru_addr(struct mvlan_dev *vlan);

#endif /* _MVLAN_DATAPATH_H */
