// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink control plane: `ip link add link L name X type mvlan`. It
 * creates and deletes children through the same core calls as the genl
 * family, so both see and change one state.
 */
#include <linux/etherdevice.h>
#include <net/rtnetlink.h>

#include "fastpath.h"

static int mvlan_rtnl_validate(struct nlattr *tb[], struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	if (!tb[IFLA_ADDRESS])
		return 0;
	if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "MAC address must be 6 bytes");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "MAC is not a valid unicast address");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static int mvlan_rtnl_newlink(struct net *src_net, struct net_device *dev,
			      struct nlattr *tb[], struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	struct mvlan_child_config cfg = {};

	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG(extack, "a lower device (link) is required");
		return -EINVAL;
	}
	/* The lower is named in the caller's namespace, wherever the child goes. */
	cfg.lower = __dev_get_by_index(src_net, nla_get_u32(tb[IFLA_LINK]));
	if (!cfg.lower) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK], "lower device not found");
		return -ENODEV;
	}
	if (tb[IFLA_MTU])
		cfg.mtu = nla_get_u32(tb[IFLA_MTU]);
	/* The core already copied IFLA_ADDRESS into dev_addr. */
	if (tb[IFLA_ADDRESS])
		cfg.mac = dev->dev_addr;
	return mvlan_child_register(dev, &cfg, extack);
}

static struct net *mvlan_rtnl_get_link_net(const struct net_device *dev)
{
	return dev_net(mvlan_child_of(dev)->lower);
}

struct rtnl_link_ops mvlan_link_ops = {
	.kind		= "mvlan",
	.priv_size	= sizeof(struct mvlan_child),
	.validate	= mvlan_rtnl_validate,
	.newlink	= mvlan_rtnl_newlink,
	.dellink	= mvlan_dellink,
	.get_link_net	= mvlan_rtnl_get_link_net,
};

int mvlan_rtnl_init(void)
{
	mvlan_link_ops.setup = mvlan_eth_frontend.setup;
	return rtnl_link_register(&mvlan_link_ops);
}

void mvlan_rtnl_exit(void)
{
	/* Deletes every child of this kind in every namespace. */
	rtnl_link_unregister(&mvlan_link_ops);
}
