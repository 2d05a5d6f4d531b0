/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtm: RCU prefix trie, the index of the destinations of one table.
 *
 * Locking at a glance (the trie itself takes no lock):
 *
 *  ======================== ==============================================
 *  rtm_trie_init()          before the trie is shared
 *  rtm_trie_insert()        writer: caller serializes writers (its mutex)
 *  rtm_trie_delete()        writer: caller serializes writers (its mutex)
 *  rtm_trie_destroy()       writer, and no reader may remain
 *  rtm_trie_lookup_exact()  reader: rcu_read_lock()
 *  rtm_trie_lookup_longest() reader: rcu_read_lock()
 *  rtm_trie_lookup_below()  reader: rcu_read_lock()
 *  rtm_trie_next()          reader: rcu_read_lock()
 *  rtm_trie_walk_start()    reader: rcu_read_lock(), held until the walk's
 *  rtm_trie_walk_next()     last step (the walk points into the trie)
 *  ======================== ==============================================
 *
 * Readers run concurrently with one writer. A writer may call the reader
 * functions too; it should still take rcu_read_lock() around them so that
 * CONFIG_PROVE_RCU sees a legal context (it costs next to nothing).
 */
#ifndef _RTM_TRIE_H
#define _RTM_TRIE_H

#include <linux/types.h>

/* Longest key: an IPv6 address. */
#define RTM_TRIE_MAX_KEY_BYTES	16

struct rtm_trie_node;

/*
 * Subtrees a walk may have pending: one per node on a path (prefix lengths
 * strictly grow along it, so at most 8 * RTM_TRIE_MAX_KEY_BYTES + 1 of
 * them) and the two children of the node being left.
 */
#define RTM_TRIE_WALK_DEPTH	(8 * RTM_TRIE_MAX_KEY_BYTES + 3)

/**
 * struct rtm_trie - a set of prefixes, each mapped to a value
 * @root: top node, NULL when the trie is empty
 * @max_prefixlen: key length in bits: 32 (IPv4) or 128 (IPv6); keys are
 *	@max_prefixlen / 8 bytes, most significant byte first
 * @nr_entries: prefixes that have a value; only the writer changes it, so
 *	read it under the writer serialization
 */
struct rtm_trie {
	struct rtm_trie_node __rcu *root;
	unsigned int max_prefixlen;
	unsigned long nr_entries;
};

/**
 * rtm_trie_init() - initialise an empty trie
 * @trie: the trie
 * @max_prefixlen: key length in bits, a multiple of 8 no larger than
 *	8 * %RTM_TRIE_MAX_KEY_BYTES (32 for IPv4, 128 for IPv6)
 *
 * Context: Any context, before @trie is visible to anybody else.
 */
void rtm_trie_init(struct rtm_trie *trie, unsigned int max_prefixlen);

/**
 * rtm_trie_insert() - add a prefix with its value
 * @trie: the trie
 * @key: the prefix, @trie->max_prefixlen / 8 bytes, bits past @prefixlen zero
 * @prefixlen: prefix length in bits
 * @value: what lookups of this prefix return; must not be NULL
 * @gfp: allocation flags for the (at most two) nodes an insert needs
 *
 * On any error the trie is left exactly as it was. Readers see the new
 * entry as soon as this function publishes it, before it returns.
 *
 * Context: The caller serializes all writers of @trie. Sleeps if @gfp
 * allows it.
 * Return: 0 on success, -EEXIST if @prefixlen bits of @key already have a
 * value, -EINVAL if @prefixlen is larger than @trie->max_prefixlen or
 * @value is NULL, -ENOMEM if a node could not be allocated.
 */
int rtm_trie_insert(struct rtm_trie *trie, const u8 *key,
		    unsigned int prefixlen, void *value, gfp_t gfp);

/**
 * rtm_trie_delete() - remove a prefix
 * @trie: the trie
 * @key: the prefix, bits past @prefixlen zero
 * @prefixlen: prefix length in bits
 *
 * Only the exact prefix is removed; longer and shorter prefixes stay.
 * Readers that started before the removal may still return the value, so
 * the caller must not free it before an RCU grace period has elapsed.
 * Nodes that leave the trie are freed with kfree_rcu().
 *
 * Context: The caller serializes all writers of @trie. Does not sleep.
 * Return: the value the prefix had, or NULL if the trie does not hold it.
 */
void *rtm_trie_delete(struct rtm_trie *trie, const u8 *key,
		      unsigned int prefixlen);

/**
 * rtm_trie_destroy() - free every node of a trie
 * @trie: the trie; it is empty (and usable again) afterwards
 *
 * The values are not touched: the caller owns them.
 *
 * Context: The caller serializes all writers and no reader can reach
 * @trie any more (after synchronize_rcu(), for instance). Does not sleep.
 */
void rtm_trie_destroy(struct rtm_trie *trie);

/**
 * rtm_trie_lookup_exact() - find the value of one prefix
 * @trie: the trie
 * @key: the prefix, bits past @prefixlen zero
 * @prefixlen: prefix length in bits
 *
 * Context: rcu_read_lock() held; the value is only guaranteed to exist
 * until rcu_read_unlock() unless the caller pins it.
 * Return: the value of @key/@prefixlen, or NULL if the trie does not hold
 * it (also when @prefixlen is larger than @trie->max_prefixlen).
 */
void *rtm_trie_lookup_exact(const struct rtm_trie *trie, const u8 *key,
			    unsigned int prefixlen);

