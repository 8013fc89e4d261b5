// SPDX-License-Identifier: GPL-2.0
/*
 * The Ethernet front-end: a child carried by an ordinary Ethernet
 * net_device, for containers and the host. The ops tables are kernel glue;
 * what a child does is the core's (child.c, xmit.c). The tap front-end
 * (tap.c) is this device with a reader behind it and shares these ops.
 */
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#include "fastpath.h"

/* Offloads a child takes over from its lower. */
#define MVLAN_ETH_FEATURES \
	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | NETIF_F_FRAGLIST | \
	 NETIF_F_GSO | NETIF_F_TSO | NETIF_F_LRO | NETIF_F_TSO_ECN | \
	 NETIF_F_TSO6 | NETIF_F_GRO | NETIF_F_RXCSUM | \
	 NETIF_F_HW_VLAN_CTAG_FILTER | NETIF_F_HW_VLAN_STAG_FILTER)

/* Software fallbacks make these free whatever the lower does. */
#define MVLAN_ETH_SOFT_OFFLOADS \
	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE | \
	 NETIF_F_GSO_ROBUST | NETIF_F_GSO_ENCAP_ALL)

#ifdef MVLAN_HAVE_DEV_LLTX
#define MVLAN_ETH_ALWAYS_ON	MVLAN_ETH_SOFT_OFFLOADS
#else
#define MVLAN_ETH_ALWAYS_ON	(MVLAN_ETH_SOFT_OFFLOADS | NETIF_F_LLTX)
#endif

/* Limits and offsets that follow the lower (creation and FEAT_CHANGE). */
void mvlan_eth_inherit_lower(struct net_device *dev, struct net_device *lower)
{
	netif_inherit_tso_max(dev, lower);
	dev->needed_headroom = lower->needed_headroom;
	dev->needed_tailroom = lower->needed_tailroom;
}

int mvlan_eth_init(struct net_device *dev)
{
	struct mvlan_child *child = mvlan_child_of(dev);
	struct net_device *lower = child->lower;
	int err;

	err = mvlan_child_init(dev);
	if (err)
		return err;
	dev->features = (lower->features & MVLAN_ETH_FEATURES) |
			MVLAN_ETH_ALWAYS_ON;
	dev->hw_features |= NETIF_F_LRO;
	dev->vlan_features = (lower->vlan_features & MVLAN_ETH_FEATURES) |
			     MVLAN_ETH_SOFT_OFFLOADS;
	dev->hw_enc_features |= dev->features;
#ifdef MVLAN_HAVE_DEV_LLTX
	dev->lltx = true;
#endif
	dev->hard_header_len = lower->hard_header_len;
	mvlan_eth_inherit_lower(dev, lower);
	return 0;
}

static int mvlan_eth_open(struct net_device *dev)
{
	return mvlan_child_open(mvlan_child_of(dev));
}

static int mvlan_eth_stop(struct net_device *dev)
{
	mvlan_child_stop(mvlan_child_of(dev));
	return 0;
}

static netdev_tx_t mvlan_eth_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct mvlan_child *child = mvlan_child_of(dev);
	unsigned int len = skb->len;
	struct mvlan_pcpu_stats *s;
	int ret;

	ret = mvlan_child_xmit(child, skb);
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN)) {
		s = this_cpu_ptr(child->stats);
		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->tx_packets);
		u64_stats_add(&s->tx_bytes, len);
		u64_stats_update_end(&s->syncp);
	} else {
		this_cpu_inc(child->stats->tx_dropped);
	}
	/* The lower's verdict is the sender's: congestion and drops show. */
	return ret;
}

static int mvlan_eth_set_mac_address(struct net_device *dev, void *p)
{
	const struct sockaddr *sa = p;

	return mvlan_child_set_addr(mvlan_child_of(dev), sa->sa_data);
}

static void mvlan_eth_change_rx_flags(struct net_device *dev, int change)
{
	if ((dev->flags & IFF_UP) && (change & (IFF_PROMISC | IFF_ALLMULTI)))
		mvlan_claims_sync(mvlan_child_of(dev), true);
}

static void mvlan_eth_set_rx_mode(struct net_device *dev)
{
	mvlan_child_rx_mode(mvlan_child_of(dev));
}

static int mvlan_eth_change_mtu(struct net_device *dev, int new_mtu)
{
	const struct net_device *lower = mvlan_child_of(dev)->lower;

	/*
	 * Neither this callback nor NETDEV_PRECHANGEMTU carries an extack, and
	 * max_mtu stays the lower's max_mtu as in-tree reports it: the reason
	 * can only go to the log.
	 */
	if (new_mtu > lower->mtu) {
		pr_info_ratelimited("%s: MTU %d refused, above the MTU %u of its lower %s\n",
				    dev->name, new_mtu, lower->mtu, lower->name);
		return -EINVAL;
	}
	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}

netdev_features_t mvlan_eth_fix_features(struct net_device *dev,
					 netdev_features_t features)
{
	netdev_features_t lower_features = mvlan_child_of(dev)->lower->features;
	netdev_features_t mask;

	features |= NETIF_F_ALL_FOR_ALL;
	mask = features;
	/* LRO only where the child asked for it. */
	lower_features &= features | ~NETIF_F_LRO;
	features = netdev_increment_features(lower_features, features, mask);
	features |= MVLAN_ETH_ALWAYS_ON;
	return features & (MVLAN_ETH_ALWAYS_ON | MVLAN_ETH_FEATURES);
}

