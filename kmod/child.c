// SPDX-License-Identifier: GPL-2.0
/*
 * The child core: attach a device to a lower as a child, change it, take it
 * away. Front-ends call in from their ndo hooks; control planes call
 * mvlan_create(), mvlan_child_register(), mvlan_change(), mvlan_delete().
 * All of it runs under RTNL.
 *
 * A child's life: register_netdevice() runs ndo_init (per-device state),
 * then the child is linked under its lower and published (on the port's
 * list and in its destination table): from then on the datapath finds it.
 * Deletion unpublishes first, so that by ndo_uninit, after the core's
 * synchronize_net(), no reader can reach it.
 */
#include <linux/etherdevice.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "fastpath.h"

static const struct mvlan_frontend *const mvlan_frontends[] = {
	&mvlan_eth_frontend,
	&mvlan_tap_frontend,
};

bool netif_is_mvlan(const struct net_device *dev)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mvlan_frontends); i++)
		if (dev->netdev_ops == mvlan_frontends[i]->netdev_ops)
			return true;
	return false;
}

#define MVLAN_MODE_ERR "mode must be one of private, vepa, bridge, passthru, source"

static bool mvlan_mode_valid(u32 mode)
{
	return is_power_of_2(mode) && (mode & MVLAN_MODES_ALL);
}

/* What creating and changing a child both accept. */
static int mvlan_settings_check(u32 mode, u32 flags, bool has_bc_queue_len,
				u32 bc_queue_len, struct netlink_ext_ack *extack)
{
	if (!mvlan_mode_valid(mode)) {
		NL_SET_ERR_MSG(extack, MVLAN_MODE_ERR);
		return -EINVAL;
	}
	if (flags & ~MVLAN_FLAGS_ALL) {
		NL_SET_ERR_MSG(extack, "unknown flags");
		return -EINVAL;
	}
	if (has_bc_queue_len && bc_queue_len > MVLAN_BC_QUEUE_LEN_MAX) {
		mvlan_err(extack, "broadcast queue length %u is above the maximum %u",
			  bc_queue_len, MVLAN_BC_QUEUE_LEN_MAX);
		return -EINVAL;
	}
	return 0;
}

/* ---- addresses ------------------------------------------------------------ */

/* The device other than @self that uses @addr on @lower, or NULL. */
static struct net_device *mvlan_addr_owner(struct mvlan_port *port,
					   struct net_device *lower,
					   const u8 *addr,
					   const struct mvlan_child *self)
{
	struct mvlan_child *child;

	/* A passthru child shares the lower's MAC by design. */
	if ((!port || !port->pt.on) && ether_addr_equal(addr, lower->dev_addr))
		return lower;
	child = port ? mvlan_lookup(port, addr) : NULL;
	return child && child != self ? child->dev : NULL;
}

static int mvlan_addr_check(struct mvlan_port *port, struct net_device *lower,
			    const u8 *addr, const struct mvlan_child *self,
			    struct netlink_ext_ack *extack)
{
	struct net_device *owner;

	if (!is_valid_ether_addr(addr)) {
		mvlan_err(extack, "MAC %pM is not a valid unicast address", addr);
		return -EADDRNOTAVAIL;
	}
	owner = mvlan_addr_owner(port, lower, addr, self);
	if (!owner)
		return 0;
	if (owner == lower)
		mvlan_err(extack, "MAC %pM is the MAC of lower %s", addr, lower->name);
	else
		mvlan_err(extack, "MAC %pM is already used by %s on %s", addr,
			  owner->name, lower->name);
	return -EADDRINUSE;
}

/* Give @dev its first MAC: the lower's, the one asked for, or a free random one. */
static int mvlan_pick_addr(struct net_device *dev, struct mvlan_port *port,
			   struct net_device *lower, const u8 *mac, u32 mode,
			   struct netlink_ext_ack *extack)
{
	int err, tries;

	if (mode == MVLAN_MODE_PASSTHRU) {
		eth_hw_addr_inherit(dev, lower);
		return 0;
	}
	if (mac) {
		err = mvlan_addr_check(port, lower, mac, NULL, extack);
		if (!err && mac != dev->dev_addr)
			eth_hw_addr_set(dev, mac);
		return err;
	}
	for (tries = 0; tries < 8; tries++) {
		eth_hw_addr_random(dev);
		if (!mvlan_addr_owner(port, lower, dev->dev_addr, NULL))
			return 0;
	}
	NL_SET_ERR_MSG(extack, "no unused random MAC found, give one");
	return -EADDRINUSE;
}

