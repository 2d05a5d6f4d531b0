// SPDX-License-Identifier: GPL-2.0
/*
 * rtm: the longest-prefix-match index, a leaf-pushed, bitmap-compressed
 * multibit trie (in the style of Poptrie, Asai and Ohara, SIGCOMM 2015)
 * with a direct-pointing top level, updated by RCU copy-on-write.
 *
 * A pure data structure like trie.c: the userspace harness
 * (testing/userspace) and the benchmark (testing/bench) build this file.
 */
#include <asm/unaligned.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lpm.h"

/**
 * DOC: theory
 *
 * Shape. The first @dir_bits bits of an address index the direct array
 * @dir (18 bits for IPv4, 16 for IPv6: the sizes that kept lookups fast at
 * full table size while the array stays a small share of the memory; with
 * 16 the IPv6 strides end exactly at bit 64, so no chunk straddles the two
 * halves of the address). Each following level takes 6 bits and is a node
 * of 64 slots. A slot either continues in a child node or is a leaf: the
 * value of the longest prefix covering the whole slot (leaf pushing), or
 * NULL. A node stores this compressed:
 *
 *  - @vector has bit s set if slot s continues in a child;
 *  - @leafvec has bit s set if slot s is a leaf slot whose value differs
 *    from the previous leaf slot's (child slots in between do not count),
 *    i.e. where a run of equal leaves starts;
 *  - @slot holds the children in slot order, then one value per run.
 *
 * Slot s's child is slot[popcount(vector & upto(s)) - 1] and a leaf is
 * slot[popcount(vector) + popcount(leafvec & upto(s)) - 1], where upto(s)
 * has bits 0 to s set. A /24 among /16s costs one node with three runs.
 * Entries of @dir are tagged words: a node pointer with bit 0 set, or a
 * leaf value (values are pointers to objects, so bit 0 is clear).
 *
 * Invariants (of a compact index):
 *  (1) no node has only leaves of one value: it would be that leaf in its
 *      parent instead (so an index with no values holds no node, and
 *      rtm_lpm_replace() then frees @dir too);
 *  (2) adjacent runs of a node differ;
 *  (3) @vector and @leafvec of a published node never change.
 *
 * Updates. There is one primitive, rtm_lpm_replace(): in the range of one
 * prefix, every leaf equal to @from becomes @to. Because leaves are
 * pushed, inserting P is replacing the value of the longest shorter
 * prefix covering P by P, and deleting P is the reverse; the more specific
 * prefixes inside P's range keep their leaves.
 *
 * The range of P covers whole slots of one level ("home"): @dir entries if
 * P is at most @dir_bits long, else part of one node. Below those slots,
 * whole subtrees are covered: every run of @from there lies inside the
 * range, so its leaf word is rewritten in place. That changes no run
 * structure (the new value is not in the range before an insert, and the
 * old one is not in it after a delete), so (1) and (2) still hold. Each
 * such store is one word, so a reader sees either value, as it would see
 * a pointer swap.
 *
 * The home node's runs do change: a run of @from may go on past the range
 * (an insert splits it) or runs may merge (a delete). So the writer builds
 * a new home node and publishes it with one store into its parent's slot;
 * if it has become a single leaf, (1) makes the parent change in turn,
 * up to the first ancestor that still needs a node (or @dir). If the path
 * to the home level ends at a leaf equal to @from first, an insert builds
 * the missing nodes down to it. All new nodes are built before the one
 * store that publishes them, and the replaced ones are freed after
 * readers with kvfree_rcu_mightsleep(): an insert that cannot allocate
 * leaves the index as it was.
 *
 * Deletes never fail. A delete builds at most one node, never larger than
 * the one it replaces, so a spare node of the largest size is kept for it
 * when the allocator fails (and allocated again by a later update). If
 * the spare is gone too, the delete rewrites the home node's leaves in
 * place (its @from runs lie inside the range too): still right for
 * readers, only not compact. From then on (@uncompact) every rebuild folds
 * children that hold one value into leaves, and covered subtrees that hold
 * one value collapse, so the index still shrinks back to nothing when its
 * last value goes.
 */

