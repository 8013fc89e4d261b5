// SPDX-License-Identifier: GPL-2.0
/*
 * mvlan: macvlan-like child devices demultiplexed by destination MAC on a
 * lower Ethernet device, configured over generic netlink.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "mvlan.h"

static int __init mvlan_module_init(void)
{
	int err;

	err = mvlan_port_init();
	if (err)
		return err;
	err = rtnl_link_register(&mvlan_link_ops);
	if (err)
		goto err_port;
	err = mvlan_genl_init();
	if (err)
		goto err_link;
	return 0;

err_link:
	rtnl_link_unregister(&mvlan_link_ops);
err_port:
	mvlan_port_exit();
	return err;
}

static void __exit mvlan_module_exit(void)
{
	mvlan_genl_exit();
	/* Deletes every child in every namespace; ports go with them. */
	rtnl_link_unregister(&mvlan_link_ops);
	mvlan_port_exit();
}

module_init(mvlan_module_init);
module_exit(mvlan_module_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("mvlan developers");
MODULE_DESCRIPTION("MAC-based virtual LAN children with generic netlink control");
MODULE_ALIAS_RTNL_LINK("mvlan");
MODULE_ALIAS_GENL_FAMILY(MVLAN_FAMILY_NAME);
