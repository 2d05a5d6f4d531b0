/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtm: the longest-prefix-match index of a table, a multibit trie beside
 * the binary trie of trie.h (which stays the authority: exact matches,
 * ordered walks). Like a router's FIB beside its RIB, it only answers
 * "which value is the longest match of this address".
 *
 * Locking at a glance (the index itself takes no lock):
 *
 *  ======================== ==============================================
 *  rtm_lpm_init()           before the index is shared
 *  rtm_lpm_replace()        writer: caller serializes writers; may sleep
 *  rtm_lpm_destroy()        writer, and no reader may remain
 *  rtm_lpm_lookup()         reader: rcu_read_lock()
 *  rtm_lpm_bytes()          writer serialization (a statistic)
 *  ======================== ==============================================
 */
#ifndef _RTM_LPM_H
#define _RTM_LPM_H

#include <linux/types.h>

struct rtm_lpm_node;

/**
 * struct rtm_lpm - longest-prefix-match index of IPv4 or IPv6 addresses
 * @dir: the direct-pointing top level, 2^@dir_bits tagged words; NULL
 *	while no address has a value
 * @max_prefixlen: key length in bits, 32 or 128
 * @dir_bits: how many leading address bits index @dir
 * @nr_used: entries of @dir that are not the NULL leaf
 * @nr_nodes: nodes below @dir
 * @bytes: memory held (@dir, nodes and @spare, in allocator size classes)
 * @spare: a node of the largest size, kept for deletes that cannot
 *	allocate; NULL while used up (and while @dir is)
 * @uncompact: a delete has left a node uncompacted since @dir was
 *	allocated, so rebuilds look for such children
 *
 * Only the writer reads the counters; they are stable under its
 * serialization.
 */
struct rtm_lpm {
	unsigned long __rcu *dir;
	unsigned int max_prefixlen;
	unsigned int dir_bits;
	unsigned long nr_used;
	unsigned long nr_nodes;
	size_t bytes;
	struct rtm_lpm_node *spare;
	bool uncompact;
};

void rtm_lpm_init(struct rtm_lpm *lpm, unsigned int max_prefixlen);
int rtm_lpm_replace(struct rtm_lpm *lpm, const u8 *key, unsigned int plen,
		    void *from, void *to, gfp_t gfp);
void rtm_lpm_destroy(struct rtm_lpm *lpm);
void *rtm_lpm_lookup(const struct rtm_lpm *lpm, const u8 *addr);
size_t rtm_lpm_bytes(const struct rtm_lpm *lpm);

#endif /* _RTM_LPM_H */
