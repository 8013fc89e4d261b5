// SPDX-License-Identifier: GPL-2.0
/*
 * The child net_device: netdev/ethtool/header ops, transmit, rtnl_link_ops
 * and the create/delete/change API used by the control plane.
 */
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "datapath.h"

/* Offloads a child takes over from its lower. */
#define MVLAN_FEATURES \
	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | NETIF_F_FRAGLIST | \
	 NETIF_F_GSO | NETIF_F_TSO | NETIF_F_LRO | NETIF_F_TSO_ECN | \
	 NETIF_F_TSO6 | NETIF_F_GRO | NETIF_F_RXCSUM | \
	 NETIF_F_HW_VLAN_CTAG_FILTER | NETIF_F_HW_VLAN_STAG_FILTER)

/* Software fallbacks make these free whatever the lower does. */
#define MVLAN_ALWAYS_ON_OFFLOADS \
	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE | \
	 NETIF_F_GSO_ROBUST | NETIF_F_GSO_ENCAP_ALL)

#ifdef MVLAN_HAVE_DEV_LLTX
#define MVLAN_ALWAYS_ON		MVLAN_ALWAYS_ON_OFFLOADS
#else
#define MVLAN_ALWAYS_ON		(MVLAN_ALWAYS_ON_OFFLOADS | NETIF_F_LLTX)
#endif

static struct lock_class_key mvlan_addr_lock_key;

#define MVLAN_MODE_ERR "mode must be one of private, vepa, bridge, passthru, source"

static bool mvlan_mode_valid(u32 mode)
{
	return mode && is_power_of_2(mode) && !(mode & ~MVLAN_MODES_ALL);
}

/* ---- statistics ------------------------------------------------------------ */

void mvlan_stats_sum(struct mvlan_pcpu_stats __percpu *pcpu,
		     struct mvlan_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	if (!pcpu)
		return;
	for_each_possible_cpu(cpu) {
		const struct mvlan_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		u64 rx_packets, rx_bytes, rx_multicast, tx_packets, tx_bytes;
		u64 drops[__MVLAN_DROP_MAX];
		u64 fwd[__MVLAN_FWD_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rx_packets = u64_stats_read(&s->rx_packets);
			rx_bytes = u64_stats_read(&s->rx_bytes);
			rx_multicast = u64_stats_read(&s->rx_multicast);
			tx_packets = u64_stats_read(&s->tx_packets);
			tx_bytes = u64_stats_read(&s->tx_bytes);
			for (i = 0; i < __MVLAN_DROP_MAX; i++)
				drops[i] = u64_stats_read(&s->drops[i]);
			for (i = 0; i < __MVLAN_FWD_MAX; i++)
				fwd[i] = u64_stats_read(&s->fwd[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		sum->rx_packets += rx_packets;
		sum->rx_bytes += rx_bytes;
		sum->rx_multicast += rx_multicast;
		sum->tx_packets += tx_packets;
		sum->tx_bytes += tx_bytes;
		for (i = 0; i < __MVLAN_DROP_MAX; i++)
			sum->drops[i] += drops[i];
		for (i = 0; i < __MVLAN_FWD_MAX; i++)
			sum->fwd[i] += fwd[i];
		sum->rx_dropped += READ_ONCE(s->rx_dropped);
		sum->tx_dropped += READ_ONCE(s->tx_dropped);
	}
	/* A frame for a child that is down is a receive drop of that child. */
	sum->rx_dropped += sum->drops[MVLAN_DROP_CHILD_DOWN];
}

static void mvlan_get_stats64(struct net_device *dev,
			      struct rtnl_link_stats64 *stats)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct mvlan_stats sum;

	mvlan_stats_sum(vlan->stats, &sum);
	stats->rx_packets = sum.rx_packets;
	stats->rx_bytes = sum.rx_bytes;
	stats->multicast = sum.rx_multicast;
	stats->rx_dropped = sum.rx_dropped;
	stats->tx_packets = sum.tx_packets;
	stats->tx_bytes = sum.tx_bytes;
	stats->tx_dropped = sum.tx_dropped;
}

/* ---- transmit ---------------------------------------------------------------- */

static netdev_tx_t mvlan_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	unsigned int len = skb->len;
	struct mvlan_pcpu_stats *s;
	int ret;

	if (READ_ONCE(vlan->mode) == MVLAN_MODE_BRIDGE) {
		const struct ethhdr *eth = (const struct ethhdr *)skb->data;
		struct mvlan_dev *dest;

		if (is_multicast_ether_addr(eth->h_dest)) {
			/* Siblings get theirs from the worker; the wire too. */
			mvlan_bc_enqueue(vlan->port, vlan, skb, true);
		} else {
			rcu_read_lock();
			dest = mvlan_hash_lookup(vlan->port, eth->h_dest);
			if (dest && READ_ONCE(dest->mode) == MVLAN_MODE_BRIDGE) {
				ret = mvlan_bridge_forward(vlan, dest, skb);
				rcu_read_unlock();
				goto count;
			}
			rcu_read_unlock();
		}
	}

	skb->dev = vlan->lower;
	ret = dev_queue_xmit(skb);
count:
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN)) {
		s = this_cpu_ptr(vlan->stats);
		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->tx_packets);
		u64_stats_add(&s->tx_bytes, len);
		u64_stats_update_end(&s->syncp);
	} else {
		this_cpu_inc(vlan->stats->tx_dropped);
	}
	return NETDEV_TX_OK;
}

