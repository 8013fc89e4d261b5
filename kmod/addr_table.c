// SPDX-License-Identifier: GPL-2.0
/*
 * The destination table: every child of a port by its MAC, resizable
 * without stopping readers. Readers are the rx_handler and transmit (RCU);
 * the writer is configuration (RTNL).
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "fastpath.h"

#define MVLAN_TABLE_MIN_BITS	4
#define MVLAN_TABLE_MAX_BITS	16

static struct hlist_node *mvlan_table_slot(const struct mvlan_addr_table *t,
					   struct mvlan_child *child)
{
	return &child->slot[t->gen];
}

static void mvlan_table_link(struct mvlan_addr_table *t,
			     struct mvlan_child *child)
{
	hlist_add_head_rcu(mvlan_table_slot(t, child), mvlan_bucket(t, child->key));
}

/* Publish a table of 2^@bits buckets holding every published child. */
static int mvlan_table_rebuild(struct mvlan_port *port, unsigned int bits)
{
	struct mvlan_addr_table *old = rtnl_dereference(port->table);
	struct mvlan_addr_table *t;
	struct mvlan_child *child;

	t = kvzalloc(struct_size(t, buckets, 1UL << bits), GFP_KERNEL_ACCOUNT);
	if (!t)
		return -ENOMEM;
	t->bits = bits;
	t->shift = 64 - bits;
	t->gen = old ? !old->gen : 0;
	t->slot_off = offsetof(struct mvlan_child, slot[t->gen]);

	/*
	 * The slots we are about to reuse last linked the table retired by
	 * the previous rebuild; its readers must be gone.
	 */
	if (old)
		cond_synchronize_rcu(port->table_gp);
	mvlan_port_for_each_child(port, child)
		mvlan_table_link(t, child);

	rcu_assign_pointer(port->table, t);
	if (old) {
		port->table_gp = get_state_synchronize_rcu();
		kvfree_rcu(old, rcu);
	}
	return 0;
}

/* Make room for @n children with a load of at most one. */
int mvlan_table_reserve(struct mvlan_port *port, unsigned int n)
{
	struct mvlan_addr_table *t = rtnl_dereference(port->table);
	unsigned int bits = clamp_t(unsigned int, order_base_2(n),
				    MVLAN_TABLE_MIN_BITS, MVLAN_TABLE_MAX_BITS);

	if (t && t->bits >= bits)
		return 0;
	/* Grow fourfold: half the rebuilds (and grace periods) of doubling. */
	if (t)
		bits = min_t(unsigned int, max(bits, t->bits + 2),
			     MVLAN_TABLE_MAX_BITS);
	return mvlan_table_rebuild(port, bits);
}

/* Give memory back when the table is four times too big. */
void mvlan_table_trim(struct mvlan_port *port)
{
	struct mvlan_addr_table *t = rtnl_dereference(port->table);
	unsigned int bits = max_t(unsigned int, MVLAN_TABLE_MIN_BITS,
				  order_base_2(port->nchildren));

	if (t && t->bits >= bits + 2)
		mvlan_table_rebuild(port, bits);	/* ENOMEM: keep the big one */
}

/* Caller reserved room with mvlan_table_reserve(). */
void mvlan_table_insert(struct mvlan_port *port, struct mvlan_child *child)
{
	ASSERT_RTNL();
	mvlan_table_link(rtnl_dereference(port->table), child);
}

/* Readers may still see @child until the next grace period. */
void mvlan_table_remove(struct mvlan_port *port, struct mvlan_child *child)
{
	ASSERT_RTNL();
	hlist_del_rcu(mvlan_table_slot(rtnl_dereference(port->table), child));
}

/* Re-key @child under @addr; no reader ever sees a half-written key. */
void mvlan_table_rekey(struct mvlan_child *child, const u8 *addr)
{
	struct mvlan_port *port = child->port;
	bool published = child->published;
	u64 key = mvlan_mac_key(addr);

	if (child->key == key)
		return;
	if (published) {
		mvlan_table_remove(port, child);
		synchronize_net();
	}
	WRITE_ONCE(child->key, key);
	if (published)
		mvlan_table_insert(port, child);
}

/* The port is going away and no reader is left. */
void mvlan_table_free(struct mvlan_port *port)
{
	kvfree(rtnl_dereference(port->table));
	RCU_INIT_POINTER(port->table, NULL);
}
