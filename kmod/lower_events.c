// SPDX-License-Identifier: GPL-2.0
/*
 * What happens to a lower happens to its children: state, limits, address
 * (passthru), and its end. One netdevice notifier, one small handler per
 * kind of event.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "fastpath.h"

/* Carrier, dormant and testing follow the lower; admin state does not. */
static void mvlan_lower_state_changed(struct mvlan_port *port)
{
	struct mvlan_child *child;

	mvlan_port_for_each_child(port, child)
		netif_stacked_transfer_operstate(port->lower, child->dev);
}

static void mvlan_lower_features_changed(struct mvlan_port *port)
{
	struct mvlan_child *child;

	mvlan_port_for_each_child(port, child) {
		mvlan_eth_inherit_lower(child->dev, port->lower);
		netdev_update_features(child->dev);
	}
}

/* A child never has a larger MTU than its lower; it is never raised. */
static void mvlan_lower_mtu_changed(struct mvlan_port *port)
{
	unsigned int mtu = port->lower->mtu;
	struct mvlan_child *child;

	mvlan_port_for_each_child(port, child)
		if (child->dev->mtu > mtu)
			dev_set_mtu(child->dev, mtu);
}

static void mvlan_lower_addr_changed(struct mvlan_port *port)
{
	struct mvlan_child *child;

	if (!port->pt.on)
		return;
	/* Changed by someone else: that is the MAC to give back at the end. */
	if (!port->pt.own_change)
		ether_addr_copy(port->pt.restore_addr, port->lower->dev_addr);
	mvlan_port_for_each_child(port, child)
		mvlan_child_follow_lower_addr(child);
}

/* The lower is being destroyed (not just moved to another namespace). */
static void mvlan_lower_gone(struct mvlan_port *port)
{
	LIST_HEAD(doomed);

	if (port->lower->reg_state != NETREG_UNREGISTERING)
		return;
	mvlan_delete_all(port, &doomed);
	/* The last child's uninit frees the port. */
	unregister_netdevice_many(&doomed);
}

/* Announcements meant for whoever sits on the lower: the children too. */
static void mvlan_lower_echo(struct mvlan_port *port, unsigned long event)
{
	struct mvlan_child *child;

	mvlan_port_for_each_child(port, child)
		call_netdevice_notifiers(event, child->dev);
}

static int mvlan_lower_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *lower = netdev_notifier_info_to_dev(ptr);
	struct mvlan_port *port;

	/* A child's own address change from outside the family. */
	if (event == NETDEV_PRE_CHANGEADDR && netif_is_mvlan(lower))
		return mvlan_child_pre_changeaddr(ptr);
	port = mvlan_port_of(lower);
	if (!port)
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		mvlan_lower_state_changed(port);
		break;
	case NETDEV_FEAT_CHANGE:
		mvlan_lower_features_changed(port);
		break;
	case NETDEV_CHANGEMTU:
		mvlan_lower_mtu_changed(port);
		break;
	case NETDEV_CHANGEADDR:
		mvlan_lower_addr_changed(port);
		break;
	case NETDEV_REGISTER:
		/* Moved to another namespace: the egress hook follows. */
		mvlan_host_lower_registered(port);
		break;
	case NETDEV_UNREGISTER:
		mvlan_host_unhook(port);
		mvlan_lower_gone(port);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* Children are Ethernet devices: the lower must stay one. */
		return NOTIFY_BAD;
	case NETDEV_NOTIFY_PEERS:
	case NETDEV_BONDING_FAILOVER:
	case NETDEV_RESEND_IGMP:
		mvlan_lower_echo(port, event);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block mvlan_lower_notifier = {
	.notifier_call = mvlan_lower_event,
};

int mvlan_lower_events_init(void)
{
	return register_netdevice_notifier(&mvlan_lower_notifier);
}

void mvlan_lower_events_exit(void)
{
	unregister_netdevice_notifier(&mvlan_lower_notifier);
}
