/* SPDX-License-Identifier: GPL-2.0 */
/* White-box access to module/trie.c for the tests (see trie_check.c). */
#ifndef _RTM_HARNESS_TRIE_CHECK_H
#define _RTM_HARNESS_TRIE_CHECK_H

#include <stddef.h>

#include "trie.h"

struct trie_shape {
	unsigned long nodes;	/* all nodes */
	unsigned long glue;	/* nodes without a value */
	unsigned int depth;	/* nodes on the longest root-to-leaf path */
};

/*
 * Checks every structural invariant of the trie (writer side, no
 * concurrent writers). Returns true if all hold; otherwise false with the
 * first violation described in @why.
 */
bool trie_check(const struct rtm_trie *trie, struct trie_shape *shape,
		char *why, size_t len);

#endif