#define RTM_LPM_STRIDE		6
#define RTM_LPM_SLOTS		BIT(RTM_LPM_STRIDE)
/* Deepest level below @dir: IPv6, (128 - 16) / 6 rounded up. */
#define RTM_LPM_MAX_LEVELS	19
/* Tag of a node pointer in @dir and in the writer's expanded slots. */
#define RTM_LPM_NODE		1UL
/* A node has at most one child or run per slot. */
#define RTM_LPM_MAX_NODE	(sizeof(struct rtm_lpm_node) + \
				 RTM_LPM_SLOTS * sizeof(unsigned long))

struct rtm_lpm_node {
	u64 vector;
	u64 leafvec;
	unsigned long slot[];
};

/* What one update needs to know about its prefix. */
struct rtm_lpm_update {
	struct rtm_lpm *lpm;
	unsigned long *dir;
	unsigned int dir_index;	/* the key's entry of @dir */
	u64 hi, lo;		/* the key, left-aligned */
	unsigned int home;	/* level of the range: 0 = @dir */
	unsigned int start;	/* first slot (or @dir entry) of the range */
	unsigned int count;	/* slots in the range */
	unsigned long from, to;
	gfp_t gfp;
	bool may_spare;		/* a delete: it may use @lpm->spare */
	/* path[k]: the node at level k on the key's path, k >= 1 */
	struct rtm_lpm_node *path[RTM_LPM_MAX_LEVELS + 1];
	unsigned long ent[RTM_LPM_SLOTS];	/* a node being rebuilt */
};

/* Bits 0 to @s. */
static u64 rtm_lpm_upto(unsigned int s)
{
	return (2ULL << s) - 1;
}

/* The first address bit of level @level (>= 1). */
static unsigned int rtm_lpm_offset(const struct rtm_lpm *lpm,
				   unsigned int level)
{
	return lpm->dir_bits + RTM_LPM_STRIDE * (level - 1);
}

/*
 * The 6 bits of the key from bit @off on; bits past the address read as
 * zero (IPv4 keys are loaded into the top half of @hi).
 */
static unsigned int rtm_lpm_chunk(u64 hi, u64 lo, unsigned int off)
{
	return ((off < 64 ? hi : lo) << (off & 63)) >> (64 - RTM_LPM_STRIDE);
}

static void rtm_lpm_load(const struct rtm_lpm *lpm, const u8 *addr, u64 *hi,
			 u64 *lo)
{
	if (lpm->max_prefixlen == 32) {
		*hi = (u64)get_unaligned_be32(addr) << 32;
		*lo = 0;
	} else {
		*hi = get_unaligned_be64(addr);
		*lo = get_unaligned_be64(addr + 8);
	}
}

/*
 * Publishes a leaf value or a node to readers: everything written to it
 * before is visible to a reader that loads the word.
 */
static void rtm_lpm_publish(unsigned long *word, unsigned long v)
{
	/* Pairs with the address dependency of the readers' READ_ONCE(). */
	smp_store_release(word, v);
}

/* Slot @s of @node as a tagged word. */
static unsigned long rtm_lpm_slot(const struct rtm_lpm_node *node,
				  unsigned int s)
{
	u64 upto = rtm_lpm_upto(s);

	if (node->vector & BIT_ULL(s))
		return node->slot[hweight64(node->vector & upto) - 1] |
		       RTM_LPM_NODE;
	return node->slot[hweight64(node->vector) +
			  hweight64(node->leafvec & upto) - 1];
}

/*
 * The one leaf the subtree of @node holds once its @from leaves are @to
 * (by invariant (1), what it collapses to), or RTM_LPM_NODE if it holds
 * more than one. In a compact index a covered subtree always holds more
 * than one (see DOC: theory); this finds what uncompacted deletes left.
 */
