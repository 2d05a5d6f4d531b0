// SPDX-License-Identifier: GPL-2.0
/*
 * rtm: RCU prefix trie, the index of the destinations of one table.
 *
 * A pure data structure: no module, device or table code lives here, so the
 * userspace harness (testing/userspace) builds this very file against
 * liburcu.
 */
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "trie.h"

/**
 * DOC: theory
 *
 * Shape. A path-compressed binary trie over big-endian bit strings. Each
 * node stands for one prefix (key, prefixlen); the key keeps only the first
 * prefixlen bits, the rest are zero. Everything below a node extends its
 * prefix; the child[b] subtree holds the prefixes whose bit number prefixlen
 * (counting from the most significant bit of key[0]) is b. Bits between two
 * nodes are skipped, so a lone /32 below the root is one hop, not 32:
 *
 *                  10.0.0.0/8 (value)
 *                  [0]           [1]
 *                   |              |
 *        10.0.0.0/15 (glue)      10.128.0.0/9 (value)
 *        [0]           [1]
 *         |              |
 *   10.0.0.0/16       10.1.0.0/16
 *
 * A node without a value is a glue node: it only tells two subtrees apart
 * and no lookup ever returns it. Inserting 10.1.0.0/16 next to 10.0.0.0/16
 * above created the /15 glue node. The invariants the code relies on:
 *
 *  (1) a glue node has exactly two children, so every non-empty subtree
 *      holds at least one value;
 *  (2) no two nodes of the trie have the same prefix;
 *  (3) a node's key, prefixlen and address never change once it has been
 *      published; only its value and child pointers do.
 *
 * Order. Walking the trie in pre-order (a node, then its 0 subtree, then its
 * 1 subtree) lists the prefixes by address, then by length: 10.0.0.0/8,
 * 10.0.0.0/16, 10.1.0.0/16, 10.128.0.0/9. This is the ORDER rtm_trie_next()
 * follows, and the order in which tables are enumerated.
 *
 * Writers. The caller serializes them. An insert allocates at most two nodes
 * (the new one and a glue node), fills them completely and then publishes
 * them with a single rcu_assign_pointer() into the slot they take over;
 * apart from that slot, nodes already in the trie are not written, only
 * linked below the new ones. Turning a glue node into a value node, or
 * back, only writes the value pointer; rcu_assign_pointer() also orders the
 * caller's initialisation of the value before readers can find it. A
 * delete unlinks at most two nodes (the deleted one and a glue parent left
 * with one child) with a single pointer store and frees them with
 * kfree_rcu(). An unlinked node is never written again, so a
 * reader standing on it still sees the subtree it had when it was unlinked.
 *
 * Readers. Every hop is an rcu_dereference(), so a reader sees each pointer
 * either before or after any given writer step. Together with (3) and the
 * "unlinked nodes are frozen" rule this gives what rtm_trie_next() needs: a
 * prefix that is in the trie during a whole lookup is reachable along its
 * own path from every pointer the lookup reads for its range. A lookup can
 * however meet a node whose value it read as NULL and whose children it
 * then reads as NULL (a glue node that gained a value and lost both
 * children meanwhile): invariant (1) only holds for each snapshot, not for
 * a reader's mixed view. rtm_trie_next() restarts when that happens.
 */

struct rtm_trie_node {
	struct rcu_head rcu;
	struct rtm_trie_node __rcu *child[2];
	void __rcu *value;		/* NULL: glue node */
	u8 prefixlen;
	u8 key[];			/* max_prefixlen / 8 bytes */
};

/*
 * The writer family of accessors. The trie does not know which lock the
 * caller serializes its writers with, so it cannot name it to lockdep; the
 * caller's documented serialization is the protection (like lpm_trie in
 * v6.1, which passes 1 as well).
 */
#define rtm_trie_protected(p)	rcu_dereference_protected(p, 1)

static unsigned int rtm_trie_key_bytes(const struct rtm_trie *trie)
{
	return trie->max_prefixlen / 8;
}

/* Bit @index of @key, counting from the most significant bit of key[0]. */
static unsigned int rtm_trie_bit(const u8 *key, unsigned int index)
{
	return (key[index / 8] >> (7 - index % 8)) & 1;
}