static int mvlan_hard_header(struct sk_buff *skb, struct net_device *dev,
			     unsigned short type, const void *daddr,
			     const void *saddr, unsigned int len)
{
	const struct mvlan_dev *vlan = netdev_priv(dev);

	return dev_hard_header(skb, vlan->lower, type, daddr,
			       saddr ? : dev->dev_addr, len);
}

static const struct header_ops mvlan_header_ops = {
	.create		= mvlan_hard_header,
	.parse		= eth_header_parse,
	.cache		= eth_header_cache,
	.cache_update	= eth_header_cache_update,
	.parse_protocol	= eth_header_parse_protocol,
};

/* ---- MAC addresses ------------------------------------------------------------- */

/* The device using @addr on @port other than @self, or NULL. */
static struct net_device *mvlan_addr_user(struct mvlan_port *port,
					  struct net_device *lower,
					  const u8 *addr,
					  const struct mvlan_dev *self)
{
	struct mvlan_dev *vlan;

	if ((!port || !port->passthru) && ether_addr_equal(addr, lower->dev_addr))
		return lower;
	if (!port)
		return NULL;
	vlan = mvlan_hash_lookup(port, addr);
	return vlan && vlan != self ? vlan->dev : NULL;
}

static int mvlan_addr_check(struct mvlan_port *port, struct net_device *lower,
			    const u8 *addr, const struct mvlan_dev *self,
			    struct netlink_ext_ack *extack)
{
	struct net_device *user;

	if (!is_valid_ether_addr(addr)) {
		mvlan_err(extack, "MAC %pM is not a valid unicast address", addr);
		return -EADDRNOTAVAIL;
	}
	user = mvlan_addr_user(port, lower, addr, self);
	if (user == lower) {
		mvlan_err(extack, "MAC %pM is the MAC of lower %s", addr, lower->name);
		return -EADDRINUSE;
	}
	if (user) {
		mvlan_err(extack, "MAC %pM is already used by %s on %s", addr,
			  user->name, lower->name);
		return -EADDRINUSE;
	}
	return 0;
}

