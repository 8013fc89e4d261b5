// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "mvlan": requests that create, delete, change
 * and show children and ports, and a netdevice notifier that turns the life
 * of every child into events on the "monitor" group.
 *
 * Every request needs CAP_NET_ADMIN over the caller's network namespace and
 * is validated strictly against a per-command policy. Objects are named by
 * ifindex in the caller's namespace. Configuration runs under RTNL.
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "mvlan.h"
#include "netlink.h"

/* ------------------------------------------------------------------------ */
/* Formatted extack messages                                                */

#ifdef MVLAN_HAVE_NL_SET_ERR_MSG_FMT
static __printf(2, 0) void extack_vset(struct netlink_ext_ack *extack,
				       const char *fmt, va_list args)
{
	char text[MVLAN_EXTACK_MSG_LEN];

	BUILD_BUG_ON(MVLAN_EXTACK_MSG_LEN > NETLINK_MAX_FMTMSG_LEN);
	vsnprintf(text, sizeof(text), fmt, args);
	NL_SET_ERR_MSG_FMT(extack, "%s", text);
}

static void msg_cache_release(void)
{
}
#else
/*
 * Without NL_SET_ERR_MSG_FMT the extack has no buffer of its own, and the
 * kernel copies extack->_msg into the ACK only after the handler returned
 * and every lock was dropped: a shared or per-cpu buffer could be rewritten
 * by then. So formatted texts are interned here and live until the module
 * is unloaded, just like the string literals of NL_SET_ERR_MSG. Identical
 * texts share one entry and the cache is bounded; the caller is privileged.
 */
#define MSG_CACHE_MAX	256

struct cached_msg {
	struct list_head node;
	char text[MVLAN_EXTACK_MSG_LEN];
};

static LIST_HEAD(msg_cache);
static DEFINE_SPINLOCK(msg_cache_lock);
static unsigned int msg_cache_len;
static bool msg_cache_closed;

static const char *msg_intern(const char *text)
{
	struct cached_msg *entry, *fresh;
	const char *found = NULL;

	fresh = kmalloc(sizeof(*fresh), GFP_ATOMIC);
	spin_lock_bh(&msg_cache_lock);
	list_for_each_entry(entry, &msg_cache, node) {
		if (!strcmp(entry->text, text)) {
			found = entry->text;
			break;
		}
	}
	if (!found && fresh && !msg_cache_closed &&
	    msg_cache_len < MSG_CACHE_MAX) {
		strscpy(fresh->text, text, sizeof(fresh->text));
		list_add(&fresh->node, &msg_cache);
		msg_cache_len++;
		found = fresh->text;
		fresh = NULL;
	}
	spin_unlock_bh(&msg_cache_lock);
	kfree(fresh);
	return found;
}

static __printf(2, 0) void extack_vset(struct netlink_ext_ack *extack,
				       const char *fmt, va_list args)
{
	char text[MVLAN_EXTACK_MSG_LEN];
	const char *msg;

	vsnprintf(text, sizeof(text), fmt, args);
	msg = msg_intern(text);
	if (!msg) {
		pr_info_ratelimited("%s\n", text);
		NL_SET_ERR_MSG(extack, "mvlan: the reason is in the kernel log");
		return;
	}
	do_trace_netlink_extack(msg);
	extack->_msg = msg;
}

static void msg_cache_release(void)
{
	struct cached_msg *entry, *tmp;

	spin_lock_bh(&msg_cache_lock);
	msg_cache_closed = true;
	list_for_each_entry_safe(entry, tmp, &msg_cache, node) {
		list_del(&entry->node);
		kfree(entry);
	}
	msg_cache_len = 0;
	spin_unlock_bh(&msg_cache_lock);
}
#endif

void mvlan_extack_fmt(struct netlink_ext_ack *extack, const char *fmt, ...)
{
	va_list args;

	if (!extack)
		return;
	va_start(args, fmt);
	extack_vset(extack, fmt, args);
	va_end(args);
}

void mvlan_extack_fmt_attr(struct netlink_ext_ack *extack,
			   const struct nlattr *attr, const char *fmt, ...)
{
	va_list args;

	if (!extack)
		return;
	va_start(args, fmt);
	extack_vset(extack, fmt, args);
	va_end(args);
	NL_SET_BAD_ATTR(extack, attr);
}

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
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_A_MAX] = MVLAN_POLICY_REPLY_ONLY,
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
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_A_MAX] = MVLAN_POLICY_REPLY_ONLY,
};

static const struct nla_policy dev_del_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_BATCH] = NLA_POLICY_NESTED(batch_policy),
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_A_MAX] = MVLAN_POLICY_REPLY_ONLY,
};