/* How many leading bits @a and @b have in common, at most @limit. */
static unsigned int rtm_trie_common_bits(const u8 *a, const u8 *b,
					 unsigned int limit)
{
	unsigned int bits = 0;
	unsigned int i;

	for (i = 0; bits < limit; i++) {
		u8 diff = a[i] ^ b[i];

		if (diff) {
			bits += 8 - fls(diff);
			break;
		}
		bits += 8;
	}
	return min(bits, limit);
}

/* Does the prefix of @node cover the first node->prefixlen bits of @key? */
static bool rtm_trie_covers(const struct rtm_trie_node *node, const u8 *key)
{
	return rtm_trie_common_bits(node->key, key, node->prefixlen) ==
	       node->prefixlen;
}

static struct rtm_trie_node *rtm_trie_node_alloc(const struct rtm_trie *trie,
						 const u8 *key,
						 unsigned int prefixlen,
						 void *value, gfp_t gfp)
{
	unsigned int nbytes = rtm_trie_key_bytes(trie);
	unsigned int whole = prefixlen / 8;
	struct rtm_trie_node *node;

	node = kmalloc(struct_size(node, key, nbytes), gfp);
	if (!node)
		return NULL;

	RCU_INIT_POINTER(node->child[0], NULL);
	RCU_INIT_POINTER(node->child[1], NULL);
	RCU_INIT_POINTER(node->value, value);
	node->prefixlen = prefixlen;
	/*
	 * Keep only the prefix bits: a glue node is made from a longer key,
	 * and rtm_trie_next() hands node keys out as they are.
	 */
	memcpy(node->key, key, whole);
	memset(node->key + whole, 0, nbytes - whole);
	if (prefixlen % 8)
		node->key[whole] = key[whole] & (u8)(0xff << (8 - prefixlen % 8));
	return node;
}

void rtm_trie_init(struct rtm_trie *trie, unsigned int max_prefixlen)
{
	RCU_INIT_POINTER(trie->root, NULL);
	trie->max_prefixlen = max_prefixlen;
	trie->nr_entries = 0;
}

int rtm_trie_insert(struct rtm_trie *trie, const u8 *key,
		    unsigned int prefixlen, void *value, gfp_t gfp)
{
	struct rtm_trie_node __rcu **slot = &trie->root;
	struct rtm_trie_node *node, *leaf, *glue;
	unsigned int matched = 0;
	unsigned int bit;

	if (prefixlen > trie->max_prefixlen || !value)
		return -EINVAL;

	/* Go down while the node is a proper prefix of the new one. */
	while ((node = rtm_trie_protected(*slot))) {
		matched = rtm_trie_common_bits(node->key, key,
					       min_t(unsigned int, prefixlen,
						     node->prefixlen));
		if (matched < node->prefixlen || node->prefixlen == prefixlen)
			break;
		slot = &node->child[rtm_trie_bit(key, node->prefixlen)];
	}

	/* The prefix has a node already: a glue node takes the value. */
	if (node && node->prefixlen == prefixlen && matched == prefixlen) {
		if (rtm_trie_protected(node->value))
			return -EEXIST;
		rcu_assign_pointer(node->value, value);
		trie->nr_entries++;
		return 0;
	}

	leaf = rtm_trie_node_alloc(trie, key, prefixlen, value, gfp);
	if (!leaf)
		return -ENOMEM;

	if (!node) {
		/* An empty slot. */
		rcu_assign_pointer(*slot, leaf);
	} else if (matched == prefixlen) {
		/* The new prefix covers @node: it goes in between. */
		bit = rtm_trie_bit(node->key, prefixlen);
		RCU_INIT_POINTER(leaf->child[bit], node);
		rcu_assign_pointer(*slot, leaf);
	} else {
		/*
		 * They differ at bit @matched, before either ends: a glue node
		 * of that length holds them both.
		 */
		glue = rtm_trie_node_alloc(trie, key, matched, NULL, gfp);
		if (!glue) {
			kfree(leaf);
			return -ENOMEM;
		}
		bit = rtm_trie_bit(key, matched);
		RCU_INIT_POINTER(glue->child[bit], leaf);
		RCU_INIT_POINTER(glue->child[!bit], node);
		rcu_assign_pointer(*slot, glue);
	}
	trie->nr_entries++;
	return 0;
}