static int mvlan_set_mac_address(struct net_device *dev, void *p)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct mvlan_port *port = vlan->port;
	struct net_device *lower = vlan->lower;
	struct sockaddr *sa = p;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	if (ether_addr_equal(dev->dev_addr, sa->sa_data))
		return 0;

	if (port->passthru) {
		/* The child follows through NETDEV_CHANGEADDR on the lower. */
		port->addr_changing = true;
		err = dev_set_mac_address(lower, sa, NULL);
		port->addr_changing = false;
		return err;
	}

	if (mvlan_addr_user(port, lower, sa->sa_data, vlan))
		return -EADDRINUSE;
	if (netif_running(dev)) {
		err = dev_uc_add(lower, sa->sa_data);
		if (err)
			return err;
		dev_uc_del(lower, dev->dev_addr);
	}
	mvlan_hash_rekey(vlan, sa->sa_data);
	eth_hw_addr_set(dev, sa->sa_data);
	return 0;
}

void mvlan_dev_sync_passthru_addr(struct mvlan_dev *vlan)
{
	struct net_device *lower = vlan->lower;

	if (ether_addr_equal(vlan->dev->dev_addr, lower->dev_addr))
		return;
	mvlan_hash_rekey(vlan, lower->dev_addr);
	eth_hw_addr_set(vlan->dev, lower->dev_addr);
	call_netdevice_notifiers(NETDEV_CHANGEADDR, vlan->dev);
}

/* ---- netdev ops ------------------------------------------------------------------ */

static int mvlan_init(struct net_device *dev)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct net_device *lower = vlan->lower;

	vlan->stats = netdev_alloc_pcpu_stats(struct mvlan_pcpu_stats);
	if (!vlan->stats)
		return -ENOMEM;

	dev->features = (lower->features & MVLAN_FEATURES) | MVLAN_ALWAYS_ON;
	dev->hw_features |= NETIF_F_LRO;
	dev->vlan_features = (lower->vlan_features & MVLAN_FEATURES) |
			     MVLAN_ALWAYS_ON_OFFLOADS;
	dev->hw_enc_features |= dev->features;
#ifdef MVLAN_HAVE_DEV_LLTX
	dev->lltx = true;
#endif
	netif_inherit_tso_max(dev, lower);
	dev->hard_header_len = lower->hard_header_len;
	dev->needed_headroom = lower->needed_headroom;
	dev->needed_tailroom = lower->needed_tailroom;
	/* set_rx_mode takes the lower's address lock under ours. */
	lockdep_set_class(&dev->addr_list_lock, &mvlan_addr_lock_key);

	netdev_hold(lower, &vlan->lower_tracker, GFP_KERNEL);
	vlan->port->count++;
	return 0;
}

static void mvlan_unlink(struct mvlan_dev *vlan);

static void mvlan_uninit(struct net_device *dev)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct mvlan_port *port = vlan->port;

	/* dellink unlinked us already; this covers unforeseen paths. */
	if (vlan->linked) {
		mvlan_unlink(vlan);
		synchronize_net();
	}
	if (!--port->count)
		mvlan_port_destroy(port);
}

/* priv_destructor: after the last reference, or a failed register. */
static void mvlan_dev_free(struct net_device *dev)
{
	struct mvlan_dev *vlan = netdev_priv(dev);

	free_percpu(vlan->stats);
	vlan->stats = NULL;
	netdev_put(vlan->lower, &vlan->lower_tracker);
}

static int mvlan_open(struct net_device *dev)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct net_device *lower = vlan->lower;
	bool passthru = vlan->port->passthru;
	int err;

	if (passthru) {
		if (!(vlan->flags & MVLAN_FLAG_NOPROMISC)) {
			err = dev_set_promiscuity(lower, 1);
			if (err)
				return err;
		}
	} else {
		/* The lower's MAC may have changed to ours since creation. */
		if (ether_addr_equal(dev->dev_addr, lower->dev_addr))
			return -EADDRINUSE;
		/* Without IFF_UNICAST_FLT on the lower this makes it promisc. */
		err = dev_uc_add(lower, dev->dev_addr);
		if (err)
			return err;
	}

	if (dev->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(lower, 1);
		if (err)
			goto err_addr;
	}
	if (!passthru && (dev->flags & IFF_PROMISC)) {
		err = dev_set_promiscuity(lower, 1);
		if (err)
			goto err_allmulti;
	}
	return 0;

