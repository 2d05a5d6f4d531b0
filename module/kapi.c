// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel API of rtm (include/net/rtm.h): lookups for forwarding
 * code, references on destinations, and the change notifier.
 *
 * Lookups are RCU readers like the enumeration: they follow the index and
 * a destination's best-route pointers and copy out what a forwarder needs,
 * with no lock, no reference and no write to shared memory, so they scale
 * with the readers and never wait for a writer.
 *
 * Notifications go out from the writers (route.c), under the instance lock
 * and after the change is visible to readers; a consumer that looks the
 * destination up from its callback sees the new state.
 */
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/lockdep.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "kapi.h"
#include "nexthop.h"
#include "route.h"
#include "table.h"

static BLOCKING_NOTIFIER_HEAD(rtm_dest_chain);

/* Zero the bits of @key from bit @len on; @key has @bytes bytes. */
static void rtm_kapi_mask(u8 *key, unsigned int len, unsigned int bytes)
{
	unsigned int i = len / 8;

	if (i >= bytes)
		return;
	key[i] &= 0xff00 >> (len % 8);
	memset(key + i + 1, 0, bytes - i - 1);
}

/* Copy out the best route of @view (checked by the caller). */
static int rtm_fwd_fill(struct rtm_dest *dest, u32 view,
			struct rtm_fwd_result *res)
{
	const struct rtm_rt *route = rcu_dereference(dest->best[view]);
	unsigned int i, n, used = 0;

	if (!route)
		return -ENOENT;
	res->dest = dest;
	res->prefix_len = dest->prefix_len;
	res->metric = READ_ONCE(route->metric);
	res->preference = READ_ONCE(route->preference);
	n = min_t(unsigned int, READ_ONCE(route->num_nexthops),
		  RTM_MAX_NEXTHOPS);
	for (i = 0; i < n; i++) {
		/*
		 * An update rewrites the array and the count separately, so a
		 * reader may meet an empty slot; what it does find stays
		 * valid until its RCU section ends (next hops are freed with
		 * kfree_rcu()).
		 */
		const struct rtm_nh *nh = rcu_dereference(route->nexthops[i]);
		struct rtm_fwd_nexthop *out = &res->nexthops[used];

		if (!nh)
			continue;
		BUILD_BUG_ON(sizeof(nh->addr) != sizeof(out->addr));
		memcpy(out->addr, nh->addr, sizeof(out->addr));
		out->ifindex = nh->ifindex;
		out->flags = READ_ONCE(nh->nh_flags);
		used++;
	}
	res->num_nexthops = used;
	return 0;
}

/*
 * The index finds the longest destination with a route in any view; when
 * it has none in @view (multicast-only routes, or it is just losing its
 * last one) try each shorter length in turn. Rare, hence kept out of line.
 */
static noinline int rtm_fib_lookup_shorter(const struct rtm_table *table,
					   const u8 *addr, unsigned int len,
					   u32 view, struct rtm_fwd_result *res)
{
	u8 key[RTM_TRIE_MAX_KEY_BYTES] = {};
	struct rtm_dest *dest;

	memcpy(key, addr, table->addr_bytes);
	rtm_kapi_mask(key, len, table->addr_bytes);
	while (len--) {
		key[len / 8] &= ~(0x80 >> (len % 8));
		dest = rtm_trie_lookup_exact(&table->trie, key, len);
		if (dest && !rtm_fwd_fill(dest, view, res))
			return 0;
	}
	return -ENOENT;
}

/**
 * rtm_table_fib_lookup() - rtm_fib_lookup() on one table
 * @table: the table
 * @addr: a full address, @table->addr_bytes bytes
 * @view: RTM_VIEW_UCAST or RTM_VIEW_MCAST
 * @res: the result
 *
 * Context: rcu_read_lock() held.
 * Return: 0, -ENOENT or -EINVAL, as rtm_fib_lookup().
 */
int rtm_table_fib_lookup(const struct rtm_table *table, const u8 *addr,
			 u32 view, struct rtm_fwd_result *res)
{
	struct rtm_dest *dest;

	if (unlikely(view >= RTM_NUM_VIEWS))
		return -EINVAL;
	dest = rtm_table_lookup_longest(table, addr);
	if (unlikely(!dest))
		return -ENOENT;
	if (likely(!rtm_fwd_fill(dest, view, res)))
		return 0;
	return rtm_fib_lookup_shorter(table, addr, dest->prefix_len, view, res);
}