static unsigned long rtm_lpm_uniform(const struct rtm_lpm_node *node,
				     unsigned long from, unsigned long to)
{
	unsigned int i, nchild = hweight64(node->vector);
	unsigned int n = nchild + hweight64(node->leafvec);
	unsigned long v = RTM_LPM_NODE, x;

	for (i = nchild; i < n; i++) {
		x = node->slot[i] == from ? to : node->slot[i];
		if (v != RTM_LPM_NODE && x != v)
			return RTM_LPM_NODE;
		v = x;
	}
	for (i = 0; i < nchild; i++) {
		x = rtm_lpm_uniform((struct rtm_lpm_node *)node->slot[i], from, to);
		if (x == RTM_LPM_NODE || (v != RTM_LPM_NODE && x != v))
			return RTM_LPM_NODE;
		v = x;
	}
	return v;
}

/*
 * The 64 slots of @node as tagged words, for a rebuild; children that
 * hold one value become that leaf (the rebuild frees them).
 */
static void rtm_lpm_expand(const struct rtm_lpm *lpm,
			   const struct rtm_lpm_node *node, unsigned long *ent)
{
	unsigned long v;
	unsigned int s;

	for (s = 0; s < RTM_LPM_SLOTS; s++) {
		ent[s] = rtm_lpm_slot(node, s);
		if (lpm->uncompact && (ent[s] & RTM_LPM_NODE)) {
			v = rtm_lpm_uniform((struct rtm_lpm_node *)
					    (ent[s] & ~RTM_LPM_NODE),
					    RTM_LPM_NODE, RTM_LPM_NODE);
			if (v != RTM_LPM_NODE)
				ent[s] = v;
		}
	}
}

/*
 * Counts the children and runs that @ent compresses to. Returns the leaf
 * it collapses to by invariant (1), or RTM_LPM_NODE if it needs a node.
 */
static unsigned long rtm_lpm_shape(const unsigned long *ent,
				   unsigned int *nchild, unsigned int *nrun)
{
	unsigned long prev = RTM_LPM_NODE;
	unsigned int s;

	*nchild = 0;
	*nrun = 0;
	for (s = 0; s < RTM_LPM_SLOTS; s++) {
		if (ent[s] & RTM_LPM_NODE) {
			(*nchild)++;
		} else if (ent[s] != prev) {
			(*nrun)++;
			prev = ent[s];
		}
	}
	return *nchild || *nrun > 1 ? RTM_LPM_NODE : prev;
}

static size_t rtm_lpm_node_size(unsigned int nslots)
{
	struct rtm_lpm_node *node;

	return kmalloc_size_roundup(struct_size(node, slot, nslots));
}

/*
 * A new node of the slots @ent, which rtm_lpm_shape() counted. A node
 * taken from the spare is accounted at its nominal size from then on.
 */
static struct rtm_lpm_node *rtm_lpm_build(struct rtm_lpm_update *u,
					  const unsigned long *ent,
					  unsigned int nchild,
					  unsigned int nrun)
{
	unsigned long prev = RTM_LPM_NODE;
	unsigned int s, c = 0, l = nchild;
	struct rtm_lpm *lpm = u->lpm;
	struct rtm_lpm_node *node;

	node = kmalloc(struct_size(node, slot, nchild + nrun),
		       u->may_spare ? u->gfp | __GFP_NOWARN : u->gfp);
	if (!node && u->may_spare && lpm->spare) {
		node = lpm->spare;
		lpm->spare = NULL;
		lpm->bytes -= kmalloc_size_roundup(RTM_LPM_MAX_NODE);
	}
	if (!node)
		return NULL;
	node->vector = 0;
	node->leafvec = 0;
	for (s = 0; s < RTM_LPM_SLOTS; s++) {
		if (ent[s] & RTM_LPM_NODE) {
			node->vector |= BIT_ULL(s);
			node->slot[c++] = ent[s] & ~RTM_LPM_NODE;
		} else if (ent[s] != prev) {
			node->leafvec |= BIT_ULL(s);
			node->slot[l++] = ent[s];
			prev = ent[s];
		}
	}
	lpm->nr_nodes++;
	lpm->bytes += rtm_lpm_node_size(nchild + nrun);
	return node;
}

