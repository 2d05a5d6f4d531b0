/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel stand-in: a WARN is a test failure here, so it aborts with the
 * condition's text (the sanitizers print the stack).
 */
#ifndef _SHIM_LINUX_BUG_H
#define _SHIM_LINUX_BUG_H

#include <stdio.h>
#include <stdlib.h>

#define WARN_ON_ONCE(cond) ({						\
	int __warned = !!(cond);					\
	if (__warned) {							\
		fprintf(stderr, "%s:%d: WARN_ON_ONCE(%s)\n",		\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
	__warned;							\
})

#endif