/**
 * rtm_table_dest_exact() - rtm_dest_lookup_exact() on one table
 * @table: the table
 * @addr: the prefix; bits past @prefix_len are ignored
 * @prefix_len: its length
 *
 * Context: rcu_read_lock() held.
 * Return: the destination or NULL.
 */
struct rtm_dest *rtm_table_dest_exact(const struct rtm_table *table,
				      const u8 *addr, u8 prefix_len)
{
	u8 key[RTM_TRIE_MAX_KEY_BYTES] = {};

	if (prefix_len > table->addr_bytes * 8)
		return NULL;
	memcpy(key, addr, table->addr_bytes);
	rtm_kapi_mask(key, prefix_len, table->addr_bytes);
	return rtm_trie_lookup_exact(&table->trie, key, prefix_len);
}

static const struct rtm_table *rtm_kapi_table(struct net *net, u16 family)
{
	return rtm_instance_table(rtm_instance_of(net), family);
}

/**
 * rtm_fib_lookup() - forwarding lookup: longest prefix match in one view
 * @net: the namespace whose table to search
 * @family: AF_INET or AF_INET6
 * @addr: the address, 4 or 16 bytes in network order
 * @view: %RTM_VIEW_UCAST or %RTM_VIEW_MCAST
 * @res: receives the longest destination covering @addr that has a route
 *	in @view, and that route's prefix length, metric, preference and next
 *	hops; untouched fields keep what the caller put there
 *
 * This is the per-packet path: it takes no lock and no reference and
 * writes nothing shared. @res->dest is valid until rcu_read_unlock();
 * rtm_dest_hold() keeps it longer. A lookup concurrent with a change of
 * the table returns the state before or after it.
 *
 * Context: Any context, rcu_read_lock() held by the caller; @net is alive.
 * Return: 0 on a match, -ENOENT when no destination with a route in @view
 * covers @addr, -EAFNOSUPPORT for another @family, -EINVAL for a @view
 * rtm does not keep.
 */
int rtm_fib_lookup(struct net *net, u16 family, const void *addr, u32 view,
		   struct rtm_fwd_result *res)
{
	const struct rtm_table *table = rtm_kapi_table(net, family);

	if (unlikely(!table))
		return -EAFNOSUPPORT;
	return rtm_table_fib_lookup(table, addr, view, res);
}
EXPORT_SYMBOL_GPL(rtm_fib_lookup);

/**
 * rtm_dest_lookup_longest() - the longest destination covering an address
 * @net: the namespace
 * @family: AF_INET or AF_INET6
 * @addr: the address, 4 or 16 bytes in network order
 *
 * Every destination in the table has at least one route, in some view.
 *
 * Context: Any context, rcu_read_lock() held by the caller.
 * Return: the destination (no reference: valid until rcu_read_unlock(),
 * unless rtm_dest_hold() succeeds on it), or NULL when none covers @addr
 * or @family is neither AF_INET nor AF_INET6.
 */
struct rtm_dest *rtm_dest_lookup_longest(struct net *net, u16 family,
					 const void *addr)
{
	const struct rtm_table *table = rtm_kapi_table(net, family);

	return table ? rtm_table_lookup_longest(table, addr) : NULL;
}
EXPORT_SYMBOL_GPL(rtm_dest_lookup_longest);

/**
 * rtm_dest_lookup_exact() - the destination of one prefix
 * @net: the namespace
 * @family: AF_INET or AF_INET6
 * @addr: the prefix, 4 or 16 bytes in network order; bits past
 *	@prefix_len are ignored
 * @prefix_len: its length in bits
 *
 * Context: Any context, rcu_read_lock() held by the caller.
 * Return: the destination (no reference, as rtm_dest_lookup_longest()), or
 * NULL when the table has no such prefix, @prefix_len is too long for
 * @family or @family is neither AF_INET nor AF_INET6.
 */
struct rtm_dest *rtm_dest_lookup_exact(struct net *net, u16 family,
				       const void *addr, u8 prefix_len)
{
	const struct rtm_table *table = rtm_kapi_table(net, family);

	return table ? rtm_table_dest_exact(table, addr, prefix_len) : NULL;
}
EXPORT_SYMBOL_GPL(rtm_dest_lookup_exact);

