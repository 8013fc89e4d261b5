// SPDX-License-Identifier: GPL-2.0
/*
 * The port: mvlan's state on one lower device. It owns the lower's
 * rx_handler, the destination and source hashes, the broadcast queue and
 * reacts to events on the lower.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/rtnetlink.h>

#include "datapath.h"

LIST_HEAD(mvlan_ports);

#define MVLAN_HASH_MIN_BITS	4
#define MVLAN_HASH_MAX_BITS	16

struct mvlan_port *mvlan_port_of(const struct net_device *lower)
{
	if (rcu_access_pointer(lower->rx_handler) != mvlan_handle_frame)
		return NULL;
	return rcu_dereference_rtnl(lower->rx_handler_data);
}

/* Whether mvlan may take @lower's receive handler; says why not. */
int mvlan_lower_check(struct net_device *lower, struct netlink_ext_ack *extack)
{
	struct net_device *master;

	if (lower->flags & IFF_LOOPBACK) {
		mvlan_err(extack, "lower %s is a loopback device", lower->name);
		return -EINVAL;
	}
	if (lower->type != ARPHRD_ETHER) {
		mvlan_err(extack, "lower %s is not an Ethernet device", lower->name);
		return -EINVAL;
	}
	if (!netdev_is_rx_handler_busy(lower))
		return 0;

	master = netdev_master_upper_dev_get(lower);
	if (master)
		mvlan_err(extack, "lower %s is a port of %s %s", lower->name,
			  master->rtnl_link_ops ? master->rtnl_link_ops->kind :
			  "device", master->name);
	else if (netif_is_macvlan_port(lower))
		mvlan_err(extack, "lower %s is used by in-tree macvlan", lower->name);
	else
		mvlan_err(extack,
			  "lower %s's receive handler is already taken by another driver",
			  lower->name);
	return -EBUSY;
}

struct mvlan_port *mvlan_port_create(struct net_device *lower,
				     struct netlink_ext_ack *extack)
{
	struct mvlan_port *port;
	int err, i;

	ASSERT_RTNL();
	err = mvlan_lower_check(lower, extack);
	if (err)
		return ERR_PTR(err);

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);
	port->stats = netdev_alloc_pcpu_stats(struct mvlan_pcpu_stats);
	if (!port->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	port->lower = lower;
	INIT_LIST_HEAD(&port->children);
	port->bc_queue_len_used = MVLAN_BC_QUEUE_LEN_DEFAULT;
	port->bc_cutoff = 1;
	skb_queue_head_init(&port->bc_queue);
	INIT_WORK(&port->bc_work, mvlan_bc_work);
	for (i = 0; i < MVLAN_SOURCE_HASH_SIZE; i++)
		INIT_HLIST_HEAD(&port->source_hash[i]);
	ether_addr_copy(port->perm_addr, lower->dev_addr);

	err = mvlan_hash_reserve(port, 1);
	if (err)
		goto err_stats;

	err = netdev_rx_handler_register(lower, mvlan_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the lower's receive handler");
		goto err_hash;
	}
	list_add_tail(&port->node, &mvlan_ports);
	return port;

err_hash:
	kvfree(rtnl_dereference(port->hash));
err_stats:
	free_percpu(port->stats);
err_free:
	kfree(port);
	return ERR_PTR(err);
}

/* The last child is gone: give the lower back as it was. */
void mvlan_port_destroy(struct mvlan_port *port)
{
	struct net_device *lower = port->lower;

	ASSERT_RTNL();
	list_del(&port->node);
	/* Waits for every running rx_handler (synchronize_net). */
	netdev_rx_handler_unregister(lower);
	cancel_work_sync(&port->bc_work);
	mvlan_bc_purge(port);

	if (port->passthru && lower->reg_state == NETREG_REGISTERED &&
	    !ether_addr_equal(lower->dev_addr, port->perm_addr)) {
		struct sockaddr sa = { .sa_family = lower->type };

		memcpy(sa.sa_data, port->perm_addr, ETH_ALEN);
		if (dev_set_mac_address(lower, &sa, NULL))
			netdev_warn(lower, "mvlan: cannot restore the MAC address\n");
	}

	/* Retired tables are freed by their own kvfree_rcu(). */
	kvfree(rtnl_dereference(port->hash));
	free_percpu(port->stats);
	kfree(port);
}

/* ---- destination hash ---------------------------------------------------- */

static struct hlist_node *mvlan_hash_node(const struct mvlan_hash *h,
					  struct mvlan_dev *vlan)
{
	return h->alt ? &vlan->hnode_alt : &vlan->hnode;
}

