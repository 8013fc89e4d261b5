// SPDX-License-Identifier: GPL-2.0
/*
 * The port: mvlan's state on one lower device. It exists while a child
 * holds it (from attach to ndo_uninit), owns the lower's
 * rx_handler, and gives the lower back as it found it.
 */
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>

#include "fastpath.h"

LIST_HEAD(mvlan_ports);

struct mvlan_port *mvlan_port_of(const struct net_device *lower)
{
	if (rcu_access_pointer(lower->rx_handler) != mvlan_rx)
		return NULL;
	return rcu_dereference_rtnl(lower->rx_handler_data);
}

/* Who holds @lower's receive handler, in words. */
static void mvlan_explain_busy(struct net_device *lower,
			       struct netlink_ext_ack *extack)
{
	struct net_device *master = netdev_master_upper_dev_get(lower);

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
}

/* Whether mvlan may take @lower's receive handler; says why not. */
int mvlan_lower_check(struct net_device *lower, struct netlink_ext_ack *extack)
{
	if (lower->flags & IFF_LOOPBACK) {
		mvlan_err(extack, "lower %s is a loopback device", lower->name);
		return -EINVAL;
	}
	if (lower->type != ARPHRD_ETHER) {
		mvlan_err(extack, "lower %s is not an Ethernet device", lower->name);
		return -EINVAL;
	}
	if (netdev_is_rx_handler_busy(lower)) {
		mvlan_explain_busy(lower, extack);
		return -EBUSY;
	}
	return 0;
}

static void mvlan_port_free(struct mvlan_port *port)
{
	mvlan_table_free(port);
	mvlan_sources_destroy(port);
	free_percpu(port->stats);
	kfree(port);
}

static struct mvlan_port *mvlan_port_alloc(struct net_device *lower)
{
	struct mvlan_port *port;

	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return NULL;
	port->lower = lower;
	INIT_LIST_HEAD(&port->children);
	mvlan_flood_init(&port->flood);
	mvlan_host_init(port);
	ether_addr_copy(port->pt.restore_addr, lower->dev_addr);
	port->stats = __netdev_alloc_pcpu_stats(struct mvlan_pcpu_stats,
						GFP_KERNEL_ACCOUNT);
	if (!port->stats)
		goto err_port;
	if (mvlan_sources_init(port))
		goto err_stats;
	/* From here until the port's free, lookups find a table. */
	if (mvlan_table_reserve(port, 1))
		goto err_sources;
	return port;

err_sources:
	mvlan_sources_destroy(port);
err_stats:
	free_percpu(port->stats);
err_port:
	kfree(port);
	return NULL;
}

/* The port on @lower, created if there is none yet. Release: put. */
struct mvlan_port *mvlan_port_get(struct net_device *lower,
				  struct netlink_ext_ack *extack)
{
	struct mvlan_port *port = mvlan_port_of(lower);
	int err;

	ASSERT_RTNL();
	if (port) {
		port->holders++;
		return port;
	}
	err = mvlan_lower_check(lower, extack);
	if (err)
		return ERR_PTR(err);
	port = mvlan_port_alloc(lower);
	if (!port)
		return ERR_PTR(-ENOMEM);
	err = netdev_rx_handler_register(lower, mvlan_rx, port);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the lower's receive handler");
		mvlan_port_free(port);
		return ERR_PTR(err);
	}
	port->holders = 1;
	list_add_tail(&port->node, &mvlan_ports);
	return port;
}

/* A passthru child may have changed the lower's MAC: put the old one back. */
static void mvlan_port_restore_addr(struct mvlan_port *port)
{
	struct net_device *lower = port->lower;
	struct sockaddr sa = { .sa_family = lower->type };

	if (!port->pt.on || lower->reg_state != NETREG_REGISTERED ||
	    ether_addr_equal(lower->dev_addr, port->pt.restore_addr))
		return;
	memcpy(sa.sa_data, port->pt.restore_addr, ETH_ALEN);
	if (dev_set_mac_address(lower, &sa, NULL))
		netdev_warn(lower, "mvlan: cannot restore the MAC address\n");
}

/* Let go of the port; the last holder frees it. */
void mvlan_port_put(struct mvlan_port *port)
{
	ASSERT_RTNL();
	if (--port->holders)
		return;
	list_del(&port->node);
	mvlan_host_release(port);
	/* Returns once no rx_handler (or egress hook) runs any more (synchronize_net). */
	netdev_rx_handler_unregister(port->lower);
	mvlan_flood_stop(port);
	mvlan_port_restore_addr(port);
	/* Tables retired earlier are freed by their own kvfree_rcu(). */
	mvlan_port_free(port);
}
