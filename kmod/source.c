// SPDX-License-Identifier: GPL-2.0
/*
 * Source mode: a source-mode child listens to frames by their *source* MAC,
 * from a list the administrator gives it. The port keeps every child's
 * entries in one rhltable keyed by the MAC, so one lookup finds all the
 * children listening to a sender, whatever their number.
 */
#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "fastpath.h"

struct mvlan_source {
	struct rhlist_head node;	/* port->source_table */
	u64 key;			/* the listened-to MAC, as a word */
	u8 addr[ETH_ALEN];		/* the same, for listing */
	bool keep;			/* SET: listed in the request */
	struct mvlan_child *child;
	struct list_head owner_link;	/* child->sources */
	struct rcu_head rcu;
};

static const struct rhashtable_params mvlan_source_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct mvlan_source, key),
	.head_offset = offsetof(struct mvlan_source, node),
	.automatic_shrinking = true,
};

int mvlan_sources_init(struct mvlan_port *port)
{
	return rhltable_init(&port->source_table, &mvlan_source_params);
}

/* Every child's entries are gone by now. */
void mvlan_sources_destroy(struct mvlan_port *port)
{
	rhltable_destroy(&port->source_table);
}

/* A copy of @skb for @child, which listens to its sender. */
static void mvlan_source_copy(struct mvlan_child *child,
			      const struct sk_buff *skb)
{
	struct sk_buff *copy;
	unsigned int len;

	if (!netif_running(child->dev))
		return;
	copy = skb_clone((struct sk_buff *)skb, GFP_ATOMIC);
	if (!copy) {
		mvlan_count_rx_lost(child);
		return;
	}
	len = copy->len + ETH_HLEN;
	copy->dev = child->dev;
	/* Addressed to the child itself: its own; else the lower's verdict. */
	if (mvlan_mac_key(eth_hdr(skb)->h_dest) == READ_ONCE(child->key))
		copy->pkt_type = PACKET_HOST;
	if (netif_rx(copy) == NET_RX_SUCCESS)
		mvlan_count_rx(child, len, false);
	else
		mvlan_count_rx_lost(child);
}

/*
 * rx_handler, RCU: give every listener of the sender its copy. Returns
 * whether a nodst listener claims the frame, which then goes nowhere else.
 */
bool mvlan_source_rx(struct mvlan_port *port, struct sk_buff *skb)
{
	u64 key = mvlan_mac_key(eth_hdr(skb)->h_source);
	struct rhlist_head *list, *pos;
	struct mvlan_source *src;
	bool claimed = false;

	list = rhltable_lookup(&port->source_table, &key, mvlan_source_params);
	rhl_for_each_entry_rcu(src, pos, list, node) {
		if (READ_ONCE(src->child->flags) & MVLAN_FLAG_NODST)
			claimed = true;
		mvlan_source_copy(src->child, skb);
	}
	return claimed;
}

