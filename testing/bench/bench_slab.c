// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator behind <linux/slab.h> for the benchmark: plain malloc()
 * (no poisoning, no failure injection, unlike testing/userspace/linux.c,
 * whose extra work would be timed), and a count of the bytes the kernel
 * would take: each object rounded up to its kmalloc size class.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <linux/slab.h>

#include "bench_slab.h"

static long live_objects;
static long live_bytes;

/* The kmalloc-N caches of a 64-bit kernel (with the 96 and 192 ones). */
size_t bench_kmalloc_class(size_t size)
{
	static const size_t classes[] = {
		8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
	};
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (size <= classes[i])
			return classes[i];
	return (size + 4095) & ~(size_t)4095;
}

/* The class is kept in front of the object, so kfree() can count it. */
struct slab_header {
	size_t bytes;
	size_t pad;	/* keeps the object 16-byte aligned, like malloc's */
};

void *kmalloc(size_t size, gfp_t gfp)
{
	size_t bytes = bench_kmalloc_class(size);
	struct slab_header *header = malloc(sizeof(*header) + size);

	if (!header)
		return NULL;
	header->bytes = bytes;
	__atomic_add_fetch(&live_objects, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&live_bytes, bytes, __ATOMIC_RELAXED);
	if (gfp & __GFP_ZERO)
		memset(header + 1, 0, size);
	return header + 1;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void kfree(const void *p)
{
	struct slab_header *header;

	if (!p)
		return;
	header = (struct slab_header *)p - 1;
	__atomic_sub_fetch(&live_objects, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&live_bytes, header->bytes, __ATOMIC_RELAXED);
	free(header);
}

static void bench_kfree_rcu_cb(struct rcu_head *head)
{
	kfree(head);
}

void shim_kfree_rcu(struct rcu_head *head)
{
	call_rcu(head, bench_kfree_rcu_cb);
}

void *kvzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void kvfree(const void *p)
{
	kfree(p);
}

size_t kmalloc_size_roundup(size_t size)
{
	return bench_kmalloc_class(size);
}

struct bench_kvfree {
	struct rcu_head rcu;
	const void *p;
};

static void bench_kvfree_rcu_cb(struct rcu_head *head)
{
	struct bench_kvfree *w = (struct bench_kvfree *)head;

	kfree(w->p);
	free(w);
}

/* The kernel queues the pointer in a page of pointers: no object of ours. */
void shim_kvfree_rcu(void *p)
{
	struct bench_kvfree *w;

	if (!p)
		return;
	w = malloc(sizeof(*w));
	if (!w) {
		synchronize_rcu();
		kfree(p);
		return;
	}
	w->p = p;
	call_rcu(&w->rcu, bench_kvfree_rcu_cb);
}

long bench_slab_objects(void)
{
	return __atomic_load_n(&live_objects, __ATOMIC_RELAXED);
}

long bench_slab_bytes(void)
{
	return __atomic_load_n(&live_bytes, __ATOMIC_RELAXED);
}
