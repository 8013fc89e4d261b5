// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "mvlan": request policies, the ops table,
 * registration, and the lookups every command shares.
 *
 * Every request needs CAP_NET_ADMIN over the caller's network namespace and
 * is validated strictly against a per-command policy. Objects are named by
 * ifindex in the caller's namespace. Configuration runs under RTNL.
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "genl.h"

/* ------------------------------------------------------------------------ */
/* Policies                                                                 */

static const char * const attr_names[] = {
	[MVLAN_A_IFINDEX] = "IFINDEX",
	[MVLAN_A_IFNAME] = "IFNAME",
	[MVLAN_A_LINK] = "LINK",
	[MVLAN_A_MODE] = "MODE",
	[MVLAN_A_FLAGS] = "FLAGS",
	[MVLAN_A_MAC] = "MAC",
	[MVLAN_A_MTU] = "MTU",
	[MVLAN_A_BC_QUEUE_LEN] = "BC_QUEUE_LEN",
	[MVLAN_A_BC_CUTOFF] = "BC_CUTOFF",
	[MVLAN_A_NETNS_FD] = "NETNS_FD",
	[MVLAN_A_COUNT] = "COUNT",
	[MVLAN_A_BATCH] = "BATCH",
	[MVLAN_A_SOURCE_OP] = "SOURCE_OP",
	[MVLAN_A_SOURCE_MACS] = "SOURCE_MACS",
	[MVLAN_A_PORT_HOST_ACCESS] = "PORT_HOST_ACCESS",
	[MVLAN_A_TAP] = "TAP",
};

/*
 * Checked here rather than by the policy's length so that a long name gets
 * a message that says so instead of the generic policy failure.
 */
static int validate_ifname(const struct nlattr *attr,
			   struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);

	if (strnlen(name, nla_len(attr)) < IFNAMSIZ)
		return 0;
	mvlan_extack_fmt_attr(extack, attr,
			      "IFNAME \"%.16s...\" is longer than %d characters",
			      name, IFNAMSIZ - 1);
	return -EINVAL;
}

#define MVLAN_POLICY_IFINDEX	NLA_POLICY_MIN(NLA_U32, 1)
#define MVLAN_POLICY_MAC	NLA_POLICY_EXACT_LEN(ETH_ALEN)
/*
 * Only 1, 2, 4, 8 and 16 are modes; check_mode() refines the range. A
 * validation function would be neater, but the policy dump that an extack
 * or CTRL_CMD_GETPOLICY makes of a u32 with a function WARNs.
 */
#define MVLAN_POLICY_MODE \
	NLA_POLICY_RANGE(NLA_U32, MVLAN_MODE_PRIVATE, MVLAN_MODE_SOURCE)
#define MVLAN_POLICY_FLAGS	NLA_POLICY_MASK(NLA_U32, MVLAN_FLAGS_ALL)
#define MVLAN_POLICY_BC_QUEUE_LEN \
	NLA_POLICY_FULL_RANGE(NLA_U32, &bc_queue_len_range)
#define MVLAN_POLICY_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is only sent by the kernel" }

/* Attributes only the kernel sends: a request that carries one is wrong. */
#define MVLAN_FIRST_REPLY_ONLY	MVLAN_A_STATS
#define MVLAN_LAST_REPLY_ONLY	MVLAN_A_SOURCE_COUNT
/* Port settings: PORT_SET takes them, every other command refuses them. */
#define MVLAN_POLICY_PORT_ONLY \
	{ .type = NLA_REJECT, .reject_message = "a port setting: send it with PORT_SET" }
/* A child is a tap child from its creation on: DEV_NEW only. */
#define MVLAN_POLICY_TAP_NEW_ONLY \
	{ .type = NLA_REJECT, \
	  .reject_message = "TAP is given at creation (DEV_NEW): a child's kind does not change" }