static const struct nla_policy dev_set_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_MODE] = MVLAN_POLICY_MODE,
	[MVLAN_A_FLAGS] = MVLAN_POLICY_FLAGS,
	[MVLAN_A_MAC] = MVLAN_POLICY_MAC,
	[MVLAN_A_BC_QUEUE_LEN] = MVLAN_POLICY_BC_QUEUE_LEN,
	[MVLAN_A_BC_CUTOFF] = { .type = NLA_S32 },
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_A_MAX] = MVLAN_POLICY_REPLY_ONLY,
};

static const struct nla_policy source_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_IFINDEX] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_A_SOURCE_OP] = NLA_POLICY_RANGE(NLA_U32, MVLAN_SOURCE_ADD,
					       MVLAN_SOURCE_FLUSH),
	[MVLAN_A_SOURCE_MACS] = NLA_POLICY_NESTED(mac_list_policy),
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_A_MAX] = MVLAN_POLICY_REPLY_ONLY,
};

static const struct nla_policy port_get_policy[MVLAN_A_MAX + 1] = {
	[MVLAN_A_LINK] = MVLAN_POLICY_IFINDEX,
	[MVLAN_A_LINK_NAME] = MVLAN_POLICY_REPLY_ONLY,
	[MVLAN_FIRST_REPLY_ONLY ... MVLAN_A_MAX] = MVLAN_POLICY_REPLY_ONLY,
};

/* ------------------------------------------------------------------------ */
/* Lookups and checks (RTNL)                                                */

static struct genl_family mvlan_genl_family;

/* Bumped when a child appears or goes; dumps report a change as DUMP_INTR. */
static unsigned int mvlan_dump_gen = 1;

static int require_attr(struct genl_info *info, int type)
{
	if (!GENL_REQ_ATTR_CHECK(info, type))
		return 0;
	mvlan_extack_fmt(info->extack, "missing required attribute %s",
			 attr_names[type]);
	return -EINVAL;
}