/* For nodes no reader can see: a failed update's, or a destroyed index's. */
static void rtm_lpm_discard_tree(struct rtm_lpm *lpm, struct rtm_lpm_node *node)
{
	unsigned int i, n = hweight64(node->vector);

	for (i = 0; i < n; i++)
		rtm_lpm_discard_tree(lpm, (struct rtm_lpm_node *)node->slot[i]);
	lpm->nr_nodes--;
	lpm->bytes -= rtm_lpm_node_size(n + hweight64(node->leafvec));
	kfree(node);
}

static void rtm_lpm_free(struct rtm_lpm *lpm, struct rtm_lpm_node *node)
{
	lpm->nr_nodes--;
	lpm->bytes -= rtm_lpm_node_size(hweight64(node->vector) +
					hweight64(node->leafvec));
	kvfree_rcu_mightsleep(node);
}

static void rtm_lpm_free_tree(struct rtm_lpm *lpm, struct rtm_lpm_node *node)
{
	unsigned int i, n = hweight64(node->vector);

	for (i = 0; i < n; i++)
		rtm_lpm_free_tree(lpm, (struct rtm_lpm_node *)node->slot[i]);
	rtm_lpm_free(lpm, node);
}

/*
 * @old has just been replaced by @new (a tagged word) for readers: frees
 * what of @old's subtree @new does not share.
 */
static void rtm_lpm_free_replaced(struct rtm_lpm *lpm,
				  struct rtm_lpm_node *old, unsigned long new)
{
	struct rtm_lpm_node *node = (struct rtm_lpm_node *)(new & ~RTM_LPM_NODE);
	unsigned long was, now;
	unsigned int s;

	if (!(new & RTM_LPM_NODE)) {
		rtm_lpm_free_tree(lpm, old);
		return;
	}
	if (node == old)
		return;
	for (s = 0; s < RTM_LPM_SLOTS; s++) {
		if (!(old->vector & BIT_ULL(s)))
			continue;
		was = rtm_lpm_slot(old, s);
		now = rtm_lpm_slot(node, s);
		if (was != now)
			rtm_lpm_free_replaced(lpm,
					      (struct rtm_lpm_node *)(was & ~RTM_LPM_NODE),
					      now);
	}
	rtm_lpm_free(lpm, old);
}

/* Rewrites the @from leaves of a covered subtree in place. */
static void rtm_lpm_convert_tree(const struct rtm_lpm_update *u,
				 struct rtm_lpm_node *node)
{
	unsigned int i, nchild = hweight64(node->vector);
	unsigned int n = nchild + hweight64(node->leafvec);

	for (i = nchild; i < n; i++)
		if (node->slot[i] == u->from)
			rtm_lpm_publish(&node->slot[i], u->to);
	for (i = 0; i < nchild; i++)
		rtm_lpm_convert_tree(u, (struct rtm_lpm_node *)node->slot[i]);
}

static void rtm_lpm_set_dir(struct rtm_lpm_update *u, unsigned int i,
			    unsigned long v)
{
	unsigned long old = u->dir[i];

	rtm_lpm_publish(&u->dir[i], v);
	if (!old)
		u->lpm->nr_used++;
	if (!v)
		u->lpm->nr_used--;
	if (old & RTM_LPM_NODE)
		rtm_lpm_free_replaced(u->lpm,
				      (struct rtm_lpm_node *)(old & ~RTM_LPM_NODE),
				      v);
}

