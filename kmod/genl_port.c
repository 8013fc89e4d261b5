// SPDX-License-Identifier: GPL-2.0
/*
 * Port commands: PORT_GET of one lower, or a dump of every port whose
 * lower is in the caller's namespace; PORT_SET of a port's settings.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "genl.h"

/* The port on the lower LINK names; says why when there is none. RTNL. */
static struct mvlan_port *mvlan_genl_lookup_port(struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[MVLAN_A_LINK];
	struct net_device *lower;
	struct mvlan_port *port;

	lower = mvlan_genl_lookup_lower(genl_info_net(info), attr, info->extack);
	if (IS_ERR(lower))
		return ERR_CAST(lower);
	port = mvlan_port_of(lower);
	if (!port) {
		mvlan_extack_fmt_attr(info->extack, attr,
				      "%s is not the lower of any mvlan device",
				      lower->name);
		return ERR_PTR(-ENODEV);
	}
	return port;
}

/* ------------------------------------------------------------------------ */
/* PORT_GET                                                                 */

int mvlan_genl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mvlan_port *port;
	struct sk_buff *reply;
	int err;

	if (mvlan_genl_require(info, MVLAN_A_LINK))
		return -EINVAL;
	reply = genlmsg_new(mvlan_genl_port_size(), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	rtnl_lock();
	port = mvlan_genl_lookup_port(info);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto unlock;
	}
	err = mvlan_genl_fill_port(reply, port, MVLAN_CMD_PORT_GET,
				   info->snd_portid, info->snd_seq, 0, NULL);
unlock:
	rtnl_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

int mvlan_genl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = mvlan_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct mvlan_port *port;
	int err = 0;

	if (attrs[MVLAN_A_LINK]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[MVLAN_A_LINK],
				    "LINK names one port: send it without NLM_F_DUMP");
		return -EINVAL;
	}

	rtnl_lock();
	cb->seq = mvlan_genl_dump_gen;
	mvlan_for_each_port(port) {
		if (!net_eq(dev_net(port->lower), net))
			continue;
		if (idx < skip) {
			idx++;
			continue;
		}
		err = mvlan_genl_fill_port(skb, port, MVLAN_CMD_PORT_GET,
					   NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err)
			break;
		idx++;
	}
	rtnl_unlock();
	cb->args[0] = idx;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* ------------------------------------------------------------------------ */
/* PORT_SET                                                                 */

int mvlan_genl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mvlan_port *port;
	int err;

	if (mvlan_genl_require(info, MVLAN_A_LINK))
		return -EINVAL;
	if (!info->attrs[MVLAN_A_PORT_HOST_ACCESS]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to change: PORT_SET needs a setting (PORT_HOST_ACCESS)");
		return -EINVAL;
	}

	rtnl_lock();
	port = mvlan_genl_lookup_port(info);
	if (IS_ERR(port))
		err = PTR_ERR(port);
	else
		err = mvlan_port_set_host_access(port,
						 nla_get_u8(info->attrs[MVLAN_A_PORT_HOST_ACCESS]),
						 info->extack);
	rtnl_unlock();
	return err;
}
