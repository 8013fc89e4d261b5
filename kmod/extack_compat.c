// SPDX-License-Identifier: GPL-2.0
/*
 * Formatted extack messages (netlink.h) for the control plane and the
 * datapath alike, on kernels with and without NL_SET_ERR_MSG_FMT.
 */

#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/netlink.h>

#include "genl.h"

#ifdef MVLAN_HAVE_NL_SET_ERR_MSG_FMT
static __printf(2, 0) void extack_vset(struct netlink_ext_ack *extack,
				       const char *fmt, va_list args)
{
	char text[MVLAN_EXTACK_MSG_LEN];

	BUILD_BUG_ON(MVLAN_EXTACK_MSG_LEN > NETLINK_MAX_FMTMSG_LEN);
	vsnprintf(text, sizeof(text), fmt, args);
	NL_SET_ERR_MSG_FMT(extack, "%s", text);
}

static void msg_cache_release(void)
{
}
#else
/*
 * Without NL_SET_ERR_MSG_FMT the extack has no buffer of its own, and the
 * kernel copies extack->_msg into the ACK only after the handler returned
 * and every lock was dropped: a shared or per-cpu buffer could be rewritten
 * by then. So formatted texts are interned here and live until the module
 * is unloaded, just like the string literals of NL_SET_ERR_MSG. Identical
 * texts share one entry and the cache is bounded; the caller is privileged.
 */
#define MSG_CACHE_MAX	256

struct cached_msg {
	struct list_head node;
	char text[MVLAN_EXTACK_MSG_LEN];
};

static LIST_HEAD(msg_cache);
static DEFINE_SPINLOCK(msg_cache_lock);
static unsigned int msg_cache_len;
static bool msg_cache_closed;

static const char *msg_intern(const char *text)
{
	struct cached_msg *entry, *fresh;
	const char *found = NULL;

	fresh = kmalloc(sizeof(*fresh), GFP_ATOMIC);
	spin_lock_bh(&msg_cache_lock);
	list_for_each_entry(entry, &msg_cache, node) {
		if (!strcmp(entry->text, text)) {
			found = entry->text;
			break;
		}
	}
	if (!found && fresh && !msg_cache_closed &&
	    msg_cache_len < MSG_CACHE_MAX) {
		strscpy(fresh->text, text, sizeof(fresh->text));
		list_add(&fresh->node, &msg_cache);
		msg_cache_len++;
		found = fresh->text;
		fresh = NULL;
	}
	spin_unlock_bh(&msg_cache_lock);
	kfree(fresh);
	return found;
}

static __printf(2, 0) void extack_vset(struct netlink_ext_ack *extack,
				       const char *fmt, va_list args)
{
	char text[MVLAN_EXTACK_MSG_LEN];
	const char *msg;

	vsnprintf(text, sizeof(text), fmt, args);
	msg = msg_intern(text);
	if (!msg) {
		pr_info_ratelimited("%s\n", text);
		NL_SET_ERR_MSG(extack, "mvlan: the reason is in the kernel log");
		return;
	}
	do_trace_netlink_extack(msg);
	extack->_msg = msg;
}

static void msg_cache_release(void)
{
	struct cached_msg *entry, *tmp;

	spin_lock_bh(&msg_cache_lock);
	msg_cache_closed = true;
	list_for_each_entry_safe(entry, tmp, &msg_cache, node) {
		list_del(&entry->node);
		kfree(entry);
	}
	msg_cache_len = 0;
	spin_unlock_bh(&msg_cache_lock);
}
#endif

void mvlan_extack_fmt(struct netlink_ext_ack *extack, const char *fmt, ...)
{
	va_list args;

	if (!extack)
		return;
	va_start(args, fmt);
	extack_vset(extack, fmt, args);
	va_end(args);
}

void mvlan_extack_fmt_attr(struct netlink_ext_ack *extack,
			   const struct nlattr *attr, const char *fmt, ...)
{
	va_list args;

	if (!extack)
		return;
	va_start(args, fmt);
	extack_vset(extack, fmt, args);
	va_end(args);
	NL_SET_BAD_ATTR(extack, attr);
}

void mvlan_extack_exit(void)
{
	msg_cache_release();
}
