// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink control plane: the IFLA_MACVLAN_* contract of the in-tree
 * macvlan, so that iproute2, CNI, Docker, systemd-networkd and
 * NetworkManager drive mvlan unchanged. The kind "mvlan" always speaks it;
 * with macvlan_compat=1 the kind "macvlan" does too, and then those tools
 * get mvlan when they ask for macvlan. The tap children (tap.c) speak it
 * as "mvtap", and as "macvtap" with macvlan_compat=1 (libvirt, LXD).
 *
 * Everything goes through the child core, like the genl family: both see
 * and change one state. What the wire format asks for and the core does
 * not know (attribute layout, the MACADDR_MODE numbering) stays here.
 */
#include <linux/etherdevice.h>
#include <linux/if_link.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>

#include "fastpath.h"

static bool macvlan_compat;
module_param(macvlan_compat, bool, 0444);
MODULE_PARM_DESC(macvlan_compat,
		 "also register the rtnl kind \"macvlan\", in place of the in-tree driver");

#define MVLAN_IFLA_MAX	IFLA_MACVLAN_BC_CUTOFF

/* The in-tree policy, type for type; lengths and values are checked below. */
static const struct nla_policy mvlan_ifla_policy[MVLAN_IFLA_MAX + 1] = {
	[IFLA_MACVLAN_MODE]		= { .type = NLA_U32 },
	[IFLA_MACVLAN_FLAGS]		= { .type = NLA_U16 },
	[IFLA_MACVLAN_MACADDR_MODE]	= { .type = NLA_U32 },
	[IFLA_MACVLAN_MACADDR]		= { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
	[IFLA_MACVLAN_MACADDR_DATA]	= { .type = NLA_NESTED },
	[IFLA_MACVLAN_MACADDR_COUNT]	= { .type = NLA_U32 },
	[IFLA_MACVLAN_BC_QUEUE_LEN]	= { .type = NLA_U32 },
	[IFLA_MACVLAN_BC_QUEUE_LEN_USED] = {
		.type = NLA_REJECT,
		.reject_message = "BC_QUEUE_LEN_USED is read-only: set BC_QUEUE_LEN",
	},
	[IFLA_MACVLAN_BC_CUTOFF]	= { .type = NLA_S32 },
};

/* IFLA_MACVLAN_MACADDR_MODE numbers the operations its own way. */
static const u32 mvlan_ifla_source_op[] = {
	[MACVLAN_MACADDR_ADD]	= MVLAN_SOURCE_ADD,
	[MACVLAN_MACADDR_DEL]	= MVLAN_SOURCE_DEL,
	[MACVLAN_MACADDR_FLUSH]	= MVLAN_SOURCE_FLUSH,
	[MACVLAN_MACADDR_SET]	= MVLAN_SOURCE_SET,
};

/* ---- validate: the shape of every attribute, for create and change ---- */

static int mvlan_ifla_check_mac(const struct nlattr *attr, const char *what,
				struct netlink_ext_ack *extack)
{
	if (nla_len(attr) != ETH_ALEN) {
		mvlan_extack_fmt_attr(extack, attr, "%s must be 6 bytes, not %d",
				      what, nla_len(attr));
		return -EINVAL;
	}
	if (!is_valid_ether_addr(nla_data(attr))) {
		mvlan_extack_fmt_attr(extack, attr,
				      "%s %pM is not a valid unicast address",
				      what, nla_data(attr));
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static int mvlan_ifla_check_mac_list(const struct nlattr *list,
				     struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem, err;

	nla_for_each_nested(attr, list, rem) {
		if (nla_type(attr) != IFLA_MACVLAN_MACADDR) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "MACADDR_DATA may hold only MACADDR attributes");
			return -EINVAL;
		}
		err = mvlan_ifla_check_mac(attr, "source MAC", extack);
		if (err)
			return err;
	}
	return 0;
}

static int mvlan_ifla_check_mode(const struct nlattr *attr,
				 struct netlink_ext_ack *extack)
{
	u32 mode = nla_get_u32(attr);

	if (is_power_of_2(mode) && (mode & MVLAN_MODES_ALL))
		return 0;
	mvlan_extack_fmt_attr(extack, attr,
			      "mode %u is not 1 private, 2 vepa, 4 bridge, 8 passthru or 16 source",
			      mode);
	return -EINVAL;
}

static int mvlan_ifla_check_data(struct nlattr *data[],
				 struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	int err;

	attr = data[IFLA_MACVLAN_FLAGS];
	if (attr && (nla_get_u16(attr) & ~MVLAN_FLAGS_ALL)) {
		mvlan_extack_fmt_attr(extack, attr,
				      "flags 0x%x: only 1 nopromisc and 2 nodst exist",
				      nla_get_u16(attr));
		return -EINVAL;
	}
	if (data[IFLA_MACVLAN_MODE]) {
		err = mvlan_ifla_check_mode(data[IFLA_MACVLAN_MODE], extack);
		if (err)
			return err;
	}
	attr = data[IFLA_MACVLAN_MACADDR_MODE];
	if (attr && nla_get_u32(attr) >= ARRAY_SIZE(mvlan_ifla_source_op)) {
		mvlan_extack_fmt_attr(extack, attr,
				      "MACADDR_MODE %u is not 0 add, 1 del, 2 flush or 3 set",
				      nla_get_u32(attr));
		return -EINVAL;
	}
	if (data[IFLA_MACVLAN_MACADDR]) {
		err = mvlan_ifla_check_mac(data[IFLA_MACVLAN_MACADDR],
					   "source MAC", extack);
		if (err)
			return err;
	}
	if (data[IFLA_MACVLAN_MACADDR_DATA]) {
		err = mvlan_ifla_check_mac_list(data[IFLA_MACVLAN_MACADDR_DATA],
						extack);
		if (err)
			return err;
	}
	if (data[IFLA_MACVLAN_MACADDR_COUNT]) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_MACVLAN_MACADDR_COUNT],
				    "MACADDR_COUNT is read-only: it counts the source MACs");
		return -EINVAL;
	}
	return 0;
}

