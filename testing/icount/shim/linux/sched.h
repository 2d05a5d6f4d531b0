/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICOUNT_SCHED_H
#define _ICOUNT_SCHED_H

static inline void cond_resched(void)
{
}

#endif
