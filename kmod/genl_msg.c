// SPDX-License-Identifier: GPL-2.0
/*
 * Building the messages of the mvlan family: a child (DEV_*), a child that
 * is going (DEV_DEL_NTF) and a port (PORT_GET), each as seen from the
 * namespace of the socket that will read it.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "genl.h"

/* ------------------------------------------------------------------------ */
/* Sizes and pieces                                                         */

/* Bounded: source MACs are not in it (SOURCE_GET pages them). */
size_t mvlan_genl_dev_size(void)
{
	return nla_total_size(sizeof(u32)) * 9 +	/* ifindex ... sources */
	       nla_total_size(IFNAMSIZ) * 2 +		/* ifname, link name */
	       nla_total_size(sizeof(s32)) * 2 +	/* netnsids */
	       nla_total_size(ETH_ALEN) +
	       nla_total_size(sizeof(u8)) * 2 +	/* carrier, oper up */
	       nla_total_size(0) +			/* tap */
	       nla_total_size(0) +
	       MVLAN_STATS_A_MAX * nla_total_size_64bit(sizeof(u64));
}

size_t mvlan_genl_port_size(void)
{
	return nla_total_size(sizeof(u32)) * 6 +
	       nla_total_size(IFNAMSIZ) +
	       nla_total_size(sizeof(u8)) * 2 +	/* passthru, host access */
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

/* A page of @n source MACs of @dev (6 bytes each); returns how many fit. */
int mvlan_genl_fill_sources(struct sk_buff *skb, struct net_device *dev,
			    const u8 *macs, unsigned int n,
			    u32 portid, u32 seq, struct netlink_callback *cb)
{
	struct nlattr *nest;
	unsigned int i;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &mvlan_genl_family, NLM_F_MULTI,
			  MVLAN_CMD_SOURCE_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, MVLAN_A_IFINDEX, dev->ifindex))
		goto cancel;
	nest = nla_nest_start(skb, MVLAN_A_SOURCE_MACS);
	if (!nest)
		goto cancel;
	for (i = 0; i < n; i++)
		if (nla_put(skb, MVLAN_A_MAC, ETH_ALEN, macs + i * ETH_ALEN))
			break;
	if (!i)
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return i;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * A child's carrier follows its lower's. Between register_netdevice() and
 * the core copying the lower's state, the child still has the default
 * carrier on: report what it is about to have, not that.
 */
bool mvlan_genl_carrier(const struct net_device *dev)
{
	const struct mvlan_child *vlan = netdev_priv(dev);

	return netif_carrier_ok(dev) &&
	       (!vlan->lower || netif_carrier_ok(vlan->lower));
}

/*
 * One child as seen from @viewer: LINK is an ifindex in the lower's
 * namespace, named by LINK_NETNSID when that is not the viewer's.
 */
int mvlan_genl_fill_dev(struct sk_buff *skb, struct net_device *dev,
			struct net *viewer, u8 cmd, u32 portid, u32 seq,
			int flags, u32 count, struct netlink_callback *cb)
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
	    nla_put_u8(skb, MVLAN_A_CARRIER, mvlan_genl_carrier(dev)) ||
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
	if ((vlan->mode == MVLAN_MODE_SOURCE || vlan->source_count) &&
	    nla_put_u32(skb, MVLAN_A_SOURCE_COUNT, vlan->source_count))
		goto cancel;
	if (mvlan_is_tap(dev) && nla_put_flag(skb, MVLAN_A_TAP))
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
int mvlan_genl_fill_dev_gone(struct sk_buff *skb, struct net_device *dev,
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

int mvlan_genl_fill_port(struct sk_buff *skb, const struct mvlan_port *port,
			 u8 cmd, u32 portid, u32 seq, int flags,
			 struct netlink_callback *cb)
{
	const struct net_device *lower = port->lower;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &mvlan_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, MVLAN_A_LINK, lower->ifindex) ||
	    nla_put_string(skb, MVLAN_A_LINK_NAME, lower->name) ||
	    nla_put_u32(skb, MVLAN_A_PORT_CHILDREN, port->nchildren) ||
	    nla_put_u8(skb, MVLAN_A_PORT_PASSTHRU, port->pt.on) ||
	    nla_put_u8(skb, MVLAN_A_PORT_HOST_ACCESS,
		       mvlan_port_host_access(port)) ||
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

