// SPDX-License-Identifier: GPL-2.0
/*
 * The tap front-end: a child whose frames are read and written through a
 * character device, /dev/tapN (N = the child's ifindex), for virtual
 * machines (QEMU, vhost-net). It is the Ethernet child (eth.c) with the
 * kernel's tap library (tap.ko) behind it:
 *   - receive: the core hands frames to the child through the normal
 *     receive path (rx.c, flood.c, bridge.c, inbox.c); the library's
 *     tap_handle_frame(), the child's own rx_handler, queues them for the
 *     readers. With no reader open they go to the child's stack.
 *   - transmit: the library turns a write into dev_queue_xmit() on the
 *     child, which goes out like any child's frame (mvlan_child_xmit()).
 *   - the char device: one region for all tap children; a class device
 *     "tapN" with its sysfs link from the net device, made on
 *     NETDEV_REGISTER and removed on NETDEV_UNREGISTER, so that namespace
 *     moves (which renumber) and every way out keep them right.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/if_tap.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "fastpath.h"

/* Queue length of each reader (frames), as the in-tree tap users have it. */
#define MVLAN_TAP_QUEUE_LEN	500

/* What a reader takes until TUNSETOFFLOAD says otherwise: everything. */
#define MVLAN_TAP_OFFLOADS \
	(NETIF_F_HW_CSUM | NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_TSO_ECN)

/* Receive offloads a reader may refuse (TUNSETOFFLOAD without TSO). */
#define MVLAN_TAP_RX_OFFLOADS	(NETIF_F_GRO | NETIF_F_LRO)

struct mvlan_tap {
	struct mvlan_child child;	/* first: the core's */
	struct tap_dev tap;
	netdev_features_t rx_offloads;	/* what the readers accept, RTNL */
	bool cdev_added;		/* class device and link exist, RTNL */
};

static dev_t mvlan_tap_major;
static struct cdev mvlan_tap_cdev;

static struct mvlan_tap *mvlan_tap_of(const struct net_device *dev)
{
	return netdev_priv(dev);
}

/* ---- the tap library's callbacks ---- */

static void mvlan_tap_count_tx_dropped(struct tap_dev *tap)
{
	this_cpu_inc(mvlan_child_of(tap->dev)->stats->tx_dropped);
}

static void mvlan_tap_count_rx_dropped(struct tap_dev *tap)
{
	this_cpu_inc(mvlan_child_of(tap->dev)->stats->rx_dropped);
}

/* TUNSETOFFLOAD, under RTNL: the device offers what the readers take. */
static void mvlan_tap_update_features(struct tap_dev *tap,
				      netdev_features_t features)
{
	struct mvlan_tap *t = container_of(tap, struct mvlan_tap, tap);

	t->rx_offloads = features & MVLAN_TAP_RX_OFFLOADS;
	netdev_update_features(tap->dev);
}

/* ---- net_device ops (the rest are the Ethernet child's) ---- */

int mvlan_tap_init(struct net_device *dev)
{
	struct mvlan_tap *t = mvlan_tap_of(dev);
	int err;

	t->tap.dev = dev;
	INIT_LIST_HEAD(&t->tap.queue_list);
	t->tap.tap_features = MVLAN_TAP_OFFLOADS;
	t->tap.count_tx_dropped = mvlan_tap_count_tx_dropped;
	t->tap.count_rx_dropped = mvlan_tap_count_rx_dropped;
	t->tap.update_features = mvlan_tap_update_features;
	t->rx_offloads = MVLAN_TAP_RX_OFFLOADS;

	/* Before the child is published: its first frame finds the reader. */
	err = netdev_rx_handler_register(dev, tap_handle_frame, &t->tap);
	if (err)
		return err;
	err = mvlan_eth_init(dev);
	if (err)
		netdev_rx_handler_unregister(dev);
	return err;
}

/* Every way out (delete, lower gone, namespace gone, module unload). */
void mvlan_tap_uninit(struct net_device *dev)
{
	struct mvlan_tap *t = mvlan_tap_of(dev);

	mvlan_child_uninit(dev);
	netdev_rx_handler_unregister(dev);
	/* Open files stay, detached: reads find nothing, ioctls ENOLINK. */
	tap_del_queues(&t->tap);
}

netdev_features_t mvlan_tap_fix_features(struct net_device *dev,
					 netdev_features_t features)
{
	const struct mvlan_tap *t = mvlan_tap_of(dev);

	features = mvlan_eth_fix_features(dev, features);
	return features & (t->rx_offloads | ~MVLAN_TAP_RX_OFFLOADS);
}