err_allmulti:
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(lower, -1);
err_addr:
	if (!passthru)
		dev_uc_del(lower, dev->dev_addr);
	else if (!(vlan->flags & MVLAN_FLAG_NOPROMISC))
		dev_set_promiscuity(lower, -1);
	return err;
}

static int mvlan_stop(struct net_device *dev)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct net_device *lower = vlan->lower;
	bool passthru = vlan->port->passthru;

	dev_uc_unsync(lower, dev);
	dev_mc_unsync(lower, dev);
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(lower, -1);
	if (!passthru && (dev->flags & IFF_PROMISC))
		dev_set_promiscuity(lower, -1);

	if (!passthru)
		dev_uc_del(lower, dev->dev_addr);
	else if (!(vlan->flags & MVLAN_FLAG_NOPROMISC))
		dev_set_promiscuity(lower, -1);
	return 0;
}

static void mvlan_change_rx_flags(struct net_device *dev, int change)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct net_device *lower = vlan->lower;

	if (!(dev->flags & IFF_UP))
		return;
	if (change & IFF_ALLMULTI)
		dev_set_allmulti(lower, dev->flags & IFF_ALLMULTI ? 1 : -1);
	/* A passthru child already decides the lower's promiscuity. */
	if (!vlan->port->passthru && (change & IFF_PROMISC))
		dev_set_promiscuity(lower, dev->flags & IFF_PROMISC ? 1 : -1);
}

/* Called with our address lock held and BH off. */
static void mvlan_set_rx_mode(struct net_device *dev)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	DECLARE_BITMAP(filter, MVLAN_MC_FILTER_BITS);
	struct netdev_hw_addr *ha;

	if (dev->flags & (IFF_PROMISC | IFF_ALLMULTI)) {
		bitmap_fill(filter, MVLAN_MC_FILTER_BITS);
	} else {
		bitmap_zero(filter, MVLAN_MC_FILTER_BITS);
		netdev_for_each_mc_addr(ha, dev)
			__set_bit(mvlan_mc_hash(vlan->mc_salt, ha->addr), filter);
		__set_bit(mvlan_mc_hash(vlan->mc_salt, dev->broadcast), filter);
	}
	bitmap_copy(vlan->mc_filter, filter, MVLAN_MC_FILTER_BITS);

	dev_uc_sync(vlan->lower, dev);
	dev_mc_sync(vlan->lower, dev);
	mvlan_port_compute_filters(vlan->port);
}

static int mvlan_change_mtu(struct net_device *dev, int new_mtu)
{
	struct mvlan_dev *vlan = netdev_priv(dev);

	if (new_mtu > vlan->lower->mtu)
		return -EINVAL;
	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}

static netdev_features_t mvlan_fix_features(struct net_device *dev,
					    netdev_features_t features)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	netdev_features_t lower_features = vlan->lower->features;
	netdev_features_t mask;

	features |= NETIF_F_ALL_FOR_ALL;
	mask = features;
	/* LRO only where the child asked for it. */
	lower_features &= features | ~NETIF_F_LRO;
	features = netdev_increment_features(lower_features, features, mask);
	features |= MVLAN_ALWAYS_ON;
	return features & (MVLAN_ALWAYS_ON | MVLAN_FEATURES);
}

static int mvlan_vlan_rx_add_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	struct mvlan_dev *vlan = netdev_priv(dev);

	return vlan_vid_add(vlan->lower, proto, vid);
}

