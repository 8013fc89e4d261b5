// SPDX-License-Identifier: GPL-2.0
/* Before 6.6: the clsact/ingress qdisc hangs off dev->miniq_ingress. */
#include <linux/netdevice.h>

bool probe(const struct net_device *dev);
bool probe(const struct net_device *dev)
{
	return rcu_access_pointer(dev->miniq_ingress);
}
