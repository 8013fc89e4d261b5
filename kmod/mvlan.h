/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The child core: what a child is (struct mvlan_child), what a lower carries
 * (struct mvlan_port), and the operations every control plane (genl today,
 * rtnetlink) and every front-end (the Ethernet child, a tap child) use.
 * Documentation/design.rst describes the objects and the locking rules.
 *
 * Locking in one paragraph: configuration runs under RTNL; the datapath
 * reads under RCU (the rx_handler, transmit, the flood worker) and never
 * takes RTNL. Fields the datapath reads while RTNL writes them are written
 * with WRITE_ONCE and read with READ_ONCE.
 */
#ifndef _MVLAN_H
#define _MVLAN_H

#include <linux/etherdevice.h>
#include <linux/jump_label.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rhashtable-types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/netlink.h>
#include <uapi/linux/mvlan.h>

#include "compat.h"

#define MVLAN_GROUP_BITS	256

struct mvlan_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t rx_multicast;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t drops[__MVLAN_DROP_MAX];
	u64_stats_t fwd[__MVLAN_FWD_MAX];
	u32 rx_dropped;
	u32 tx_dropped;
	struct u64_stats_sync syncp;
};

struct mvlan_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 rx_multicast;
	u64 rx_dropped;
	u64 tx_packets;
	u64 tx_bytes;
	u64 tx_dropped;
	u64 drops[__MVLAN_DROP_MAX];
	u64 fwd[__MVLAN_FWD_MAX];
};

/*
 * A hashed set of multicast groups. False positives are allowed (the
 * stack filters again); false negatives are not.
 */
struct mvlan_groups {
	DECLARE_BITMAP(bits, MVLAN_GROUP_BITS);
};

/*
 * What a running child holds on its lower: a unicast filter entry for its
 * MAC and promiscuity/allmulti references. Recorded so that stop and every
 * flag change release exactly what was taken (mvlan_claims_sync()).
 */
struct mvlan_claims {
	u8 uc_addr[ETH_ALEN];
	bool uc;
	bool promisc;
	bool allmulti;
};

/*
 * Frames from bridge-mode siblings waiting for this child. One FIFO per
 * child keeps every sender's frames in order whatever CPU sent them;
 * @busy marks that someone (the NAPI poll or an inline sender) is
 * delivering, so nobody else may deliver past what is queued.
 */
struct mvlan_inbox {
	struct sk_buff_head queue;
	unsigned long busy;		/* bit 0 */
	struct napi_struct napi;
};

struct mvlan_port;
struct mvlan_frontend;

/*
 * A child: a MAC on a lower, in one mode. It is carried by a net_device
 * whose private area starts with this struct; the front-end decides what
 * that device is. Nothing here depends on how the child was created.
 */
struct mvlan_child {
	/* Read by the datapath under RCU. */
	u64 key;			/* the MAC as a word (mvlan_mac_key) */
	u32 mode;			/* enum mvlan_mode */
	u32 flags;			/* enum mvlan_flags */
	struct net_device *dev;
	struct net_device *lower;
	struct mvlan_port *port;
	struct mvlan_pcpu_stats __percpu *stats;
	u32 group_salt;
	struct mvlan_groups groups;	/* what it subscribed to */
	struct hlist_node slot[2];	/* destination table, by generation */
	struct mvlan_inbox inbox;

	/* Configuration, RTNL. */
	struct list_head sibling;	/* port->children, RCU readers */
	struct mvlan_claims held;
	struct list_head sources;	/* its source MACs, in insertion order */
	unsigned int source_count;
	u32 bc_queue_len_req;
	bool published;			/* on port->children and in the table */
	bool holds_port;		/* counted in port's life (mvlan_port_put) */
	bool carrier_reported;		/* control plane: last carrier sent */
	bool changing;			/* in mvlan_change(): one event at the end */
	netdevice_tracker lower_ref;
};

/* Group frames: who gets them now, who later, and the later queue. */
struct mvlan_flood {
	struct mvlan_groups now;	/* someone subscribed: deliver in softirq */
	struct mvlan_groups later;	/* many subscribed: defer to the worker */
	struct sk_buff_head deferred;
	struct work_struct work;
	u32 limit;			/* deferred frames at most, max of requests */
	s32 cutoff;			/* > cutoff subscribers: deferred; < 0: never */
};