static int check_mac(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	const u8 *mac = nla_data(attr);

	if (is_zero_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "MAC 00:00:00:00:00:00 is all-zero");
		return -EADDRNOTAVAIL;
	}
	if (is_multicast_ether_addr(mac)) {
		mvlan_extack_fmt_attr(extack, attr,
				      "MAC %pM is multicast, a device needs a unicast one",
				      mac);
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static int check_mode(const struct nlattr *attr,
		      struct netlink_ext_ack *extack)
{
	u32 mode = nla_get_u32(attr);

	switch (mode) {
	case MVLAN_MODE_PRIVATE:
	case MVLAN_MODE_VEPA:
	case MVLAN_MODE_BRIDGE:
	case MVLAN_MODE_PASSTHRU:
	case MVLAN_MODE_SOURCE:
		return 0;
	}
	mvlan_extack_fmt_attr(extack, attr,
			      "MODE %u is not 1 private, 2 vepa, 4 bridge, 8 passthru or 16 source",
			      mode);
	return -EINVAL;
}

static struct net_device *lookup_child(struct net *net,
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

static struct net_device *lookup_lower(struct net *net,
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
/* Messages                                                                 */

static size_t dev_msg_size(unsigned int n_sources)
{
	return nla_total_size(sizeof(u32)) * 8 +	/* ifindex ... count */
	       nla_total_size(IFNAMSIZ) * 2 +		/* ifname, link name */
	       nla_total_size(sizeof(s32)) * 2 +	/* netnsids */
	       nla_total_size(ETH_ALEN) +
	       nla_total_size(sizeof(u8)) * 2 +	/* carrier, oper up */
	       nla_total_size(0) + n_sources * nla_total_size(ETH_ALEN) +
	       nla_total_size(0) +
	       MVLAN_STATS_A_MAX * nla_total_size_64bit(sizeof(u64));
}

static size_t port_msg_size(void)
{
	return nla_total_size(sizeof(u32)) * 6 +
	       nla_total_size(IFNAMSIZ) +
	       nla_total_size(sizeof(u8)) +
	       nla_total_size(0) +
	       MVLAN_STATS_A_MAX * nla_total_size_64bit(sizeof(u64));
}

/* The id of @net as seen from @viewer, when they differ. */
static int put_netnsid(struct sk_buff *skb, int type, struct net *viewer,
		       struct net *net)
{
	if (net_eq(viewer, net))
		return 0;
	return nla_put_s32(skb, type, peernet2id_alloc(viewer, net, GFP_KERNEL));
}

static int put_stats(struct sk_buff *skb,
		     struct mvlan_pcpu_stats __percpu *pcpu, bool port)
{
	struct mvlan_stats sum;
	struct nlattr *nest;
	int i;

	BUILD_BUG_ON(MVLAN_STATS_A_DROP_NO_CHILD + __MVLAN_DROP_MAX !=
		     MVLAN_STATS_A_PAD);
	BUILD_BUG_ON(MVLAN_STATS_A_FWD_INLINE + __MVLAN_FWD_MAX !=
		     __MVLAN_STATS_A_MAX);

	mvlan_stats_sum(pcpu, &sum);
	nest = nla_nest_start(skb, MVLAN_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (!port &&
	    (nla_put_u64_64bit(skb, MVLAN_STATS_A_RX_PACKETS, sum.rx_packets,
			       MVLAN_STATS_A_PAD) ||
	     nla_put_u64_64bit(skb, MVLAN_STATS_A_RX_BYTES, sum.rx_bytes,
			       MVLAN_STATS_A_PAD) ||
	     nla_put_u64_64bit(skb, MVLAN_STATS_A_RX_MULTICAST,
			       sum.rx_multicast, MVLAN_STATS_A_PAD) ||
	     nla_put_u64_64bit(skb, MVLAN_STATS_A_RX_DROPPED, sum.rx_dropped,
			       MVLAN_STATS_A_PAD) ||
	     nla_put_u64_64bit(skb, MVLAN_STATS_A_TX_PACKETS, sum.tx_packets,
			       MVLAN_STATS_A_PAD) ||
	     nla_put_u64_64bit(skb, MVLAN_STATS_A_TX_BYTES, sum.tx_bytes,
			       MVLAN_STATS_A_PAD) ||
	     nla_put_u64_64bit(skb, MVLAN_STATS_A_TX_DROPPED, sum.tx_dropped,
			       MVLAN_STATS_A_PAD)))
		goto cancel;
	for (i = 0; i < __MVLAN_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, MVLAN_STATS_A_DROP_NO_CHILD + i,
				      sum.drops[i], MVLAN_STATS_A_PAD))
			goto cancel;
	for (i = 0; !port && i < __MVLAN_FWD_MAX; i++)
		if (nla_put_u64_64bit(skb, MVLAN_STATS_A_FWD_INLINE + i,
				      sum.fwd[i], MVLAN_STATS_A_PAD))
			goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int put_sources(struct sk_buff *skb, const struct mvlan_child *vlan)
{
	unsigned int n = vlan->source_count, i;
	u8 (*macs)[ETH_ALEN] = NULL;
	struct nlattr *nest;
	int err = -EMSGSIZE;

	if (vlan->mode != MVLAN_MODE_SOURCE && !n)
		return 0;
	if (n) {
		macs = kmalloc_array(n, ETH_ALEN, GFP_KERNEL);
		if (!macs)
			return -ENOMEM;
		n = min(mvlan_source_list(vlan, macs, 0, n), n);
	}
	nest = nla_nest_start(skb, MVLAN_A_SOURCE_MACS);
	if (!nest)
		goto out;
	for (i = 0; i < n; i++) {
		if (nla_put(skb, MVLAN_A_MAC, ETH_ALEN, macs[i])) {
			nla_nest_cancel(skb, nest);
			goto out;
		}
	}
	nla_nest_end(skb, nest);
	err = 0;
out:
	kfree(macs);
	return err;
}

/*
 * One child as seen from @viewer: LINK is an ifindex in the lower's
 * namespace, named by LINK_NETNSID when that is not the viewer's.
 */
static int fill_dev(struct sk_buff *skb, struct net_device *dev,
		    struct net *viewer, u8 cmd, u32 portid, u32 seq, int flags,
		    u32 count, struct netlink_callback *cb)
{
	struct mvlan_child *vlan = netdev_priv(dev);
	struct net_device *lower = vlan->lower;
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &mvlan_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	err = -EMSGSIZE;
	if (nla_put_u32(skb, MVLAN_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, MVLAN_A_IFNAME, dev->name) ||
	    put_netnsid(skb, MVLAN_A_NETNSID, viewer, dev_net(dev)) ||
	    nla_put_u32(skb, MVLAN_A_MODE, vlan->mode) ||
	    nla_put_u32(skb, MVLAN_A_FLAGS, vlan->flags) ||
	    nla_put(skb, MVLAN_A_MAC, ETH_ALEN, dev->dev_addr) ||
	    nla_put_u32(skb, MVLAN_A_MTU, dev->mtu) ||
	    nla_put_u32(skb, MVLAN_A_BC_QUEUE_LEN, vlan->bc_queue_len_req) ||
	    nla_put_u8(skb, MVLAN_A_CARRIER, netif_carrier_ok(dev)) ||
	    nla_put_u8(skb, MVLAN_A_OPER_UP,
		       netif_running(dev) && netif_oper_up(dev)) ||
	    (count && nla_put_u32(skb, MVLAN_A_COUNT, count)))
		goto cancel;
	if (lower &&
	    (nla_put_u32(skb, MVLAN_A_LINK, lower->ifindex) ||
	     nla_put_string(skb, MVLAN_A_LINK_NAME, lower->name) ||
	     put_netnsid(skb, MVLAN_A_LINK_NETNSID, viewer, dev_net(lower))))
		goto cancel;
	if (vlan->port &&
	    nla_put_s32(skb, MVLAN_A_BC_CUTOFF, mvlan_port_bc_cutoff(vlan->port)))
		goto cancel;
	err = put_sources(skb, vlan);
	if (err)
		goto cancel;
	err = put_stats(skb, vlan->stats, false);
	if (err)
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return err;
}

/* Only what names the child: it is on its way out. */
static int fill_dev_gone(struct sk_buff *skb, struct net_device *dev,
			 int ifindex, struct net *viewer)
{
	struct mvlan_child *vlan = netdev_priv(dev);
	struct net_device *lower = vlan->lower;
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &mvlan_genl_family, 0,
			  MVLAN_CMD_DEV_DEL_NTF);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, MVLAN_A_IFINDEX, ifindex) ||
	    nla_put_string(skb, MVLAN_A_IFNAME, dev->name) ||
	    put_netnsid(skb, MVLAN_A_NETNSID, viewer, dev_net(dev)))
		goto cancel;
	if (lower &&
	    (nla_put_u32(skb, MVLAN_A_LINK, lower->ifindex) ||
	     put_netnsid(skb, MVLAN_A_LINK_NETNSID, viewer, dev_net(lower))))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int fill_port(struct sk_buff *skb, const struct mvlan_port *port,
		     u32 portid, u32 seq, int flags,
		     struct netlink_callback *cb)
{
	const struct net_device *lower = port->lower;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &mvlan_genl_family, flags,
			  MVLAN_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, MVLAN_A_LINK, lower->ifindex) ||
	    nla_put_string(skb, MVLAN_A_LINK_NAME, lower->name) ||
	    nla_put_u32(skb, MVLAN_A_PORT_CHILDREN, port->nchildren) ||
	    nla_put_u8(skb, MVLAN_A_PORT_PASSTHRU, port->pt.on) ||
	    nla_put_u32(skb, MVLAN_A_PORT_BC_QUEUE_LEN_USED,
			mvlan_port_bc_limit(port)) ||
	    nla_put_u32(skb, MVLAN_A_PORT_BC_QUEUE_QLEN,
			mvlan_port_bc_qlen(port)) ||
	    nla_put_u32(skb, MVLAN_A_PORT_PROMISC, lower->promiscuity) ||
	    nla_put_s32(skb, MVLAN_A_BC_CUTOFF, mvlan_port_bc_cutoff(port)) ||
	    put_stats(skb, port->stats, true)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Notifications (RTNL)                                                     */

static void notify_dev_to(struct net_device *dev, struct net *net, u8 cmd,
			  int ifindex)
{
	struct mvlan_child *vlan = netdev_priv(dev);
	struct sk_buff *skb;
	int err;

	if (!genl_has_listeners(&mvlan_genl_family, net, 0))
		return;
	skb = genlmsg_new(dev_msg_size(vlan->source_count), GFP_KERNEL);
	if (!skb)
		return;
	if (cmd == MVLAN_CMD_DEV_DEL_NTF)
		err = fill_dev_gone(skb, dev, ifindex, net);
	else
		err = fill_dev(skb, dev, net, cmd, 0, 0, 0, 0, NULL);
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
static void notify_dev(struct net_device *dev, u8 cmd)
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

/* DEV_SET sends one change event of its own for all it changed. */
static struct net_device *quiet_dev;

/*
 * A child's carrier follows its lower even while the child is down, when
 * the core sends no NETDEV_CHANGE for it: report every real change once.
 */
static void notify_carrier(struct net_device *dev)
{
	struct mvlan_child *vlan = netdev_priv(dev);
	bool carrier = netif_carrier_ok(dev);

	if (vlan->carrier_reported == carrier)
		return;
	vlan->carrier_reported = carrier;
	notify_dev(dev, MVLAN_CMD_DEV_CARRIER_NTF);
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
			netif_carrier_ok(dev);
		mvlan_dump_gen++;
		if (dev == moving_dev) {
			moving_dev = NULL;
			moved_in(dev);
		} else {
			notify_dev(dev, MVLAN_CMD_DEV_NEW_NTF);
		}
		break;
	case NETDEV_UNREGISTER:
		mvlan_dump_gen++;
		if (dev->reg_state == NETREG_REGISTERED) {
			moved_out(dev);
			break;
		}
		if (dev == moving_dev)
			moving_dev = NULL;
		notify_dev(dev, MVLAN_CMD_DEV_DEL_NTF);
		break;
	case NETDEV_CHANGE:
		notify_carrier(dev);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGEADDR:
	case NETDEV_CHANGEMTU:
	case NETDEV_CHANGENAME:
		if (dev != quiet_dev)
			notify_dev(dev, MVLAN_CMD_DEV_CHANGE_NTF);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block mvlan_netdev_notifier = {
	.notifier_call = netdev_event,
};

/* ------------------------------------------------------------------------ */
/* DEV_GET                                                                  */

static int dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct sk_buff *reply;
	int err;

	if (require_attr(info, MVLAN_A_IFINDEX))
		return -EINVAL;

	rtnl_lock();
	dev = lookup_child(net, info->attrs[MVLAN_A_IFINDEX], info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto unlock;
	}
	reply = genlmsg_new(dev_msg_size(((struct mvlan_child *)netdev_priv(dev))->source_count),
			    GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto unlock;
	}
	err = fill_dev(reply, dev, net, MVLAN_CMD_DEV_GET, info->snd_portid,
		       info->snd_seq, 0, 0, NULL);
	rtnl_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
unlock:
	rtnl_unlock();
	return err;
}

/* Children whose lower or who themselves are in the caller's namespace. */
static int dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = mvlan_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct net_device *filter = NULL;
	long skip = cb->args[0], idx = 0;
	struct mvlan_port *port;
	struct mvlan_child *vlan;
	int err = 0;

	if (attrs[MVLAN_A_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[MVLAN_A_IFINDEX],
				    "IFINDEX names one device: send it without NLM_F_DUMP");
		return -EINVAL;
	}

	rtnl_lock();
	if (attrs[MVLAN_A_LINK]) {
		filter = lookup_lower(net, attrs[MVLAN_A_LINK], cb->extack);
		if (IS_ERR(filter)) {
			err = PTR_ERR(filter);
			goto out;
		}
	}
	cb->seq = mvlan_dump_gen;
	mvlan_for_each_port(port) {
		bool lower_here = net_eq(dev_net(port->lower), net);

		if (filter && port->lower != filter)
			continue;
		mvlan_port_for_each_child(port, vlan) {
			if (!lower_here && !net_eq(dev_net(vlan->dev), net))
				continue;
			if (idx < skip) {
				idx++;
				continue;
			}
			err = fill_dev(skb, vlan->dev, net, MVLAN_CMD_DEV_GET,
				       NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI, 0, cb);
			if (err)
				goto out;
			idx++;
		}
	}
out:
	rtnl_unlock();
	cb->args[0] = idx;
	/* A full skb ends this round; an empty one means the entry is too big. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* ------------------------------------------------------------------------ */
/* DEV_NEW                                                                  */

/* With COUNT (even 1), IFNAME is a prefix: the names are IFNAME0, IFNAME1 ... */
static int check_names(struct genl_info *info, const char *prefix, u32 count)
{
	struct nlattr *attr = info->attrs[MVLAN_A_IFNAME];
	char name[IFNAMSIZ + 16];

	if (!info->attrs[MVLAN_A_COUNT]) {
		if (!dev_valid_name(prefix)) {
			mvlan_extack_fmt_attr(info->extack, attr,
					      "IFNAME \"%s\" is not a valid device name",
					      prefix);
			return -EINVAL;
		}
		return 0;
	}
	if (strchr(prefix, '%')) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "with COUNT, IFNAME is a plain prefix: the kernel appends 0, 1, ...");
		return -EINVAL;
	}
	snprintf(name, sizeof(name), "%s%u", prefix, count - 1);
	if (strlen(name) >= IFNAMSIZ) {
		mvlan_extack_fmt_attr(info->extack, attr,
				      "name %s for COUNT %u is longer than %d characters",
				      name, count, IFNAMSIZ - 1);
		return -EINVAL;
	}
	if (!dev_valid_name(name)) {
		mvlan_extack_fmt_attr(info->extack, attr,
				      "IFNAME prefix \"%s\" does not give valid device names",
				      prefix);
		return -EINVAL;
	}
	return 0;
}

static int parse_create_args(struct genl_info *info,
			     struct mvlan_create_args *args, u32 count)
{
	struct nlattr **attrs = info->attrs;
	int err;

	if (attrs[MVLAN_A_MAC]) {
		if (count > 1) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[MVLAN_A_MAC],
					    "MAC cannot be given with COUNT above 1: the devices would share it");
			return -EINVAL;
		}
		err = check_mac(attrs[MVLAN_A_MAC], info->extack);
		if (err)
			return err;
		args->cfg.mac = nla_data(attrs[MVLAN_A_MAC]);
	}
	if (attrs[MVLAN_A_MODE]) {
		err = check_mode(attrs[MVLAN_A_MODE], info->extack);
		if (err)
			return err;
		args->cfg.mode = nla_get_u32(attrs[MVLAN_A_MODE]);
	}
	if (attrs[MVLAN_A_FLAGS])
		args->cfg.flags = nla_get_u32(attrs[MVLAN_A_FLAGS]);
	if (attrs[MVLAN_A_MTU])
		args->cfg.mtu = nla_get_u32(attrs[MVLAN_A_MTU]);
	if (attrs[MVLAN_A_BC_QUEUE_LEN]) {
		args->cfg.bc_queue_len = nla_get_u32(attrs[MVLAN_A_BC_QUEUE_LEN]);
		args->cfg.has_bc_queue_len = true;
	}
	if (attrs[MVLAN_A_BC_CUTOFF]) {
		args->cfg.bc_cutoff = nla_get_s32(attrs[MVLAN_A_BC_CUTOFF]);
		args->cfg.has_bc_cutoff = true;
	}
	return 0;
}