/* A prefix of at most @dir_bits: its range is whole entries of @dir. */
static void rtm_lpm_replace_dir(struct rtm_lpm_update *u)
{
	unsigned long e, v;
	unsigned int i;

	for (i = u->start; i < u->start + u->count; i++) {
		e = u->dir[i];
		if (!(e & RTM_LPM_NODE)) {
			if (e == u->from)
				rtm_lpm_set_dir(u, i, u->to);
			continue;
		}
		v = rtm_lpm_uniform((struct rtm_lpm_node *)(e & ~RTM_LPM_NODE),
				    u->from, u->to);
		if (v != RTM_LPM_NODE)
			rtm_lpm_set_dir(u, i, v);
		else
			rtm_lpm_convert_tree(u, (struct rtm_lpm_node *)(e & ~RTM_LPM_NODE));
	}
}

/*
 * The key's slot in the node at @level (0: its @dir entry) is to become
 * the tagged word @v. Rebuilds that node, and its ancestors while they
 * collapse by invariant (1), then publishes the result with one store and
 * frees what it replaced. Builds at most one node: the level above it
 * already holds a node in that slot, which is swapped in place. On
 * -ENOMEM nothing has changed (@v is still the caller's).
 */
static int rtm_lpm_set_path(struct rtm_lpm_update *u, unsigned int level,
			    unsigned long v)
{
	struct rtm_lpm *lpm = u->lpm;
	unsigned int s, nchild, nrun, idx;
	struct rtm_lpm_node *node, *built;
	unsigned long old, leaf;

	for (; level; level--) {
		node = u->path[level];
		s = rtm_lpm_chunk(u->hi, u->lo, rtm_lpm_offset(lpm, level));
		old = rtm_lpm_slot(node, s);
		if ((old & RTM_LPM_NODE) && (v & RTM_LPM_NODE)) {
			/* Invariant (3) allows this: the shape is the same. */
			idx = hweight64(node->vector & rtm_lpm_upto(s)) - 1;
			rtm_lpm_publish(&node->slot[idx], v & ~RTM_LPM_NODE);
			rtm_lpm_free_replaced(lpm,
					      (struct rtm_lpm_node *)(old & ~RTM_LPM_NODE),
					      v);
			return 0;
		}
		rtm_lpm_expand(lpm, node, u->ent);
		u->ent[s] = v;
		leaf = rtm_lpm_shape(u->ent, &nchild, &nrun);
		if (leaf != RTM_LPM_NODE) {
			v = leaf;
			continue;
		}
		built = rtm_lpm_build(u, u->ent, nchild, nrun);
		if (!built)
			return -ENOMEM;
		v = (unsigned long)built | RTM_LPM_NODE;
	}
	rtm_lpm_set_dir(u, u->dir_index, v);
	return 0;
}

/*
 * The key's path ends at a leaf equal to @from in the node at @level - 1,
 * above the home level: build the nodes from @level down to the home
 * level, bottom up, then hang them in.
 */
static int rtm_lpm_push_down(struct rtm_lpm_update *u, unsigned int level)
{
	unsigned int k, s, nchild, nrun;
	struct rtm_lpm_node *built;
	unsigned long v = 0;
	int err;

	for (k = u->home; k >= level; k--) {
		for (s = 0; s < RTM_LPM_SLOTS; s++)
			u->ent[s] = u->from;
		if (k == u->home) {
			for (s = u->start; s < u->start + u->count; s++)
				u->ent[s] = u->to;
		} else {
			u->ent[rtm_lpm_chunk(u->hi, u->lo,
					     rtm_lpm_offset(u->lpm, k))] = v;
		}
		rtm_lpm_shape(u->ent, &nchild, &nrun);
		built = rtm_lpm_build(u, u->ent, nchild, nrun);
		if (!built) {
			err = -ENOMEM;
			goto discard;
		}
		v = (unsigned long)built | RTM_LPM_NODE;
	}
	err = rtm_lpm_set_path(u, level - 1, v);
	if (!err)
		return 0;
discard:
	if (v)
		rtm_lpm_discard_tree(u->lpm, (struct rtm_lpm_node *)(v & ~RTM_LPM_NODE));
	return err;
}

