/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal declarations of the core's own files: the destination table,
 * the counters, and the entry points between receive, flood, source,
 * bridge and inbox. Control planes include mvlan.h only.
 */
#ifndef _MVLAN_FASTPATH_H
#define _MVLAN_FASTPATH_H

#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>

#include "mvlan.h"
#include "netlink.h"

#define MVLAN_MODES_ALL \
	(MVLAN_MODE_PRIVATE | MVLAN_MODE_VEPA | MVLAN_MODE_BRIDGE | \
	 MVLAN_MODE_PASSTHRU | MVLAN_MODE_SOURCE)

/* Formatted extack message, on 6.1 too (see netlink.h). */
#define mvlan_err(extack, fmt, ...) \
	mvlan_extack_fmt(extack, fmt, ##__VA_ARGS__)

/*
 * The 48 bits of a MAC as one word, first byte lowest on every CPU: hashed
 * and compared in one go.
 */
#define MVLAN_KEY_MASK	GENMASK_ULL(47, 0)

static inline u64 mvlan_mac_key(const u8 *addr)
{
	return get_unaligned_le32(addr) | (u64)get_unaligned_le16(addr + 4) << 32;
}

/*
 * The same key for a MAC inside a linear Ethernet header, destination or
 * source: the two bytes after either are still header, so one 8-byte load
 * and a mask do it.
 */
static inline u64 mvlan_hdr_key(const u8 *addr)
{
	return get_unaligned_le64(addr) & MVLAN_KEY_MASK;
}

/*
 * Destination table: 2^bits buckets of children, keyed by their MAC. A
 * child sits in the live table through slot[gen]; a resize links every
 * child into a new table through the other slot, so a reader walking the
 * old table never loses its way.
 */
struct mvlan_addr_table {
	struct rcu_head rcu;
	unsigned int bits;
	unsigned int shift;		/* 64 - bits */
	unsigned int gen;		/* 0 or 1: which slot links this table */
	unsigned int slot_off;		/* offset of slot[gen] in mvlan_child */
	struct hlist_head buckets[];
};

/*
 * Caller holds RTNL or is an RCU reader of any flavour: BH disabled counts
 * (transmit, see mvlan_child_xmit()), as the grace periods the table and
 * the children are freed after wait for those as well.
 */
#define mvlan_table_deref(p) \
	rcu_dereference_check(p, rcu_read_lock_any_held() || lockdep_rtnl_is_held())

/*
 * hash_64() spelt out so that the index stays 64-bit: on the transmit fast
 * path every instruction shows.
 */
static inline struct hlist_head *mvlan_bucket(struct mvlan_addr_table *t,
					      u64 key)
{
	return &t->buckets[(key * GOLDEN_RATIO_64) >> t->shift];
}

static inline struct mvlan_child *mvlan_lookup_key(const struct mvlan_port *port,
						   u64 key)
{
	/* Never NULL: a port has a table from its allocation to its free. */
	struct mvlan_addr_table *t = mvlan_table_deref(port->table);
	struct hlist_node *node;

	node = mvlan_table_deref(hlist_first_rcu(mvlan_bucket(t, key)));
	for (; node; node = mvlan_table_deref(hlist_next_rcu(node))) {
		struct mvlan_child *child = (void *)node - t->slot_off;

		if (child->key == key)
			return child;
	}
	return NULL;
}

/* The child that owns @addr, a MAC anywhere. */
static inline struct mvlan_child *mvlan_lookup(const struct mvlan_port *port,
					       const u8 *addr)
{
	return mvlan_lookup_key(port, mvlan_mac_key(addr));
}

/* The same for @addr inside a frame's linear Ethernet header. */
static inline struct mvlan_child *mvlan_lookup_hdr(const struct mvlan_port *port,
						   const u8 *addr)
{
	return mvlan_lookup_key(port, mvlan_hdr_key(addr));
}

/* addr_table.c, RTNL */
int mvlan_table_reserve(struct mvlan_port *port, unsigned int n);
void mvlan_table_insert(struct mvlan_port *port, struct mvlan_child *child);
void mvlan_table_remove(struct mvlan_port *port, struct mvlan_child *child);
void mvlan_table_trim(struct mvlan_port *port);
void mvlan_table_rekey(struct mvlan_child *child, const u8 *addr);
void mvlan_table_free(struct mvlan_port *port);

/* Counters: per-cpu, safe from any context. */
static inline void mvlan_count_drop(struct mvlan_pcpu_stats __percpu *pcpu,
				    enum mvlan_drop_reason reason)
{
	struct mvlan_pcpu_stats *s = get_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(pcpu);
}

/* A frame handed to @child's stack; every caller has BH disabled. */
static inline void mvlan_count_rx(const struct mvlan_child *child,
				  unsigned int len, bool multicast)
{
	struct mvlan_pcpu_stats *s = this_cpu_ptr(child->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	if (multicast)
		u64_stats_inc(&s->rx_multicast);
	u64_stats_update_end(&s->syncp);
}

/* A frame for @child lost on the way (no memory, a full queue). */
static inline void mvlan_count_rx_lost(const struct mvlan_child *child)
{
	this_cpu_inc(child->stats->rx_dropped);
}

static inline struct mvlan_port *mvlan_port_rcu(const struct net_device *lower)
{
	return rcu_dereference(lower->rx_handler_data);
}

/* @dev's child, or NULL (with @extack saying so) if it is not ours. */
static inline struct mvlan_child *mvlan_child_checked(struct net_device *dev,
						      struct netlink_ext_ack *extack)
{
	if (!netif_is_mvlan(dev)) {
		mvlan_err(extack, "dev %s is not an mvlan device", dev->name);
		return NULL;
	}
	return mvlan_child_of(dev);
}

/* port.c */
int mvlan_lower_check(struct net_device *lower, struct netlink_ext_ack *extack);
struct mvlan_port *mvlan_port_get(struct net_device *lower,
				  struct netlink_ext_ack *extack);
void mvlan_port_put(struct mvlan_port *port);

/* rx.c */
rx_handler_result_t mvlan_rx(struct sk_buff **pskb);

/* flood.c */
void mvlan_flood_init(struct mvlan_flood *flood);
void mvlan_flood_stop(struct mvlan_port *port);
void mvlan_flood_rx(struct mvlan_port *port, struct mvlan_child *sender,
		    struct sk_buff *skb);
void mvlan_flood_bridge_tx(struct mvlan_child *sender, struct sk_buff *skb);
void mvlan_flood_host_tx(struct mvlan_port *port, struct sk_buff *skb);
void mvlan_flood_update_limit(struct mvlan_port *port);
void mvlan_flood_refilter(struct mvlan_port *port);
void mvlan_child_groups_update(struct mvlan_child *child);
bool mvlan_group_hit(const struct mvlan_groups *g, u32 salt, const u8 *addr);

/* source.c */
int mvlan_sources_init(struct mvlan_port *port);
void mvlan_sources_destroy(struct mvlan_port *port);
bool mvlan_source_rx(struct mvlan_port *port, struct sk_buff *skb);
void mvlan_source_clear(struct mvlan_child *child);

/*
 * An edit of a child's source list in two steps: prepare does everything
 * that can fail (new entries allocated and hashed, the limit checked),
 * commit the rest, so that mvlan_change() can combine it with other
 * changes and still change nothing when one of them fails.
 */
struct mvlan_source_edit {
	u32 op;				/* enum mvlan_source_op */
	const u8 (*macs)[ETH_ALEN];
	unsigned int n;
	struct list_head fresh;		/* staged entries */
};

int mvlan_source_edit_check(const struct mvlan_source_edit *ed,
			    struct netlink_ext_ack *extack);
int mvlan_source_prepare(struct mvlan_child *child,
			 struct mvlan_source_edit *ed,
			 struct netlink_ext_ack *extack);
void mvlan_source_commit(struct mvlan_child *child, struct mvlan_source_edit *ed);
void mvlan_source_abort(struct mvlan_child *child, struct mvlan_source_edit *ed);

/* bridge.c; a NULL @sender is the lower's own stack (host access). */
int mvlan_bridge_xmit(struct mvlan_child *sender, struct mvlan_child *dest,
		      struct sk_buff *skb);
void mvlan_bridge_group_xmit(struct mvlan_child *sender, struct sk_buff *skb);
int mvlan_bridge_unicast(struct mvlan_child *sender, struct mvlan_child *dest,
			 struct sk_buff *skb);
void mvlan_bridge_deliver(struct mvlan_child *sender, struct mvlan_child *dest,
			  struct sk_buff *skb, bool multicast);

/* host.c */
DECLARE_PER_CPU(bool, mvlan_host_delivering);
void mvlan_host_init(struct mvlan_port *port);
int mvlan_host_hook(struct mvlan_port *port, struct netlink_ext_ack *extack);
void mvlan_host_unhook(struct mvlan_port *port);
void mvlan_host_release(struct mvlan_port *port);
void mvlan_host_lower_registered(struct mvlan_port *port);
int mvlan_host_unicast(struct mvlan_child *sender, struct sk_buff *skb);
void mvlan_host_group(struct mvlan_child *sender, struct sk_buff *skb);

/* inbox.c */
void mvlan_inbox_init(struct mvlan_child *child);
void mvlan_inbox_start(struct mvlan_child *child);
void mvlan_inbox_stop(struct mvlan_child *child);
void mvlan_inbox_destroy(struct mvlan_child *child);
bool mvlan_inbox_put(struct mvlan_child *child, struct sk_buff *skb);

#define MVLAN_INBOX_BUSY	0

static inline void mvlan_inbox_release(struct mvlan_child *child)
{
	struct mvlan_inbox *ib = &child->inbox;

	clear_bit_unlock(MVLAN_INBOX_BUSY, &ib->busy);
	/* A frame queued while we were busy: the poll takes it from here. */
	smp_mb__after_atomic();
	if (!skb_queue_empty_lockless(&ib->queue))
		napi_schedule(&ib->napi);
}

/*
 * Whether the caller may deliver to @child right now (inline, on the bridge
 * fast path). On true it must, then call mvlan_inbox_release(); on false it
 * queues with mvlan_inbox_put().
 */
static inline bool mvlan_inbox_claim(struct mvlan_child *child)
{
	struct mvlan_inbox *ib = &child->inbox;

	if (test_and_set_bit_lock(MVLAN_INBOX_BUSY, &ib->busy))
		return false;
	/* A frame queued before we took the bit goes first. */
	if (likely(skb_queue_empty_lockless(&ib->queue)))
		return true;
	mvlan_inbox_release(child);
	return false;
}

/* child.c */
int mvlan_claims_sync(struct mvlan_child *child, bool up);
void mvlan_child_follow_lower_addr(struct mvlan_child *child);
int mvlan_child_set_addr(struct mvlan_child *child, const u8 *addr);
int mvlan_child_pre_changeaddr(void *ptr);
void mvlan_child_unpublish(struct mvlan_child *child);
void mvlan_dellink(struct net_device *dev, struct list_head *head);
int mvlan_delete_all(struct mvlan_port *port, struct list_head *head);
void mvlan_child_setup(struct net_device *dev);
int mvlan_child_init(struct net_device *dev);
int mvlan_child_open(struct mvlan_child *child);
void mvlan_child_stop(struct mvlan_child *child);
void mvlan_child_rx_mode(struct mvlan_child *child);
void mvlan_child_get_stats64(struct mvlan_child *child,
			     struct rtnl_link_stats64 *stats);
void mvlan_child_uninit(struct net_device *dev);
void mvlan_child_free(struct net_device *dev);

/*
 * Transmit, from a front-end's ndo_start_xmit: where a child's frame goes.
 * Everything leaves through the lower, except a bridge-mode child's frames
 * to its bridge siblings, which mvlan delivers itself, and, with host
 * access, to the lower's own stack. Returns the NET_XMIT_* verdict for the
 * sender.
 *
 * Every caller has BH disabled, which makes it an RCU reader already, so a
 * frame for the wire takes no rcu_read_lock() (two calls with preemptible
 * RCU) and nothing here lives across a call but @child and @skb. The
 * deliveries are out of line and take the lock for their callees' checks.
 */
static inline int mvlan_child_xmit(struct mvlan_child *child,
				   struct sk_buff *skb)
{
	const u8 *dest_addr = skb->data;
	struct mvlan_child *dest;

	if (READ_ONCE(child->mode) != MVLAN_MODE_BRIDGE)
		goto out;

	if (is_multicast_ether_addr(dest_addr)) {
		/* Bridge siblings now; the wire, and VEPA peers behind it, next. */
		mvlan_bridge_group_xmit(child, skb);
		goto out;
	}
	dest = mvlan_lookup_hdr(child->port, dest_addr);
	if (dest && READ_ONCE(dest->mode) == MVLAN_MODE_BRIDGE)
		return mvlan_bridge_xmit(child, dest, skb);
	if (!dest && unlikely(mvlan_port_host_access(child->port)) &&
	    ether_addr_equal(dest_addr, child->lower->dev_addr))
		return mvlan_host_unicast(child, skb);
out:
	skb->dev = child->lower;
	return dev_queue_xmit(skb);
}

/* eth.c */
void mvlan_eth_inherit_lower(struct net_device *dev, struct net_device *lower);
void mvlan_eth_setup(struct net_device *dev);
int mvlan_eth_init(struct net_device *dev);
netdev_features_t mvlan_eth_fix_features(struct net_device *dev,
					 netdev_features_t features);
extern const struct net_device_ops mvlan_tap_netdev_ops;

/* tap.c: the tap front-end's own ops */
int mvlan_tap_init(struct net_device *dev);
void mvlan_tap_uninit(struct net_device *dev);
netdev_features_t mvlan_tap_fix_features(struct net_device *dev,
					 netdev_features_t features);

/* rtnl.c */
extern struct rtnl_link_ops mvlan_link_ops;
extern struct rtnl_link_ops mvlan_tap_link_ops;

#endif /* _MVLAN_FASTPATH_H */
