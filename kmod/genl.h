/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface of the generic netlink control plane, shared by its
 * files only:
 *
 *	genl_family.c	policies, ops table and dispatch, registration, lookups
 *	genl_msg.c	building DEV, source-page and PORT messages
 *	genl_dev.c	DEV_GET/NEW/DEL/SET, SOURCE and SOURCE_GET
 *	genl_port.c	PORT_GET, PORT_SET
 *	genl_events.c	the netdevice notifier and the "monitor" group
 *	extack_compat.c	formatted extack messages (netlink.h), 6.1 too
 *
 * The datapath never includes this header; it reaches the control plane
 * through mvlan.h and netlink.h only.
 */
#ifndef _MVLAN_GENL_H
#define _MVLAN_GENL_H

#include <net/genetlink.h>

#include "mvlan.h"
#include "netlink.h"

extern struct genl_family mvlan_genl_family;

/* genl_family.c: request helpers, RTNL for the lookups. */
int mvlan_genl_require(struct genl_info *info, int type);
struct net_device *mvlan_genl_lookup_child(struct net *net,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack);
struct net_device *mvlan_genl_lookup_lower(struct net *net,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack);

/* genl_msg.c: messages; RTNL. */
size_t mvlan_genl_dev_size(void);
size_t mvlan_genl_port_size(void);
int mvlan_genl_fill_dev(struct sk_buff *skb, struct net_device *dev,
			struct net *viewer, u8 cmd, u32 portid, u32 seq,
			int flags, u32 count, struct netlink_callback *cb);
int mvlan_genl_fill_dev_gone(struct sk_buff *skb, struct net_device *dev,
			     int ifindex, struct net *viewer);
int mvlan_genl_fill_sources(struct sk_buff *skb, struct net_device *dev,
			    const u8 *macs, unsigned int n,
			    u32 portid, u32 seq, struct netlink_callback *cb);
bool mvlan_genl_carrier(const struct net_device *dev);
int mvlan_genl_fill_port(struct sk_buff *skb, const struct mvlan_port *port,
			 u8 cmd, u32 portid, u32 seq, int flags,
			 struct netlink_callback *cb);

/* genl_events.c: RTNL. */
extern unsigned int mvlan_genl_dump_gen;
void mvlan_genl_notify_dev(struct net_device *dev, u8 cmd);
int mvlan_genl_events_init(void);
void mvlan_genl_events_exit(void);

/* genl_dev.c */
int mvlan_genl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int mvlan_genl_dev_get_dumpit(struct sk_buff *skb,
			      struct netlink_callback *cb);
int mvlan_genl_dev_new_doit(struct sk_buff *skb, struct genl_info *info);
int mvlan_genl_dev_del_doit(struct sk_buff *skb, struct genl_info *info);
int mvlan_genl_dev_set_doit(struct sk_buff *skb, struct genl_info *info);
int mvlan_genl_source_doit(struct sk_buff *skb, struct genl_info *info);
int mvlan_genl_source_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);

/* genl_port.c */
int mvlan_genl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int mvlan_genl_port_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int mvlan_genl_port_set_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _MVLAN_GENL_H */
