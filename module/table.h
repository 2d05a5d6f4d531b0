/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtm: the destinations of one table, kept in two structures: the binary
 * trie (trie.h), the authority for exact matches and ordered walks, and
 * the longest-prefix-match index (lpm.h) that forwarding lookups use.
 * These functions keep the two in step.
 *
 * Locking: the writers (rtm_table_insert(), rtm_table_delete(),
 * rtm_table_destroy()) run under the instance lock; lookups under
 * rcu_read_lock() only.
 */
#ifndef _RTM_TABLE_H
#define _RTM_TABLE_H

#include <linux/types.h>

#include "instance.h"

void rtm_table_init(struct rtm_table *table, u16 family, u8 addr_bytes);
void rtm_table_destroy(struct rtm_table *table);
int rtm_table_insert(struct rtm_table *table, void *value, const u8 *key,
		     u8 plen);
void *rtm_table_delete(struct rtm_table *table, const u8 *key, u8 plen);
void *rtm_table_lookup_longest(const struct rtm_table *table, const u8 *addr);

#endif /* _RTM_TABLE_H */
