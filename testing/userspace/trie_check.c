// SPDX-License-Identifier: GPL-2.0
/*
 * Builds module/trie.c unchanged, in this translation unit, so that the
 * checker below can see struct rtm_trie_node (the way radix-tree's
 * xarray.c includes lib/test_xarray.c).
 */
#include "trie.c"

#include <stdio.h>

#include "keys.h"
#include "trie_check.h"

struct check_ctx {
	const struct rtm_trie *trie;
	struct trie_shape *shape;
	unsigned long values;
	char *why;
	size_t len;
};

/* Only formatted on failure: the check runs after every test operation. */
#define NODE_NAME(n)	key_str((n)->key, (n)->prefixlen, nbytes)

static bool check_node(struct check_ctx *ctx, struct rtm_trie_node *node,
		       const struct rtm_trie_node *parent, unsigned int dir,
		       unsigned int depth)
{
	unsigned int nbytes = ctx->trie->max_prefixlen / 8;
	struct rtm_trie_node *left, *right;
	uint8_t masked[KEY_BYTES];

	left = rtm_trie_protected(node->child[0]);
	right = rtm_trie_protected(node->child[1]);
	ctx->shape->nodes++;
	if (depth > ctx->shape->depth)
		ctx->shape->depth = depth;
	if (node->prefixlen > ctx->trie->max_prefixlen) {
		snprintf(ctx->why, ctx->len, "%s: prefixlen too long", NODE_NAME(node));
		return false;
	}
	memcpy(masked, node->key, nbytes);
	key_mask(masked, node->prefixlen, nbytes);
	if (memcmp(masked, node->key, nbytes)) {
		snprintf(ctx->why, ctx->len, "%s: host bits set", NODE_NAME(node));
		return false;
	}
	if (parent) {
		if (node->prefixlen <= parent->prefixlen ||
		    !key_covers(parent->key, parent->prefixlen, node->key) ||
		    rtm_trie_bit(node->key, parent->prefixlen) != dir) {
			snprintf(ctx->why, ctx->len,
				 "%s misplaced below %s child %u",
				 NODE_NAME(node),
				 key_str(parent->key, parent->prefixlen,
					 nbytes), dir);
			return false;
		}
	}
	if (rtm_trie_protected(node->value)) {
		ctx->values++;
	} else {
		ctx->shape->glue++;
		if (!left || !right) {
			snprintf(ctx->why, ctx->len,
				 "glue node %s has fewer than 2 children",
				 NODE_NAME(node));
			return false;
		}
	}
	if (left && !check_node(ctx, left, node, 0, depth + 1))
		return false;
	if (right && !check_node(ctx, right, node, 1, depth + 1))
		return false;
	return true;
}

bool trie_check(const struct rtm_trie *trie, struct trie_shape *shape,
		char *why, size_t len)
{
	struct trie_shape unused;
	struct check_ctx ctx = {
		.trie = trie,
		.shape = shape ? shape : &unused,
		.why = why,
		.len = len,
	};
	struct rtm_trie_node *root = rtm_trie_protected(trie->root);

	memset(ctx.shape, 0, sizeof(*ctx.shape));
	snprintf(why, len, "ok");
	if (trie->max_prefixlen != 32 && trie->max_prefixlen != 128) {
		snprintf(why, len, "max_prefixlen %u", trie->max_prefixlen);
		return false;
	}
	if (root && !check_node(&ctx, root, NULL, 0, 1))
		return false;
	if (ctx.values != trie->nr_entries) {
		snprintf(why, len, "%lu values but nr_entries %lu", ctx.values,
			 trie->nr_entries);
		return false;
	}
	return true;
}
