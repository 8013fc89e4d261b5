// SPDX-License-Identifier: GPL-2.0
/* 6.7, and stable 6.1.70+: genetlink checks a capability to join a group. */
#include <net/genetlink.h>

static const struct genl_multicast_group probe_grp = {
	.name = "probe",
	.flags = GENL_MCAST_CAP_NET_ADMIN,
};

const struct genl_multicast_group *probe(void);
const struct genl_multicast_group *probe(void)
{
	return &probe_grp;
}
