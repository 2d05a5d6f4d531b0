/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Adding, updating and deleting routes.
 */
#ifndef _RTM_ROUTE_H
#define _RTM_ROUTE_H

#include "dest.h"
#include "entity.h"
#include "handles.h"

/**
 * struct rtm_route_params - what RTM_IOC_ROUTE_ADD sets on a route
 * @metric: RTMv2 PrefInfo.Metric
 * @preference: RTMv2 PrefInfo.Preference
 * @views: views, a non-empty subset of %RTM_VIEWS_SUPPORTED
 * @route_flags: RTMv2 route flags
 * @num_nexthops: used entries of @nexthops
 * @entity_info: owner-private value
 * @neighbour: next hop the route was learnt from, or NULL
 * @nexthops: next hops of the owner
 *
 * Next hop pointers are borrowed from the caller, who holds handles to them.
 */
struct rtm_route_params {
	u32 metric;
	u32 preference;
	u32 views;
	u16 route_flags;
	u8 num_nexthops;
	u64 entity_info;
	struct rtm_nh *neighbour;
	struct rtm_nh *nexthops[RTM_MAX_NEXTHOPS];
};

/**
 * struct rtm_route_target - which route RTM_IOC_ROUTE_ADD adds or updates
 * @key: destination prefix bits
 * @prefix_len: destination prefix length
 * @route: the route to update, or NULL
 * @change_flags: %RTM_ROUTE_CHG_NEW or %RTM_ROUTE_CHG_FIRST from the caller
 */
struct rtm_route_target {
	const u8 *key;
	u8 prefix_len;
	struct rtm_rt *route;
	u32 change_flags;
};

int rtm_route_add(struct rtm_entity *owner, const struct rtm_route_target *target,
		  const struct rtm_route_params *params,
		  struct rtm_handles *want_handle, u32 *change_flags,
		  struct rtm_rt **result);
void rtm_route_unlink(struct rtm_rt *route, u32 *change_flags);

#endif /* _RTM_ROUTE_H */