/* The namespace for the new children, referenced; the caller's by default. */
static struct net *target_net(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[MVLAN_A_NETNS_FD];
	struct net *net;

	if (!attr)
		return get_net(genl_info_net(info));
	net = get_net_ns_by_fd(nla_get_u32(attr));
	if (IS_ERR(net)) {
		mvlan_extack_fmt_attr(info->extack, attr,
				      "NETNS_FD %u is not a network namespace",
				      nla_get_u32(attr));
		return net;
	}
	if (!netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "CAP_NET_ADMIN over the target namespace is required");
		put_net(net);
		return ERR_PTR(-EPERM);
	}
	return net;
}

static int dev_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mvlan_create_args args = {};
	struct nlattr **attrs = info->attrs;
	struct net *net = genl_info_net(info);
	struct net_device *one, **devs = &one;
	const char *prefix = NULL;
	struct sk_buff *reply;
	char name[IFNAMSIZ];
	LIST_HEAD(kill);
	u32 count = 1, i;
	int err;

	if (require_attr(info, MVLAN_A_LINK))
		return -EINVAL;
	if (attrs[MVLAN_A_COUNT])
		count = nla_get_u32(attrs[MVLAN_A_COUNT]);
	if (attrs[MVLAN_A_IFNAME]) {
		prefix = nla_data(attrs[MVLAN_A_IFNAME]);
		err = check_names(info, prefix, count);
		if (err)
			return err;
	}
	err = parse_create_args(info, &args, count);
	if (err)
		return err;

	args.net = target_net(skb, info);
	if (IS_ERR(args.net))
		return PTR_ERR(args.net);
	err = -ENOMEM;
	reply = genlmsg_new(dev_msg_size(0), GFP_KERNEL);
	if (!reply)
		goto put_net;
	if (count > 1) {
		devs = kvcalloc(count, sizeof(*devs), GFP_KERNEL);
		if (!devs)
			goto free_reply;
	}

	rtnl_lock();
	args.cfg.lower = lookup_lower(net, attrs[MVLAN_A_LINK], info->extack);
	if (IS_ERR(args.cfg.lower)) {
		err = PTR_ERR(args.cfg.lower);
		i = 0;
		goto undo;
	}
	args.name = prefix;
	for (i = 0; i < count; i++) {
		if (prefix && attrs[MVLAN_A_COUNT]) {
			snprintf(name, sizeof(name), "%s%u", prefix, i);
			args.name = name;
		}
		err = mvlan_create(&args, &devs[i], info->extack);
		if (err) {
			if (count > 1 && info->extack && !info->extack->_msg)
				mvlan_extack_fmt(info->extack,
						 "creating device %u of %u failed, none was kept",
						 i + 1, count);
			goto undo;
		}
	}
	err = fill_dev(reply, devs[0], net, MVLAN_CMD_DEV_NEW,
		       info->snd_portid, info->snd_seq, 0,
		       count > 1 ? count : 0, NULL);
	if (err)
		goto undo;
	rtnl_unlock();
	if (devs != &one)
		kvfree(devs);
	put_net(args.net);
	return genlmsg_reply(reply, info);