/* Beyond the s16 limits of NLA_POLICY_RANGE; 6.1 wants them non-const. */
static struct netlink_range_validation bc_queue_len_range = {
	.max = MVLAN_BC_QUEUE_LEN_MAX,
};

static struct netlink_range_validation mtu_range = {
	.min = ETH_MIN_MTU,
	.max = ETH_MAX_MTU,
};

static const struct nla_policy mac_list_policy[MVLAN_A_MAC + 1] = {
	[MVLAN_A_MAC] = MVLAN_POLICY_MAC,
};

static const struct nla_policy batch_policy[MVLAN_A_IFINDEX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
};

static const struct nla_policy dev_get_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = MVLAN_POLICY_PORT_ONLY,
	[MVLAN_A_TAP] = MVLAN_POLICY_TAP_NEW_ONLY,
};

static const struct nla_policy dev_new_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFNAME] = NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
						  validate_ifname),
	[MVLAN_A_LINK] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_MODE] = MVLAN_POLICY_MODE,
	[MVLAN_A_FLAGS] = MVLAN_POLICY_FLAGS,
	[MVLAN_A_MAC] = MVLAN_POLICY_MAC,
	[MVLAN_A_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &mtu_range),
	[MVLAN_A_BC_QUEUE_LEN] = MVLAN_POLICY_BC_QUEUE_LEN,
	[MVLAN_A_BC_CUTOFF] = { .type = NLA_S32 },
	[MVLAN_A_NETNS_FD] = { .type = NLA_U32 },
	[MVLAN_A_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, MVLAN_BATCH_MAX),
	[MVLAN_A_SOURCE_MACS] = NLA_POLICY_NESTED(mac_list_policy),
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = MVLAN_POLICY_PORT_ONLY,
	[MVLAN_A_TAP] = { .type = NLA_FLAG },
};

static const struct nla_policy dev_del_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_BATCH] = NLA_POLICY_NESTED(batch_policy),
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = MVLAN_POLICY_PORT_ONLY,
	[MVLAN_A_TAP] = MVLAN_POLICY_TAP_NEW_ONLY,
};

static const struct nla_policy dev_set_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_MODE] = MVLAN_POLICY_MODE,
	[MVLAN_A_FLAGS] = MVLAN_POLICY_FLAGS,
	[MVLAN_A_MAC] = MVLAN_POLICY_MAC,
	[MVLAN_A_BC_QUEUE_LEN] = MVLAN_POLICY_BC_QUEUE_LEN,
	[MVLAN_A_BC_CUTOFF] = { .type = NLA_S32 },
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = MVLAN_POLICY_PORT_ONLY,
	[MVLAN_A_TAP] = MVLAN_POLICY_TAP_NEW_ONLY,
};

static const struct nla_policy source_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_SOURCE_OP] = NLA_POLICY_RANGE(NLA_U32, MVLAN_SOURCE_ADD,
					       MVLAN_SOURCE_FLUSH),
	[MVLAN_A_SOURCE_MACS] = NLA_POLICY_NESTED(mac_list_policy),
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = MVLAN_POLICY_PORT_ONLY,
	[MVLAN_A_TAP] = MVLAN_POLICY_TAP_NEW_ONLY,
};

static const struct nla_policy source_get_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = MVLAN_POLICY_PORT_ONLY,
	[MVLAN_A_TAP] = MVLAN_POLICY_TAP_NEW_ONLY,
};

static const struct nla_policy port_get_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_LINK] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = MVLAN_POLICY_PORT_ONLY,
	[MVLAN_A_TAP] = MVLAN_POLICY_TAP_NEW_ONLY,
};

static const struct nla_policy port_set_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_LINK] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_LAST_REPLY_ONLY] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_PORT_HOST_ACCESS] = NLA_POLICY_MAX(NLA_U8, 1),
	[MVLAN_A_TAP] = MVLAN_POLICY_TAP_NEW_ONLY,
};

