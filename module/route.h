/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Routes: what an entity adds to a destination, and adding, updating and
 * deleting them.
 */
#ifndef _RTM_ROUTE_H
#define _RTM_ROUTE_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#include "dest.h"
#include "entity.h"
#include "file.h"
#include "handles.h"

/* RTMv2 RTM_ROUTE_STATE_* */
#define RTM_ROUTE_STATE_CREATED	0
#define RTM_ROUTE_STATE_DELETED	2

/**
 * struct rtm_rt - a route (of one entity to one destination)
 * @obj: handle header; the destination's list holds a reference while the
 *	route is live
 * @dest: its destination (a reference)
 * @owner: its entity (a reference)
 * @neighbour: next hop it was learnt from (a reference), or NULL
 * @dest_node: in &rtm_dest.routes while live
 * @owner_node: in &rtm_entity.routes while live
 * @metric: RTMv2 PrefInfo.Metric
 * @preference: RTMv2 PrefInfo.Preference
 * @views: views it belongs to
 * @route_flags: RTMv2 RTM_ROUTE_FLAGS_*
 * @state: RTM_ROUTE_STATE_*
 * @num_nexthops: used entries of @nexthops
 * @entity_info: the owner's private value
 * @nexthops: its next hops (references); read under RCU, each slot on
 *	its own
 * @rcu: frees after RCU readers
 *
 * Fields that change on update are written with WRITE_ONCE under the
 * instance lock and read with READ_ONCE by RCU readers: a reader may see
 * a mix of old and new values of one update, never a freed object.
 */
struct rtm_rt {
	struct rtm_obj obj;
	struct rtm_dest *dest;
	struct rtm_entity *owner;
	struct rtm_nh *neighbour;
	struct list_head dest_node;
	struct list_head owner_node;
	u32 metric;
	u32 preference;
	u32 views;
	u16 route_flags;
	u8 state;
	u8 num_nexthops;
	u64 entity_info;
	struct rtm_nh __rcu *nexthops[RTM_MAX_NEXTHOPS];
	struct rcu_head rcu;
};

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

long rtm_route_add_ioctl(struct rtm_file *file, struct rtm_route *req);
long rtm_route_add_bulk_record(struct rtm_file *file,
			       const struct rtm_bulk_route *rec);
long rtm_route_delete_ioctl(struct rtm_file *file, struct rtm_route *req);
long rtm_route_info_ioctl(struct rtm_file *file, struct rtm_route_info *req);

#endif /* _RTM_ROUTE_H */