/* A passthru child owns the lower's MAC; the port gives it back at the end. */
struct mvlan_passthru {
	bool on;
	bool own_change;		/* the child is changing the lower's MAC */
	u8 restore_addr[ETH_ALEN];
};

/*
 * Host access: the lower's own stack and its bridge-mode children reach
 * each other without the wire (host.c). Off by default; when off no hook
 * is registered and the datapath reads @on only.
 */
struct mvlan_host {
	bool on;			/* RTNL writes, datapath reads */
	bool hooked;			/* RTNL: @ops is on the lower's egress */
	struct nf_hook_ops ops;		/* the lower's netdev egress hook */
	struct sk_buff_head rxq;	/* children's group frames for the host */
	struct work_struct work;	/* delivers @rxq */
};

struct mvlan_addr_table;

/* One per lower device, in lower->rx_handler_data. */
struct mvlan_port {
	struct net_device *lower;
	struct mvlan_addr_table __rcu *table;	/* children by destination MAC */
	struct rhltable source_table;	/* source-mode entries by source MAC */
	unsigned int source_entries;	/* all children's; 0 skips the lookup */
	struct mvlan_flood flood;
	struct mvlan_passthru pt;
	struct mvlan_host host;
	struct list_head children;	/* struct mvlan_child.sibling */
	unsigned int nchildren;		/* published */
	unsigned int holders;		/* children attached or attaching */
	unsigned long table_gp;		/* grace period retiring the old table */
	struct mvlan_pcpu_stats __percpu *stats;	/* port-level drops */
	struct list_head node;		/* mvlan_ports */
};

/*
 * A front-end: the kind of net_device that carries a child. The core calls
 * it for what only the device kind knows.
 */
struct mvlan_frontend {
	const char *name;		/* "ethernet", "tap" */
	size_t priv_size;		/* starts with struct mvlan_child */
	void (*setup)(struct net_device *dev);
	const struct net_device_ops *netdev_ops;	/* identifies its devices */
	struct rtnl_link_ops *link_ops;		/* its rtnl kind */
};

extern const struct mvlan_frontend mvlan_eth_frontend;
extern const struct mvlan_frontend mvlan_tap_frontend;

/* Whether @dev is a tap child (a reader behind /dev/tapN). */
static inline bool mvlan_is_tap(const struct net_device *dev)
{
	return dev->netdev_ops == mvlan_tap_frontend.netdev_ops;
}

/* All ports in all namespaces, RTNL. */
extern struct list_head mvlan_ports;
#define mvlan_for_each_port(port) \
	list_for_each_entry(port, &mvlan_ports, node)
#define mvlan_port_for_each_child(port, child) \
	list_for_each_entry(child, &(port)->children, sibling)

/* Whether @dev carries an mvlan child (of any front-end). */
bool netif_is_mvlan(const struct net_device *dev);

static inline struct mvlan_child *mvlan_child_of(const struct net_device *dev)
{
	return netdev_priv(dev);
}

/* The port on @lower, or NULL when mvlan does not own its rx_handler. */
struct mvlan_port *mvlan_port_of(const struct net_device *lower);

static inline u32 mvlan_port_bc_limit(const struct mvlan_port *port)
{
	return READ_ONCE(port->flood.limit);
}

static inline u32 mvlan_port_bc_qlen(const struct mvlan_port *port)
{
	return skb_queue_len_lockless(&port->flood.deferred);
}

static inline s32 mvlan_port_bc_cutoff(const struct mvlan_port *port)
{
	return READ_ONCE(port->flood.cutoff);
}

/* What a new child should be; zero fields mean the default. */
struct mvlan_child_config {
	struct net_device *lower;
	const u8 *mac;			/* NULL: random (passthru: the lower's) */
	u32 mtu;			/* 0: the lower's */
	u32 mode;			/* 0: vepa */
	u32 flags;
	u32 bc_queue_len;		/* used when has_bc_queue_len */
	s32 bc_cutoff;			/* used when has_bc_cutoff */
	bool has_bc_queue_len;
	bool has_bc_cutoff;
	const u8 (*sources)[ETH_ALEN];	/* source mode: the first list */
	unsigned int nsources;
};

