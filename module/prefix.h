/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks on prefixes from userspace.
 */
#ifndef _RTM_PREFIX_H
#define _RTM_PREFIX_H

#include <linux/string.h>

#include "instance.h"

/* Whether the first @len bits of @a and @b are equal. */
static inline bool rtm_prefix_match(const u8 *a, const u8 *b, unsigned int len)
{
	unsigned int bytes = len / 8, bits = len % 8;

	if (memcmp(a, b, bytes))
		return false;
	return !bits || !((a[bytes] ^ b[bytes]) & (0xff00 >> bits));
}

/**
 * rtm_prefix_valid() - whether a prefix from userspace fits a table
 * @table: the table of the caller's address family
 * @addr: the prefix
 *
 * RTMv2 gives inconsistent results for a prefix with host bits set; rtm
 * refuses it, and any bytes past the family's address size.
 *
 * Return: true when the family matches, the length fits and every bit
 * past the prefix is zero.
 */
static inline bool rtm_prefix_valid(const struct rtm_table *table,
				    const struct rtm_net_address *addr)
{
	unsigned int len = addr->prefix_len, i;

	if (addr->family != table->family || len > table->addr_bytes * 8)
		return false;
	for (i = len / 8; i < RTM_MAX_ADDRESS_BYTES; i++) {
		u8 host_mask = i == len / 8 ? 0xff >> (len % 8) : 0xff;

		if (addr->addr[i] & host_mask)
			return false;
	}
	return true;
}

/**
 * rtm_prefix_to_user() - a prefix of a table, as userspace sees it
 * @out: the address to fill
 * @table: the table the prefix belongs to
 * @key: its bits, @table->addr_bytes of them
 * @prefix_len: its length
 *
 * The inverse of rtm_prefix_valid(): bytes past the family's size are zero.
 */
static inline void rtm_prefix_to_user(struct rtm_net_address *out,
				      const struct rtm_table *table,
				      const u8 *key, unsigned int prefix_len)
{
	out->family = table->family;
	out->prefix_len = prefix_len;
	memset(out->addr, 0, sizeof(out->addr));
	memcpy(out->addr, key, table->addr_bytes);
}

#endif /* _RTM_PREFIX_H */
