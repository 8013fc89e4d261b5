// SPDX-License-Identifier: GPL-2.0
/* 6.12: IFF_CHANGE_PROTO_DOWN became the dev->change_proto_down bit. */
#include <linux/netdevice.h>

void probe(struct net_device *dev);
void probe(struct net_device *dev)
{
	dev->change_proto_down = true;
}