struct mvlan_create_args {
	struct mvlan_child_config cfg;
	const struct mvlan_frontend *fe;	/* NULL: Ethernet */
	struct net *net;		/* namespace of the new child */
	const char *name;		/* NULL: "mvlan%d" */
};

/*
 * Allocate, register and attach a child. On error nothing is left behind
 * and @extack says why in words a person understands.
 */
int mvlan_create(const struct mvlan_create_args *args,
		 struct net_device **devp, struct netlink_ext_ack *extack);

/*
 * Register @dev (allocated by a control plane with the front-end's setup)
 * and make it a child as @cfg says. On error @dev is not registered and the
 * caller frees it with free_netdev(), which copes with every state
 * register_netdevice() can leave behind.
 */
int mvlan_child_register(struct net_device *dev,
			 const struct mvlan_child_config *cfg,
			 struct netlink_ext_ack *extack);

/* Queue @dev for unregister_netdevice_many(@head), like rtnl dellink. */
void mvlan_delete(struct net_device *dev, struct list_head *head);

struct mvlan_change_args {
	const u8 *mac;			/* NULL: unchanged */
	u32 mode;
	u32 flags;
	u32 bc_queue_len;
	s32 bc_cutoff;
	bool has_mode;
	bool has_flags;
	bool has_bc_queue_len;
	bool has_bc_cutoff;
	u32 source_op;			/* enum mvlan_source_op, 0: none */
	const u8 (*sources)[ETH_ALEN];
	unsigned int nsources;
};

/*
 * Validates everything first: a change that fails changes nothing. A
 * change that succeeds is announced (NETDEV_CHANGEINFODATA), which every
 * control plane turns into its event.
 */
int mvlan_change(struct net_device *dev, const struct mvlan_change_args *args,
		 struct netlink_ext_ack *extack);

/* Port-wide broadcast cutoff (last writer wins, as with macvlan). */
void mvlan_port_set_bc_cutoff(struct mvlan_port *port, s32 cutoff);

/*
 * Enabled while any port has host access on: until then the transmit path
 * does not even look at its port's option (one patched jump, no load).
 */
DECLARE_STATIC_KEY_FALSE(mvlan_host_access_used);

static inline bool mvlan_port_host_access(const struct mvlan_port *port)
{
	return static_branch_unlikely(&mvlan_host_access_used) &&
	       READ_ONCE(port->host.on);
}

/*
 * Turn host access on or off (RTNL). Announced to every control plane
 * when it changes; on failure nothing changed and @extack says why.
 */
int mvlan_port_set_host_access(struct mvlan_port *port, bool on,
			       struct netlink_ext_ack *extack);

/* Tell every control plane that @port's settings changed (genl_events.c). */
void mvlan_port_announce(struct mvlan_port *port);

/* @op is enum mvlan_source_op; every op is all or nothing. */
int mvlan_source_edit(struct net_device *dev, u32 op,
		      const u8 macs[][ETH_ALEN], unsigned int n,
		      struct netlink_ext_ack *extack);

/* Calls @fn for each source MAC of @child in order, until it returns non-zero. */
int mvlan_source_walk(const struct mvlan_child *child,
		      int (*fn)(const u8 *addr, void *arg), void *arg);

/* Bumped whenever any source list changes. */
extern unsigned int mvlan_source_gen;

void mvlan_stats_sum(struct mvlan_pcpu_stats __percpu *pcpu,
		     struct mvlan_stats *sum);

/* Tell every control plane that @child's settings changed. */
void mvlan_child_announce(struct mvlan_child *child);

/* Control planes. */
int mvlan_genl_init(void);
void mvlan_genl_exit(void);
int mvlan_rtnl_init(void);
void mvlan_rtnl_exit(void);

/* The tap front-end's char devices and their notifier, tap.c. */
int mvlan_tap_module_init(void);
void mvlan_tap_module_exit(void);

/* Lower-device events, lower_events.c. */
int mvlan_lower_events_init(void);
void mvlan_lower_events_exit(void);

#endif /* _MVLAN_H */