/* ---- what a running child holds on the lower -------------------------------- */

static void mvlan_claims_for(const struct mvlan_child *child, bool up,
			     u32 flags, const u8 *addr,
			     struct mvlan_claims *want)
{
	unsigned int devflags = child->dev->flags;

	memset(want, 0, sizeof(*want));
	if (!up)
		return;
	if (child->port->pt.on) {
		/* The lower's MAC is the child's: promiscuity is its filter. */
		want->promisc = !(flags & MVLAN_FLAG_NOPROMISC);
	} else {
		want->uc = true;
		ether_addr_copy(want->uc_addr, addr);
		want->promisc = devflags & IFF_PROMISC;
	}
	want->allmulti = devflags & IFF_ALLMULTI;
}

/*
 * Move from what @child holds to @want. New references are taken before
 * old ones are dropped, so a failure leaves exactly what was held.
 */
static int mvlan_claims_apply(struct mvlan_child *child,
			      const struct mvlan_claims *want)
{
	struct mvlan_claims *held = &child->held;
	struct net_device *lower = child->lower;
	bool uc_moves = want->uc != held->uc ||
			(want->uc && !ether_addr_equal(want->uc_addr, held->uc_addr));
	int err;

	if (uc_moves && want->uc) {
		/* Without IFF_UNICAST_FLT on the lower this makes it promisc. */
		err = dev_uc_add(lower, want->uc_addr);
		if (err)
			return err;
	}
	if (want->allmulti != held->allmulti) {
		err = dev_set_allmulti(lower, want->allmulti ? 1 : -1);
		if (err)
			goto undo_uc;
	}
	if (want->promisc != held->promisc) {
		err = dev_set_promiscuity(lower, want->promisc ? 1 : -1);
		if (err)
			goto undo_allmulti;
	}
	if (uc_moves && held->uc)
		dev_uc_del(lower, held->uc_addr);
	*held = *want;
	return 0;

undo_allmulti:
	if (want->allmulti != held->allmulti)
		dev_set_allmulti(lower, want->allmulti ? -1 : 1);
undo_uc:
	if (uc_moves && want->uc)
		dev_uc_del(lower, want->uc_addr);
	return err;
}

int mvlan_claims_sync(struct mvlan_child *child, bool up)
{
	struct mvlan_claims want;

	mvlan_claims_for(child, up, child->flags, child->dev->dev_addr, &want);
	return mvlan_claims_apply(child, &want);
}

/* ---- address changes -------------------------------------------------------- */

int mvlan_child_set_addr(struct mvlan_child *child, const u8 *addr)
{
	struct mvlan_port *port = child->port;
	struct net_device *dev = child->dev;
	struct mvlan_claims want;
	struct sockaddr sa;
	int err;

	if (!is_valid_ether_addr(addr))
		return -EADDRNOTAVAIL;
	if (ether_addr_equal(dev->dev_addr, addr))
		return 0;

	if (port->pt.on) {
		/* The lower takes it; the child follows from the lower's event. */
		sa.sa_family = port->lower->type;
		memcpy(sa.sa_data, addr, ETH_ALEN);
		port->pt.own_change = true;
		err = dev_set_mac_address(port->lower, &sa, NULL);
		port->pt.own_change = false;
		return err;
	}
	if (mvlan_addr_owner(port, port->lower, addr, child))
		return -EADDRINUSE;
	if (netif_running(dev)) {
		mvlan_claims_for(child, true, child->flags, addr, &want);
		err = mvlan_claims_apply(child, &want);
		if (err)
			return err;
	}
	mvlan_table_rekey(child, addr);
	eth_hw_addr_set(dev, addr);
	return 0;
}

/*
 * NETDEV_PRE_CHANGEADDR for a child: an address change from outside the
 * family (ip link set address) is refused here, with words, for what
 * ndo_set_mac_address would refuse without (it has no extack). The family's
 * own change (changing) has been checked already.
 */
