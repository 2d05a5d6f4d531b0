// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator behind the harness's <linux/slab.h>: malloc() with a count
 * of live objects for the leak check, poisoning on free, and a one-shot
 * failure of a chosen allocation for the ENOMEM tests.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <linux/slab.h>

#include "shim.h"

#define POISON_FREE	0x6b

static long nr_allocated;
static long nr_owned;
static unsigned int fail_countdown;
static unsigned long nr_failed;

long shim_nr_allocated(void)
{
	return __atomic_load_n(&nr_allocated, __ATOMIC_SEQ_CST);
}

void shim_fail_nth_alloc(unsigned int nth)
{
	__atomic_store_n(&fail_countdown, nth, __ATOMIC_SEQ_CST);
}

long shim_nr_owned(void)
{
	return __atomic_load_n(&nr_owned, __ATOMIC_SEQ_CST);
}

unsigned long shim_nr_failed(void)
{
	return __atomic_load_n(&nr_failed, __ATOMIC_SEQ_CST);
}

/* True if this allocation is the one chosen to fail. */
static bool fail_this_one(void)
{
	unsigned int left = __atomic_load_n(&fail_countdown, __ATOMIC_SEQ_CST);

	while (left) {
		if (__atomic_compare_exchange_n(&fail_countdown, &left, left - 1,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST)) {
			if (left != 1)
				return false;
			__atomic_add_fetch(&nr_failed, 1, __ATOMIC_SEQ_CST);
			return true;
		}
	}
	return false;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	if (fail_this_one())
		return NULL;
	p = malloc(size);
	if (!p)
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(p, 0, size);
	else
		memset(p, 0xa5, size);	/* no accidental zero-initialisation */
	__atomic_add_fetch(&nr_allocated, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&nr_owned, 1, __ATOMIC_SEQ_CST);
	return p;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

static void shim_free(const void *p)
{
	memset((void *)p, POISON_FREE, malloc_usable_size((void *)p));
	__atomic_sub_fetch(&nr_allocated, 1, __ATOMIC_SEQ_CST);
	free((void *)p);
}

void kfree(const void *p)
{
	if (!p)
		return;
	__atomic_sub_fetch(&nr_owned, 1, __ATOMIC_SEQ_CST);
	shim_free(p);
}

static void shim_kfree_rcu_cb(struct rcu_head *head)
{
	shim_free(head);
}

void shim_kfree_rcu(struct rcu_head *head)
{
	__atomic_sub_fetch(&nr_owned, 1, __ATOMIC_SEQ_CST);
	call_rcu(head, shim_kfree_rcu_cb);
}

void *kvzalloc(size_t size, gfp_t gfp)
{
	return kzalloc(size, gfp);
}

void kvfree(const void *p)
{
	kfree(p);
}

size_t kmalloc_size_roundup(size_t size)
{
	return size;
}

/*
 * The kernel's kvfree_rcu_mightsleep() queues the pointer in a page of
 * pointers, or waits for a grace period if it cannot get one; the harness
 * wraps it in a rcu_head of its own, from plain malloc() so that failure
 * injection never hits it, with the same fallback.
 */
struct shim_kvfree {
	struct rcu_head rcu;
	const void *p;
};

static void shim_kvfree_rcu_cb(struct rcu_head *head)
{
	struct shim_kvfree *w = (struct shim_kvfree *)head;

	shim_free(w->p);
	free(w);
}

void shim_kvfree_rcu(void *p)
{
	struct shim_kvfree *w;

	if (!p)
		return;
	__atomic_sub_fetch(&nr_owned, 1, __ATOMIC_SEQ_CST);
	w = malloc(sizeof(*w));
	if (!w) {
		synchronize_rcu();
		shim_free(p);
		return;
	}
	w->p = p;
	call_rcu(&w->rcu, shim_kvfree_rcu_cb);
}