static int mvlan_rtnl_validate(struct nlattr *tb[], struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	int err;

	if (tb[IFLA_ADDRESS]) {
		err = mvlan_ifla_check_mac(tb[IFLA_ADDRESS], "MAC", extack);
		if (err)
			return err;
	}
	return data ? mvlan_ifla_check_data(data, extack) : 0;
}

/* ---- the source list of a request ---- */

struct mvlan_ifla_sources {
	u32 op;				/* enum mvlan_source_op, 0: none */
	u8 (*macs)[ETH_ALEN];
	unsigned int n;
};

/*
 * MACADDR_MODE with its MACs: add and del take MACADDR, set takes MACADDR
 * and/or MACADDR_DATA, flush neither. A MAC the operation would not use is
 * refused rather than ignored.
 */
static int mvlan_ifla_sources_shape(struct nlattr *data[], u32 op,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *one = data[IFLA_MACVLAN_MACADDR];
	struct nlattr *list = data[IFLA_MACVLAN_MACADDR_DATA];

	switch (op) {
	case MVLAN_SOURCE_ADD:
	case MVLAN_SOURCE_DEL:
		if (!one) {
			NL_SET_ERR_MSG(extack, "MACADDR_MODE add and del need MACADDR");
			return -EINVAL;
		}
		if (list) {
			NL_SET_ERR_MSG_ATTR(extack, list,
					    "MACADDR_DATA is for MACADDR_MODE set, add and del take one MACADDR");
			return -EINVAL;
		}
		return 0;
	case MVLAN_SOURCE_FLUSH:
		if (one || list) {
			NL_SET_ERR_MSG_ATTR(extack, one ? : list,
					    "MACADDR_MODE flush takes no MAC");
			return -EINVAL;
		}
		return 0;
	default:
		return 0;
	}
}

