// SPDX-License-Identifier: GPL-2.0
/*
 * Events: a netdevice notifier turns the life of every child (create,
 * change, carrier, namespace move, delete) into messages on the "monitor"
 * group, in the child's namespace and in its lower's. Everything here runs
 * under RTNL, which also orders the events.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "genl.h"

/* Bumped when a child appears or goes; dumps report a change as DUMP_INTR. */
unsigned int mvlan_genl_dump_gen = 1;

/* ------------------------------------------------------------------------ */
/* Sending                                                                  */

static void notify_dev_to(struct net_device *dev, struct net *net, u8 cmd,
			  int ifindex)
{
	struct sk_buff *skb;
	int err;

	if (!genl_has_listeners(&mvlan_genl_family, net, 0))
		return;
	skb = genlmsg_new(mvlan_genl_dev_size(), GFP_KERNEL);
	if (!skb)
		return;
	if (cmd == MVLAN_CMD_DEV_DEL_NTF)
		err = mvlan_genl_fill_dev_gone(skb, dev, ifindex, net);
	else
		err = mvlan_genl_fill_dev(skb, dev, net, cmd, 0, 0, 0, 0, NULL);
	if (err) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&mvlan_genl_family, net, skb, 0, 0,
				GFP_KERNEL);
}

static struct net *lower_net(struct net_device *dev)
{
	struct mvlan_child *vlan = netdev_priv(dev);

	return vlan->lower ? dev_net(vlan->lower) : dev_net(dev);
}

/* Listeners in the child's namespace and in its lower's see the child. */
void mvlan_genl_notify_dev(struct net_device *dev, u8 cmd)
{
	struct net *lnet = lower_net(dev);

	notify_dev_to(dev, dev_net(dev), cmd, dev->ifindex);
	if (!net_eq(lnet, dev_net(dev)))
		notify_dev_to(dev, lnet, cmd, dev->ifindex);
}

/*
 * A move to another namespace is NETDEV_UNREGISTER (still registered) in
 * the old one and NETDEV_REGISTER in the new one, back to back under RTNL.
 * The lower's namespace sees the child throughout, so it gets a change
 * rather than a delete and a create, unless the ifindex changed.
 */
static struct net_device *moving_dev;
static int moving_ifindex;
static bool events_on;

static void moved_out(struct net_device *dev)
{
	moving_dev = dev;
	moving_ifindex = dev->ifindex;
	if (!net_eq(dev_net(dev), lower_net(dev)))
		notify_dev_to(dev, dev_net(dev), MVLAN_CMD_DEV_DEL_NTF,
			      dev->ifindex);
}

static void moved_in(struct net_device *dev)
{
	struct net *lnet = lower_net(dev);

	if (!net_eq(dev_net(dev), lnet))
		notify_dev_to(dev, dev_net(dev), MVLAN_CMD_DEV_NEW_NTF,
			      dev->ifindex);
	if (moving_ifindex == dev->ifindex) {
		notify_dev_to(dev, lnet, MVLAN_CMD_DEV_CHANGE_NTF, dev->ifindex);
	} else {
		notify_dev_to(dev, lnet, MVLAN_CMD_DEV_DEL_NTF, moving_ifindex);
		notify_dev_to(dev, lnet, MVLAN_CMD_DEV_NEW_NTF, dev->ifindex);
	}
}

/*
 * A child's carrier follows its lower even while the child is down, when
 * the core sends no NETDEV_CHANGE for it: report every real change once.
 */
static void notify_carrier(struct net_device *dev)
{
	struct mvlan_child *vlan = netdev_priv(dev);
	bool carrier = mvlan_genl_carrier(dev);

	if (vlan->carrier_reported == carrier)
		return;
	vlan->carrier_reported = carrier;
	mvlan_genl_notify_dev(dev, MVLAN_CMD_DEV_CARRIER_NTF);
}

static void lower_event(struct net_device *lower, unsigned long event)
{
	struct mvlan_port *port;
	struct mvlan_child *vlan;

	if (event != NETDEV_CHANGE && event != NETDEV_UP &&
	    event != NETDEV_DOWN)
		return;
	port = mvlan_port_of(lower);
	if (!port)
		return;
	mvlan_port_for_each_child(port, vlan)
		notify_carrier(vlan->dev);
}

/* A port's settings changed: listeners in the lower's namespace hear it. */
void mvlan_port_announce(struct mvlan_port *port)
{
	struct net *net = dev_net(port->lower);
	struct sk_buff *skb;

	ASSERT_RTNL();
	if (!events_on || !genl_has_listeners(&mvlan_genl_family, net, 0))
		return;
	skb = genlmsg_new(mvlan_genl_port_size(), GFP_KERNEL);
	if (!skb)
		return;
	if (mvlan_genl_fill_port(skb, port, MVLAN_CMD_PORT_CHANGE_NTF, 0, 0, 0,
				 NULL)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&mvlan_genl_family, net, skb, 0, 0, GFP_KERNEL);
}

static int netdev_event(struct notifier_block *nb, unsigned long event,
			void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	/* Replays while the notifier is (un)registered are not news. */
	if (!events_on)
		return NOTIFY_DONE;
	if (!netif_is_mvlan(dev)) {
		lower_event(dev, event);
		return NOTIFY_DONE;
	}

	switch (event) {
	case NETDEV_REGISTER:
		((struct mvlan_child *)netdev_priv(dev))->carrier_reported =
			mvlan_genl_carrier(dev);
		mvlan_genl_dump_gen++;
		if (dev == moving_dev) {
			moving_dev = NULL;
			moved_in(dev);
		} else {
			mvlan_genl_notify_dev(dev, MVLAN_CMD_DEV_NEW_NTF);
		}
		break;
	case NETDEV_UNREGISTER:
		mvlan_genl_dump_gen++;
		if (dev->reg_state == NETREG_REGISTERED) {
			moved_out(dev);
			break;
		}
		if (dev == moving_dev)
			moving_dev = NULL;
		mvlan_genl_notify_dev(dev, MVLAN_CMD_DEV_DEL_NTF);
		break;
	case NETDEV_CHANGE:
		notify_carrier(dev);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGEADDR:
	case NETDEV_CHANGEMTU:
	case NETDEV_CHANGENAME:
	case NETDEV_CHANGEINFODATA:
		/* mvlan_change() ends with one CHANGEINFODATA for all of it. */
		if (!((struct mvlan_child *)netdev_priv(dev))->changing)
			mvlan_genl_notify_dev(dev, MVLAN_CMD_DEV_CHANGE_NTF);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block mvlan_netdev_notifier = {
	.notifier_call = netdev_event,
};

int mvlan_genl_events_init(void)
{
	int err;

	err = register_netdevice_notifier(&mvlan_netdev_notifier);
	if (err)
		return err;
	rtnl_lock();
	events_on = true;
	rtnl_unlock();
	return 0;
}

void mvlan_genl_events_exit(void)
{
	rtnl_lock();
	events_on = false;
	rtnl_unlock();
	unregister_netdevice_notifier(&mvlan_netdev_notifier);
}
