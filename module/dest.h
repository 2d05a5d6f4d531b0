/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Destinations and the routes on them.
 */
#ifndef _RTM_DEST_H
#define _RTM_DEST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#include "instance.h"
#include "obj.h"
#include "trie.h"

struct rtm_entity;
struct rtm_nh;

/* RTMv2 RTM_ROUTE_STATE_* */
#define RTM_ROUTE_STATE_CREATED	0
#define RTM_ROUTE_STATE_DELETED	2

/**
 * struct rtm_dest - one prefix of a table
 * @obj: handle header; the trie holds a reference while the destination is
 *	in it, each route on it holds one
 * @table: its table
 * @routes: its routes (&rtm_route.dest_node), best first: lower preference,
 *	then lower metric, then older. Written under the instance lock, read
 *	under RCU.
 * @best: per view, the first route of @routes in that view
 * @num_routes: per view, routes in that view
 * @views: views of all its routes
 * @last_changed: time of the last change, Windows FILETIME units
 * @prefix_len: prefix length
 * @key: prefix bits, @table->addr_bytes of them
 * @rcu: frees after RCU readers
 *
 * A destination is in its table's trie exactly while it has routes.
 */
struct rtm_dest {
	struct rtm_obj obj;
	struct rtm_table *table;
	struct list_head routes;
	struct rtm_rt __rcu *best[RTM_NUM_VIEWS];
	u32 num_routes[RTM_NUM_VIEWS];
	u32 views;
	u64 last_changed;
	u8 prefix_len;
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	struct rcu_head rcu;
};

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
 * @nexthops: its next hops (references)
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
	struct rtm_nh *nexthops[RTM_MAX_NEXTHOPS];
	struct rcu_head rcu;
};

struct rtm_dest *rtm_dest_lookup(struct rtm_table *table, const u8 *key,
				 u8 prefix_len);
struct rtm_dest *rtm_dest_create(struct rtm_table *table, const u8 *key,
				 u8 prefix_len);
int rtm_dest_publish(struct rtm_dest *dest);
void rtm_dest_insert_route(struct rtm_dest *dest, struct rtm_rt *route);
void rtm_dest_remove_route(struct rtm_dest *dest, struct rtm_rt *route);
u32 rtm_dest_update_best(struct rtm_dest *dest);

#endif /* _RTM_DEST_H */