static int mvlan_ifla_sources_get(struct nlattr *data[],
				  struct mvlan_ifla_sources *req,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *one, *list, *attr;
	unsigned int n = 0;
	int rem, err;

	if (!data || !data[IFLA_MACVLAN_MACADDR_MODE]) {
		if (data && (data[IFLA_MACVLAN_MACADDR] ||
			     data[IFLA_MACVLAN_MACADDR_DATA])) {
			NL_SET_ERR_MSG(extack,
				       "source MACs need MACADDR_MODE (add, del, set or flush)");
			return -EINVAL;
		}
		return 0;
	}
	req->op = mvlan_ifla_source_op[nla_get_u32(data[IFLA_MACVLAN_MACADDR_MODE])];
	err = mvlan_ifla_sources_shape(data, req->op, extack);
	if (err)
		return err;

	one = data[IFLA_MACVLAN_MACADDR];
	list = data[IFLA_MACVLAN_MACADDR_DATA];
	if (list)
		nla_for_each_nested(attr, list, rem)
			n++;
	n += !!one;
	if (n > MVLAN_SOURCES_MAX) {
		mvlan_err(extack, "%u source MACs in one request, a child may list at most %u",
			  n, MVLAN_SOURCES_MAX);
		return -E2BIG;
	}
	if (!n)
		return 0;
	req->macs = kvmalloc_array(n, ETH_ALEN, GFP_KERNEL_ACCOUNT);
	if (!req->macs)
		return -ENOMEM;
	if (one)
		memcpy(req->macs[req->n++], nla_data(one), ETH_ALEN);
	if (list)
		nla_for_each_nested(attr, list, rem)
			memcpy(req->macs[req->n++], nla_data(attr), ETH_ALEN);
	return 0;
}

/* ---- create, change ---- */

static int mvlan_rtnl_newlink(struct net *src_net, struct net_device *dev,
			      struct nlattr *tb[], struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	struct mvlan_child_config cfg = {};
	struct mvlan_ifla_sources req = {};
	int err;

	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG(extack, "a lower device is required (ip link add link DEV ...)");
		return -EINVAL;
	}
	/* Named in the caller's namespace, wherever the child is created. */
	cfg.lower = __dev_get_by_index(src_net, nla_get_u32(tb[IFLA_LINK]));
	if (!cfg.lower) {
		mvlan_extack_fmt_attr(extack, tb[IFLA_LINK],
				      "lower device %u not found in the caller's namespace",
				      nla_get_u32(tb[IFLA_LINK]));
		return -ENODEV;
	}
	if (tb[IFLA_MTU])
		cfg.mtu = nla_get_u32(tb[IFLA_MTU]);
	/* rtnetlink already copied IFLA_ADDRESS into dev_addr. */
	if (tb[IFLA_ADDRESS])
		cfg.mac = dev->dev_addr;

	if (data && data[IFLA_MACVLAN_MODE])
		cfg.mode = nla_get_u32(data[IFLA_MACVLAN_MODE]);
	if (data && data[IFLA_MACVLAN_FLAGS])
		cfg.flags = nla_get_u16(data[IFLA_MACVLAN_FLAGS]);
	if (data && data[IFLA_MACVLAN_BC_QUEUE_LEN]) {
		cfg.bc_queue_len = nla_get_u32(data[IFLA_MACVLAN_BC_QUEUE_LEN]);
		cfg.has_bc_queue_len = true;
	}
	if (data && data[IFLA_MACVLAN_BC_CUTOFF]) {
		cfg.bc_cutoff = nla_get_s32(data[IFLA_MACVLAN_BC_CUTOFF]);
		cfg.has_bc_cutoff = true;
	}

	err = mvlan_ifla_sources_get(data, &req, extack);
	if (err)
		return err;
	if (req.op && (cfg.mode ? : MVLAN_MODE_VEPA) != MVLAN_MODE_SOURCE) {
		NL_SET_ERR_MSG(extack, "MACADDR_MODE needs mode source");
		err = -EINVAL;
		goto out;
	}
	/* A new child lists nothing yet: add and set give the list, del and flush none. */
	if (req.op == MVLAN_SOURCE_ADD || req.op == MVLAN_SOURCE_SET) {
		cfg.sources = (const u8 (*)[ETH_ALEN])req.macs;
		cfg.nsources = req.n;
	}
	err = mvlan_child_register(dev, &cfg, extack);
out:
	kvfree(req.macs);
	return err;
}

static int mvlan_rtnl_changelink(struct net_device *dev, struct nlattr *tb[],
				 struct nlattr *data[],
				 struct netlink_ext_ack *extack)
{
	struct mvlan_change_args args = {};
	struct mvlan_ifla_sources req = {};
	int err;

