/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel API (include/net/rtm.h), the parts the rest of rtm.ko
 * uses: the change notifications its writers send, and the lookups on a
 * table for the KUnit suite, which has no pernet instance to go through.
 */
#ifndef _RTM_KAPI_H
#define _RTM_KAPI_H

#include <net/rtm.h>

#include "dest.h"

void rtm_dest_notify_update(struct net *net, struct rtm_dest *dest,
			    struct rtm_rt *const *old_best,
			    const struct rtm_rt *updated);

/* The best route of every view, before a change: see rtm_dest_notify_update() */
static inline void rtm_dest_save_best(const struct rtm_dest *dest,
				      struct rtm_rt **old_best)
{
	int v;

	for (v = 0; v < RTM_NUM_VIEWS; v++)
		old_best[v] = rcu_access_pointer(dest->best[v]);
}

int rtm_table_fib_lookup(const struct rtm_table *table, const u8 *addr,
			 u32 view, struct rtm_fwd_result *res);
struct rtm_dest *rtm_table_dest_exact(const struct rtm_table *table,
				      const u8 *addr, u8 prefix_len);

#endif /* _RTM_KAPI_H */
