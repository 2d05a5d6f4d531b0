/* SPDX-License-Identifier: GPL-2.0 */
/* Harness shim: the bit helpers the trie and the index use. */
#ifndef _SHIM_LINUX_BITOPS_H
#define _SHIM_LINUX_BITOPS_H

#include <linux/types.h>

#define BIT(nr)		(1UL << (nr))
#define BIT_ULL(nr)	(1ULL << (nr))

/*
 * The kernel patches in the popcnt instruction where the CPU has it; build
 * with -mpopcnt to get the same here.
 */
#define hweight64(x)	((unsigned int)__builtin_popcountll(x))

/* Like the kernel's: 1-based index of the most significant set bit, 0 for 0. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

#endif
