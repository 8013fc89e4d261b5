// SPDX-License-Identifier: GPL-2.0
/*
 * Source mode: each source-mode child has an allow-list of source MACs.
 * Entries of all children of a port live in one RCU hash keyed by the
 * source MAC; a frame from a listed MAC is cloned to the owning children
 * before the normal demultiplexing.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "datapath.h"

struct mvlan_source_entry {
	struct hlist_node hnode;	/* port->source_hash, RCU */
	struct list_head list;		/* vlan->sources, RTNL */
	struct mvlan_dev __rcu *vlan;
	u8 addr[ETH_ALEN + 2];		/* padded for ether_addr_equal_64bits */
	struct rcu_head rcu;
};

static struct hlist_head *mvlan_source_bucket(struct mvlan_port *port,
					      const u8 *addr)
{
	return &port->source_hash[mvlan_addr_hash(addr, MVLAN_SOURCE_HASH_BITS)];
}

static void mvlan_forward_source_one(struct sk_buff *skb,
				     struct mvlan_dev *vlan)
{
	struct net_device *dev = vlan->dev;
	struct sk_buff *nskb;
	unsigned int len;

	if (!netif_running(dev))
		return;
	nskb = skb_clone(skb, GFP_ATOMIC);
	if (!nskb) {
		mvlan_count_rx(vlan, 0, false, false);
		return;
	}
	len = nskb->len + ETH_HLEN;
	nskb->dev = dev;
	/* Otherwise keep the lower's verdict, usually OTHERHOST. */
	if (ether_addr_equal_64bits(eth_hdr(skb)->h_dest, dev->dev_addr))
		nskb->pkt_type = PACKET_HOST;
	mvlan_count_rx(vlan, len, netif_rx(nskb) == NET_RX_SUCCESS, false);
}

/* RCU. Returns true when a nodst child claims the frame: consume it. */
bool mvlan_forward_source(struct sk_buff *skb, struct mvlan_port *port,
			  const u8 *addr)
{
	struct mvlan_source_entry *entry;
	struct mvlan_dev *vlan;
	bool consume = false;

	hlist_for_each_entry_rcu(entry, mvlan_source_bucket(port, addr), hnode) {
		if (!ether_addr_equal_64bits(entry->addr, addr))
			continue;
		vlan = rcu_dereference(entry->vlan);
		if (!vlan)
			continue;
		if (READ_ONCE(vlan->flags) & MVLAN_FLAG_NODST)
			consume = true;
		mvlan_forward_source_one(skb, vlan);
	}
	return consume;
}

static struct mvlan_source_entry *mvlan_source_find(struct mvlan_dev *vlan,
						    const u8 *addr)
{
	struct mvlan_source_entry *entry;

	hlist_for_each_entry(entry, mvlan_source_bucket(vlan->port, addr), hnode)
		if (rtnl_dereference(entry->vlan) == vlan &&
		    ether_addr_equal_unaligned(entry->addr, addr))
			return entry;
	return NULL;
}

static void mvlan_source_link(struct mvlan_dev *vlan,
			      struct mvlan_source_entry *entry, const u8 *addr)
{
	struct mvlan_port *port = vlan->port;

	memcpy(entry->addr, addr, ETH_ALEN);
	rcu_assign_pointer(entry->vlan, vlan);
	list_add_tail(&entry->list, &vlan->sources);
	hlist_add_head_rcu(&entry->hnode, mvlan_source_bucket(port, addr));
	vlan->source_count++;
	WRITE_ONCE(port->source_entries, port->source_entries + 1);
}

static void mvlan_source_unlink(struct mvlan_dev *vlan,
				struct mvlan_source_entry *entry)
{
	struct mvlan_port *port = vlan->port;

	hlist_del_rcu(&entry->hnode);
	list_del(&entry->list);
	RCU_INIT_POINTER(entry->vlan, NULL);
	kfree_rcu(entry, rcu);
	vlan->source_count--;
	WRITE_ONCE(port->source_entries, port->source_entries - 1);
}

void mvlan_source_flush(struct mvlan_dev *vlan)
{
	struct mvlan_source_entry *entry, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(entry, tmp, &vlan->sources, list)
		mvlan_source_unlink(vlan, entry);
}

static void mvlan_source_free_list(struct list_head *head)
{
	struct mvlan_source_entry *entry, *tmp;

	list_for_each_entry_safe(entry, tmp, head, list)
		kfree(entry);
}

/* Allocate @n entries up front so ADD and SET cannot fail half way. */
static int mvlan_source_prealloc(struct list_head *head, unsigned int n)
{
	struct mvlan_source_entry *entry;

	while (n--) {
		entry = kzalloc(sizeof(*entry), GFP_KERNEL);
		if (!entry) {
			mvlan_source_free_list(head);
			return -ENOMEM;
		}
		list_add(&entry->list, head);
	}
	return 0;
}

/* Link every address not yet on the list, taking entries from @pool. */
static void mvlan_source_add_from(struct mvlan_dev *vlan,
				  struct list_head *pool,
				  const u8 macs[][ETH_ALEN], unsigned int n)
{
	struct mvlan_source_entry *entry;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (mvlan_source_find(vlan, macs[i]))
			continue;
		entry = list_first_entry(pool, struct mvlan_source_entry, list);
		list_del(&entry->list);
		mvlan_source_link(vlan, entry, macs[i]);
	}
}

int mvlan_source_edit(struct net_device *dev, u32 op,
		      const u8 macs[][ETH_ALEN], unsigned int n,
		      struct netlink_ext_ack *extack)
{
	struct mvlan_source_entry *entry;
	struct mvlan_dev *vlan;
	LIST_HEAD(pool);
	unsigned int i;
	int err;

	ASSERT_RTNL();
	vlan = mvlan_child(dev, extack);
	if (!vlan)
		return -EINVAL;
	if (vlan->mode != MVLAN_MODE_SOURCE) {
		mvlan_err(extack, "dev %s is not in source mode", dev->name);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (!is_valid_ether_addr(macs[i])) {
			mvlan_err(extack, "source MAC %pM is not a valid unicast address",
				  macs[i]);
			return -EADDRNOTAVAIL;
		}
	}

	switch (op) {
	case MVLAN_SOURCE_ADD:
		err = mvlan_source_prealloc(&pool, n);
		if (err)
			return err;
		mvlan_source_add_from(vlan, &pool, macs, n);
		break;
	case MVLAN_SOURCE_DEL:
		for (i = 0; i < n; i++) {
			entry = mvlan_source_find(vlan, macs[i]);
			if (entry)
				mvlan_source_unlink(vlan, entry);
		}
		return 0;
	case MVLAN_SOURCE_SET:
		err = mvlan_source_prealloc(&pool, n);
		if (err)
			return err;
		mvlan_source_flush(vlan);
		mvlan_source_add_from(vlan, &pool, macs, n);
		break;
	case MVLAN_SOURCE_FLUSH:
		mvlan_source_flush(vlan);
		return 0;
	default:
		NL_SET_ERR_MSG(extack, "unknown source list operation");
		return -EINVAL;
	}
	/* Duplicates left entries unused. */
	mvlan_source_free_list(&pool);
	return 0;
}

unsigned int mvlan_source_list(const struct mvlan_dev *vlan,
			       u8 macs[][ETH_ALEN], unsigned int max)
{
	const struct mvlan_source_entry *entry;
	unsigned int i = 0;

	ASSERT_RTNL();
	list_for_each_entry(entry, &vlan->sources, list) {
		if (i < max)
			memcpy(macs[i], entry->addr, ETH_ALEN);
		i++;
	}
	return i;
}
