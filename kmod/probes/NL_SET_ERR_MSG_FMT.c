// SPDX-License-Identifier: GPL-2.0
/* 6.12: extack carries its own buffer for formatted messages. */
#include <linux/netlink.h>

void probe(struct netlink_ext_ack *extack);
void probe(struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_FMT(extack, "%s", "probe");
}