static void mvlan_hash_link(struct mvlan_hash *h, struct mvlan_dev *vlan)
{
	hlist_add_head_rcu(mvlan_hash_node(h, vlan),
			   &h->buckets[hash_64(vlan->hkey, h->bits)]);
}

/* Build a table of 2^@bits buckets holding every hashed child, publish it. */
static int mvlan_hash_rebuild(struct mvlan_port *port, unsigned int bits)
{
	struct mvlan_hash *old = rtnl_dereference(port->hash);
	struct mvlan_hash *new;
	struct mvlan_dev *vlan;

	new = kvzalloc(struct_size(new, buckets, 1UL << bits), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->bits = bits;
	new->alt = old ? !old->alt : false;
	new->node_off = new->alt ? offsetof(struct mvlan_dev, hnode_alt) :
				   offsetof(struct mvlan_dev, hnode);

	/*
	 * The nodes we are about to reuse were last used by the table retired
	 * by the previous rebuild; its readers must be gone.
	 */
	if (old)
		cond_synchronize_rcu(port->hash_gp);
	list_for_each_entry(vlan, &port->children, list)
		if (vlan->hashed)
			mvlan_hash_link(new, vlan);

	rcu_assign_pointer(port->hash, new);
	if (old) {
		port->hash_gp = get_state_synchronize_rcu();
		kvfree_rcu(old, rcu);
	}
	return 0;
}

/* Make room for @n hashed children with a load of at most one. */
int mvlan_hash_reserve(struct mvlan_port *port, unsigned int n)
{
	struct mvlan_hash *h = rtnl_dereference(port->hash);
	unsigned int bits = max_t(unsigned int, MVLAN_HASH_MIN_BITS,
				  order_base_2(n));

	bits = min_t(unsigned int, bits, MVLAN_HASH_MAX_BITS);
	if (h && h->bits >= bits)
		return 0;
	/* Grow fourfold: half the rebuilds (and grace periods) of doubling. */
	if (h)
		bits = min_t(unsigned int, max(bits, h->bits + 2),
			     MVLAN_HASH_MAX_BITS);
	return mvlan_hash_rebuild(port, bits);
}

/* Give memory back when the table is four times too big. */
void mvlan_hash_shrink(struct mvlan_port *port)
{
	struct mvlan_hash *h = rtnl_dereference(port->hash);
	unsigned int bits = max_t(unsigned int, MVLAN_HASH_MIN_BITS,
				  order_base_2(port->hashed));

	if (h && h->bits >= bits + 2)
		mvlan_hash_rebuild(port, bits);	/* ENOMEM: keep the big one */
}

/* Caller reserved room with mvlan_hash_reserve(). */
void mvlan_hash_add(struct mvlan_port *port, struct mvlan_dev *vlan)
{
	ASSERT_RTNL();
	if (vlan->hashed)
		return;
	vlan->hashed = true;
	port->hashed++;
	mvlan_hash_link(rtnl_dereference(port->hash), vlan);
}

/* Readers may still see @vlan until the next grace period. */
void mvlan_hash_del(struct mvlan_port *port, struct mvlan_dev *vlan)
{
	ASSERT_RTNL();
	if (!vlan->hashed)
		return;
	hlist_del_rcu(mvlan_hash_node(rtnl_dereference(port->hash), vlan));
	vlan->hashed = false;
	port->hashed--;
}

/* Re-key @vlan under @addr without readers ever seeing a torn key. */
void mvlan_hash_rekey(struct mvlan_dev *vlan, const u8 *addr)
{
	struct mvlan_port *port = vlan->port;
	bool hashed = vlan->hashed;

	if (vlan->hkey == mvlan_addr_key(addr))
		return;
	if (hashed) {
		mvlan_hash_del(port, vlan);
		synchronize_net();
	}
	vlan->hkey = mvlan_addr_key(addr);
	if (hashed)
		mvlan_hash_add(port, vlan);
}

/* ---- broadcast settings and filters ---------------------------------------- */

void mvlan_port_update_bc_queue_len(struct mvlan_port *port)
{
	struct mvlan_dev *vlan;
	u32 len = 0;

	ASSERT_RTNL();
	if (list_empty(&port->children))
		len = MVLAN_BC_QUEUE_LEN_DEFAULT;
	mvlan_port_for_each_child(port, vlan)
		len = max(len, vlan->bc_queue_len_req);
	WRITE_ONCE(port->bc_queue_len_used, len);
}

static void mvlan_compute_port_filter(unsigned long *filter,
				      struct net_device *lower, int cutoff)
{
	DECLARE_BITMAP(f, MVLAN_MC_FILTER_BITS);
	struct netdev_hw_addr *ha;

	if (lower->flags & (IFF_PROMISC | IFF_ALLMULTI)) {
		bitmap_fill(filter, MVLAN_MC_FILTER_BITS);
		return;
	}
	bitmap_zero(f, MVLAN_MC_FILTER_BITS);
	/* ha->synced counts the upper devices subscribed to the group. */
	netdev_for_each_mc_addr(ha, lower)
		if (ha->synced > cutoff)
			__set_bit(mvlan_mc_hash(0, ha->addr), f);
	__set_bit(mvlan_mc_hash(0, lower->broadcast), f);
	bitmap_copy(filter, f, MVLAN_MC_FILTER_BITS);
}

/*
 * Groups any child subscribed to go to mc_filter; groups with more than
 * bc_cutoff subscribers (and broadcast) go to bc_filter, i.e. the queue.
 * Caller holds the lower's address list lock.
 */
static void mvlan_port_compute_filters_locked(struct mvlan_port *port)
{
	s32 cutoff = READ_ONCE(port->bc_cutoff);

	mvlan_compute_port_filter(port->mc_filter, port->lower, 0);
	if (cutoff < 0)
		bitmap_zero(port->bc_filter, MVLAN_MC_FILTER_BITS);
	else
		mvlan_compute_port_filter(port->bc_filter, port->lower, cutoff);
}

/* From a child's ndo_set_rx_mode: its own address lock is held, BH off. */
void mvlan_port_compute_filters(struct mvlan_port *port)
{
	netif_addr_lock(port->lower);
	mvlan_port_compute_filters_locked(port);
	netif_addr_unlock(port->lower);
}

void mvlan_port_set_bc_cutoff(struct mvlan_port *port, s32 cutoff)
{
	ASSERT_RTNL();
	if (port->bc_cutoff == cutoff)
		return;
	WRITE_ONCE(port->bc_cutoff, cutoff);
	netif_addr_lock_bh(port->lower);
	mvlan_port_compute_filters_locked(port);
	netif_addr_unlock_bh(port->lower);
}

/* ---- events on the lower ----------------------------------------------------- */

static void mvlan_lower_changeaddr(struct mvlan_port *port)
{
	struct mvlan_dev *vlan;

	if (!port->passthru)
		return;
	/* Someone else changed the lower's MAC: that is the one to restore. */
	if (!port->addr_changing)
		ether_addr_copy(port->perm_addr, port->lower->dev_addr);
	mvlan_port_for_each_child(port, vlan)
		mvlan_dev_sync_passthru_addr(vlan);
}

static int mvlan_device_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *lower = netdev_notifier_info_to_dev(ptr);
	struct mvlan_port *port;
	struct mvlan_dev *vlan;
	LIST_HEAD(kill);

	port = mvlan_port_of(lower);
	if (!port)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		mvlan_port_for_each_child(port, vlan)
			netif_stacked_transfer_operstate(lower, vlan->dev);
		break;
	case NETDEV_FEAT_CHANGE:
		mvlan_port_for_each_child(port, vlan) {
			netif_inherit_tso_max(vlan->dev, lower);
			vlan->dev->needed_headroom = lower->needed_headroom;
			vlan->dev->needed_tailroom = lower->needed_tailroom;
			netdev_update_features(vlan->dev);
		}
		break;
	case NETDEV_CHANGEMTU:
		mvlan_port_for_each_child(port, vlan)
			if (vlan->dev->mtu > lower->mtu)
				dev_set_mtu(vlan->dev, lower->mtu);
		break;
	case NETDEV_CHANGEADDR:
		mvlan_lower_changeaddr(port);
		break;
	case NETDEV_UNREGISTER:
		/* Moving the lower to another namespace keeps its children. */
		if (lower->reg_state != NETREG_UNREGISTERING)
			break;
		mvlan_dellink_all(port, &kill);
		/* The port may be gone now: the last child's uninit frees it. */
		unregister_netdevice_many(&kill);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* Children are Ethernet devices; the lower must stay one. */
		return NOTIFY_BAD;
	case NETDEV_NOTIFY_PEERS:
	case NETDEV_BONDING_FAILOVER:
	case NETDEV_RESEND_IGMP:
		mvlan_port_for_each_child(port, vlan)
			call_netdevice_notifiers(event, vlan->dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block mvlan_notifier_block = {
	.notifier_call = mvlan_device_event,
};

int mvlan_port_init(void)
{
	return register_netdevice_notifier(&mvlan_notifier_block);
}

void mvlan_port_exit(void)
{
	unregister_netdevice_notifier(&mvlan_notifier_block);
}