int mvlan_child_pre_changeaddr(void *ptr)
{
	struct netdev_notifier_pre_changeaddr_info *info = ptr;
	struct netlink_ext_ack *extack;
	struct mvlan_child *child;
	struct mvlan_port *port;

	child = netdev_priv(netdev_notifier_info_to_dev(ptr));
	extack = netdev_notifier_info_to_extack(&info->info);
	port = child->port;
	if (child->changing || !port)
		return NOTIFY_DONE;
	if (port->pt.on && is_valid_ether_addr(info->dev_addr))
		return NOTIFY_DONE;
	return notifier_from_errno(mvlan_addr_check(port, child->lower,
						    info->dev_addr, child,
						    extack));
}

/* Passthru: the lower's MAC changed; the child's is the same by definition. */
void mvlan_child_follow_lower_addr(struct mvlan_child *child)
{
	struct net_device *lower = child->lower;

	if (ether_addr_equal(child->dev->dev_addr, lower->dev_addr))
		return;
	mvlan_table_rekey(child, lower->dev_addr);
	eth_hw_addr_set(child->dev, lower->dev_addr);
	/* A change asked of the child is announced once, by its own caller. */
	if (!child->port->pt.own_change)
		call_netdevice_notifiers(NETDEV_CHANGEADDR, child->dev);
}

/* ---- per-device state: ndo_init / ndo_uninit / destructor --------------------- */

static struct lock_class_key mvlan_addr_lock_key;

void mvlan_child_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
}

int mvlan_child_init(struct net_device *dev)
{
	struct mvlan_child *child = mvlan_child_of(dev);

	child->stats = __netdev_alloc_pcpu_stats(struct mvlan_pcpu_stats,
						 GFP_KERNEL_ACCOUNT);
	if (!child->stats)
		return -ENOMEM;
	mvlan_inbox_init(child);
	/* ndo_set_rx_mode takes the lower's address lock inside ours. */
	lockdep_set_class(&dev->addr_list_lock, &mvlan_addr_lock_key);
	netdev_hold(child->lower, &child->lower_ref, GFP_KERNEL);
	return 0;
}

/* priv_destructor: after the last reference, or a failed register. */
void mvlan_child_free(struct net_device *dev)
{
	struct mvlan_child *child = mvlan_child_of(dev);

	free_percpu(child->stats);
	child->stats = NULL;
	netdev_put(child->lower, &child->lower_ref);
}

static void mvlan_child_release_port(struct mvlan_child *child)
{
	if (!child->holds_port)
		return;
	child->holds_port = false;
	mvlan_port_put(child->port);
}

void mvlan_child_uninit(struct net_device *dev)
{
	struct mvlan_child *child = mvlan_child_of(dev);

	/* dellink unpublished already; this covers other ways out. */
	if (child->published) {
		mvlan_child_unpublish(child);
		synchronize_net();
	}
	mvlan_inbox_destroy(child);
	mvlan_child_release_port(child);
}

/* ---- up, down, filters ------------------------------------------------------------- */

int mvlan_child_open(struct mvlan_child *child)
{
	struct net_device *dev = child->dev;
	int err;

	/* The lower may have taken our MAC since we were created. */
	if (!child->port->pt.on &&
	    ether_addr_equal(dev->dev_addr, child->lower->dev_addr))
		return -EADDRINUSE;
	err = mvlan_claims_sync(child, true);
	if (err)
		return err;
	mvlan_inbox_start(child);
	return 0;
}

void mvlan_child_stop(struct mvlan_child *child)
{
	mvlan_inbox_stop(child);
	dev_uc_unsync(child->lower, child->dev);
	dev_mc_unsync(child->lower, child->dev);
	mvlan_claims_sync(child, false);
}

/* ndo_set_rx_mode: our address lock held, BH off. */
void mvlan_child_rx_mode(struct mvlan_child *child)
{
	mvlan_child_groups_update(child);
	dev_uc_sync(child->lower, child->dev);
	dev_mc_sync(child->lower, child->dev);
	/* After the sync: the lower's subscriber counts now include ours. */
	mvlan_flood_refilter(child->port);
}

/* ---- publish / unpublish -------------------------------------------------------- */

