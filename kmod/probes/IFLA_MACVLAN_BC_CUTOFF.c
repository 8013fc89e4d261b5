// SPDX-License-Identifier: GPL-2.0
/* 6.12: the uapi names macvlan's port-wide broadcast cutoff; 6.1 does not. */
#include <linux/if_link.h>

int probe(void);
int probe(void)
{
	return IFLA_MACVLAN_BC_CUTOFF;
}
