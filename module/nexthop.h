/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Next hops: each entity has its own set, shared by its routes.
 */
#ifndef _RTM_NEXTHOP_H
#define _RTM_NEXTHOP_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#include "entity.h"
#include "file.h"
#include "obj.h"
#include "trie.h"

/* RTMv2 RTM_NEXTHOP_STATE_* */
#define RTM_NEXTHOP_STATE_CREATED	0
#define RTM_NEXTHOP_STATE_DELETED	1

/**
 * struct rtm_nh - a next hop (of one entity)
 * @obj: handle header; the owner's list and routes using it hold references
 * @owner: the entity (a reference)
 * @node: in &rtm_entity.nexthops while not deleted
 * @addr: address bits (host bits zero)
 * @prefix_len: length of @addr in bits
 * @state: RTM_NEXTHOP_STATE_*
 * @nh_flags: RTMv2 RTM_NEXTHOP_FLAGS_*
 * @ifindex: interface, 0 for a remote next hop
 * @entity_info: the owner's private value
 * @rcu: frees after RCU readers
 *
 * (@addr, @prefix_len, @ifindex) identify the next hop within its owner.
 */
struct rtm_nh {
	struct rtm_obj obj;
	struct rtm_entity *owner;
	struct list_head node;
	u8 addr[RTM_TRIE_MAX_KEY_BYTES];
	u8 prefix_len;
	u8 state;
	u16 nh_flags;
	u32 ifindex;
	u64 entity_info;
	struct rcu_head rcu;
};

/**
 * struct rtm_nexthop_params - what RTM_IOC_NEXTHOP_ADD sets
 * @addr: address bits, validated by the caller
 * @prefix_len: bits of @addr
 * @ifindex: interface index
 * @nh_flags: RTMv2 flags
 * @entity_info: owner-private value
 */
struct rtm_nexthop_params {
	const u8 *addr;
	u8 prefix_len;
	u32 ifindex;
	u16 nh_flags;
	u64 entity_info;
};

struct rtm_nh *rtm_nexthop_find(struct rtm_entity *owner,
				const struct rtm_nexthop_params *params);
int rtm_nexthop_add(struct rtm_entity *owner, struct rtm_nh *nh,
		    const struct rtm_nexthop_params *params,
		    struct rtm_nh **result, bool *created);
void rtm_nexthop_unlink(struct rtm_nh *nh);

long rtm_own_nexthop(struct rtm_file *file, u64 handle, struct rtm_nh **result);
long rtm_nexthop_add_ioctl(struct rtm_file *file, struct rtm_nexthop *req);
long rtm_nexthop_delete_ioctl(struct rtm_file *file, struct rtm_nexthop *req);
long rtm_nexthop_info_ioctl(struct rtm_file *file, struct rtm_nexthop_info *req);

#endif /* _RTM_NEXTHOP_H */