/*
 * Does every run of @from in the home @node lie inside the range? Then
 * the update is a delete, in effect, and may rewrite leaves in place.
 */
static bool rtm_lpm_inside(const struct rtm_lpm_update *u,
			   const struct rtm_lpm_node *node)
{
	unsigned int s;

	for (s = 0; s < RTM_LPM_SLOTS; s++)
		if ((s < u->start || s >= u->start + u->count) &&
		    rtm_lpm_slot(node, s) == u->from)
			return false;
	return true;
}

/* No memory for a delete: rewrite the home node's leaves in place. */
static int rtm_lpm_in_place(struct rtm_lpm_update *u, struct rtm_lpm_node *node)
{
	unsigned int i, s, nchild = hweight64(node->vector);
	unsigned int n = nchild + hweight64(node->leafvec);
	unsigned long x;

	if (!u->may_spare)
		return -ENOMEM;
	for (s = u->start; s < u->start + u->count; s++) {
		x = rtm_lpm_slot(node, s);
		if (x & RTM_LPM_NODE)
			rtm_lpm_convert_tree(u, (struct rtm_lpm_node *)(x & ~RTM_LPM_NODE));
	}
	for (i = nchild; i < n; i++)
		if (node->slot[i] == u->from)
			rtm_lpm_publish(&node->slot[i], u->to);
	u->lpm->uncompact = true;
	return 0;
}

/* A prefix longer than @dir_bits: its range is part of one node. */
static int rtm_lpm_replace_node(struct rtm_lpm_update *u)
{
	unsigned int level, s, nchild, nrun, end = u->start + u->count;
	struct rtm_lpm *lpm = u->lpm;
	struct rtm_lpm_node *node, *built = NULL;
	unsigned long e, v;
	bool changed = false;

	e = u->dir[u->dir_index];
	for (level = 1; (e & RTM_LPM_NODE) && level < u->home; level++) {
		node = (struct rtm_lpm_node *)(e & ~RTM_LPM_NODE);
		u->path[level] = node;
		e = rtm_lpm_slot(node, rtm_lpm_chunk(u->hi, u->lo,
						     rtm_lpm_offset(lpm, level)));
	}
	if (!(e & RTM_LPM_NODE))
		return e == u->from ? rtm_lpm_push_down(u, level) : 0;

	node = (struct rtm_lpm_node *)(e & ~RTM_LPM_NODE);
	u->may_spare = rtm_lpm_inside(u, node);
	rtm_lpm_expand(lpm, node, u->ent);
	for (s = u->start; s < end; s++) {
		e = u->ent[s];
		if (e & RTM_LPM_NODE) {
			v = rtm_lpm_uniform((struct rtm_lpm_node *)(e & ~RTM_LPM_NODE),
					    u->from, u->to);
			if (v == RTM_LPM_NODE)
				continue;
		} else if (e == u->from) {
			v = u->to;
		} else {
			continue;
		}
		u->ent[s] = v;
		changed = true;
	}
	if (changed) {
		v = rtm_lpm_shape(u->ent, &nchild, &nrun);
		if (v != RTM_LPM_NODE) {
			/* No child is left to convert. */
			if (!rtm_lpm_set_path(u, u->home - 1, v))
				return 0;
			return rtm_lpm_in_place(u, node);
		}
		built = rtm_lpm_build(u, u->ent, nchild, nrun);
		if (!built)
			return rtm_lpm_in_place(u, node);
	}
	/* The children that stay (in @node and in @built) convert in place. */
	for (s = u->start; s < end; s++)
		if (u->ent[s] & RTM_LPM_NODE)
			rtm_lpm_convert_tree(u, (struct rtm_lpm_node *)
					     (u->ent[s] & ~RTM_LPM_NODE));
	/* A node replacing a node: this cannot fail. */
	if (built)
		rtm_lpm_set_path(u, u->home - 1, (unsigned long)built | RTM_LPM_NODE);
	return 0;
}

