/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control plane helpers that the datapath may use too.
 */
#ifndef _MVLAN_NETLINK_H
#define _MVLAN_NETLINK_H

#include <linux/compiler.h>
#include <linux/netlink.h>

/* Longest extack message, including the NUL; longer ones are truncated. */
#define MVLAN_EXTACK_MSG_LEN	80

/*
 * Set a printf-formatted extack message, e.g.
 *	mvlan_extack_fmt(extack, "MAC %pM is already used by %s", mac, name);
 * Safe with a NULL @extack and in any context, under RTNL or not. On kernels
 * without NL_SET_ERR_MSG_FMT the text lives until the requesting task
 * returns to user space (see extack_compat.c); only when memory runs out,
 * or outside a user task, does a generic text appear.
 */
__printf(2, 3)
void mvlan_extack_fmt(struct netlink_ext_ack *extack, const char *fmt, ...);

/* The same, also pointing the error at @attr. */
__printf(3, 4)
void mvlan_extack_fmt_attr(struct netlink_ext_ack *extack,
			   const struct nlattr *attr, const char *fmt, ...);

#endif /* _MVLAN_NETLINK_H */