/* ------------------------------------------------------------------------ */
/* Lookups (RTNL)                                                           */

int mvlan_genl_require(struct genl_info *info, int type)
{
	if (!GENL_REQ_ATTR_CHECK(info, type))
		return 0;
	mvlan_extack_fmt(info->extack, "missing required attribute %s",
			 attr_names[type]);
	return -EINVAL;
}

struct net_device *mvlan_genl_lookup_child(struct net *net,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack)
{
	u32 ifindex = nla_get_u32(attr);
	struct net_device *dev;

	dev = __dev_get_by_index(net, ifindex);
	if (!dev) {
		mvlan_extack_fmt_attr(extack, attr,
				      "no device with ifindex %u", ifindex);
		return ERR_PTR(-ENODEV);
	}
	if (!netif_is_mvlan(dev)) {
		mvlan_extack_fmt_attr(extack, attr,
				      "device %s is not an mvlan device",
				      dev->name);
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

struct net_device *mvlan_genl_lookup_lower(struct net *net,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack)
{
	u32 ifindex = nla_get_u32(attr);
	struct net_device *lower;

	lower = __dev_get_by_index(net, ifindex);
	if (!lower) {
		mvlan_extack_fmt_attr(extack, attr,
				      "lower device with ifindex %u not found",
				      ifindex);
		return ERR_PTR(-ENODEV);
	}
	return lower;
}

/* ------------------------------------------------------------------------ */
/* Family                                                                   */

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                 */

static int (* const doits[])(struct sk_buff *skb, struct genl_info *info) = {
	[MVLAN_CMD_DEV_GET] = mvlan_genl_dev_get_doit,
	[MVLAN_CMD_DEV_NEW] = mvlan_genl_dev_new_doit,
	[MVLAN_CMD_DEV_DEL] = mvlan_genl_dev_del_doit,
	[MVLAN_CMD_DEV_SET] = mvlan_genl_dev_set_doit,
	[MVLAN_CMD_SOURCE] = mvlan_genl_source_doit,
	[MVLAN_CMD_PORT_GET] = mvlan_genl_port_get_doit,
	[MVLAN_CMD_PORT_SET] = mvlan_genl_port_set_doit,
};

static int (* const dumpits[])(struct sk_buff *skb,
				struct netlink_callback *cb) = {
	[MVLAN_CMD_DEV_GET] = mvlan_genl_dev_get_dumpit,
	[MVLAN_CMD_PORT_GET] = mvlan_genl_port_get_dumpit,
	[MVLAN_CMD_SOURCE_GET] = mvlan_genl_source_get_dumpit,
};

static const char * const cmd_what[] = {
	[MVLAN_CMD_DEV_GET] = "showing the device",
	[MVLAN_CMD_DEV_NEW] = "creating the device",
	[MVLAN_CMD_DEV_DEL] = "deleting the device",
	[MVLAN_CMD_DEV_SET] = "changing the device",
	[MVLAN_CMD_SOURCE] = "editing the source list",
	[MVLAN_CMD_PORT_GET] = "showing the port",
	[MVLAN_CMD_SOURCE_GET] = "listing the source MACs",
	[MVLAN_CMD_PORT_SET] = "changing the port",
};

static const char *errno_words(int err)
{
	switch (err) {
	case -ENOMEM:
	case -ENOBUFS:
		return "the kernel is out of memory";
	case -EOPNOTSUPP:
		return "a device involved does not support it";
	case -EBUSY:
		return "a device involved is busy";
	case -EADDRINUSE:
		return "the MAC address is in use";
	case -EADDRNOTAVAIL:
		return "the MAC address cannot be used";
	default:
		return "refused";
	}
}

/*
 * Every refusal carries words: when a handler fails without an extack
 * message (out of memory, or a refusal deep in the network core that has
 * no extack to fill), say at least what failed and why in general terms.
 */
static void explain(struct netlink_ext_ack *extack, u8 cmd, int err)
{
	if (err >= 0 || !extack || extack->_msg)
		return;
	mvlan_extack_fmt(extack, "%s: %s (%pe)", cmd_what[cmd],
			 errno_words(err), ERR_PTR(err));
}

static int mvlan_genl_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	int err;

	err = doits[cmd](skb, info);
	explain(info->extack, cmd, err);
	return err;
}

static int mvlan_genl_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	u8 cmd = ((struct genlmsghdr *)nlmsg_data(cb->nlh))->cmd;
	int err;

