// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction counts of rtm's per-handle kernel work, on the module's own
 * handles.c, obj.c and trie.c built over the kernel's xarray (lib/xarray.c
 * with tools/testing/radix-tree's userspace shims). icount-report runs it
 * under valgrind --tool=callgrind --toggle-collect=PHASE: the instructions
 * of a phase_*() function divided by the items it handled (printed at the
 * end) is the cost per item. A batch's copy from userspace is counted (as a
 * memcpy); the ioctl entry and exit are not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/xarray.h>
#include <urcu.h>
#include <linux/radix-tree.h>

#include "handles.h"
#include "stats.h"
#include "trie.h"

atomic_long_t rtm_stats[RTM_STAT_MAX];

struct icount_obj {
	struct rtm_obj obj;
	u8 key[4];
};

static void icount_free(struct rtm_obj *obj)
{
	free(container_of(obj, struct icount_obj, obj));
}

static unsigned int nr;
static struct icount_obj **objs;
static u64 *values;
static u64 *scratch;	/* the kernel's copy of each batch: release consumes it */
static struct rtm_handles table;
static struct rtm_trie trie;

static void setup(void)
{
	unsigned int i;

	objs = calloc(nr, sizeof(*objs));
	values = calloc(nr, sizeof(*values));
	scratch = calloc(nr, sizeof(*scratch));
	rtm_trie_init(&trie, 32);
	rtm_handles_init(&table, UINT32_MAX);
	for (i = 0; i < nr; i++) {
		struct icount_obj *o = calloc(1, sizeof(*o));
		u32 prefix = (i + 1) << 8;	/* distinct /24s */

		if (!o || rtm_obj_init(&o->obj, RTM_HANDLE_DEST, icount_free))
			abort();
		o->key[0] = prefix >> 24;
		o->key[1] = prefix >> 16;
		o->key[2] = prefix >> 8;
		if (rtm_trie_insert(&trie, o->key, 24, o, GFP_KERNEL))
			abort();
		objs[i] = o;
	}
}

/*
 * What enumeration does per destination: the next prefix (a walk step, a
 * new walk from the cursor every RTM_ENUM_CHUNK records as in enum.c), a
 * reference and three holds (the destination, its route, the route's owner).
 */
#define ICOUNT_ENUM_CHUNK	64

noinline void phase_enum(void)
{
	static struct rtm_trie_walk walk;
	u8 key[4] = {};
	unsigned int plen = 0, i;

	for (i = 0; i < nr; i++) {
		struct icount_obj *o;

		if (i % ICOUNT_ENUM_CHUNK == 0) {
			if (i)
				rcu_read_unlock();
			rcu_read_lock();
			o = rtm_trie_walk_start(&walk, &trie, key, plen, !i,
						key, &plen);
		} else {
			o = rtm_trie_walk_next(&walk, key, &plen);
		}
		if (!o || !rtm_obj_tryget(&o->obj) ||
		    rtm_handles_add(&table, &o->obj))
			abort();
		if (rtm_handles_hand_out(&table, &o->obj) ||
		    rtm_handles_hand_out(&table, &o->obj))
			abort();
		values[i] = rtm_obj_handle(&o->obj);
	}
	rcu_read_unlock();
}

noinline void phase_release_batched(void)
{
	unsigned int i, n;

	for (i = 0; i < nr; i += n) {
		n = nr - i < RTM_MAX_ENUM_BATCH ? nr - i : RTM_MAX_ENUM_BATCH;
		memcpy(scratch, values + i, n * sizeof(*scratch));
		if (rtm_handles_release(&table, scratch, n, RTM_HANDLE_ANY))
			abort();
	}
}

noinline void phase_release_single(void)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		scratch[0] = values[i];
		if (rtm_handles_release(&table, scratch, 1, RTM_HANDLE_ANY))
			abort();
	}
}

int main(int argc, char **argv)
{
	nr = argc > 1 ? atoi(argv[1]) : 100000;
	rcu_register_thread();
	radix_tree_init();
	setup();
	phase_enum();			/* three holds of each */
	phase_release_batched();	/* 3 -> 2: counts only */
	phase_release_single();		/* 2 -> 1 */
	phase_release_batched();	/* 1 -> 0: entries removed */
	/* what each phase did in all, for icount-report */
	printf("phase_enum %u destinations enumerated (walk step, reference, 3 holds)\n", nr);
	printf("phase_release_batched %u handles released in batches of %u\n",
	       2 * nr, RTM_MAX_ENUM_BATCH);
	printf("phase_release_single %u handles released one per call\n", nr);
	rcu_unregister_thread();
	return 0;
}
