/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * mvlan generic netlink interface, shared by the kernel module and mvlanctl.
 * The machine-readable description is Documentation/netlink/specs/mvlan.yaml;
 * a selftest checks that the two agree.
 */
#ifndef _UAPI_LINUX_MVLAN_H
#define _UAPI_LINUX_MVLAN_H

#define MVLAN_FAMILY_NAME	"mvlan"
#define MVLAN_FAMILY_VERSION	1
#define MVLAN_MCGRP_MONITOR	"monitor"

/* Same values as IFLA_MACVLAN_MODE_* so users can reason about both alike. */
enum mvlan_mode {
	MVLAN_MODE_PRIVATE = 1,
	MVLAN_MODE_VEPA = 2,
	MVLAN_MODE_BRIDGE = 4,
	MVLAN_MODE_PASSTHRU = 8,
	MVLAN_MODE_SOURCE = 16,
};

enum mvlan_flags {
	MVLAN_FLAG_NOPROMISC = 1,
	MVLAN_FLAG_NODST = 2,
};

#define MVLAN_FLAGS_ALL		(MVLAN_FLAG_NOPROMISC | MVLAN_FLAG_NODST)

enum mvlan_source_op {
	MVLAN_SOURCE_ADD = 1,
	MVLAN_SOURCE_DEL,
	MVLAN_SOURCE_SET,
	MVLAN_SOURCE_FLUSH,
};

/* Why a frame was dropped (or, for NO_CHILD, not taken by any child). */
enum mvlan_drop_reason {
	MVLAN_DROP_NO_CHILD,		/* unicast miss, handed to the lower */
	MVLAN_DROP_CHILD_DOWN,		/* destination child is down */
	MVLAN_DROP_BC_OVERFLOW,		/* broadcast queue full or no memory */
	MVLAN_DROP_SOURCE_FILTER,	/* consumed by a nodst source entry */
	MVLAN_DROP_PRIVATE,		/* reflected private/source broadcast */
	__MVLAN_DROP_MAX,
};

/* How a bridge-mode child's unicast reached its sibling (sender's counters). */
enum mvlan_fwd_path {
	MVLAN_FWD_INLINE,		/* received in the sender's context */
	MVLAN_FWD_BACKLOG,		/* through the CPU's backlog */
	MVLAN_FWD_LOWER,		/* through the lower's receive path */
	__MVLAN_FWD_MAX,
};

#define MVLAN_BC_QUEUE_LEN_DEFAULT	1000
#define MVLAN_BC_QUEUE_LEN_MAX		65536
#define MVLAN_BATCH_MAX			4096
/*
 * Children one request may create or delete when the caller has no
 * CAP_NET_ADMIN in the initial user namespace (root of a user namespace).
 */
#define MVLAN_BATCH_MAX_USERNS		64
/* Source MACs one child may hold. */
#define MVLAN_SOURCES_MAX		8192