void *rtm_trie_delete(struct rtm_trie *trie, const u8 *key,
		      unsigned int prefixlen)
{
	struct rtm_trie_node __rcu **parent_slot = NULL;
	struct rtm_trie_node __rcu **slot = &trie->root;
	struct rtm_trie_node *parent = NULL, *node, *left, *right;
	unsigned int bit = 0;
	void *value;

	if (prefixlen > trie->max_prefixlen)
		return NULL;

	while ((node = rtm_trie_protected(*slot))) {
		if (node->prefixlen > prefixlen || !rtm_trie_covers(node, key))
			return NULL;
		if (node->prefixlen == prefixlen)
			break;
		parent_slot = slot;
		parent = node;
		bit = rtm_trie_bit(key, node->prefixlen);
		slot = &node->child[bit];
	}
	if (!node)
		return NULL;
	value = rtm_trie_protected(node->value);
	if (!value)
		return NULL;	/* a glue node is not an entry */

	trie->nr_entries--;
	left = rtm_trie_protected(node->child[0]);
	right = rtm_trie_protected(node->child[1]);

	if (left && right) {
		/* It still tells its two subtrees apart: it becomes glue. */
		RCU_INIT_POINTER(node->value, NULL);
		return value;
	}

	if (left || right) {
		/* Its only child takes its place; a glue parent keeps two. */
		rcu_assign_pointer(*slot, left ?: right);
	} else if (parent && !rtm_trie_protected(parent->value)) {
		/*
		 * A glue parent would be left with one child, against
		 * invariant (1): the sibling takes the parent's place, and
		 * one store unlinks both nodes.
		 */
		rcu_assign_pointer(*parent_slot,
				   rtm_trie_protected(parent->child[!bit]));
		kfree_rcu(parent, rcu);
	} else {
		RCU_INIT_POINTER(*slot, NULL);
	}
	kfree_rcu(node, rcu);
	return value;
}

void rtm_trie_destroy(struct rtm_trie *trie)
{
	struct rtm_trie_node *node = rtm_trie_protected(trie->root);
	struct rtm_trie_node *left, *right;

	/*
	 * No recursion and no stack: rotate the 0 child up until the top node
	 * has none, then free the top node and go on with its 1 child. Each
	 * rotation moves one node to the 1 side for good, so this is O(n).
	 * Nobody can see the trie any more, so the rotations are plain stores.
	 */
	while (node) {
		left = rtm_trie_protected(node->child[0]);
		if (left) {
			RCU_INIT_POINTER(node->child[0],
					 rtm_trie_protected(left->child[1]));
			RCU_INIT_POINTER(left->child[1], node);
			node = left;
			continue;
		}
		right = rtm_trie_protected(node->child[1]);
		kfree(node);
		node = right;
	}
	RCU_INIT_POINTER(trie->root, NULL);
	trie->nr_entries = 0;
}

void *rtm_trie_lookup_exact(const struct rtm_trie *trie, const u8 *key,
			    unsigned int prefixlen)
{
	struct rtm_trie_node *node;
	unsigned int bit;

	if (prefixlen > trie->max_prefixlen)
		return NULL;

	node = rcu_dereference(trie->root);
	while (node) {
		if (node->prefixlen > prefixlen || !rtm_trie_covers(node, key))
			return NULL;
		if (node->prefixlen == prefixlen)
			return rcu_dereference(node->value);
		bit = rtm_trie_bit(key, node->prefixlen);
		node = rcu_dereference(node->child[bit]);
	}
	return NULL;
}

/* The longest prefix of at most @limit bits in @trie that covers @key. */
static void *rtm_trie_longest(const struct rtm_trie *trie, const u8 *key,
			      unsigned int limit, unsigned int *prefixlen)
{
	unsigned int found_prefixlen = 0;
	struct rtm_trie_node *node;
	void *found = NULL;
	unsigned int bit;
	void *value;

	node = rcu_dereference(trie->root);
	while (node && node->prefixlen <= limit && rtm_trie_covers(node, key)) {
		/* Read the value once: the writer may clear it meanwhile. */
		value = rcu_dereference(node->value);
		if (value) {
			found = value;
			found_prefixlen = node->prefixlen;
		}
		if (node->prefixlen >= limit)
			break;
		bit = rtm_trie_bit(key, node->prefixlen);
		node = rcu_dereference(node->child[bit]);
	}
	if (found && prefixlen)
		*prefixlen = found_prefixlen;
	return found;
}

