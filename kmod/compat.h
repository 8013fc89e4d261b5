/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the supported kernels. The MVLAN_HAVE_*
 * macros come from the compile probes in kmod/probes, run against the target
 * kernel's headers before the build; see the top-level Makefile.
 */
#ifndef _MVLAN_COMPAT_H
#define _MVLAN_COMPAT_H

#include <linux/if_link.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include "compat-probes.h"

/*
 * The rtnetlink macvlan contract is the 6.12 one on every kernel: 6.1's
 * uapi stops before BC_CUTOFF, whose number is fixed by the later uapi.
 */
#ifndef MVLAN_HAVE_IFLA_MACVLAN_BC_CUTOFF
#define IFLA_MACVLAN_BC_CUTOFF	(IFLA_MACVLAN_BC_QUEUE_LEN_USED + 1)
#endif

#ifdef MVLAN_HAVE_GENL_INFO_DUMP
#define mvlan_dump_attrs(cb) (genl_info_dump(cb)->attrs)
#else
#define mvlan_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

/* Whether a tc or BPF program runs on @dev's ingress. */
static inline bool mvlan_tc_ingress_active(const struct net_device *dev)
{
#if defined(MVLAN_HAVE_TCX_INGRESS)
	return rcu_access_pointer(dev->tcx_ingress);
#elif defined(MVLAN_HAVE_MINIQ_INGRESS)
	return rcu_access_pointer(dev->miniq_ingress);
#else
	return false;
#endif
}

#endif /* _MVLAN_COMPAT_H */
