// SPDX-License-Identifier: GPL-2.0
/* 6.12: NETIF_F_LLTX became the dev->lltx bit. */
#include <linux/netdevice.h>

void probe(struct net_device *dev);
void probe(struct net_device *dev)
{
	dev->lltx = true;
}
