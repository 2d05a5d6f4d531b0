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

#include <linux/mutex.h>
#include <linux/types.h>

#include "lpm.h"
#include "trie.h"

/**
 * struct rtm_table - the destinations of one address family
 * @trie: prefix -> struct rtm_dest; read under RCU, written under
 *	@writer_lock
 * @lpm: address -> struct rtm_dest of its longest match, beside @trie;
 *	same rules (table.c keeps the two in step)
 * @writer_lock: the lock every writer of the table holds (the instance
 *	lock), for lockdep to check
 * @family: AF_INET or AF_INET6
 * @addr_bytes: 4 or 16
 */
struct rtm_table {
	struct rtm_trie trie;
	struct rtm_lpm lpm;
	struct mutex *writer_lock; /* the instance lock */
	u16 family;
	u8 addr_bytes;
};

void rtm_table_init(struct rtm_table *table, u16 family,
		    u8 addr_bytes, struct mutex *writer_lock);
void rtm_table_destroy(struct rtm_table *table);
int rtm_table_insert(struct rtm_table *table, void *value, const u8 *key,
		     u8 plen);
void *rtm_table_delete(struct rtm_table *table, const u8 *key, u8 plen);
void *rtm_table_lookup_longest(const struct rtm_table *table, const u8 *addr);

#endif /* _RTM_TABLE_H */