static void mvlan_child_publish(struct mvlan_child *child)
{
	struct mvlan_port *port = child->port;

	list_add_tail_rcu(&child->sibling, &port->children);
	port->nchildren++;
	mvlan_table_insert(port, child);
	if (child->mode == MVLAN_MODE_PASSTHRU)
		port->pt.on = true;
	/* A new child can only lengthen the queue: no walk over its siblings. */
	if (port->nchildren == 1 || child->bc_queue_len_req > port->flood.limit)
		WRITE_ONCE(port->flood.limit, child->bc_queue_len_req);
	child->published = true;
}

/* Readers may still see @child until the next grace period. */
void mvlan_child_unpublish(struct mvlan_child *child)
{
	struct mvlan_port *port = child->port;

	if (!child->published)
		return;
	child->published = false;
	mvlan_source_clear(child);
	mvlan_table_remove(port, child);
	list_del_rcu(&child->sibling);
	port->nchildren--;
	mvlan_flood_update_limit(port);
	if (port->nchildren)
		mvlan_table_trim(port);
}

/* ---- attach ------------------------------------------------------------------------ */

static int mvlan_config_check(const struct mvlan_child_config *cfg,
			      struct net_device *lower, u32 mode,
			      struct netlink_ext_ack *extack)
{
	struct mvlan_source_edit ed = {
		.op = MVLAN_SOURCE_ADD, .macs = cfg->sources, .n = cfg->nsources,
	};
	int err;

	err = mvlan_settings_check(mode, cfg->flags, cfg->has_bc_queue_len,
				   cfg->bc_queue_len, extack);
	if (err)
		return err;
	err = mvlan_source_edit_check(&ed, extack);
	if (err)
		return err;
	if (cfg->mtu && cfg->mtu > lower->mtu) {
		mvlan_err(extack, "MTU %u is above the lower's MTU %u", cfg->mtu,
			  lower->mtu);
		return -EINVAL;
	}
	if (cfg->mtu && cfg->mtu < ETH_MIN_MTU) {
		mvlan_err(extack, "MTU %u is below the minimum %u", cfg->mtu,
			  ETH_MIN_MTU);
		return -EINVAL;
	}
	if (cfg->nsources && mode != MVLAN_MODE_SOURCE) {
		NL_SET_ERR_MSG(extack, "source MACs are for a child in mode source");
		return -EINVAL;
	}
	return 0;
}

/* Whether @lower takes one more child in @mode. */
static int mvlan_port_admits(struct mvlan_port *port, struct net_device *lower,
			     u32 mode, struct netlink_ext_ack *extack)
{
	struct mvlan_child *only;

	if (!port)
		return mvlan_lower_check(lower, extack);
	if (port->pt.on) {
		only = list_first_entry_or_null(&port->children,
						struct mvlan_child, sibling);
		mvlan_err(extack, "lower %s is used by passthru child %s",
			  lower->name, only ? only->dev->name : "?");
		return -EINVAL;
	}
	if (mode == MVLAN_MODE_PASSTHRU && port->nchildren) {
		mvlan_err(extack, "lower %s already has children: passthru must be the only child",
			  lower->name);
		return -EINVAL;
	}
	return 0;
}

/* A new child's first source list; on failure it lists nothing. */
static int mvlan_child_add_sources(struct mvlan_child *child,
				   const struct mvlan_child_config *cfg,
				   struct netlink_ext_ack *extack)
{
	struct mvlan_source_edit ed = {
		.op = MVLAN_SOURCE_ADD, .macs = cfg->sources, .n = cfg->nsources,
	};
	int err;

	if (!cfg->nsources)
		return 0;
	err = mvlan_source_prepare(child, &ed, extack);
	if (!err)
		mvlan_source_commit(child, &ed);
	return err;
}

int mvlan_child_register(struct net_device *dev,
			 const struct mvlan_child_config *cfg,
			 struct netlink_ext_ack *extack)
{
	struct mvlan_child *child = mvlan_child_of(dev);
	struct net_device *lower = cfg->lower;
	u32 mode = cfg->mode ? : MVLAN_MODE_VEPA;
	struct mvlan_port *port;
	int err;

	ASSERT_RTNL();
	/* A child of a child is a sibling: flatten to the real lower. */
	if (netif_is_mvlan(lower))
		lower = mvlan_child_of(lower)->lower;

	err = mvlan_config_check(cfg, lower, mode, extack);
	if (err)
		return err;
	port = mvlan_port_of(lower);
	err = mvlan_port_admits(port, lower, mode, extack);
	if (err)
		return err;
	err = mvlan_pick_addr(dev, port, lower, cfg->mac, mode, extack);
	if (err)
		return err;