	if (!data)
		return 0;
	if (data[IFLA_MACVLAN_MODE]) {
		args.mode = nla_get_u32(data[IFLA_MACVLAN_MODE]);
		args.has_mode = true;
	}
	if (data[IFLA_MACVLAN_FLAGS]) {
		args.flags = nla_get_u16(data[IFLA_MACVLAN_FLAGS]);
		args.has_flags = true;
	}
	if (data[IFLA_MACVLAN_BC_QUEUE_LEN]) {
		args.bc_queue_len = nla_get_u32(data[IFLA_MACVLAN_BC_QUEUE_LEN]);
		args.has_bc_queue_len = true;
	}
	if (data[IFLA_MACVLAN_BC_CUTOFF]) {
		args.bc_cutoff = nla_get_s32(data[IFLA_MACVLAN_BC_CUTOFF]);
		args.has_bc_cutoff = true;
	}
	err = mvlan_ifla_sources_get(data, &req, extack);
	if (err)
		return err;
	args.source_op = req.op;
	args.sources = (const u8 (*)[ETH_ALEN])req.macs;
	args.nsources = req.n;
	err = mvlan_change(dev, &args, extack);
	kvfree(req.macs);
	return err;
}

/* ---- what `ip -d link show` reads ---- */

/*
 * How many source MACs link messages carry. A nested attribute's length is
 * 16 bits (5460 MACs), and a link dump fails whole (EMSGSIZE, 6.1) when one
 * link does not fit its 32 KiB buffer, so a list longer than 2048 (24 KiB)
 * is left out: MACADDR_COUNT still says how long it is, and the genl
 * SOURCE_GET dump pages any length.
 */
#define MVLAN_IFLA_SOURCES_MAX	2048

static bool mvlan_ifla_sources_fit(const struct mvlan_child *child)
{
	return child->source_count <= MVLAN_IFLA_SOURCES_MAX;
}

static size_t mvlan_rtnl_get_size(const struct net_device *dev)
{
	const struct mvlan_child *child = mvlan_child_of(dev);
	unsigned int listed = mvlan_ifla_sources_fit(child) ? child->source_count : 0;

	return nla_total_size(sizeof(u32)) +		/* MODE */
	       nla_total_size(sizeof(u16)) +		/* FLAGS */
	       nla_total_size(sizeof(u32)) +		/* MACADDR_COUNT */
	       nla_total_size(0) +			/* MACADDR_DATA */
	       listed * nla_total_size(ETH_ALEN) +
	       nla_total_size(sizeof(u32)) * 2 +	/* BC_QUEUE_LEN(_USED) */
	       nla_total_size(sizeof(s32));		/* BC_CUTOFF */
}

static int mvlan_ifla_put_source(const u8 *addr, void *skb)
{
	return nla_put(skb, IFLA_MACVLAN_MACADDR, ETH_ALEN, addr);
}

