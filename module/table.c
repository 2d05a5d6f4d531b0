// SPDX-License-Identifier: GPL-2.0
/*
 * rtm: a table's binary trie and longest-prefix-match index, kept in step.
 *
 * The index is leaf-pushed: an address's leaf is the value of its longest
 * match. Inserting a prefix replaces, inside its range, the value of the
 * prefix it falls back to (the longest shorter one covering it, found in
 * the trie) by its own; deleting it does the reverse (see lpm.c).
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "lpm.h"
#include "table.h"
#include "trie.h"

/**
 * rtm_table_init() - initialise an empty table
 * @table: the table
 * @family: AF_INET or AF_INET6
 * @addr_bytes: 4 or 16
 * @writer_lock: the lock its writers will hold
 *
 * Context: Any context, before @table is visible to anybody else.
 */
void rtm_table_init(struct rtm_table *table, u16 family,
		    u8 addr_bytes, struct mutex *writer_lock)
{
	table->writer_lock = writer_lock;
	table->family = family;
	table->addr_bytes = addr_bytes;
	rtm_trie_init(&table->trie, addr_bytes * 8);
	rtm_lpm_init(&table->lpm, addr_bytes * 8);
}

/**
 * rtm_table_destroy() - free the structures of a table
 * @table: the table; it is empty (and usable again) afterwards
 *
 * The values are not touched: the caller owns them. An emptied table holds
 * no index memory already; this frees what a table still holds.
 *
 * Context: Instance lock held or no writer left, and no reader can reach
 * @table any more (after synchronize_rcu(), for instance).
 */
void rtm_table_destroy(struct rtm_table *table)
{
	rtm_trie_destroy(&table->trie);
	rtm_lpm_destroy(&table->lpm);
}

/* What the addresses of @key/@plen match without it. */
static void *rtm_table_below(struct rtm_table *table, const u8 *key, u8 plen)
{
	void *below;

	/* The trie's read side checks for an RCU section; writers are readers too. */
	rcu_read_lock();
	below = rtm_trie_lookup_below(&table->trie, key, plen, NULL);
	rcu_read_unlock();
	return below;
}

/**
 * rtm_table_insert() - add a prefix to the trie and the index
 * @table: the table
 * @value: what lookups of the prefix return (a struct rtm_dest); not NULL,
 *	at least two bytes aligned
 * @key: the prefix, @table->addr_bytes bytes, bits past @plen zero
 * @plen: prefix length in bits
 *
 * All or nothing: on error neither structure holds the prefix. Index
 * readers may however have returned @value meanwhile (when the trie could
 * not allocate after the index had taken it), so the caller frees @value
 * only after an RCU grace period, as it does after a delete.
 *
 * Context: @table->writer_lock held. Sleeps.
 * Return: 0; -EEXIST if the prefix is in the table already; -EINVAL for a
 * bad length or value; -ENOMEM.
 */
int rtm_table_insert(struct rtm_table *table, void *value, const u8 *key,
		     u8 plen)
{
	void *below, *found;
	int err;

	lockdep_assert_held(table->writer_lock);
	if (!value)
		return -EINVAL;
	rcu_read_lock();
	found = rtm_trie_lookup_exact(&table->trie, key, plen);
	rcu_read_unlock();
	if (found)
		return -EEXIST;

	/*
	 * The index first: it is the one that may need many nodes, and
	 * its inserts fail cleanly. Undoing it is a delete, which cannot.
	 */
	below = rtm_table_below(table, key, plen);
	err = rtm_lpm_replace(&table->lpm, key, plen, below, value,
			      GFP_KERNEL_ACCOUNT);
	if (err)
		return err;
	err = rtm_trie_insert(&table->trie, key, plen, value, GFP_KERNEL_ACCOUNT);
	if (err)
		WARN_ON(rtm_lpm_replace(&table->lpm, key, plen, value, below,
					GFP_KERNEL_ACCOUNT));
	return err;
}

/**
 * rtm_table_delete() - remove a prefix from the trie and the index
 * @table: the table
 * @key: the prefix, bits past @plen zero
 * @plen: prefix length in bits
 *
 * Readers that started before the removal may still return the value, so
 * the caller must not free it before an RCU grace period has elapsed.
 *
 * Context: @table->writer_lock held. Sleeps. Never fails.
 * Return: the value the prefix had, or NULL if the table does not hold it.
 */
void *rtm_table_delete(struct rtm_table *table, const u8 *key, u8 plen)
{
	void *value, *below;

	lockdep_assert_held(table->writer_lock);
	rcu_read_lock();
	value = rtm_trie_lookup_exact(&table->trie, key, plen);
	rcu_read_unlock();
	if (!value)
		return NULL;
	below = rtm_table_below(table, key, plen);
	WARN_ON(rtm_lpm_replace(&table->lpm, key, plen, value, below,
				GFP_KERNEL_ACCOUNT));
	rtm_trie_delete(&table->trie, key, plen);
	return value;
}

/**
 * rtm_table_lookup_longest() - longest prefix match of an address
 * @table: the table
 * @addr: a full address, @table->addr_bytes bytes
 *
 * Lock-free and without atomic operations: the index, not the trie.
 *
 * Context: rcu_read_lock() held; the value is only guaranteed to exist
 * until rcu_read_unlock() unless the caller pins it.
 * Return: the value of the longest prefix covering @addr, or NULL.
 */
void *rtm_table_lookup_longest(const struct rtm_table *table, const u8 *addr)
{
	return rtm_lpm_lookup(&table->lpm, addr);
}