	child->dev = dev;
	child->lower = lower;
	child->mode = mode;
	child->flags = cfg->flags;
	child->bc_queue_len_req = cfg->has_bc_queue_len ? cfg->bc_queue_len :
				  MVLAN_BC_QUEUE_LEN_DEFAULT;
	child->group_salt = get_random_u32();
	child->key = mvlan_mac_key(dev->dev_addr);
	INIT_LIST_HEAD(&child->sources);
	dev->mtu = cfg->mtu ? : lower->mtu;
	/* As in-tree reports it: tools compare `ip -d link` output. */
	dev->max_mtu = lower->max_mtu;

	port = mvlan_port_get(lower, extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	child->port = port;
	child->holds_port = true;
	err = mvlan_table_reserve(port, port->nchildren + 1);
	if (err)
		goto err_port;

	err = register_netdevice(dev);
	if (err)
		goto err_port;	/* uninit may have let go of the port already */
	err = netdev_upper_dev_link(lower, dev, extack);
	if (err)
		goto err_unregister;

	mvlan_child_publish(child);
	err = mvlan_child_add_sources(child, cfg, extack);
	if (err)
		goto err_unlink;
	if (cfg->has_bc_cutoff)
		mvlan_port_set_bc_cutoff(port, cfg->bc_cutoff);
	netif_stacked_transfer_operstate(lower, dev);
	linkwatch_fire_event(dev);
	return 0;

err_unlink:
	/* Unregistering checks that no lower is linked any more. */
	mvlan_child_unpublish(child);
	netdev_upper_dev_unlink(lower, dev);
err_unregister:
	/* ndo_uninit lets go of the port; the caller's free_netdev() waits. */
	unregister_netdevice(dev);
	return err;
err_port:
	mvlan_child_release_port(child);
	return err;
}

int mvlan_create(const struct mvlan_create_args *args,
		 struct net_device **devp, struct netlink_ext_ack *extack)
{
	const struct mvlan_frontend *fe = args->fe ? : &mvlan_eth_frontend;
	const char *name = args->name ? : "mvlan%d";
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	if (strnlen(name, IFNAMSIZ) >= IFNAMSIZ || !dev_valid_name(name)) {
		NL_SET_ERR_MSG(extack, "invalid device name");
		return -EINVAL;
	}
	if (!strchr(name, '%') && __dev_get_by_name(args->net, name)) {
		mvlan_err(extack, "device name %s already exists", name);
		return -EEXIST;
	}

	dev = alloc_netdev(fe->priv_size, name,
			   args->name ? NET_NAME_USER : NET_NAME_ENUM, fe->setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, args->net);
	dev->rtnl_link_ops = fe->link_ops;

	err = mvlan_child_register(dev, &args->cfg, extack);
	if (err) {
		/*
		 * Whatever state a failed register_netdevice() left (never
		 * initialised, unregistered by a notifier's veto, being
		 * unregistered), free_netdev() is the one right answer.
		 */
		free_netdev(dev);
		return err;
	}
	*devp = dev;
	return 0;
}

/* ---- delete --------------------------------------------------------------------------- */

void mvlan_dellink(struct net_device *dev, struct list_head *head)
{
	struct mvlan_child *child = mvlan_child_of(dev);

	mvlan_child_unpublish(child);
	unregister_netdevice_queue(dev, head);
	netdev_upper_dev_unlink(child->lower, dev);
}

void mvlan_delete(struct net_device *dev, struct list_head *head)
{
	ASSERT_RTNL();
	dev->rtnl_link_ops->dellink(dev, head);
}

/* The lower is going away: queue every child, whatever its front-end. */
int mvlan_delete_all(struct mvlan_port *port, struct list_head *head)
{
	struct mvlan_child *child, *next;
	int n = 0;

	list_for_each_entry_safe(child, next, &port->children, sibling) {
		mvlan_delete(child->dev, head);
		n++;
	}
	return n;
}

/* ---- change ------------------------------------------------------------------------------ */

static int mvlan_change_check(struct mvlan_child *child, u32 mode, u32 flags,
			      const struct mvlan_change_args *args,
			      const struct mvlan_source_edit *ed,
			      struct netlink_ext_ack *extack)
{
	struct mvlan_port *port = child->port;
	int err;

