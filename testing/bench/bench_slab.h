/* SPDX-License-Identifier: GPL-2.0 */
/* What the benchmark's kmalloc() (bench_slab.c) has handed out. */
#ifndef _RTM_BENCH_SLAB_H
#define _RTM_BENCH_SLAB_H

#include <stddef.h>

/* Live objects and their bytes in kmalloc size classes (kfree_rcu() pending included). */
long bench_slab_objects(void);
long bench_slab_bytes(void);
/* The kmalloc cache size an object of @size bytes lands in. */
size_t bench_kmalloc_class(size_t size);

#endif
