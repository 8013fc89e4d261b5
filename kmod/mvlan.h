/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface between the mvlan datapath (port.c, dev.c, rx.c ...)
 * and its control plane (netlink.c). Everything here runs under RTNL unless
 * said otherwise.
 */
#ifndef _MVLAN_H
#define _MVLAN_H

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <net/netlink.h>
#include <uapi/linux/mvlan.h>

#include "compat.h"

#define MVLAN_MC_FILTER_BITS	256
#define MVLAN_SOURCE_HASH_BITS	8
#define MVLAN_SOURCE_HASH_SIZE	BIT(MVLAN_SOURCE_HASH_BITS)

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

struct mvlan_port;
struct mvlan_hash;

/* netdev_priv() of a child. */
struct mvlan_dev {
	struct net_device *dev;
	struct net_device *lower;
	struct mvlan_port *port;
	struct list_head list;		/* port->children; RTNL, RCU readers */
	struct hlist_node hnode;	/* port's destination hash */
	netdevice_tracker lower_tracker;
	struct mvlan_pcpu_stats __percpu *stats;
	DECLARE_BITMAP(mc_filter, MVLAN_MC_FILTER_BITS);
	u32 mode;
	u32 flags;
	u32 bc_queue_len_req;
	unsigned int source_count;
	bool carrier_reported;		/* netlink.c: last carrier sent */
	/* datapath private fields below */
	struct hlist_node hnode_alt;	/* the same, in the table being built */
	u64 hkey;			/* MAC the child is hashed by, as a word */
	bool hashed;
	bool linked;			/* on port->children and hashed */
	u32 mc_salt;
	struct list_head sources;	/* struct mvlan_source_entry, RTNL */
};

/* One per lower device, lower->rx_handler_data. */
struct mvlan_port {
	struct net_device *lower;
	struct list_head node;		/* mvlan_ports, RTNL */
	struct list_head children;	/* struct mvlan_dev.list */
	unsigned int count;
	bool passthru;
	u32 bc_queue_len_used;
	s32 bc_cutoff;
	struct sk_buff_head bc_queue;
	struct mvlan_pcpu_stats __percpu *stats;	/* port-level drops */
	/* the datapath appends its private fields below */
	struct mvlan_hash __rcu *hash;	/* destination MACs of all children */
	unsigned long hash_gp;		/* grace period retiring the old table */
	unsigned int hashed;
	unsigned int source_entries;	/* all children's, for a fast skip */
	struct hlist_head source_hash[MVLAN_SOURCE_HASH_SIZE];
	struct work_struct bc_work;
	DECLARE_BITMAP(mc_filter, MVLAN_MC_FILTER_BITS);
	DECLARE_BITMAP(bc_filter, MVLAN_MC_FILTER_BITS);
	u8 perm_addr[ETH_ALEN];		/* lower's MAC to restore (passthru) */
	bool addr_changing;		/* passthru child is changing lower's MAC */
};

/* All ports in all namespaces, RTNL. */
extern struct list_head mvlan_ports;
#define mvlan_for_each_port(port) \
	list_for_each_entry(port, &mvlan_ports, node)
#define mvlan_port_for_each_child(port, vlan) \
	list_for_each_entry(vlan, &(port)->children, list)

extern struct rtnl_link_ops mvlan_link_ops;

static inline bool netif_is_mvlan(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &mvlan_link_ops;
}

/* The port on @lower, or NULL when mvlan does not own its rx_handler. */
struct mvlan_port *mvlan_port_of(const struct net_device *lower);

struct mvlan_create_args {
	struct net_device *lower;
	struct net *net;		/* namespace of the new child */
	const char *name;		/* NULL: "mvlan%d" */
	const u8 *mac;			/* NULL: random (passthru: lower's) */
	u32 mtu;			/* 0: the lower's */
	u32 mode;			/* 0: vepa */
	u32 flags;
	u32 bc_queue_len;		/* used when has_bc_queue_len */
	s32 bc_cutoff;			/* used when has_bc_cutoff */
	bool has_bc_queue_len;
	bool has_bc_cutoff;
};

/*
 * Create and register a child. On error nothing is left behind and
 * @extack says why in words a person understands.
 */
int mvlan_create(const struct mvlan_create_args *args,
		 struct net_device **devp, struct netlink_ext_ack *extack);

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
};

/* Validates everything first: a change that fails changes nothing. */
int mvlan_change(struct net_device *dev, const struct mvlan_change_args *args,
		 struct netlink_ext_ack *extack);

/* @op is enum mvlan_source_op; SET is atomic. */
int mvlan_source_edit(struct net_device *dev, u32 op,
		      const u8 macs[][ETH_ALEN], unsigned int n,
		      struct netlink_ext_ack *extack);

/* Copies up to @max source MACs of @vlan into @macs, returns the total. */
unsigned int mvlan_source_list(const struct mvlan_dev *vlan,
			       u8 macs[][ETH_ALEN], unsigned int max);

void mvlan_stats_sum(struct mvlan_pcpu_stats __percpu *pcpu,
		     struct mvlan_stats *sum);

/* Control plane, netlink.c. */
int mvlan_genl_init(void);
void mvlan_genl_exit(void);

/* Datapath, port.c / dev.c. */
int mvlan_port_init(void);
void mvlan_port_exit(void);

#endif /* _MVLAN_H */