/**
 * rtm_trie_lookup_longest() - longest prefix match of an address
 * @trie: the trie
 * @addr: a full address, @trie->max_prefixlen / 8 bytes
 * @prefixlen: if not NULL, receives the length of the matching prefix
 *
 * Context: rcu_read_lock() held.
 * Return: the value of the longest prefix in @trie that covers @addr, or
 * NULL (and @prefixlen untouched) if no prefix covers it.
 */
void *rtm_trie_lookup_longest(const struct rtm_trie *trie, const u8 *addr,
			      unsigned int *prefixlen);

/**
 * rtm_trie_lookup_below() - the prefix a prefix would fall back to
 * @trie: the trie
 * @key: a prefix, bits past @prefixlen zero
 * @prefixlen: its length in bits
 * @below_len: if not NULL, receives the length of the prefix found
 *
 * What the addresses of @key/@prefixlen match once it is deleted, or
 * matched before it was inserted: the longest prefix strictly shorter than
 * @prefixlen that covers @key. @key/@prefixlen itself need not be in the
 * trie.
 *
 * Context: rcu_read_lock() held.
 * Return: that prefix's value, or NULL (and @below_len untouched) if there
 * is none, or if @prefixlen is 0 or larger than @trie->max_prefixlen.
 */
void *rtm_trie_lookup_below(const struct rtm_trie *trie, const u8 *key,
			    unsigned int prefixlen, unsigned int *below_len);

/**
 * rtm_trie_next() - resume an ordered walk
 * @trie: the trie
 * @key: where the walk stands, bits past @prefixlen zero; it need not be
 *	in the trie
 * @prefixlen: prefix length of @key in bits
 * @inclusive: also accept @key/@prefixlen itself
 * @next_key: receives the prefix found (@trie->max_prefixlen / 8 bytes,
 *	bits past @next_prefixlen zero); may be the same buffer as @key
 * @next_prefixlen: receives its length
 *
 * The order is by address, read as a big-endian bit string with the bits
 * past the prefix length zero, then by prefix length, shortest first:
 * 0.0.0.0/0, 10.0.0.0/8, 10.0.0.0/16, 10.1.0.0/16, 11.0.0.0/8.
 * A walk starts with (zero key, 0, inclusive) and continues with the last
 * result and !inclusive. It keeps no state, so it is unaffected by
 * concurrent inserts and deletes: every prefix present during the whole
 * walk is returned exactly once, in order.
 *
 * Context: rcu_read_lock() held.
 * Return: the value of the first prefix after @key/@prefixlen (or at it,
 * if @inclusive), or NULL at the end of the trie (or if @prefixlen is larger
 * than @trie->max_prefixlen); @next_key and @next_prefixlen are only written
 * when the return value is not NULL.
 */
void *rtm_trie_next(const struct rtm_trie *trie, const u8 *key,
		    unsigned int prefixlen, bool inclusive,
		    u8 *next_key, unsigned int *next_prefixlen);

/**
 * struct rtm_trie_walk - an ordered walk that keeps its place in the trie
 * @trie: the trie walked
 * @depth: used entries of @pending
 * @last_key: the last prefix returned, or where the walk started
 * @last_prefixlen: its length
 * @last_inclusive: @last_key itself is still to come (nothing returned yet)
 * @pending: subtrees still to visit, the next one last
 *
 * rtm_trie_next() finds each prefix with a descent from the root; a walk
 * steps from one prefix to the next in constant time on average, as long
 * as it stays inside one RCU read section. It is big (about 1 KiB): keep
 * it off the stack.
 */
struct rtm_trie_walk {
	const struct rtm_trie *trie;
	unsigned int depth;
	u8 last_key[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int last_prefixlen;
	bool last_inclusive;
	struct rtm_trie_node *pending[RTM_TRIE_WALK_DEPTH];
};

/**
 * rtm_trie_walk_start() - begin a walk where rtm_trie_next() would
 * @walk: the walk
 * @trie: the trie
 * @key: where the walk stands, as for rtm_trie_next()
 * @prefixlen: prefix length of @key in bits
 * @inclusive: also accept @key/@prefixlen itself
 * @next_key: receives the first prefix found, as for rtm_trie_next()
 * @next_prefixlen: receives its length
 *
 * The walk gives the same prefixes as a chain of rtm_trie_next() calls,
 * with the same guarantee under concurrent writers: every prefix present
 * during the whole walk is returned exactly once, in order.
 *
 * Context: rcu_read_lock() held from here to the walk's last step; a walk
 * must not be continued after rcu_read_unlock() (start a new one from the
 * last key instead).
 * Return: the value of the first prefix, or NULL as rtm_trie_next().
 */
void *rtm_trie_walk_start(struct rtm_trie_walk *walk,
			  const struct rtm_trie *trie, const u8 *key,
			  unsigned int prefixlen, bool inclusive,
			  u8 *next_key, unsigned int *next_prefixlen);

/**
 * rtm_trie_walk_next() - the next prefix of a walk
 * @walk: a walk started in the current RCU read section
 * @next_key: receives the prefix found
 * @next_prefixlen: receives its length
 *
 * Context: rcu_read_lock() held since rtm_trie_walk_start().
 * Return: the value of the next prefix, or NULL at the end of the trie.
 */
void *rtm_trie_walk_next(struct rtm_trie_walk *walk, u8 *next_key,
			 unsigned int *next_prefixlen);

#endif /* _RTM_TRIE_H */