undo:
	while (i--)
		mvlan_delete(devs[i], &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
	if (devs != &one)
		kvfree(devs);
free_reply:
	nlmsg_free(reply);
put_net:
	put_net(args.net);
	return err;
}

/* ------------------------------------------------------------------------ */
/* DEV_DEL                                                                  */

static int cmp_ptr(const void *a, const void *b)
{
	const void *x = *(void * const *)a, *y = *(void * const *)b;

	return x < y ? -1 : x > y;
}

static int dev_del_batch(struct genl_info *info, struct list_head *kill)
{
	struct nlattr *batch = info->attrs[MVLAN_A_BATCH], *attr;
	struct net *net = genl_info_net(info);
	struct net_device **devs;
	unsigned int n = 0, i;
	int rem, err = 0;

	nla_for_each_nested(attr, batch, rem)
		n++;
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, batch, "BATCH is empty");
		return -EINVAL;
	}
	if (n > MVLAN_BATCH_MAX) {
		mvlan_extack_fmt_attr(info->extack, batch,
				      "BATCH holds %u devices, at most %u are allowed",
				      n, MVLAN_BATCH_MAX);
		return -E2BIG;
	}
	devs = kvmalloc_array(n, sizeof(*devs), GFP_KERNEL);
	if (!devs)
		return -ENOMEM;

	i = 0;
	nla_for_each_nested(attr, batch, rem) {
		devs[i] = lookup_child(net, attr, info->extack);
		if (IS_ERR(devs[i])) {
			err = PTR_ERR(devs[i]);
			goto out;
		}
		i++;
	}
	/* Queueing one device twice would corrupt the unregister list. */
	sort(devs, n, sizeof(*devs), cmp_ptr, NULL);
	for (i = 1; i < n; i++) {
		if (devs[i] == devs[i - 1]) {
			mvlan_extack_fmt_attr(info->extack, batch,
					      "device %s is listed twice in BATCH",
					      devs[i]->name);
			err = -EINVAL;
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		mvlan_delete(devs[i], kill);
out:
	kvfree(devs);
	return err;
}

static int dev_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ifindex = info->attrs[MVLAN_A_IFINDEX];
	struct nlattr *batch = info->attrs[MVLAN_A_BATCH];
	struct net_device *dev;
	LIST_HEAD(kill);
	int err = 0;

	if (!ifindex && !batch) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, MVLAN_A_IFINDEX);
		GENL_SET_ERR_MSG(info, "either IFINDEX or BATCH is required");
		return -EINVAL;
	}
	if (ifindex && batch) {
		NL_SET_ERR_MSG_ATTR(info->extack, batch,
				    "give either IFINDEX or BATCH, not both");
		return -EINVAL;
	}

	rtnl_lock();
	if (batch) {
		err = dev_del_batch(info, &kill);
	} else {
		dev = lookup_child(genl_info_net(info), ifindex, info->extack);
		if (IS_ERR(dev))
			err = PTR_ERR(dev);
		else
			mvlan_delete(dev, &kill);
	}
	unregister_netdevice_many(&kill);
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------------ */
/* DEV_SET and SOURCE                                                       */

