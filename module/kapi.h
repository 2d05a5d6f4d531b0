/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel API (include/net/rtm.h), the parts the rest of rtm.ko
 * uses: the notifier chain that change events reach, and the lookups on a
 * table for the KUnit suite, which has no pernet instance to go through.
 */
#ifndef _RTM_KAPI_H
#define _RTM_KAPI_H

#include <net/rtm.h>

#include "dest.h"

void rtm_kapi_dest_event(struct net *net, struct rtm_dest *dest,
			 enum rtm_dest_event event, u32 views);

int rtm_table_fib_lookup(const struct rtm_table *table, const u8 *addr,
			 u32 view, struct rtm_fwd_result *res);
struct rtm_dest *rtm_table_dest_exact(const struct rtm_table *table,
				      const u8 *addr, u8 prefix_len);

#endif /* _RTM_KAPI_H */