	err = dumpits[cmd](skb, cb);
	explain(cb->extack, cmd, err);
	return err;
}

static const struct genl_ops mvlan_genl_ops[] = {
	{
		.cmd = MVLAN_CMD_DEV_GET,
		.doit = mvlan_genl_doit,
		.dumpit = mvlan_genl_dumpit,
		.policy = dev_get_policy,
		.maxattr = ARRAY_SIZE(dev_get_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_DEV_NEW,
		.doit = mvlan_genl_doit,
		.policy = dev_new_policy,
		.maxattr = ARRAY_SIZE(dev_new_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_DEV_DEL,
		.doit = mvlan_genl_doit,
		.policy = dev_del_policy,
		.maxattr = ARRAY_SIZE(dev_del_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_DEV_SET,
		.doit = mvlan_genl_doit,
		.policy = dev_set_policy,
		.maxattr = ARRAY_SIZE(dev_set_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_SOURCE,
		.doit = mvlan_genl_doit,
		.policy = source_policy,
		.maxattr = ARRAY_SIZE(source_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_PORT_GET,
		.doit = mvlan_genl_doit,
		.dumpit = mvlan_genl_dumpit,
		.policy = port_get_policy,
		.maxattr = ARRAY_SIZE(port_get_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_SOURCE_GET,
		.dumpit = mvlan_genl_dumpit,
		.policy = source_get_policy,
		.maxattr = ARRAY_SIZE(source_get_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_PORT_SET,
		.doit = mvlan_genl_doit,
		.policy = port_set_policy,
		.maxattr = ARRAY_SIZE(port_set_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/*
 * Events describe children as DEV_GET does, so hearing them needs what
 * DEV_GET needs: CAP_NET_ADMIN over the socket's network namespace.
 * Kernels without the flag have no hook to check it at join time.
 */
#ifdef MVLAN_HAVE_GENL_MCAST_CAP_NET_ADMIN
#define MVLAN_MCGRP_FLAGS	GENL_MCAST_CAP_NET_ADMIN
#else
#define MVLAN_MCGRP_FLAGS	0
#endif

static const struct genl_multicast_group mvlan_mcgrps[] = {
	{ .name = MVLAN_MCGRP_MONITOR, .flags = MVLAN_MCGRP_FLAGS },
};

struct genl_family mvlan_genl_family __ro_after_init = {
	.name = MVLAN_FAMILY_NAME,
	.version = MVLAN_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = false,
	.resv_start_op = 0,	/* every command is strictly validated */
	.module = THIS_MODULE,
	.ops = mvlan_genl_ops,
	.n_ops = ARRAY_SIZE(mvlan_genl_ops),
	.mcgrps = mvlan_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mvlan_mcgrps),
};

int __init mvlan_genl_init(void)
{
	int err;

	err = genl_register_family(&mvlan_genl_family);
	if (err)
		return err;
	if (!MVLAN_MCGRP_FLAGS)
		pr_warn("this kernel lets any user join the monitor group\n");
	err = mvlan_genl_events_init();
	if (err)
		genl_unregister_family(&mvlan_genl_family);
	return err;
}

void mvlan_genl_exit(void)
{
	mvlan_genl_events_exit();
	genl_unregister_family(&mvlan_genl_family);
}

MODULE_ALIAS_GENL_FAMILY(MVLAN_FAMILY_NAME);