static int dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mvlan_change_args args = {};
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	int err;

	if (require_attr(info, MVLAN_A_IFINDEX))
		return -EINVAL;
	if (attrs[MVLAN_A_MAC]) {
		err = check_mac(attrs[MVLAN_A_MAC], info->extack);
		if (err)
			return err;
		args.mac = nla_data(attrs[MVLAN_A_MAC]);
	}
	if (attrs[MVLAN_A_MODE]) {
		err = check_mode(attrs[MVLAN_A_MODE], info->extack);
		if (err)
			return err;
		args.mode = nla_get_u32(attrs[MVLAN_A_MODE]);
		args.has_mode = true;
	}
	if (attrs[MVLAN_A_FLAGS]) {
		args.flags = nla_get_u32(attrs[MVLAN_A_FLAGS]);
		args.has_flags = true;
	}
	if (attrs[MVLAN_A_BC_QUEUE_LEN]) {
		args.bc_queue_len = nla_get_u32(attrs[MVLAN_A_BC_QUEUE_LEN]);
		args.has_bc_queue_len = true;
	}
	if (attrs[MVLAN_A_BC_CUTOFF]) {
		args.bc_cutoff = nla_get_s32(attrs[MVLAN_A_BC_CUTOFF]);
		args.has_bc_cutoff = true;
	}
	if (!args.mac && !args.has_mode && !args.has_flags &&
	    !args.has_bc_queue_len && !args.has_bc_cutoff) {
		GENL_SET_ERR_MSG(info,
				 "nothing to change: give MODE, FLAGS, MAC, BC_QUEUE_LEN or BC_CUTOFF");
		return -EINVAL;
	}

	rtnl_lock();
	dev = lookup_child(genl_info_net(info), attrs[MVLAN_A_IFINDEX],
			   info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
	} else {
		quiet_dev = dev;
		err = mvlan_change(dev, &args, info->extack);
		quiet_dev = NULL;
		if (!err)
			notify_dev(dev, MVLAN_CMD_DEV_CHANGE_NTF);
	}
	rtnl_unlock();
	return err;
}