enum {
	MVLAN_A_UNSPEC,
	MVLAN_A_IFINDEX,	/* u32: the child */
	MVLAN_A_IFNAME,		/* string: child name (or batch prefix) */
	MVLAN_A_LINK,		/* u32: ifindex of the lower */
	MVLAN_A_LINK_NAME,	/* string, reply only */
	MVLAN_A_MODE,		/* u32: enum mvlan_mode */
	MVLAN_A_FLAGS,		/* u32: enum mvlan_flags, the full new set */
	MVLAN_A_MAC,		/* binary[6] */
	MVLAN_A_MTU,		/* u32 */
	MVLAN_A_BC_QUEUE_LEN,	/* u32: requested broadcast queue length */
	MVLAN_A_BC_CUTOFF,	/* s32: port-wide cutoff, see admin guide */
	MVLAN_A_NETNS_FD,	/* u32: create the child in this netns */
	MVLAN_A_COUNT,		/* u32: batch create, names IFNAME%u */
	MVLAN_A_BATCH,		/* nest of MVLAN_A_IFINDEX: batch delete */
	MVLAN_A_SOURCE_OP,	/* u32: enum mvlan_source_op */
	MVLAN_A_SOURCE_MACS,	/* nest of MVLAN_A_MAC: SOURCE, DEV_NEW; replies: SOURCE_GET */
	MVLAN_A_STATS,		/* nest of MVLAN_STATS_A_*, reply only */
	MVLAN_A_CARRIER,	/* u8, reply only */
	MVLAN_A_OPER_UP,	/* u8, reply only: admin and carrier up */
	MVLAN_A_NETNSID,	/* s32, reply only: child's netns, as seen by caller */
	MVLAN_A_PORT_CHILDREN,		/* u32, reply only */
	MVLAN_A_PORT_BC_QUEUE_LEN_USED,	/* u32, reply only */
	MVLAN_A_PORT_BC_QUEUE_QLEN,	/* u32, reply only: frames queued now */
	MVLAN_A_PORT_PROMISC,		/* u32, reply only: lower's promiscuity */
	MVLAN_A_PORT_PASSTHRU,		/* u8, reply only */
	MVLAN_A_PAD,
	MVLAN_A_LINK_NETNSID,	/* s32, reply only: lower's netns, as seen by caller */
	MVLAN_A_SOURCE_COUNT,	/* u32, reply only: source MACs; list: SOURCE_GET */
	MVLAN_A_PORT_HOST_ACCESS,	/* u8: host and bridge children talk directly */
	MVLAN_A_TAP,		/* flag: DEV_NEW: a tap child (/dev/tapN); replies: it is one */
	__MVLAN_A_MAX,
};

#define MVLAN_A_MAX (__MVLAN_A_MAX - 1)

enum {
	MVLAN_STATS_A_UNSPEC,
	MVLAN_STATS_A_RX_PACKETS,	/* u64 */
	MVLAN_STATS_A_RX_BYTES,
	MVLAN_STATS_A_RX_MULTICAST,
	MVLAN_STATS_A_RX_DROPPED,
	MVLAN_STATS_A_TX_PACKETS,
	MVLAN_STATS_A_TX_BYTES,
	MVLAN_STATS_A_TX_DROPPED,
	MVLAN_STATS_A_DROP_NO_CHILD,
	MVLAN_STATS_A_DROP_CHILD_DOWN,
	MVLAN_STATS_A_DROP_BC_OVERFLOW,
	MVLAN_STATS_A_DROP_SOURCE_FILTER,
	MVLAN_STATS_A_DROP_PRIVATE,
	MVLAN_STATS_A_PAD,
	MVLAN_STATS_A_FWD_INLINE,	/* u64, enum mvlan_fwd_path order */
	MVLAN_STATS_A_FWD_BACKLOG,
	MVLAN_STATS_A_FWD_LOWER,
	__MVLAN_STATS_A_MAX,
};

#define MVLAN_STATS_A_MAX (__MVLAN_STATS_A_MAX - 1)

enum {
	MVLAN_CMD_UNSPEC,
	MVLAN_CMD_DEV_GET,	/* do: IFINDEX; dump: optional LINK filter */
	MVLAN_CMD_DEV_NEW,	/* replies with DEV_NEW carrying the new object */
	MVLAN_CMD_DEV_DEL,	/* IFINDEX, or BATCH */
	MVLAN_CMD_DEV_SET,
	MVLAN_CMD_SOURCE,	/* IFINDEX, SOURCE_OP, SOURCE_MACS */
	MVLAN_CMD_PORT_GET,	/* do: LINK; dump */
	MVLAN_CMD_DEV_NEW_NTF,
	MVLAN_CMD_DEV_DEL_NTF,
	MVLAN_CMD_DEV_CHANGE_NTF,
	MVLAN_CMD_DEV_CARRIER_NTF,
	MVLAN_CMD_SOURCE_GET,	/* dump: IFINDEX; pages of SOURCE_MACS */
	MVLAN_CMD_PORT_SET,	/* LINK, PORT_HOST_ACCESS */
	MVLAN_CMD_PORT_CHANGE_NTF,	/* a port setting changed; as PORT_GET */
	__MVLAN_CMD_MAX,
};

#define MVLAN_CMD_MAX (__MVLAN_CMD_MAX - 1)

#endif /* _UAPI_LINUX_MVLAN_H */
