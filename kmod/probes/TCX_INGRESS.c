// SPDX-License-Identifier: GPL-2.0
/* 6.6+: tc and BPF ingress hang off dev->tcx_ingress. */
#include <linux/netdevice.h>

bool probe(const struct net_device *dev);
bool probe(const struct net_device *dev)
{
	return rcu_access_pointer(dev->tcx_ingress);
}
