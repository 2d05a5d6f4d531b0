/* SPDX-License-Identifier: GPL-2.0 */
/*
 * refcount_t with the kernel's atomics (a locked add or sub each), without
 * its saturation checks, which the harness does not exercise.
 */
#ifndef _ICOUNT_REFCOUNT_H
#define _ICOUNT_REFCOUNT_H

#include <stdbool.h>

typedef struct {
	int refs;
} refcount_t;

static inline void refcount_set(refcount_t *r, int n)
{
	r->refs = n;
}

static inline void refcount_inc(refcount_t *r)
{
	__atomic_add_fetch(&r->refs, 1, __ATOMIC_RELAXED);
}

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	int old = __atomic_load_n(&r->refs, __ATOMIC_RELAXED);

	do {
		if (!old)
			return false;
	} while (!__atomic_compare_exchange_n(&r->refs, &old, old + 1, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return true;
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	return __atomic_sub_fetch(&r->refs, 1, __ATOMIC_RELEASE) == 0;
}

#endif
