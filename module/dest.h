/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Destinations: the prefixes of a table and the ranked routes on them.
 */
#ifndef _RTM_DEST_H
#define _RTM_DEST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#include "instance.h"
#include "obj.h"
#include "trie.h"

struct rtm_rt;

/**
 * struct rtm_dest - one prefix of a table
 * @obj: handle header; the trie holds a reference while the destination is
 *	in it, each route on it holds one
 * @table: its table
 * @routes: its routes (&rtm_rt.dest_node), best first: lower preference,
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

struct rtm_dest *rtm_dest_lookup(struct rtm_table *table, const u8 *key,
				 u8 prefix_len);
struct rtm_dest *rtm_dest_create(struct rtm_table *table, const u8 *key,
				 u8 prefix_len);
int rtm_dest_publish(struct rtm_dest *dest);
void rtm_dest_insert_route(struct rtm_dest *dest, struct rtm_rt *route);
void rtm_dest_remove_route(struct rtm_dest *dest, struct rtm_rt *route);
u32 rtm_dest_update_best(struct rtm_dest *dest);

#endif /* _RTM_DEST_H */
