// SPDX-License-Identifier: GPL-2.0
/*
 * Destinations: ranking routes and keeping each view's best one.
 *
 * All writers hold the instance lock. Readers (enumeration, lookups) walk
 * the trie and the route lists under RCU and take references with
 * rtm_obj_tryget() on what they keep.
 */
#include <linux/lockdep.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "dest.h"
#include "route.h"
#include "stats.h"
#include "table.h"

/* 100 ns intervals between 1601-01-01 and 1970-01-01 */
#define RTM_FILETIME_UNIX_EPOCH	116444736000000000ULL

static u64 rtm_filetime_now(void)
{
	return div_u64(ktime_get_real_ns(), 100) + RTM_FILETIME_UNIX_EPOCH;
}

static void rtm_dest_free(struct rtm_obj *obj)
{
	struct rtm_dest *dest = container_of(obj, struct rtm_dest, obj);

	rtm_stat_add(RTM_STAT_DESTS, -1);
	kfree_rcu(dest, rcu);
}

/**
 * rtm_dest_lookup() - the destination of an exact prefix
 * @table: the table
 * @key: prefix bits
 * @prefix_len: prefix length
 *
 * Context: instance lock held, which keeps the result alive.
 * Return: the destination (no reference taken) or NULL.
 */
struct rtm_dest *rtm_dest_lookup(struct rtm_table *table, const u8 *key,
				 u8 prefix_len)
{
	struct rtm_dest *dest;

	lockdep_assert_held(table->writer_lock);
	/* The trie's read side checks for an RCU section; writers are readers too. */
	rcu_read_lock();
	dest = rtm_trie_lookup_exact(&table->trie, key, prefix_len);
	rcu_read_unlock();
	return dest;
}

/**
 * rtm_dest_create() - a new destination, not yet in the table
 * @table: the table it will join
 * @key: prefix bits
 * @prefix_len: prefix length
 *
 * Return: the destination with one reference (the trie's once published),
 * or NULL.
 */
struct rtm_dest *rtm_dest_create(struct rtm_table *table, const u8 *key,
				 u8 prefix_len)
{
	struct rtm_dest *dest = rtm_obj_new(dest, RTM_HANDLE_DEST, rtm_dest_free,
					    RTM_STAT_DESTS);

	if (IS_ERR(dest))
		return NULL;
	dest->table = table;
	INIT_LIST_HEAD(&dest->routes);
	memcpy(dest->key, key, table->addr_bytes);
	dest->prefix_len = prefix_len;
	return dest;
}

/**
 * rtm_dest_publish() - put a destination with its first route in its table
 * @dest: from rtm_dest_create(), routes already inserted
 *
 * Context: instance lock held.
 * Return: 0 or -ENOMEM.
 */
int rtm_dest_publish(struct rtm_dest *dest)
{
	lockdep_assert_held(dest->table->writer_lock);
	return rtm_table_insert(dest->table, dest, dest->key, dest->prefix_len);
}

static bool rtm_route_ranks_before(const struct rtm_rt *a,
				   const struct rtm_rt *b)
{
	if (a->preference != b->preference)
		return a->preference < b->preference;
	return a->metric < b->metric;
}

/**
 * rtm_dest_insert_route() - place a route in rank order
 * @dest: its destination
 * @route: a route not on any destination list
 *
 * Equal routes keep their age order: the new one goes after them.
 *
 * Context: instance lock held.
 */
void rtm_dest_insert_route(struct rtm_dest *dest, struct rtm_rt *route)
{
	struct list_head *pos = &dest->routes;
	struct rtm_rt *other;

	lockdep_assert_held(dest->table->writer_lock);
	list_for_each_entry(other, &dest->routes, dest_node) {
		if (rtm_route_ranks_before(route, other)) {
			pos = &other->dest_node;
			break;
		}
	}
	list_add_tail_rcu(&route->dest_node, pos);
}

/**
 * rtm_dest_remove_route() - take a route off its destination
 * @dest: its destination
 * @route: a route on @dest's list
 *
 * Context: instance lock held.
 */
void rtm_dest_remove_route(struct rtm_dest *dest, struct rtm_rt *route)
{
	lockdep_assert_held(dest->table->writer_lock);
	list_del_rcu(&route->dest_node);
}

/**
 * rtm_dest_update_best() - recompute per-view best routes and counts
 * @dest: the destination, after its route list changed
 *
 * Context: instance lock held.
 * Return: the mask of the views whose best route changed.
 */
u32 rtm_dest_update_best(struct rtm_dest *dest)
{
	struct rtm_rt *best[RTM_NUM_VIEWS] = {};
	u32 num_routes[RTM_NUM_VIEWS] = {};
	struct rtm_rt *route;
	u32 views = 0, changed = 0;
	int v;

	lockdep_assert_held(dest->table->writer_lock);
	list_for_each_entry(route, &dest->routes, dest_node) {
		views |= route->views;
		for (v = 0; v < RTM_NUM_VIEWS; v++) {
			if (!(route->views & BIT(v)))
				continue;
			num_routes[v]++;
			if (!best[v])
				best[v] = route;
		}
	}
	for (v = 0; v < RTM_NUM_VIEWS; v++) {
		if (rcu_access_pointer(dest->best[v]) != best[v]) {
			rcu_assign_pointer(dest->best[v], best[v]);
			changed |= BIT(v);
		}
		WRITE_ONCE(dest->num_routes[v], num_routes[v]);
	}
	WRITE_ONCE(dest->views, views);
	WRITE_ONCE(dest->last_changed, rtm_filetime_now());
	return changed;
}