/* @child's entry for @key, or NULL. RTNL. */
static struct mvlan_source *mvlan_source_find(struct mvlan_child *child,
					      u64 key)
{
	struct mvlan_source *src, *found = NULL;
	struct rhlist_head *list, *pos;

	rcu_read_lock();
	list = rhltable_lookup(&child->port->source_table, &key,
			       mvlan_source_params);
	rhl_for_each_entry_rcu(src, pos, list, node) {
		if (src->child == child) {
			found = src;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

static void mvlan_source_remove(struct mvlan_source *src)
{
	struct mvlan_child *child = src->child;
	struct mvlan_port *port = child->port;

	rhltable_remove(&port->source_table, &src->node, mvlan_source_params);
	list_del(&src->owner_link);
	child->source_count--;
	WRITE_ONCE(port->source_entries, port->source_entries - 1);
	kfree_rcu(src, rcu);
}

/* A new entry for @addr, at the tail of @list. */
static int mvlan_source_insert(struct mvlan_child *child, const u8 *addr,
			       struct list_head *list)
{
	struct mvlan_port *port = child->port;
	struct mvlan_source *src;
	int err;

	src = kzalloc(sizeof(*src), GFP_KERNEL_ACCOUNT);
	if (!src)
		return -ENOMEM;
	src->key = mvlan_mac_key(addr);
	ether_addr_copy(src->addr, addr);
	src->child = child;
	err = rhltable_insert(&port->source_table, &src->node,
			      mvlan_source_params);
	if (err) {
		kfree(src);
		return err;
	}
	list_add_tail(&src->owner_link, list);
	child->source_count++;
	WRITE_ONCE(port->source_entries, port->source_entries + 1);
	return 0;
}

static void mvlan_source_remove_all(struct list_head *list)
{
	struct mvlan_source *src, *next;

	list_for_each_entry_safe(src, next, list, owner_link)
		mvlan_source_remove(src);
}

/* Bumped whenever any source list changes: paged listings restart on it. */
unsigned int mvlan_source_gen = 1;

void mvlan_source_clear(struct mvlan_child *child)
{
	ASSERT_RTNL();
	if (list_empty(&child->sources))
		return;
	mvlan_source_remove_all(&child->sources);
	mvlan_source_gen++;
}

static void mvlan_source_unmark(struct mvlan_child *child)
{
	struct mvlan_source *src;

	list_for_each_entry(src, &child->sources, owner_link)
		src->keep = false;
}

/*
 * ADD and SET: hash an entry for each of the edit's MACs that @child does
 * not list yet, on ed->fresh; mark the ones it does list @keep.
 */
static int mvlan_source_stage(struct mvlan_child *child,
			      struct mvlan_source_edit *ed)
{
	struct mvlan_source *src;
	unsigned int i;
	int err;

	for (i = 0; i < ed->n; i++) {
		src = mvlan_source_find(child, mvlan_mac_key(ed->macs[i]));
		if (src) {
			src->keep = true;
			continue;
		}
		err = mvlan_source_insert(child, ed->macs[i], &ed->fresh);
		if (err)
			return err;
	}
	return 0;
}

/* How many MACs @child lists once the staged edit is committed. */
static unsigned int mvlan_source_total(struct mvlan_child *child,
				       struct mvlan_source_edit *ed)
{
	struct mvlan_source *src;
	unsigned int total = 0;

	list_for_each_entry(src, &child->sources, owner_link)
		total += ed->op == MVLAN_SOURCE_ADD || src->keep;
	list_for_each_entry(src, &ed->fresh, owner_link)
		total++;
	return total;
}

void mvlan_source_abort(struct mvlan_child *child, struct mvlan_source_edit *ed)
{
	mvlan_source_remove_all(&ed->fresh);
	mvlan_source_unmark(child);
}

int mvlan_source_prepare(struct mvlan_child *child,
			 struct mvlan_source_edit *ed,
			 struct netlink_ext_ack *extack)
{
	unsigned int total;
	int err;

	INIT_LIST_HEAD(&ed->fresh);
	if (ed->op != MVLAN_SOURCE_ADD && ed->op != MVLAN_SOURCE_SET)
		return 0;
	err = mvlan_source_stage(child, ed);
	if (err)
		goto abort;
	total = mvlan_source_total(child, ed);
	if (total > MVLAN_SOURCES_MAX) {
		mvlan_err(extack, "dev %s would list %u source MACs, the limit is %u",
			  child->dev->name, total, MVLAN_SOURCES_MAX);
		err = -ENOSPC;
		goto abort;
	}
	return 0;
abort:
	mvlan_source_abort(child, ed);
	return err;
}

void mvlan_source_commit(struct mvlan_child *child, struct mvlan_source_edit *ed)
{
	struct mvlan_source *src, *next;
	unsigned int i;

	switch (ed->op) {
	case MVLAN_SOURCE_SET:
		list_for_each_entry_safe(src, next, &child->sources, owner_link)
			if (!src->keep)
				mvlan_source_remove(src);
		fallthrough;
	case MVLAN_SOURCE_ADD:
		mvlan_source_unmark(child);
		list_splice_tail_init(&ed->fresh, &child->sources);
		break;
	case MVLAN_SOURCE_DEL:
		for (i = 0; i < ed->n; i++) {
			src = mvlan_source_find(child, mvlan_mac_key(ed->macs[i]));
			if (src)
				mvlan_source_remove(src);
		}
		break;
	case MVLAN_SOURCE_FLUSH:
		mvlan_source_remove_all(&child->sources);
		break;
	}
	mvlan_source_gen++;
}

int mvlan_source_edit_check(const struct mvlan_source_edit *ed,
			    struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (ed->op < MVLAN_SOURCE_ADD || ed->op > MVLAN_SOURCE_FLUSH) {
		mvlan_err(extack, "source list operation %u is not 1 add, 2 del, 3 set or 4 flush",
			  ed->op);
		return -EINVAL;
	}
	if (ed->n > MVLAN_SOURCES_MAX) {
		mvlan_err(extack, "%u source MACs in one request, a child may list at most %u",
			  ed->n, MVLAN_SOURCES_MAX);
		return -E2BIG;
	}
	for (i = 0; i < ed->n; i++) {
		if (!is_valid_ether_addr(ed->macs[i])) {
			mvlan_err(extack, "source MAC %pM is not a valid unicast address",
				  ed->macs[i]);
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

int mvlan_source_edit(struct net_device *dev, u32 op,
		      const u8 macs[][ETH_ALEN], unsigned int n,
		      struct netlink_ext_ack *extack)
{
	struct mvlan_source_edit ed = { .op = op, .macs = macs, .n = n };
	struct mvlan_child *child;
	int err;

	ASSERT_RTNL();
	child = mvlan_child_checked(dev, extack);
	if (!child)
		return -EINVAL;
	err = mvlan_source_edit_check(&ed, extack);
	if (err)
		return err;
	if (child->mode != MVLAN_MODE_SOURCE) {
		mvlan_err(extack, "dev %s is not in source mode", dev->name);
		return -EINVAL;
	}
	err = mvlan_source_prepare(child, &ed, extack);
	if (err)
		return err;
	mvlan_source_commit(child, &ed);
	mvlan_child_announce(child);
	return 0;
}

int mvlan_source_walk(const struct mvlan_child *child,
		      int (*fn)(const u8 *addr, void *arg), void *arg)
{
	const struct mvlan_source *src;
	int err;

	ASSERT_RTNL();
	list_for_each_entry(src, &child->sources, owner_link) {
		err = fn(src->addr, arg);
		if (err)
			return err;
	}
	return 0;
}