void *rtm_trie_lookup_longest(const struct rtm_trie *trie, const u8 *addr,
			      unsigned int *prefixlen)
{
	return rtm_trie_longest(trie, addr, trie->max_prefixlen, prefixlen);
}

void *rtm_trie_lookup_below(const struct rtm_trie *trie, const u8 *key,
			    unsigned int prefixlen, unsigned int *below_len)
{
	if (!prefixlen || prefixlen > trie->max_prefixlen)
		return NULL;
	return rtm_trie_longest(trie, key, prefixlen - 1, below_len);
}

/*
 * The first node with a value in the subtree of @node, in ORDER, with that
 * value in *@value. NULL only if a concurrent writer emptied the part of the
 * subtree this reader walked into; see rtm_trie_next().
 */
static struct rtm_trie_node *rtm_trie_first(struct rtm_trie_node *node,
					    void **value)
{
	struct rtm_trie_node *child;

	while (node) {
		*value = rcu_dereference(node->value);
		if (*value)
			return node;
		child = rcu_dereference(node->child[0]);
		if (!child)
			child = rcu_dereference(node->child[1]);
		node = child;
	}
	return NULL;
}

/*
 * Why one descent is enough. The prefixes after K = (@key, @prefixlen) in
 * pre-order are, from the first to the last:
 *   a) those in the subtree where the descent along K's bits stops, if that
 *      subtree lies after K: the node extends K, or it differs from K at a
 *      bit where K has a 0 (then all of its subtree is greater), or it is K
 *      itself (then its children follow it);
 *   b) for each node on the way down where K went to child 0, the child 1
 *      subtree, deepest node first: a deeper such subtree lies inside the 0
 *      side of every shallower one, so it comes before them.
 * By invariant (1) every non-empty subtree has a value, so the answer is the
 * first entry of (a) if there is one, else of the deepest (b): remember
 * only that one, and the walk is O(depth) with no stack.
 *
 * Under concurrent writers, every pointer the descent reads for a range
 * still leads to each prefix that stays in the trie during the whole call
 * (see DOC: theory), so no such prefix is skipped and the result is always
 * after K because node keys never change. Only the emptiness assumption can
 * fail (rtm_trie_first() may dead-end); starting the descent over is then
 * correct, and it can only happen again if the writer keeps changing the
 * very same nodes.
 */
void *rtm_trie_next(const struct rtm_trie *trie, const u8 *key,
		    unsigned int prefixlen, bool inclusive,
		    u8 *next_key, unsigned int *next_prefixlen)
{
	struct rtm_trie_node *node, *after, *pending, *found, *child;
	unsigned int limit, matched, bit;
	void *value;

	if (prefixlen > trie->max_prefixlen)
		return NULL;

restart:
	after = NULL;		/* (a): a subtree entirely after K */
	pending = NULL;		/* the deepest (b) so far */
	node = rcu_dereference(trie->root);
	while (node) {
		limit = min_t(unsigned int, prefixlen, node->prefixlen);
		matched = rtm_trie_common_bits(node->key, key, limit);
		if (matched < limit) {
			/* Disjoint ranges: the bit where they differ decides. */
			if (rtm_trie_bit(node->key, matched))
				after = node;
			break;
		}
		if (node->prefixlen > prefixlen) {
			/* The node extends K, so its whole subtree is after K. */
			after = node;
			break;
		}
		if (node->prefixlen == prefixlen) {
			if (inclusive) {
				value = rcu_dereference(node->value);
				if (value) {
					found = node;
					goto found;
				}
			}
			/* K itself is done: its descendants follow it. */
			after = rcu_dereference(node->child[0]);
			if (!after)
				after = rcu_dereference(node->child[1]);
			break;
		}
		/* The node is a proper prefix of K, so it comes before K. */
		bit = rtm_trie_bit(key, node->prefixlen);
		if (!bit) {
			child = rcu_dereference(node->child[1]);
			if (child)
				pending = child;
		}
		node = rcu_dereference(node->child[bit]);
	}

	if (!after)
		after = pending;
	if (!after)
		return NULL;
	found = rtm_trie_first(after, &value);
	if (!found)
		goto restart;
found:
	memcpy(next_key, found->key, rtm_trie_key_bytes(trie));
	*next_prefixlen = found->prefixlen;
	return value;
}