static void mvlan_tap_setup(struct net_device *dev)
{
	mvlan_eth_setup(dev);
	dev->netdev_ops = &mvlan_tap_netdev_ops;
	/* The readers' queues are sized from it; a qdisc sits in front. */
	dev->tx_queue_len = MVLAN_TAP_QUEUE_LEN;
	dev->priv_flags &= ~IFF_NO_QUEUE;
}

const struct mvlan_frontend mvlan_tap_frontend = {
	.name		= "tap",
	.priv_size	= sizeof(struct mvlan_tap),
	.setup		= mvlan_tap_setup,
	.netdev_ops	= &mvlan_tap_netdev_ops,
	.link_ops	= &mvlan_tap_link_ops,
};

/* ---- the character device: /dev/tapN and /sys/class/net/DEV/tapN ---- */

/* Class devices live in their net device's namespace, like the net device. */
#ifdef MVLAN_HAVE_CLASS_NS_CONST
static const void *mvlan_tap_class_ns(const struct device *d)
#else
static const void *mvlan_tap_class_ns(struct device *d)
#endif
{
	const struct net_device *dev = dev_get_drvdata(d);

	return dev_net(dev);
}

static struct class mvlan_tap_class = {
	.name		= "mvtap",
	.ns_type	= &net_ns_type_operations,
	.namespace	= mvlan_tap_class_ns,
};

static dev_t mvlan_tap_devt(const struct mvlan_tap *t)
{
	return MKDEV(MAJOR(mvlan_tap_major), t->tap.minor);
}

static int mvlan_tap_cdev_add(struct net_device *dev)
{
	struct mvlan_tap *t = mvlan_tap_of(dev);
	char name[IFNAMSIZ];
	struct device *cd;
	int err;

	snprintf(name, sizeof(name), "tap%d", dev->ifindex);
	err = tap_get_minor(mvlan_tap_major, &t->tap);
	if (err)
		return err;
	cd = device_create(&mvlan_tap_class, &dev->dev, mvlan_tap_devt(t), dev,
			   "%s", name);
	if (IS_ERR(cd)) {
		err = PTR_ERR(cd);
		goto err_minor;
	}
	err = sysfs_create_link(&dev->dev.kobj, &cd->kobj, name);
	if (err)
		goto err_device;
	t->cdev_added = true;
	return 0;

err_device:
	device_destroy(&mvlan_tap_class, mvlan_tap_devt(t));
err_minor:
	tap_free_minor(mvlan_tap_major, &t->tap);
	return err;
}

static void mvlan_tap_cdev_del(struct net_device *dev)
{
	struct mvlan_tap *t = mvlan_tap_of(dev);
	char name[IFNAMSIZ];

	/* A REGISTER refused (by us or a later notifier) added nothing. */
	if (!t->cdev_added)
		return;
	t->cdev_added = false;
	snprintf(name, sizeof(name), "tap%d", dev->ifindex);
	sysfs_remove_link(&dev->dev.kobj, name);
	device_destroy(&mvlan_tap_class, mvlan_tap_devt(t));
	tap_free_minor(mvlan_tap_major, &t->tap);
}

static int mvlan_tap_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (!mvlan_is_tap(dev))
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_REGISTER:
		/* Also after a namespace move, with the new ifindex. */
		return notifier_from_errno(mvlan_tap_cdev_add(dev));
	case NETDEV_UNREGISTER:
		mvlan_tap_cdev_del(dev);
		break;
	case NETDEV_CHANGE_TX_QUEUE_LEN:
		return notifier_from_errno(tap_queue_resize(&mvlan_tap_of(dev)->tap));
	}
	return NOTIFY_DONE;
}

static struct notifier_block mvlan_tap_notifier = {
	.notifier_call = mvlan_tap_event,
};

int mvlan_tap_module_init(void)
{
	int err;

	err = class_register(&mvlan_tap_class);
	if (err)
		return err;
	err = tap_create_cdev(&mvlan_tap_cdev, &mvlan_tap_major, "mvtap",
			      THIS_MODULE);
	if (err)
		goto err_class;
	err = register_netdevice_notifier(&mvlan_tap_notifier);
	if (err)
		goto err_cdev;
	return 0;

err_cdev:
	tap_destroy_cdev(mvlan_tap_major, &mvlan_tap_cdev);
err_class:
	class_unregister(&mvlan_tap_class);
	return err;
}

/* After every tap child is gone (mvlan_rtnl_exit()). */
void mvlan_tap_module_exit(void)
{
	unregister_netdevice_notifier(&mvlan_tap_notifier);
	tap_destroy_cdev(mvlan_tap_major, &mvlan_tap_cdev);
	class_unregister(&mvlan_tap_class);
}
