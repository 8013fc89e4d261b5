// SPDX-License-Identifier: GPL-2.0
/*
 * mvlan: many Ethernet children on one lower device, each with its own MAC,
 * demultiplexed by destination MAC; configured over generic netlink and
 * rtnetlink.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "mvlan.h"

static int __init mvlan_module_init(void)
{
	int err;

	err = mvlan_lower_events_init();
	if (err)
		return err;
	err = mvlan_tap_module_init();
	if (err)
		goto err_events;
	err = mvlan_rtnl_init();
	if (err)
		goto err_tap;
	err = mvlan_genl_init();
	if (err)
		goto err_rtnl;
	return 0;

err_rtnl:
	mvlan_rtnl_exit();
err_tap:
	mvlan_tap_module_exit();
err_events:
	mvlan_lower_events_exit();
	return err;
}

static void __exit mvlan_module_exit(void)
{
	mvlan_genl_exit();
	/* Deletes every child; ports go with their last child. */
	mvlan_rtnl_exit();
	mvlan_tap_module_exit();
	mvlan_lower_events_exit();
}

module_init(mvlan_module_init);
module_exit(mvlan_module_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("mvlan developers");
MODULE_DESCRIPTION("MAC-based virtual LAN children with generic netlink control");
MODULE_ALIAS_RTNL_LINK("mvlan");
MODULE_ALIAS_RTNL_LINK("mvtap");
MODULE_ALIAS_GENL_FAMILY(MVLAN_FAMILY_NAME);