/**
 * rtm_lpm_init() - initialise an empty index
 * @lpm: the index
 * @max_prefixlen: 32 (IPv4) or 128 (IPv6)
 *
 * An empty index holds no memory: the top level is allocated by the first
 * value and freed with the last.
 *
 * Context: Any context, before @lpm is visible to anybody else.
 */
void rtm_lpm_init(struct rtm_lpm *lpm, unsigned int max_prefixlen)
{
	RCU_INIT_POINTER(lpm->dir, NULL);
	lpm->max_prefixlen = max_prefixlen;
	lpm->dir_bits = max_prefixlen == 32 ? 18 : 16;
	lpm->nr_used = 0;
	lpm->nr_nodes = 0;
	lpm->bytes = 0;
	lpm->spare = NULL;
	lpm->uncompact = false;
}

/**
 * rtm_lpm_replace() - change the value of the addresses of one prefix
 * @lpm: the index
 * @key: the prefix, @lpm->max_prefixlen / 8 bytes, big-endian; bits past
 *	@plen are ignored
 * @plen: its length in bits
 * @from: the value to replace, or NULL
 * @to: its replacement, or NULL
 * @gfp: allocation flags for new nodes
 *
 * Every address of @key/@plen whose longest match is @from gets @to
 * instead. So, with Q the value of the longest prefix shorter than
 * @key/@plen that covers it (NULL if none), inserting the prefix with
 * value V is rtm_lpm_replace(@key, @plen, Q, V) and deleting it is
 * rtm_lpm_replace(@key, @plen, V, Q). Values are pointers to objects at
 * least two bytes aligned: bit 0 must be clear.
 *
 * Readers see each address change from @from to @to at one instant, but
 * different addresses of the range at different instants, so a caller
 * must not free @from before an RCU grace period has elapsed.
 *
 * Context: The caller serializes all writers of @lpm. Might sleep (nodes
 * are freed with kvfree_rcu_mightsleep()), whatever @gfp says.
 * Return: 0 on success; -EINVAL if @plen is longer than the key or bit 0
 * of @from or @to is set; -ENOMEM if a node could not be allocated, and
 * then the index is exactly as it was. A replace whose @from leaves all
 * lie in the range of @key/@plen (a delete, as above) never fails.
 */
int rtm_lpm_replace(struct rtm_lpm *lpm, const u8 *key, unsigned int plen,
		    void *from, void *to, gfp_t gfp)
{
	size_t dir_bytes = sizeof(unsigned long) << lpm->dir_bits;
	struct rtm_lpm_update u;
	unsigned int off;
	int err = 0;

	if (plen > lpm->max_prefixlen ||
	    (((unsigned long)from | (unsigned long)to) & RTM_LPM_NODE))
		return -EINVAL;
	if (from == to)
		return 0;

	u.dir = rcu_dereference_protected(lpm->dir, 1);
	if (!u.dir) {
		/* Every address has the NULL leaf: only it can be replaced. */
		if (from)
			return 0;
		u.dir = kvzalloc(dir_bytes, gfp);
		if (!u.dir)
			return -ENOMEM;
		lpm->bytes += dir_bytes;
		rcu_assign_pointer(lpm->dir, u.dir);
	}
	u.lpm = lpm;
	u.from = (unsigned long)from;
	u.to = (unsigned long)to;
	u.gfp = gfp;
	u.may_spare = false;
	rtm_lpm_load(lpm, key, &u.hi, &u.lo);
	u.dir_index = u.hi >> (64 - lpm->dir_bits);

	if (plen <= lpm->dir_bits) {
		u.home = 0;
		u.count = 1U << (lpm->dir_bits - plen);
		u.start = u.dir_index & ~(u.count - 1);
		rtm_lpm_replace_dir(&u);
	} else {
		u.home = (plen - lpm->dir_bits + RTM_LPM_STRIDE - 1) /
			 RTM_LPM_STRIDE;
		off = rtm_lpm_offset(lpm, u.home);
		u.count = 1U << (off + RTM_LPM_STRIDE - plen);
		u.start = rtm_lpm_chunk(u.hi, u.lo, off) & ~(u.count - 1);
		err = rtm_lpm_replace_node(&u);
	}

	if (!lpm->nr_used) {
		RCU_INIT_POINTER(lpm->dir, NULL);
		kvfree_rcu_mightsleep(u.dir);
		/* No reader ever saw the spare. */
		kfree(lpm->spare);
		rtm_lpm_init(lpm, lpm->max_prefixlen);
	} else if (!lpm->spare && !err) {
		lpm->spare = kmalloc(RTM_LPM_MAX_NODE, gfp | __GFP_NOWARN);
		if (lpm->spare)
			lpm->bytes += kmalloc_size_roundup(RTM_LPM_MAX_NODE);
	}
	return err;
}