static int mvlan_vlan_rx_kill_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	struct mvlan_dev *vlan = netdev_priv(dev);

	vlan_vid_del(vlan->lower, proto, vid);
	return 0;
}

static int mvlan_get_iflink(const struct net_device *dev)
{
	const struct mvlan_dev *vlan = netdev_priv(dev);

	return READ_ONCE(vlan->lower->ifindex);
}

static const struct net_device_ops mvlan_netdev_ops = {
	.ndo_init		= mvlan_init,
	.ndo_uninit		= mvlan_uninit,
	.ndo_open		= mvlan_open,
	.ndo_stop		= mvlan_stop,
	.ndo_start_xmit		= mvlan_start_xmit,
	.ndo_change_mtu		= mvlan_change_mtu,
	.ndo_fix_features	= mvlan_fix_features,
	.ndo_change_rx_flags	= mvlan_change_rx_flags,
	.ndo_set_mac_address	= mvlan_set_mac_address,
	.ndo_set_rx_mode	= mvlan_set_rx_mode,
	.ndo_get_stats64	= mvlan_get_stats64,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_vlan_rx_add_vid	= mvlan_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= mvlan_vlan_rx_kill_vid,
	.ndo_get_iflink		= mvlan_get_iflink,
	.ndo_features_check	= passthru_features_check,
};

/* ---- ethtool ------------------------------------------------------------------------ */

static void mvlan_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "mvlan", sizeof(info->driver));
}

static int mvlan_get_link_ksettings(struct net_device *dev,
				    struct ethtool_link_ksettings *cmd)
{
	const struct mvlan_dev *vlan = netdev_priv(dev);

	return __ethtool_get_link_ksettings(vlan->lower, cmd);
}

static const struct ethtool_ops mvlan_ethtool_ops = {
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= mvlan_get_link_ksettings,
	.get_drvinfo		= mvlan_get_drvinfo,
	.get_ts_info		= ethtool_op_get_ts_info,
};

static void mvlan_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	/* The frame is handed on to the lower: never shared. */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_UNICAST_FLT | IFF_NO_QUEUE;
#ifdef MVLAN_HAVE_CHANGE_PROTO_DOWN
	dev->change_proto_down = true;
#else
	dev->priv_flags |= IFF_CHANGE_PROTO_DOWN;
#endif
	netif_keep_dst(dev);
	dev->netdev_ops = &mvlan_netdev_ops;
	dev->header_ops = &mvlan_header_ops;
	dev->ethtool_ops = &mvlan_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = mvlan_dev_free;
}

/* ---- create / delete / change --------------------------------------------------------- */

/* Undo the linking done after register_netdevice(); RTNL. */
static void mvlan_unlink(struct mvlan_dev *vlan)
{
	struct mvlan_port *port = vlan->port;

	if (!vlan->linked)
		return;
	vlan->linked = false;
	mvlan_source_flush(vlan);
	mvlan_hash_del(port, vlan);
	list_del_rcu(&vlan->list);
	mvlan_port_update_bc_queue_len(port);
	if (!list_empty(&port->children))
		mvlan_hash_shrink(port);
}

static int mvlan_check_create(const struct mvlan_create_args *a,
			      struct net_device *lower,
			      struct mvlan_port *port, u32 mode,
			      struct netlink_ext_ack *extack)
{
	struct mvlan_dev *first;

	if (!mvlan_mode_valid(mode)) {
		NL_SET_ERR_MSG(extack, MVLAN_MODE_ERR);
		return -EINVAL;
	}
	if (a->flags & ~MVLAN_FLAGS_ALL) {
		NL_SET_ERR_MSG(extack, "unknown flags");
		return -EINVAL;
	}
	if (a->has_bc_queue_len && a->bc_queue_len > MVLAN_BC_QUEUE_LEN_MAX) {
		mvlan_err(extack, "broadcast queue length %u is above the maximum %u",
			  a->bc_queue_len, MVLAN_BC_QUEUE_LEN_MAX);
		return -EINVAL;
	}
	if (a->mtu && a->mtu > lower->mtu) {
		mvlan_err(extack, "MTU %u is above the lower's MTU %u", a->mtu,
			  lower->mtu);
		return -EINVAL;
	}
	if (a->mtu && a->mtu < ETH_MIN_MTU) {
		mvlan_err(extack, "MTU %u is below the minimum %u", a->mtu, ETH_MIN_MTU);
		return -EINVAL;
	}
	if (!port)
		return mvlan_lower_check(lower, extack);