static int mvlan_ifla_put_sources(struct sk_buff *skb,
				  const struct mvlan_child *child)
{
	struct nlattr *nest;

	if (!child->source_count || !mvlan_ifla_sources_fit(child))
		return 0;
	nest = nla_nest_start_noflag(skb, IFLA_MACVLAN_MACADDR_DATA);
	if (!nest || mvlan_source_walk(child, mvlan_ifla_put_source, skb))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* MODE first and always as a u32: CNI reads exactly four bytes of it. */
static int mvlan_rtnl_fill_info(struct sk_buff *skb,
				const struct net_device *dev)
{
	const struct mvlan_child *child = mvlan_child_of(dev);
	const struct mvlan_port *port = child->port;
	s32 cutoff = mvlan_port_bc_cutoff(port);

	if (nla_put_u32(skb, IFLA_MACVLAN_MODE, child->mode) ||
	    nla_put_u16(skb, IFLA_MACVLAN_FLAGS, child->flags) ||
	    nla_put_u32(skb, IFLA_MACVLAN_MACADDR_COUNT, child->source_count) ||
	    mvlan_ifla_put_sources(skb, child) ||
	    nla_put_u32(skb, IFLA_MACVLAN_BC_QUEUE_LEN, child->bc_queue_len_req) ||
	    nla_put_u32(skb, IFLA_MACVLAN_BC_QUEUE_LEN_USED,
			mvlan_port_bc_limit(port)) ||
	    (cutoff != 1 && nla_put_s32(skb, IFLA_MACVLAN_BC_CUTOFF, cutoff)))
		return -EMSGSIZE;
	return 0;
}

static struct net *mvlan_rtnl_get_link_net(const struct net_device *dev)
{
	return dev_net(mvlan_child_of(dev)->lower);
}

/* setup and priv_size are the front-end's, filled in by mvlan_rtnl_init(). */
#define MVLAN_LINK_OPS(name)						\
	{								\
		.kind		= name,					\
		.maxtype	= MVLAN_IFLA_MAX,			\
		.policy		= mvlan_ifla_policy,			\
		.validate	= mvlan_rtnl_validate,			\
		.newlink	= mvlan_rtnl_newlink,			\
		.changelink	= mvlan_rtnl_changelink,		\
		.dellink	= mvlan_dellink,			\
		.get_size	= mvlan_rtnl_get_size,			\
		.fill_info	= mvlan_rtnl_fill_info,			\
		.get_link_net	= mvlan_rtnl_get_link_net,		\
	}

/* Ethernet children: "mvlan", and "macvlan" with macvlan_compat=1. */
struct rtnl_link_ops mvlan_link_ops = MVLAN_LINK_OPS("mvlan");
static struct rtnl_link_ops mvlan_macvlan_link_ops = MVLAN_LINK_OPS("macvlan");
/* Tap children: "mvtap", and "macvtap" with macvlan_compat=1. */
struct rtnl_link_ops mvlan_tap_link_ops = MVLAN_LINK_OPS("mvtap");
static struct rtnl_link_ops mvlan_macvtap_link_ops = MVLAN_LINK_OPS("macvtap");

/* Registered in this order, unregistered in the reverse one. */
static const struct {
	struct rtnl_link_ops *ops;
	const struct mvlan_frontend *fe;
} mvlan_kinds[] = {
	{ &mvlan_link_ops, &mvlan_eth_frontend },
	{ &mvlan_tap_link_ops, &mvlan_tap_frontend },
	/* macvlan_compat=1 from here */
	{ &mvlan_macvlan_link_ops, &mvlan_eth_frontend },
	{ &mvlan_macvtap_link_ops, &mvlan_tap_frontend },
};

#define MVLAN_KINDS_OWN		2

static unsigned int mvlan_kinds_registered;

static int mvlan_rtnl_register(struct rtnl_link_ops *ops)
{
	int err;

	err = rtnl_link_register(ops);
	if (err == -EEXIST && ops == &mvlan_macvlan_link_ops)
		pr_err("macvlan_compat=1: the link kind \"macvlan\" is taken, most likely by the in-tree macvlan module; unload it (modprobe -r macvtap macvlan) first, or load mvlan without macvlan_compat\n");
	else if (err == -EEXIST && ops == &mvlan_macvtap_link_ops)
		pr_err("macvlan_compat=1: the link kind \"macvtap\" is taken, most likely by the in-tree macvtap module; unload it (modprobe -r macvtap) first, or load mvlan without macvlan_compat\n");
	else if (err)
		pr_err("cannot register the link kind \"%s\": %d\n", ops->kind, err);
	return err;
}

void mvlan_rtnl_exit(void)
{
	/* Each deletes every child of its kind in every namespace. */
	while (mvlan_kinds_registered)
		rtnl_link_unregister(mvlan_kinds[--mvlan_kinds_registered].ops);
}

int mvlan_rtnl_init(void)
{
	unsigned int n = macvlan_compat ? ARRAY_SIZE(mvlan_kinds) : MVLAN_KINDS_OWN;
	int err;

	while (mvlan_kinds_registered < n) {
		struct rtnl_link_ops *ops = mvlan_kinds[mvlan_kinds_registered].ops;

		ops->setup = mvlan_kinds[mvlan_kinds_registered].fe->setup;
		ops->priv_size = mvlan_kinds[mvlan_kinds_registered].fe->priv_size;
		err = mvlan_rtnl_register(ops);
		if (err) {
			mvlan_rtnl_exit();
			return err;
		}
		mvlan_kinds_registered++;
	}
	return 0;
}