/**
 * rtm_lpm_destroy() - free the index
 * @lpm: the index; it is empty (and usable again) afterwards
 *
 * The values are not touched: the caller owns them.
 *
 * Context: The caller serializes all writers and no reader can reach
 * @lpm any more. Does not sleep.
 */
void rtm_lpm_destroy(struct rtm_lpm *lpm)
{
	unsigned long *dir = rcu_dereference_protected(lpm->dir, 1);
	unsigned int i;

	if (!dir)
		return;
	for (i = 0; i < 1U << lpm->dir_bits; i++)
		if (dir[i] & RTM_LPM_NODE)
			rtm_lpm_discard_tree(lpm, (struct rtm_lpm_node *)
					     (dir[i] & ~RTM_LPM_NODE));
	kvfree(dir);
	kfree(lpm->spare);
	rtm_lpm_init(lpm, lpm->max_prefixlen);
}

/**
 * rtm_lpm_lookup() - longest prefix match of an address
 * @lpm: the index
 * @addr: a full address, @lpm->max_prefixlen / 8 bytes, big-endian
 *
 * Lock-free and without atomic operations: one load of @dir and one per
 * level below it (one for a 6-bit stride), each followed by popcounts.
 *
 * Context: rcu_read_lock() held; the value is only guaranteed to exist
 * until rcu_read_unlock() unless the caller pins it.
 * Return: the value of the longest prefix covering @addr, or NULL.
 */
void *rtm_lpm_lookup(const struct rtm_lpm *lpm, const u8 *addr)
{
	const unsigned long *dir = rcu_dereference(lpm->dir);
	const struct rtm_lpm_node *node;
	unsigned int shift;
	u64 hi, lo, bit, upto, vector;
	unsigned long e;

	if (unlikely(!dir))
		return NULL;
	rtm_lpm_load(lpm, addr, &hi, &lo);
	e = READ_ONCE(dir[hi >> (64 - lpm->dir_bits)]);
	if (likely(!(e & RTM_LPM_NODE)))
		return (void *)e;

	node = (const struct rtm_lpm_node *)(e & ~RTM_LPM_NODE);
	shift = lpm->dir_bits;
	for (;;) {
		if (unlikely(shift == 64)) {
			hi = lo;
			shift = 0;
		}
		bit = BIT_ULL((hi << shift) >> (64 - RTM_LPM_STRIDE));
		upto = bit | (bit - 1);
		vector = node->vector;
		if (!(vector & bit))
			break;
		node = (const struct rtm_lpm_node *)
		       READ_ONCE(node->slot[hweight64(vector & upto) - 1]);
		shift += RTM_LPM_STRIDE;
	}
	return (void *)READ_ONCE(node->slot[hweight64(vector) +
					    hweight64(node->leafvec & upto) - 1]);
}

/**
 * rtm_lpm_bytes() - memory held by the index
 * @lpm: the index
 *
 * Context: The caller serializes it with the writers.
 * Return: bytes of the top level and the nodes, each counted as the
 * allocator's size class for it.
 */
size_t rtm_lpm_bytes(const struct rtm_lpm *lpm)
{
	return lpm->bytes;
}