static void mvlan_eth_get_stats64(struct net_device *dev,
				  struct rtnl_link_stats64 *stats)
{
	mvlan_child_get_stats64(mvlan_child_of(dev), stats);
}

static int mvlan_eth_vlan_rx_add_vid(struct net_device *dev, __be16 proto,
				     u16 vid)
{
	return vlan_vid_add(mvlan_child_of(dev)->lower, proto, vid);
}

static int mvlan_eth_vlan_rx_kill_vid(struct net_device *dev, __be16 proto,
				      u16 vid)
{
	vlan_vid_del(mvlan_child_of(dev)->lower, proto, vid);
	return 0;
}

static int mvlan_eth_get_iflink(const struct net_device *dev)
{
	return READ_ONCE(mvlan_child_of(dev)->lower->ifindex);
}

/* Shared with the tap front-end, which has its own init, uninit and features. */
#define MVLAN_ETH_NDO_COMMON						\
	.ndo_open		= mvlan_eth_open,			\
	.ndo_stop		= mvlan_eth_stop,			\
	.ndo_start_xmit		= mvlan_eth_xmit,			\
	.ndo_change_mtu		= mvlan_eth_change_mtu,			\
	.ndo_change_rx_flags	= mvlan_eth_change_rx_flags,		\
	.ndo_set_mac_address	= mvlan_eth_set_mac_address,		\
	.ndo_set_rx_mode	= mvlan_eth_set_rx_mode,		\
	.ndo_get_stats64	= mvlan_eth_get_stats64,		\
	.ndo_validate_addr	= eth_validate_addr,			\
	.ndo_vlan_rx_add_vid	= mvlan_eth_vlan_rx_add_vid,		\
	.ndo_vlan_rx_kill_vid	= mvlan_eth_vlan_rx_kill_vid,		\
	.ndo_get_iflink		= mvlan_eth_get_iflink,			\
	.ndo_features_check	= passthru_features_check

static const struct net_device_ops mvlan_eth_netdev_ops = {
	MVLAN_ETH_NDO_COMMON,
	.ndo_init		= mvlan_eth_init,
	.ndo_uninit		= mvlan_child_uninit,
	.ndo_fix_features	= mvlan_eth_fix_features,
};

const struct net_device_ops mvlan_tap_netdev_ops = {
	MVLAN_ETH_NDO_COMMON,
	.ndo_init		= mvlan_tap_init,
	.ndo_uninit		= mvlan_tap_uninit,
	.ndo_fix_features	= mvlan_tap_fix_features,
};

static int mvlan_eth_hard_header(struct sk_buff *skb, struct net_device *dev,
				 unsigned short type, const void *daddr,
				 const void *saddr, unsigned int len)
{
	return dev_hard_header(skb, mvlan_child_of(dev)->lower, type, daddr,
			       saddr ? : dev->dev_addr, len);
}

static const struct header_ops mvlan_eth_header_ops = {
	.create		= mvlan_eth_hard_header,
	.parse		= eth_header_parse,
	.cache		= eth_header_cache,
	.cache_update	= eth_header_cache_update,
	.parse_protocol	= eth_header_parse_protocol,
};

static void mvlan_eth_get_drvinfo(struct net_device *dev,
				  struct ethtool_drvinfo *info)
{
	/* The kind it was made as: "macvlan" for the tools that match on it. */
	strscpy(info->driver, dev->rtnl_link_ops->kind, sizeof(info->driver));
}

static int mvlan_eth_get_link_ksettings(struct net_device *dev,
					struct ethtool_link_ksettings *cmd)
{
	return __ethtool_get_link_ksettings(mvlan_child_of(dev)->lower, cmd);
}

static const struct ethtool_ops mvlan_eth_ethtool_ops = {
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= mvlan_eth_get_link_ksettings,
	.get_drvinfo		= mvlan_eth_get_drvinfo,
	.get_ts_info		= ethtool_op_get_ts_info,
};

void mvlan_eth_setup(struct net_device *dev)
{
	mvlan_child_setup(dev);
	/* The frame is handed on to the lower: never shared. */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_UNICAST_FLT | IFF_NO_QUEUE;
#ifdef MVLAN_HAVE_CHANGE_PROTO_DOWN
	dev->change_proto_down = true;
#else
	dev->priv_flags |= IFF_CHANGE_PROTO_DOWN;
#endif
	netif_keep_dst(dev);
	dev->netdev_ops = &mvlan_eth_netdev_ops;
	dev->header_ops = &mvlan_eth_header_ops;
	dev->ethtool_ops = &mvlan_eth_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = mvlan_child_free;
}

const struct mvlan_frontend mvlan_eth_frontend = {
	.name		= "ethernet",
	.priv_size	= sizeof(struct mvlan_child),
	.setup		= mvlan_eth_setup,
	.netdev_ops	= &mvlan_eth_netdev_ops,
	.link_ops	= &mvlan_link_ops,
};