static int source_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs, *list, *attr;
	u8 (*macs)[ETH_ALEN] = NULL;
	struct net_device *dev;
	unsigned int n = 0;
	int rem, err;
	u32 op;

	if (require_attr(info, MVLAN_A_IFINDEX) ||
	    require_attr(info, MVLAN_A_SOURCE_OP))
		return -EINVAL;
	op = nla_get_u32(attrs[MVLAN_A_SOURCE_OP]);
	list = attrs[MVLAN_A_SOURCE_MACS];
	if (op == MVLAN_SOURCE_FLUSH && list) {
		NL_SET_ERR_MSG_ATTR(info->extack, list,
				    "SOURCE_MACS is not used with the FLUSH operation");
		return -EINVAL;
	}
	if (op != MVLAN_SOURCE_FLUSH && require_attr(info, MVLAN_A_SOURCE_MACS))
		return -EINVAL;

	if (list) {
		nla_for_each_nested(attr, list, rem)
			n++;
		if (!n && op != MVLAN_SOURCE_SET) {
			NL_SET_ERR_MSG_ATTR(info->extack, list,
					    "SOURCE_MACS holds no MAC");
			return -EINVAL;
		}
	}
	if (n) {
		macs = kvmalloc_array(n, ETH_ALEN, GFP_KERNEL);
		if (!macs)
			return -ENOMEM;
		n = 0;
		nla_for_each_nested(attr, list, rem) {
			err = check_mac(attr, info->extack);
			if (err)
				goto out;
			memcpy(macs[n++], nla_data(attr), ETH_ALEN);
		}
	}

	rtnl_lock();
	dev = lookup_child(genl_info_net(info), attrs[MVLAN_A_IFINDEX],
			   info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
	} else {
		err = mvlan_source_edit(dev, op, (const u8 (*)[ETH_ALEN])macs,
					n, info->extack);
		if (!err)
			notify_dev(dev, MVLAN_CMD_DEV_CHANGE_NTF);
	}
	rtnl_unlock();
