// SPDX-License-Identifier: GPL-2.0
/*
 * Formatted extack messages (netlink.h) for the control plane and the
 * datapath alike, on kernels with and without NL_SET_ERR_MSG_FMT.
 */

#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <net/netlink.h>

#include "compat.h"
#include "netlink.h"

#ifdef MVLAN_HAVE_NL_SET_ERR_MSG_FMT
static __printf(2, 0) void extack_vset(struct netlink_ext_ack *extack,
				       const char *fmt, va_list args)
{
	char text[MVLAN_EXTACK_MSG_LEN];

	BUILD_BUG_ON(MVLAN_EXTACK_MSG_LEN > NETLINK_MAX_FMTMSG_LEN);
	vsnprintf(text, sizeof(text), fmt, args);
	NL_SET_ERR_MSG_FMT(extack, "%s", text);
}
#else
/*
 * Without NL_SET_ERR_MSG_FMT the extack only points at a text, and
 * netlink_rcv_skb() copies that text into the ACK after the handler has
 * returned and dropped its locks, so the text must outlive the handler.
 * The ACK is built in the requesting task, inside the sendmsg() that
 * carried the request (rtnetlink and genetlink both handle requests
 * synchronously), so the task's next return to user space is a point
 * after its ACK: each text gets an allocation of its own, freed by a
 * task_work at exactly that point (or when the task exits). No text is
 * shared or recycled while an ACK may still read it, and nothing is
 * bounded but the messages of one syscall, charged to its memory cgroup.
 * Each pending text holds a module reference: the freeing callback lives
 * in this module, and delete_module() refuses while one is held.
 */
struct extack_text {
	struct callback_head work;
	char text[MVLAN_EXTACK_MSG_LEN];
};

static void extack_text_free(struct callback_head *work)
{
	kfree(container_of(work, struct extack_text, work));
	module_put(THIS_MODULE);
}

/* A text that lives until current returns to user space, or NULL. */
static struct extack_text *extack_text_alloc(void)
{
	struct extack_text *t;

	/* Kernel threads never return to user space; no ACK waits on them. */
	if (!in_task() || (current->flags & PF_KTHREAD) ||
	    !try_module_get(THIS_MODULE))
		return NULL;
	t = kmalloc(sizeof(*t), GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	if (t) {
		init_task_work(&t->work, extack_text_free);
		if (!task_work_add(current, &t->work, TWA_RESUME))
			return t;
		kfree(t);	/* the task is exiting */
	}
	module_put(THIS_MODULE);
	return NULL;
}

static __printf(2, 0) void extack_vset(struct netlink_ext_ack *extack,
				       const char *fmt, va_list args)
{
	struct extack_text *t = extack_text_alloc();
	char text[MVLAN_EXTACK_MSG_LEN];

	if (!t) {
		vsnprintf(text, sizeof(text), fmt, args);
		pr_info_ratelimited("%s\n", text);
		NL_SET_ERR_MSG(extack, "mvlan: the reason is in the kernel log");
		return;
	}
	vsnprintf(t->text, sizeof(t->text), fmt, args);
	do_trace_netlink_extack(t->text);
	extack->_msg = t->text;
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