	if (port->passthru) {
		first = list_first_entry_or_null(&port->children,
						 struct mvlan_dev, list);
		mvlan_err(extack, "lower %s is used by passthru child %s", lower->name,
			  first ? first->dev->name : "?");
		return -EINVAL;
	}
	if (mode == MVLAN_MODE_PASSTHRU && port->count) {
		mvlan_err(extack, "lower %s already has children: passthru must be the only child",
			  lower->name);
		return -EINVAL;
	}
	return 0;
}

/*
 * Register @dev (allocated with mvlan_setup) as a child of @a->lower.
 * @mac: requested MAC or NULL. All or nothing: on error @dev is either
 * still unregistered (the caller frees it) or unregistered again.
 */
static int mvlan_register(struct net_device *dev,
			  const struct mvlan_create_args *a, const u8 *mac,
			  struct netlink_ext_ack *extack)
{
	struct mvlan_dev *vlan = netdev_priv(dev);
	struct net_device *lower = a->lower;
	u32 mode = a->mode ? : MVLAN_MODE_VEPA;
	struct mvlan_port *port;
	bool created = false;
	int err, tries;

	ASSERT_RTNL();
	/* A child of a child is a sibling: flatten to the real lower. */
	if (netif_is_mvlan(lower))
		lower = ((struct mvlan_dev *)netdev_priv(lower))->lower;

	port = mvlan_port_of(lower);
	err = mvlan_check_create(a, lower, port, mode, extack);
	if (err)
		return err;

	if (mode == MVLAN_MODE_PASSTHRU) {
		eth_hw_addr_inherit(dev, lower);
	} else if (mac) {
		err = mvlan_addr_check(port, lower, mac, NULL, extack);
		if (err)
			return err;
		if (mac != dev->dev_addr)
			eth_hw_addr_set(dev, mac);
	} else {
		tries = 0;
		do {
			eth_hw_addr_random(dev);
		} while (mvlan_addr_user(port, lower, dev->dev_addr, NULL) &&
			 ++tries < 8);
		if (tries == 8)
			return -EADDRINUSE;
	}

	vlan->dev = dev;
	vlan->lower = lower;
	vlan->mode = mode;
	vlan->flags = a->flags;
	vlan->bc_queue_len_req = a->has_bc_queue_len ? a->bc_queue_len :
				 MVLAN_BC_QUEUE_LEN_DEFAULT;
	vlan->mc_salt = get_random_u32();
	INIT_LIST_HEAD(&vlan->sources);
	vlan->hkey = mvlan_addr_key(dev->dev_addr);
	dev->mtu = a->mtu ? : lower->mtu;
	dev->max_mtu = lower->max_mtu;

	if (!port) {
		port = mvlan_port_create(lower, extack);
		if (IS_ERR(port))
			return PTR_ERR(port);
		created = true;
	}
	vlan->port = port;
	err = mvlan_hash_reserve(port, port->hashed + 1);
	if (err)
		goto err_port;

	err = register_netdevice(dev);
	if (err) {
		/* A failed ndo_init leaves the port to us, uninit does not. */
		port = mvlan_port_of(lower);
		if (port && !port->count)
			mvlan_port_destroy(port);
		return err;
	}

	list_add_tail_rcu(&vlan->list, &port->children);
	mvlan_hash_add(port, vlan);
	vlan->linked = true;
	if (mode == MVLAN_MODE_PASSTHRU)
		port->passthru = true;

