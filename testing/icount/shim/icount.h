/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included before each module file: what the radix-tree harness's shims
 * lack. Frees are immediate: the harness is single-threaded.
 */
#ifndef _ICOUNT_H
#define _ICOUNT_H

#include <stdlib.h>
#include <linux/slab.h>

#define U32_MAX			0xffffffffU
#define kvcalloc(n, size, gfp)	calloc(n, size)
#define kvfree(p)		free(p)
#define kfree_rcu(p, field)	kfree(p)

#endif
