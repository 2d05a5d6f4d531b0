/* SPDX-License-Identifier: GPL-2.0 */
/* atomic_long_t comes from tools/include's linux/types.h; its add is enough here. */
#ifndef _ICOUNT_ATOMIC_H
#define _ICOUNT_ATOMIC_H

#include <linux/types.h>

static inline void atomic_long_add(long delta, atomic_long_t *v)
{
	__atomic_add_fetch(&v->counter, delta, __ATOMIC_RELAXED);
}

#endif
