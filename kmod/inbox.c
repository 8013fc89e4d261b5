// SPDX-License-Identifier: GPL-2.0
/*
 * A child's inbox: frames from its bridge-mode siblings that could not be
 * delivered in the sender's own context. One FIFO and one NAPI context
 * per child, so every sender's frames arrive in the order they were sent,
 * from whatever CPU: a frame is delivered inline only when the inbox is
 * empty and nobody else is delivering to the child (the busy bit), and the
 * NAPI poll takes the busy bit too. The poll also batches: one softirq
 * pass delivers up to a budget of frames.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "fastpath.h"

/* Frames waiting at most; more are dropped and counted on the child. */
#define MVLAN_INBOX_LEN		1024

static int mvlan_inbox_poll(struct napi_struct *napi, int budget)
{
	struct mvlan_child *child = container_of(napi, struct mvlan_child,
						 inbox.napi);
	struct mvlan_inbox *ib = &child->inbox;
	struct sk_buff_head batch;
	struct sk_buff *skb;
	int done = 0;

	/* An inline sender is delivering: it reschedules us when it is done. */
	if (test_and_set_bit_lock(MVLAN_INBOX_BUSY, &ib->busy)) {
		napi_complete_done(napi, 0);
		return 0;
	}
	__skb_queue_head_init(&batch);
	spin_lock(&ib->queue.lock);
	while (done < budget && (skb = __skb_dequeue(&ib->queue))) {
		__skb_queue_tail(&batch, skb);
		done++;
	}
	spin_unlock(&ib->queue.lock);

	while ((skb = __skb_dequeue(&batch)))
		netif_receive_skb(skb);

	clear_bit_unlock(MVLAN_INBOX_BUSY, &ib->busy);
	/* Pairs with the queue lock of mvlan_inbox_put(): see its frame. */
	smp_mb__after_atomic();
	if (done < budget && napi_complete_done(napi, done) &&
	    !skb_queue_empty_lockless(&ib->queue))
		napi_schedule(napi);
	return done;
}

void mvlan_inbox_init(struct mvlan_child *child)
{
	skb_queue_head_init(&child->inbox.queue);
	netif_napi_add(child->dev, &child->inbox.napi, mvlan_inbox_poll);
}

/* Drop what is queued; RTNL, with the NAPI context disabled. */
static void mvlan_inbox_purge(struct mvlan_child *child)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&child->inbox.queue))) {
		mvlan_count_drop(child->stats, MVLAN_DROP_CHILD_DOWN);
		kfree_skb(skb);
	}
}

/* ndo_open: frames queued while the child was down are stale. */
void mvlan_inbox_start(struct mvlan_child *child)
{
	mvlan_inbox_purge(child);
	napi_enable(&child->inbox.napi);
}

/* ndo_stop: waits for a running poll. */
void mvlan_inbox_stop(struct mvlan_child *child)
{
	napi_disable(&child->inbox.napi);
	mvlan_inbox_purge(child);
}

/* ndo_uninit: the child is stopped and unpublished, no sender is left. */
void mvlan_inbox_destroy(struct mvlan_child *child)
{
	mvlan_inbox_purge(child);
	netif_napi_del(&child->inbox.napi);
}

/* Queue @skb for the NAPI poll; false (and @skb freed) when full. BH off. */
bool mvlan_inbox_put(struct mvlan_child *child, struct sk_buff *skb)
{
	struct mvlan_inbox *ib = &child->inbox;

	spin_lock(&ib->queue.lock);
	if (unlikely(skb_queue_len(&ib->queue) >= MVLAN_INBOX_LEN)) {
		spin_unlock(&ib->queue.lock);
		kfree_skb(skb);
		return false;
	}
	__skb_queue_tail(&ib->queue, skb);
	spin_unlock(&ib->queue.lock);
	napi_schedule(&ib->napi);
	return true;
}