/**
 * rtm_dest_fwd_info() - the best route of a destination in one view
 * @dest: a destination found under this RCU section, or held
 * @view: %RTM_VIEW_UCAST or %RTM_VIEW_MCAST
 * @res: receives what rtm_fib_lookup() returns, for @dest itself
 *
 * A held destination that left its table (it lost its last route, or its
 * namespace is gone) has no route in any view.
 *
 * Context: Any context, rcu_read_lock() held by the caller.
 * Return: 0, -ENOENT when @dest has no route in @view, -EINVAL for a @view
 * rtm does not keep.
 */
int rtm_dest_fwd_info(struct rtm_dest *dest, u32 view,
		      struct rtm_fwd_result *res)
{
	if (unlikely(view >= RTM_NUM_VIEWS))
		return -EINVAL;
	return rtm_fwd_fill(dest, view, res);
}
EXPORT_SYMBOL_GPL(rtm_dest_fwd_info);

/**
 * rtm_dest_hold() - keep a destination beyond the RCU read section
 * @dest: a destination found under the caller's RCU section, or held
 *
 * The reference keeps the object, not its place in the table: it may
 * lose its routes meanwhile, which rtm_dest_fwd_info() then reports.
 *
 * Context: Any context; rcu_read_lock() held unless the caller already
 * holds a reference.
 * Return: true with a reference taken, to give back with rtm_dest_put();
 * false when @dest is already being freed (it may only be used until
 * rcu_read_unlock()).
 */
bool rtm_dest_hold(struct rtm_dest *dest)
{
	return rtm_obj_tryget(&dest->obj);
}
EXPORT_SYMBOL_GPL(rtm_dest_hold);

/**
 * rtm_dest_put() - give back a reference from rtm_dest_hold()
 * @dest: the destination
 *
 * Context: Process context: the last reference removes the object's id,
 * under a lock that is not taken with interrupts or bottom halves off.
 * Does not sleep.
 */
void rtm_dest_put(struct rtm_dest *dest)
{
	rtm_obj_put(&dest->obj);
}
EXPORT_SYMBOL_GPL(rtm_dest_put);

/**
 * rtm_register_notifier() - receive destination change events
 * @nb: the callback; ->notifier_call gets an enum rtm_dest_event and a
 *	struct rtm_dest_notifier_info
 *
 * Events of every namespace go to every callback. Callbacks run in process
 * context with the writing namespace's instance lock held, after the
 * change is visible to lookups. They may look up, rtm_dest_hold() and
 * rtm_dest_put(), and sleep briefly; they must not add or delete routes
 * (through /dev/rtm or otherwise) nor register or unregister notifiers:
 * either deadlocks. Existing destinations are not replayed.
 *
 * Context: Process context; sleeps. Not from a callback.
 * Return: 0, or -EEXIST if @nb is already registered.
 */
int rtm_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&rtm_dest_chain, nb);
}
EXPORT_SYMBOL_GPL(rtm_register_notifier);

/**
 * rtm_unregister_notifier() - stop receiving destination change events
 * @nb: a callback given to rtm_register_notifier()
 *
 * When this returns, @nb is not running and will not be called again.
 *
 * Context: Process context; sleeps. Not from a callback.
 * Return: 0, or -ENOENT if @nb was not registered.
 */
int rtm_unregister_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&rtm_dest_chain, nb);
}
EXPORT_SYMBOL_GPL(rtm_unregister_notifier);

/**
 * rtm_kapi_dest_event() - call the notifier chain for one event
 * @net: the destination's namespace
 * @dest: the destination
 * @event: what happened to it
 * @views: the views concerned
 *
 * Context: Process context, instance lock held (event.c).
 */
void rtm_kapi_dest_event(struct net *net, struct rtm_dest *dest,
			 enum rtm_dest_event event, u32 views)
{
	struct rtm_dest_notifier_info info = {
		.net = net,
		.family = dest->table->family,
		.prefix_len = dest->prefix_len,
		.views = views,
		.dest = dest,
	};

	memcpy(info.addr, dest->key, dest->table->addr_bytes);
	blocking_notifier_call_chain(&rtm_dest_chain, event, &info);
}