	err = netdev_upper_dev_link(lower, dev, extack);
	if (err)
		goto err_unregister;

	/* A new child can only raise the maximum: no walk over its siblings. */
	if (list_is_singular(&port->children))
		WRITE_ONCE(port->bc_queue_len_used, vlan->bc_queue_len_req);
	else if (vlan->bc_queue_len_req > port->bc_queue_len_used)
		WRITE_ONCE(port->bc_queue_len_used, vlan->bc_queue_len_req);
	if (a->has_bc_cutoff)
		mvlan_port_set_bc_cutoff(port, a->bc_cutoff);
	netif_stacked_transfer_operstate(lower, dev);
	linkwatch_fire_event(dev);
	return 0;

err_unregister:
	mvlan_unlink(vlan);
	/* Frees the port with its last child. */
	unregister_netdevice(dev);
	return err;
err_port:
	if (created)
		mvlan_port_destroy(port);
	return err;
}

int mvlan_create(const struct mvlan_create_args *args,
		 struct net_device **devp, struct netlink_ext_ack *extack)
{
	const char *name = args->name ? : "mvlan%d";
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	if (strnlen(name, IFNAMSIZ) >= IFNAMSIZ || !dev_valid_name(name)) {
		NL_SET_ERR_MSG(extack, "invalid device name");
		return -EINVAL;
	}
	if (!strchr(name, '%') && __dev_get_by_name(args->net, name)) {
		mvlan_err(extack, "device name %s already exists", name);
		return -EEXIST;
	}

	dev = alloc_netdev(sizeof(struct mvlan_dev), name,
			   args->name ? NET_NAME_USER : NET_NAME_ENUM,
			   mvlan_setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, args->net);
	dev->rtnl_link_ops = &mvlan_link_ops;

	err = mvlan_register(dev, args, args->mac, extack);
	if (err) {
		if (dev->reg_state == NETREG_UNINITIALIZED)
			free_netdev(dev);
		return err;
	}
	*devp = dev;
	return 0;
}

static void mvlan_dellink(struct net_device *dev, struct list_head *head)
{
	struct mvlan_dev *vlan = netdev_priv(dev);

	mvlan_unlink(vlan);
	unregister_netdevice_queue(dev, head);
	netdev_upper_dev_unlink(vlan->lower, dev);
}

void mvlan_delete(struct net_device *dev, struct list_head *head)
{
	ASSERT_RTNL();
	mvlan_dellink(dev, head);
}

/* The lower is going away: queue all its children. */
int mvlan_dellink_all(struct mvlan_port *port, struct list_head *head)
{
	struct mvlan_dev *vlan, *next;
	int n = 0;

	list_for_each_entry_safe(vlan, next, &port->children, list) {
		vlan->dev->rtnl_link_ops->dellink(vlan->dev, head);
		n++;
	}
	return n;
}

int mvlan_change(struct net_device *dev, const struct mvlan_change_args *args,
		 struct netlink_ext_ack *extack)
{
	struct mvlan_dev *vlan;
	struct mvlan_port *port;
	struct net_device *lower;
	int promisc = 0;
	u32 mode, flags;
	int err;

	ASSERT_RTNL();
	vlan = mvlan_child(dev, extack);
	if (!vlan)
		return -EINVAL;
	port = vlan->port;
	lower = vlan->lower;
	mode = args->has_mode ? args->mode : vlan->mode;
	flags = args->has_flags ? args->flags : vlan->flags;