out:
	kvfree(macs);
	return err;
}

/* ------------------------------------------------------------------------ */
/* PORT_GET                                                                 */

static int port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *lower;
	struct mvlan_port *port;
	struct sk_buff *reply;
	int err;

	if (require_attr(info, MVLAN_A_LINK))
		return -EINVAL;
	reply = genlmsg_new(port_msg_size(), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	rtnl_lock();
	lower = lookup_lower(genl_info_net(info), info->attrs[MVLAN_A_LINK],
			     info->extack);
	if (IS_ERR(lower)) {
		err = PTR_ERR(lower);
		goto unlock;
	}
	port = mvlan_port_of(lower);
	if (!port) {
		mvlan_extack_fmt_attr(info->extack, info->attrs[MVLAN_A_LINK],
				      "%s is not the lower of any mvlan device",
				      lower->name);
		err = -ENODEV;
		goto unlock;
	}
	err = fill_port(reply, port, info->snd_portid, info->snd_seq, 0, NULL);
unlock:
	rtnl_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

static int port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
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
	cb->seq = mvlan_dump_gen;
	mvlan_for_each_port(port) {
		if (!net_eq(dev_net(port->lower), net))
			continue;
		if (idx < skip) {
			idx++;
			continue;
		}
		err = fill_port(skb, port, NETLINK_CB(cb->skb).portid,
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
/* Family                                                                   */

static const struct genl_ops mvlan_genl_ops[] = {
	{
		.cmd = MVLAN_CMD_DEV_GET,
		.doit = dev_get_doit,
		.dumpit = dev_get_dumpit,
		.policy = dev_get_policy,
		.maxattr = ARRAY_SIZE(dev_get_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_DEV_NEW,
		.doit = dev_new_doit,
		.policy = dev_new_policy,
		.maxattr = ARRAY_SIZE(dev_new_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_DEV_DEL,
		.doit = dev_del_doit,
		.policy = dev_del_policy,
		.maxattr = ARRAY_SIZE(dev_del_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_DEV_SET,
		.doit = dev_set_doit,
		.policy = dev_set_policy,
		.maxattr = ARRAY_SIZE(dev_set_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_SOURCE,
		.doit = source_doit,
		.policy = source_policy,
		.maxattr = ARRAY_SIZE(source_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MVLAN_CMD_PORT_GET,
		.doit = port_get_doit,
		.dumpit = port_get_dumpit,
		.policy = port_get_policy,
		.maxattr = ARRAY_SIZE(port_get_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group mvlan_mcgrps[] = {
	{ .name = MVLAN_MCGRP_MONITOR },
};

static struct genl_family mvlan_genl_family __ro_after_init = {
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
	err = register_netdevice_notifier(&mvlan_netdev_notifier);
	if (err) {
		genl_unregister_family(&mvlan_genl_family);
		return err;
	}
	rtnl_lock();
	events_on = true;
	rtnl_unlock();
	return 0;
}

void mvlan_genl_exit(void)
{
	rtnl_lock();
	events_on = false;
	rtnl_unlock();
	unregister_netdevice_notifier(&mvlan_netdev_notifier);
	genl_unregister_family(&mvlan_genl_family);
	msg_cache_release();
}

MODULE_ALIAS_GENL_FAMILY(MVLAN_FAMILY_NAME);
