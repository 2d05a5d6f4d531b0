/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Harness shim: kmalloc() and friends from linux.c, which counts live
 * objects (leak check) and can fail a chosen allocation (ENOMEM tests).
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <stddef.h>

#include <linux/rcupdate.h>
#include <linux/types.h>

#define __GFP_ZERO	0x1u
#define __GFP_NOWARN	0x2u
#define GFP_KERNEL	0x10u
#define GFP_ATOMIC	0x20u
#define GFP_NOWAIT	0x40u

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
void *kvzalloc(size_t size, gfp_t gfp);
void kvfree(const void *p);
size_t kmalloc_size_roundup(size_t size);

/* kvfree_rcu_mightsleep(): frees @p after a grace period. */
void shim_kvfree_rcu(void *p);
#define kvfree_rcu_mightsleep(p)	shim_kvfree_rcu(p)

/* kfree_rcu() of an object that starts with its rcu_head. */
void shim_kfree_rcu(struct rcu_head *head);

/*
 * The kernel encodes the rcu_head offset in the callback pointer; liburcu
 * cannot, so the harness requires the rcu_head to be the first member and
 * frees the head itself. It is still the object's own rcu_head that is
 * queued, so a double kfree_rcu() corrupts the queue as it would in the
 * kernel.
 */
#define kfree_rcu(ptr, field)						\
do {									\
	__typeof__(ptr) ___p = (ptr);					\
	_Static_assert(offsetof(__typeof__(*___p), field) == 0,		\
		       "harness kfree_rcu() needs the rcu_head first");	\
	if (___p)							\
		shim_kfree_rcu(&___p->field);				\
} while (0)

#endif