	err = mvlan_settings_check(mode, flags, args->has_bc_queue_len,
				   args->bc_queue_len, extack);
	if (err)
		return err;
	if ((mode ^ child->mode) & MVLAN_MODE_PASSTHRU) {
		mvlan_err(extack, "dev %s cannot change mode %s passthru: delete and create it",
			  child->dev->name,
			  child->mode == MVLAN_MODE_PASSTHRU ? "from" : "to");
		return -EINVAL;
	}
	if (ed->op) {
		err = mvlan_source_edit_check(ed, extack);
		if (err)
			return err;
		if (mode != MVLAN_MODE_SOURCE) {
			mvlan_err(extack, "dev %s: a source MAC list needs mode source",
				  child->dev->name);
			return -EINVAL;
		}
	}
	if (!args->mac)
		return 0;
	if (port->pt.on) {
		if (is_valid_ether_addr(args->mac))
			return 0;
		mvlan_err(extack, "MAC %pM is not a valid unicast address", args->mac);
		return -EADDRNOTAVAIL;
	}
	return mvlan_addr_check(port, child->lower, args->mac, child, extack);
}

static int mvlan_change_mac(struct net_device *dev, const u8 *mac,
			    struct netlink_ext_ack *extack)
{
	struct sockaddr sa = { .sa_family = dev->type };

	if (!mac || ether_addr_equal(mac, dev->dev_addr))
		return 0;
	memcpy(sa.sa_data, mac, ETH_ALEN);
	return dev_set_mac_address(dev, &sa, extack);
}

/*
 * The steps that can fail, in order, each undone if a later one fails:
 * the lower's references, the staged source entries, the MAC.
 */
static int mvlan_change_prepare(struct mvlan_child *child, u32 flags,
				const struct mvlan_change_args *args,
				struct mvlan_source_edit *ed,
				struct netlink_ext_ack *extack)
{
	struct net_device *dev = child->dev;
	struct mvlan_claims before = child->held, want;
	int err;

	if (netif_running(dev)) {
		mvlan_claims_for(child, true, flags, dev->dev_addr, &want);
		err = mvlan_claims_apply(child, &want);
		if (err)
			return err;
	}
	if (ed->op) {
		err = mvlan_source_prepare(child, ed, extack);
		if (err)
			goto undo_claims;
	}
	child->changing = true;
	err = mvlan_change_mac(dev, args->mac, extack);
	child->changing = false;
	if (!err)
		return 0;
	if (ed->op)
		mvlan_source_abort(child, ed);
undo_claims:
	mvlan_claims_apply(child, &before);
	return err;
}

int mvlan_change(struct net_device *dev, const struct mvlan_change_args *args,
		 struct netlink_ext_ack *extack)
{
	struct mvlan_source_edit ed = {
		.op = args->source_op, .macs = args->sources, .n = args->nsources,
	};
	struct mvlan_child *child;
	u32 mode, flags;
	int err;

	ASSERT_RTNL();
	child = mvlan_child_checked(dev, extack);
	if (!child)
		return -EINVAL;
	mode = args->has_mode ? args->mode : child->mode;
	flags = args->has_flags ? args->flags : child->flags;
	err = mvlan_change_check(child, mode, flags, args, &ed, extack);
	if (err)
		return err;
	err = mvlan_change_prepare(child, flags, args, &ed, extack);
	if (err)
		return err;

	/* Nothing below can fail. */
	WRITE_ONCE(child->flags, flags);
	if (mode != child->mode) {
		if (child->mode == MVLAN_MODE_SOURCE)
			mvlan_source_clear(child);
		WRITE_ONCE(child->mode, mode);
	}
	if (ed.op)
		mvlan_source_commit(child, &ed);
	if (args->has_bc_queue_len) {
		child->bc_queue_len_req = args->bc_queue_len;
		mvlan_flood_update_limit(child->port);
	}
	if (args->has_bc_cutoff)
		mvlan_port_set_bc_cutoff(child->port, args->bc_cutoff);
	mvlan_child_announce(child);
	return 0;
}

void mvlan_child_announce(struct mvlan_child *child)
{
	call_netdevice_notifiers(NETDEV_CHANGEINFODATA, child->dev);
}