static bool rtm_trie_walk_push(struct rtm_trie_walk *walk,
			       struct rtm_trie_node *node)
{
	if (!node)
		return true;
	if (WARN_ON_ONCE(walk->depth == RTM_TRIE_WALK_DEPTH))
		return false;
	walk->pending[walk->depth++] = node;
	return true;
}

/*
 * The stack holds what rtm_trie_next() reasons about: every child 1 subtree
 * passed on the way down to K (b), shallowest at the bottom, and on top the
 * subtree after K (a). Popping a subtree visits its node, then pushes its
 * children (1 first, so 0 is next): pre-order, the ORDER of the trie.
 * The same argument as for rtm_trie_next() covers concurrent writers: each
 * pointer read leads to every prefix that stays in its range, and a node
 * left empty by a writer is popped like any other.
 */
static void rtm_trie_walk_seek(struct rtm_trie_walk *walk, const u8 *key,
			       unsigned int prefixlen, bool inclusive)
{
	struct rtm_trie_node *node = rcu_dereference(walk->trie->root);
	unsigned int limit, matched, bit;

	walk->depth = 0;
	while (node) {
		limit = min_t(unsigned int, prefixlen, node->prefixlen);
		matched = rtm_trie_common_bits(node->key, key, limit);
		if (matched < limit) {
			if (rtm_trie_bit(node->key, matched))
				rtm_trie_walk_push(walk, node);
			return;
		}
		if (node->prefixlen > prefixlen) {
			rtm_trie_walk_push(walk, node);
			return;
		}
		if (node->prefixlen == prefixlen) {
			if (inclusive) {
				rtm_trie_walk_push(walk, node);
			} else {
				rtm_trie_walk_push(walk, rcu_dereference(node->child[1]));
				rtm_trie_walk_push(walk, rcu_dereference(node->child[0]));
			}
			return;
		}
		bit = rtm_trie_bit(key, node->prefixlen);
		if (!bit)
			rtm_trie_walk_push(walk, rcu_dereference(node->child[1]));
		node = rcu_dereference(node->child[bit]);
	}
}

void *rtm_trie_walk_next(struct rtm_trie_walk *walk, u8 *next_key,
			 unsigned int *next_prefixlen)
{
	struct rtm_trie_node *node;
	void *value;

	while (walk->depth) {
		node = walk->pending[--walk->depth];
		value = rcu_dereference(node->value);
		if (!rtm_trie_walk_push(walk, rcu_dereference(node->child[1])) ||
		    !rtm_trie_walk_push(walk, rcu_dereference(node->child[0]))) {
			/* Cannot happen (see RTM_TRIE_WALK_DEPTH); resume by key. */
			rtm_trie_walk_seek(walk, walk->last_key,
					   walk->last_prefixlen,
					   walk->last_inclusive);
			continue;
		}
		if (!value)
			continue;
		memcpy(walk->last_key, node->key, rtm_trie_key_bytes(walk->trie));
		walk->last_prefixlen = node->prefixlen;
		walk->last_inclusive = false;
		memcpy(next_key, node->key, rtm_trie_key_bytes(walk->trie));
		*next_prefixlen = node->prefixlen;
		return value;
	}
	return NULL;
}

void *rtm_trie_walk_start(struct rtm_trie_walk *walk,
			  const struct rtm_trie *trie, const u8 *key,
			  unsigned int prefixlen, bool inclusive,
			  u8 *next_key, unsigned int *next_prefixlen)
{
	walk->trie = trie;
	walk->depth = 0;
	if (prefixlen > trie->max_prefixlen)
		return NULL;
	memcpy(walk->last_key, key, rtm_trie_key_bytes(trie));
	walk->last_prefixlen = prefixlen;
	walk->last_inclusive = inclusive;
	rtm_trie_walk_seek(walk, key, prefixlen, inclusive);
	return rtm_trie_walk_next(walk, next_key, next_prefixlen);
}