	/* Validate everything first: a failing change changes nothing. */
	if (!mvlan_mode_valid(mode)) {
		NL_SET_ERR_MSG(extack, MVLAN_MODE_ERR);
		return -EINVAL;
	}
	if ((mode ^ vlan->mode) & MVLAN_MODE_PASSTHRU) {
		NL_SET_ERR_MSG(extack, "cannot change mode to/from passthru");
		return -EINVAL;
	}
	if (flags & ~MVLAN_FLAGS_ALL) {
		NL_SET_ERR_MSG(extack, "unknown flags");
		return -EINVAL;
	}
	if (args->has_bc_queue_len && args->bc_queue_len > MVLAN_BC_QUEUE_LEN_MAX) {
		mvlan_err(extack, "broadcast queue length %u is above the maximum %u",
			  args->bc_queue_len, MVLAN_BC_QUEUE_LEN_MAX);
		return -EINVAL;
	}
	if (args->mac) {
		if (port->passthru && !is_valid_ether_addr(args->mac)) {
			mvlan_err(extack, "MAC %pM is not a valid unicast address",
				  args->mac);
			return -EADDRNOTAVAIL;
		}
		if (!port->passthru) {
			err = mvlan_addr_check(port, lower, args->mac, vlan,
					       extack);
			if (err)
				return err;
		}
	}

	/* The steps that can fail, each undone if a later one does. */
	if (port->passthru && netif_running(dev) &&
	    ((flags ^ vlan->flags) & MVLAN_FLAG_NOPROMISC)) {
		promisc = flags & MVLAN_FLAG_NOPROMISC ? -1 : 1;
		err = dev_set_promiscuity(lower, promisc);
		if (err)
			return err;
	}
	if (args->mac && !ether_addr_equal(args->mac, dev->dev_addr)) {
		struct sockaddr sa = { .sa_family = dev->type };

		memcpy(sa.sa_data, args->mac, ETH_ALEN);
		err = dev_set_mac_address(dev, &sa, extack);
		if (err) {
			if (promisc)
				dev_set_promiscuity(lower, -promisc);
			return err;
		}
	}

	WRITE_ONCE(vlan->flags, flags);
	if (mode != vlan->mode) {
		if (vlan->mode == MVLAN_MODE_SOURCE)
			mvlan_source_flush(vlan);
		WRITE_ONCE(vlan->mode, mode);
	}
	if (args->has_bc_queue_len) {
		vlan->bc_queue_len_req = args->bc_queue_len;
		mvlan_port_update_bc_queue_len(port);
	}
	if (args->has_bc_cutoff)
		mvlan_port_set_bc_cutoff(port, args->bc_cutoff);
	return 0;
}

/* ---- rtnl_link_ops: `ip link add link L name X type mvlan` ----------------------------- */

static int mvlan_validate(struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG(extack, "MAC address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG(extack, "MAC is not a valid unicast address");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

static int mvlan_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct mvlan_create_args a = {
		.net = dev_net(dev),
		.mode = MVLAN_MODE_VEPA,
	};

	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG(extack, "a lower device (link) is required");
		return -EINVAL;
	}
	a.lower = __dev_get_by_index(src_net, nla_get_u32(tb[IFLA_LINK]));
	if (!a.lower) {
		NL_SET_ERR_MSG(extack, "lower device not found");
		return -ENODEV;
	}
	if (tb[IFLA_MTU])
		a.mtu = nla_get_u32(tb[IFLA_MTU]);
	/* The core already copied IFLA_ADDRESS into dev_addr. */
	return mvlan_register(dev, &a, tb[IFLA_ADDRESS] ? dev->dev_addr : NULL,
			      extack);
}

static struct net *mvlan_get_link_net(const struct net_device *dev)
{
	const struct mvlan_dev *vlan = netdev_priv(dev);

	return dev_net(vlan->lower);
}

struct rtnl_link_ops mvlan_link_ops = {
	.kind		= "mvlan",
	.priv_size	= sizeof(struct mvlan_dev),
	.setup		= mvlan_setup,
	.validate	= mvlan_validate,
	.newlink	= mvlan_newlink,
	.dellink	= mvlan_dellink,
	.get_link_net	= mvlan_get_link_net,
};
